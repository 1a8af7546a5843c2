"""Readers: one per file format, each turning a file into a ``RawDocument``.

``read(path)`` picks the reader by the file's content first (magic bytes) and its
extension second, so a mislabelled file is still read, or refused with a clear reason.
"""

from __future__ import annotations

from pathlib import Path

from phuluc.extract.model import PhulucError, RawDocument
from phuluc.extract.readers.html import looks_like_html
from phuluc.extract.readers.mhtml import looks_like_mhtml

SUPPORTED = (".txt", ".md", ".text", ".csv", ".tsv", ".docx", ".doc", ".rtf", ".pdf", ".html", ".htm", ".mht",
             ".mhtml")

# Files larger than this are refused: a programme appendix is a few MB at most, and a
# huge input is far more likely a wrong file than a document.
MAX_BYTES = 200 * 1024 * 1024


def sniff(path: Path) -> str:
    """Return the reader name for a file: pdf, docx, doc, html, mhtml or text."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as e:
        raise PhulucError(f"cannot open file: {e.strerror or e}") from None
    if size == 0:
        raise PhulucError("empty file")
    if size > MAX_BYTES:
        raise PhulucError(f"file too large ({size // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB)")
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word 97-2003, or an encrypted .docx
        return "doc"
    # Word opens these whatever their name, and portals serve them as ".doc": RTF (converted
    # by LibreOffice, as a .doc is), a single-file web page (MHTML) and an HTML page.
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "doc"
    if looks_like_mhtml(head):
        return "mhtml"
    if suffix in (".html", ".htm") or looks_like_html(head):
        return "html"
    if suffix == ".pdf":
        raise PhulucError("not a PDF file (no %PDF header): corrupt or mislabelled")
    if suffix == ".docx":
        raise PhulucError("not a .docx file (not a zip archive): corrupt or mislabelled")
    if suffix == ".doc":
        raise PhulucError("not a Word 97-2003 .doc file: corrupt or mislabelled")
    if suffix == ".rtf":
        raise PhulucError("not an RTF file (no {\\rtf header): corrupt or mislabelled")
    if suffix in (".mht", ".mhtml"):
        raise PhulucError("not a single-file web page (no MIME multipart/related header): corrupt or mislabelled")
    return "text"


def read(path: Path, kind: str | None = None) -> RawDocument:
    """Read any supported file into a RawDocument, or raise PhulucError. ``kind``: what
    ``sniff`` said of the file, when the caller asked it already."""
    path = Path(path)
    raw = _read(path, kind or sniff(path))
    raw.path = str(path)
    return raw


def _read(path: Path, kind: str) -> RawDocument:
    if kind == "pdf":
        from phuluc.extract.readers.pdf import read_pdf

        return read_pdf(path)
    if kind == "docx":
        from phuluc.extract.readers.docx import read_docx

        return read_docx(path)
    if kind == "doc":
        from phuluc.extract.readers.doc import read_doc

        return read_doc(path)
    if kind == "html":
        from phuluc.extract.readers.html import read_html

        return read_html(path)
    if kind == "mhtml":
        from phuluc.extract.readers.mhtml import read_mhtml

        return read_mhtml(path)
    from phuluc.extract.readers.text import read_text

    return read_text(path)
