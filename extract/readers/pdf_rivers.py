"""Tables without vertical ruling lines: columns from whitespace rivers.

Word and LibreOffice leave only 7–15 pt between the text of two cells, too little for the
segment splitter (``pdf_text.SEGMENT_GAP_*``), so a table drawn with horizontal rules only,
or with no lines at all, reads as prose. Here the columns come from *rivers*: x ranges that
no word of the table touches, on any of its lines. Inter-word spaces (2–4 pt) never line up
into a river wider than half an em, the gap between two cells always does.

A table is only recognised below a header line that names at least three of the usual
columns (TT/STT, Nội dung/Nhiệm vụ, Chủ trì, Phối hợp, Thời gian…, in the words of
``header_words``, which the header mapper uses too) in three different columns, so body
prose, a two-column header block or a signature block never become one.

- With horizontal rules (at least three full-width rules of the same extent): the rules give
  the table's extent and its rows; a band holding two numbered rows is split at the second.
- Without rules: the table runs down from the header line while each new line leaves the
  established rivers free; a new row starts where the first (number) column has text.
- A table without rules that runs to the foot of its page may go on at the top of the next
  page without its header: there the previous page's columns are tried on the first lines
  (``OpenColumns``), which must open with a row number or with the lowercase rest of a cut
  row, and keep every word inside one of those columns.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from ..header_words import fields_in, only_name_words
from .page_layout import Grid, Line, is_page_furniture
from .pdf_text import TextPage

RIVER_EM = 0.5  # a river is at least this many font sizes wide (word spaces are ~0.25 em)
RIVER_MIN = 4.0  # points
MIN_COLS = 3
ESTABLISHED = 4  # lines after which a river covered by a new line ends the table
RULE_MIN_WIDTH = 0.3  # of the page width: shorter rules are decoration (under a title)
RULE_TOL = 3.0
# the header names are looked for in this many lines from the anchor: a narrow column wraps
# "Cơ quan chủ trì thực hiện" over four
HEADER_LINES = 5
GAP_EM = 1.5  # a wider vertical gap (in font sizes) ends a table without rules

_TT_GROUP = "tt"  # the number column: rows are told apart by it
_NUMBER = r"(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.):]?"
_ROW_NUMBER = re.compile(rf"^{_NUMBER}$", re.IGNORECASE)
_ROW_MARK = re.compile(rf"^(?:{_NUMBER}|[-+•*–])$", re.IGNORECASE)  # a row number or a bullet


def _groups_in(text: str) -> set[str]:
    """The header fields ``text`` names (``header_words``: the vocabulary of the header mapper)."""
    return fields_in(unicodedata.normalize("NFC", text))


def _river_width(size: float) -> float:
    return max(RIVER_EM * size, RIVER_MIN)


def _rivers(lines: list[Line], width: float) -> list[tuple[float, float]]:
    """Free x ranges at least ``width`` wide between the words of ``lines`` (inside their extent)."""
    boxes = sorted((s.x0, s.x1) for ln in lines for s in ln.segments)
    if not boxes:
        return []
    out: list[tuple[float, float]] = []
    end = boxes[0][1]
    for x0, x1 in boxes[1:]:
        if x0 - end >= width:
            out.append((end, x0))
        end = max(end, x1)
    return out


def _survives(r: tuple[float, float], new: list[tuple[float, float]]) -> bool:
    return any(n[0] >= r[0] - 0.01 and n[1] <= r[1] + 0.01 for n in new)


# ---------------------------------------------------------------------------
# Header anchors
# ---------------------------------------------------------------------------


def _anchor_groups(words: list[Line], i: int, width: float) -> tuple[int, set[str]]:
    """(number of header lines, groups named) for a header starting at line i."""
    first = words[i]
    if len(_rivers([first], 2 * width)) < 2:  # a header line has its names far apart
        return 0, set()
    found: set[str] = set()
    n = 0
    prev = None
    for j in range(i, min(len(words), i + HEADER_LINES)):
        ln = words[j]
        if prev is not None and (ln.top - prev.bottom > 1.2 * ln.size or not _header_more(first, ln)):
            break
        found |= _groups_in(" ".join(s.text for s in ln.segments))
        n += 1
        prev = ln
    return n, found


def _bold(ln: Line) -> bool:
    return 2 * sum(1 for s in ln.segments if s.bold) > len(ln.segments)


def _header_more(first: Line, ln: Line) -> bool:
    """Whether ``ln`` goes on the header that starts at ``first`` (rather than being the
    first body row, or the rest of a row cut by the page break): set in the same weight
    as a bold header, or else short (a header name wrapped in its cell: "thực hiện").
    A line opening with a row number ("I", "1", "a)") is a (bold) section row."""
    if len(ln.segments) > 1 and _ROW_NUMBER.match(ln.segments[0].text):
        return False
    if _bold(first):
        return _bold(ln)
    text = " ".join(s.text for s in ln.segments)
    return len(ln.segments) <= 4 or bool(_groups_in(text)) or only_name_words(text)


def _columns_named(words: list[Line], i: int, n: int, bounds: list[float]) -> set[int]:
    """The columns (by boundary list) holding header names in the header lines i..i+n: a
    name in one line, or in a column's words read down its lines (a narrow column wraps
    "Sản phẩm" into "Sản" / "phẩm")."""
    cols: set[int] = set()
    down: dict[int, list[str]] = {}
    for ln in words[i:i + n]:
        for k, s in enumerate(ln.segments):
            c = _col_of(s, bounds)
            down.setdefault(c, []).append(s.text)
            if _groups_in(s.text) or _groups_in(_near_text(ln, k, bounds)):
                cols.add(c)
    cols.update(c for c, texts in down.items() if _groups_in(" ".join(texts)))
    return cols


def _near_text(ln: Line, k: int, bounds: list[float]) -> str:
    """A word with its neighbours in the same column: header names are two words."""
    c = _col_of(ln.segments[k], bounds)
    lo, hi = max(0, k - 1), min(len(ln.segments), k + 2)
    return " ".join(t.text for t in ln.segments[lo:hi] if _col_of(t, bounds) == c)


def _col_of(s, bounds: list[float]) -> int:
    return bisect_right(bounds, (s.x0 + s.x1) / 2)


def _bounds(rivers: list[tuple[float, float]]) -> list[float]:
    return [(a + b) / 2 for a, b in rivers]


# ---------------------------------------------------------------------------
# Grids
# ---------------------------------------------------------------------------


def _cells(ln: Line, bounds: list[float]) -> list[list[str]]:
    cells: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
    for s in ln.segments:
        cells[_col_of(s, bounds)].append(s.text)
    return cells


def _grid(rows_lines: list[list[Line]], bounds: list[float], x0: float, x1: float) -> Grid:
    rows: list[list[str]] = []
    for group in rows_lines:
        parts: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
        for ln in group:
            for c, words in enumerate(_cells(ln, bounds)):
                if words:
                    parts[c].append(unicodedata.normalize("NFC", " ".join(words)))
        rows.append(["\n".join(p) for p in parts])
    top = rows_lines[0][0].top
    bottom = rows_lines[-1][-1].bottom
    cols = [x0, *bounds, x1]
    boxes = [(x0, min(ln.top for ln in g), x1, max(ln.bottom for ln in g)) for g in rows_lines]
    return Grid((x0, top, x1, bottom), rows, [[False] * len(cols[:-1]) for _ in rows], cols, boxes)


def _split_numbered(group: list[Line], bounds: list[float], lead_row: bool = False) -> list[list[Line]]:
    """Rows of one band (or run of lines): a new row at each line with first-column text
    after the first such line. Lines before it belong to the first row (a number centred
    in a ruled band), or with ``lead_row`` make a row of their own (the rest of a row cut
    by the page break)."""
    out: list[list[Line]] = []
    seen_first = False
    for ln in group:
        has0 = any(_col_of(s, bounds) == 0 for s in ln.segments)
        if has0 and (seen_first or (lead_row and out)):
            out.append([ln])
        else:
            if not out:
                out.append([])
            out[-1].append(ln)
        seen_first = seen_first or has0
    return out


def _merge_unnamed(rivers: list[tuple[float, float]], named: set[int]) -> list[tuple[float, float]]:
    """Drop rivers that cut a column with no header name off both neighbours: a spurious gap
    inside one column's text. The narrower of the two rivers around it goes."""
    rivers = list(rivers)
    while True:
        n = len(rivers) + 1
        bad = [c for c in range(n) if c not in named]
        if not bad or n <= MIN_COLS:
            return rivers
        c = bad[0]
        left = rivers[c - 1] if c > 0 else None
        right = rivers[c] if c < len(rivers) else None
        if left is None or (right is not None and right[1] - right[0] < left[1] - left[0]):
            drop = c
        else:
            drop = c - 1
        del rivers[drop]
        # re-index the named columns around the removed boundary
        named = {k if k <= drop else k - 1 for k in named}


def _accept(words: list[Line], i: int, n: int, rivers: list[tuple[float, float]],
            need_tt: bool) -> list[tuple[float, float]] | None:
    named = _columns_named(words, i, n, _bounds(rivers))
    rivers = _merge_unnamed(rivers, named)
    bounds = _bounds(rivers)
    if len(bounds) + 1 < MIN_COLS:
        return None
    named = _columns_named(words, i, n, bounds)
    if len(named) < MIN_COLS:
        return None
    if need_tt:  # rows are told apart by the number column: it must be the first one
        first = [s for ln in words[i:i + n] for s in ln.segments if _col_of(s, bounds) == 0]
        if not any(_TT_GROUP in _groups_in(s.text) for s in first):
            return None
    return rivers


# ---------------------------------------------------------------------------
# Tables under horizontal rules
# ---------------------------------------------------------------------------


def rule_sets(edges: list[dict], page_width: float) -> list[tuple[float, float, list[float]]]:
    """Runs of full-width horizontal rules sharing their extent: (x0, x1, tops)."""
    hs = [e for e in edges if abs(e["top"] - e["bottom"]) <= 2.0 and e["x1"] - e["x0"] >= RULE_MIN_WIDTH * page_width]
    groups: list[tuple[float, float, list[float]]] = []
    for e in sorted(hs, key=lambda e: (round(e["x0"]), round(e["x1"]), e["top"])):
        y = (e["top"] + e["bottom"]) / 2
        for g in groups:
            if abs(g[0] - e["x0"]) <= RULE_TOL and abs(g[1] - e["x1"]) <= RULE_TOL:
                if all(abs(y - t) > 1.0 for t in g[2]):
                    g[2].append(y)
                break
        else:
            groups.append((e["x0"], e["x1"], [y]))
    out = []
    for x0, x1, tops in groups:
        if len(tops) >= 3:
            out.append((x0, x1, sorted(tops)))
    return out


def _ruled_region(words: list[Line], x0: float, x1: float, tops: list[float]) -> tuple[int, int] | None:
    idx = [k for k, ln in enumerate(words)
           if tops[0] <= (ln.top + ln.bottom) / 2 <= tops[-1] and ln.x0 >= x0 - RULE_TOL and ln.x1 <= x1 + RULE_TOL]
    if not idx:
        return None
    i, j = idx[0], idx[-1] + 1
    if j - i != len(idx):  # something between the rules outside their extent: not a table
        return None
    return i, j


def _rule_table(words: list[Line], x0: float, x1: float, tops: list[float]) -> tuple[int, int, Grid] | None:
    region = _ruled_region(words, x0, x1, tops)
    if region is None:
        return None
    i, j = region
    lines = words[i:j]
    size = max(ln.size for ln in lines)
    anchor = None
    for k in range(i, j):
        n, groups = _anchor_groups(words, k, _river_width(size))
        if len(groups) >= MIN_COLS:
            anchor = (k, n)
            break
    if anchor is None:
        return None
    rivers = _rivers(lines, _river_width(size))
    rivers = _accept(words, anchor[0], anchor[1], rivers, need_tt=False)
    if rivers is None:
        return None
    bounds = _bounds(rivers)
    bands: list[list[Line]] = [[] for _ in tops[:-1]]
    for ln in lines:
        mid = (ln.top + ln.bottom) / 2
        b = min(max(bisect_right(tops, mid) - 1, 0), len(bands) - 1)
        bands[b].append(ln)
    rows_lines: list[list[Line]] = []
    for band in bands:
        if band:
            rows_lines.extend(_split_numbered(band, bounds))
    if len(rows_lines) < 2:
        return None
    grid = _grid(rows_lines, bounds, x0, x1)
    grid.bbox = (x0, tops[0], x1, tops[-1])
    return i, j, grid


# ---------------------------------------------------------------------------
# Tables without any lines
# ---------------------------------------------------------------------------


@dataclass
class OpenColumns:
    """The columns of a table without lines that reaches the foot of its page."""

    bounds: list[float]  # column boundaries (x)
    x0: float
    x1: float
    size: float  # font size of its text


COLUMN_TOL = 1.0  # points a word may reach over a column boundary (glyph side bearings)
# The page's last line is its number (furniture) only when set apart below the table: the
# last line of a cell ("2026" under "6 tháng đầu năm", "24" under "… số") follows at the
# cell's own line spacing, a page number sits in the footer well below.
FOOTER_GAP_EM = 1.0


def _footer(ln: Line, above: Line) -> bool:
    return is_page_furniture(ln.text) and ln.top - above.bottom > FOOTER_GAP_EM * ln.size


def _fits(ln: Line, cols: OpenColumns) -> bool:
    """Every word of ``ln`` inside the table's extent and inside one column."""
    tol = _river_width(cols.size)
    if ln.x0 < cols.x0 - tol or ln.x1 > cols.x1 + tol:
        return False
    return not any(s.x0 < b - COLUMN_TOL and s.x1 > b + COLUMN_TOL for s in ln.segments for b in cols.bounds)


def _continued_table(words: list[Line], i: int, cols: OpenColumns) -> tuple[int, int, Grid] | None:
    """The previous page's table going on from line i without a repeated header."""
    bounds = cols.bounds
    first = words[i]
    if not _fits(first, cols):
        return None
    head = first.segments[0]
    if _col_of(head, bounds) == 0:
        if not _ROW_NUMBER.match(head.text):
            return None
    elif not head.text[:1].islower():  # the rest of a row cut by the page break
        return None
    taken = [first]
    j = i + 1
    while j < len(words):
        ln = words[j]
        if ln.top - taken[-1].bottom > GAP_EM * max(ln.size, cols.size):
            break
        if j == len(words) - 1 and _footer(ln, taken[-1]):
            break
        if not _fits(ln, cols):
            break
        taken.append(ln)
        j += 1
    used = {_col_of(s, bounds) for ln in taken for s in ln.segments}
    if len(used) < 2:  # a short line of prose fits in one column
        return None
    grid = _grid(_split_numbered(taken, bounds, lead_row=True), bounds, cols.x0, cols.x1)
    return i, j, grid


def _open_table(words: list[Line], i: int, n: int, min_rows: int = 2) -> tuple[int, int, Grid] | None:
    """A table without lines under the header at lines i..i+n, of at least ``min_rows`` rows."""
    size = max(ln.size for ln in words[i:i + n])
    width = _river_width(size)
    taken = list(words[i:i + n])
    rivers = _rivers(taken, width)
    body = 0  # lines read below the header
    j = i + n
    while j < len(words):
        ln = words[j]
        if ln.top - taken[-1].bottom > GAP_EM * max(ln.size, size):
            break
        if j == len(words) - 1 and _footer(ln, taken[-1]):
            break
        new = _rivers([*taken, ln], width)
        killed = [r for r in rivers if not _survives(r, new)]
        if killed and body >= ESTABLISHED and (killed[0] == rivers[0] or len(killed) >= 2):
            break  # a line across the number column, or across two columns: prose again
        if killed and killed[0] == rivers[0] and not _ROW_MARK.match(ln.segments[0].text):
            break  # text across the number column that is no row number: prose or a signature block
        taken.append(ln)
        rivers = new
        body += 1
        j += 1
    if body < 2:
        return None
    rivers = _accept(words, i, n, rivers, need_tt=True)
    if rivers is None:
        return None
    bounds = _bounds(rivers)
    rows_lines = [taken[:n], *_split_numbered(taken[n:], bounds, lead_row=True)]
    if len(rows_lines) < 1 + min_rows:  # a header and its rows
        return None
    x0 = min(ln.x0 for ln in taken)
    x1 = max(ln.x1 for ln in taken)
    return i, j, _grid(rows_lines, bounds, x0, x1)


class RiverFinder:
    """The ``table_finders`` interface: tables found on the page's word lines, the open
    table of the previous page tried first, the one this page ends with handed on."""

    name = "rivers"

    def find(self, page: TextPage) -> list[Grid]:
        words = page.words
        if len(words) != len(page.lines):  # lines and word lines must pair up one to one
            return []
        carry = page.carry if isinstance(page.carry, OpenColumns) else None
        found, page.carry_out = river_tables_across(words, page.plumber.edges, page.width, carry)
        return page.take_runs(found)


def river_tables(words: list[Line], edges: list[dict], page_width: float) -> list[tuple[int, int, Grid]]:
    """Tables drawn with horizontal rules only or without lines, found on word lines.

    ``words`` are the page's lines split into single words (``text_lines(chars, 0, 0)``),
    ``edges`` pdfplumber's edges of the page. Returns (first line, end line, grid), sorted.
    """
    return river_tables_across(words, edges, page_width, None)[0]


def river_tables_across(
    words: list[Line], edges: list[dict], page_width: float, carry: OpenColumns | None
) -> tuple[list[tuple[int, int, Grid]], OpenColumns | None]:
    """``river_tables`` for one page of a run: ``carry`` is the open table the previous page
    ended with (or None). Returns the tables and the open table this page ends with."""
    found: list[tuple[int, int, Grid]] = []
    open_ids: set[int] = set()  # tables without rules (they may go on over the page)
    if carry is not None:
        top = next((k for k, ln in enumerate(words) if not is_page_furniture(ln.text)), None)
        t = _continued_table(words, top, carry) if top is not None else None
        if t is not None:
            found.append(t)
            open_ids.add(id(t[2]))
    for x0, x1, tops in rule_sets(edges, page_width):
        t = _rule_table(words, x0, x1, tops)
        if t is not None:
            found.append(t)
    used = {k for i, j, _ in found for k in range(i, j)}
    k = 0
    while k < len(words):
        if k in used:
            k += 1
            continue
        n, groups = _anchor_groups(words, k, _river_width(words[k].size))
        if len(groups) >= MIN_COLS and _TT_GROUP in groups:
            # under the header repeated on the next page, one row is enough: the table goes on
            t = _open_table(words, k, n, min_rows=1 if carry is not None else 2)
            if t is not None and not any(m in used for m in range(t[0], t[1])):
                found.append(t)
                open_ids.add(id(t[2]))
                k = t[1]
                continue
        k += 1
    found.sort(key=lambda t: t[0])
    return found, _open_end(words, found, open_ids)


def _open_end(words: list[Line], found: list[tuple[int, int, Grid]], open_ids: set[int]) -> OpenColumns | None:
    """The columns of the page's last table if it has no rules and only page furniture
    (a page number) follows it."""
    if not found:
        return None
    i, j, grid = found[-1]
    if id(grid) not in open_ids or any(not is_page_furniture(ln.text) for ln in words[j:]):
        return None
    return OpenColumns(list(grid.col_x[1:-1]), grid.col_x[0], grid.col_x[-1], max(ln.size for ln in words[i:j]))
