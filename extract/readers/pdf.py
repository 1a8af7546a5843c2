"""PDF reader (text layer, via pdfplumber): body lines and per-page table fragments.

One pass per page: ``page.find_tables()`` once, the characters read once and dealt to the
cells of the tables found (or to the body text), then each cell's characters turned into
text. That keeps the reader within a small factor of pdfplumber's own ``extract_tables()``.

What the reader decides (everything else is left to reconstruction):
- a ``None`` slot of pdfplumber's grid is a horizontal span (``""``) or the continuation
  of a vertical span (text copied down, ``merged=True``), see ``pdf_grid``;
- a page's first table fragment ``continues`` the previous one when nothing but page
  furniture lies between them and the columns line up (or the header row is repeated);
- page numbers, gazette banners, running headers/footers and footnotes under a table are
  dropped; everything else outside tables becomes ``Paragraph`` lines, the two columns of
  the header and signature blocks kept apart;
- pages without a text layer that hold images are scans, read by OCR (kind "pdf-ocr",
  an ``ocr`` warning per page); other pages without text get a ``no-text-layer`` warning.
  Without Tesseract a mostly scanned PDF fails, a partly scanned one keeps its text pages
  with an ``ocr-unavailable`` warning.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..model import Paragraph, PhulucError, RawDocument, RawRow, RawTable, Warning
from .limits import check_pdf_images, out_of_memory
from .pdf_grid import Grid, RuledTable, aligned_tables
from .pdf_rivers import OpenColumns, river_tables_across
from .pdf_rotate import needs_rotation, rotated_page
from .pdf_text import Line, attach_marks, column_order, furniture_key, is_page_furniture, text_lines

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
MIN_CHAR_SIZE = 3.0  # smaller glyphs are invisible markers, not text
FOOTNOTE_SIZE_RATIO = 0.85  # a line this much smaller than the page's body text, under a table
MAX_HEADER_ROWS = 3  # a repeated header is at most this many rows
COLUMN_TOLERANCE = 4.0  # points; column edges of continued fragments agree within this


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    grids: list[Grid] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    has_text: bool = True
    has_images: bool = False  # a page without text but with images is a scan (OCR it)
    open_table: OpenColumns | None = None  # a table without lines running on to the next page


def read_pdf(path: Path) -> RawDocument:
    """Read a PDF's text layer into a RawDocument (kind "pdf"; "pdf-ocr" for a scanned PDF)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PhulucError(f"cannot read file: {e.strerror or e}") from e
    _check_bytes(data)
    doc = RawDocument(file=path.name, kind="pdf", sha256=hashlib.sha256(data).hexdigest())
    pages = _read_pages(path)
    if not pages:
        raise PhulucError("corrupt PDF: no pages")
    doc.pages = len(pages)
    blank = [pc.number for pc in pages if not pc.has_text]
    scanned = [pc.number for pc in pages if not pc.has_text and pc.has_images]
    if scanned:  # scanned pages (a whole scan, or a scanned appendix after text pages): OCR them
        from .ocr import ocr_pages, ocr_warnings

        try:
            by_number = {pc.number: pc for pc in ocr_pages(path, scanned)[0]}
        except PhulucError as e:
            if 2 * len(blank) > len(pages):
                raise  # mostly scanned: nothing useful without OCR
            doc.warnings.append(Warning("ocr-unavailable", f"scanned pages {scanned} not read: {e}"))
            by_number = {}
        if by_number:
            pages = [by_number.get(pc.number, pc) for pc in pages]
            doc.kind = "pdf-ocr"
            doc.warnings.extend(ocr_warnings(scanned))
    for pc in pages:
        if not pc.has_text:
            doc.warnings.append(
                Warning("no-text-layer", f"page {pc.number} has no text layer (scanned?)", page=pc.number)
            )
    drop_furniture(pages)
    doc.blocks = page_blocks(pages)
    return doc


def _check_bytes(data: bytes) -> None:
    if not data:
        raise PhulucError("empty file")
    if b"%PDF-" not in data[:1024]:
        raise PhulucError("not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise PhulucError("truncated PDF (no %%EOF at the end of the file)")


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg[:200]


def _is_password_error(e: BaseException) -> bool:
    seen = 0
    while e is not None and seen < 5:
        name = type(e).__name__
        if "Password" in name or "Encryption" in name:
            return True
        if any(isinstance(a, BaseException) and _is_password_error(a) for a in getattr(e, "args", ())):
            return True
        e = e.__cause__ or e.__context__
        seen += 1
    return False


def _read_pages(path: Path) -> list[PageContent]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except (MemoryError, RecursionError):
        raise  # not the file's bytes being corrupt: the worker reports them as what they are
    except Exception as e:  # pdfminer raises many types for bad input
        if out_of_memory(e):
            raise MemoryError(_one_line(e)) from e
        if _is_password_error(e):
            raise PhulucError("password-protected PDF") from e
        raise PhulucError(f"corrupt PDF: {_one_line(e)}") from e
    try:
        with pdf:
            out: list[PageContent] = []
            for page in pdf.pages:  # in order: a table without lines may go on from the page before
                out.append(_read_page(page, out[-1].open_table if out else None))
                _release(pdf, page)
            return out
    except (PhulucError, MemoryError, RecursionError):
        raise
    except Exception as e:
        if out_of_memory(e):
            raise MemoryError(_one_line(e)) from e
        if _is_password_error(e):
            raise PhulucError("password-protected PDF") from e
        raise PhulucError(f"corrupt PDF: {_one_line(e)}") from e


def _release(pdf, page) -> None:
    """Forget a page once read, so memory stays flat in the length of the PDF: pdfplumber
    keeps each page's layout and objects, pdfminer every object it parsed (content streams
    included). Fonts stay cached in pdfminer's resource manager; what a later page shares
    with this one is parsed again, which costs little."""
    page.close()
    for cache in (getattr(pdf.doc, "_cached_objs", None), getattr(pdf.doc, "_parsed_objs", None)):
        if cache is not None:  # pdfminer's own caches (private: absent in a version, skipped)
            cache.clear()


def _read_page(page, carry: OpenColumns | None = None) -> PageContent:
    # Space glyphs stay: the word clusterer treats them as word breaks.
    chars = [c for c in page.chars if (c.get("size") or 0) >= MIN_CHAR_SIZE]
    if not any(c["text"].strip() for c in chars):
        check_pdf_images(page.page_number, page.images)  # a scan to OCR: refuse a bomb before decoding
        return PageContent(
            page.page_number, float(page.width), float(page.height), has_text=False, has_images=bool(page.images)
        )
    unturn = None
    if needs_rotation(chars):  # text printed sideways (a landscape table on a portrait page)
        page = rotated_page(page, chars)
        unturn = page.unturn_box
        chars = [c for c in page.chars if (c.get("size") or 0) >= MIN_CHAR_SIZE]
    pc = PageContent(page.page_number, float(page.width), float(page.height))
    chars = attach_marks(_dedupe(chars))
    if any(_invisible(r) for r in page.rects):  # white boxes behind text are not ruling lines
        page = page.filter(lambda o: o.get("object_type") != "rect" or not _invisible(o))
    ruled = [RuledTable(t) for t in page.find_tables(TABLE_SETTINGS)]
    ruled = [t for t in ruled if t.n_rows() >= 2 and t.n_cols() >= 2]
    outside: list[dict] = []
    for ch in chars:
        if not any(t.take(ch) for t in ruled):
            outside.append(ch)
    pc.grids = [t.grid() for t in ruled]
    pc.lines = text_lines(outside)
    if not ruled:
        # Tables without vertical rules: whitespace rivers between cells (on word lines,
        # which group the same words into the same lines), else wide-gap alignment.
        words = text_lines(outside, 0.0, 0.0)
        found: list = []
        if len(words) == len(pc.lines):
            found, pc.open_table = river_tables_across(words, page.edges, float(page.width), carry)
        if not found:
            found = aligned_tables(pc.lines)
        if found:
            keep: list[Line] = []
            last = 0
            for i, j, grid in found:
                keep.extend(pc.lines[last:i])
                pc.grids.append(grid)
                last = j
            keep.extend(pc.lines[last:])
            pc.lines = keep
    pc.grids.sort(key=lambda g: g.bbox[1])
    if unturn is not None:  # provenance boxes in the page's own coordinates, not the turned ones
        for g in pc.grids:
            g.row_boxes = [unturn(b) for b in g.row_boxes]
    _drop_footnotes(pc, chars)
    return pc


def _is_white(color) -> bool:
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:  # CMYK
        return all(v <= 0.05 for v in color)
    return all(v >= 0.95 for v in color)


def _invisible(rect: dict) -> bool:
    """A rectangle nobody sees as a border: not stroked, and not filled or filled white."""
    if rect.get("stroke") and not _is_white(rect.get("stroking_color")):
        return False
    return not rect.get("fill") or _is_white(rect.get("non_stroking_color"))


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop glyphs printed twice at the same spot (fake bold)."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _drop_footnotes(pc: PageContent, chars: list[dict]) -> None:
    """Footnotes: small-print lines under the last table of the page."""
    if not pc.grids or not pc.lines:
        return
    body = statistics.median(c["size"] for c in chars if c["text"].strip())
    bottom = max(g.bbox[3] for g in pc.grids)
    pc.lines = [ln for ln in pc.lines if not (ln.top >= bottom and ln.size <= FOOTNOTE_SIZE_RATIO * body)]


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
