"""Tests of the PDF reader. Every PDF is drawn here with reportlab (or made by soffice from a
python-docx file), so the tests need nothing from the corpus."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from phuluc.extract.model import Paragraph, PhulucError, RawTable
from phuluc.extract.readers.pdf import read_pdf
from phuluc.extract.readers.pdf_text import attach_marks, broken_word, clean, is_page_furniture

FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def _font() -> str:
    """A TrueType font with Vietnamese glyphs, registered once; skip when none is installed."""
    if "VN" in pdfmetrics.getRegisteredFontNames():
        return "VN"
    for p in FONT_PATHS:
        if Path(p).exists():
            pdfmetrics.registerFont(TTFont("VN", p))
            return "VN"
    pytest.skip("no TrueType font with Vietnamese glyphs")


class Doc:
    """A reportlab canvas addressed in top-down coordinates, like pdfplumber's."""

    def __init__(self, path: Path, pagesize=A4, **kw) -> None:
        self.path = path
        self.c = canvas.Canvas(str(path), pagesize=pagesize, **kw)
        self.w, self.h = pagesize
        self.font = _font()

    def text(self, x: float, top: float, s: str, size: float = 10) -> None:
        self.c.setFont(self.font, size)
        self.c.drawString(x, self.h - top - size, s)

    def box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.c.setLineWidth(0.5)
        self.c.rect(x0, self.h - bottom, x1 - x0, bottom - top, stroke=1, fill=0)

    def cell(self, x0: float, top: float, x1: float, bottom: float, lines: list[str] | str = (),
             at: float | None = None) -> None:
        """A ruled cell with its text lines (12pt apart) from ``at`` (default: the cell's top)."""
        self.box(x0, top, x1, bottom)
        if isinstance(lines, str):
            lines = [lines]
        y = (top + 3) if at is None else at
        for ln in lines:
            self.text(x0 + 3, y, ln)
            y += 12

    def row(self, xs: list[float], top: float, bottom: float, cells: list) -> None:
        for x0, x1, val in zip(xs, xs[1:], cells, strict=False):
            self.cell(x0, top, x1, bottom, val)

    def page(self, pagesize=None) -> None:
        self.c.showPage()
        if pagesize:
            self.c.setPageSize(pagesize)
            self.w, self.h = pagesize

    def save(self) -> Path:
        self.c.save()
        return self.path


XS = [50, 90, 300, 420, 540]
HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]


def tables(doc) -> list[RawTable]:
    return [b for b in doc.blocks if isinstance(b, RawTable)]


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


# ---------------------------------------------------------------------------
# Tables across pages
# ---------------------------------------------------------------------------


def _two_page_table(tmp_path: Path, repeat_header: bool) -> Path:
    d = Doc(tmp_path / "t.pdf")
    d.text(200, 40, "PHỤ LỤC", 12)
    d.row(XS, 80, 100, HEADER)
    d.row(XS, 100, 130, ["1", ["Xây dựng kế hoạch triển khai", "Nghị quyết"], "Sở Nội vụ", "Quý I/2026"])
    d.row(XS, 130, 160, ["2", ["Rà soát văn bản quy phạm", "pháp luật"], "Sở Tư pháp", "2026"])
    d.text(290, 800, "1", 10)  # page number
    d.page()
    top = 50
    if repeat_header:
        d.row(XS, top, top + 20, HEADER)
        top += 20
    d.row(XS, top, top + 20, ["", "(tiếp) của dòng trước", "", ""])
    d.row(XS, top + 20, top + 50, ["3", "Tổ chức hội nghị Việt Nam", "Sở Tài chính", "Tháng 3/2026"])
    d.text(290, 800, "2", 10)
    return d.save()


def test_repeated_header_continues_and_page_break_row(tmp_path: Path) -> None:
    doc = read_pdf(_two_page_table(tmp_path, repeat_header=True))
    assert doc.kind == "pdf" and doc.pages == 2 and doc.file == "t.pdf"
    t1, t2 = tables(doc)
    assert t1.page == 1 and t1.continues is False
    assert t2.page == 2 and t2.continues is True
    assert t1.rows[0].cells == ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    assert t1.rows[1].cells == ["1", "Xây dựng kế hoạch triển khai\nNghị quyết", "Sở Nội vụ", "Quý I/2026"]
    assert [r.index for r in t1.rows] == [0, 1, 2]
    assert all(r.page == 2 for r in t2.rows)
    # The repeated header stays; the cut row right under it starts the page too.
    assert t2.rows[0].cells == t1.rows[0].cells
    assert t2.rows[1].cells == ["", "(tiếp) của dòng trước", "", ""]
    assert [r.starts_page for r in t2.rows] == [True, True, False]
    assert not any(r.starts_page for r in t1.rows)  # a title sits above the first fragment
    assert t2.rows[2].cells[1] == "Tổ chức hội nghị Việt Nam"
    # Page numbers are not body text; the title is.
    assert texts(doc) == ["PHỤ LỤC"]


def test_no_repeated_header_continues_by_columns(tmp_path: Path) -> None:
    doc = read_pdf(_two_page_table(tmp_path, repeat_header=False))
    t1, t2 = tables(doc)
    assert t2.continues is True
    assert t2.rows[0].cells[0] == "" and t2.rows[0].starts_page is True
    assert [r.starts_page for r in t2.rows] == [True, False]


def test_new_table_with_title_and_other_columns(tmp_path: Path) -> None:
    d = Doc(tmp_path / "two.pdf")
    d.row(XS, 60, 80, HEADER)
    d.row(XS, 80, 100, ["1", "Việc một", "Sở Y tế", "2026"])
    d.page()
    d.text(100, 40, "Phụ lục II", 12)
    xs2 = [50, 80, 250, 400]
    d.row(xs2, 70, 90, ["STT", "Nội dung", "Ghi chú"])
    d.row(xs2, 90, 110, ["1", "Việc khác", ""])
    doc = read_pdf(d.save())
    t1, t2 = tables(doc)
    assert t2.continues is False
    assert t2.rows[0].cells == ["STT", "Nội dung", "Ghi chú"]
    assert [type(b).__name__ for b in doc.blocks] == ["RawTable", "Paragraph", "RawTable"]


def test_different_columns_without_title_is_a_new_table(tmp_path: Path) -> None:
    d = Doc(tmp_path / "cols.pdf")
    d.row(XS, 60, 80, HEADER)
    d.row(XS, 80, 100, ["1", "Việc một", "Sở Y tế", "2026"])
    d.page()
    d.row([50, 150, 300], 60, 80, ["Mục", "Kinh phí"])
    d.row([50, 150, 300], 80, 100, ["A", "100"])
    doc = read_pdf(d.save())
    assert tables(doc)[1].continues is False


# ---------------------------------------------------------------------------
# Merged cells
# ---------------------------------------------------------------------------


def test_vertical_span_text_in_the_middle_and_horizontal_span(tmp_path: Path) -> None:
    d = Doc(tmp_path / "merged.pdf")
    d.row(XS, 60, 80, HEADER)
    # A section row: one cell across the last three columns.
    d.cell(XS[0], 80, XS[1], 100, "I")
    d.cell(XS[1], 80, XS[4], 100, "Cải cách thể chế")
    # Row 15 and its sub-rows: number and content merged down over three rows, the text
    # printed in the middle of the span.
    d.cell(XS[0], 100, XS[1], 160, "15", at=125)
    d.cell(XS[1], 100, XS[2], 160, "Thể chế hóa Nghị quyết", at=125)
    for k, top in enumerate((100, 120, 140)):
        d.cell(XS[2], top, XS[3], top + 20, f"Bộ {k + 1}")
        d.cell(XS[3], top, XS[4], top + 20, f"Tháng {k + 1}/2026")
    doc = read_pdf(d.save())
    (t,) = tables(doc)
    assert t.rows[1].cells == ["I", "Cải cách thể chế", "", ""]
    assert t.rows[1].merged == [False] * 4
    body = t.rows[2:]
    assert [r.cells for r in body] == [
        ["15", "Thể chế hóa Nghị quyết", "Bộ 1", "Tháng 1/2026"],
        ["15", "Thể chế hóa Nghị quyết", "Bộ 2", "Tháng 2/2026"],
        ["15", "Thể chế hóa Nghị quyết", "Bộ 3", "Tháng 3/2026"],
    ]
    assert [r.merged for r in body] == [[False] * 4, [True, True, False, False], [True, True, False, False]]


def test_merged_cell_cut_by_page_break_gets_whole_text(tmp_path: Path) -> None:
    d = Doc(tmp_path / "spanbreak.pdf")
    d.row(XS, 60, 80, HEADER)
    d.row(XS, 80, 100, ["16", "Thể chế hóa chủ trương phát triển kinh tế", "Bộ Tài chính", "Tháng 2/2026"])
    d.page()
    d.row(XS, 50, 70, HEADER)
    # The number and content cells go on merged over the cut row and the sub-row below it.
    d.cell(XS[0], 70, XS[1], 110, "")
    d.cell(XS[1], 70, XS[2], 110, "tư nhân theo Nghị quyết")
    d.cell(XS[2], 70, XS[3], 90, "")
    d.cell(XS[3], 70, XS[4], 90, "")
    d.cell(XS[2], 90, XS[3], 110, "Bộ Tư pháp")
    d.cell(XS[3], 90, XS[4], 110, "Tháng 11/2026")
    doc = read_pdf(d.save())
    _, t2 = tables(doc)
    assert t2.continues is True
    cut, sub = t2.rows[1], t2.rows[2]
    assert cut.starts_page and cut.cells == ["", "tư nhân theo Nghị quyết", "", ""]
    assert sub.cells == ["16", "Thể chế hóa chủ trương phát triển kinh tế\ntư nhân theo Nghị quyết",
                         "Bộ Tư pháp", "Tháng 11/2026"]
    assert sub.merged == [True, True, False, False]


def test_white_boxes_behind_text_are_not_a_table(tmp_path: Path) -> None:
    d = Doc(tmp_path / "white.pdf")
    d.c.setFillColorRGB(1, 1, 1)
    for k in range(4):  # highlight boxes, as Word draws for shaded paragraphs: a grid of edges
        split = 200 + 80 * (k % 2)
        d.c.rect(60, d.h - (100 + 16 * k) - 16, split - 60, 16, stroke=0, fill=1)
        d.c.rect(split, d.h - (100 + 16 * k) - 16, 460 - split, 16, stroke=0, fill=1)
    d.c.setFillColorRGB(0, 0, 0)
    for k in range(4):
        d.text(62, 102 + 16 * k, f"Dòng văn bản thứ {k + 1} của đoạn")
    doc = read_pdf(d.save())
    assert tables(doc) == []
    assert len(texts(doc)) == 4


# ---------------------------------------------------------------------------
# Page orientation
# ---------------------------------------------------------------------------


def test_landscape_page(tmp_path: Path) -> None:
    d = Doc(tmp_path / "land.pdf", pagesize=landscape(A4))
    xs = [50, 100, 450, 650, 790]
    d.row(xs, 60, 80, HEADER)
    d.row(xs, 80, 100, ["1", "Nhiệm vụ trên trang ngang", "Bộ Tư pháp", "2026"])
    doc = read_pdf(d.save())
    (t,) = tables(doc)
    assert t.rows[1].cells == ["1", "Nhiệm vụ trên trang ngang", "Bộ Tư pháp", "2026"]


def test_page_with_rotate_entry(tmp_path: Path) -> None:
    """Content drawn upright on a portrait page marked /Rotate 90 shows sideways: read it upright."""
    d = Doc(tmp_path / "rot.pdf")
    d.c.setPageRotation(90)
    d.row(XS, 60, 80, HEADER)
    d.row(XS, 80, 100, ["1", "Nhiệm vụ xoay trang", "Bộ Công an", "2027"])
    doc = read_pdf(d.save())
    (t,) = tables(doc)
    assert t.rows[0].cells == HEADER
    assert t.rows[1].cells == ["1", "Nhiệm vụ xoay trang", "Bộ Công an", "2027"]


def test_sideways_table_on_portrait_page(tmp_path: Path) -> None:
    """A landscape table drawn turned a quarter (text running upwards) on a portrait page."""
    d = Doc(tmp_path / "side.pdf")
    c = d.c
    c.saveState()
    c.translate(A4[0], 0)
    c.rotate(90)  # now drawing on an 842 x 595 landscape sheet
    inner = Doc.__new__(Doc)
    inner.c, inner.w, inner.h, inner.font = c, A4[1], A4[0], d.font
    xs = [50, 100, 450, 650, 790]
    inner.row(xs, 60, 80, HEADER)
    inner.row(xs, 80, 100, ["1", "Bảng in xoay ngang", "Sở Xây dựng", "2028"])
    c.restoreState()
    doc = read_pdf(d.save())
    (t,) = tables(doc)
    assert t.rows[1].cells == ["1", "Bảng in xoay ngang", "Sở Xây dựng", "2028"]


# ---------------------------------------------------------------------------
# Text layer
# ---------------------------------------------------------------------------


def _image_page(d: Doc) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (60, 40), (200, 200, 200))
    d.c.drawImage(ImageReader(img), 100, 400, width=300, height=200)


def test_page_without_text_layer_warns(tmp_path: Path) -> None:
    d = Doc(tmp_path / "scan.pdf")
    d.row(XS, 60, 80, HEADER)
    d.row(XS, 80, 100, ["1", "Việc một", "Sở Y tế", "2026"])
    d.page()
    _image_page(d)
    doc = read_pdf(d.save())
    # the image page is read by OCR when Tesseract is there; without it the text pages still count
    if shutil.which("tesseract"):
        assert [(w.code, w.page) for w in doc.warnings] == [("ocr", 2)]
        assert doc.kind == "pdf-ocr"
    else:
        assert [(w.code, w.page) for w in doc.warnings] == [("ocr-unavailable", None), ("no-text-layer", 2)]
    assert "page 2" in doc.warnings[-1].message
    assert len(tables(doc)) == 1


def test_no_text_at_all_still_returns_a_document(tmp_path: Path) -> None:
    d = Doc(tmp_path / "allscan.pdf")
    _image_page(d)
    d.page()
    _image_page(d)
    doc = read_pdf(d.save())
    assert doc.pages == 2 and doc.blocks == []
    assert [w.page for w in doc.warnings] == [1, 2]
    assert doc.sha256 == hashlib.sha256((tmp_path / "allscan.pdf").read_bytes()).hexdigest()


def test_split_combining_marks_are_attached(tmp_path: Path) -> None:
    d = Doc(tmp_path / "marks.pdf")
    # Decomposed text: each tone mark is a glyph of its own in the PDF.
    d.text(60, 60, unicodedata.normalize("NFD", "Cộng hòa Việt Nam"), 12)
    # A mark drawn as a separate string just left of its letter's right edge ("Vie ̣t").
    d.text(60, 100, "Viê", 12)
    width = pdfmetrics.stringWidth("Viê", d.font, 12)
    d.text(60 + width - 4, 100, "\u0323", 12)
    d.text(60 + width, 100, "t", 12)
    doc = read_pdf(d.save())
    got = texts(doc)
    assert got[0] == "Cộng hòa Việt Nam"
    assert got[1] == "Việt"
    assert all(unicodedata.is_normalized("NFC", t) for t in got)


def test_attach_marks_geometry() -> None:
    def ch(t: str, x0: float, x1: float) -> dict:
        return {"text": t, "x0": x0, "x1": x1, "top": 10, "bottom": 20, "size": 10}

    out = attach_marks(
        [ch("V", 0, 6), ch("i", 6, 8), ch("e", 8, 13), ch("\u0302", 7, 12), ch("\u0323", 8, 12), ch("t", 13, 16)]
    )
    assert [c["text"] for c in out] == ["V", "i", "e\u0302\u0323", "t"]
    assert clean("".join(c["text"] for c in out)) == "Việt"


def test_two_column_header_not_interleaved(tmp_path: Path) -> None:
    d = Doc(tmp_path / "head.pdf")
    d.text(60, 50, "ỦY BAN NHÂN DÂN", 12)
    d.text(300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12)
    d.text(75, 66, "TỈNH LÂM ĐỒNG", 12)
    d.text(340, 66, "Độc lập - Tự do - Hạnh phúc", 12)
    d.text(70, 95, "Số: 12/KH-UBND", 12)
    d.text(320, 95, "Lâm Đồng, ngày 5 tháng 3 năm 2026", 12)
    d.text(250, 140, "KẾ HOẠCH", 14)
    d.text(60, 170, "Triển khai nhiệm vụ cải cách hành chính năm 2026 trên địa bàn tỉnh", 12)
    doc = read_pdf(d.save())
    assert texts(doc) == [
        "ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 12/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lâm Đồng, ngày 5 tháng 3 năm 2026",
        "KẾ HOẠCH", "Triển khai nhiệm vụ cải cách hành chính năm 2026 trên địa bàn tỉnh",
    ]


def test_running_headers_page_numbers_and_footnotes_dropped(tmp_path: Path) -> None:
    d = Doc(tmp_path / "banner.pdf")
    for n in range(3):
        d.text(150, 20, f"CÔNG BÁO/Số 238/Ngày 21-04-2026 {92 + n}", 10)
        d.row(XS, 60, 80, HEADER)
        d.row(XS, 80, 100, [str(n + 1), f"Nhiệm vụ {n + 1}¹", "Sở Y tế", "2026"])
        d.text(50, 700, "1 Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị.", 7)
        d.text(290, 810, f"- {n + 1} -", 10)
        d.page()
    doc = read_pdf(d.save())
    assert texts(doc) == []
    assert [t.continues for t in tables(doc)] == [False, True, True]
    assert all(t.rows[0].starts_page for t in tables(doc)[1:])


@pytest.mark.parametrize(
    "text, furniture",
    [("92", True), ("- 3 -", True), ("Trang 4", True), ("CÔNG BÁO/Số 238/Ngày 21-04-2026 92", True),
     ("Số: 97/NQ-CP", False), ("2. Cơ quan chủ trì: Bộ Tư pháp.", False)],
)
def test_page_furniture(text: str, furniture: bool) -> None:
    assert is_page_furniture(text) is furniture


def test_word_broken_in_narrow_cell_is_rejoined(tmp_path: Path) -> None:
    d = Doc(tmp_path / "narrow.pdf")
    f = d.font
    piece = "IV/201"
    w = pdfmetrics.stringWidth(piece, f, 10)
    xs = [50, 80, 80 + w + 6.2, 300]  # the time column fits "IV/201" and not one more digit
    d.row(xs, 60, 80, ["TT", "Thời gian", "Ghi chú"])
    d.cell(xs[0], 80, xs[1], 130, "1")
    d.cell(xs[1], 80, xs[2], 130, ["Quý", "III,", piece, "7"])
    d.cell(xs[2], 80, xs[3], 130, ["Sở Nội vụ", "thực hiện"])
    doc = read_pdf(d.save())
    (t,) = tables(doc)
    assert t.rows[1].cells == ["1", "Quý\nIII,\nIV/2017", "Sở Nội vụ\nthực hiện"]


def test_web_address_broken_in_narrow_cell_is_rejoined(tmp_path: Path) -> None:
    """An address cut anywhere by a narrow column goes back together without spaces, even
    where both pieces look like syllables ("dich" ⏎ "vucong")."""
    d = Doc(tmp_path / "url.pdf")
    f = d.font
    pieces = ["https://dich", "vucong.nin", "hbinh.gov.v", "n"]
    w = max(pdfmetrics.stringWidth(p, f, 10) for p in pieces)
    xs = [50, 80, 200, 200 + w + 6.2]  # the note column fits the widest piece and no more
    d.row(xs, 60, 80, ["TT", "Nội dung", "Ghi chú"])
    d.cell(xs[0], 80, xs[1], 150, "1")
    d.cell(xs[1], 80, xs[2], 150, ["Trung tâm", "dịch vụ"])
    d.cell(xs[2], 80, xs[3], 150, ["Xem", *pieces])
    doc = read_pdf(d.save())
    (t,) = tables(doc)
    assert t.rows[1].cells == ["1", "Trung tâm\ndịch vụ", "Xem\nhttps://dichvucong.ninhbinh.gov.vn"]


@pytest.mark.parametrize(
    ("a", "b", "joined"),
    [("https://dich", "vucong", True), ("www.dich", "vucong.vn", True), ("vanthu@ninh", "binh.gov.vn", True),
     ("dichvucong.gov.vn/th", "u-tuc", True), ("Trung", "tâm", False), ("12/2024/NĐ-CP.", "ngày", False),
     ("IV/201", "7", True), ("v.v.", "các", False)],
)
def test_broken_word_rules(a: str, b: str, joined: bool) -> None:
    assert broken_word(a, b) is joined


def test_table_from_text_alignment(tmp_path: Path) -> None:
    d = Doc(tmp_path / "aligned.pdf")
    d.text(60, 40, "Bảng không kẻ khung", 12)
    rows = [("TT", "Nội dung", "Chủ trì"), ("1", "Rà soát thủ tục", "Sở Tư pháp"),
            ("2", "Tập huấn cán bộ", "Sở Nội vụ"), ("3", "Kiểm tra công vụ", "Văn phòng UBND")]
    for k, (a, b, c) in enumerate(rows):
        top = 80 + 16 * k
        d.text(60, top, a)
        d.text(120, top, b)
        d.text(330, top, c)
    d.text(120, 80 + 16 * 4, "(tiếp dòng 3)")
    doc = read_pdf(d.save())
    (t,) = tables(doc)
    assert [r.cells for r in t.rows] == [
        ["TT", "Nội dung", "Chủ trì"], ["1", "Rà soát thủ tục", "Sở Tư pháp"],
        ["2", "Tập huấn cán bộ", "Sở Nội vụ"], ["3", "Kiểm tra công vụ\n(tiếp dòng 3)", "Văn phòng UBND"],
    ]
    assert texts(doc) == ["Bảng không kẻ khung"]


# ---------------------------------------------------------------------------
# Bad input: always PhulucError
# ---------------------------------------------------------------------------


def _small_pdf(tmp_path: Path, name: str = "ok.pdf", **kw) -> Path:
    d = Doc(tmp_path / name, **kw)
    d.text(60, 60, "Văn bản thử")
    return d.save()


def test_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = _small_pdf(tmp_path, "enc.pdf", encrypt=StandardEncryption("mật", ownerPassword="chủ"))
    with pytest.raises(PhulucError, match="password"):
        read_pdf(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _small_pdf(tmp_path).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(PhulucError, match="truncated"):
        read_pdf(cut)


@pytest.mark.parametrize(
    "content", [b"", b"just text, not a PDF\n", b"PK\x03\x04 zip", b"%PDF-1.4\n garbage \n%%EOF\n",
                b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"],
)
def test_bad_input_raises_phuluc_error(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "bad.pdf"
    p.write_bytes(content)
    with pytest.raises(PhulucError) as e:
        read_pdf(p)
    assert "\n" not in str(e.value) and str(e.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PhulucError):
        read_pdf(tmp_path / "nope.pdf")


_VALID = None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_pdf_never_leaks_another_exception(tmp_path: Path, data) -> None:
    """Any byte-level damage gives either a RawDocument or a PhulucError, nothing else."""
    global _VALID
    if _VALID is None:
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=A4)
        c.drawString(72, 700, "Plan 2026")
        c.rect(72, 600, 200, 40)
        c.save()
        _VALID = buf.getvalue()
    raw = bytearray(_VALID)
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = data.draw(st.integers(0, 255))
    p = tmp_path / "damaged.pdf"
    p.write_bytes(bytes(raw))
    try:
        doc = read_pdf(p)
    except PhulucError:
        return
    assert doc.kind == "pdf"


# ---------------------------------------------------------------------------
# A Word document converted by LibreOffice (as many real PDFs are made)
# ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="soffice missing")
def test_soffice_docx_table_across_pages(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    table = d.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung công việc", "Đơn vị chủ trì"], strict=False):
        cell.text = text
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for i in range(1, 61):
        r = table.add_row().cells
        r[0].text, r[1].text, r[2].text = str(i), f"Triển khai nhiệm vụ số {i} về chuyển đổi số", "Sở Khoa học và Công nghệ"
    src = tmp_path / "plan.docx"
    d.save(src)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=120)
    doc = read_pdf(tmp_path / "plan.pdf")
    frags = tables(doc)
    assert len(frags) >= 2
    assert frags[0].continues is False and all(t.continues for t in frags[1:])
    assert all(t.rows[0].cells == ["TT", "Nội dung công việc", "Đơn vị chủ trì"] for t in frags)
    numbers = [r.cells[0] for t in frags for r in t.rows[1:]]
    assert numbers == [str(i) for i in range(1, 61)]
    assert " ".join(frags[0].rows[5].cells[1].split()) == "Triển khai nhiệm vụ số 5 về chuyển đổi số"
    assert texts(doc)[0] == "KẾ HOẠCH"
