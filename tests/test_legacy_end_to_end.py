"""Documents typed in legacy font encodings (TCVN3, VNI) read end to end."""

from pathlib import Path

import docx
import pytest

from phuluc.export.pipeline import convert
from phuluc.extract.encodings import from_unicode

HEADER = ["ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "Số: 15/KH-UBND", "Hà Giang, ngày 12 tháng 5 năm 2005", "KẾ HOẠCH",
          "Triển khai công tác cải cách hành chính"]
ROWS = [["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
        ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Sở Nội vụ", "Quý II/2005"],
        ["2", "Tổ chức tập huấn nghiệp vụ", "Sở Nội vụ", "Nt", "Tháng 9/2005"]]


def _check(doc, encoding: str) -> None:
    a, b = doc.tasks
    assert (a.content, a.lead, a.partners) == ("Rà soát thủ tục hành chính", ["Sở Tư pháp"], ["Sở Nội vụ"])
    assert (a.end.from_, a.end.to) == ("2005-04-01", "2005-06-30")
    assert f"legacy:{encoding}" in a.flags
    assert a.source.cells[0][1] == from_unicode("Rà soát thủ tục hành chính", encoding)  # as typed
    assert b.partners == ["Sở Nội vụ"] and "ditto:partners" in b.flags
    assert any(w.code == "legacy-encoding" for w in doc.warnings)
    info = doc.info
    assert (info.kind, info.number, info.date) == ("Kế hoạch", "15/KH-UBND", "2005-05-12")
    assert info.issuer == "Ủy ban nhân dân tỉnh Hà Giang"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_word_document_in_a_legacy_font(tmp_path: Path, encoding: str) -> None:
    d = docx.Document()
    for line in HEADER:
        d.add_paragraph(from_unicode(line, encoding))
    t = d.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, values in zip(t.rows, ROWS, strict=True):
        for c, v in zip(r.cells, values, strict=True):
            c.text = from_unicode(v, encoding)
    path = tmp_path / "plan.docx"
    d.save(path)
    _check(convert(path), encoding)


def test_text_file_in_tcvn3_bytes(tmp_path: Path) -> None:
    lines = HEADER + [""] + ["\t".join(r) for r in ROWS]
    path = tmp_path / "plan.txt"
    path.write_bytes(from_unicode("\n".join(lines), "tcvn3").encode("cp1252"))
    _check(convert(path), "tcvn3")
