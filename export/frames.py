"""Tables of many documents: the rows of tasks, documents and warnings, and their columns.

Everything here works on the contract's JSON shape (``phuluc/1``), so a Document just
converted and a JSON file read back from an output folder give the same rows. Each column
is declared once, with its type and its meaning from the output contract; the pandas dtypes
(``to_pandas``, Parquet) and the Frictionless Table Schemas (``phuluc dataset``) are both
derived from these declarations.

pandas is imported only by the functions that build DataFrames.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from phuluc.export.csv_writer import LIST_SEP

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | integer | date | list
    description: str
    item_type: str = "string"  # of a list column


# The columns every task row starts with, so that the rows of many documents can be stacked.
DOCUMENT_KEYS = ("file", "document_number", "document_date", "issuer", "place")

_FILE = Column("file", "string",
               "The source file: its path below the output folder it was read from (the input's name, "
               "folders kept), or its name for a single document. Unique in the dataset.")

_NUMBER = Column("document_number", "string", "Số ký hiệu of the document, e.g. 26/CTr-UBND.")
_DATE = Column("document_date", "date", "Date the document was signed (ISO).")

TASK_COLUMNS: tuple[Column, ...] = (
    _FILE,
    _NUMBER,
    _DATE,
    Column("issuer", "string", "Issuing body, canonical name, e.g. Ủy ban nhân dân tỉnh Đắk Nông."),
    Column("place", "string", "Place name of the issuer, e.g. Đắk Nông."),
    Column("id", "string", "Task id, unique in the document: section + '.' + tt (II.1.3); nested sections "
           "join their labels (A.I.1); letter items add the letter (II.2.a); unnumbered '-'/'+' items add "
           ".- and their position (I.4.-1); a sub-row under a merged number adds #2, #3; a second table "
           "prefixes T2."),
    Column("section", "string", "Section label as printed (II, A, Phần I → I); under nested sections the "
           "innermost label or the joined path (A.I)."),
    Column("section_title", "string", "The section row's text."),
    Column("tt", "string", "The row's number as printed, trailing dot or parenthesis removed (1, 1.3, a)."),
    Column("level", "integer", "1 for 1, 2 for 1.3, 3 for 1.3.2; letters under a number are one level below it."),
    Column("parent", "string", "id of the enclosing task."),
    Column("content", "string", "Nội dung (nhiệm vụ / công việc), as written."),
    Column("objective", "string", "Mục tiêu / Mục đích, empty when the table has none."),
    Column("lead_text", "string", "Đơn vị / Cơ quan chủ trì as written, after ditto resolution."),
    Column("lead", "list", "lead_text split into agencies, each in canonical form."),
    Column("partners_text", "string", "Đơn vị / Cơ quan phối hợp as written, after ditto resolution."),
    Column("partners", "list", "partners_text split into agencies, each in canonical form."),
    Column("deliverable", "string", "Kết quả / Sản phẩm / Hình thức văn bản."),
    Column("start_text", "string", "Thời gian triển khai / bắt đầu as written."),
    Column("start_from", "date", "First day the start can denote."),
    Column("start_to", "date", "Last day the start can denote."),
    Column("end_text", "string", "Thời gian hoàn thành / kết thúc as written."),
    Column("end_from", "date", "First day the end can denote."),
    Column("end_to", "date", "Last day the end can denote: the deadline."),
    Column("note", "string", "Ghi chú, empty when none."),
    Column("pages", "list", "Pages of the source the task's rows are on.", item_type="integer"),
    Column("flags", "list", "What reconstruction did to this row (ditto:lead, joined-page-break, realigned, "
           "stray-cell, …)."),
)

DOCUMENT_COLUMNS: tuple[Column, ...] = (
    _FILE,
    Column("document_kind", "string", "Kind of document: Chương trình, Kế hoạch, Quyết định, …"),
    _NUMBER,
    _DATE,
    Column("issuer", "string", "Issuing body, canonical name."),
    Column("place", "string", "Place name of the issuer."),
    Column("title", "string", "Trích yếu: what the document is about."),
    Column("signer", "string", "Name of the person who signed."),
    Column("signer_position", "string", "Position of the signer, e.g. Phó Chủ tịch."),
    Column("source_kind", "string", "How the file was read: pdf, pdf-ocr, docx, doc or text."),
    Column("sha256", "string", "SHA-256 of the source file."),
    Column("pages", "integer", "Pages of the source file (PDF)."),
    Column("tables", "integer", "Task tables found in the document."),
    Column("tasks", "integer", "Tasks found in the document."),
    Column("warnings", "integer", "Warnings raised on the document."),
)

WARNING_COLUMNS: tuple[Column, ...] = (
    _FILE,
    Column("code", "string", "Warning code: unknown-agency, unparseable-date, date-order, …"),
    Column("message", "string", "What was doubtful, in words."),
    Column("task", "string", "id of the task it is about."),
    Column("page", "integer", "Page of the source it is about."),
)

_TASK_NAMES = {c.name for c in TASK_COLUMNS}


def extra_column(header: str) -> Column:
    return Column(header, "string", f"Extra column of the source table headed “{header}”, cell text as written.")


def extra_name(header: str) -> str:
    """The column of an extra header; one that clashes with a contract column is marked as extra."""
    return header if header not in _TASK_NAMES else f"{header} (extra)"


# ---------------------------------------------------------------------------
# Rows, as plain Python values (lists as lists, dates as ISO strings, null as None)
# ---------------------------------------------------------------------------


def _time(t: dict | None, key: str) -> str | None:
    return None if t is None else t.get(key)


def task_rows(file: str, doc: dict) -> list[dict]:
    """One row per task of a contract document."""
    info = doc["document"]
    head = {"file": file, "document_number": info["number"], "document_date": info["date"],
            "issuer": info["issuer"], "place": info["place"]}
    rows = []
    for t in doc["tasks"]:
        start, end = t["start"], t["end"]
        row = dict(head)
        row.update({
            "id": t["id"], "section": t["section"], "section_title": t["section_title"], "tt": t["tt"],
            "level": t["level"], "parent": t["parent"], "content": t["content"], "objective": t["objective"],
            "lead_text": t["lead_text"], "lead": list(t["lead"]), "partners_text": t["partners_text"],
            "partners": list(t["partners"]), "deliverable": t["deliverable"],
            "start_text": _time(start, "text"), "start_from": _time(start, "from"), "start_to": _time(start, "to"),
            "end_text": _time(end, "text"), "end_from": _time(end, "from"), "end_to": _time(end, "to"),
            "note": t["note"], "pages": list(t["source"]["pages"]), "flags": list(t["flags"]),
        })
        row.update({extra_name(k): v for k, v in t["extra"].items()})
        rows.append(row)
    return rows


def document_row(file: str, doc: dict) -> dict:
    info, src = doc["document"], doc["source"]
    return {
        "file": file, "document_kind": info["kind"], "document_number": info["number"],
        "document_date": info["date"], "issuer": info["issuer"], "place": info["place"], "title": info["title"],
        "signer": info["signer"], "signer_position": info["signer_position"], "source_kind": src["kind"],
        "sha256": src["sha256"], "pages": src.get("pages"), "tables": len(doc["tables"]),
        "tasks": len(doc["tasks"]), "warnings": len(doc["warnings"]),
    }


def warning_rows(file: str, doc: dict) -> list[dict]:
    return [{"file": file, "code": w["code"], "message": w["message"], "task": w.get("task"),
             "page": w.get("page")} for w in doc["warnings"]]


def task_columns(rows: Iterable[dict]) -> list[Column]:
    """The contract's task columns, then every extra column in first-seen order."""
    extras = dict.fromkeys(k for r in rows for k in r if k not in _TASK_NAMES)
    return [*TASK_COLUMNS, *(extra_column(k) for k in extras)]


# ---------------------------------------------------------------------------
# DataFrames with real dtypes
# ---------------------------------------------------------------------------


def frame(rows: list[dict], columns: list[Column]) -> pd.DataFrame:
    """Rows as a DataFrame: text as pandas strings, integers as nullable Int64 where a value may be
    missing, dates as datetime64, lists as Python lists."""
    import pandas as pd

    data = {}
    for c in columns:
        values = [r.get(c.name) for r in rows]
        if c.type == "date":
            data[c.name] = pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d")
        elif c.type == "integer":
            data[c.name] = pd.Series(values, dtype="Int64")
        elif c.type == "list":
            data[c.name] = pd.Series([[] if v is None else v for v in values], dtype="object")
        else:
            data[c.name] = pd.Series(values, dtype="string")
    return pd.DataFrame(data, columns=[c.name for c in columns])


def tasks_frame(docs: Iterable[tuple[str, dict]]) -> pd.DataFrame:
    """The tasks of (file, contract document) pairs, one row per task."""
    rows = [r for file, doc in docs for r in task_rows(file, doc)]
    return frame(rows, task_columns(rows))


def csv_text(df: pd.DataFrame, columns: list[Column]) -> str:
    """A frame as the CSV of the dataset: lists joined with '; ' (as in the per-file CSV), dates ISO,
    missing values empty."""
    out = df.copy()
    for c in columns:
        if c.type == "list":
            out[c.name] = out[c.name].map(lambda v: LIST_SEP.join(str(x) for x in v))
        elif c.type == "date":
            out[c.name] = out[c.name].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\r\n")
