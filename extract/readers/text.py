"""Reader for text renditions: TAB-separated rows (PDF-to-text tools) and markdown
pipe tables (PDF-to-markdown converters), with narrative paragraphs around them.

A blank line, a form feed or a paragraph ends a table fragment; reconstruction decides
whether the next fragment continues the same table (a repeated header after a page
break) or starts a new one.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

from phuluc.extract.model import Paragraph, PhulucError, RawDocument, RawRow, RawTable

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
# cp1258 writes tone marks as separate combining bytes after the vowel
_CP1258_TONES = re.compile(rb"[aeiouyAEIOUY\xe2\xea\xf4\xe3\xc2\xca\xd4\xc3\xf5\xfd\xd5\xdd][\xcc\xd2\xde\xec\xf2]")


def decode(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16, or Windows-1258.

    Bytes of a legacy Vietnamese font encoding (TCVN3, VNI) come out as Latin-1 symbols;
    normalisation recognises and converts them.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise PhulucError("unreadable encoding: broken UTF-16 text") from None
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM puts a NUL beside every ASCII character
        even, odd = sample[0::2].count(b"\x00"), sample[1::2].count(b"\x00")
        if odd > len(sample) // 3 or even > len(sample) // 3:
            try:
                return data.decode("utf-16-le" if odd > even else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise PhulucError("binary data, not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if len(_CP1258_TONES.findall(data)) >= 3:
            text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
        else:
            # an 8-bit legacy font encoding, or Latin-1: keep every byte as a character
            text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise PhulucError("binary data, not a text document")
    return text


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [_BR.sub("\n", c).replace("\\|", "|").strip() for c in _PIPE_SPLIT.split(s)]


def parse_text(text: str, file: str = "", sha256: str = "") -> RawDocument:
    """Split a decoded text into paragraphs and table fragments."""
    doc = RawDocument(file=file, kind="text", sha256=sha256)
    # without form feeds the text carries no page information, so it claims none
    paged = "\f" in text
    page: int | None = 1 if paged else None
    fragment: list[RawRow] = []
    pipes = 0  # rows of the fragment written as markdown pipe rows
    n_tables = 0

    def close() -> None:
        nonlocal fragment, n_tables, pipes
        if fragment:
            fragment[0].starts_page = n_tables > 0
            # a pipe table writes every cell, empty ones too: its columns can be trusted
            doc.blocks.append(RawTable(rows=fragment, index=n_tables, page=fragment[0].page,
                                       exact_grid=pipes == len(fragment)))
            n_tables += 1
            fragment = []
            pipes = 0

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for lineno, line in enumerate(lines, start=1):
        if "\f" in line:
            close()
            page += line.count("\f")
            line = line.replace("\f", "")
        stripped = line.strip()
        if not stripped:
            close()
            continue
        if "\t" in line:
            cells = [_BR.sub("\n", c).strip() for c in line.rstrip("\n").split("\t")]
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            if _MD_SEPARATOR.match(stripped):
                continue
            cells = _pipe_cells(stripped)
            pipes += 1
        else:
            close()
            doc.blocks.append(Paragraph(text=stripped, page=page, line=lineno))
            continue
        fragment.append(RawRow(cells=cells, page=page, index=len(fragment), line=lineno))
    close()
    doc.pages = page
    return doc


def read_text(path: Path) -> RawDocument:
    data = Path(path).read_bytes()
    if not data.strip():
        raise PhulucError("empty file")
    return parse_text(decode(data), file=Path(path).name, sha256=hashlib.sha256(data).hexdigest())
