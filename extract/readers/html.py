"""Read an HTML page into a RawDocument: a page of a legal database as the browser saved it
(menus, scripts and styles around the document), a portal's page, or Word's "Web page"
saved under a .doc name.

lxml's HTML parser (libxml2, forgiving) decodes entities and closes what the page left
open. What is never document text goes first: scripts, styles, navigation, form controls,
hidden elements. The document's body is then the element that holds the most text in its
own paragraphs and tables (links not counted), so the menus, breadcrumbs, sidebars and
footers around it are left out; a neighbour holding a good share of paragraph text too
(Word's "WordSection2" with the landscape appendix) is taken in with it.

Inside the body, each paragraph is a Paragraph (a ``<br>`` is a line break in it) and each
``<table>`` a RawTable on its real grid, as the Word reader gives it: a ``colspan`` cell's
text sits in its first column and leaves the others empty, a ``rowspan`` cell's text is
repeated in the rows it covers, marked merged. ``<p>``, ``<div>`` and ``<br>`` inside a cell
are line breaks. A table inside a cell of a data table reads as lines of that cell (as in
Word); a table used as a frame — one cell, or a cell holding a table at least as long as
itself — is read through: its cells' content is body text and tables of their own.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from phuluc.extract.model import Paragraph, PhulucError, RawDocument, RawRow, RawTable
from phuluc.extract.readers.text import decode as decode_text

if TYPE_CHECKING:  # lxml is imported by the reader itself: sniffing a text file needs none of it
    from lxml import etree

# The output contract's source kinds are pdf, pdf-ocr, docx, doc and text; it has no "html",
# and an HTML page is a text rendition of the document.
KIND = "text"

# Saved pages of the legal databases are 1-2 MB with their styles and scripts; a document
# with its pictures inlined stays well under this. Far beyond it is not a document page.
MAX_HTML_BYTES = 32 * 1024 * 1024
# Real pages nest tables two or three deep (a page frame, a form box, the table); this
# many is a generated or hostile page that cannot be read faithfully.
MAX_TABLE_DEPTH = 12
MAX_SPAN = 1000  # browsers cap colspan at 1000 too
# A hostile rowspan × colspan must not allocate gigabytes: cells of one table's grid.
MAX_GRID_CELLS = 2_000_000
# What an ancestor of the chosen body adds beside it is document too (the header block and
# the preamble in containers of their own, an appendix in a second section) when it holds
# at least this many paragraphs (a table counts as that many) outside the page's header and
# footer landmarks, or half as much paragraph text again; a page title in <h1>, status lines,
# menus and footers do not.
SECTION_PARAGRAPHS = 3
SECTION_SHARE = 0.5
# A paragraph whose text is mostly links is a menu or a list of related pages.
LINK_DENSITY = 0.5
# Where a page declares its charset: the <head>, which saved pages fill with styles first.
_CHARSET_SCAN = 2 * 1024 * 1024

_SKIP = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg", "math",
    "canvas", "iframe", "frame", "frameset", "object", "embed", "applet", "audio", "video", "map", "area",
    "button", "select", "option", "optgroup", "datalist", "textarea", "input", "nav", "dialog",
}
_NAV_ROLES = {"navigation", "menu", "menubar", "tablist", "search", "dialog", "alertdialog"}
# Elements that start and end a paragraph (everything else is inline: its text joins the line).
_BLOCK = {
    "html", "body", "main", "article", "section", "div", "p", "header", "footer", "aside", "address",
    "blockquote", "center", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "figure", "figcaption", "form", "fieldset", "legend", "details", "summary", "hr", "caption", "menu",
    "tr", "td", "th", "thead", "tbody", "tfoot", "listing", "xmp", "plaintext", "table",
}
# Paragraph-like units whose text counts for the element holding them (the body is the
# element holding the most).
_UNITS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "address", "blockquote", "table"}

# Real paragraphs for telling document text from page furniture (headings excluded: the page's
# own title is one), and the landmarks of the page's own header and footer.
_PARAGRAPHS = {"p", "li", "dt", "dd", "pre", "address", "blockquote", "table"}
_LANDMARKS = {"header", "footer", "aside"}
_LANDMARK_ROLES = {"banner", "contentinfo", "complementary"}

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"""^\s*<\?xml\b[^>]*?\?>""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_BODY_TAG = re.compile(rb"<body\b", re.I)
# Labels browsers read as Windows-1252 (WHATWG encoding standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819", "ibm819"}
_UTF16_LABELS = {"utf-16", "utf16", "utf-16le", "utf-16be", "unicode", "ucs-2"}
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\ufeff": None, "\u00a0": " ", "\u2028": "\n"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PAGE_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])", re.I)
_NOT_MARKUP = re.compile(r"(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->")
_TABLE_OPEN = re.compile(r"(?i)<table\b")
_TABLE_CLOSE = re.compile(r"(?i)</table\s*>")
_PAGE_END = re.compile(r"(?i)</(?:body|html)\s*>")
# phuluc's own review pages (--format html) name it as their generator: never a source.
_OWN_PAGE = re.compile(r"""<meta\s+name=["']generator["']\s+content=["']phuluc["']""", re.I)
_SIGNATURES = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes of a file are the start of an HTML page, whatever its name."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    s = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    # An XML declaration (XHTML) and comments ("<!-- saved from url=… -->") may come first.
    while True:
        if s.startswith(b"<?xml"):
            end = s.find(b"?>")
        elif s.startswith(b"<!--"):
            end = s.find(b"-->")
        else:
            break
        if end < 0:
            return False
        s = s[end + 3 if s.startswith(b"<!--") else end + 2:].lstrip()
    return s.startswith(_SIGNATURES)


def decode_html(data: bytes) -> str:
    """The page's text: charset from the BOM, else the meta tag (or XML declaration), else sniffed."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    head = data[:_CHARSET_SCAN]
    body = _BODY_TAG.search(head)
    head = head[: body.start()] if body else head
    declared = None
    for m in (_META_CHARSET.search(head), _XML_ENCODING.match(data[:512])):
        if m:
            declared = m.group(1).decode("ascii").lower()
            break
    if declared in _UTF16_LABELS:
        declared = "utf-8"  # a label readable as ASCII is not in UTF-16 (WHATWG does the same)
    if declared in _AS_CP1252:
        declared = "cp1252"
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None  # an unknown label: sniff as if none were given
        if codec and codec != "utf-8":
            try:
                # A page re-saved as UTF-8 often keeps its old label; UTF-8 multi-byte
                # sequences do not occur by chance in a single-byte text.
                text = data.decode("utf-8")
                if any(ord(ch) > 127 for ch in text):
                    return text
            except UnicodeDecodeError:
                pass
            text = data.decode(codec, errors="replace")
            return unicodedata.normalize("NFC", text) if codec == "cp1258" else text
    return decode_text(data)


def read_html(path: Path) -> RawDocument:
    """Read an HTML page; PhulucError with a one-line reason when it cannot be read."""
    path = Path(path)
    try:
        _check_size(path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise PhulucError(f"cannot read file: {exc.strerror or exc}") from exc
    return read_html_bytes(data, path.name)


def _check_size(size: int) -> None:
    if size > MAX_HTML_BYTES:
        raise PhulucError(
            f"HTML page too large ({size // (1024 * 1024)} MB > {MAX_HTML_BYTES // (1024 * 1024)} MB): "
            "a document page is a few MB even with its styles and scripts"
        )


def read_html_bytes(data: bytes, name: str, text: str | None = None) -> RawDocument:
    """Read an HTML page from its bytes (``text``: already decoded, e.g. from a MIME part);
    ``name`` is the file name reported."""
    _check_size(len(data))
    if not data.strip():
        raise PhulucError("empty file")
    text = _XML_DECL.sub("", decode_html(data) if text is None else text, count=1)
    if _OWN_PAGE.search(text[:_CHARSET_SCAN]):
        raise PhulucError("a review page written by phuluc, not a source document")
    _check_complete(text)
    from lxml import etree

    # lxml's HTML parser without lxml.html's element classes: the same tree, built far faster.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    root = etree.fromstring(text, parser)
    if root is None:
        raise PhulucError("the HTML page has no content (no elements, no text)")
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise PhulucError("the HTML page nests its elements too deeply (over 255 levels) to be read faithfully")
    _drop_invisible(root)
    body = root.find("body")
    if body is None or not "".join(body.itertext()).strip():
        raise PhulucError(
            "the HTML page has no document text in its body (a page saved before its content loaded?)"
        )
    walker = _Walker()
    try:
        for part in _document_parts(body):
            walker.container(part)
        walker.flush()
    except RecursionError:
        raise PhulucError("the HTML page nests its elements too deeply to be read") from None
    return RawDocument(file=name, kind=KIND, sha256=hashlib.sha256(data).hexdigest(), blocks=walker.blocks)


def _check_complete(text: str) -> None:
    """A cut-off download or save: the page ends inside its document."""
    markup = _NOT_MARKUP.sub("", text)
    if _PAGE_START.match(markup) and not _PAGE_END.search(markup):
        raise PhulucError("truncated HTML page: it ends before </body></html>, the rest of the document is missing")
    if len(_TABLE_OPEN.findall(markup)) > len(_TABLE_CLOSE.findall(markup)):
        raise PhulucError("truncated HTML page: a table is never closed, the rest of it is missing")


def _drop_invisible(root: etree._Element) -> None:
    """Remove what a reader of the page never sees as document text."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments, processing instructions left by the parser
            continue
        tag = el.tag.lower()
        if (
            tag in _SKIP
            or el.get("hidden") is not None
            or (el.get("role") or "").lower() in _NAV_ROLES
            or _HIDDEN_STYLE.search(el.get("style") or "")
        ):
            doomed.append(el)
    for el in doomed:
        _drop(el)


def _drop(el: etree._Element) -> None:
    """Remove ``el`` and its content but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# ---------------------------------------------------------------------------
# Finding the document in the page
# ---------------------------------------------------------------------------


def _document_parts(body: etree._Element) -> list[etree._Element]:
    """The element holding the document: the one with the most paragraph text, widened to its
    ancestors while what they add beside it reads as document too (the header block and the
    preamble in containers of their own, an appendix in a second section)."""
    credit: dict[etree._Element, float] = {}
    paragraphs: dict[etree._Element, int] = {}
    _credit_units(body, credit, paragraphs)
    if not credit:
        return [body]
    best = max(credit, key=lambda el: credit[el])
    text = _subtree_sums(body, credit)
    count = _subtree_sums(body, paragraphs)
    node = best
    while node is not body:
        parent = node.getparent()
        if parent is None:
            break
        more_text = text.get(parent, 0) - text.get(node, 0)
        more_paragraphs = count.get(parent, 0) - count.get(node, 0)
        furniture = more_text < SECTION_SHARE * credit[best] and more_paragraphs < SECTION_PARAGRAPHS
        if furniture and (more_text or more_paragraphs):
            break  # a level adding nothing is a mere wrapper: go on through it
        node = parent
    return [node]


def _credit_units(body: etree._Element, credit: dict, paragraphs: dict) -> None:
    """Each paragraph-like unit's text (links not counted) goes to the element holding it;
    ``paragraphs`` counts the real paragraphs and tables outside the page's own header and
    footer landmarks (a page title in <h1> or a status line in a <div> is not one)."""
    stack = [(body, False)]
    while stack:
        el, chrome = stack.pop()
        own = _own_text_length(el)
        if own:
            credit[el] = credit.get(el, 0.0) + own
        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.lower()
            inside_chrome = chrome or tag in _LANDMARKS or (child.get("role") or "").lower() in _LANDMARK_ROLES
            if tag in _UNITS or (tag in _BLOCK and not _has_block(child)):
                score = _unit_score(child)
                if score:
                    holder = _holder(child)
                    credit[holder] = credit.get(holder, 0.0) + score
                    if tag in _PARAGRAPHS and not inside_chrome:
                        weight = SECTION_PARAGRAPHS if tag == "table" else 1
                        paragraphs[holder] = paragraphs.get(holder, 0) + weight
            else:
                stack.append((child, inside_chrome))


def _own_text_length(el: etree._Element) -> int:
    """Text directly inside a container, between its blocks (old pages put it straight in a <td>)."""
    parts = [el.text or ""] + [
        (c.tail or "") for c in el if not isinstance(c.tag, str) or c.tag.lower() in _BLOCK
    ]
    return len(_SPACE.sub("", "".join(parts)))


def _has_block(el: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag.lower() in _BLOCK for d in el.iterdescendants())


def _unit_score(unit: etree._Element) -> float:
    text, links = _text_and_links(unit)
    if not text or links > LINK_DENSITY * text:
        return 0.0
    return float(text - links)


def _text_and_links(el: etree._Element) -> tuple[int, int]:
    """Characters of text (spaces not counted) in ``el``, and how many of them are in links."""
    text = len(_SPACE.sub("", "".join(el.itertext())))
    links = sum(len(_SPACE.sub("", "".join(a.itertext()))) for a in el.iter("a")) if text else 0
    return text, links


def _is_navigation(el: etree._Element) -> bool:
    text, links = _text_and_links(el)
    return bool(text) and links > LINK_DENSITY * text


def _holder(unit: etree._Element) -> etree._Element:
    """The container a unit belongs to, looking through wrappers that hold nothing else
    (a <div> around a table so it can scroll)."""
    el = unit.getparent()
    while el is not None and el.tag != "body" and _only_child(el):
        parent = el.getparent()
        if parent is None:
            break
        el = parent
    return el if el is not None else unit


def _only_child(el: etree._Element) -> bool:
    return len(el) == 1 and not _own_text_length(el)  # comments are gone: len() counts elements


def _subtree_sums(body: etree._Element, values: dict) -> dict:
    """Each element's value plus its descendants' (one pass, children before parents)."""
    totals: dict = {}
    # the list keeps one lxml proxy per node alive, so elements stay equal as dict keys
    for el in reversed(list(body.iter())):
        total = values.get(el, 0) + sum(totals.get(child, 0) for child in el)
        if total:
            totals[el] = total
    return totals


# ---------------------------------------------------------------------------
# Walking the document
# ---------------------------------------------------------------------------


class _Walker:
    """Turns the document's elements into blocks (body mode) or into a cell's lines."""

    def __init__(self, cell: bool = False, depth: int = 0) -> None:
        self.cell = cell
        self.depth = depth  # tables around the content being walked
        self.blocks: list = []
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.line: int | None = None  # source line of the paragraph being collected
        self.pre = 0
        self.table_index = 0

    # -- text ---------------------------------------------------------------

    def text(self, s: str | None, el: etree._Element | None = None) -> None:
        if not s:
            return
        if self.line is None and el is not None and s.strip():
            self.line = el.sourceline
        self.buf.append(s if self.pre else _SPACE.sub(" ", s))

    def flush(self) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf).translate(_INVISIBLE)
        self.buf = []
        lines = [" ".join(part.split(" ")).strip() if self.pre else _SPACE.sub(" ", part).strip()
                 for part in raw.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            if self.cell:
                self.lines.extend(lines)
            else:
                self.blocks.append(Paragraph("\n".join(lines), line=self.line))
        self.line = None

    # -- elements -----------------------------------------------------------

    def container(self, el: etree._Element) -> None:
        self.text(el.text, el)
        for child in el:
            self.node(child)
            self.text(child.tail, el)

    def node(self, el: etree._Element) -> None:
        if not isinstance(el.tag, str):
            return
        tag = el.tag.lower()
        if tag == "br":
            self.buf.append("\n")
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag in _BLOCK:
            self.flush()
            pre = tag in ("pre", "listing", "xmp", "plaintext")
            self.pre += pre
            self.container(el)
            self.flush()
            self.pre -= pre
        elif tag == "img":
            return  # a picture: its alt text is not document text
        else:
            self.container(el)

    # -- tables -------------------------------------------------------------

    def table(self, tbl: etree._Element) -> None:
        depth = self.depth + 1
        if depth > MAX_TABLE_DEPTH:
            raise PhulucError(f"the HTML page nests tables more than {MAX_TABLE_DEPTH} deep: not a readable document")
        groups = _row_groups(tbl)
        caption = next((c for c in tbl if isinstance(c.tag, str) and c.tag.lower() == "caption"), None)
        if caption is not None:
            self.node(caption)
        if not self.cell and _is_frame(groups):
            # A table used as page layout: its cells hold the document, not data.
            saved, self.depth = self.depth, depth
            for group in groups:
                for tr in group:
                    for cell in _cells(tr):
                        if not _is_navigation(cell):  # the menu column of a laid-out page
                            self.node(cell)
            self.depth = saved
            return
        rows, merged = self.grid(groups, depth)
        if self.cell:
            # A table inside a data cell: one line per row, as the Word reader reads it.
            for cells in rows:
                line = " ".join(c.replace("\n", " ") for c in cells if c)
                if line.strip():
                    self.lines.append(line.strip())
            return
        if not rows:
            return
        raw_rows = [RawRow(cells=cells, index=r, merged=merged[r]) for r, cells in enumerate(rows)]
        self.blocks.append(RawTable(rows=raw_rows, index=self.table_index, exact_grid=True))
        self.table_index += 1

    def grid(self, groups: list[list[etree._Element]], depth: int) -> tuple[list[list[str]], list[list[bool]]]:
        """Cells placed on the table's grid: colspan leaves the covered columns empty, rowspan
        repeats the text in the covered rows (marked merged)."""
        texts: dict[tuple[int, int], str] = {}
        merged: set[tuple[int, int]] = set()
        nrows = width = area = 0
        for group in groups:
            base = nrows
            for r, tr in enumerate(group):
                col = 0
                for cell in _cells(tr):
                    while (base + r, col) in texts:
                        col += 1
                    cs = min(MAX_SPAN, max(1, _span(cell.get("colspan"))))
                    rs = _span(cell.get("rowspan"))
                    # rowspan 0 (and any overshoot) runs to the end of the row group
                    rs = len(group) - r if rs <= 0 else min(rs, len(group) - r)
                    area += cs * rs
                    if area > MAX_GRID_CELLS:
                        raise PhulucError(f"an HTML table spans more than {MAX_GRID_CELLS:,} cells: refused")
                    text = self.cell_text(cell, depth)
                    for dr in range(rs):
                        for dc in range(cs):
                            # overlapping spans (a table model error): the earlier cell keeps its slot
                            if (base + r + dr, col + dc) not in texts:
                                texts[(base + r + dr, col + dc)] = text if dc == 0 else ""
                                if dr and not dc:
                                    merged.add((base + r + dr, col))
                    col += cs
                    width = max(width, col)
            nrows += len(group)
        rows = [[texts.get((r, c), "") for c in range(width)] for r in range(nrows)]
        flags = [[(r, c) in merged for c in range(width)] for r in range(nrows)]
        return rows, flags

    def cell_text(self, cell: etree._Element, depth: int) -> str:
        inner = _Walker(cell=True, depth=depth)
        inner.container(cell)
        inner.flush()
        return "\n".join(inner.lines)


def _row_groups(tbl: etree._Element) -> list[list[etree._Element]]:
    """The table's rows by group, as a browser lays them out: head, bodies, foot."""
    head: list[list[etree._Element]] = []
    bodies: list[list[etree._Element]] = []
    foot: list[list[etree._Element]] = []
    loose: list[etree._Element] = []  # <tr> straight under <table>: one implied body
    for child in tbl:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag == "tr":
            loose.append(child)
            continue
        if loose:
            bodies.append(loose)
            loose = []
        if tag in ("thead", "tbody", "tfoot"):
            rows = [tr for tr in child if isinstance(tr.tag, str) and tr.tag.lower() == "tr"]
            if rows:
                {"thead": head, "tbody": bodies, "tfoot": foot}[tag].append(rows)
    if loose:
        bodies.append(loose)
    return head[:1] + bodies + head[1:] + foot


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _span(value: str | None) -> int:
    """A span attribute as browsers read it: the leading digits ("2", " 3 ", "2px")."""
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else 1


def _is_frame(groups: list[list[etree._Element]]) -> bool:
    """A layout table: a single cell, or a cell holding a table at least as long as this one."""
    rows = [tr for g in groups for tr in g]
    cells = [c for tr in rows for c in _cells(tr)]
    if len(cells) <= 1:
        return True
    for cell in cells:
        for inner in cell.iter("table"):
            if sum(len(g) for g in _row_groups(inner)) >= len(rows):
                return True
    return False
