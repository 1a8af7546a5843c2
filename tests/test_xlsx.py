"""XLSX export: cell types, frozen header, filter, sheets (read back with openpyxl)."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from phuluc.export.cli import main
from phuluc.export.csv_writer import COLUMNS
from phuluc.export.xlsx_writer import to_xlsx
from phuluc.extract.model import Document, DocumentInfo, SourceInfo, Task, Time, Warning
from tests.conftest import SAMPLES


def _doc() -> Document:
    long = "Triển khai thực hiện " * 20
    tasks = [
        Task(id="I.1.10", section="I", tt="1.10", level=2, parent="I.1", content=long.strip(),
             lead_text="Sở Tài chính", lead=["Sở Tài chính"],
             start=Time("Quý II/2016", "2016-04-01", "2016-06-30"), end=Time("Năm 2018", "2018-01-01", "2018-12-31"),
             extra={"Kinh phí (triệu đồng)": "1.500"}, flags=["ditto:lead"]),
        Task(id="I.2", section="I", tt="2", content="=SUM(A1:A2) không phải công thức",
             end=Time("Thường xuyên", recurring="ongoing")),
    ]
    return Document(
        source=SourceInfo("kh.pdf", "a" * 64, "pdf", 3),
        info=DocumentInfo(kind="Kế hoạch", number="58/KH-UBND", date="2016-04-08", title="Phát triển"),
        tasks=tasks,
        warnings=[Warning("unknown-agency", "agency not in the gazetteer: X", "I.2", 3)],
    )


def _book(doc: Document):
    return load_workbook(io.BytesIO(to_xlsx(doc)))


def test_sheets_and_header() -> None:
    wb = _book(_doc())
    assert wb.sheetnames == ["Tasks", "Warnings", "Document"]
    ws = wb["Tasks"]
    header = [c.value for c in ws[1]]
    assert header == COLUMNS + ["Kinh phí (triệu đồng)"]
    assert ws.max_row == 3  # one row per task
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}3"


def test_text_stays_text_and_dates_are_dates() -> None:
    ws = _book(_doc())["Tasks"]
    col = {c.value: c.column for c in ws[1]}
    tt = ws.cell(row=2, column=col["tt"])
    assert tt.value == "1.10" and tt.data_type == "s"
    assert ws.cell(row=2, column=col["Kinh phí (triệu đồng)"]).value == "1.500"
    assert ws.cell(row=2, column=col["level"]).value == "2"
    formula = ws.cell(row=3, column=col["content"])
    assert formula.data_type == "s" and formula.value.startswith("=SUM")
    start = ws.cell(row=2, column=col["start_from"])
    assert isinstance(start.value, datetime) and start.value.date().isoformat() == "2016-04-01"
    assert start.number_format == "yyyy-mm-dd"
    assert ws.cell(row=3, column=col["end_from"]).value is None
    assert ws.cell(row=3, column=col["end_text"]).value == "Thường xuyên"


def test_long_text_wraps_within_a_sensible_width() -> None:
    ws = _book(_doc())["Tasks"]
    col = {c.value: c.column_letter for c in ws[1]}
    content = ws.column_dimensions[col["content"]].width
    assert 30 <= content <= 60
    assert ws.column_dimensions[col["tt"]].width < 12
    assert ws[f"{col['content']}2"].alignment.wrap_text


def test_warnings_and_document_sheets() -> None:
    wb = _book(_doc())
    w = [[c.value for c in r] for r in wb["Warnings"].iter_rows()]
    assert w == [["code", "message", "task", "page"], ["unknown-agency", "agency not in the gazetteer: X", "I.2", "3"]]
    d = {r[0].value: r[1].value for r in wb["Document"].iter_rows(min_row=2)}
    assert d["number"] == "58/KH-UBND" and d["file"] == "kh.pdf" and d["tasks"] == "2"
    assert isinstance(d["date"], datetime)


def test_seed_through_the_cli(tmp_path: Path) -> None:
    assert main(["extract", str(SAMPLES / "ct26-daknong.txt"), "-o", str(tmp_path), "--format", "xlsx", "-q"]) == 0
    wb = load_workbook(tmp_path / "ct26-daknong.txt.xlsx")
    ws = wb["Tasks"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows and all(isinstance(r[COLUMNS.index("tt")], str) for r in rows)
    assert len({r[0] for r in rows}) == len(rows)  # one row per task id
    text = " ".join(str(v) for r in rows for v in r if v)
    assert "Ủy ban nhân dân" in text or "Sở" in text  # Vietnamese intact


def test_rows_are_as_tall_as_their_wrapped_text() -> None:
    ws = _book(_doc())["Tasks"]
    assert ws.row_dimensions[2].height >= 3 * 15  # 420 characters of content at width 60
    assert ws.row_dimensions[3].height is None  # one line: the default height
