"""Size limits checked before an image is decoded or a page is rendered.

A PDF of a few hundred bytes can claim an image of 65000 × 65000 pixels or a page of
200 × 200 inches; decoding or rendering it would take gigabytes before a single pixel is
looked at. The PDF and OCR readers ask here first and refuse such a page with a reason, so
the file fails in a line instead of exhausting the machine. The numbers are far above any
real appendix scan (an A3 page scanned at 600 dpi is 70 M pixels; a rendered A2 page at
300 dpi is 35 M pixels).
"""

from __future__ import annotations

import zlib

from phuluc.extract.model import PhulucError

MAX_IMAGE_PIXELS = 100_000_000  # pixels an embedded image may declare (in its dictionary or JPEG header)
MAX_RENDER_PIXELS = 50_000_000  # pixels of one page rendered for OCR
_JPEG_HEAD = 65536  # bytes of a JPEG searched for its frame header


def check_image(page: int, width: int, height: int) -> None:
    """Refuse an image whose declared size is over MAX_IMAGE_PIXELS."""
    if width > 0 and height > 0 and width * height > MAX_IMAGE_PIXELS:
        raise PhulucError(
            f"page {page}: an image claims {width} × {height} pixels, over the limit of "
            f"{MAX_IMAGE_PIXELS // 1_000_000} M pixels (a decompression bomb or a damaged scan)"
        )


def check_render(page: int, width_pt: float, height_pt: float, scale: float) -> None:
    """Refuse to render a page whose bitmap at ``scale`` pixels per point is over MAX_RENDER_PIXELS."""
    pixels = max(width_pt, 0) * max(height_pt, 0) * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        raise PhulucError(
            f"page {page} is {width_pt:.0f} × {height_pt:.0f} pt: too large to render for OCR "
            f"({pixels / 1e6:.0f} M pixels, limit {MAX_RENDER_PIXELS // 1_000_000} M)"
        )


def jpeg_frame_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's frame header, or None when there is none in its first bytes."""
    data = data[:_JPEG_HEAD]
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # SOFn
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        i += 2 + length
    return None


def check_pdf_images(page: int, images: list[dict]) -> None:
    """Check pdfplumber's image records of a page: declared size and, for JPEGs, the frame header."""
    for im in images:
        w, h = (int(v or 0) for v in (im.get("srcsize") or (0, 0)))
        check_image(page, w, h)
        stream = im.get("stream")
        filters = stream.get_filters() if stream is not None and hasattr(stream, "get_filters") else []
        if len(filters) == 1 and getattr(filters[0][0], "name", filters[0][0]) in ("DCTDecode", "DCT"):
            size = jpeg_frame_size(stream.get_rawdata() or b"")
            if size:
                check_image(page, *size)


def out_of_memory(e: BaseException | None) -> bool:
    """True when a library's error is a failed allocation (zlib says so in words, not with
    MemoryError): the memory cap was reached, which is not the file's bytes being corrupt."""
    seen = 0
    while e is not None and seen < 5:
        if isinstance(e, MemoryError):
            return True
        if isinstance(e, zlib.error) and any(w in str(e).lower() for w in ("allocate", "memory")):
            return True
        e = e.__cause__ or e.__context__
        seen += 1
    return False
