"""Read a Word .docx into a RawDocument: body paragraphs and tables in body order.

We walk ``word/document.xml`` ourselves with lxml instead of going through
python-docx's object model: python-docx's ``row.cells`` is slow, its ``cell.text``
shows deleted tracked changes and skips text boxes, and it cannot tell us where a
vertically merged span's text really sits. One pass over w:tbl/w:tr/w:tc is enough.

Safety: the archive is checked before anything is parsed (size limits, DTD/entity
declarations refused) and the XML parser never resolves entities or touches the
network, so a hostile file ends in a one-line ``PhulucError``.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as safe_et
from lxml import etree

from phuluc.extract.model import Paragraph, PhulucError, RawDocument, RawRow, RawTable, Warning
from phuluc.extract.readers.docx_numbering import Numbering

_W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_ALT = f"{{{_MC}}}AlternateContent"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
# A real plan's document.xml is a few MB at most; beyond this it is a zip bomb.
_MAX_PART_BYTES = 200 * 1024 * 1024
_MAX_RATIO = 200  # uncompressed/compressed; XML compresses ~10-20x
_MAX_SPAN = 512  # grid columns one cell may cover; a hostile gridSpan must not allocate gigabytes

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
    remove_comments=True, remove_pis=True,
)


@dataclass
class _Names:
    """Clark-notation tag names for one WordprocessingML namespace (transitional or strict)."""

    ns: str
    tags: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for local in (
            "body", "p", "r", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "del", "ins",
            "moveFrom", "moveTo", "delText", "instrText", "txbxContent", "tbl", "tr", "tc", "tcPr",
            "trPr", "gridSpan", "vMerge", "hMerge", "gridBefore", "gridAfter", "tblGrid", "gridCol",
            "sdt", "sdtContent", "customXml", "smartTag", "hyperlink", "fldSimple", "pPr", "rPr",
            "sectPr", "tblPr", "tblPrEx", "dir", "bdo", "ptab", "val", "footnoteReference",
            "endnoteReference", "commentReference", "sym", "vanish", "altChunk",
        ):
            self.tags[local] = f"{{{self.ns}}}{local}"

    def __getattr__(self, local: str) -> str:
        try:
            return self.__dict__["tags"][local]
        except KeyError as exc:
            raise AttributeError(local) from exc


_NAMES = {ns: _Names(ns) for ns in (_W_TRANSITIONAL, _W_STRICT)}


def read_docx(path: Path, *, kind: str = "docx", display_name: str | None = None) -> RawDocument:
    """Read a .docx file; ``display_name``/``kind`` let the .doc reader report the original file."""
    path = Path(path)
    name = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PhulucError(f"cannot read file: {exc.strerror or exc}") from exc
    doc_xml, numbering_xml, styles_xml, chunks = _document_xml(data)
    root = _parse(doc_xml)
    names = _NAMES.get(etree.QName(root).namespace or "")
    if names is None:
        raise PhulucError("word/document.xml is not a WordprocessingML document")
    body = root.find(names.body)
    if body is None:
        raise PhulucError("word/document.xml has no document body")
    numbering = Numbering(_parse_optional(numbering_xml), _parse_optional(styles_xml), names.ns)
    walker = _Walker(names, numbering, chunks)
    try:
        blocks = walker.body(body)
    except RecursionError:
        raise PhulucError("word/document.xml is nested too deeply to read") from None
    return RawDocument(file=name, kind=kind, sha256=hashlib.sha256(data).hexdigest(), blocks=blocks, pages=None,
                       warnings=walker.notes)


# ---------------------------------------------------------------------------
# Archive checks
# ---------------------------------------------------------------------------


def _document_xml(data: bytes) -> tuple[bytes, bytes | None, bytes | None, dict[str, tuple[str, bytes]]]:
    """The main part's XML; its numbering and styles parts' when present (for the numbers
    Word draws: ``docx_numbering``); and its embedded chunks (``w:altChunk``), by
    relationship id: (part name, bytes)."""
    if not data:
        raise PhulucError("empty file")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise PhulucError("the Word file is password-protected (encrypted); remove the password and retry")
        raise PhulucError("not a .docx file: this is an OLE container (legacy .doc or encrypted Office file)")
    if not data.startswith(b"PK"):
        raise PhulucError("not a .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            part = _main_part_name(zf)
            try:
                info = zf.getinfo(part)
            except KeyError:
                raise PhulucError(f"not a Word document: the archive has no {part}") from None
            xml = _read_part(zf, info)
            numbering_name, styles_name, chunk_names = _related_parts(zf, part)
            numbering, styles = _optional_part(zf, numbering_name), _optional_part(zf, styles_name)
            chunks = {rid: (name, _read_bytes(zf, zf.getinfo(name))) for rid, name in chunk_names.items()
                      if name in zf.NameToInfo}
    except PhulucError:
        raise
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        # RuntimeError: zipfile's "encrypted, password required"; NotImplementedError: odd compression.
        raise PhulucError(f"corrupt or truncated .docx archive ({_one_line(exc)})") from exc
    return xml, numbering, styles, chunks


def _read_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > _MAX_PART_BYTES or (
        info.compress_size and info.file_size > _MAX_RATIO * info.compress_size + 1_000_000
    ):
        raise PhulucError(f"{info.filename} is implausibly large once uncompressed (zip bomb?)")
    with zf.open(info) as fh:
        data = fh.read(_MAX_PART_BYTES + 1)
    if len(data) > _MAX_PART_BYTES:
        raise PhulucError(f"{info.filename} is implausibly large once uncompressed (zip bomb?)")
    return data


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    xml = _read_bytes(zf, info)
    # Entity declarations are the door to billion-laughs and external entities; Word never writes them
    # (in element text "<" is always escaped, so a plain byte search cannot hit real content).
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise PhulucError(f"{info.filename} contains a DOCTYPE/ENTITY declaration (refused for safety)")
    return xml


def _optional_part(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    return _read_part(zf, info)


_NUMBERING_REL, _STYLES_REL, _CHUNK_REL = "/numbering", "/styles", "/aFChunk"


def _related_parts(zf: zipfile.ZipFile, part: str) -> tuple[str, str, dict[str, str]]:
    """The numbering and styles parts of the main part, by its relationships (usually
    word/numbering.xml and word/styles.xml), and its embedded chunks by relationship id."""
    folder, base = posixpath.split(part)
    found = {_NUMBERING_REL: posixpath.join(folder, "numbering.xml"), _STYLES_REL: posixpath.join(folder, "styles.xml")}
    chunks: dict[str, str] = {}
    try:
        rels = zf.read(posixpath.join(folder, "_rels", base + ".rels"))
    except KeyError:
        return found[_NUMBERING_REL], found[_STYLES_REL], chunks
    if len(rels) <= 1_000_000:
        try:
            root = safe_et.fromstring(rels)
        except Exception:  # noqa: BLE001 - defusedxml raises several types; broken rels: the usual names
            root = None
        for rel in root.iter(f"{{{_PKG_REL}}}Relationship") if root is not None else ():
            kind = rel.get("Type") or ""
            target = rel.get("Target") or ""
            # a target is relative to the part's folder, or absolute from the package root
            target = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
            if rel.get("TargetMode") == "External" or target.startswith(".."):
                continue
            if kind.endswith(_CHUNK_REL) and rel.get("Id"):
                chunks[rel.get("Id")] = target
                continue
            for k in found:
                if kind.endswith(k):
                    found[k] = target
    return found[_NUMBERING_REL], found[_STYLES_REL], chunks


def _main_part_name(zf: zipfile.ZipFile) -> str:
    """The officeDocument part named by _rels/.rels, falling back to the usual word/document.xml."""
    default = "word/document.xml"
    try:
        rels = zf.read("_rels/.rels")
    except KeyError:
        return default
    if len(rels) > 1_000_000:
        return default
    try:
        root = safe_et.fromstring(rels)
    except Exception:  # noqa: BLE001 - defusedxml raises several types; a broken .rels just means "default"
        return default
    for rel in root.iter(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("Type") in _OFFICE_DOC_RELS and rel.get("TargetMode") != "External":
            target = (rel.get("Target") or "").lstrip("/")
            target = posixpath.normpath(target)
            if target and not target.startswith(".."):
                return target
    return default


def _parse(xml: bytes) -> etree._Element:
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PhulucError(f"word/document.xml is not well-formed XML ({_one_line(exc)})") from exc
    except (ValueError, MemoryError) as exc:
        raise PhulucError(f"word/document.xml cannot be parsed ({_one_line(exc)})") from exc
    if root.getroottree().docinfo.doctype:  # e.g. a UTF-16 part the byte search above could not see
        raise PhulucError("word/document.xml contains a DOCTYPE declaration (refused for safety)")
    return root


def _parse_optional(xml: bytes | None) -> etree._Element | None:
    """A numbering or styles part: one that cannot be parsed only costs the drawn numbers."""
    if xml is None:
        return None
    try:
        root = etree.fromstring(xml, _PARSER)
    except (etree.XMLSyntaxError, ValueError, MemoryError):
        return None
    return None if root.getroottree().docinfo.doctype else root


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


# ---------------------------------------------------------------------------
# Walking the XML
# ---------------------------------------------------------------------------


_REL_IDS = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
            "{http://purl.oclc.org/ooxml/officeDocument/relationships}id")


class _Walker:
    def __init__(self, names: _Names, numbering: Numbering | None = None,
                 chunks: dict[str, tuple[str, bytes]] | None = None) -> None:
        self.n = names
        self.numbering = numbering if numbering else None
        self.chunks = chunks or {}
        self.notes: list[Warning] = []
        n = names
        # Inline containers whose children are shown as they are (accepted view of tracked changes).
        self.inline_containers = {
            n.r, n.ins, n.moveTo, n.hyperlink, n.fldSimple, n.smartTag, n.customXml, n.sdt, n.sdtContent,
            n.dir, n.bdo,
        }
        # Never shown: deleted/moved-away text, field codes, properties.
        self.skip = {n.delText, n.instrText, n.pPr, n.rPr, n.moveFrom, n.sectPr, etree.Comment}
        self.del_tag = getattr(n, "del")
        self.skip.add(self.del_tag)
        self.table_index = 0
        self.para_index = 0

    # -- body ---------------------------------------------------------------

    def body(self, body: etree._Element) -> list:
        blocks: list = []
        self._blocks(body, blocks)
        return blocks

    def _blocks(self, parent: etree._Element, out: list) -> None:
        n = self.n
        for el in parent:
            tag = el.tag
            if tag == n.p:
                line = self.para_index
                self.para_index += 1
                boxes: list[str] = []
                text = self.paragraph(el, boxes)
                # A floating text box ("DỰ THẢO", a stamp) is its own paragraph, placed before
                # its anchor so it does not glue onto e.g. the title that anchors it.
                for box in boxes:
                    for box_line in box.split("\n"):
                        if box_line.strip():
                            out.append(Paragraph(box_line.strip(), line=line))
                if text.strip():
                    out.append(Paragraph(text.strip(), line=line))
            elif tag == n.tbl:
                index = self.table_index
                self.table_index += 1
                out.append(RawTable(rows=self.table(el), index=index, exact_grid=True))
            elif tag in (n.sdt, n.sdtContent, n.customXml, n.ins, n.moveTo):
                self._blocks(el, out)  # block-level wrappers: their content is ordinary body
            elif tag == _MC_ALT:
                chosen = _alternate(el)
                if chosen is not None:
                    self._blocks(chosen, out)
            elif tag == n.altChunk:
                self._chunk(el, out)

    def _chunk(self, el: etree._Element, out: list) -> None:
        """An embedded chunk (``w:altChunk``): a web page or text that Word shows in its place,
        as systems that assemble documents from HTML write them. Read by the HTML reader;
        another kind (RTF, a document inside the document) is named in a warning, never
        silently dropped."""
        rid = next((el.get(a) for a in _REL_IDS if el.get(a)), None)
        name, data = self.chunks.get(rid or "", ("", b""))
        ext = posixpath.splitext(name)[1].lower()
        if not name:
            return self._not_read(f"an embedded chunk ({rid or 'no id'}) is missing from the package")
        try:
            if ext in (".htm", ".html", ".xhtml", ".xht"):
                from .html import read_html_bytes

                raw = read_html_bytes(data, name)
            elif ext in (".mht", ".mhtml"):
                from .mhtml import read_mhtml_bytes

                raw = read_mhtml_bytes(data, name)
            elif ext == ".txt":
                from .text import decode

                raw = RawDocument(file=name, kind="text", sha256="",
                                  blocks=[Paragraph(ln.strip()) for ln in decode(data).splitlines() if ln.strip()])
            else:
                return self._not_read(f"an embedded chunk {name} ({ext or 'no type'}) was not read")
        except PhulucError as e:
            return self._not_read(f"an embedded chunk {name} could not be read ({e})")
        for block in raw.blocks:
            if isinstance(block, RawTable):
                block.index = self.table_index
                self.table_index += 1
            else:
                block.line = self.para_index
                self.para_index += 1
            block.page = None
            out.append(block)

    def _not_read(self, what: str) -> None:
        self.notes.append(Warning("content-not-read", f"{what}; its text is not in the output"))

    # -- text of a paragraph ------------------------------------------------

    def paragraph(self, p: etree._Element, boxes: list[str] | None) -> str:
        """Accepted-view text of ``p``, after the number Word draws before it; text boxes go to
        ``boxes`` when given, else inline."""
        parts: list[str] = []
        if self.numbering is not None:
            label = self.numbering.label(p.find(self.n.pPr))
            if label:
                parts.append(label + " ")
        self._inline(p, parts, boxes)
        return "".join(parts)

    def _inline(self, parent: etree._Element, parts: list[str], boxes: list[str] | None) -> None:
        n = self.n
        for el in parent:
            tag = el.tag
            if tag == n.t:
                if el.text:
                    parts.append(el.text)
            elif tag == n.r and _hidden(el, n):
                continue  # hidden text (Format > Font > Hidden): neither shown nor printed
            elif tag in self.inline_containers:
                self._inline(el, parts, boxes)
            elif tag in self.skip:
                continue
            elif tag == n.tab or tag == n.ptab:
                parts.append("\t")
            elif tag == n.br or tag == n.cr:
                # Page/column breaks are layout only; a line break separates lines in the same cell.
                parts.append("\n" if el.get(f"{{{n.ns}}}type") in (None, "textWrapping") else " ")
            elif tag == n.noBreakHyphen:
                parts.append("-")
            elif tag == n.softHyphen:
                continue
            elif tag == _MC_ALT:
                # Choice and Fallback hold the same runs or text box twice: read one of them.
                chosen = _alternate(el)
                if chosen is not None:
                    self._inline(chosen, parts, boxes)
            elif not isinstance(tag, str):
                continue
            else:
                # Drawings, VML shapes, embedded objects, math: look for text boxes inside.
                self._boxes(el, parts, boxes)

    def _boxes(self, el: etree._Element, parts: list[str], boxes: list[str] | None) -> None:
        n = self.n
        if el.tag == _MC_ALT:
            # Choice and Fallback hold the same text box twice: read only one of them.
            chosen = _alternate(el)
            if chosen is not None:
                self._boxes(chosen, parts, boxes)
            return
        if el.tag == n.txbxContent:
            text = self.story(el)
            if text:
                if boxes is None:
                    parts.append("\n" + text + "\n")
                else:
                    boxes.append(text)
            return
        if el.tag == n.tbl:
            return
        for child in el:
            if isinstance(child.tag, str):
                self._boxes(child, parts, boxes)

    def story(self, container: etree._Element) -> str:
        """Text of a block container (cell, text box): paragraphs and nested tables, one per line."""
        n = self.n
        lines: list[str] = []
        for el in container:
            tag = el.tag
            if tag == n.p:
                text = self.paragraph(el, None)
                for line in text.split("\n"):
                    line = line.strip()
                    if line:
                        lines.append(line)
            elif tag == n.tbl:
                # A nested table reads as lines of text inside its cell, never as a table of its own.
                for row in self.table(el, expand_merges=False):
                    line = " ".join(c.replace("\n", " ") for c in row.cells if c)
                    if line.strip():
                        lines.append(line.strip())
            elif tag in (n.sdt, n.sdtContent, n.customXml, n.ins, n.moveTo):
                inner = self.story(el)
                if inner:
                    lines.append(inner)
            elif tag == _MC_ALT:
                chosen = _alternate(el)
                if chosen is not None:
                    inner = self.story(chosen)
                    if inner:
                        lines.append(inner)
        return "\n".join(lines)

    # -- tables --------------------------------------------------------------

    def table(self, tbl: etree._Element, *, expand_merges: bool = True) -> list[RawRow]:
        n = self.n
        grid = tbl.find(n.tblGrid)
        ncols = len(grid.findall(n.gridCol)) if grid is not None else 0

        # First pass: place every cell on the grid.
        rows: list[list[_Cell]] = []
        for tr in self._children(tbl, n.tr):
            trpr = tr.find(n.trPr)
            if trpr is not None and trpr.find(self.del_tag) is not None:
                continue  # a row deleted with tracked changes is gone in the accepted view
            rows.append(self._row(tr))
        width = max([ncols] + [max((c.col + c.span for c in r), default=0) for r in rows])

        texts = [[""] * width for _ in rows]
        merged = [[False] * width for _ in rows]
        for r, cells in enumerate(rows):
            for c in cells:
                texts[r][c.col] = c.text

        if expand_merges:
            self._vertical_merges(rows, texts, merged)
        return [RawRow(cells=texts[r], index=r, merged=merged[r]) for r in range(len(rows))]

    def _vertical_merges(self, rows: list[list[_Cell]], texts: list[list[str]], merged: list[list[bool]]) -> None:
        # open[col] = list of (row, col) members of the vertical span currently open at that grid column
        open_spans: dict[int, list[tuple[int, _Cell]]] = {}
        spans: list[list[tuple[int, _Cell]]] = []
        for r, cells in enumerate(rows):
            seen: set[int] = set()
            for c in cells:
                seen.add(c.col)
                if c.vmerge == "restart" or (c.vmerge == "continue" and c.col not in open_spans):
                    # A "continue" with nothing above is treated as the start of a span.
                    span = [(r, c)]
                    spans.append(span)
                    open_spans[c.col] = span
                elif c.vmerge == "continue":
                    open_spans[c.col].append((r, c))
                else:
                    open_spans.pop(c.col, None)
            # A grid column with no cell starting in it this row ends any span there.
            for col in [k for k in open_spans if k not in seen]:
                del open_spans[col]
        for span in spans:
            if len(span) < 2:
                continue
            # Word shows the text of every cell of the span in one box, wherever it was typed.
            text = "\n".join(c.text for _, c in span if c.text)
            for i, (r, c) in enumerate(span):
                texts[r][c.col] = text
                if i:
                    merged[r][c.col] = True

    def _row(self, tr: etree._Element) -> list[_Cell]:
        n = self.n
        col = 0
        trpr = tr.find(n.trPr)
        if trpr is not None:
            col = min(_MAX_SPAN, max(0, _int_val(trpr.find(n.gridBefore), n, 0)))
        cells: list[_Cell] = []
        hmerge_owner: _Cell | None = None
        for tc in self._children(tr, n.tc):
            tcpr = tc.find(n.tcPr)
            span = 1
            vmerge: str | None = None
            hmerge: str | None = None
            if tcpr is not None:
                span = min(_MAX_SPAN, max(1, _int_val(tcpr.find(n.gridSpan), n, 1)))
                vm = tcpr.find(n.vMerge)
                if vm is not None:
                    vmerge = "restart" if vm.get(n.val) == "restart" else "continue"
                hm = tcpr.find(n.hMerge)
                if hm is not None:
                    hmerge = "restart" if hm.get(n.val) == "restart" else "continue"
            text = self.story(tc)
            if hmerge == "continue" and hmerge_owner is not None:
                # Legacy horizontal merge: the covered cell's text belongs to the merge's first cell.
                if text:
                    hmerge_owner.text = f"{hmerge_owner.text}\n{text}" if hmerge_owner.text else text
                hmerge_owner.span += span
                col += span
                continue
            cell = _Cell(col=col, span=span, text=text, vmerge=vmerge)
            hmerge_owner = cell if hmerge == "restart" else None
            cells.append(cell)
            col += span
        return cells

    def _children(self, parent: etree._Element, tag: str) -> list[etree._Element]:
        """Direct ``tag`` children, looking through content controls and custom XML wrappers."""
        n = self.n
        out: list[etree._Element] = []
        for el in parent:
            if el.tag == tag:
                out.append(el)
            elif el.tag in (n.sdt, n.sdtContent, n.customXml, n.ins, n.moveTo):
                out.extend(self._children(el, tag))
        return out


@dataclass
class _Cell:
    col: int
    span: int
    text: str
    vmerge: str | None


_OFF = ("0", "false", "off")


def _hidden(run: etree._Element, n: _Names) -> bool:
    rpr = run.find(n.rPr)
    if rpr is None:
        return False
    vanish = rpr.find(n.vanish)
    return vanish is not None and vanish.get(n.val) not in _OFF


def _int_val(el: etree._Element | None, n: _Names, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(n.val, default))
    except (TypeError, ValueError):
        return default


def _alternate(el: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    for child in el:
        if child.tag == f"{{{_MC}}}Choice":
            return child
    for child in el:
        if child.tag == f"{{{_MC}}}Fallback":
            return child
    return None
