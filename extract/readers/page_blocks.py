"""Pages to blocks: the document's paragraphs and table fragments in reading order.

Shared by the text-layer and the OCR reader. What is decided here:
- lines between two tables are one group, read in column order (the two columns of the
  header and signature blocks kept apart);
- a page's first table fragment ``continues`` the previous one when nothing but page
  furniture lies between them and the columns line up (or the header row is repeated);
- a header repeated at the top of a continued fragment is recognised (loosely on a scan);
- a merged cell cut by the page break gives its copies the text of the whole cell.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..model import Paragraph, RawRow, RawTable
from .page_layout import Grid, Line, PageContent, column_order

MAX_HEADER_ROWS = 3  # a repeated header is at most this many rows
COLUMN_TOLERANCE = 4.0  # points; column edges of continued fragments agree within this


def _continue_spans(grid: Grid, first: int, above: list[str]) -> None:
    """Give the copies of a merged cell cut by the page break the text of the whole cell.

    When the first body row of a continued fragment is the rest of a row cut by the page
    break (empty number cell) and a cell of it is merged down over the rows below, that cell
    began on the previous page: its text there comes first. The cut row itself keeps only its
    own part (reconstruction joins it to the row above); the rows under it get the whole text,
    as they would from a Word table.
    """
    if first + 1 >= len(grid.rows) or grid.rows[first][0].strip() or len(above) != len(grid.rows[first]):
        return
    for c, head in enumerate(above):
        if not head or grid.merged[first][c] or not grid.merged[first + 1][c]:
            continue
        tail = grid.rows[first][c]
        whole = f"{head}\n{tail}" if tail else head
        r = first + 1
        while r < len(grid.rows) and grid.merged[r][c]:
            grid.rows[r][c] = whole
            r += 1


def _same_columns(a: Grid, b: Grid) -> bool:
    return len(a.col_x) == len(b.col_x) and all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a.col_x, b.col_x, strict=False))


SAME_ROW_RATIO = 0.9  # a repeated header read by OCR matches the first copy this closely


def _same_row(a: str, b: str, fuzzy: bool = True) -> bool:
    """Row keys equal, or (a header repeated on a scanned page, ``fuzzy``) nearly equal: same
    number of cells and only specks of difference. Only a table's first row is compared
    loosely: two numbered rows are often as alike ("nhiệm vụ số 1" / "số 24")."""
    if a == b:
        return True
    if not fuzzy or a.count("|") != b.count("|") or not a.strip("|") or len(a) < 12:
        return False
    strip = lambda k: re.sub(r"[^\w|]+", "", k)  # noqa: E731 - punctuation specks do not count
    return SequenceMatcher(None, strip(a), strip(b)).ratio() >= SAME_ROW_RATIO


def _row_key(row: list[str]) -> str:
    return "|".join(" ".join(c.split()).lower() for c in row)


def _row_box(page: int, grid: Grid, i: int) -> tuple[int, float, float, float, float] | None:
    """Row i's provenance box: page and (x0, top, x1, bottom) rounded to 0.1 pt."""
    if i >= len(grid.row_boxes):
        return None
    x0, top, x1, bottom = grid.row_boxes[i]
    return (page, round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))


def page_blocks(pages: list[PageContent]) -> list:
    blocks: list = []
    n_tables = 0
    prev_grid: Grid | None = None
    header_keys: list[str] = []  # first rows of the table the previous fragment belongs to
    header_rows: list[list[str]] = []
    text_since_table = False
    prev_rows: list[list[str]] = []
    for pc in pages:
        # Lines between two tables are read as one group (in column order, so the two
        # columns of a header block stay apart), then the table below them.
        groups: list[list[Line]] = [[] for _ in range(len(pc.grids) + 1)]
        for ln in pc.lines:
            k = sum(1 for g in pc.grids if g.bbox[1] <= ln.top)
            groups[k].append(ln)
        items: list[object] = []
        for k, group in enumerate(groups):
            items.extend(Paragraph(text, page=pc.number) for text, _ in column_order(group))
            if k < len(pc.grids):
                items.append(pc.grids[k])
        first_on_page = True
        for item in items:
            if isinstance(item, Paragraph):
                blocks.append(item)
                text_since_table = True
                first_on_page = False
                continue
            grid = item
            assert isinstance(grid, Grid)
            keys = [_row_key(r) for r in grid.rows]
            if prev_grid is None or text_since_table:
                cont = False
            else:
                cont = _same_columns(prev_grid, grid) or (
                    bool(keys) and bool(keys[0].strip("|")) and _same_row(keys[0], header_keys[0])
                )
            if not cont:
                header_keys = keys[:MAX_HEADER_ROWS]
                header_rows = [list(r) for r in grid.rows[:MAX_HEADER_ROWS]]
                repeated = 0
            else:  # leading rows repeating the table's first rows: the header printed again
                repeated = 0
                while repeated < min(len(keys), len(header_keys)) and _same_row(
                    keys[repeated], header_keys[repeated], fuzzy=repeated == 0
                ):
                    # An OCR'd copy differs by a speck ("hợp." for "hợp"): give it the
                    # first copy's text, so the repeat is recognised as such downstream.
                    if len(grid.rows[repeated]) == len(header_rows[repeated]):
                        grid.rows[repeated] = list(header_rows[repeated])
                    repeated += 1
            # The first row on the page starts it; so does the first row under a repeated
            # header, which is where a row cut by the page break goes on.
            starts = {0, repeated} if first_on_page else set()
            if cont and first_on_page and prev_rows:
                _continue_spans(grid, repeated, prev_rows[-1])
            rows = [
                RawRow(cells, page=pc.number, index=i, merged=list(m), starts_page=i in starts,
                       box=_row_box(pc.number, grid, i),
                       low_confidence=list(grid.low_conf[i]) if i < len(grid.low_conf) else [])
                for i, (cells, m) in enumerate(zip(grid.rows, grid.merged, strict=False))
            ]
            blocks.append(RawTable(rows, index=n_tables, page=pc.number, continues=cont))
            prev_rows = grid.rows
            n_tables += 1
            prev_grid = grid
            text_since_table = False
            first_on_page = False
    return blocks
