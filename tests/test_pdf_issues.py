"""Regression tests for failures seen on real signed PDFs, one test per failure, each on a
PDF drawn here with the same layout (in the manner of pdfplumber's tests/test_issues.py).

The names say what they reproduce; the layouts are generic (no corpus text)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from phuluc.export.pipeline import Job, convert, run_job
from phuluc.extract.budget import remaining, time_budget
from phuluc.extract.model import PhulucError, RawTable
from phuluc.extract.readers import pdf as pdf_reader
from phuluc.extract.readers.pdf import read_pdf
from phuluc.extract.tables import reconstruct
from tests.test_pdf_reader import HEADER, XS, Doc


def _codes(doc) -> list[tuple[str, int | None]]:
    return [(w.code, w.page) for w in doc.warnings]


def _task_page(d: Doc, first: int, n: int = 2, header: bool = True) -> None:
    top = 60
    if header:
        d.row(XS, top, top + 20, HEADER)
        top += 20
    for k in range(first, first + n):
        d.row(XS, top, top + 30, [str(k), f"Nhiệm vụ số {k} của kế hoạch", "Sở Nội vụ", "Quý I/2026"])
        top += 30


def _three_task_pages(tmp_path: Path) -> Path:
    d = Doc(tmp_path / "plan.pdf")
    for p in range(3):
        _task_page(d, 1 + 2 * p, header=p == 0)
        d.text(290, 800, str(p + 1))
        d.page()
    return d.save()


# ---------------------------------------------------------------------------
# Crashes and fault isolation
# ---------------------------------------------------------------------------


def test_drawn_cell_holding_only_a_space_glyph(tmp_path: Path) -> None:
    # A continuation row cut by the page break: its cells are drawn, one holds only a space.
    # Reading it used to fail the whole document ("min() arg is an empty sequence").
    d = Doc(tmp_path / "space.pdf")
    d.row(XS, 60, 80, HEADER)
    d.row(XS, 80, 110, ["1", "Nhiệm vụ một", "Sở Y tế", "2026"])
    d.row(XS, 110, 130, ["", " ", "", ""])
    doc = read_pdf(d.save())
    grid = [b for b in doc.blocks if isinstance(b, RawTable)][0]
    assert [r.cells for r in grid.rows][-1] == ["", "", "", ""]


def test_exception_in_one_page_gives_a_page_warning_and_keeps_the_other_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _three_task_pages(tmp_path)
    real = pdf_reader.read_page

    def failing(page, *a, **kw):
        if page.page_number == 2:
            raise ZeroDivisionError("a bug on page 2")
        return real(page, *a, **kw)

    monkeypatch.setattr(pdf_reader, "read_page", failing)
    raw = read_pdf(path)
    unreadable = [w for w in raw.warnings if w.code == "page-unreadable"]
    assert [w.page for w in unreadable] == [2]
    assert "internal error (ZeroDivisionError: a bug on page 2)" in unreadable[0].message
    doc = reconstruct(raw)
    assert [t.tt for t in doc.tasks] == ["1", "2", "5", "6"]


def test_exception_in_one_table_finder_keeps_the_page_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from phuluc.extract.readers.pdf_grid import RuledTable

    path = _three_task_pages(tmp_path)
    monkeypatch.setattr(RuledTable, "grid", lambda self: 1 / 0)
    raw = read_pdf(path)
    assert {(w.code, w.page) for w in raw.warnings} == {("table-unreadable", 1), ("table-unreadable", 2),
                                                         ("table-unreadable", 3)}
    assert "ZeroDivisionError" in raw.warnings[0].message
    assert any("Nhiệm vụ số 3" in p.text for p in raw.paragraphs)  # nothing silently dropped


def test_bug_on_every_page_is_an_internal_error_not_a_corrupt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _three_task_pages(tmp_path)

    def failing(page, *a, **kw):
        raise TypeError("unsupported operand")

    monkeypatch.setattr(pdf_reader, "read_page", failing)
    r = run_job(Job(path, tmp_path / "out" / "plan.pdf", ("json",)))
    assert not r.ok
    assert r.message.startswith("internal error (TypeError: unsupported operand)")
    assert "please report this file" in r.message and "corrupt" not in r.message
    with pytest.raises(TypeError):  # under --debug the traceback is shown
        run_job(Job(path, tmp_path / "out" / "plan.pdf", ("json",)), debug=True)


def test_timeout_on_a_slow_pdf_says_gave_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _three_task_pages(tmp_path)
    real = pdf_reader.read_page

    def slow(page, *a, **kw):
        time.sleep(2)
        return real(page, *a, **kw)

    monkeypatch.setattr(pdf_reader, "read_page", slow)
    t0 = time.monotonic()
    r = run_job(Job(path, tmp_path / "out" / "plan.pdf", ("json",), timeout=1))
    assert not r.ok and r.message.startswith("gave up after 1 s")
    assert time.monotonic() - t0 < 5


# ---------------------------------------------------------------------------
# True reasons
# ---------------------------------------------------------------------------


def test_blank_page_in_a_document_without_task_table_is_not_no_text_layer(tmp_path: Path) -> None:
    # A decree whose last page is empty (no text, no image): the document has text, so the
    # refusal is "no task table found", never "no text layer".
    d = Doc(tmp_path / "decree.pdf")
    d.text(72, 60, "NGHỊ ĐỊNH")
    d.text(72, 90, "Điều 1. Phạm vi điều chỉnh của văn bản này.")
    d.page()
    d.c.setLineWidth(0.5)
    d.c.line(72, 400, 300, 400)
    d.page()
    with pytest.raises(PhulucError, match="^no task table found$"):
        convert(d.save())


def test_pdf_without_any_text_or_image_says_no_text_layer(tmp_path: Path) -> None:
    d = Doc(tmp_path / "empty.pdf")
    d.c.line(72, 400, 300, 400)
    d.page()
    with pytest.raises(PhulucError, match="no text layer"):
        convert(d.save())


# ---------------------------------------------------------------------------
# What a task table is
# ---------------------------------------------------------------------------

THREE = [50, 90, 300, 540]


def _list_table(tmp_path: Path, header: list[str], rows: list[list[str]]) -> Path:
    d = Doc(tmp_path / "list.pdf")
    d.text(200, 30, "PHỤ LỤC", 12)
    d.row(THREE, 60, 80, header)
    top = 80
    for r in rows:
        d.row(THREE, top, top + 30, r)
        top += 30
    return d.save()


def test_list_of_places_is_not_a_task_table(tmp_path: Path) -> None:
    path = _list_table(tmp_path, ["TT", "Tên địa bàn", "Ranh giới địa bàn hoạt động"],
                       [[str(k), f"Địa bàn {k}", f"Phạm vi giới hạn bởi các điểm {k}"] for k in range(1, 5)])
    with pytest.raises(PhulucError, match="^no task table found$"):
        convert(path)
    doc = reconstruct(read_pdf(path))
    assert [w.code for w in doc.warnings] == ["table-skipped"]
    assert any("Địa bàn 3" in p.text for p in doc.body)


def test_curriculum_table_is_not_a_task_table(tmp_path: Path) -> None:
    path = _list_table(tmp_path, ["STT", "Nội dung", "Số giờ"],
                       [[str(k), f"Chuyên đề {k}", str(4 * k)] for k in range(1, 5)])
    with pytest.raises(PhulucError, match="^no task table found$"):
        convert(path)


def test_statistics_table_with_unit_column_is_not_a_task_table(tmp_path: Path) -> None:
    path = _list_table(tmp_path, ["STT", "Nội dung chỉ tiêu", "Đơn vị tính"],
                       [[str(k), f"Chỉ tiêu {k}", "người"] for k in range(1, 5)])
    with pytest.raises(PhulucError, match="^no task table found$"):
        convert(path)


def test_task_table_in_the_appendix_of_a_long_decree(tmp_path: Path) -> None:
    d = Doc(tmp_path / "decree.pdf")
    for p in range(6):  # pages of articles, with a fee table among them
        for k in range(30):
            d.text(72, 60 + 22 * k, f"Điều {p * 30 + k + 1}. Quy định về trách nhiệm thi hành văn bản.")
        d.text(290, 800, str(p + 1))
        d.page()
    d.row(THREE, 60, 80, ["STT", "Nội dung", "Mức thu (đồng)"])
    d.row(THREE, 80, 110, ["1", "Cấp giấy phép", "100.000"])
    d.row(THREE, 110, 140, ["2", "Cấp lại giấy phép", "50.000"])
    d.page()
    d.text(200, 30, "PHỤ LỤC", 12)
    _task_page(d, 1, n=3)
    doc = convert(d.save())
    assert [t.tt for t in doc.tasks] == ["1", "2", "3"]
    assert doc.tasks[0].lead == ["Sở Nội vụ"]
    assert [(w.code, w.page) for w in doc.warnings if w.code == "table-skipped"] == [("table-skipped", 7)]


# ---------------------------------------------------------------------------
# Limits that follow the user's
# ---------------------------------------------------------------------------


def test_ocr_pages_see_the_files_budget_and_a_failed_page_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from phuluc.extract.readers import ocr
    from phuluc.extract.readers.page_layout import PageContent

    seen: dict[int, float | None] = {}

    def fake_page(number, gray, width, height, dpi=ocr.DPI):
        seen[number] = remaining()
        if number == 2:
            raise PhulucError("tesseract failed: out of memory")
        return PageContent(number, width, height)

    monkeypatch.setattr(ocr, "require_tesseract", lambda: "tesseract")
    monkeypatch.setattr(ocr, "ocr_page", fake_page)
    with time_budget(300):
        contents, n, notes = ocr.ocr_pages(_three_task_pages(tmp_path))
    assert n == 3 and [pc.number for pc in contents] == [1, 3]
    assert [(w.code, w.page) for w in notes] == [("page-unreadable", 2)]
    assert "tesseract failed" in notes[0].message
    assert all(v is not None and 0 < v <= 300 for v in seen.values())  # the worker threads have the budget
