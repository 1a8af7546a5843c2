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

from pdfplumber.utils import cluster_objects, extract_text

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
    if not chars:
        return ""
    if bbox is None:
        return clean(extract_text(chars, x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE))
    lines = []
    blanks = [c for c in chars if not c["text"].strip()]
    for group in cluster_objects(_words(chars), lambda w: w["top"], Y_TOLERANCE):
        group.sort(key=lambda w: w["x0"])
        lines.append(group)
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


@dataclass
class Segment:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False  # most of its glyphs in a bold font


@dataclass
class Line:
    segments: list[Segment] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


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


# ---------------------------------------------------------------------------
# Two-column blocks (document header, signature block)
# ---------------------------------------------------------------------------


def column_order(lines: list[Line]) -> list[tuple[str, Line]]:
    """Paragraph texts in reading order, the two columns of a header block kept apart.

    A block starts at a line split into exactly two segments (left and right column); the
    following lines belong to it while each segment sits on one side of the split and the
    lines stay close together. Inside a block, the left column is read first, then the right
    one, so "ỦY BAN NHÂN DÂN / TỈNH X" is not interleaved with "CỘNG HÒA … / Độc lập …".
    """
    out: list[tuple[str, Line]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if len(ln.segments) != 2:
            out.extend((s.text, ln) for s in ln.segments)
            i += 1
            continue
        split_lo, split_hi = ln.segments[0].x1, ln.segments[1].x0
        left: list[tuple[str, Line]] = []
        right: list[tuple[str, Line]] = []
        prev = ln
        j = i
        while j < len(lines):
            cur = lines[j]
            if j > i and cur.top - prev.bottom > 2.5 * max(cur.size, prev.size):
                break
            segs = cur.segments
            if len(segs) > 2:
                break
            sides = []
            for s in segs:
                if s.x1 <= split_hi + 2:
                    sides.append("L")
                elif s.x0 >= split_lo - 2:
                    sides.append("R")
                else:
                    sides.append("?")
            if "?" in sides or (len(segs) == 2 and sides != ["L", "R"]):
                break
            if len(segs) == 2:  # narrow the split to the gap every two-column line shares
                split_lo = max(split_lo, segs[0].x1)
                split_hi = min(split_hi, segs[1].x0)
                if split_hi <= split_lo:
                    break
            for s, side in zip(segs, sides, strict=False):
                (left if side == "L" else right).append((s.text, cur))
            prev = cur
            j += 1
        if j == i:  # cannot happen (the first line always fits), but never loop forever
            j = i + 1
            out.extend((s.text, ln) for s in ln.segments)
        else:
            out.extend(left)
            out.extend(right)
        i = j
    return out


# ---------------------------------------------------------------------------
# Running headers and footers
# ---------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*|page\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_BANNER = re.compile(r"^c[oô]ng\s+b[aá]o\b.*\bs[oố]\b", re.IGNORECASE)


def is_page_furniture(text: str) -> bool:
    """A page number or a gazette banner ("CÔNG BÁO/Số 238/Ngày … 92")."""
    t = text.strip()
    return bool(_PAGE_NUMBER.match(t) or _BANNER.match(unicodedata.normalize("NFC", t)))


def furniture_key(text: str) -> str:
    """The text with digits removed: a running header repeated with a changing page number."""
    return re.sub(r"\d+", "#", unicodedata.normalize("NFC", text)).strip().lower()
