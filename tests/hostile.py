"""Hostile inputs built in the tests: decompression and allocation bombs, tiny files."""

from __future__ import annotations

import io
import zlib


def pdf_bytes(objects: list[bytes], page_box: str = "0 0 595 842") -> bytes:
    """A PDF with a catalog, one page and the given extra objects (numbered from 4).

    Object 3 is the page's content stream; ``objects[0]`` is it, the rest are referenced
    by the page resources as /Im1 (object 5) when present.
    """
    content, *extra = objects
    resources = b"<< /XObject << /Im1 5 0 R >> >>" if extra else b"<< >>"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        content,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + page_box.encode() + b"] /Contents 3 0 R /Resources "
        + resources + b" >>",
        *extra,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def stream(data: bytes, attrs: bytes = b"") -> bytes:
    return b"<< " + attrs + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def tiny_jpeg(width: int, height: int, progressive: bool = True) -> bytes:
    """A valid 8×8 grey JPEG whose frame header claims ``width``×``height`` pixels.

    Progressive: a decoder must buffer every coefficient of the claimed frame before it can
    draw a pixel, so the claim alone costs width×height×2 bytes.
    """
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, "JPEG", progressive=progressive)
    data = bytearray(buf.getvalue())
    i = 2
    while i < len(data):
        marker = data[i + 1]
        seg = int.from_bytes(data[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            data[i + 5:i + 7] = height.to_bytes(2, "big")
            data[i + 7:i + 9] = width.to_bytes(2, "big")
            return bytes(data)
        i += 2 + seg
    raise AssertionError("no frame header")


def pixel_bomb_pdf(side: int = 65000) -> bytes:
    """About 1 KB: a page whose only image is a JPEG claiming side×side pixels (a scan to OCR)."""
    jpeg = tiny_jpeg(side, side)
    img = stream(jpeg, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /DCTDecode" % (side, side))
    return pdf_bytes([stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"), img])


def mediabox_bomb_pdf(side: float = 14400) -> bytes:
    """A page of side×side points (the PDF maximum) holding only an image: OCR would render it whole."""
    img = stream(zlib.compress(b"\x00" * 64), b"/Type /XObject /Subtype /Image /Width 8 /Height 8 "
                 b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode")
    return pdf_bytes([stream(b"q %g 0 0 %g 0 0 cm /Im1 Do Q" % (side, side)), img], f"0 0 {side:g} {side:g}")


def flate_bomb(megabytes: int) -> bytes:
    """A zlib stream inflating to ``megabytes`` MB of spaces, built in a second.

    After a full flush the compressor starts afresh, so every further megabyte compresses to
    the same bytes: compress two, repeat the second, end with an empty final block and the
    checksum of the whole.
    """
    chunk = b" " * (1 << 20)
    comp = zlib.compressobj(9)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(chunk, adler)
    return first + again * (megabytes - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def flate_bomb_pdf(megabytes: int = 1024) -> bytes:
    """A content stream of ``megabytes`` MB of spaces compressed to about a thousandth of that."""
    return pdf_bytes([stream(flate_bomb(megabytes), b"/Filter /FlateDecode")])
