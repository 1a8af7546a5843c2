"""PDF reader (text layer, via pdfplumber): body lines and per-page table fragments.

One pass per page: the table finders (``table_finders``) take their tables out of the
page, the characters read once and dealt to the cells of the tables found (or to the body
text), then each cell's characters turned into text. That keeps the reader within a small
factor of pdfplumber's own ``extract_tables()``.

What the reader decides (everything else is left to reconstruction):
- a page's tables come from the first finder that finds any: ruling lines
  (``pdf_grid.RuledGridFinder``), else whitespace rivers under a task-table header
  (``pdf_rivers.RiverFinder``), else wide-gap alignment (``pdf_grid.AlignedFinder``);
- page numbers, gazette banners, running headers/footers and footnotes under a table are
  dropped; everything else outside tables becomes ``Paragraph`` lines (``page_layout``,
  ``page_blocks``);
- pages without a text layer that hold images are scans, read by OCR (kind "pdf-ocr",
  an ``ocr`` warning per page); other pages without text get a ``no-text-layer`` warning.
  Without Tesseract a mostly scanned PDF fails, a partly scanned one keeps its text pages
  with an ``ocr-unavailable`` warning.

Failures stay where they happen. A page pdfminer cannot parse, or one phuluc fails on,
becomes a ``page-unreadable`` warning with its reason and the other pages are read; a
table phuluc fails on becomes ``table-unreadable`` and its text stays body text. The
document fails only when no page can be read: "corrupt PDF" when the parser refused the
bytes, phuluc's own exception (an internal error) otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import statistics
from dataclasses import dataclass
from pathlib import Path

from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ..budget import expired
from ..model import PhulucError, RawDocument, Warning
from .page_blocks import _row_key, _same_row, page_blocks  # noqa: F401 - _row_key, _same_row used by tests
from .page_layout import PageContent, drop_furniture
from .pdf_grid import AlignedFinder, RuledGridFinder
from .pdf_rivers import RiverFinder
from .pdf_rotate import needs_rotation, rotated_page
from .pdf_text import TextPage, attach_marks
from .table_finders import TableFinder, run_finders

__all__ = ["read_pdf", "PageContent", "drop_furniture", "page_blocks", "PARSER_ERRORS"]

log = logging.getLogger(__name__)  # the traceback of a page phuluc failed on (DEBUG level)

MIN_CHAR_SIZE = 3.0  # smaller glyphs are invisible markers, not text
FOOTNOTE_SIZE_RATIO = 0.85  # a line this much smaller than the page's body text, under a table

# What pdfplumber/pdfminer raise on bytes they cannot parse: the file's fault. pdfplumber
# wraps pdfminer's errors at open and per page in PdfminerException; lazily resolved
# objects may raise pdfminer's own PSException family.
PARSER_ERRORS: tuple[type[BaseException], ...] = (PdfminerException, MalformedPDFException, PSException)
# Building the page list runs only pdfminer's and pdfplumber's code on the file's page tree;
# pdfplumber checks a damaged page box by iterating it, so a TypeError there is the file's too.
PAGE_TREE_ERRORS: tuple[type[BaseException], ...] = (*PARSER_ERRORS, TypeError, ValueError, KeyError)

# The table finders of a text-layer page, in the order they are tried.
FINDERS: list[TableFinder] = [RuledGridFinder(), RiverFinder(), AlignedFinder()]


@dataclass
class _PageFailure:
    number: int
    reason: str
    error: BaseException
    parser: bool  # the parser refused the page's bytes (else: phuluc's own bug)


def read_pdf(path: Path) -> RawDocument:
    """Read a PDF's text layer into a RawDocument (kind "pdf"; "pdf-ocr" for a scanned PDF)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PhulucError(f"cannot read file: {e.strerror or e}") from e
    _check_bytes(data)
    doc = RawDocument(file=path.name, kind="pdf", sha256=hashlib.sha256(data).hexdigest())
    pages, failures = _read_pages(path)
    if not pages:
        raise PhulucError("corrupt PDF: no pages")
    doc.pages = len(pages)
    failed = {f.number for f in failures}
    for f in failures:
        doc.warnings.append(Warning("page-unreadable", f"page {f.number} not read: {f.reason}", page=f.number))
    blank = [pc.number for pc in pages if not pc.has_text and pc.number not in failed]
    scanned = [pc.number for pc in pages if not pc.has_text and pc.has_images and pc.number not in failed]
    ocr_read = 0
    if scanned:  # scanned pages (a whole scan, or a scanned appendix after text pages): OCR them
        from .ocr import ocr_pages, ocr_warnings

        try:
            contents, _, ocr_notes = ocr_pages(path, scanned)
        except PhulucError as e:
            if 2 * len(blank) > len(pages):
                raise  # mostly scanned: nothing useful without OCR
            doc.warnings.append(Warning("ocr-unavailable", f"scanned pages {scanned} not read: {e}"))
            contents, ocr_notes = [], []
        doc.warnings.extend(ocr_notes)
        by_number = {pc.number: pc for pc in contents}
        if by_number:
            pages = [by_number.get(pc.number, pc) for pc in pages]
            doc.kind = "pdf-ocr"
            doc.warnings.extend(ocr_warnings(sorted(by_number)))
            ocr_read = len(by_number)
    for pc in pages:
        doc.warnings.extend(pc.notes)
        if not pc.has_text and pc.number not in failed:
            doc.warnings.append(
                Warning("no-text-layer", f"page {pc.number} has no text layer (scanned?)", page=pc.number)
            )
    if not any(pc.has_text for pc in pages):
        _nothing_read(failures, ocr_read, doc.warnings)
    drop_furniture(pages)
    doc.blocks = page_blocks(pages)
    return doc


def _nothing_read(failures: list[_PageFailure], ocr_read: int, warnings: list[Warning]) -> None:
    """No page gave any text: say why, truthfully."""
    bugs = [f for f in failures if not f.parser]
    if bugs:
        raise bugs[0].error  # phuluc's own failure: reported as an internal error
    if failures:
        raise PhulucError(f"corrupt PDF: no page could be read (page {failures[0].number}: {failures[0].reason})")
    ocr_failed = [w for w in warnings if w.code in ("page-unreadable", "ocr-unavailable")]
    if ocr_failed:
        raise PhulucError(f"scanned PDF: no page could be read by OCR ({ocr_failed[0].message})")
    if not ocr_read:
        raise PhulucError("no text layer and no scanned image to read: nothing to extract")


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


def _parser_refusal(e: BaseException) -> PhulucError:
    if _is_password_error(e):
        return PhulucError("password-protected PDF")
    return PhulucError(f"corrupt PDF: {_one_line(e)}")


def _read_pages(path: Path) -> tuple[list[PageContent], list[_PageFailure]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except PARSER_ERRORS as e:
        raise _parser_refusal(e) from e
    try:
        try:
            plumber_pages = pdf.pages
        except PAGE_TREE_ERRORS as e:  # the page tree itself
            raise _parser_refusal(e) from e
        out: list[PageContent] = []
        failures: list[_PageFailure] = []
        carry = None
        for page in plumber_pages:  # in order: a table without lines may go on from the page before
            number = page.page_number
            try:
                pc = read_page(page, carry)
            except PARSER_ERRORS as e:
                if _is_password_error(e):
                    raise PhulucError("password-protected PDF") from e
                failures.append(_PageFailure(number, f"corrupt page content ({_one_line(e)})", e, True))
                pc = PageContent(number, float(page.width), float(page.height), has_text=False)
            except Exception as e:  # noqa: BLE001 - phuluc's bug on one page must not cost the others
                if expired():
                    raise
                log.debug("page %d of %s", number, path, exc_info=e)
                failures.append(_PageFailure(
                    number, f"internal error ({type(e).__name__}: {_one_line(e)}); please report this file", e, False))
                pc = PageContent(number, float(page.width), float(page.height), has_text=False)
            finally:
                page.close()  # free the page's parsed objects: long documents stay small
            out.append(pc)
            carry = pc.carry
        return out, failures
    finally:
        _close(pdf)


def _close(pdf) -> None:
    # Not pdf.close(): it walks the page tree again, which may be what is damaged (every
    # page read was closed already).
    if not pdf.stream_is_external:
        pdf.stream.close()


def read_page(page, carry: object | None = None, finders: list[TableFinder] | None = None) -> PageContent:
    """One pdfplumber page into a PageContent: its tables (by ``finders``) and body lines.

    ``carry`` is what the previous page's finders left open (a table without lines).
    """
    # Space glyphs stay: the word clusterer treats them as word breaks.
    chars = [c for c in page.chars if (c.get("size") or 0) >= MIN_CHAR_SIZE]
    if not any(c["text"].strip() for c in chars):
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
    src = TextPage(pc.number, page, chars, carry=carry)
    pc.grids = run_finders(src, FINDERS if finders is None else finders, pc.number, src.notes)
    pc.lines = src.lines
    pc.carry = src.carry_out
    pc.notes = src.notes
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
