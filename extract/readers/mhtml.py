"""Read a single-file web page (MHTML, ``.mht``): the page inside goes to the HTML reader.

Word's "Single File Web Page" and browsers' "Save as MHTML" write a MIME message whose
``text/html`` part is the document (quoted-printable or base64, in its own charset) and
whose other parts are images and styles. Portals also serve such files under a ".doc" name,
which Word opens without a word of complaint, so phuluc reads them whatever their name.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from phuluc.extract.model import PhulucError, RawDocument
from phuluc.extract.readers.html import MAX_HTML_BYTES, decode_html, read_html_bytes

if TYPE_CHECKING:
    from email.message import EmailMessage

# The start of a MIME message: its first header lines (any order, any case).
_MIME_HEADERS = (b"mime-version:", b"content-type:", b"from:", b"subject:", b"date:", b"message-id:",
                 b"content-location:", b"x-mimeole:")


def looks_like_mhtml(head: bytes) -> bool:
    """True when a file starts as a MIME message holding a web page (multipart/related)."""
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return s.startswith(_MIME_HEADERS) and b"mime-version:" in s and b"multipart/related" in s


def read_mhtml(path: Path) -> RawDocument:
    """The document of an MHTML file; PhulucError with a one-line reason when it has none."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > 2 * MAX_HTML_BYTES:  # the page and its images, base64-encoded
            raise PhulucError(f"single-file web page too large ({size // (1 << 20)} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise PhulucError(f"cannot read file: {exc.strerror or exc}") from exc
    return read_mhtml_bytes(data, path.name)


def read_mhtml_bytes(data: bytes, name: str) -> RawDocument:
    """The document of an MHTML file's bytes (``name``: the file name reported)."""
    import email  # here: sniffing every input must not import the e-mail package
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.default)
    part = _page(message)
    if part is None:
        raise PhulucError("a MIME message (single-file web page) without an HTML page in it")
    try:
        html = part.get_payload(decode=True) or b""
    except (ValueError, LookupError) as exc:  # a damaged base64 / quoted-printable body
        raise PhulucError(f"the web page inside this MHTML file cannot be decoded ({exc})") from None
    charset = part.get_content_charset()
    text = _decode(html, charset)
    raw = read_html_bytes(html, name, text)
    raw.sha256 = hashlib.sha256(data).hexdigest()  # the file's own, as for every reader
    return raw


def _page(message: EmailMessage) -> EmailMessage | None:
    """The root web page: the part named by ``start=``, else the first text/html part."""
    if not message.is_multipart():
        return message if message.get_content_type() == "text/html" else None
    start = message.get_param("start")
    pages = [p for p in message.walk() if p.get_content_type() == "text/html"]
    if start:
        for p in pages:
            if p.get("Content-ID", "").strip() == str(start).strip():
                return p
    return pages[0] if pages else None


def _decode(html: bytes, charset: str | None) -> str:
    """The part's declared charset first; an unknown or missing one: the page's own meta tag."""
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            codec = None
        if codec:
            text = html.decode(codec, errors="replace")
            # Windows-1258 writes tones as combining marks: composed, as the HTML reader does
            return unicodedata.normalize("NFC", text) if codec == "cp1258" else text
    return decode_html(html)
