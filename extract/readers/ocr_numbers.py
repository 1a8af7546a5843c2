"""The number column of a scanned table without vertical lines, read again cell by cell.

A page read whole (``--psm 3``) loses the short tokens of a table's first column: a lone
"1" or "II" far left of its row's text is dropped as noise (the TT header with it, when
the column stands apart), or read as a letter ("D2", "K:", "h") once the page is skewed,
blurred or noisy. Yet the river finder tells rows apart by that column. So under a
header line naming the number column (TT/STT, read again from the ink left of the header
when it was lost), each line's part left of the content column is cut out of the image
(the other words and any horizontal rule painted white) and read alone, as a line and
as a word, restricted to the characters of row numbers; a run of plain stems is counted
as I's (``ocr_glyphs``). Of the readings, the one that continues the column's numbering
wins ("2" after "1"), else the one most readings agree on. The page's words there are
replaced only by a row number.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from pathlib import Path

import numpy as np

from ..header_words import fields_in
from .ocr_glyphs import count_stems, has_flag
from .ocr_grid import INK_MAX, _runs_mask, despeckle
from .ocr_text import Word

_TT = "tt"
# What a row number is made of: Arabic and Roman numerals, subitem letters, their punctuation.
WHITELIST = "0123456789IVXabcdđe.)"
# A subitem letter only with its stop or bracket ("a)"): a lone letter is more often a speck.
ROW_NUMBER = re.compile(r"^(?:(?:[IVX]+|\d{1,2}(?:\.\d{1,2}){0,3})[.)]?|[a-eđ][.)])$")
READ_PSMS = (7, 8)  # each number cell is read as a line and as a word
HEADER_SEARCH = 0.6  # the header is looked for in this top share of the page's lines
MIN_INK = 25  # dark pixels a number cell holds at least (a "1" at 200 dpi has ~80)
SPECK_RADIUS = 1  # despeckle: a dark pixel needs this neighbourhood …
SPECK_COUNT = 3  # … to hold this many dark pixels (scanner noise is single pixels)
GAP_EM = 0.25  # the strip ends this many text heights before the content column
CELL_SCALE = 2 / 3  # read at this share of the page render (a cell reads best at ~200 dpi)
BORDER_EM = 0.6  # white border round the cut-out, in text heights
RULE_EM = 1.2  # a straight horizontal run of ink this many text heights long is a rule, not a digit
GLYPH_MIN = 0.45  # a number is at least this share of its line's word height tall
MIN_CONF = 20.0  # readings below this confidence are noise


def _header(groups: list[list[Word]]) -> tuple[int, Word] | None:
    """(line index, TT word) of the first line naming the number column and two more fields."""
    top = max(1, int(HEADER_SEARCH * len(groups)) + 1)
    for i, g in enumerate(groups[:top]):
        text = unicodedata.normalize("NFC", " ".join(w.text for w in g))
        if _TT not in fields_in(text) or len(fields_in(text)) < 3:
            continue
        for w in g:
            if _TT in fields_in(w.text):
                return i, w
    return None


def _lost_header(groups: list[list[Word]], ink: np.ndarray, gray: np.ndarray, work: Path,
                 dpi: int) -> tuple[int, Word] | None:
    """(line index, TT word) when the page's read lost the number column's header too: the
    first line naming two fields has ink left of its first word that reads as TT/STT."""
    from .ocr import _ocr_images, _scaled

    top = max(1, int(HEADER_SEARCH * len(groups)) + 1)
    for i, g in enumerate(groups[:top]):
        if len(fields_in(unicodedata.normalize("NFC", " ".join(w.text for w in g)))) < 2:
            continue
        h = statistics.median(w.height for w in g)
        first = min(g, key=lambda w: w.left)
        pad = int(0.2 * h)
        y0, y1 = max(0, min(w.top for w in g) - pad), max(w.bottom for w in g) + pad
        cell = despeckle(ink[y0:y1, : max(0, int(first.left - GAP_EM * h))], SPECK_RADIUS, SPECK_COUNT)
        if int(cell.sum()) < MIN_INK:
            return None
        ys, xs = np.nonzero(cell)
        x0, x1, cy0, cy1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
        crop = gray[y0 + cy0: y0 + cy1, x0:x1].copy()
        crop[~cell[cy0:cy1, x0:x1]] = 255
        image = _scaled(np.pad(crop, int(BORDER_EM * h), constant_values=255), CELL_SCALE)
        ws = _ocr_images([image], work, "tt", psm=7, dpi=int(dpi * CELL_SCALE)).get(0, [])
        text = " ".join(w.text for w in ws)
        if _TT not in fields_in(unicodedata.normalize("NFC", text)):
            return None
        return i, Word(text, x0, y0 + cy0, x1 - x0, cy1 - cy0, min(w.conf for w in ws), first.line)
    return None


def _strip(groups: list[list[Word]], i: int, tt: Word) -> tuple[int, int] | None:
    """The number column's x range (pixels): from as far left of the TT header as its next
    header word is right of it, to just before the content column's text."""
    right = [w.left for w in groups[i] if w.left > tt.right]
    if not right:
        return None
    nxt = min(right)
    h = statistics.median(w.height for w in groups[i])
    # The content column's left edge: where its lines start (a header word may be centred).
    starts = [min((w.left for w in g if w.left > tt.right), default=nxt) for g in groups[i + 1:]]
    content = min(nxt, int(np.percentile(starts, 10))) if starts else nxt
    x1 = int(content - GAP_EM * h)
    x0 = max(0, tt.left - (nxt - tt.right))
    return (x0, x1) if x1 - x0 > h / 2 else None


def reread_numbers(words: list[Word], groups: list[list[Word]], gray: np.ndarray, work: Path,
                   dpi: int) -> list[Word]:
    """``words`` with the number column of a TT-headed table read again, cell by cell.

    ``groups`` are the page's visual lines of words (``ocr_rivers.word_lines``)."""
    from .ocr import _ocr_images, _scaled

    ink = gray <= INK_MAX
    head = _header(groups)
    if head is None:
        head = _lost_header(groups, ink, gray, work, dpi)
        if head is None:
            return words
        words = [*words, head[1]]
        groups = [*groups[:head[0]], [*groups[head[0]], head[1]], *groups[head[0] + 1:]]
    i, tt = head
    strip = _strip(groups, i, tt)
    if strip is None:
        return words
    x0, x1 = strip
    jobs: list[tuple[list[Word], tuple[int, int, int, int], np.ndarray, np.ndarray]] = []
    for g in groups[i + 1:]:
        h = statistics.median(w.height for w in g)
        if jobs and any(w.left < x1 and w.right > x1 + h for w in g):
            break  # a line across the column boundary: prose (the signature block) again
        inside = [w for w in g if w.left >= x0 - h and (w.left + w.right) / 2 < x1]
        others = [w for w in g if w not in inside]
        top = min(w.top for w in g)
        bottom = max(w.bottom for w in g)
        pad = int(0.2 * h)
        y0, y1 = max(0, top - pad), bottom + pad
        cell = ink[y0:y1, x0:x1].copy()
        for w in others:  # the ink of words reaching into the strip is theirs
            cell[max(0, w.top - pad - y0): max(0, w.bottom + pad - y0),
                 max(0, w.left - x0 - 1): max(0, w.right - x0 + 1)] = False
        cell = despeckle(cell, SPECK_RADIUS, SPECK_COUNT)
        cell &= ~_runs_mask(cell, max(3, int(RULE_EM * h)), 1)  # a horizontal rule through the strip
        if int(cell.sum()) < MIN_INK:
            continue
        ys, xs = np.nonzero(cell)
        if ys.max() - ys.min() + 1 < GLYPH_MIN * h:
            continue  # tone marks or serifs of the line below, not a number
        box = (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
        crop = gray[box[1]:box[3], box[0]:box[2]].copy()
        crop[~cell[box[1] - y0:box[3] - y0, box[0] - x0:box[2] - x0]] = 255
        border = int(BORDER_EM * h)
        image = _scaled(np.pad(crop, border, constant_values=255), CELL_SCALE)
        jobs.append((inside, box, image, cell[box[1] - y0:box[3] - y0, box[0] - x0:box[2] - x0]))
    if not jobs:
        return words
    images = [j[2] for j in jobs]
    dpi_read = int(dpi * CELL_SCALE)
    # Two readings of each cell (as a line, as a word): on a lone glyph each is wrong now
    # and then, rarely both the same way.
    readings = [_ocr_images(images, work, f"numbers{psm}", psm=psm, dpi=dpi_read, whitelist=WHITELIST)
                for psm in READ_PSMS]
    replaced: set[int] = set()
    added: list[Word] = []
    prev: list[str] = []
    for k, (inside, box, _, glyph) in enumerate(jobs):
        cands: list[tuple[str, float]] = []
        for read in readings:
            ws = [w for w in read.get(k, []) if w.conf >= MIN_CONF]
            text = _as_numeral("".join(w.text for w in ws), glyph)
            if text:
                cands.append((text, min(w.conf for w in ws) if ws else STEM_CONF))
        page_text = "".join(w.text for w in inside)
        if ROW_NUMBER.match(page_text):
            cands.append((page_text, min(w.conf for w in inside)))
        text, conf = _choose(cands, prev)
        if not text:
            continue
        prev.append(text)
        line = inside[0].line if inside else (-1, -1, k)
        added.append(Word(text, box[0], box[1], box[2] - box[0], box[3] - box[1], conf, line))
        replaced.update(id(w) for w in inside)
    return [w for w in words if id(w) not in replaced] + added


STEM_CONF = 90.0  # the confidence given to a numeral counted from the glyph's stems


def _choose(cands: list[tuple[str, float]], prev: list[str]) -> tuple[str, float]:
    """The likeliest of the readings of one number cell: one that continues the column's
    numbering (``prev``: the numbers above it) if any does, else the reading most readings
    agree on, then the most confident."""
    if not cands:
        return "", 0.0
    expected = _next_numbers(prev)
    fitting = [c for c in cands if _key(c[0]) in expected]
    pool = fitting or cands
    votes: dict[str, int] = {}
    for t, _ in pool:
        votes[t] = votes.get(t, 0) + 1
    return max(pool, key=lambda c: (votes[c[0]], c[1]))


def _key(text: str) -> str:
    return text.rstrip(".)")


_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def _next_numbers(prev: list[str]) -> set[str]:
    """The numbers that may follow ``prev`` in a number column: the next section numeral,
    the next number at each level of the last Arabic one ("1.2" → "1.3", "2", "1.2.1"),
    the first number of a new level, the next subitem letter."""
    out = {"1", "I"}
    romans = [_key(p) for p in prev if _key(p) in _ROMANS]
    if romans:
        k = _ROMANS.index(romans[-1])
        if k + 1 < len(_ROMANS):
            out.add(_ROMANS[k + 1])
    arabic = [_key(p) for p in prev if re.fullmatch(r"\d+(?:\.\d+)*", _key(p))]
    if prev and _key(prev[-1]) in _ROMANS:
        arabic = []  # a new section numbers its rows from 1 again
    if arabic:
        parts = [int(x) for x in arabic[-1].split(".")]
        for lvl in range(len(parts)):
            out.add(".".join(str(x) for x in [*parts[:lvl], parts[lvl] + 1]))
        out.add(".".join(str(x) for x in [*parts, 1]))
    letters = [_key(p) for p in prev if re.fullmatch(r"[a-eđ]", _key(p))]
    out.add("a")
    if letters and letters[-1] != "đ":
        out.add("abcdđe"[min(5, "abcdđe".index(letters[-1]) + 1)])
    return out


def _as_numeral(text: str, glyph: np.ndarray) -> str:
    """The row number a reading stands for, or "" when it is none.

    One plain stem is "I" unless it has the flag of a "1"; a run of plain stems is that many
    I's, whatever Tesseract made of them."""
    if text and not ROW_NUMBER.match(text):
        return ""
    core = text.rstrip(".)")
    stem_like = core in ("", "1") or set(core) == {"I"}
    if stem_like:
        n = count_stems(glyph)
        if n:
            if n == 1 and has_flag(glyph):
                return "1" + text[len(text.rstrip(".)")):]
            return "I" * n + text[len(text.rstrip(".)")):]
    return text
