"""Scanned tables without vertical ruling lines: horizontal rules only, or no lines at all.

The OCR grid finder needs vertical lines; without them a scanned table is only words on the
page. Here the page is read whole (``--psm 3``), its words are put on visual lines (by
height, whatever block Tesseract put them in), one segment per word, exactly the word lines
the text-layer reader hands the river finder (``pdf_rivers``): columns are the white rivers
under a recognised header, rows come from the horizontal rules found in the image or from
the number column. That column is read again cell by cell (``ocr_numbers``): the page's
read drops or garbles its short tokens. Smudge words (low confidence, tiny or without a
letter) are left out, so they cannot fill a river. The words the tables used are taken
out of the body text.
"""

from __future__ import annotations

import statistics
import unicodedata
from concurrent.futures import Future

from .ocr_glyphs import count_stems, fix_i_runs, has_flag
from .ocr_grid import INK_MAX, horizontal_rules
from .ocr_numbers import reread_numbers
from .ocr_text import Word
from .page_layout import Grid, Line, Segment
from .pdf_rivers import river_tables_across

NOISE_CONF = 30.0  # a word read with less confidence (0-100) …
SPECK_HEIGHT = 0.4  # … and less tall than this share of the page's words is a speck
_LETTER_OR_DIGIT = ("Lu", "Ll", "Lt", "Nd")


def _noise(w: Word, height: float) -> bool:
    """A word made of a smudge or speck: read with little confidence and either tiny or
    without a single letter or digit (a lone "ˆ" or "~" of blur). Left in, it would cover
    the white river between two columns."""
    if w.conf >= NOISE_CONF or w.text in ('"', "“", "”"):
        return False
    if w.height < SPECK_HEIGHT * height:
        return True
    return not any(unicodedata.category(ch) in _LETTER_OR_DIGIT for ch in w.text)


def word_lines(words: list[Word], scale: float) -> tuple[list[Line], list[list[Word]]]:
    """Visual lines of single-word segments (points), top to bottom, and their words."""
    usable = [w for w in words if w.text.strip("|¦_~` ") and any(ch.isalnum() or ch in "\"“”-" for ch in w.text)]
    if usable:
        height = statistics.median(w.height for w in usable)
        usable = [w for w in usable if not _noise(w, height)]
    usable.sort(key=lambda w: (w.top + w.bottom) / 2)
    groups: list[list[Word]] = []
    for w in usable:
        mid = (w.top + w.bottom) / 2
        if groups:
            g = groups[-1]
            top = statistics.median(x.top for x in g)
            bottom = statistics.median(x.bottom for x in g)
            if top <= mid <= bottom:
                g.append(w)
                continue
        groups.append([w])
    lines: list[Line] = []
    kept: list[list[Word]] = []
    for g in groups:
        g.sort(key=lambda w: w.left)
        size = statistics.median(w.height for w in g) * scale
        segs = [Segment(w.text, w.left * scale, w.right * scale, w.top * scale, w.bottom * scale, size) for w in g]
        lines.append(Line(segs, min(w.top for w in g) * scale, max(w.bottom for w in g) * scale, size))
        kept.append(g)
    return lines, kept


INK_LEVEL = INK_MAX + 1
_ONE_LIKE = {"1", "l", "|", "1.", "l."}


def _section_ones(words: list[Word], ink) -> list[Word]:
    """A line's first word read "1" that is one plain stem without the flag of a "1" is the
    section numeral "I" (as the grid finder decides it for a cell)."""
    firsts: dict[tuple[int, int, int], Word] = {}
    for w in words:
        if w.line not in firsts or w.left < firsts[w.line].left:
            firsts[w.line] = w
    out = []
    for w in words:
        if firsts.get(w.line) is w and w.text in _ONE_LIKE:
            glyph = ink[max(0, w.top) : w.bottom, max(0, w.left) : w.right]
            if count_stems(glyph) == 1 and not has_flag(glyph):
                w = Word("I" + w.text[1:], w.left, w.top, w.width, w.height, w.conf, w.line)
        out.append(w)
    return out


def _edges(rules: list[tuple[float, float, float]], scale: float) -> list[dict]:
    """Horizontal rules (y, x0, x1 in pixels) as pdfplumber-like edges in points."""
    return [{"x0": x0 * scale, "x1": x1 * scale, "top": y * scale, "bottom": y * scale} for y, x0, x1 in rules]


class OcrRiverFinder:
    """Tables of a scanned page without vertical lines (``table_finders`` interface)."""

    name = "ocr-rivers"

    def find(self, page) -> list[Grid]:  # page: ocr.ScanPage
        from .ocr import _ocr_images

        scale = 72.0 / page.dpi
        words = _ocr_images([page.body], page.work, "page", psm=3, dpi=page.dpi).get(0, [])
        ink = page.body < INK_LEVEL
        words = _section_ones(fix_i_runs(words, ink), ink)
        lines, groups = word_lines(words, scale)
        words = reread_numbers(words, groups, page.body, page.work, page.dpi)
        lines, groups = word_lines(words, scale)
        rules = horizontal_rules(page.ink, page.dpi, page.gray)
        found, _ = river_tables_across(lines, _edges(rules, scale), page.body.shape[1] * scale, None)
        if not found:
            done: Future = Future()
            done.set_result({0: words})
            page.body_ocr = (page.body.copy(), done)  # the body's words are read already
            return []
        used = {id(w) for i, j, _ in found for g in groups[i:j] for w in g}
        rest: Future = Future()
        rest.set_result({0: [w for w in words if id(w) not in used]})
        page.body_ocr = (page.body.copy(), rest)
        return [g for _, _, g in found]
