"""The page layout both PDF readers build: lines of text, table grids, page furniture.

The text-layer reader (``pdf``) and the OCR reader (``ocr``) each turn a page into a
``PageContent``: body ``Line``s (split into ``Segment``s at wide gaps) and the ``Grid`` of
every table found on it. Everything after that is the same for both: page furniture is
dropped here, and ``page_blocks`` turns the pages into the document's blocks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..model import Warning


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

@dataclass
class Grid:
    """One table fragment on one page, cells already read."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    merged: list[list[bool]]
    col_x: list[float]  # left edge of each column, then the table's right edge
    # (x0, top, x1, bottom) of each row on the page, in points: the row's provenance box
    row_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    # OCR only: per slot, True when a word of the cell was read with low confidence
    low_conf: list[list[bool]] = field(default_factory=list)


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    grids: list[Grid] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    has_text: bool = True
    has_images: bool = False  # a page without text but with images is a scan (OCR it)
    # What a table finder left open at the foot of the page (a table without lines that may
    # go on at the top of the next one), handed to the finders of the next page.
    carry: object | None = None
    notes: list[Warning] = field(default_factory=list)  # the page's warnings (a table not read …)


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


def drop_furniture(pages: list[PageContent]) -> None:
    """Remove page numbers, banners and running headers/footers (first/last lines of pages)."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for pc in pages:
        if pc.lines:
            tops[furniture_key(pc.lines[0].text)] += 1
            bottoms[furniture_key(pc.lines[-1].text)] += 1
    with_text = sum(1 for pc in pages if pc.has_text)
    repeat = max(3, (with_text + 1) // 2)
    for pc in pages:
        # Furniture lies outside every table: above the first or below the last one.
        table_top = min((g.bbox[1] for g in pc.grids), default=None)
        table_bottom = max((g.bbox[3] for g in pc.grids), default=None)
        lines = pc.lines
        while lines:
            ln = lines[0]
            if table_top is not None and ln.top > table_top:
                break
            if not (is_page_furniture(ln.text) or tops[furniture_key(ln.text)] >= repeat):
                break
            lines = lines[1:]
        while lines:
            ln = lines[-1]
            if table_bottom is not None and ln.bottom < table_bottom:
                break
            if not (is_page_furniture(ln.text) or bottoms[furniture_key(ln.text)] >= repeat):
                break
            lines = lines[:-1]
        pc.lines = lines
