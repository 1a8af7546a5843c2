"""Tests of the HTML reader: pages are built here, around the document the furniture a saved
page of a legal database carries (menus, scripts, styles, footers)."""

from __future__ import annotations

import codecs
import html
import io
import unicodedata
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phuluc.export.pipeline import convert
from phuluc.extract.model import Paragraph, PhulucError, RawTable
from phuluc.extract.readers import SUPPORTED, read, sniff
from phuluc.extract.readers.html import MAX_TABLE_DEPTH, decode_html, looks_like_html, read_html

# ---------------------------------------------------------------------------
# Building pages
# ---------------------------------------------------------------------------

# A cell of a table spec: text (lines joined by "\n"), colspan, rowspan.
Cell = tuple[str, int, int]


def c(text: str = "", colspan: int = 1, rowspan: int = 1) -> Cell:
    return (text, colspan, rowspan)


def html_table(rows: list[list[Cell]], attrs: str = ' border="1"') -> str:
    out = [f"<table{attrs}><tbody>"]
    for r in rows:
        out.append("<tr>")
        for text, cs, rs in r:
            span = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
            body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n")) if text else ""
            out.append(f"<td{span}>{body}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


FURNITURE_TOP = """<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản pháp luật</a></li>
<li><a href="/dp">Văn bản địa phương</a></li></ul></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/vb">Văn bản</a></div>
<div class="doc-header"><h1>Kế hoạch số 12/KH-UBND về cải cách hành chính</h1><div>Còn hiệu lực</div>
<div>Ngày cập nhật: 06/04/2026</div></div>"""
FURNITURE_BOTTOM = """<aside><h3>Văn bản liên quan</h3><ul><li><a href="/1">Quyết định 1/QĐ-UBND</a></li>
<li><a href="/2">Quyết định 2/QĐ-UBND</a></li></ul></aside>
<footer><p>CƠ SỞ DỮ LIỆU VĂN BẢN</p><p>Đơn vị chủ quản: Sở Tư pháp</p><p>Điện thoại: 0123</p></footer>
<script>window.__DATA__ = {"html": "<table><tr><td>x</td></tr></table>"};</script>"""


def page(*blocks: str, head: str = '<meta charset="utf-8">', furniture: bool = True) -> str:
    """A saved page: styles and scripts in the head, menus around the document."""
    body = "\n".join(b if b.startswith("<") else f"<p>{html.escape(b)}</p>" for b in blocks)
    top, bottom = (FURNITURE_TOP, FURNITURE_BOTTOM) if furniture else ("", "")
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><style>.a{color:red} td>p{margin:0}</style>"
        f"{head}<title>Văn bản</title><script>var t = '<p>not text</p>';</script></head>"
        f"<body>{top}<main><div class=\"doc\"><div class=\"content\">{body}</div></div></main>{bottom}"
        "</body></html>"
    )


HEADER_BLOCK = [
    [c("ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN"), c("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")],
    [c("Số: 12/KH-UBND"), c("Bắc Kạn, ngày 05 tháng 3 năm 2024")],
]

# A task table with a two-level header (rowspan over colspan), a section row across all
# columns, a lead merged down over sub-rows, a two-paragraph cell and a nested table.
TASKS = [
    [c("TT", rowspan=2), c("Nội dung", rowspan=2), c("Đơn vị thực hiện", colspan=2), c("Thời gian", colspan=2),
     c("Ghi chú", rowspan=2)],
    [c("Chủ trì"), c("Phối hợp"), c("Bắt đầu"), c("Hoàn thành")],
    [c("I"), c("CẢI CÁCH THỂ CHẾ", colspan=6)],
    [c("1"), c("Rà soát văn bản"), c("Sở Tư pháp", rowspan=3), c("Các sở, ngành"), c("Quý I/2024"),
     c("Quý II/2024"), c("")],
    [c("1.1"), c("Lập danh mục"), c("Nt"), c("1/2024"), c("2/2024"), c("")],
    [c("1.2"), c("Công bố kết quả\ntrên cổng thông tin"), c("Sở TT&TT"), c("3/2024"), c("3/2024"), None],
    [c("II"), c("ĐÀO TẠO", colspan=6)],
    [c("1"), c("Đào tạo cán bộ"), c("Sở Nội vụ"), c(""), c("2024"), c("2025"), c("")],
]
NESTED = "NESTED"  # the place of the nested table in TASKS (the None cell)


def tasks_html() -> str:
    out = html_table([[x if x is not None else c(NESTED) for x in r] for r in TASKS])
    nested = html_table([[c("Kinh phí"), c("50 triệu")]])
    return out.replace(f"<td><p>{NESTED}</p></td>", f"<td>{nested}</td>")


PLAN_BLOCKS = [
    html_table(HEADER_BLOCK, attrs=""),
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2024",
    "Thực hiện chương trình của tỉnh, Ủy ban nhân dân tỉnh ban hành kế hoạch như sau:",
    tasks_html(),
    html_table([[c("Nơi nhận:\n- Như trên;\n- Lưu: VT."), c("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An")]], attrs=""),
]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 writes the tone marks as combining characters after the letter."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323")
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out += (letter + tones).encode("cp1258")
    return out


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


@pytest.fixture
def plan_html(tmp_path: Path) -> Path:
    return write(tmp_path / "plan.html", page(*PLAN_BLOCKS))


# ---------------------------------------------------------------------------
# The same document as .docx, built with python-docx
# ---------------------------------------------------------------------------


def _docx_table(document, rows: list[list[Cell | None]], nested: list[list[str]] | None = None):
    """A python-docx table from the same spec: spans become merged cells."""
    ncols = sum(cs for _, cs, _ in rows[0])
    table = document.add_table(rows=len(rows), cols=ncols)
    taken: set[tuple[int, int]] = set()
    for r, spec in enumerate(rows):
        col = 0
        for cell in spec:
            while (r, col) in taken:
                col += 1
            if cell is None:
                target = table.cell(r, col)
                inner = target.add_table(rows=len(nested), cols=len(nested[0]))
                for i, line in enumerate(nested):
                    for j, text in enumerate(line):
                        inner.cell(i, j).text = text
                col += 1
                continue
            text, cs, rs = cell
            origin = table.cell(r, col)
            lines = text.split("\n") if text else [""]
            origin.text = lines[0]
            for line in lines[1:]:
                origin.add_paragraph(line)
            if cs > 1 or rs > 1:
                origin.merge(table.cell(r + rs - 1, col + cs - 1))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, col + dc))
            col += cs
    return table


def plan_docx(path: Path) -> Path:
    document = docx.Document()
    _docx_table(document, HEADER_BLOCK)
    for text in ("KẾ HOẠCH", "Cải cách hành chính năm 2024",
                 "Thực hiện chương trình của tỉnh, Ủy ban nhân dân tỉnh ban hành kế hoạch như sau:"):
        document.add_paragraph(text)
    _docx_table(document, TASKS, nested=[["Kinh phí", "50 triệu"]])
    _docx_table(document, [[c("Nơi nhận:\n- Như trên;\n- Lưu: VT."), c("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An")]])
    document.add_paragraph()
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def _task_view(doc) -> list[dict]:
    out = []
    for t in doc.tasks:
        out.append({
            "id": t.id, "section": t.section, "section_title": t.section_title, "tt": t.tt, "level": t.level,
            "parent": t.parent, "content": t.content, "lead": t.lead, "partners": t.partners,
            "lead_text": t.lead_text, "partners_text": t.partners_text, "note": t.note, "extra": t.extra,
            "start": t.start.to_json() if t.start else None, "end": t.end.to_json() if t.end else None,
            "flags": t.flags, "cells": t.source.cells, "rows": t.source.rows, "table": t.source.table,
        })
    return out


def test_html_and_docx_give_the_same_tasks(plan_html: Path, tmp_path: Path) -> None:
    from_html = convert(plan_html)
    from_docx = convert(plan_docx(tmp_path / "plan.docx"))
    assert len(from_html.tasks) == 4
    assert _task_view(from_html) == _task_view(from_docx)
    assert [c.to_json() for c in from_html.tables[0].columns] == [c.to_json() for c in from_docx.tables[0].columns]
    assert from_html.info == from_docx.info


# ---------------------------------------------------------------------------
# The page through the whole pipeline
# ---------------------------------------------------------------------------


def test_saved_page_end_to_end(plan_html: Path) -> None:
    doc = convert(plan_html)
    t = {task.id: task for task in doc.tasks}
    assert list(t) == ["I.1", "I.1.1", "I.1.2", "II.1"]
    assert [c.field for c in doc.tables[0].columns] == ["tt", "content", "lead_text", "partners_text", "start",
                                                        "end", "note"]
    assert t["I.1"].section_title == "CẢI CÁCH THỂ CHẾ" and t["II.1"].section_title == "ĐÀO TẠO"
    # rowspan: the lead reaches every row it covers, flagged
    assert t["I.1.1"].lead == t["I.1.2"].lead == ["Sở Tư pháp"]
    assert "merged-cell" in t["I.1.1"].flags and "merged-cell" not in t["I.1"].flags
    assert t["I.1.1"].partners_text == "Các sở, ngành" and "ditto:partners" in t["I.1.1"].flags
    # <p> inside a cell is a line break, joined by normalisation; a nested table is lines of its cell
    assert t["I.1.2"].content == "Công bố kết quả trên cổng thông tin"
    assert t["I.1.2"].source.cells[0][1] == "Công bố kết quả\ntrên cổng thông tin"
    assert t["I.1.2"].note == "Kinh phí 50 triệu"
    assert t["I.1.2"].partners == ["Sở Thông tin và Truyền thông"]  # "&amp;" decoded
    assert (t["I.1"].start.from_, t["I.1"].end.to) == ("2024-01-01", "2024-06-30")
    info = doc.info
    assert (info.kind, info.number, info.date, info.place) == ("Kế hoạch", "12/KH-UBND", "2024-03-05", "Bắc Kạn")
    assert info.issuer == "Ủy ban nhân dân tỉnh Bắc Kạn"
    assert info.title == "Cải cách hành chính năm 2024"
    assert (info.signer, info.signer_position) == ("Nguyễn Văn An", "Phó Chủ tịch")
    assert doc.source.kind == "text" and doc.source.file == "plan.html"


def test_furniture_is_not_document_text(plan_html: Path) -> None:
    raw = read(plan_html)
    text = "\n".join(p.text for p in raw.paragraphs)
    cells = [c for t in raw.tables for r in t.rows for c in r.cells]
    for furniture in ("Trang chủ", "Văn bản liên quan", "Đơn vị chủ quản", "Còn hiệu lực", "not text",
                      "color:red", "__DATA__", "Ngày cập nhật"):
        assert furniture not in text and not any(furniture in c for c in cells)
    assert len(raw.tables) == 3  # header block, tasks, signature: the table in a script is no table
    assert raw.paragraphs[0].text == "KẾ HOẠCH"


def test_grid_spans_resolved(plan_html: Path) -> None:
    tasks = read(plan_html).tables[1]
    grid = [r.cells for r in tasks.rows]
    assert tasks.exact_grid and all(len(g) == 7 for g in grid)
    # colspan: the text in the first column, the covered ones empty (as Word's gridSpan)
    assert grid[0] == ["TT", "Nội dung", "Đơn vị thực hiện", "", "Thời gian", "", "Ghi chú"]
    assert grid[2] == ["I", "CẢI CÁCH THỂ CHẾ", "", "", "", "", ""]
    # rowspan: the text repeated down, the copies marked merged
    assert grid[1] == ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành", "Ghi chú"]
    assert tasks.rows[1].merged == [True, True, False, False, False, False, True]
    assert [r.cells[2] for r in tasks.rows[3:6]] == ["Sở Tư pháp"] * 3
    assert [r.merged[2] for r in tasks.rows[3:6]] == [False, True, True]


def test_document_split_over_sibling_containers(tmp_path: Path) -> None:
    """Header block, preamble and body each in a container of their own (as some portals
    render a document): all of it is the document, the page title and footer are not."""
    sections = "".join(
        f'<div class="item-{i}">{b if b.startswith("<") else "<p>" + html.escape(b) + "</p>"}</div>'
        for i, b in enumerate(PLAN_BLOCKS)
    )
    path = write(tmp_path / "split.html", page(sections))
    doc = convert(path)
    assert len(doc.tasks) == 4 and doc.info.number == "12/KH-UBND"
    assert all("Trang chủ" not in p.text for p in read(path).paragraphs)


def test_layout_table_around_the_document_is_read_through(tmp_path: Path) -> None:
    """Old portals lay the page out in a table; the document sits in one of its cells."""
    inner = "".join(b if b.startswith("<") else f"<p>{html.escape(b)}</p>" for b in PLAN_BLOCKS)
    frame = (f'<table width="100%"><tr><td colspan="2"><a href="/">Trang chủ</a></td></tr>'
             f'<tr><td width="20%"><a href="/a">Menu</a></td><td>{inner}</td></tr></table>')
    doc = convert(write(tmp_path / "frame.htm", page(frame, furniture=False)))
    assert [t.id for t in doc.tasks] == ["I.1", "I.1.1", "I.1.2", "II.1"]
    assert doc.info.issuer == "Ủy ban nhân dân tỉnh Bắc Kạn"


def test_form_box_holding_a_table_is_a_frame(tmp_path: Path) -> None:
    box = html_table([[c("Bảng kê")], [c(NESTED)]]).replace(
        f"<td><p>{NESTED}</p></td>", "<td>" + html_table([[c("a"), c("b")], [c("1"), c("2")], [c("3"), c("4")]])
        + "</td>")
    raw = read_html(write(tmp_path / "box.html", page(box, furniture=False)))
    assert [b.text for b in raw.paragraphs] == ["Bảng kê"]
    assert [[r.cells for r in t.rows] for t in raw.tables] == [[["a", "b"], ["1", "2"], ["3", "4"]]]


def test_legislative_programme_page(tmp_path: Path) -> None:
    """A National Assembly programme: sections by row, numbering starting again in each,
    the reviewing bodies and the session merged down over the rows."""
    rows = [[c("STT"), c("Tên dự án"), c("Cơ quan trình"), c("Cơ quan chủ trì thẩm tra"),
             c("Cơ quan tham gia thẩm tra"), c("Thời gian trình Quốc hội")]]
    for s, title in (("I", "CÁC DỰ ÁN LUẬT TRÌNH QUỐC HỘI THÔNG QUA"), ("II", "CÁC DỰ ÁN LUẬT CHO Ý KIẾN")):
        rows.append([c(f"{s}. {title}", colspan=6)])
        for k in range(1, 21):
            extra = [c("Hội đồng Dân tộc, các Ủy ban khác của Quốc hội", rowspan=20),
                     c("Kỳ họp thứ 10 (tháng 10/2025)", rowspan=20)] if k == 1 else []
            rows.append([c(f"{k}."), c(f"Luật {s}-{k} (sửa đổi)"), c("Chính phủ" if k % 2 else "Bộ Tư pháp"),
                         c("Ủy ban Pháp luật và Tư pháp"), *extra])
    header = [[c("QUỐC HỘI\n-------"), c("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")],
              [c("Nghị quyết số: 57/2025/QH15"), c("Hà Nội, ngày 10 tháng 6 năm 2025")]]
    path = write(tmp_path / "ctlp.html", page(
        html_table(header, attrs=""), "NGHỊ QUYẾT", "VỀ CHƯƠNG TRÌNH LẬP PHÁP NĂM 2026", "QUỐC HỘI",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;", "QUYẾT NGHỊ:",
        html_table([[c(""), c("TM. QUỐC HỘI\nCHỦ TỊCH\nTrần Thanh Mẫn")]], attrs=""),
        "PHỤ LỤC", "DANH MỤC CÁC DỰ ÁN LUẬT", html_table(rows)))
    doc = convert(path)
    assert len(doc.tasks) == 40
    assert {t.section for t in doc.tasks} == {"I", "II"}
    assert doc.tasks[0].id == "I.1" and doc.tasks[-1].id == "II.20"
    assert doc.tasks[0].section_title == "CÁC DỰ ÁN LUẬT TRÌNH QUỐC HỘI THÔNG QUA"
    # the contract's lead is the "chủ trì" column; the submitting body keeps its header in extra
    assert doc.tasks[0].lead == ["Ủy ban Pháp luật và Tư pháp"]
    assert doc.tasks[1].partners == ["Hội đồng Dân tộc", "Các Ủy ban của Quốc hội"]
    assert doc.tasks[0].extra["Cơ quan trình"] == "Chính phủ" and doc.tasks[1].extra["Cơ quan trình"] == "Bộ Tư pháp"
    assert not any(w.code == "unknown-agency" for w in doc.warnings)
    assert all(t.end and (t.end.from_, t.end.to) == ("2025-10-01", "2025-10-31") for t in doc.tasks)
    assert "merged-cell" in doc.tasks[1].flags
    assert (doc.info.number, doc.info.issuer, doc.info.kind) == ("57/2025/QH15", "Quốc hội", "Nghị quyết")
    assert doc.info.date == "2025-06-10"
    assert not any(w.code == "duplicate-number" for w in doc.warnings)


def test_tables_that_assign_nothing_are_not_task_tables(tmp_path: Path) -> None:
    forms = html_table([[c("STT"), c("Mẫu số"), c("Nội dung")], [c("1"), c("Mẫu số 01"), c("Đơn đề nghị")],
                        [c("2"), c("Mẫu số 02"), c("Biên bản")]])
    with pytest.raises(PhulucError, match="no task table found"):
        convert(write(tmp_path / "forms.html", page("DANH MỤC BIỂU MẪU", forms)))


# ---------------------------------------------------------------------------
# Text: entities, line breaks, whitespace
# ---------------------------------------------------------------------------


def test_entities_breaks_and_whitespace(tmp_path: Path) -> None:
    body = ("<p>Ch&#432;&#417;ng  tr&igrave;nh\n  c&ocirc;ng&nbsp;t&aacute;c<br>n&#x103;m 2024&shy;</p>"
            "<div>Đoạn <b>đậm</b> và <a href='#'>liên kết</a></div><p style='display:none'>ẩn</p>"
            "<table><tr><td>dòng một<br/>dòng hai<div>dòng ba</div></td><td>  </td></tr></table>"
            "<pre>a   b\n  c</pre>")
    raw = read_html(write(tmp_path / "t.html", page(body, furniture=False)))
    assert [p.text for p in raw.paragraphs] == ["Chương trình công tác\nnăm 2024", "Đoạn đậm và liên kết",
                                                "a   b\nc"]
    assert raw.tables[0].rows[0].cells == ["dòng một\ndòng hai\ndòng ba", ""]


@pytest.mark.parametrize("encoding, head", [
    ("cp1258", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'),
    ("utf-8", '<meta charset="UTF-8">'),
    ("utf-8", '<meta charset="iso-8859-1">'),  # an old label kept on a page saved again as UTF-8
    ("utf-16", '<meta charset="utf-16">'),  # with a BOM, which decides
    ("utf-8-sig", ""),
])
def test_charset(tmp_path: Path, encoding: str, head: str) -> None:
    text = page("Kế hoạch phát triển kinh tế - xã hội tỉnh Đắk Lắk", head=head, furniture=False)
    raw = read_html(write(tmp_path / "c.html", text, encoding))
    assert raw.paragraphs[0].text == "Kế hoạch phát triển kinh tế - xã hội tỉnh Đắk Lắk"


def test_charset_from_the_meta_tag_after_long_styles() -> None:
    styles = "<style>" + ".x{color:red}\n" * 20000 + "</style>"
    data = f"<html><head>{styles}<meta charset='windows-1258'></head><body><p>Tiến độ</p></body></html>"
    assert "Tiến độ" in decode_html(to_cp1258(data))


# ---------------------------------------------------------------------------
# Detection by content
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, head", [
    ("page.doc", "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"),  # Word "Web page"
    ("page.doc", "<!DOCTYPE html><html>"),  # a portal serving its page as .doc
    ("page.txt", "\ufeff<!-- saved from url=(0022)https://vbpl.vn/ -->\n<html>"),
    ("page.htm", "<div>"),  # a fragment
    ("page.HTML", "<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN'><html>"),
])
def test_detected_by_content(tmp_path: Path, name: str, head: str) -> None:
    path = write(tmp_path / name, head + "<body><p>Nội dung</p></body></html>")
    assert sniff(path) == "html"
    assert read(path).paragraphs[0].text == "Nội dung"


def test_not_html() -> None:
    assert not looks_like_html(b"TT\tN\xe1\xbb\x99i dung\n1\tx\n")
    assert not looks_like_html(b"| TT | <b>x</b> |")
    assert looks_like_html(codecs.BOM_UTF16_LE + "<html><body>".encode("utf-16-le"))
    assert ".html" in SUPPORTED and ".htm" in SUPPORTED


# ---------------------------------------------------------------------------
# Bad pages: one line, never a traceback
# ---------------------------------------------------------------------------


def _one_line_error(path: Path) -> str:
    with pytest.raises(PhulucError) as e:
        read(path)
    message = str(e.value)
    assert "\n" not in message and len(message) < 200
    return message


def test_truncated_page(plan_html: Path, tmp_path: Path) -> None:
    data = plan_html.read_bytes()
    cut = write(tmp_path / "cut.html", "")
    cut.write_bytes(data[: data.index("Đào tạo cán bộ".encode())])
    assert "truncated" in _one_line_error(cut)
    fragment = write(tmp_path / "fragment.htm", "<table><tr><td>TT</td><td>Nội dung</td></tr><tr><td>1")
    assert "truncated" in _one_line_error(fragment)


def test_page_without_body_text(tmp_path: Path) -> None:
    shell = "<!DOCTYPE html><html><head><title>x</title></head><body><div id='root'></div>" \
            "<script>render()</script></body></html>"
    assert "no document text" in _one_line_error(write(tmp_path / "shell.html", shell))
    assert "no content" in _one_line_error(write(tmp_path / "comment.html", "<!-- nothing -->"))
    assert "empty" in _one_line_error(write(tmp_path / "blank.html", "   \n"))


def test_huge_page(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.write(b"<html><body>")
        fh.truncate(50 * 1024 * 1024)  # sparse: fast to make, 50 MB to stat
    assert "too large" in _one_line_error(path)


@pytest.mark.parametrize("depth", [MAX_TABLE_DEPTH + 1, 200])
def test_deeply_nested_tables(tmp_path: Path, depth: int) -> None:
    nested = "<table><tr><td>" * depth + "x" + "</td></tr></table>" * depth
    message = _one_line_error(write(tmp_path / "deep.html", page(f"<p>Trước</p>{nested}", furniture=False)))
    assert "deep" in message


def test_bad_pages_through_the_command_line(tmp_path: Path) -> None:
    from phuluc.export.pipeline import Job, run_job

    path = write(tmp_path / "cut.html", "<!DOCTYPE html><html><body><table><tr><td>TT")
    result = run_job(Job(path, tmp_path / "out" / "cut.html", ("json",)))
    assert not result.ok and "truncated" in result.message and "\n" not in result.message


# ---------------------------------------------------------------------------
# Property: any span layout gives a rectangular grid, each cell's text at its origin
# ---------------------------------------------------------------------------

_spans = st.lists(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 3)), min_size=1, max_size=4),
                  min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=_spans)
def test_span_grids_are_rectangular(tmp_path: Path, layout: list[list[tuple[int, int]]]) -> None:
    rows = [[c(f"r{i}c{j}", cs, rs) for j, (cs, rs) in enumerate(r)] for i, r in enumerate(layout)]
    raw = read_html(write(tmp_path / "p.html", page(html_table(rows), furniture=False)))
    tables = [b for b in raw.blocks if isinstance(b, RawTable)]
    assert len(tables) == 1 or all(len(r) == 1 for r in layout) and len(layout) == 1
    if len(tables) != 1:
        return  # a one-cell table is a frame: its text is a paragraph
    grid = [r.cells for r in tables[0].rows]
    assert len(grid) == len(layout) and len({len(g) for g in grid}) == 1
    texts = [t for g in grid for t in g if t]
    for i, r in enumerate(layout):
        for j, _ in enumerate(r):
            assert f"r{i}c{j}" in texts  # every cell is somewhere on the grid
    for row in tables[0].rows:
        for text, merged in zip(row.cells, row.merged, strict=True):
            assert not merged or text  # a merged cell carries its span's text


def test_paragraph_lines_point_into_the_page(plan_html: Path) -> None:
    raw = read(plan_html)
    first = next(b for b in raw.blocks if isinstance(b, Paragraph))
    line = plan_html.read_text(encoding="utf-8").splitlines()[first.line - 1]
    assert "KẾ HOẠCH" in line


def test_own_review_page_is_not_a_source(plan_html: Path, tmp_path: Path) -> None:
    """A batch run again over a folder holding its outputs must not read phuluc's review pages."""
    from phuluc.export.pipeline import Job, run_job

    out = tmp_path / "out"
    assert run_job(Job(plan_html, out / "plan.html", ("html",))).ok
    review = next(out.glob("*.html"))
    message = _one_line_error(review)
    assert "review page" in message


# A legislative programme whose groups of bills are headed by rows without a numeral: one cell
# spanning the table, and numbering restarting under each.
PROGRAMME = [[c("STT"), c("Tên dự án"), c("Cơ quan trình"), c("Cơ quan chủ trì thẩm tra"),
              c("Cơ quan tham gia thẩm tra"), c("Thời gian trình")]]
for _title, _bills in (("Các dự án luật trình Quốc hội thông qua",
                        [("Bộ Quốc phòng", "Ủy ban Quốc phòng, An ninh và Đối ngoại"),
                         ("Chính phủ", "Ủy ban Kinh tế và Tài chính")]),
                       ("Các dự án luật trình Quốc hội cho ý kiến",
                        [("Tòa án nhân dân tối cao", "Ủy ban Pháp luật và Tư pháp"),
                         ("Chính phủ", "Ủy ban Khoa học, Công nghệ và Môi trường"),
                         ("Chính phủ", "Ủy ban Văn hóa và Xã hội")])):
    PROGRAMME.append([c(_title, colspan=6)])
    for _k, (_by, _lead) in enumerate(_bills, start=1):
        PROGRAMME.append([c(f"{_k}."), c(f"Luật số {_k} ({_title[-8:]})"), c(_by), c(_lead),
                          c("Hội đồng Dân tộc, các Ủy ban khác của Quốc hội"), c("Tháng 10/2026")])


def _check_programme(doc) -> None:
    assert [t.id for t in doc.tasks] == ["-1.1", "-1.2", "-2.1", "-2.2", "-2.3"]
    assert doc.tasks[2].section == "-2" and doc.tasks[2].section_title == "Các dự án luật trình Quốc hội cho ý kiến"
    assert [t.lead for t in doc.tasks] == [["Ủy ban Quốc phòng, An ninh và Đối ngoại"], ["Ủy ban Kinh tế và Tài chính"],
                                           ["Ủy ban Pháp luật và Tư pháp"], ["Ủy ban Khoa học, Công nghệ và Môi trường"],
                                           ["Ủy ban Văn hóa và Xã hội"]]
    assert all(t.partners == ["Hội đồng Dân tộc", "Các Ủy ban của Quốc hội"] for t in doc.tasks)
    assert doc.tasks[2].extra == {"Cơ quan trình": "Tòa án nhân dân tối cao"}
    assert all((t.end.from_, t.end.to) == ("2026-10-01", "2026-10-31") for t in doc.tasks)
    codes = {w.code for w in doc.warnings}
    assert not codes & {"duplicate-number", "unnumbered-row", "unknown-agency", "unlabelled-section"}


def test_programme_with_unlabelled_section_rows_html_and_docx(tmp_path: Path) -> None:
    html_doc = convert(write(tmp_path / "ct.html", page("DANH MỤC CÁC DỰ ÁN LUẬT", html_table(PROGRAMME))))
    _check_programme(html_doc)
    document = docx.Document()
    document.add_paragraph("DANH MỤC CÁC DỰ ÁN LUẬT")
    _docx_table(document, PROGRAMME)
    path = tmp_path / "ct.docx"
    document.save(str(path))
    docx_doc = convert(path)
    _check_programme(docx_doc)
    assert [(t.id, t.section_title, t.content) for t in docx_doc.tasks] == [
        (t.id, t.section_title, t.content) for t in html_doc.tasks]


# ---------------------------------------------------------------------------
# Single-file web pages (MHTML), as Word and browsers save them and portals serve them
# ---------------------------------------------------------------------------


def mhtml(page_bytes: bytes, charset: str = "utf-8", encoding: str = "quoted-printable",
          with_page: bool = True) -> bytes:
    import base64
    import quopri

    body = (quopri.encodestring(page_bytes) if encoding == "quoted-printable"
            else base64.encodebytes(page_bytes)).decode("ascii")
    parts = [
        "MIME-Version: 1.0",
        'Content-Type: multipart/related; boundary="----=_NextPart_01"',
        "",
        "This document is a Single File Web Page, also known as a Web Archive file.",
        "",
    ]
    if with_page:
        parts += ["------=_NextPart_01", "Content-Location: file:///C:/plan.htm",
                  f"Content-Transfer-Encoding: {encoding}", f'Content-Type: text/html; charset="{charset}"', "",
                  body]
    parts += ["------=_NextPart_01", "Content-Location: file:///C:/plan_files/image001.png",
              "Content-Transfer-Encoding: base64", "Content-Type: image/png", "", "iVBORw0KGgo=",
              "------=_NextPart_01--", ""]
    return "\r\n".join(parts).encode("ascii")


@pytest.mark.parametrize("name", ["plan.mht", "plan.doc"])
def test_single_file_web_page_gives_the_page_s_tasks(plan_html: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(mhtml(plan_html.read_bytes()))
    assert sniff(path) == "mhtml"
    doc = convert(path)
    assert doc.source.file == name
    assert _task_view(doc) == _task_view(convert(plan_html))


def test_single_file_web_page_in_windows_1258_base64(tmp_path: Path) -> None:
    text = page(*PLAN_BLOCKS, head='<meta charset="windows-1258">')
    path = tmp_path / "plan.mhtml"
    path.write_bytes(mhtml(to_cp1258(text), charset="windows-1258", encoding="base64"))
    doc = convert(path)
    assert [t.id for t in doc.tasks] == ["I.1", "I.1.1", "I.1.2", "II.1"]
    assert doc.tasks[0].lead == ["Sở Tư pháp"] and doc.tasks[0].content == "Rà soát văn bản"


def test_single_file_web_page_without_a_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.mht"
    path.write_bytes(mhtml(b"", with_page=False))
    with pytest.raises(PhulucError, match="without an HTML page"):
        read(path)


def test_a_file_named_mht_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.mht"
    path.write_bytes(b"\x00\x01 not a MIME message" * 10)
    with pytest.raises(PhulucError, match="not a single-file web page"):
        read(path)


def test_mhtml_names_are_supported() -> None:
    assert {".mht", ".mhtml", ".rtf"} <= set(SUPPORTED)
