"""Tables without vertical ruling lines (horizontal rules only, or no lines at all): columns
from whitespace rivers. Every PDF is drawn here with reportlab; cells are 8–10 pt apart, as
Word and LibreOffice leave them."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from phuluc.extract.model import Paragraph, RawTable
from phuluc.extract.readers.pdf import read_pdf

FONTS = {
    "VN": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"],
    "VNB": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"],
}

# Column left edges (text starts 3 pt in); gaps between the text of two cells are ~8 pt.
XS = [60, 88, 268, 352, 446, 535]
HEADER = [["STT"], ["Nội dung"], ["Chủ trì"], ["Phối hợp"], ["Thời gian", "thực hiện"]]
SIZE = 9.0
PITCH = 11.0


def _fonts() -> None:
    for name, paths in FONTS.items():
        if name in pdfmetrics.getRegisteredFontNames():
            continue
        path = next((p for p in paths if Path(p).exists()), None)
        if path is None:
            pytest.skip("no TrueType font with Vietnamese glyphs")
        pdfmetrics.registerFont(TTFont(name, path))


class Page:
    def __init__(self, path: Path) -> None:
        _fonts()
        self.c = canvas.Canvas(str(path), pagesize=A4)
        self.h = A4[1]

    def text(self, x: float, top: float, s: str, bold: bool = False, size: float = SIZE) -> None:
        self.c.setFont("VNB" if bold else "VN", size)
        self.c.drawString(x, self.h - top - size, s)

    def rule(self, top: float) -> None:
        self.c.setLineWidth(0.5)
        self.c.line(XS[0], self.h - top, XS[-1], self.h - top)

    def row(self, top: float, cells: list[list[str]], bold: bool = False) -> float:
        """Draw one table row (cell lines PITCH apart); return its bottom."""
        for x, lines in zip(XS, cells, strict=False):
            for k, s in enumerate(lines):
                self.text(x + 3, top + 3 + k * PITCH, s, bold)
        return top + 6 + PITCH * max(len(c) for c in cells)

    def new_page(self) -> None:
        self.c.showPage()

    def save(self) -> Path:
        self.c.save()
        return Path(self.c._filename)


BODY = [
    [["I"], ["Công tác tuyên truyền"], [], [], []],
    [["1"], ["Rà soát thủ tục hành chính", "thuộc thẩm quyền của tỉnh"], ["Sở Tư pháp"],
     ["Các sở, ngành"], ["Quý II/2026"]],
    [["2"], ["Tập huấn cán bộ làm công tác", "một cửa cấp xã"], ["Sở Nội vụ"], ["UBND cấp xã"], ["2026 - 2030"]],
    [["3"], ["Kiểm tra công vụ"], ["Văn phòng", "UBND tỉnh"], ["Sở Nội vụ,", "Thanh tra tỉnh"],
     ["Thường", "xuyên"]],
]


def _cells(rows: list[list[list[str]]]) -> list[list[str]]:
    return [["\n".join(c) for c in r] for r in rows]


def _tables(doc) -> list[RawTable]:
    return [b for b in doc.blocks if isinstance(b, RawTable)]


def _paras(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def _prose(p: Page, top: float) -> float:
    for s in ["Căn cứ tình hình thực tế, Ủy ban nhân dân tỉnh ban hành kế hoạch với các nội dung",
              "chủ yếu sau đây, giao các sở, ngành chủ trì, phối hợp thực hiện đúng thời gian."]:
        p.text(XS[0], top, s, size=11)
        top += 15
    return top


def test_horizontal_rules_only(tmp_path: Path) -> None:
    p = Page(tmp_path / "hrules.pdf")
    top = _prose(p, 60) + 20
    p.rule(top)
    top = p.row(top, HEADER, bold=True)
    for r in BODY:
        p.rule(top)
        top = p.row(top, r)
    p.rule(top)
    p.text(XS[0], top + 30, "Nơi nhận:", size=11)
    doc = read_pdf(p.save())
    (t,) = _tables(doc)
    assert [r.cells for r in t.rows] == _cells([HEADER, *BODY])
    assert "Nơi nhận:" in _paras(doc)
    assert not any("Sở Tư pháp" in s for s in _paras(doc))


def test_no_lines_two_pages_repeated_header(tmp_path: Path) -> None:
    p = Page(tmp_path / "nolines.pdf")
    top = _prose(p, 60) + 20
    top = p.row(top, HEADER, bold=True)
    for r in BODY[:3]:
        top = p.row(top, r)
    # A row cut by the page break: its first lines here, the rest on the next page.
    top = p.row(top, [["4"], ["Số hóa hồ sơ lưu trữ"], ["Sở Nội vụ"], ["Các sở,"], ["2026"]])
    p.text(297, 800, "1", size=11)  # page number
    p.new_page()
    top = p.row(50, HEADER, bold=True)
    top = p.row(top, [[], ["lịch sử của tỉnh"], [], ["ngành"], []])
    top = p.row(top, BODY[3])
    # The signature block, two columns, one blank line under the table.
    p.text(XS[0], top + 20, "Nơi nhận:", size=11)
    p.text(330, top + 20, "TM. ỦY BAN NHÂN DÂN", size=11)
    p.text(XS[0], top + 35, "- Như trên;", size=11)
    p.text(350, top + 35, "CHỦ TỊCH", size=11)
    p.text(297, 800, "2", size=11)
    doc = read_pdf(p.save())
    t1, t2 = _tables(doc)
    assert [r.cells for r in t1.rows] == _cells([HEADER, *BODY[:3]]) + [
        ["4", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Các sở,", "2026"]
    ]
    assert t2.continues is True
    assert [r.cells for r in t2.rows] == [
        _cells([HEADER])[0], ["", "lịch sử của tỉnh", "", "ngành", ""], _cells([BODY[3]])[0]
    ]
    paras = _paras(doc)
    assert "Nơi nhận:" in paras and "TM. ỦY BAN NHÂN DÂN" in paras
    assert any(s.startswith("Căn cứ tình hình") for s in paras)


def test_no_lines_plain_header(tmp_path: Path) -> None:
    """A header in the body weight, its second line short: still one header row."""
    p = Page(tmp_path / "plain.pdf")
    top = p.row(60, HEADER)
    for r in BODY:
        top = p.row(top, r)
    doc = read_pdf(p.save())
    (t,) = _tables(doc)
    assert [r.cells for r in t.rows] == _cells([HEADER, *BODY])


def test_prose_and_header_blocks_are_not_tables(tmp_path: Path) -> None:
    p = Page(tmp_path / "prose.pdf")
    p.text(60, 40, "ỦY BAN NHÂN DÂN", size=11)
    p.text(300, 40, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=11)
    p.text(60, 55, "TỈNH NINH THUẬN", size=11)
    p.text(320, 55, "Độc lập - Tự do - Hạnh phúc", size=11)
    top = _prose(p, 100)
    # Words that name header columns, but in running text and in a short list.
    p.text(60, top, "STT, nội dung, chủ trì, phối hợp và thời gian thực hiện xem phụ lục.", size=11)
    for k, s in enumerate(["1. Sở Tư pháp chủ trì;", "2. Sở Nội vụ phối hợp;", "3. Thời gian: năm 2026."]):
        p.text(60, top + 20 + 15 * k, s, size=11)
    p.text(60, top + 100, "Nơi nhận:", size=11)
    p.text(330, top + 100, "TM. ỦY BAN NHÂN DÂN", size=11)
    doc = read_pdf(p.save())
    assert _tables(doc) == []
    assert "TỈNH NINH THUẬN" in _paras(doc)


def test_ruled_table_unchanged(tmp_path: Path) -> None:
    """A fully ruled table still comes from pdfplumber's grid (rules win over rivers)."""
    p = Page(tmp_path / "ruled.pdf")
    top = 60
    rows = [HEADER, *BODY]
    for r in rows:
        bottom = top + 6 + PITCH * max(len(c) for c in r)
        for x0, x1 in zip(XS, XS[1:], strict=False):
            p.c.rect(x0, p.h - bottom, x1 - x0, bottom - top)
        p.row(top, r)
        top = bottom
    doc = read_pdf(p.save())
    (t,) = _tables(doc)
    assert [r.cells for r in t.rows] == _cells(rows)


def test_ocr_repeated_header_matches_loosely_numbered_rows_do_not() -> None:
    from phuluc.extract.readers.pdf import _row_key, _same_row

    head = _row_key(["STT", "Cơ quan phối\nhợp", "Thời gian\nhoàn\nthành"])
    assert _same_row(_row_key(["STT", "Cơ quan phối\nhợp.", "Thời gian\nhoàn -\nthành"]), head)
    assert not _same_row(_row_key(["STT", "Nội dung", "Ghi chú"]), head)
    a = _row_key(["1", "Triển khai nhiệm vụ số 1 về chuyển đổi số", "Sở Nội vụ"])
    b = _row_key(["24", "Triển khai nhiệm vụ số 24 về chuyển đổi số", "Sở Nội vụ"])
    assert not _same_row(a, b, fuzzy=False)


def _two_pages_no_header(p: Page, second: list[list[list[str]]]) -> Page:
    top = p.row(60, HEADER, bold=True)
    for r in BODY[:3]:
        top = p.row(top, r)
    top = p.row(top, [["4"], ["Số hóa hồ sơ lưu trữ"], ["Sở Nội vụ"], ["Các sở,"], ["2026"]])
    p.text(297, 800, "1", size=11)  # page number
    p.new_page()
    top = 50
    for r in second:
        top = p.row(top, r)
    p.text(XS[0], top + 25, "Nơi nhận:", size=11)
    p.text(330, top + 25, "TM. ỦY BAN NHÂN DÂN", size=11)
    return p


def test_no_lines_table_goes_on_without_repeated_header(tmp_path: Path) -> None:
    """The next page opens with the rest of the cut row, then numbered rows: the previous
    page's columns read them, and the fragment continues the table."""
    rest = [[], ["lịch sử của tỉnh"], [], ["ngành"], []]
    five = [["5"], ["Tổng kết thực hiện"], ["Sở Nội vụ"], ["Các sở, ngành"], ["Quý IV/2026"]]
    doc = read_pdf(_two_pages_no_header(Page(tmp_path / "nohead.pdf"), [rest, BODY[3], five]).save())
    t1, t2 = _tables(doc)
    assert len(t1.rows) == 5
    assert t2.continues is True
    assert [r.cells for r in t2.rows] == [_cells([rest])[0], _cells([BODY[3]])[0], _cells([five])[0]]
    assert t2.rows[0].starts_page
    assert "Nơi nhận:" in _paras(doc)


def test_no_lines_table_next_page_numbered_row_first(tmp_path: Path) -> None:
    doc = read_pdf(_two_pages_no_header(Page(tmp_path / "nohead2.pdf"), [BODY[3]]).save())
    t1, t2 = _tables(doc)
    assert t2.continues is True
    assert [r.cells for r in t2.rows] == _cells([BODY[3]])


def test_prose_after_a_no_lines_table_is_not_a_continuation(tmp_path: Path) -> None:
    p = Page(tmp_path / "prose2.pdf")
    top = p.row(60, HEADER, bold=True)
    for r in BODY:
        top = p.row(top, r)
    p.new_page()
    # Running text on the next page: it crosses the columns, or (a short last line) fills one.
    p.text(XS[0], 50, "các cơ quan, đơn vị chủ động triển khai thực hiện nghiêm túc kế hoạch này,", size=9)
    p.text(XS[0], 61, "báo cáo kết quả.", size=9)
    doc = read_pdf(p.save())
    (t,) = _tables(doc)
    assert [r.cells for r in t.rows] == _cells([HEADER, *BODY])
    assert any("chủ động triển khai" in s for s in _paras(doc))


# Six narrow columns: header names wrap one or two words a line, over three lines.
XS6 = [60, 88, 240, 312, 384, 456, 535]
HEADER6 = [["STT"], ["Nội dung"], ["Cơ quan", "chủ trì", "thực hiện"], ["Cơ quan", "phối hợp", "thực hiện"],
           ["Sản", "phẩm"], ["Thời gian", "hoàn", "thành"]]
BODY6 = [
    [["1"], ["Rà soát thủ tục hành chính"], ["Sở Tư pháp"], ["Các sở, ngành"], ["Báo cáo"], ["Quý II/2026"]],
    [["2"], ["Tập huấn cán bộ một cửa"], ["Sở Nội vụ"], ["UBND cấp xã"], ["Hội nghị"], ["Năm 2026"]],
    [["3"], ["Kiểm tra công vụ"], ["Văn phòng", "UBND tỉnh"], ["Thanh tra tỉnh"], ["Kết luận"], ["Thường", "xuyên"]],
]


def test_horizontal_rules_only_header_wrapped_in_narrow_columns(tmp_path: Path) -> None:
    # a line of name tails ("thực hiện | thực hiện | thành": five words) goes on the header,
    # and a column named one word a line ("Sản" / "phẩm") is a column of its own
    p = Page(tmp_path / "narrow.pdf")
    top = _prose(p, 60) + 20

    def row(top: float, cells: list[list[str]]) -> float:
        for x, lines in zip(XS6, cells, strict=False):
            for k, s in enumerate(lines):
                p.text(x + 3, top + 3 + k * PITCH, s)
        return top + 6 + PITCH * max(len(c) for c in cells)

    for r in [HEADER6, *BODY6]:
        p.c.setLineWidth(0.5)
        p.c.line(XS6[0], p.h - top, XS6[-1], p.h - top)
        top = row(top, r)
    p.c.line(XS6[0], p.h - top, XS6[-1], p.h - top)
    doc = read_pdf(p.save())
    (t,) = _tables(doc)
    assert [r.cells for r in t.rows] == _cells([HEADER6, *BODY6])


def _plain_table_start(p: Page) -> float:
    """Prose, then a table without lines (header in the body weight) and three rows; its bottom."""
    top = p.row(_prose(p, 60) + 20, HEADER)
    for r in BODY[:3]:
        top = p.row(top, r)
    return top


def test_no_lines_last_page_with_its_repeated_header_and_one_row(tmp_path: Path) -> None:
    # the table's last row alone under the repeated header, the signature block close below
    p = Page(tmp_path / "one-row.pdf")
    top = _plain_table_start(p)
    for k in range(12):  # the rest of the page is the table's: it runs to the foot
        top = p.row(top, [[str(4 + k)], [f"Nhiệm vụ số {4 + k}"], ["Sở Nội vụ"], ["Các sở, ngành"], ["Năm 2026"]])
    p.text(297, 800, "1", size=11)
    p.new_page()
    top = p.row(50, HEADER)
    top = p.row(top, [["16"], ["Tổng kết thực hiện", "kế hoạch"], ["Sở Nội vụ"], ["Các sở, ngành"], ["Quý IV/2026"]])
    p.text(XS[0] + 3, top + 10, "KT. CHỦ TỊCH", size=11)
    p.text(XS[0] + 3, top + 24, "PHÓ CHỦ TỊCH", size=11)
    doc = read_pdf(p.save())
    t1, t2 = _tables(doc)
    assert t2.continues is True
    assert [r.cells for r in t2.rows] == [
        _cells([HEADER])[0], ["16", "Tổng kết thực hiện\nkế hoạch", "Sở Nội vụ", "Các sở, ngành", "Quý IV/2026"]]
    assert {"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"} <= set(_paras(doc))


def test_no_lines_cell_ending_in_a_lone_number_at_the_foot_of_the_page(tmp_path: Path) -> None:
    # "2026", the last line of a cell and of the page, is the cell's, not a page number
    p = Page(tmp_path / "lone-number.pdf")
    top = _plain_table_start(p)
    last = [["4"], ["Sơ kết thực hiện"], ["Sở Nội vụ"], ["Các sở, ngành"], ["6 tháng đầu năm", "2026"]]
    top = p.row(top, last)
    doc = read_pdf(p.save())
    (t,) = _tables(doc)
    assert t.rows[-1].cells == _cells([last])[0]
    assert "2026" not in _paras(doc)
