"""Text-layer helpers for the PDF reader: characters → words → lines → segments.

pdfplumber gives one dict per glyph. Vietnamese fonts sometimes draw a tone mark as a
glyph of its own (U+0300…U+0323), placed over the previous letter; left alone, the word
clusterer may start a new word at it ("Vie ̣t") or even a new line. We glue every mark
to its base letter first, so all later steps see whole letters.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.utils import cluster_objects, extract_text

from ..model import Warning
from .page_layout import Grid, Line, Segment, column_order, furniture_key, is_page_furniture

__all__ = [  # the layout names are used from here too (they lived here first)
    "Line", "Segment", "column_order", "furniture_key", "is_page_furniture", "TextPage", "text_lines",
    "cell_text", "attach_marks", "broken_word", "clean", "url_like",
]

# Word/line clustering tolerances (points), the pdfplumber defaults, kept in one place.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
# A horizontal gap wider than this many font sizes splits a line into separate segments
# (the two columns of the document header, "Nơi nhận:" beside the signature block).
SEGMENT_GAP_EM = 2.0
SEGMENT_GAP_MIN = 18.0


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.combining(ch) for ch in text)


def attach_marks(chars: list[dict]) -> list[dict]:
    """Return the characters with every stand-alone combining mark appended to its base letter.

    The base is the nearest earlier letter on the same line whose box the mark's centre falls
    in (or just after); failing that, the previous letter on the line. Dicts are copied before
    being changed (pdfplumber caches them).
    """
    if not any(_is_mark(c["text"]) for c in chars):
        return chars
    out: list[dict] = []
    for c in chars:
        if not _is_mark(c["text"]):
            out.append(c)
            continue
        mid = (c["x0"] + c["x1"]) / 2
        size = c.get("size") or (c["bottom"] - c["top"]) or 10.0
        base_i = None
        for j in range(len(out) - 1, max(-1, len(out) - 6), -1):
            b = out[j]
            if _is_mark(b["text"]) or abs(b["bottom"] - c["bottom"]) > size:
                continue
            if b["x0"] - 1 <= mid <= b["x1"] + size * 0.3:
                base_i = j
                break
        if base_i is None and out and abs(out[-1]["bottom"] - c["bottom"]) <= size:
            base_i = len(out) - 1
        if base_i is None:
            continue  # a lone mark with nothing to sit on: drop it rather than print it alone
        b = dict(out[base_i])
        b["text"] = b["text"] + c["text"]
        out[base_i] = b
    return out


def clean(s: str) -> str:
    """NFC and trimmed lines; empty lines dropped (cell text keeps its line breaks)."""
    s = unicodedata.normalize("NFC", s)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in s.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def cell_text(chars: list[dict], bbox: tuple[float, float, float, float] | None = None) -> str:
    """The text of one table cell, its lines joined by newlines, in reading order.

    With the cell's box, a word broken across lines because it is wider than the cell
    ("Thườn⏎g", "IV/201⏎7") is put back together; see ``_broken_word``.
    """
    if not any(c["text"].strip() for c in chars):  # a drawn cell holding only spaces
        return ""
    if bbox is None:
        return clean(extract_text(chars, x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE))
    lines = []
    blanks = [c for c in chars if not c["text"].strip()]
    for group in cluster_objects(_words(chars), lambda w: w["top"], Y_TOLERANCE):
        group.sort(key=lambda w: w["x0"])
        lines.append(group)
    if not lines:  # glyphs the word clusterer does not make words of
        return clean(extract_text(chars, x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE))
    lines.sort(key=lambda g: min(w["top"] for w in g))
    pad = min(g[0]["x0"] for g in lines if g) - bbox[0]
    inner = (bbox[2] - bbox[0]) - 2 * max(pad, 0.0)
    out = ""
    prev: list[dict] | None = None
    for g in lines:
        text = " ".join(w["text"] for w in g if w["text"].strip())
        if not text:
            continue
        if prev is None:
            out = text
        elif _broken_word(prev, g, inner, blanks, out.rsplit(None, 1)[-1]):
            out += text
        else:
            out += "\n" + text
        prev = g
    return clean(out)


def _broken_word(a: list[dict], b: list[dict], inner: float, blanks: list[dict], token: str = "") -> bool:
    """True when the break between lines a and b cuts a word too wide for the cell.

    LibreOffice breaks a word that does not fit a narrow column anywhere ("Thườn⏎g",
    "IV/201⏎7", "TT&T⏎T"). Such a word fills line a alone, so not even the first character
    of line b would have fitted after it; and the cut leaves a piece that cannot stand on
    its own: digits on both sides, a letter run without a vowel ("g", "T"), or a token
    ending in "/" or "&". A trailing space glyph marks an ordinary break between words.
    A hyphen at the line end is left to text cleaning. ``token`` is the whole token line a
    ends (with the pieces already rejoined before it), for the URL test of ``broken_word``.
    """
    words_a = [w for w in a if w["text"].strip()]
    if len(words_a) != 1 or not b:
        return False
    last, first = words_a[0], b[0]
    if any(abs(c["top"] - last["top"]) < Y_TOLERANCE and c["x0"] >= last["x1"] - 0.5 for c in blanks):
        return False
    first_char = first["chars"][0]
    if inner - (last["x1"] - last["x0"]) >= (first_char["x1"] - first_char["x0"]) + 0.5:
        return False  # the next character would have fitted: the writer broke between words
    ta, tb = last["text"], first["text"]
    return broken_word(token if token.endswith(ta) else ta, tb)


def broken_word(ta: str, tb: str) -> bool:
    """Whether the end of ``ta`` and the start of ``tb`` are one token cut by a narrow
    column: digits on both sides, a token ending in "/" or "&", letters that cannot
    both stand as syllables (one side has no vowel), or any cut in a web or e-mail address
    (``ta`` is then the address so far: "https://dich" ⏎ "vucong.nin" ⏎ "hbinh.gov.vn")."""
    if not ta or not tb:
        return False
    if url_like(ta):
        return True
    ca, cb = ta[-1], tb[0]
    if ca.isdigit() and cb.isdigit():
        return True
    if ca in "/&" and cb.isalnum():
        return True
    if ca.isalpha() and cb.isalpha():
        tail = re.search(r"[^\W\d_]+$", ta)
        head = re.match(r"[^\W\d_]+", tb)
        return not (_has_vowel(tail.group(0) if tail else "") and _has_vowel(head.group(0) if head else ""))
    return False


_URL = re.compile(r"://|^www\.|^[\w.+-]+@[\w-]+|^(?=.*/)(?=.*\.\w)\S+$", re.IGNORECASE)


def url_like(token: str) -> bool:
    """A web or e-mail address: "://", "www.", "name@host", or "." inside beside a "/"."""
    return bool(_URL.search(token))


_VOWELS = set("aeiouy")


def _has_vowel(s: str) -> bool:
    base = unicodedata.normalize("NFD", s.lower())
    return any(ch in _VOWELS for ch in base)


def _words(chars: list[dict]) -> list[dict]:
    """Cluster characters into words (upright text, left to right), each with its chars."""
    from pdfplumber.utils.text import WordExtractor

    we = WordExtractor(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, extra_attrs=["size"])
    out = []
    for w, wchars in we.iter_extract_tuples(chars):
        w["chars"] = wchars
        out.append(w)
    return out


_BOLD = re.compile(r"bold|black|heavy|,b\b", re.IGNORECASE)


def text_lines(chars: list[dict], gap_em: float = SEGMENT_GAP_EM, gap_min: float = SEGMENT_GAP_MIN) -> list[Line]:
    """Group characters into lines (top to bottom), each split into segments at wide gaps."""
    words = [w for w in _words(chars) if w["text"].strip()]
    lines: list[Line] = []
    for group in cluster_objects(words, lambda w: w["top"], Y_TOLERANCE):
        group.sort(key=lambda w: w["x0"])
        size = statistics.median(w.get("size") or (w["bottom"] - w["top"]) for w in group)
        gap = max(gap_em * size, gap_min)
        segs: list[list[dict]] = [[group[0]]]
        for w in group[1:]:
            if w["x0"] - segs[-1][-1]["x1"] > gap:
                segs.append([w])
            else:
                segs[-1].append(w)
        line = Line(size=size, top=min(w["top"] for w in group), bottom=max(w["bottom"] for w in group))
        for s in segs:
            text = unicodedata.normalize("NFC", " ".join(w["text"] for w in s))
            chs = [c for w in s for c in w["chars"]]
            bold = 2 * sum(1 for c in chs if _BOLD.search(c.get("fontname") or "")) > len(chs)
            line.segments.append(
                Segment(
                    text, s[0]["x0"], s[-1]["x1"], min(w["top"] for w in s), max(w["bottom"] for w in s), size, bold
                )
            )
        lines.append(line)
    lines.sort(key=lambda ln: ln.top)
    return lines


@dataclass
class TextPage:
    """A text-layer page as the table finders see it (``table_finders``): the glyphs and
    lines no finder has taken yet. ``lines`` are the body lines (split at wide gaps),
    ``words`` the same lines split into single words (for the river finder)."""

    number: int
    plumber: Any  # the pdfplumber page (ruling lines, edges), upright, invisible boxes removed
    chars: list[dict]
    carry: object | None = None  # the table without lines the previous page ended with
    carry_out: object | None = None  # the one this page ends with
    notes: list[Warning] = field(default_factory=list)
    _lines: list[Line] | None = None
    _words: list[Line] | None = None

    @property
    def width(self) -> float:
        return float(self.plumber.width)

    @property
    def lines(self) -> list[Line]:
        if self._lines is None:
            self._lines = text_lines(self.chars)
        return self._lines

    @property
    def words(self) -> list[Line]:
        if self._words is None:
            self._words = text_lines(self.chars, 0.0, 0.0)
        return self._words

    def take_chars(self, left: list[dict]) -> None:
        """Only ``left`` stays for later finders and the body text."""
        self.chars = left
        self._lines = self._words = None

    def take_runs(self, found: list[tuple[int, int, Grid]]) -> list[Grid]:
        """Remove the line runs ``[i, j)`` a finder read as tables; return their grids."""
        keep: list[Line] = []
        last = 0
        for i, j, _ in found:
            keep.extend(self.lines[last:i])
            last = j
        keep.extend(self.lines[last:])
        self._lines = keep
        self._words = None
        return [g for _, _, g in found]
