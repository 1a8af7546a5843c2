"""The one data model of phuluc, passed from stage to stage.

reader ──▶ RawDocument ──reconstruct──▶ Document (tables, tasks with raw cell text)
       ──normalize──▶ Document (canonical agencies, TIME intervals, metadata) ──export──▶ files

Readers fill the ``Raw*`` classes and know nothing about appendices; reconstruction
fills ``Task`` with the cell text of each field; normalisation fills the canonical
fields (``lead``, ``partners``, ``start.from`` …) and ``DocumentInfo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# What a reader produces
# ---------------------------------------------------------------------------


@dataclass
class Paragraph:
    """A line or paragraph of body text outside the task tables."""

    text: str
    page: int | None = None
    line: int | None = None  # 1-based line in a text file, paragraph index in Word


@dataclass
class RawRow:
    """One physical row of a table as the reader saw it.

    ``merged[i]`` is True when cell ``i`` is the continuation of a vertically merged
    cell (Word ``vMerge``, a PDF cell spanning several ruled rows); the reader has
    already copied the span's text into it.
    """

    cells: list[str]
    page: int | None = None
    index: int = 0  # row index inside its raw table
    line: int | None = None  # line number in a text file
    merged: list[bool] = field(default_factory=list)
    starts_page: bool = False  # first row of a new page (PDF, text with form feeds)
    # set by reconstruction when cells typed in a legacy font encoding were converted:
    # the encoding ("tcvn3", "vni") and the cells as the reader gave them
    legacy: str | None = None
    original: list[str] | None = None
    # PDF and scanned inputs: where the row is printed, (page, x0, top, x1, bottom) in PDF
    # points from the page's top-left corner (for the review page's crops)
    box: tuple[int, float, float, float, float] | None = None
    # OCR: True for a cell holding a word read with less confidence than the reader's threshold
    low_confidence: list[bool] = field(default_factory=list)
    # set by the OCR reader: corrected[i] is True when a doubtful word of cell i was put
    # right from its column's vocabulary (the raw OCR cells are in ``original``)
    corrected: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.merged) < len(self.cells):
            self.merged = self.merged + [False] * (len(self.cells) - len(self.merged))


@dataclass
class RawTable:
    """A grid of rows: a whole Word table, or one page's fragment of a PDF/text table."""

    rows: list[RawRow]
    index: int = 0  # position among the document's raw tables (Word table index)
    page: int | None = None  # page of the first row
    # Reader's opinion: True when this fragment continues the previous one (same
    # columns on the next page), False when it is certainly a new table, None unknown.
    continues: bool | None = None
    # True when the reader knows every cell sits in its true column (a Word grid):
    # reconstruction then never realigns its rows.
    exact_grid: bool = False


Block = Paragraph | RawTable


@dataclass
class Warning:
    code: str
    message: str
    task: str | None = None
    page: int | None = None


@dataclass
class RawDocument:
    file: str  # file name as given (no folder)
    kind: str  # pdf | pdf-ocr | docx | doc | text
    sha256: str
    blocks: list[Block] = field(default_factory=list)  # document order
    pages: int | None = None
    warnings: list[Warning] = field(default_factory=list)
    path: str | None = None  # the file as opened (set by ``readers.read``; the review page renders from it)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[RawTable]:
        return [b for b in self.blocks if isinstance(b, RawTable)]


# ---------------------------------------------------------------------------
# What reconstruction and normalisation produce
# ---------------------------------------------------------------------------


@dataclass
class Time:
    """A time cell: the text as written and the first/last day it can denote."""

    text: str
    from_: str | None = None  # ISO date
    to: str | None = None
    recurring: str | None = None  # yearly | monthly | quarterly | ongoing

    def to_json(self) -> dict:
        out = {"text": self.text, "from": self.from_, "to": self.to}
        if self.recurring:
            out["recurring"] = self.recurring
        return out


@dataclass
class Source:
    pages: list[int] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)  # raw cells of each physical row
    table: int | None = None  # raw table index (Word)
    rows: list[int] = field(default_factory=list)  # raw row indices (Word) or lines (text)
    # PDF and scans: [page, x0, top, x1, bottom] of each physical row, in PDF points
    boxes: list[list[float]] = field(default_factory=list)

    def to_json(self) -> dict:
        out: dict = {"pages": self.pages, "cells": self.cells}
        if self.table is not None:
            out["table"] = self.table
        if self.rows:
            out["rows"] = self.rows
        if self.boxes:
            out["boxes"] = self.boxes
        return out


# Contract fields a table column can map to; "time" is a single column holding a
# period ("Thời gian thực hiện") that normalisation splits into start and end.
TASK_TEXT_FIELDS = ("tt", "content", "objective", "lead_text", "partners_text", "deliverable", "note")
TIME_FIELDS = ("start", "end", "time")


@dataclass
class Task:
    id: str = ""
    section: str | None = None
    section_title: str | None = None
    tt: str = ""
    level: int = 1
    parent: str | None = None
    content: str = ""
    objective: str = ""
    lead_text: str = ""
    partners_text: str = ""
    deliverable: str = ""
    note: str = ""
    # Raw time cells as reconstructed; normalisation turns them into start/end.
    start_text: str | None = None
    end_text: str | None = None
    time_text: str | None = None
    start: Time | None = None
    end: Time | None = None
    lead: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    lead_successor: list[str] = field(default_factory=list)
    partners_successor: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    source: Source = field(default_factory=Source)
    flags: list[str] = field(default_factory=list)
    table: int = 1  # 1-based logical table number

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)


@dataclass
class Column:
    field: str  # contract field, "time", "extra" or "section"
    header: str

    def to_json(self) -> dict:
        return {"field": self.field, "header": self.header}


@dataclass
class Table:
    title: str | None = None
    pages: list[int] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)


@dataclass
class DocumentInfo:
    kind: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    signer: str | None = None
    signer_position: str | None = None


@dataclass
class SourceInfo:
    file: str
    sha256: str
    kind: str
    pages: int | None = None
    path: str | None = None  # the input file as opened; not exported


@dataclass
class Document:
    source: SourceInfo
    info: DocumentInfo = field(default_factory=DocumentInfo)
    tables: list[Table] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)  # text outside task tables, for metadata

    def warn(self, code: str, message: str, task: str | None = None, page: int | None = None) -> None:
        self.warnings.append(Warning(code, message, task, page))


class PhulucError(Exception):
    """A file cannot be converted; the message is the one-line reason shown to the user."""
