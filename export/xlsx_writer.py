"""XLSX export (openpyxl): the CSV's table as a spreadsheet that opens right.

Tasks sheet: the CSV's columns, one row per task. Every cell is text (``tt`` "1.10" and an
amount "1.500" stay as written) except the ISO dates of the time columns, which are real
Excel dates. Long text wraps, widths follow the content up to a cap, the header row and id
column are frozen, and there is an autofilter. A Warnings sheet and a Document sheet follow.
"""

from __future__ import annotations

import functools
import io
import re
from datetime import date
from pathlib import Path

from phuluc.export.csv_writer import COLUMNS, _row, extra_columns
from phuluc.export.files import write_atomic
from phuluc.extract.model import Document

DATE_COLUMNS = ("start_from", "start_to", "end_from", "end_to")
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
MAX_CELL = 32767  # Excel's limit on the characters of one cell
# Column widths in characters: as wide as the longest line of the column, within these bounds;
# the long text columns are capped so that a row stays on one screen and wraps instead.
MIN_WIDTH = 6
MAX_WIDTH = 24
WIDE = {"content": 60, "objective": 45, "section_title": 40, "lead_text": 32, "lead": 40, "partners_text": 36,
        "partners": 45, "deliverable": 36, "note": 30, "flags": 30}
HEADER_COLOR = "DDE6F3"
# Row heights: spreadsheet programs do not grow a row to its wrapped text when they open a
# file (LibreOffice keeps the default height and lines overlap), so each row gets the height
# of its tallest cell, its lines counted at the column's width.
LINE_POINTS = 15.0  # one line of the default 11 pt font
MAX_ROW_POINTS = 409.0  # Excel's largest row height
# characters XML 1.0 cannot hold (openpyxl refuses them): control characters but tab and newlines
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@functools.lru_cache(maxsize=1)
def _styles():
    """openpyxl is imported only when a spreadsheet is written (it costs a JSON-only run half
    a second of start-up)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return Alignment(wrap_text=True, vertical="top"), Font(bold=True), PatternFill("solid", fgColor=HEADER_COLOR)


def get_column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter as letter

    return letter(n)


def _text(v: object) -> str:
    s = "" if v is None else str(v)
    s = ILLEGAL.sub("", s)
    return s[:MAX_CELL]


def _put(ws, row: int, col: int, value: object) -> None:
    """A cell as text: strings starting with "=" stay text, never a formula."""
    c = ws.cell(row=row, column=col)
    c.value = _text(value)
    c.data_type = "s"
    c.number_format = TEXT_FORMAT
    c.alignment = _styles()[0]


def _put_date(ws, row: int, col: int, iso: str) -> None:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        _put(ws, row, col, iso)
        return
    c = ws.cell(row=row, column=col, value=d)
    c.number_format = DATE_FORMAT
    c.alignment = _styles()[0]


def _header(ws, names: list[str]) -> None:
    for j, name in enumerate(names, start=1):
        _put(ws, 1, j, name)
        c = ws.cell(row=1, column=j)
        _, c.font, c.fill = _styles()


def _widths(ws, names: list[str], values: list[list[str]]) -> list[float]:
    widths = []
    for j, name in enumerate(names):
        longest = max([len(name)] + [max((len(x) for x in str(r[j]).split("\n")), default=0) for r in values])
        cap = WIDE.get(name, MAX_WIDTH)
        widths.append(max(MIN_WIDTH, min(cap, longest + 2)))
        ws.column_dimensions[get_column_letter(j + 1)].width = widths[-1]
    return widths


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell takes at ``width`` characters (words are not split)."""
    per = max(1, int(width) - 1)
    n = 0
    for para in text.split("\n"):
        line, count = 0, 1
        for word in para.split():
            if line and line + 1 + len(word) > per:
                count += 1
                line = len(word)
            else:
                line += len(word) + (1 if line else 0)
        n += count
    return n


def _heights(ws, widths: list[float], values: list[list[str]], first: int = 2) -> None:
    for i, row in enumerate(values, start=first):
        lines = max((_lines(v, w) for v, w in zip(row, widths, strict=False) if v), default=1)
        if lines > 1:
            ws.row_dimensions[i].height = min(MAX_ROW_POINTS, LINE_POINTS * lines)


def _tasks_sheet(wb, doc: Document) -> None:
    ws = wb.active
    ws.title = "Tasks"
    extras = extra_columns(doc)
    names = COLUMNS + extras
    _header(ws, names)
    table: list[list[str]] = []
    for i, task in enumerate(doc.tasks, start=2):
        row = _row(task)
        row.update({k: task.extra.get(k, "") for k in extras})
        values = [row.get(n, "") for n in names]
        table.append([_text(v) for v in values])
        for j, (name, v) in enumerate(zip(names, values, strict=True), start=1):
            if name in DATE_COLUMNS and v:
                _put_date(ws, i, j, str(v))
            else:
                _put(ws, i, j, v)
    _heights(ws, _widths(ws, names, table), table)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(1, len(doc.tasks) + 1)}"


def _warnings_sheet(wb, doc: Document) -> None:
    ws = wb.create_sheet("Warnings")
    names = ["code", "message", "task", "page"]
    _header(ws, names)
    table = []
    for i, w in enumerate(doc.warnings, start=2):
        values = [w.code, w.message, w.task or "", "" if w.page is None else str(w.page)]
        table.append(values)
        for j, v in enumerate(values, start=1):
            _put(ws, i, j, v)
    widths = [22, 90, 12, 6]
    for letter, w in zip("ABCD", widths, strict=True):
        ws.column_dimensions[letter].width = w
    _heights(ws, widths, table)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:D{max(1, len(doc.warnings) + 1)}"


def _document_sheet(wb, doc: Document) -> None:
    ws = wb.create_sheet("Document")
    info, src = doc.info, doc.source
    rows: list[tuple[str, object]] = [
        ("file", src.file), ("sha256", src.sha256), ("source kind", src.kind),
        ("pages", "" if src.pages is None else str(src.pages)),
        ("kind", info.kind), ("number", info.number), ("issuer", info.issuer), ("place", info.place),
        ("date", info.date), ("title", info.title), ("signer", info.signer),
        ("signer_position", info.signer_position), ("tasks", str(len(doc.tasks))),
        ("warnings", str(len(doc.warnings))),
    ]
    for k, t in enumerate(doc.tables, start=1):
        rows.append((f"table {k}", f"{t.title or ''} (pages {', '.join(map(str, t.pages))})"))
    _header(ws, ["field", "value"])
    _heights(ws, [18, 100], [[k, _text(v)] for k, v in rows])
    for i, (k, v) in enumerate(rows, start=2):
        _put(ws, i, 1, k)
        if k == "date" and v:
            _put_date(ws, i, 2, str(v))
        else:
            _put(ws, i, 2, v)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100


def to_xlsx(doc: Document) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    _tasks_sheet(wb, doc)
    _warnings_sheet(wb, doc)
    _document_sheet(wb, doc)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(doc: Document, path: Path) -> None:
    write_atomic(path, to_xlsx(doc))
