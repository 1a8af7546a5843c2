"""OCR reader for scanned PDFs (pages without a text layer), via Tesseract.

Per page: render at ``DPI`` in grayscale (pypdfium2), deskew, find the ruled table grids
from the image (``ocr_grid``), OCR every non-empty cell (all cells of a page in one
Tesseract call, ``--psm 6``), and OCR the rest of the page (tables painted white,
``--psm 3``) for the body lines. The result is the same ``PageContent`` the text-layer
reader builds, so page furniture, header-block column order, table continuation and
repeated headers are decided by the very same code (``pdf.page_blocks``).

Only reader-side clean-up is done on the text: ruling lines read as "|", border specks at
line ends, words cut by a narrow column put back together. Words are never "corrected".
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import math
import re
import statistics
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..budget import expired
from ..model import PhulucError, RawDocument, Warning
from .limits import check_render
from .ocr_correct import correct_tables
from .ocr_glyphs import count_stems, fix_i_runs, has_flag
from .ocr_grid import INK_MAX, TableGrid, binarise, dilate, find_tables, line_ink, skew_angle, text_line_count
from .ocr_rivers import OcrRiverFinder
from .ocr_text import Word, cell_text_words, group_lines, require_tesseract, run_tesseract
from .page_blocks import page_blocks
from .page_layout import Grid, Line, PageContent, Segment, drop_furniture
from .pdf_text import SEGMENT_GAP_EM
from .stamps import gray_without_stamps
from .table_finders import TableFinder, run_finders

log = logging.getLogger(__name__)  # the traceback of a page phuluc failed on (DEBUG level)
DPI = 300
MIN_SKEW_DEG = 0.05  # smaller skews are not worth a resampling
MIN_CELL_INK = 40  # dark pixels; fewer is an empty cell with specks
WORKERS = 2
SMALL_SCALE = 2 / 3  # single-line cells are read at this share of DPI (200 dpi)
RETRY_SCALE = 0.5
RETRY_CONF = 30.0
SHORT_TEXT = 3  # characters
_ROMAN = re.compile(r"^[IVX]+[.,]?$")
_LOW_QUOTES = {"„", ",,", "‚‚", "‟", "''", "“", "”"}
INK_LEVEL = INK_MAX + 1  # gray below this is ink (as in ``binarise``)
# A cell holding a word Tesseract read with less confidence (0-100) than this is flagged
# ``ocr-low-confidence:<field>`` on its task: below it, a word is wrong more often than not.
LOW_CONFIDENCE = 60.0


def read_scanned(path: Path, pages: list[int] | None = None) -> RawDocument:
    """OCR a scanned PDF (or the given 1-based pages of it) into a RawDocument (kind "pdf-ocr")."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PhulucError(f"cannot read file: {e.strerror or e}") from e
    doc = RawDocument(file=path.name, kind="pdf-ocr", sha256=hashlib.sha256(data).hexdigest())
    cell_words: dict[tuple[int, str], list[Word]] = {}
    contents, n_pages, notes = ocr_pages(path, pages, cell_words)
    if not contents:
        raise ocr_refusal(notes)
    doc.pages = n_pages
    doc.warnings.extend(notes)
    doc.warnings.extend(ocr_warnings([pc.number for pc in contents]))
    for pc in contents:
        doc.warnings.extend(pc.notes)
    drop_furniture(contents)
    doc.blocks = page_blocks(contents)
    correct_tables(doc.blocks, cell_words)  # doubtful words of closed-vocabulary columns
    return doc


def ocr_warnings(numbers: list[int]) -> list[Warning]:
    """One ``ocr`` warning per page read by OCR (they replace ``no-text-layer``)."""
    return [
        Warning("ocr", f"page {n} has no text layer: text read by OCR, may contain recognition errors", page=n)
        for n in numbers
    ]


def ocr_pages(
    path: Path, pages: list[int] | None = None, cell_words: dict[tuple[int, str], list[Word]] | None = None
) -> tuple[list[PageContent], int, list[Warning]]:
    """OCR the given 1-based pages (all when None).

    Returns the contents of the pages read, the page count, and a ``page-unreadable``
    warning for each page that could not be rendered or OCR'd. Without Tesseract (or
    when pdfium refuses the whole file) it raises PhulucError.
    """
    require_tesseract()
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:  # pdfium refuses the file's bytes
        raise PhulucError(f"corrupt PDF: {' '.join(str(e).split())[:200]}") from e
    lock = threading.Lock()  # pdfium is not thread-safe: one render at a time
    try:
        n = len(pdf)
        numbers = [p for p in (pages if pages is not None else range(1, n + 1)) if 1 <= p <= n]

        def work(number: int) -> PageContent | Warning:
            if expired():  # the file is being given up on: do not render the pages still queued
                return _unreadable(number, "the file's --timeout budget ran out")
            try:
                with lock:
                    page = pdf[number - 1]
                    width, height = page.get_size()
                    check_render(number, width, height, DPI / 72)  # before the bitmap is allocated
                    rgb = page.render(scale=DPI / 72, rev_byteorder=True).to_numpy()
                # In colour, so the red seal can be told from the print (stamps.py).
                gray, _ = gray_without_stamps(np.ascontiguousarray(rgb[..., :3]), DPI)
                extra = {"cell_words": cell_words} if cell_words is not None else {}
                return ocr_page(number, gray, float(width), float(height), **extra)
            except pdfium.PdfiumError as e:
                return _unreadable(number, f"cannot render the page ({' '.join(str(e).split())[:160]})")
            except PhulucError as e:  # too large to render, Tesseract failed, or the budget ran out
                return _unreadable(number, str(e))
            except (MemoryError, RecursionError):
                raise  # the worker's memory cap: the file's, not one page's
            except Exception as e:  # noqa: BLE001 - phuluc's bug on one page must not cost the others
                if expired():
                    raise
                log.debug("OCR of page %d of %s", number, path, exc_info=e)
                return _unreadable(number, f"internal error ({type(e).__name__}: {' '.join(str(e).split())[:160]}); "
                                   "please report this file")

        # Each page runs in a copy of this context: the file's time budget goes with it.
        with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(numbers)))) as ex:
            futures = [ex.submit(contextvars.copy_context().run, work, number) for number in numbers]
            results = [f.result() for f in futures]
    finally:
        pdf.close()
    contents = [r for r in results if isinstance(r, PageContent)]
    notes = [r for r in results if isinstance(r, Warning)]
    return contents, n, notes


_NOT_READ = "not read by OCR: "


def _unreadable(number: int, reason: str) -> Warning:
    return Warning("page-unreadable", f"page {number} {_NOT_READ}{reason}", page=number)


def ocr_refusal(notes: list[Warning]) -> PhulucError:
    """The reason a scan none of whose pages could be OCR'd is refused: the page's own reason
    when it had one page ("page 1 is … too large to render"), else the first of them."""
    if not notes:
        return PhulucError("scanned PDF: no page to read")
    first = notes[0].message.split(_NOT_READ, 1)[-1]
    if len(notes) == 1:
        return PhulucError(first)
    return PhulucError(f"scanned PDF: none of its {len(notes)} pages could be read by OCR ({notes[0].message})")


@dataclass
class ScanPage:
    """A scanned page as the OCR table finders see it (``table_finders``)."""

    number: int
    gray: np.ndarray  # the deskewed page image, 0 = black
    ink: np.ndarray  # its binarised ink
    dpi: int
    work: Path  # a scratch folder for Tesseract's images
    body: np.ndarray  # the image left for the body text: finders paint their tables white
    notes: list[Warning] = field(default_factory=list)
    # (page, cell text) -> the cell's OCR words, for ``ocr_correct`` (None: not wanted)
    cell_words: dict[tuple[int, str], list[Word]] | None = None
    # The body's OCR started beside the cells' (``OcrGridFinder``), on the body as it will
    # be once the tables are read: (that image, its pending words).
    body_ocr: tuple[np.ndarray, Future] | None = None


class OcrGridFinder:
    """Ruled tables found in the image (``ocr_grid``), every non-empty cell OCR'd."""

    name = "ocr-grid"

    def find(self, page: ScanPage) -> list[Grid]:
        tables, lines = find_tables(page.ink, page.dpi)
        if not any(t.n_rows >= 2 and t.n_cols >= 2 for t in tables):
            # No table drawn in dark lines: look again for faint or broken ones (costlier).
            tables, lines = find_tables(page.ink, page.dpi, line_ink(page.gray, page.dpi))
        tables = [t for t in tables if t.n_rows >= 2 and t.n_cols >= 2]
        if not tables:
            return []
        body = page.body.copy()
        pad = page.dpi // 50
        for t in tables:
            x0, y0, x1, y1 = t.bbox
            body[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 255
        # The body text is read by a second Tesseract while the cells are: the page's wall
        # time is about the longer of the two, not their sum.
        run = contextvars.copy_context().run
        page.body_ocr = (body, _BODY_POOL.submit(run, _ocr_images, [body], page.work, "body", 3, page.dpi))
        words: dict[str, list[Word]] = {}
        grids = _read_tables(tables, page.gray, page.ink, lines, page.work, page.dpi, 72.0 / page.dpi, words)
        if page.cell_words is not None:
            page.cell_words.update({(page.number, t): ws for t, ws in words.items()})
        page.body[:] = body
        return grids


_BODY_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="phuluc-ocr-body")


# The table finders of a scanned page, in the order they are tried.
OCR_FINDERS: list[TableFinder] = [OcrGridFinder(), OcrRiverFinder()]


def ocr_page(number: int, gray: np.ndarray, width: float, height: float, dpi: int = DPI,
             cell_words: dict[tuple[int, str], list[Word]] | None = None) -> PageContent:
    """OCR one page image (grayscale, 0 = black) into a PageContent (coordinates in points)."""
    from PIL import Image

    ink = binarise(gray)
    angle = skew_angle(ink)
    if abs(angle) >= MIN_SKEW_DEG:
        img = Image.fromarray(gray).rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        gray = np.asarray(img)
        ink = binarise(gray)
    pc = PageContent(number, width, height)
    with tempfile.TemporaryDirectory(prefix="phuluc-ocr-") as tmp:
        src = ScanPage(number, gray, ink, dpi, Path(tmp), gray.copy(), cell_words=cell_words)
        try:
            pc.grids = run_finders(src, OCR_FINDERS, number, src.notes)
        finally:
            started = src.body_ocr[1].exception() is None if src.body_ocr else False  # waits for it
        pc.notes = src.notes
        if abs(angle) >= MIN_SKEW_DEG:  # provenance boxes on the page as scanned, not as deskewed
            scale = 72.0 / dpi
            centre = (gray.shape[1] * scale / 2, gray.shape[0] * scale / 2)
            for g in pc.grids:
                g.row_boxes = [skewed_box(b, angle, centre) for b in g.row_boxes]
        if started and src.body_ocr is not None and np.array_equal(src.body_ocr[0], src.body):
            body_words = src.body_ocr[1].result().get(0, [])
        else:  # no table, or the finder failed before painting its tables out
            body_words = _ocr_images([src.body], src.work, "body", psm=3, dpi=dpi).get(0, [])
        body_words = fix_i_runs(body_words, src.body < INK_LEVEL)
    pc.lines = _body_lines(body_words, 72.0 / dpi)
    return pc


def skewed_box(box: tuple[float, float, float, float], angle: float,
               centre: tuple[float, float]) -> tuple[float, float, float, float]:
    """A box of the deskewed page (turned by ``-angle`` degrees about ``centre``) as the
    smallest upright box around the same region of the page as scanned."""
    a = math.radians(angle)
    cos, sin = math.cos(a), math.sin(a)
    cx, cy = centre
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos + dy * sin)  # PIL's rotate(angle): counter-clockwise on screen
        ys.append(cy - dx * sin + dy * cos)
    return min(xs), min(ys), max(xs), max(ys)


def _ocr_images(images: list[np.ndarray], work: Path, stem: str, psm: int, dpi: int,
                whitelist: str = "") -> dict[int, list[Word]]:
    from PIL import Image

    paths = []
    for i, a in enumerate(images):
        p = work / f"{stem}-{i}.png"
        Image.fromarray(a).save(p)
        paths.append(p)
    return run_tesseract(paths, work, psm=psm, dpi=dpi, whitelist=whitelist)


def _read_tables(
    tables: list[TableGrid], gray: np.ndarray, ink: np.ndarray, lines: np.ndarray, work: Path, dpi: int, scale: float,
    cell_words: dict[str, list[Word]] | None = None,
) -> list[Grid]:
    """The grids of the page's ruled tables, every non-empty cell OCR'd; ``cell_words``
    receives each cell text's words (with their confidence)."""
    # Ruling lines are painted white before OCR, so they cannot come out as "|" or "_".
    clean_ink = ink & ~dilate(lines, max(1, dpi // 100))
    jobs: list[_CellJob] = []
    border = dpi // 15
    inset = max(2, dpi // 60)
    near = max(1, dpi // 150)
    for ti, t in enumerate(tables):
        for ci, cell in enumerate(t.cells):
            x0, y0, x1, y1 = cell.box
            x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            cink = clean_ink[y0:y1, x0:x1]
            if int(cink.sum()) < MIN_CELL_INK:
                continue
            ys, xs = np.nonzero(cink)
            cx0, cx1 = int(xs.min()), int(xs.max()) + 1
            cy0, cy1 = int(ys.min()), int(ys.max()) + 1
            crop = _clean_crop(gray[y0 + cy0 : y0 + cy1, x0 + cx0 : x0 + cx1], cink[cy0:cy1, cx0:cx1], near)
            crop = np.pad(crop, border, constant_values=255)
            # One line of text: --psm 7, at the scan's usual resolution, reads short tokens
            # ("nt", '"', "3") better than a block read of the upsampled image.
            single = text_line_count(cink[cy0:cy1, cx0:cx1]) <= 1
            factor = SMALL_SCALE if single else 1.0
            # The cell's inner edges in crop coordinates (for words cut by a narrow column).
            left, right = border - cx0, border - cx0 + (x1 - x0)
            jobs.append(_CellJob(ti, ci, cell.c0, _scaled(crop, factor), 7 if single else 6, factor,
                                 int(left * factor), int(right * factor)))
    texts: list[list[str]] = [[""] * len(t.cells) for t in tables]
    for psm, factor in ((6, 1.0), (7, SMALL_SCALE)):
        batch = [j for j in jobs if j.psm == psm]
        words = _ocr_images([j.image for j in batch], work, f"cell{psm}", psm=psm, dpi=int(dpi * factor))
        for i, j in enumerate(batch):
            j.text, j.words = _job_text(j, words.get(i, []))
            j.conf = _mean_conf(words.get(i, []))
            j.low = _low(words.get(i, []))
    # A second look at half size: where nothing was read (a lone ditto mark is often
    # dropped as noise) and at very short texts ("nt" read as "nf"), the likelier reading
    # (higher mean confidence) wins.
    retry = [j for j in jobs if len(j.text) <= SHORT_TEXT and not (j.text.isdigit() or _ROMAN.match(j.text))]
    if retry:
        images = [_scaled(j.image, RETRY_SCALE / j.factor) for j in retry]
        words = _ocr_images(images, work, "retry", psm=7, dpi=int(dpi * RETRY_SCALE))
        for i, j in enumerate(retry):
            ws = words.get(i, [])
            text, kept = cell_text_words(ws, 0, images[i].shape[1])
            conf = _mean_conf(ws)
            if text and conf >= RETRY_CONF and (not j.text or conf > j.conf):
                j.text, j.conf, j.words, j.low = text, conf, kept, _low(ws)
    for j in jobs:
        if j.text in _LOW_QUOTES:  # a ditto mark cut out of its line has no baseline to sit on
            j.text = '"'
    lows: list[list[bool]] = [[False] * len(t.cells) for t in tables]
    for j in jobs:
        texts[j.table][j.cell] = j.text
        if cell_words is not None and j.words:
            cell_words[j.text] = j.words
        lows[j.table][j.cell] = j.low and bool(j.text)
    _section_numerals(tables, jobs, texts)
    grids = [_grid(t, texts[ti], scale, lows[ti]) for ti, t in enumerate(tables)]
    for g in grids:
        fix_number_row(g.rows)
    return grids


# Quote marks and toned i's too: the serifs of a bold "II" read as '„"' or "Hị", its joined serifs as "n" or "u".
_I_CONFUSION = re.compile(r"^[nuIHMlL|1iíìịỉĩÍÌỊỈĨJ!„\"“”'‘’]{1,4}[.]?$")


_A_NUMBER = re.compile(r"^[(\[]?(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.):\]]?$", re.IGNORECASE)


def _section_numerals(tables: list[TableGrid], jobs: list[_CellJob], texts: list[list[str]]) -> None:
    """Roman section numbers read as digits or letters ("1" for I, "IMH" for III).

    In a section-shaped row (only the number and the second column filled) a number cell
    read as I-like strokes, or as no number at all, is the run of I's the glyph stems
    count (when the glyphs are nothing but plain stems), unless the one stem has
    the flag of a "1" (a group numbered in Arabic digits stays "1").
    """
    by_cell = {(j.table, j.cell): j for j in jobs}
    for ti, t in enumerate(tables):
        for r in range(t.n_rows):
            ks = [t.owner[r][c] for c in range(t.n_cols)]
            if len(ks) < 3 or ks[0] is None or ks[1] is None or ks[0] == ks[1]:
                continue
            if t.cells[ks[0]].r0 != r or t.cells[ks[1]].r0 != r:
                continue
            if any(texts[ti][k] for k in ks[2:] if k not in (ks[0], ks[1])) or not texts[ti][ks[1]]:
                continue
            j = by_cell.get((ti, ks[0]))
            if j is None or _ROMAN.match(j.text):
                continue
            # I-like strokes, or no number at all (JPEG blotches read as 'ụ"'): the stems decide.
            if not _I_CONFUSION.match(j.text) and _A_NUMBER.match(j.text):
                continue
            ink = j.image < INK_LEVEL
            n = count_stems(ink)
            if n and not (n == 1 and has_flag(ink)):
                texts[ti][ks[0]] = "I" * n + ("." if j.text.endswith(".") else "")


NUMBER_ROW_AT = 4  # the column-number row is among the first rows (under the header)
_NUMBER_CELL = re.compile(r"^[(\[{]?(\d{1,2})[)\]}]?\.?$")
_MANGLED_NUMBER = re.compile(r"^[(\[{]?[^\s\w]?\w?[^\s\w]?[)\]}]$|^[(\[{]\w?[^\s\w]{0,2}$")


def fix_number_row(rows: list[list[str]]) -> None:
    """Put back the column-number row "(1) (2) (3) …" that OCR mangles ("q) 2) @) 4 @®) (6)").

    A row near the top whose cells are all such short tokens, at least two of them reading
    as their own column's number and none as another number, is that row: every cell is
    rewritten as "(k)", so reconstruction recognises it.
    """
    for row in rows[:NUMBER_ROW_AT]:
        cells = [c.strip() for c in row]
        if len(cells) < 3 or any(not c for c in cells):
            continue
        hits = 0
        ok = True
        for k, c in enumerate(cells, start=1):
            m = _NUMBER_CELL.match(c)
            if m:
                if int(m.group(1)) != k:
                    ok = False
                    break
                hits += 1
            elif len(c) > 4 or not _MANGLED_NUMBER.match(c):
                ok = False
                break
        if ok and hits >= 2 and any(not _NUMBER_CELL.match(c) or "(" in c or ")" in c for c in cells):
            row[:] = [f"({k})" for k in range(1, len(cells) + 1)]
            return


@dataclass
class _CellJob:
    table: int
    cell: int
    col: int  # first grid column of the cell
    image: np.ndarray
    psm: int
    factor: float  # image scale relative to the page render
    left: int  # the cell's inner edges in image coordinates
    right: int
    text: str = ""
    conf: float = 0.0
    words: list[Word] = field(default_factory=list)  # the words of ``text``, with confidence
    low: bool = False  # a word read below LOW_CONFIDENCE


def _low(words: list[Word]) -> bool:
    return any(w.conf < LOW_CONFIDENCE for w in words)


def _mean_conf(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _scaled(a: np.ndarray, factor: float) -> np.ndarray:
    if abs(factor - 1.0) < 1e-3:
        return a
    from PIL import Image

    im = Image.fromarray(a)
    size = (max(1, round(im.width * factor)), max(1, round(im.height * factor)))
    return np.asarray(im.resize(size, Image.Resampling.LANCZOS))


def _job_text(j: _CellJob, words: list[Word]) -> tuple[str, list[Word]]:
    ink = j.image < INK_LEVEL
    text, kept = cell_text_words(fix_i_runs(words, ink), j.left, j.right)
    if not text and j.col == 0:  # a lone "I" of a numbering column, read as a ruling line
        n = count_stems(ink)
        text, kept = ("I" * n if n else ""), []
    return text, kept


def _clean_crop(gray: np.ndarray, ink: np.ndarray, near: int) -> np.ndarray:
    """The crop with everything away from the ink painted white.

    Tesseract binarises each image itself; on a cell holding little ink (a ditto mark, "nt")
    its threshold falls inside the paper's grain and the grain comes out as letters. Keeping
    only the ink and its anti-aliased rim avoids that.
    """
    out = gray.copy()
    out[~dilate(ink, near)] = 255
    return out



def _grid(t: TableGrid, texts: list[str], scale: float, lows: list[bool] | None = None) -> Grid:
    """Rows of slots: a merged cell's text in its first slot, copied down (merged) below it."""
    rows: list[list[str]] = []
    merged: list[list[bool]] = []
    low: list[list[bool]] = []
    for r in range(t.n_rows):
        row: list[str] = []
        mrow: list[bool] = []
        lrow: list[bool] = []
        for c in range(t.n_cols):
            k = t.owner[r][c]
            cell = t.cells[k]
            if c != cell.c0:  # covered from the left: a horizontal span
                row.append("")
                mrow.append(False)
                lrow.append(False)
            else:
                row.append(texts[k])
                mrow.append(r != cell.r0)
                lrow.append(bool(lows and lows[k]))
        rows.append(row)
        merged.append(mrow)
        low.append(lrow)
    x0, y0, x1, y1 = t.bbox
    # row boxes in points (the deskew turn of at most a degree or two is not undone)
    boxes = [(x0 * scale, t.ys[r] * scale, x1 * scale, t.ys[r + 1] * scale) for r in range(t.n_rows)]
    return Grid(
        (x0 * scale, y0 * scale, x1 * scale, y1 * scale), rows, merged, [x * scale for x in t.xs], boxes, low
    )


SPECK_CONF = 30.0  # a word read with less confidence …
SPECK_HEIGHT = 0.4  # … and less tall than this share of its line's words is a speck
GARBAGE_MEAN = 45.0  # a body line whose words average less confidence …
GOOD_WORD_CONF = 60.0  # … and has no word of two letters or more read this confidently is noise


def _drop_specks(ws: list[Word]) -> list[Word]:
    """Without the tiny low-confidence 'words' a speck of dirt beside a line is read as."""
    if len(ws) < 2:
        return ws
    h = statistics.median(w.height for w in ws)
    return [w for w in ws if not (w.conf < SPECK_CONF and w.height < SPECK_HEIGHT * h)]


def _garbage(ws: list[Word]) -> bool:
    """A body line OCR made out of specks and smudges ("b2", "ì TS h ST"): low mean
    confidence and not one confidently read word of at least two letters. Left in, such a
    line would sit between two fragments of a table and cut it in two."""
    if _mean_conf(ws) >= GARBAGE_MEAN:
        return False
    return not any(w.conf >= GOOD_WORD_CONF and sum(ch.isalpha() for ch in w.text) >= 2 for w in ws)


def _body_lines(words: list[Word], scale: float) -> list[Line]:
    """Visual lines of the body text: Tesseract lines at the same height side by side are
    one line of several segments (the two columns of the header and signature blocks)."""
    units = []
    for ws in group_lines(words):
        ws = [w for w in ws if w.text.strip("|¦_~`")]
        ws = _drop_specks(ws)
        text = " ".join(w.text for w in ws)
        if not ws or not any(ch.isalnum() for ch in text) or _garbage(ws):
            continue
        units.append(ws)
    units.sort(key=lambda ws: min(w.top for w in ws))
    visual: list[list[list[Word]]] = []
    for ws in units:
        top = min(w.top for w in ws)
        bottom = max(w.bottom for w in ws)
        mid = (top + bottom) / 2
        for vl in visual:
            vtop = min(w.top for u in vl for w in u)
            vbottom = max(w.bottom for u in vl for w in u)
            overlaps = any(not (ws[-1].right < u[0].left or ws[0].left > u[-1].right) for u in vl)
            if vtop <= mid <= vbottom and not overlaps:
                vl.append(ws)
                break
        else:
            visual.append([ws])
    out: list[Line] = []
    for vl in visual:
        all_words = sorted((w for u in vl for w in u), key=lambda w: w.left)
        size = statistics.median(w.height for w in all_words) * scale
        gap = SEGMENT_GAP_EM * size / scale
        groups: list[list[Word]] = [[all_words[0]]]
        for w in all_words[1:]:
            prev = groups[-1][-1]
            if w.left - prev.right > gap or w.line[0] != prev.line[0]:
                groups.append([w])
            else:
                groups[-1].append(w)
        line = Line(
            size=size,
            top=min(w.top for w in all_words) * scale,
            bottom=max(w.bottom for w in all_words) * scale,
        )
        for g in groups:
            text = " ".join(w.text for w in g).strip(" |¦_")
            if not any(ch.isalnum() for ch in text):  # specks and stray punctuation
                continue
            line.segments.append(
                Segment(
                    text,
                    g[0].left * scale,
                    g[-1].right * scale,
                    min(w.top for w in g) * scale,
                    max(w.bottom for w in g) * scale,
                    size,
                )
            )
        if line.segments:
            out.append(line)
    out.sort(key=lambda ln: ln.top)
    return out
