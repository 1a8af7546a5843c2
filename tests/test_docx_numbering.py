"""Word's automatic numbering: numbers that exist only as Word draws them are read as text."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_docx_reader import W, build_docx, cell, edit_package, row, rows_of, run, table

from phuluc.export.pipeline import convert
from phuluc.extract.readers import read
from phuluc.extract.readers.docx import read_docx
from phuluc.extract.readers.docx_numbering import format_number


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def numbering_xml(abstracts: dict[int, list[str]], nums: dict[int, tuple[int, dict[int, int]]]) -> bytes:
    """abstracts: id -> levels; nums: numId -> (abstract id, {ilvl: startOverride})."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">']
    for ident, levels in abstracts.items():
        out.append(f'<w:abstractNum w:abstractNumId="{ident}">' + "".join(levels) + "</w:abstractNum>")
    for ident, (abstract, overrides) in nums.items():
        ov = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                     for k, v in overrides.items())
        out.append(f'<w:num w:numId="{ident}"><w:abstractNumId w:val="{abstract}"/>{ov}</w:num>')
    out.append("</w:numbering>")
    return "".join(out).encode("utf-8")


def with_numbering(path: Path, xml: bytes, styles: bytes | None = None) -> Path:
    """Replace the numbering part (and the styles part) of a python-docx file."""
    parts = {"word/numbering.xml": xml, **({"word/styles.xml": styles} if styles is not None else {})}
    return edit_package(path, lambda name, body: parts.get(name, body))


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    """A paragraph in list ``num_id`` (an empty one when ``text`` is empty, as in a TT cell)."""
    body = run(text) if text else ""
    return f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>{body}</w:p>'


def tt_cell(num_id: int) -> str:
    return f"<w:tc><w:tcPr/>{numbered('', num_id)}</w:tc>"


DECIMAL = {1: [lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2)")]}


def test_format_number():
    assert [format_number(v, "upperRoman") for v in (1, 4, 9, 14, 40, 1999)] == ["I", "IV", "IX", "XIV", "XL",
                                                                                   "MCMXCIX"]
    assert [format_number(v, "lowerLetter") for v in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert format_number(3, "upperLetter") == "C" and format_number(7, "decimalZero") == "07"
    assert format_number(5, "ordinalText") == "5"  # formats without a drawing of ours: decimals
    assert format_number(10**9, "lowerLetter") == str(10**9)  # a hostile start draws no huge label


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numbers_read_back(value):
    roman = format_number(value, "upperRoman")
    digits = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = sum(-digits[a] if digits[a] < digits[b] else digits[a] for a, b in zip(roman, roman[1:] + "I", strict=True))
    assert total == value and roman == format_number(value, "lowerRoman").upper()


def test_numbered_tt_column_is_read(tmp_path):
    path = build_docx(
        tmp_path / "plan.docx",
        table(2, row(cell("TT"), cell("Nội dung")),
              row(tt_cell(1), cell("Việc một")), row(tt_cell(1), cell("Việc hai")), row(tt_cell(1), cell("Việc ba"))),
    )
    with_numbering(path, numbering_xml(DECIMAL, {1: (1, {})}))
    assert rows_of(read_docx(path)) == [["TT", "Nội dung"], ["1.", "Việc một"], ["2.", "Việc hai"],
                                        ["3.", "Việc ba"]]


def test_levels_restart_lists_continue_and_overrides_restart(tmp_path):
    abstracts = {1: [lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%1.%2")]}
    path = build_docx(
        tmp_path / "plan.docx",
        numbered("Mục một", 1), numbered("Việc", 1, 1), numbered("Việc", 1, 1),
        numbered("Mục hai", 1), numbered("Việc", 1, 1),
        numbered("Mục ba", 2),  # another list of the same definition continues it
        numbered("Mục lại", 3),  # … unless it restarts numbering
        "Không đánh số",
    )
    with_numbering(path, numbering_xml(abstracts, {1: (1, {}), 2: (1, {}), 3: (1, {0: 1})}))
    assert [p.text for p in read_docx(path).paragraphs] == [
        "I. Mục một", "I.1 Việc", "I.2 Việc", "II. Mục hai", "II.1 Việc", "III. Mục ba", "I. Mục lại", "Không đánh số"]


def test_bullets_and_num_id_zero_draw_nothing(tmp_path):
    abstracts = {1: [lvl(0, "bullet", "\u2022")], 2: [lvl(0, "decimal", "%1.")]}
    path = build_docx(tmp_path / "plan.docx", numbered("Gạch đầu dòng", 1), numbered("Không số", 0),
                      numbered("Có số", 2))
    with_numbering(path, numbering_xml(abstracts, {1: (1, {}), 2: (2, {})}))
    assert [p.text for p in read_docx(path).paragraphs] == ["Gạch đầu dòng", "Không số", "1. Có số"]


def test_numbering_from_the_paragraph_style(tmp_path):
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
              '<w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Dieu"/><w:pPr><w:numPr>'
              '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="DieuDam"><w:name w:val="Dieu dam"/>'
              '<w:basedOn w:val="DieuDam2"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="DieuDam2"><w:basedOn w:val="Dieu"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>'
              "</w:styles>").encode()
    style = '<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr>' + run("{}") + "</w:p>"
    path = build_docx(tmp_path / "plan.docx", style.format("Dieu", "Phạm vi"), style.format("DieuDam", "Đối tượng"),
                      style.format("Loop", "Tự lặp"))
    with_numbering(path, numbering_xml({1: [lvl(0, "decimal", "Điều %1.")]}, {1: (1, {})}), styles)
    assert [p.text for p in read_docx(path).paragraphs] == ["Điều 1. Phạm vi", "Điều 2. Đối tượng", "Tự lặp"]


def test_broken_numbering_part_costs_only_the_numbers(tmp_path):
    path = build_docx(tmp_path / "plan.docx", numbered("Việc", 1))
    with_numbering(path, b"<w:numbering not xml")
    assert [p.text for p in read_docx(path).paragraphs] == ["Việc"]


def _plan(tmp_path: Path, restart: bool = True) -> Path:
    """A task table whose TT column is numbered by Word, restarted in each section (or not)."""
    head = row(cell("TT"), cell("Nội dung nhiệm vụ"), cell("Cơ quan chủ trì"), cell("Thời gian hoàn thành"))
    rows = [head, row(cell("I"), cell("Cải cách thể chế"), cell(""), cell(""))]
    rows += [row(tt_cell(1), cell(f"Rà soát văn bản số {i}"), cell("Sở Tư pháp"), cell("Quý II/2026")) for i in (1, 2)]
    rows += [row(cell("II"), cell("Cải cách thủ tục hành chính"), cell(""), cell(""))]
    rows += [row(tt_cell(2 if restart else 1), cell(f"Công bố thủ tục số {i}"), cell("Sở Nội vụ"), cell("Năm 2026"))
             for i in (1, 2, 3)]
    path = build_docx(tmp_path / "plan.docx", "KẾ HOẠCH", "Cải cách hành chính năm 2026", table(4, *rows))
    return with_numbering(path, numbering_xml(DECIMAL, {1: (1, {}), 2: (1, {0: 1})}))


def test_numbered_task_table_end_to_end(tmp_path):
    doc = convert(_plan(tmp_path))
    assert [t.id for t in doc.tasks] == ["I.1", "I.2", "II.1", "II.2", "II.3"]
    assert doc.tasks[2].section_title == "Cải cách thủ tục hành chính"
    assert doc.tasks[2].content == "Công bố thủ tục số 1"


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_numbers_survive_a_word_97_copy(tmp_path):
    # one list across both sections: LibreOffice takes each w:num for a list of its own, where
    # Word counts per abstract definition, so a restarted list would be its reading, not Word's
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    src = _plan(tmp_path, restart=False)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                        "doc", "--outdir", str(tmp_path / "doc"), str(src)], check=True, capture_output=True,
                       timeout=180)
    legacy = tmp_path / "doc" / "plan.doc"
    assert read(legacy).kind == "doc"
    assert [t.id for t in convert(legacy).tasks] == ["I.1", "I.2", "II.3", "II.4", "II.5"]
