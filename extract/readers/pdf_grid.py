"""Two table finders of the text-layer reader: ruled tables (pdfplumber's finder) and
aligned text (see ``table_finders`` for the interface).

A ruled table comes from ``page.find_tables()``: a list of cell boxes. pdfplumber's
``table.rows`` puts each box in the slot (distinct x0, distinct top) where it starts and
``None`` in every slot a spanning box covers. We look up the box covering each ``None``:
one that starts in the same row spans horizontally (the slot stays ``""``); one that starts
in an earlier row spans vertically, so its text is copied down and the slot is marked merged.
Reading the text of the whole box (not of the first grid row) also catches text printed in
the middle of a tall merged cell.
"""

from __future__ import annotations

from bisect import bisect_right

from .page_layout import Grid, Line
from .pdf_text import TextPage, cell_text
from .table_finders import table_unreadable

EPS = 0.5
# pdfplumber table-finder settings, in one place. Ruling lines from both stroked lines and
# thin filled rectangles (Word draws borders as rectangles).
TABLE_SETTINGS: dict = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


class RuledGridFinder:
    """Tables drawn with ruling lines: pdfplumber's ``find_tables``, the page's glyphs dealt
    to the cells (one pass), each cell's glyphs turned into text."""

    name = "ruled-grid"

    def find(self, page: TextPage) -> list[Grid]:
        tables = [RuledTable(t) for t in page.plumber.find_tables(TABLE_SETTINGS)]
        tables = [t for t in tables if t.n_rows() >= 2 and t.n_cols() >= 2]
        if not tables:
            return []
        outside: list[dict] = []
        for ch in page.chars:
            if not any(t.take(ch) for t in tables):
                outside.append(ch)
        grids: list[Grid] = []
        for t in tables:
            try:
                grids.append(t.grid())
            except Exception as e:  # noqa: BLE001 - one table's bug must not cost the page
                page.notes.append(table_unreadable(page.number, "ruled table", e))
                outside.extend(ch for cell in t.cell_chars for ch in cell)
        page.take_chars(outside)
        return grids


class AlignedFinder:
    """Tables without lines whose columns line up at wide gaps (the last resort)."""

    name = "aligned"

    def find(self, page: TextPage) -> list[Grid]:
        return page.take_runs(aligned_tables(page.lines))


class RuledTable:
    """Maps page characters to the cells of one pdfplumber table."""

    def __init__(self, table) -> None:  # pdfplumber.table.Table
        self.bbox = tuple(table.bbox)
        self.cells: list[tuple[float, float, float, float]] = [tuple(c) for c in table.cells]
        self.xs = sorted({c[0] for c in self.cells})
        self.tops = sorted({c[1] for c in self.cells})
        # owner[r][c] = index of the box covering slot (r, c)
        self.owner: list[list[int | None]] = [[None] * len(self.xs) for _ in self.tops]
        for k, (x0, top, x1, bottom) in enumerate(self.cells):
            c0 = bisect_right(self.xs, x0 + EPS) - 1
            r0 = bisect_right(self.tops, top + EPS) - 1
            for r in range(r0, len(self.tops)):
                if self.tops[r] >= bottom - EPS:
                    break
                for c in range(c0, len(self.xs)):
                    if self.xs[c] >= x1 - EPS:
                        break
                    if self.owner[r][c] is None:
                        self.owner[r][c] = k
        self.cell_chars: list[list[dict]] = [[] for _ in self.cells]

    def n_rows(self) -> int:
        return len(self.tops)

    def n_cols(self) -> int:
        return len(self.xs)

    def take(self, char: dict) -> bool:
        """Assign a character to its cell by its centre (as pdfplumber does); True if inside the table."""
        hm = (char["x0"] + char["x1"]) / 2
        vm = (char["top"] + char["bottom"]) / 2
        x0, top, x1, bottom = self.bbox
        if not (x0 <= hm < x1 and top <= vm < bottom):
            return False
        c = bisect_right(self.xs, hm) - 1
        r = bisect_right(self.tops, vm) - 1
        if c >= 0 and r >= 0:
            k = self.owner[r][c]
            if k is not None:
                bx0, btop, bx1, bbottom = self.cells[k]
                if bx0 <= hm < bx1 and btop <= vm < bbottom:
                    self.cell_chars[k].append(char)
        return True  # inside the table's box: never body text, even between cells

    def grid(self) -> Grid:
        texts = [cell_text(ch, box) for ch, box in zip(self.cell_chars, self.cells, strict=False)]
        rows: list[list[str]] = []
        merged: list[list[bool]] = []
        for r, top in enumerate(self.tops):
            row: list[str] = []
            mrow: list[bool] = []
            for c in range(len(self.xs)):
                k = self.owner[r][c]
                if k is None:
                    row.append("")
                    mrow.append(False)
                    continue
                bx0, btop = self.cells[k][0], self.cells[k][1]
                starts_here = abs(btop - top) <= EPS
                first_col = abs(bx0 - self.xs[c]) <= EPS
                if starts_here and first_col:
                    row.append(texts[k])
                    mrow.append(False)
                elif first_col:  # covered from above: a vertical span continues here
                    row.append(texts[k])
                    mrow.append(True)
                else:  # covered from the left (horizontal span)
                    row.append("")
                    mrow.append(False)
            rows.append(row)
            merged.append(mrow)
        right = max(c[2] for c in self.cells)
        x0, _, x1, bottom = self.bbox
        edges = [*self.tops[1:], bottom]
        boxes = [(x0, top, x1, end) for top, end in zip(self.tops, edges, strict=True)]
        return Grid(self.bbox, rows, merged, [*self.xs, right], boxes)


# ---------------------------------------------------------------------------
# Tables without ruling lines: columns from text alignment
# ---------------------------------------------------------------------------

MIN_COLS = 3
MIN_ROWS = 3


def _columns(lines: list[Line], tol: float) -> list[float]:
    xs = sorted(s.x0 for ln in lines for s in ln.segments)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= tol:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [min(c) for c in clusters if len(c) >= 2]


def aligned_tables(lines: list[Line]) -> list[tuple[int, int, Grid]]:
    """Find runs of lines laid out in aligned columns; return (first line, end line, grid).

    A run holds at least MIN_ROWS lines of at least MIN_COLS segments whose left edges line
    up; lines with fewer segments that start on a known column join the run as continuation
    lines. A new row starts where the first column has text.
    """
    found: list[tuple[int, int, Grid]] = []
    i = 0
    while i < len(lines):
        if len(lines[i].segments) < MIN_COLS:
            i += 1
            continue
        j = i
        strong = []
        while j < len(lines):
            ln = lines[j]
            if j > i and ln.top - lines[j - 1].bottom > 2.0 * ln.size:
                break
            if len(ln.segments) >= MIN_COLS:
                strong.append(ln)
            elif strong:
                cols = _columns(strong, ln.size)
                if not cols or not all(any(abs(s.x0 - x) <= ln.size for x in cols) for s in ln.segments):
                    break
            j += 1
        run = lines[i:j]
        cols = _columns(strong, max(ln.size for ln in run))
        if len(strong) >= MIN_ROWS and len(cols) >= MIN_COLS:
            found.append((i, j, _aligned_grid(run, cols)))
            i = j
        else:
            i += 1
    return found


def _aligned_grid(run: list[Line], cols: list[float]) -> Grid:
    size = max(ln.size for ln in run)
    rows: list[list[list[str]]] = []
    spans: list[list[float]] = []  # top, bottom of each row
    for ln in run:
        cells: list[list[str]] = [[] for _ in cols]
        for s in ln.segments:
            c = max(0, bisect_right(cols, s.x0 + size) - 1)
            cells[c].append(s.text)
        if not rows or cells[0]:
            rows.append([[] for _ in cols])
            spans.append([ln.top, ln.bottom])
        spans[-1][1] = max(spans[-1][1], ln.bottom)
        for c, parts in enumerate(cells):
            if parts:
                rows[-1][c].append(" ".join(parts))
    text_rows = [["\n".join(parts) for parts in row] for row in rows]
    x0 = min(ln.x0 for ln in run)
    x1 = max(ln.x1 for ln in run)
    bbox = (x0, run[0].top, x1, run[-1].bottom)
    boxes = [(x0, top, x1, bottom) for top, bottom in spans]
    return Grid(bbox, text_rows, [[False] * len(cols) for _ in text_rows], [*cols, x1], boxes)
