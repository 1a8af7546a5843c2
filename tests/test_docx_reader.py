"""Tests of the .docx reader: fixtures are built here with python-docx plus hand-written XML."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phuluc.extract.model import PhulucError, RawDocument
from phuluc.extract.readers.docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(*inner: str) -> str:
    """A w:p; plain strings become runs, strings starting with '<' are raw XML."""
    return "<w:p>" + "".join(x if x.startswith("<") else run(x) for x in inner) + "</w:p>"


def cell(text: str | list[str] = "", *, span: int = 1, vmerge: str | None = None, raw: str = "") -> str:
    """A w:tc; ``text`` is one paragraph or a list of paragraphs, ``raw`` extra block XML."""
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    paras = text if isinstance(text, list) else [text]
    body = "".join(para(t) if t else "<w:p/>" for t in paras) + raw
    if not body.endswith("</w:p>") and not body.endswith("<w:p/>"):
        body += "<w:p/>"  # a cell must end with a paragraph
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def row(*cells: str, header: bool = False, trpr: str = "") -> str:
    pr = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr>{pr}{trpr}</w:trPr>" + "".join(cells) + "</w:tr>"


def table(ncols: int, *rows: str) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(ncols))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>" + "".join(rows) + "</w:tbl>"


def text_box(text: str) -> str:
    """An anchored text box the way Word 2010+ writes it: DrawingML choice plus VML fallback."""
    content = f"<w:txbxContent>{para(text)}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Box"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def wrap(fragment: str):
    """Parse a fragment of body XML (one element) with every namespace we use declared."""
    tag_end = fragment.index(">")
    if fragment[tag_end - 1] == "/":
        tag_end -= 1
    return parse_xml(fragment[:tag_end] + " " + NS + fragment[tag_end:])


def build_docx(path: Path, *blocks: str) -> Path:
    """Write a .docx whose body holds ``blocks``: plain strings are paragraphs, '<…' raw XML."""
    document = docx.Document()
    body = document.element.body
    for block in blocks:
        if block.startswith("<"):
            body.sectPr.addprevious(wrap(block))
        else:
            document.add_paragraph(block)
    if blocks and blocks[-1].startswith("<w:tbl"):
        document.add_paragraph()  # Word always ends a body with a paragraph, never a table
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(buf.getvalue())
    return path


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def rows_of(doc: RawDocument, table: int = 0) -> list[list[str]]:
    return [r.cells for r in doc.tables[table].rows]


def merged_of(doc: RawDocument, table: int = 0) -> list[list[bool]]:
    return [r.merged for r in doc.tables[table].rows]


def test_document_fields_and_body_order(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "plan.docx",
        "KẾ HOẠCH",
        "",
        table(2, row(cell("TT"), cell("Nội dung")), row(cell("1"), cell("Việc một"))),
        "Nơi nhận:",
    )
    doc = read_docx(path)
    assert doc.file == "plan.docx"
    assert doc.kind == "docx"
    assert doc.pages is None
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "RawTable", "Paragraph"]  # the empty paragraph is skipped
    first, tbl, last = doc.blocks
    assert (first.text, first.line) == ("KẾ HOẠCH", 0)
    assert (last.text, last.line) == ("Nơi nhận:", 2)
    assert tbl.index == 0
    assert [r.index for r in tbl.rows] == [0, 1]
    assert rows_of(doc) == [["TT", "Nội dung"], ["1", "Việc một"]]
    assert merged_of(doc) == [[False, False], [False, False]]


def test_display_name_and_kind_override(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "x.docx", "Một")
    doc = read_docx(path, kind="doc", display_name="goc.doc")
    assert (doc.file, doc.kind) == ("goc.doc", "doc")


def test_cell_paragraphs_joined_with_newline_and_line_breaks(tmp_path: Path) -> None:
    br = '<w:r><w:t>Sở Tài chính;</w:t><w:br/><w:t>Sở Nội vụ</w:t></w:r>'
    path = build_docx(
        tmp_path / "a.docx",
        table(2, row(cell(["Lãnh đạo", "", "Sở Y tế"]), f"<w:tc>{para(br)}</w:tc>")),
    )
    assert rows_of(read_docx(path)) == [["Lãnh đạo\nSở Y tế", "Sở Tài chính;\nSở Nội vụ"]]


def test_horizontal_spans_keep_the_grid(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "span.docx",
        table(
            5,
            row(cell("TT"), cell("Nội dung"), cell("Thời gian", span=2), cell("Ghi chú")),
            row(cell("I"), cell("CẢI CÁCH HÀNH CHÍNH", span=4)),
            row(cell("PHẦN A: NHIỆM VỤ CHUNG", span=5)),
            row(cell("1"), cell("Rà soát"), cell("2016"), cell("2017"), cell("")),
        ),
    )
    assert rows_of(read_docx(path)) == [
        ["TT", "Nội dung", "Thời gian", "", "Ghi chú"],
        ["I", "CẢI CÁCH HÀNH CHÍNH", "", "", ""],
        ["PHẦN A: NHIỆM VỤ CHUNG", "", "", "", ""],
        ["1", "Rà soát", "2016", "2017", ""],
    ]


def test_grid_before_and_short_rows_are_padded(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "before.docx",
        table(
            3,
            row(cell("a"), cell("b"), cell("c")),
            row(cell("x"), trpr='<w:gridBefore w:val="2"/>'),
            row(cell("only")),
        ),
    )
    assert rows_of(read_docx(path)) == [["a", "b", "c"], ["", "", "x"], ["only", "", ""]]


def test_vertical_merge_lead_agency_spans_sub_rows(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "vm.docx",
        table(
            3,
            row(cell("TT"), cell("Nội dung"), cell("Chủ trì")),
            row(cell("1"), cell("Quy hoạch"), cell("Sở NN&PTNT", vmerge="restart")),
            row(cell("a)"), cell("Rà soát"), cell("", vmerge="continue")),
            row(cell("b)"), cell("Công bố"), cell("", vmerge="continue")),
            row(cell("2"), cell("Đầu tư"), cell("UBND tỉnh")),
        ),
    )
    doc = read_docx(path)
    assert rows_of(doc) == [
        ["TT", "Nội dung", "Chủ trì"],
        ["1", "Quy hoạch", "Sở NN&PTNT"],
        ["a)", "Rà soát", "Sở NN&PTNT"],
        ["b)", "Công bố", "Sở NN&PTNT"],
        ["2", "Đầu tư", "UBND tỉnh"],
    ]
    assert merged_of(doc) == [
        [False, False, False],
        [False, False, False],
        [False, False, True],
        [False, False, True],
        [False, False, False],
    ]


def test_vertical_merge_text_in_the_middle_of_the_span(tmp_path: Path) -> None:
    # Badly made documents type the text into a "continue" cell; Word shows it in the merged box.
    path = build_docx(
        tmp_path / "mid.docx",
        table(
            2,
            row(cell("1"), cell("", vmerge="restart")),
            row(cell("2"), cell("Sở Tư pháp", vmerge="continue")),
            row(cell("3"), cell("", vmerge="continue")),
            row(cell("4"), cell("Sở Y tế")),
        ),
    )
    doc = read_docx(path)
    assert [r[1] for r in rows_of(doc)] == ["Sở Tư pháp", "Sở Tư pháp", "Sở Tư pháp", "Sở Y tế"]
    assert [m[1] for m in merged_of(doc)] == [False, True, True, False]


def test_vertical_merge_collects_text_of_every_cell(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "two.docx",
        table(
            2,
            row(cell("1"), cell("Sở Nội vụ", vmerge="restart")),
            row(cell("2"), cell("Sở Tài chính", vmerge="continue")),
        ),
    )
    assert [r[1] for r in rows_of(read_docx(path))] == ["Sở Nội vụ\nSở Tài chính"] * 2


def test_vertical_merges_in_two_columns_and_a_spanned_merge(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "cols.docx",
        table(
            4,
            row(cell("Sở A", vmerge="restart"), cell("x"), cell("2016 - 2020", span=2, vmerge="restart")),
            row(cell("", vmerge="continue"), cell("y"), cell("", span=2, vmerge="continue")),
            row(cell("Sở B"), cell("z"), cell("2017"), cell("2018")),
        ),
    )
    doc = read_docx(path)
    assert rows_of(doc) == [
        ["Sở A", "x", "2016 - 2020", ""],
        ["Sở A", "y", "2016 - 2020", ""],
        ["Sở B", "z", "2017", "2018"],
    ]
    assert merged_of(doc)[1] == [True, False, True, False]


def test_continue_without_restart_starts_a_span(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "cont.docx",
        table(1, row(cell("Sở A", vmerge="continue")), row(cell("", vmerge="continue"))),
    )
    doc = read_docx(path)
    assert rows_of(doc) == [["Sở A"], ["Sở A"]]
    assert merged_of(doc) == [[False], [True]]


def test_nested_table_text_goes_into_its_cell(tmp_path: Path) -> None:
    inner = table(2, row(cell("Quý I"), cell("2016")), row(cell("Quý II"), cell("")))
    path = build_docx(
        tmp_path / "nested.docx",
        table(2, row(cell("1"), cell("Việc", raw=inner))),
        table(1, row(cell("bảng hai"))),
    )
    doc = read_docx(path)
    assert len(doc.tables) == 2  # the nested table is not a table of its own
    assert [t.index for t in doc.tables] == [0, 1]
    assert rows_of(doc, 0) == [["1", "Việc\nQuý I 2016\nQuý II"]]
    assert rows_of(doc, 1) == [["bảng hai"]]


def test_two_tables_with_paragraphs_between(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "two_tables.docx",
        table(2, row(cell("ỦY BAN NHÂN DÂN"), cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))),
        "a) Với các sở, ngành:",
        table(2, row(cell("TT"), cell("Nội dung")), row(cell("1"), cell("Đối thoại"))),
        "b) Với các xã, phường:",
        table(2, row(cell("TT"), cell("Nội dung")), row(cell("1"), cell("Đối thoại xã"))),
    )
    doc = read_docx(path)
    assert [t.index for t in doc.tables] == [0, 1, 2]
    assert [p.text for p in doc.paragraphs] == ["a) Với các sở, ngành:", "b) Với các xã, phường:"]
    assert rows_of(doc, 2)[1] == ["1", "Đối thoại xã"]
    # Body order is kept: table, paragraph, table, paragraph, table.
    assert [type(b).__name__ for b in doc.blocks] == ["RawTable", "Paragraph"] * 2 + ["RawTable"]


def test_repeated_header_rows_are_ordinary_rows(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "hdr.docx",
        table(
            2,
            row(cell("TT"), cell("Nội dung"), header=True),
            row(cell("(1)"), cell("(2)"), header=True),
            row(cell(""), cell("")),
            row(cell("1"), cell("Việc")),
        ),
    )
    doc = read_docx(path)
    assert rows_of(doc) == [["TT", "Nội dung"], ["(1)", "(2)"], ["", ""], ["1", "Việc"]]
    assert [r.index for r in doc.tables[0].rows] == [0, 1, 2, 3]


def test_text_box_in_body_becomes_a_paragraph_once(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "box.docx", para(text_box("DỰ THẢO"), "KẾ HOẠCH"), "Căn cứ")
    doc = read_docx(path)
    # Choice and Fallback hold the same box: it must appear once.
    assert [p.text for p in doc.paragraphs] == ["DỰ THẢO", "KẾ HOẠCH", "Căn cứ"]


def test_text_box_in_cell_is_part_of_the_cell(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "cellbox.docx", table(1, row(f"<w:tc>{para('Sở A', text_box('Sở B'))}</w:tc>")))
    assert rows_of(read_docx(path)) == [["Sở A\nSở B"]]


def test_alternate_content_runs_are_read_once(tmp_path: Path) -> None:
    alt = (
        '<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>Sở Y tế</w:t></w:r></mc:Choice>'
        "<mc:Fallback><w:r><w:t>Sở Y tế</w:t></w:r></mc:Fallback></mc:AlternateContent>"
    )
    path = build_docx(tmp_path / "alt.docx", para("Chủ trì: ", alt), table(1, row(f"<w:tc>{para(alt)}</w:tc>")))
    doc = read_docx(path)
    assert doc.paragraphs[0].text == "Chủ trì: Sở Y tế"
    assert rows_of(doc) == [["Sở Y tế"]]


def test_page_break_is_not_a_line_break(tmp_path: Path) -> None:
    xml = '<w:r><w:t>Sở</w:t><w:br w:type="page"/><w:t>Nội vụ</w:t></w:r>'
    path = build_docx(tmp_path / "pb.docx", para(xml))
    assert read_docx(path).paragraphs[0].text == "Sở Nội vụ"


def test_tracked_changes_accepted_view(tmp_path: Path) -> None:
    changed = (
        '<w:r><w:t xml:space="preserve">Sở </w:t></w:r>'
        '<w:del w:id="1" w:author="x"><w:r><w:delText>Tài chính</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="x"><w:r><w:t>Nội vụ</w:t></w:r></w:ins>'
    )
    deleted_row = row(cell("9"), cell("bỏ"), trpr='<w:del w:id="3" w:author="x"/>')
    path = build_docx(
        tmp_path / "tracked.docx",
        para(changed),
        table(2, row(cell("1"), f"<w:tc>{para(changed)}</w:tc>"), deleted_row, row(cell("2"), cell("giữ"))),
    )
    doc = read_docx(path)
    assert doc.paragraphs[0].text == "Sở Nội vụ"
    assert rows_of(doc) == [["1", "Sở Nội vụ"], ["2", "giữ"]]


def test_fields_hyperlinks_and_tabs(tmp_path: Path) -> None:
    field_xml = (
        '<w:fldSimple w:instr=" DATE "><w:r><w:t>2016</w:t></w:r></w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:hyperlink r:id="rId99"><w:r><w:t> xem</w:t></w:r></w:hyperlink>'
        "<w:r><w:tab/><w:t>cuối</w:t></w:r>"
    )
    path = build_docx(tmp_path / "fld.docx", table(1, row(f"<w:tc>{para(field_xml)}</w:tc>")), para(field_xml))
    doc = read_docx(path)
    assert rows_of(doc) == [["20167 xem\tcuối"]]
    assert doc.paragraphs[0].text == "20167 xem\tcuối"


def test_content_control_rows_and_paragraphs(tmp_path: Path) -> None:
    sdt_row = f"<w:sdt><w:sdtPr/><w:sdtContent>{row(cell('1'), cell('trong sdt'))}</w:sdtContent></w:sdt>"
    sdt_para = f"<w:sdt><w:sdtPr/><w:sdtContent>{para('Đoạn sdt')}</w:sdtContent></w:sdt>"
    path = build_docx(tmp_path / "sdt.docx", table(2, row(cell("TT"), cell("Nội dung")), sdt_row), sdt_para)
    doc = read_docx(path)
    assert rows_of(doc) == [["TT", "Nội dung"], ["1", "trong sdt"]]
    assert [p.text for p in doc.paragraphs] == ["Đoạn sdt"]


# -- corrupt input ------------------------------------------------------------


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _replace_part(src: Path, dst: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    parts[name] = data
    return _zip(dst, parts)


def _error(path: Path) -> str:
    with pytest.raises(PhulucError) as info:
        read_docx(path)
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert "empty" in _error(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in _error(tmp_path / "nope.docx")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "text.docx"
    path.write_text("Đây là văn bản thuần", encoding="utf-8")
    assert "zip" in _error(path)


def test_truncated_zip(tmp_path: Path) -> None:
    good = build_docx(tmp_path / "good.docx", table(1, row(cell("x"))))
    data = good.read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 30):
        bad = tmp_path / f"cut{cut}.docx"
        bad.write_bytes(data[:cut])
        assert "corrupt" in _error(bad) or "zip" in _error(bad)


def test_zip_without_document_xml(tmp_path: Path) -> None:
    path = _zip(tmp_path / "nodoc.docx", {"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"})
    assert "word/document.xml" in _error(path)


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    good = build_docx(tmp_path / "good.docx", "x")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>'
        b"</w:body></w:document>"
    )
    path = _replace_part(good, tmp_path / "bomb.docx", "word/document.xml", bomb)
    assert "DOCTYPE" in _error(path)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    good = build_docx(tmp_path / "good.docx", "x")
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
        b"</w:body></w:document>"
    )
    path = _replace_part(good, tmp_path / "xxe.docx", "word/document.xml", xxe)
    assert "DOCTYPE" in _error(path)


def test_malformed_xml(tmp_path: Path) -> None:
    good = build_docx(tmp_path / "good.docx", "x")
    path = _replace_part(good, tmp_path / "bad.docx", "word/document.xml", b"<w:document><w:body>")
    assert "XML" in _error(path)


def test_not_wordprocessingml(tmp_path: Path) -> None:
    good = build_docx(tmp_path / "good.docx", "x")
    path = _replace_part(good, tmp_path / "other.docx", "word/document.xml", b"<html><body/></html>")
    assert "WordprocessingML" in _error(path)


def test_encrypted_word_file_is_an_ole_container(tmp_path: Path) -> None:
    # Office encrypts a .docx into an OLE compound file holding an "EncryptedPackage" stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    path = tmp_path / "secret.docx"
    path.write_bytes(ole)
    assert "password" in _error(path)


def test_legacy_doc_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    assert "OLE" in _error(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_files_give_phuluc_error_or_a_document(tmp_path: Path, data: st.DataObject) -> None:
    """Truncating or overwriting bytes anywhere never lets another exception escape."""
    good = tmp_path / "good.docx"
    if not good.exists():
        build_docx(good, "KẾ HOẠCH", table(2, row(cell("1"), cell("Sở A", vmerge="restart"))))
    raw = bytearray(good.read_bytes())
    cut = data.draw(st.integers(0, len(raw)))
    raw = raw[:cut] if data.draw(st.booleans()) else raw
    for _ in range(data.draw(st.integers(0, 4))):
        if raw:
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(bytes(raw))
    try:
        doc = read_docx(bad)
    except PhulucError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert doc.kind == "docx"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    grid=st.lists(
        st.lists(st.tuples(st.integers(1, 3), st.sampled_from([None, "restart", "continue"])), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_random_grids_are_rectangular(tmp_path: Path, grid: list[list[tuple[int, str | None]]]) -> None:
    """Any mix of spans and merges gives rows of one width with the text at each cell's first column."""
    ncols = max(sum(span for span, _ in r) for r in grid)
    rows_xml = []
    for r, cells in enumerate(grid):
        rows_xml.append(row(*(cell(f"r{r}c{c}", span=span, vmerge=vm) for c, (span, vm) in enumerate(cells))))
    path = build_docx(tmp_path / "grid.docx", table(ncols, *rows_xml))
    doc = read_docx(path)
    got = doc.tables[0].rows
    assert len(got) == len(grid)
    assert {len(r.cells) for r in got} == {ncols}
    assert all(len(r.merged) == ncols for r in got)
    for r, cells in enumerate(grid):
        col = 0
        for c, (span, _) in enumerate(cells):
            assert f"r{r}c{c}" in got[r].cells[col]
            assert all(got[r].cells[k] == "" for k in range(col + 1, col + span))
            col += span


def test_hidden_text_is_not_read(tmp_path: Path) -> None:
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>ghi chú ẩn </w:t></w:r>'
    shown = '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t xml:space="preserve"> rõ</w:t></w:r>'
    path = build_docx(tmp_path / "plan.docx", para("Nội dung", hidden, shown),
                      table(2, row(cell("TT"), cell("Nội dung")), row(cell("1"), f"<w:tc>{para(hidden, 'Việc')}</w:tc>")))
    doc = read_docx(path)
    assert [p.text for p in doc.paragraphs] == ["Nội dung rõ"]
    assert rows_of(doc)[1] == ["1", "Việc"]


def edit_package(path: Path, edit, add: dict[str, bytes] | None = None) -> Path:
    """Rewrite a .docx in place: ``edit(part name, bytes) -> bytes`` for every part, and the
    parts of ``add`` appended."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, edit(item.filename, src.read(item)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def _with_chunk(path: Path, chunk_name: str, data: bytes | None, content_type: str) -> Path:
    """Add an embedded chunk part (and its relationship, id rIdChunk) to a python-docx file."""
    ext = chunk_name.rsplit(".", 1)[-1]

    def edit(name: str, body: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels":
            rel = ('<Relationship Id="rIdChunk" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/aFChunk" Target="{chunk_name}"/>')
            return body.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        if name == "[Content_Types].xml":
            return body.replace(b"<Default ", f'<Default Extension="{ext}" ContentType="{content_type}"/><Default '
                                .encode(), 1)
        return body

    return edit_package(path, edit, {f"word/{chunk_name}": data} if data is not None else None)


CHUNK_REF = '<w:altChunk r:id="rIdChunk"/>'
CHUNK_PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>PHỤ LỤC</p>"
              "<table border='1'><tr><td>TT</td><td>Nội dung</td><td>Cơ quan chủ trì</td></tr>"
              "<tr><td>1</td><td>Rà soát văn bản</td><td>Sở Tư pháp</td></tr></table></body></html>")


def test_embedded_html_chunk_is_read_in_its_place(tmp_path: Path) -> None:
    # documents assembled from HTML keep their body in a chunk that Word shows in place
    path = build_docx(tmp_path / "plan.docx", "KẾ HOẠCH", CHUNK_REF, "Nơi nhận:",
                      table(2, row(cell("TT"), cell("Ghi chú")), row(cell("1"), cell("Sau"))))
    _with_chunk(path, "afchunk.htm", CHUNK_PAGE.encode("utf-8"), "text/html")
    doc = read_docx(path)
    assert [p.text for p in doc.paragraphs] == ["KẾ HOẠCH", "PHỤ LỤC", "Nơi nhận:"]
    assert [t.index for t in doc.tables] == [0, 1]
    assert rows_of(doc, 0) == [["TT", "Nội dung", "Cơ quan chủ trì"], ["1", "Rà soát văn bản", "Sở Tư pháp"]]
    assert rows_of(doc, 1)[1] == ["1", "Sau"]
    assert doc.warnings == []


@pytest.mark.parametrize("name, data", [("afchunk.rtf", b"{\\rtf1 x}"), ("afchunk.htm", None)])
def test_embedded_chunk_not_read_is_a_warning(tmp_path: Path, name: str, data: bytes | None) -> None:
    path = build_docx(tmp_path / "plan.docx", "KẾ HOẠCH", CHUNK_REF)
    _with_chunk(path, name, data, "application/rtf" if name.endswith("rtf") else "text/html")
    doc = read_docx(path)
    assert [w.code for w in doc.warnings] == ["content-not-read"]
    assert [p.text for p in doc.paragraphs] == ["KẾ HOẠCH"]
