"""Word documents through the whole pipeline: the reconstructed tasks, not just the grid."""

from pathlib import Path

import pytest

from phuluc.export.pipeline import convert
from tests.test_docx_reader import build_docx, cell, para, row, table, text_box


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    header_block = table(
        2,
        row(cell(["ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN"]), cell(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                          "Độc lập - Tự do - Hạnh phúc"])),
        row(cell("Số: 12/KH-UBND"), cell("Bắc Kạn, ngày 05 tháng 3 năm 2024")),
    )
    tasks = table(
        7,
        # two-level header: "Đơn vị thực hiện" and "Thời gian" span two columns each
        row(cell("TT", vmerge="restart"), cell("Nội dung", vmerge="restart"),
            cell("Đơn vị thực hiện", span=2), cell("Thời gian", span=2), cell("Ghi chú", vmerge="restart"),
            header=True),
        row(cell(vmerge="continue"), cell(vmerge="continue"), cell("Chủ trì"), cell("Phối hợp"),
            cell("Bắt đầu"), cell("Hoàn thành"), cell(vmerge="continue"), header=True),
        row(*[cell(f"({i})") for i in range(1, 8)][:6], cell("(7)")),
        row(cell("I"), cell("CẢI CÁCH THỂ CHẾ", span=6)),
        row(cell("1"), cell("Rà soát văn bản"), cell("Sở Tư pháp", vmerge="restart"), cell("Các sở, ngành"),
            cell("Quý I/2024"), cell("Quý II/2024"), cell("")),
        # the lead agency is merged over the sub-rows; its text sits in the middle of the span
        row(cell("1.1"), cell("Lập danh mục"), cell(vmerge="continue"), cell("Nt"), cell("1/2024"),
            cell("2/2024"), cell("")),
        row(cell("1.2"), cell(["Công bố kết quả", "trên cổng thông tin"]), cell(vmerge="continue"),
            cell("Sở TT&TT"), cell("3/2024"), cell("3/2024"),
            cell(raw=table(2, row(cell("Kinh phí"), cell("50 triệu"))))),
        # the repeated header of the next page
        row(cell("TT"), cell("Nội dung"), cell("Đơn vị thực hiện", span=2), cell("Thời gian", span=2),
            cell("Ghi chú"), header=True),
        row(cell(""), cell(""), cell("Chủ trì"), cell("Phối hợp"), cell("Bắt đầu"), cell("Hoàn thành"), cell("")),
        row(cell("2"), cell("Đào tạo cán bộ"), cell("Sở Nội vụ"), cell(""), cell("2024"), cell("2025"), cell("")),
    )
    second = table(
        3,
        row(cell("STT"), cell("Nhiệm vụ"), cell("Cơ quan chủ trì")),
        row(cell("1"), cell("Đối thoại với doanh nghiệp"), cell("UBND tỉnh")),
    )
    return build_docx(
        tmp_path / "plan.docx",
        header_block,
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2024",
        para(text_box("DỰ THẢO")),
        tasks,
        "Phụ lục 2",
        second,
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
    )


def test_docx_plan_end_to_end(plan: Path) -> None:
    doc = convert(plan)
    t = {task.id: task for task in doc.tasks}
    assert list(t) == ["I.1", "I.1.1", "I.1.2", "I.2", "T2.1"]
    assert [c.field for c in doc.tables[0].columns] == ["tt", "content", "lead_text", "partners_text", "start",
                                                        "end", "note"]
    assert [c.header for c in doc.tables[0].columns][:3] == ["TT", "Nội dung", "Đơn vị thực hiện Chủ trì"]
    assert t["I.1"].section_title == "CẢI CÁCH THỂ CHẾ"
    # the merged lead reaches every sub-row
    assert t["I.1.1"].lead_text == t["I.1.2"].lead_text == "Sở Tư pháp"
    assert "merged-cell" in t["I.1.1"].flags
    # ditto resolved from the row above
    assert t["I.1.1"].partners_text == "Các sở, ngành" and "ditto:partners" in t["I.1.1"].flags
    assert t["I.1.2"].content == "Công bố kết quả trên cổng thông tin"
    assert t["I.1.2"].partners == ["Sở Thông tin và Truyền thông"]
    assert "Kinh phí 50 triệu" in t["I.1.2"].note  # the nested table's text stays in its cell
    assert (t["I.1"].start.from_, t["I.1"].end.to) == ("2024-01-01", "2024-06-30")
    assert t["I.2"].lead == ["Sở Nội vụ"]
    assert t["T2.1"].lead == ["Ủy ban nhân dân tỉnh"]
    assert doc.source.kind == "docx" and t["I.2"].source.table is not None
    info = doc.info
    assert (info.kind, info.number, info.date, info.place) == ("Kế hoạch", "12/KH-UBND", "2024-03-05", "Bắc Kạn")
    assert info.issuer == "Ủy ban nhân dân tỉnh Bắc Kạn"
    assert (info.signer, info.signer_position) == ("Nguyễn Văn An", "Phó Chủ tịch")
