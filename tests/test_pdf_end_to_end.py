"""PDFs through the whole pipeline: the reconstructed tasks of generated PDFs."""

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape

from phuluc.export.pipeline import convert
from tests.test_pdf_reader import HEADER, XS, Doc


def _tasks(path: Path) -> dict:
    return {t.id: t for t in convert(path).tasks}


def _across_pages(tmp_path: Path, repeat_header: bool) -> Path:
    d = Doc(tmp_path / "plan.pdf")
    d.text(200, 40, "PHỤ LỤC", 12)
    d.row(XS, 80, 100, HEADER)
    d.row(XS, 100, 130, ["1", ["Xây dựng kế hoạch triển khai", "Nghị quyết"], "Sở Nội vụ", "Quý I/2026"])
    d.row(XS, 130, 160, ["2", ["Rà soát văn bản quy phạm", "pháp luật"], "Sở Tư pháp", "Tháng 6/2026"])
    d.text(290, 800, "1", 10)
    d.page()
    top = 50
    if repeat_header:
        d.row(XS, top, top + 20, HEADER)
        top += 20
    d.row(XS, top, top + 20, ["", "của tỉnh", "", ""])  # the rest of row 2, cut by the page break
    d.row(XS, top + 20, top + 50, ["3", "Tổ chức hội nghị", "Nt", "Tháng 3/2026"])
    d.text(290, 800, "2", 10)
    return d.save()


def _check_across_pages(t: dict) -> None:
    assert list(t) == ["1", "2", "3"]
    assert t["2"].content == "Rà soát văn bản quy phạm pháp luật của tỉnh"
    assert "joined-page-break" in t["2"].flags
    assert t["2"].source.pages == [1, 2]
    assert t["3"].lead == ["Sở Tư pháp"] and "ditto:lead" in t["3"].flags
    assert (t["1"].end.from_, t["1"].end.to) == ("2026-01-01", "2026-03-31")


def test_row_cut_by_page_break_with_repeated_header(tmp_path: Path) -> None:
    _check_across_pages(_tasks(_across_pages(tmp_path, repeat_header=True)))


def test_row_cut_by_page_break_without_repeated_header(tmp_path: Path) -> None:
    _check_across_pages(_tasks(_across_pages(tmp_path, repeat_header=False)))


def test_merged_number_cell_gives_sub_row_tasks(tmp_path: Path) -> None:
    d = Doc(tmp_path / "merged.pdf")
    d.row(XS, 60, 80, ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"])
    d.cell(XS[0], 80, XS[1], 100, "I")
    d.cell(XS[1], 80, XS[4], 100, "Hoàn thiện thể chế")
    d.cell(XS[0], 100, XS[1], 140, "15", at=115)  # printed in the middle of the span
    d.cell(XS[1], 100, XS[2], 140, "Thể chế hóa Nghị quyết", at=115)
    d.cell(XS[2], 100, XS[3], 120, "Bộ Tư pháp")
    d.cell(XS[3], 100, XS[4], 120, "Tháng 5/2026")
    d.cell(XS[2], 120, XS[3], 140, "Bộ Nội vụ")
    d.cell(XS[3], 120, XS[4], 140, "Tháng 11/2026")
    t = _tasks(d.save())
    assert list(t) == ["I.15", "I.15#2"]
    assert t["I.15#2"].content == "Thể chế hóa Nghị quyết" and t["I.15#2"].tt == "15"
    assert t["I.15#2"].lead == ["Bộ Nội vụ"] and t["I.15#2"].end.to == "2026-11-30"
    assert "merged-cell" in t["I.15#2"].flags
    assert t["I.15"].section_title == "Hoàn thiện thể chế"


def test_landscape_page(tmp_path: Path) -> None:
    d = Doc(tmp_path / "land.pdf", pagesize=landscape(A4))
    xs = [50, 100, 450, 650, 790]
    d.row(xs, 60, 80, HEADER)
    d.row(xs, 80, 100, ["1", "Nhiệm vụ trên trang ngang", "Bộ Tư pháp", "2026"])
    d.page(A4)
    d.row(XS, 60, 80, HEADER)
    d.row(XS, 80, 100, ["2", "Nhiệm vụ trên trang dọc", "Bộ Nội vụ", "2027"])
    t = _tasks(d.save())
    assert [x.lead for x in t.values()] == [["Bộ Tư pháp"], ["Bộ Nội vụ"]]
    assert list(t) == ["1", "2"]
