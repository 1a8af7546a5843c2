"""Pictures of each task's source region, cut from the PDF pages at the rows' boxes.

Each page holding a task row is rendered once (pypdfium2, grayscale, ``SCALE`` pixels per
point); a task's crop is the union of its row boxes on each page, so a row cut by a page
break gives two pictures, one per page. Crops are PNG (text on paper: small and sharp
losslessly); crops of scanned pages are JPEG (paper grain makes PNG several times larger, and
the scan is lossy already). They go into the page as data: URIs.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from phuluc.extract.model import Document

SCALE = 2.0  # 144 dpi: diacritics stay legible when the picture is shown at half size
PAD = 2.0  # points around the rows' box, so ruling lines and ascenders are not cut
JPEG_QUALITY = 70  # scans: grain and speckle go first, letters stay sharp
MAX_PIXELS = 4000
KEEP_PAGES = 3  # rendered pages kept at a time (2 MB each): a row cut by a break needs two  # a crop taller or wider than this is scaled down (a page-sized merged cell)


@dataclass
class Crop:
    page: int
    uri: str  # data:image/png;base64,… (image/jpeg for scans)
    width: int  # pixels
    height: int


def task_regions(boxes: list[list[float]]) -> list[tuple[int, float, float, float, float]]:
    """One region per page, in the order the pages first appear: the union of the boxes."""
    out: dict[int, list[float]] = {}
    for page, x0, top, x1, bottom in boxes:
        p = int(page)
        if p in out:
            r = out[p]
            r[0], r[1], r[2], r[3] = min(r[0], x0), min(r[1], top), max(r[2], x1), max(r[3], bottom)
        else:
            out[p] = [x0, top, x1, bottom]
    return [(p, *r) for p, r in out.items()]


def render_crops(doc: Document) -> tuple[dict[int, list[Crop]], str | None]:
    """Crops by task index, and the reason when the source could not be rendered (else None)."""
    wanted = {i: task_regions(t.source.boxes) for i, t in enumerate(doc.tasks) if t.source.boxes}
    if not wanted:
        return {}, None
    path = doc.source.path
    if not path or not Path(path).is_file():
        return {}, "the source PDF is not at hand"
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        return {}, f"the source PDF cannot be rendered ({e})"
    out: dict[int, list[Crop]] = {}
    scan = doc.source.kind == "pdf-ocr"
    try:
        pages: dict[int, tuple] = {}  # page number -> (rendered PIL image, dx, dy)
        for i, regions in wanted.items():
            crops = []
            for page, x0, top, x1, bottom in regions:
                if not 1 <= page <= len(pdf):
                    continue
                if page not in pages:
                    if len(pages) >= KEEP_PAGES:  # tasks come in page order: drop the oldest
                        del pages[next(iter(pages))]
                    pages[page] = _render(pdf[page - 1])
                image, dx, dy = pages[page]
                crop = _cut(image, x0 - dx, top - dy, x1 - dx, bottom - dy, scan)
                if crop is not None:
                    crops.append(Crop(page, *crop))
            out[i] = crops
    finally:
        pdf.close()
    return out, None


def _render(page) -> tuple:
    """The page as a grayscale image, and where its picture starts in the boxes' coordinates.

    Boxes are measured from the media box's top-left corner (pdfplumber); pdfium draws the
    crop box, which may start further in."""
    image = page.render(scale=SCALE, grayscale=True).to_pil()
    dx = dy = 0.0
    if page.get_rotation() == 0:
        ml, _, _, mt = page.get_mediabox()
        cl, _, _, ct = page.get_cropbox()
        dx, dy = cl - ml, mt - ct
    return image, dx, dy


def _cut(image, x0: float, top: float, x1: float, bottom: float, scan: bool) -> tuple[str, int, int] | None:
    w, h = image.size
    box = (max(0, int((x0 - PAD) * SCALE)), max(0, int((top - PAD) * SCALE)),
           min(w, int((x1 + PAD) * SCALE + 1)), min(h, int((bottom + PAD) * SCALE + 1)))
    if box[2] - box[0] < 2 or box[3] - box[1] < 2:
        return None
    crop = image.crop(box)
    longest = max(crop.size)
    if longest > MAX_PIXELS:
        f = MAX_PIXELS / longest
        crop = crop.resize((max(1, round(crop.width * f)), max(1, round(crop.height * f))))
    buf = io.BytesIO()
    if scan:
        crop.save(buf, "JPEG", quality=JPEG_QUALITY)
    else:
        crop.save(buf, "PNG")
    mime = "image/jpeg" if scan else "image/png"
    return f"data:{mime};base64," + base64.b64encode(buf.getvalue()).decode("ascii"), crop.width, crop.height
