"""OCR reader: scanned-like PDFs drawn here (PIL, no text layer), grid finding, text clean-up.

The end-to-end tests need tesseract with Vietnamese data; they are skipped without it,
except under CI (env CI set), where a missing tesseract is a failure.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz import fuzz

from phuluc.extract.model import PhulucError, RawTable
from phuluc.extract.readers import ocr_text
from phuluc.extract.readers.ocr import _body_lines, _drop_specks, _garbage, fix_number_row
from phuluc.extract.readers.ocr_glyphs import count_stems, fix_i_runs, has_flag
from phuluc.extract.readers.ocr_grid import binarise, find_tables, skew_angle
from phuluc.extract.readers.ocr_text import Word, broken_line, cell_text, clean_words, drop_specks, parse_tsv

DPI = 300
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for p in FONT_PATHS:
        if Path(p).exists():
            return ImageFont.truetype(p, size)
    return ImageFont.load_default(size)


def _has_vietnamese_font() -> bool:
    return any(Path(p).exists() for p in FONT_PATHS)


def _tesseract_ready() -> bool:
    try:
        ocr_text.require_tesseract()
    except PhulucError:
        return False
    return True


needs_tesseract = pytest.mark.skipif(
    not _tesseract_ready() and not os.environ.get("CI"), reason="tesseract with Vietnamese data missing"
)

# Columns (pixels at 300 dpi) and rows of the drawn table.
XS = [150, 330, 1300, 1900, 2330]
TEXT = _has_vietnamese_font()
HEADER = ["STT", "Nội dung" if TEXT else "Noi dung", "Cơ quan chủ trì" if TEXT else "Co quan chu tri", "Thời gian" if TEXT else "Thoi gian"]
BODY1 = [
    ["1", "Rà soát văn bản pháp luật", "Sở Tư pháp", "Năm 2026"],
    ["2", "Kiểm tra công vụ định kỳ", "Sở Nội vụ", "Quý II/2026"],
    ["3", "Cải cách thủ tục hành chính", "", "Tháng 9/2026"],  # col 2 merged with the row above
]
BODY2 = [
    ["4", "Xây dựng cơ sở dữ liệu", "Sở Tài chính", "Năm 2027"],
    ["5", "Đào tạo cán bộ công chức", "Văn phòng", "Tháng 6/2027"],
]
if not TEXT:  # no font with Vietnamese glyphs: ASCII look-alikes
    from unidecode import unidecode

    BODY1 = [[unidecode(c) for c in r] for r in BODY1]
    BODY2 = [[unidecode(c) for c in r] for r in BODY2]


def _page(rows: list[list[str]], header_block: bool, skew: float = 0.0, merge: tuple[int, int] | None = None) -> Image.Image:
    """A white A4 page at 300 dpi with a ruled table; merge=(row, col): that cell spans into the next row."""
    img = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(img)
    f = _font(40)
    y = 200
    if header_block:
        d.text((200, y), "ỦY BAN NHÂN DÂN" if TEXT else "UY BAN NHAN DAN", font=f, fill=0)
        d.text((1300, y), "CỘNG HÒA XÃ HỘI" if TEXT else "CONG HOA XA HOI", font=f, fill=0)
        d.text((200, y + 70), "TỈNH LÂM ĐỒNG" if TEXT else "TINH LAM DONG", font=f, fill=0)
        d.text((1300, y + 70), "Độc lập - Tự do" if TEXT else "Doc lap - Tu do", font=f, fill=0)
        y += 300
    row_h = 130
    ys = [y + i * row_h for i in range(len(rows) + 1)]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if text:
                d.text((XS[c] + 20, ys[r] + 35), text, font=f, fill=0)
    for i, yy in enumerate(ys):
        for c in range(len(XS) - 1):
            if merge and i == merge[0] + 1 and c == merge[1]:
                continue  # no line under the merged cell
            d.line([(XS[c], yy), (XS[c + 1], yy)], fill=0, width=4)
    for x in XS:
        d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=4)
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return img


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p1 = _page([HEADER, *BODY1], header_block=True, skew=0.6, merge=(2, 2))
    p2 = _page(BODY2, header_block=False)
    path = tmp_path_factory.mktemp("ocr") / "scan.pdf"
    p1.save(path, "PDF", resolution=DPI, save_all=True, append_images=[p2])
    return path


@pytest.fixture(scope="module")
def scanned(scan_pdf: Path):
    from phuluc.extract.readers.ocr import read_scanned

    return read_scanned(scan_pdf)


def _close(got: str, want: str) -> bool:
    return fuzz.ratio(" ".join(got.split()), want) >= 85


# ---------------------------------------------------------------------------
# End to end (tesseract)
# ---------------------------------------------------------------------------


@needs_tesseract
def test_grid_and_cell_text(scanned) -> None:
    assert scanned.kind == "pdf-ocr" and scanned.pages == 2
    tables = scanned.tables
    assert len(tables) == 2
    t1 = tables[0]
    assert [len(r.cells) for r in t1.rows] == [4] * 4
    expected = [HEADER, *BODY1]
    expected[3][2] = BODY1[1][2]  # the merged cell's text is copied down
    for row, want in zip(t1.rows, expected, strict=True):
        for got, w in zip(row.cells, want, strict=True):
            assert _close(got, w), (got, w)


@needs_tesseract
def test_vertical_merge_is_copied_and_flagged(scanned) -> None:
    rows = scanned.tables[0].rows
    assert rows[3].merged == [False, False, True, False]
    assert rows[3].cells[2] == rows[2].cells[2]
    assert not any(rows[2].merged)


@needs_tesseract
def test_next_page_fragment_continues(scanned) -> None:
    t1, t2 = scanned.tables
    assert t1.continues is False and t2.continues is True
    assert t2.page == 2 and [len(r.cells) for r in t2.rows] == [4, 4]
    assert t2.rows[0].starts_page and not t2.rows[1].starts_page
    for row, want in zip(t2.rows, BODY2, strict=True):
        for got, w in zip(row.cells, want, strict=True):
            assert _close(got, w), (got, w)


@needs_tesseract
def test_header_block_columns_kept_apart(scanned) -> None:
    paras = [p.text for p in scanned.paragraphs]
    assert len(paras) == 4
    left = "ỦY BAN NHÂN DÂN" if TEXT else "UY BAN NHAN DAN"
    right = "CỘNG HÒA XÃ HỘI" if TEXT else "CONG HOA XA HOI"
    # Left column first (both lines), then the right one: never interleaved.
    assert _close(paras[0], left) and _close(paras[2], right)
    assert all(p.page == 1 for p in scanned.paragraphs)
    # Paragraphs come before the table in document order.
    assert isinstance(scanned.blocks[4], RawTable)


@needs_tesseract
def test_text_is_nfc_and_without_ruling_artefacts(scanned) -> None:
    import unicodedata

    for t in scanned.tables:
        for r in t.rows:
            for c in r.cells:
                assert unicodedata.is_normalized("NFC", c)
                assert "|" not in c


@needs_tesseract
def test_read_pdf_hands_a_scan_to_ocr(scan_pdf: Path, scanned) -> None:
    from phuluc.extract.readers.pdf import read_pdf

    doc = read_pdf(scan_pdf)
    assert doc.kind == "pdf-ocr"
    assert doc.sha256 == hashlib.sha256(scan_pdf.read_bytes()).hexdigest()
    assert [(w.code, w.page) for w in doc.warnings] == [("ocr", 1), ("ocr", 2)]
    assert "OCR" in doc.warnings[0].message
    assert [len(t.rows) for t in doc.tables] == [len(t.rows) for t in scanned.tables]


# ---------------------------------------------------------------------------
# Tesseract missing
# ---------------------------------------------------------------------------


def test_missing_tesseract_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from phuluc.extract.readers.ocr import read_scanned
    from phuluc.extract.readers.pdf import read_pdf

    path = tmp_path / "scan.pdf"
    _page([HEADER, BODY1[0]], header_block=False).save(path, "PDF", resolution=DPI)
    monkeypatch.setattr(ocr_text, "tesseract_path", lambda: None)
    for reader in (read_scanned, read_pdf):
        with pytest.raises(PhulucError) as e:
            reader(path)
        assert str(e.value) == "scanned PDF needs OCR: install tesseract-ocr and tesseract-ocr-vie"


def test_missing_vietnamese_data_is_the_same_error(monkeypatch: pytest.MonkeyPatch) -> None:
    exe = shutil.which("true") or "/bin/true"  # runs, lists no language
    monkeypatch.setattr(ocr_text, "tesseract_path", lambda: exe)
    with pytest.raises(PhulucError, match="install tesseract-ocr and tesseract-ocr-vie"):
        ocr_text.require_tesseract()


# ---------------------------------------------------------------------------
# Image side (no tesseract needed)
# ---------------------------------------------------------------------------


def test_grid_found_on_skewed_page_with_merged_cell() -> None:
    img = _page([HEADER, *BODY1], header_block=True, skew=1.2, merge=(1, 1))
    gray = np.asarray(img)
    angle = skew_angle(binarise(gray))
    assert angle == pytest.approx(1.2, abs=0.1)
    gray = np.asarray(img.rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255))
    tables, _ = find_tables(binarise(gray), DPI)
    assert len(tables) == 1
    t = tables[0]
    assert (t.n_rows, t.n_cols) == (4, 4)
    assert t.owner[1][1] == t.owner[2][1]  # the merged cell covers both rows
    assert len(t.cells) == 4 * 4 - 1


def test_horizontal_span_is_one_cell() -> None:
    img = Image.new("L", (1200, 600), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [100, 300, 700, 1100], [100, 250, 400, 550]
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=4)
    for x in xs:
        for r in range(3):
            if r == 1 and x == xs[2]:
                continue  # row 1: columns 1 and 2 joined
            d.line([(x, ys[r]), (x, ys[r + 1])], fill=0, width=4)
    tables, _ = find_tables(binarise(np.asarray(img)), DPI)
    assert len(tables) == 1
    t = tables[0]
    assert (t.n_rows, t.n_cols) == (3, 3)
    assert t.owner[1][1] == t.owner[1][2] and t.owner[0][1] != t.owner[0][2]


def test_no_table_on_a_text_only_page() -> None:
    img = Image.new("L", (1200, 800), 255)
    ImageDraw.Draw(img).text((100, 100), "Kế hoạch số 12/KH-UBND", font=_font(40), fill=0)
    tables, _ = find_tables(binarise(np.asarray(img)), DPI)
    assert tables == []


def _stems(text: str, size: int = 60) -> np.ndarray:
    img = Image.new("L", (400, 140), 255)
    serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
    f = ImageFont.truetype(serif, size) if Path(serif).exists() else _font(size)
    ImageDraw.Draw(img).text((20, 20), text, font=f, fill=0)
    return np.asarray(img) < 170


def test_count_stems() -> None:
    assert count_stems(_stems("III")) == 3
    assert count_stems(_stems("II,")) == 2
    assert count_stems(_stems("I")) == 1
    assert count_stems(_stems("H")) is None  # a crossbar: a real H
    assert count_stems(_stems("IV")) is None


def test_fix_i_runs_only_touches_i_like_tokens() -> None:
    ink = _stems("III")
    ys, xs = np.nonzero(ink)
    box = (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))
    words = [Word("IH", *box, 80.0, (1, 1, 1)), Word("Quý", *box, 90.0, (1, 1, 1)), Word("1", *box, 90.0, (1, 1, 1))]
    assert [w.text for w in fix_i_runs(words, ink)] == ["III", "Quý", "1"]


# ---------------------------------------------------------------------------
# Text side (no tesseract needed)
# ---------------------------------------------------------------------------


def _w(text: str, left: int, top: int, width: int, line: int = 1, height: int = 30) -> Word:
    return Word(text, left, top, width, height, 90.0, (1, 1, line))


def test_parse_tsv_groups_by_image() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t5\t40\t20\t95.5\tSơ\u0309\n"
        "5\t2\t1\t1\t1\t1\t12\t6\t30\t20\t91\tnt\n"
    )
    got = parse_tsv(tsv)
    assert [w.text for w in got[0]] == ["Sở"]  # NFC
    assert got[1][0].text == "nt" and got[1][0].left == 12


def test_clean_words_drops_ruling_artefacts() -> None:
    ws = [_w("|", 0, 0, 5), _w("Sở", 20, 0, 40), _w("Tư_", 70, 0, 40), _w("|", 130, 0, 5)]
    assert [w.text for w in clean_words(ws)] == ["Sở", "Tư"]
    ws = [_w("|Kết", 0, 0, 50), _w("luận.", 60, 0, 60)]
    assert [w.text for w in clean_words(ws)] == ["Kết", "luận."]
    assert [w.text for w in clean_words([_w('"', 0, 0, 10)])] == ['"']  # a ditto mark stays
    assert [w.text for w in clean_words([_w("-", 0, 0, 10), _w("Bộ", 20, 0, 30)])] == ["-", "Bộ"]


def test_cell_text_keeps_lines_and_rejoins_cut_words() -> None:
    # A narrow cell (inner width 100): "Thườn" fills it, "g" is the rest of the word.
    words = [_w("Thườn", 0, 0, 98, 1), _w("g", 0, 40, 15, 2), _w("xuyên", 0, 80, 80, 3)]
    assert cell_text(words, 0, 100) == "Thường\nxuyên"
    words = [_w("IV/201", 0, 0, 99, 1), _w("7", 0, 40, 15, 2)]
    assert cell_text(words, 0, 100) == "IV/2017"
    # Room left on the line: an ordinary break between words.
    words = [_w("Sở", 0, 0, 40, 1), _w("Nội", 0, 40, 45, 2), _w("vụ", 50, 40, 30, 2)]
    assert cell_text(words, 0, 200) == "Sở\nNội vụ"
    # A speck line beside real text goes; lone ditto marks stay.
    words = [_w("Sở", 0, 0, 40, 1), _w("'", 0, 40, 5, 2)]
    assert cell_text(words, 0, 200) == "Sở"


def test_broken_word_needs_a_stub() -> None:
    a, b = [_w("Trung", 0, 0, 98)], [_w("tâm", 0, 40, 60)]
    assert not broken_line(a, b, 100)  # both halves have vowels: two words
    assert broken_line([_w("TT&T", 0, 0, 98)], [_w("T", 0, 40, 15)], 100)


def _wc(text: str, left: int, conf: float, height: int = 40, line: int = 1, top: int = 0) -> Word:
    return Word(text, left, top, 20 * len(text), height, conf, (1, 1, line))


def test_speck_lines_are_not_body_text() -> None:
    # Lines read from specks and smudges: low confidence, no confident word of two letters.
    assert _garbage([_wc("b2", 0, 0.0)])
    assert _garbage([_wc("ì", 0, 12), _wc("TS", 50, 15), _wc("h", 100, 43), _wc("ST", 150, 11)])
    # A real line, even with one badly read word, stays.
    assert not _garbage([_wc("Nơi", 0, 96), _wc("nhận:", 80, 97)])
    assert not _garbage([_wc("Lưu:", 0, 93), _wc("VFF.", 100, 10), _wc(":", 200, 17)])
    assert not _garbage([_wc("Số", 0, 40), _wc("hóa", 60, 70), _wc("x", 140, 5)])
    # A tiny low-confidence blob beside real words is a speck; a full-height weak word is not.
    ws = [_wc("Như", 0, 97), _wc("trên,", 80, 18), _wc("ề", 200, 0, height=3)]
    assert [w.text for w in _drop_specks(ws)] == ["Như", "trên,"]
    words = [_wc("Nơi", 0, 96, top=0, line=1), _wc("nhận:", 80, 97, top=0, line=1),
             _wc("b2", 0, 0.0, top=400, line=2)]
    assert [ln.text for ln in _body_lines(words, 0.24)] == ["Nơi nhận:"]


@pytest.mark.parametrize(
    ("row", "fixed"),
    [
        (["q)", "2)", "@)", "4", "@®)", "(6)"], True),
        (["Œ)", "(2)", "®)", "4", "@®)", "(6)"], True),
        (["(1)", "(2)", "(3)"], True),
        (["1", "2", "3"], False),  # plain digits: could be a data row, left alone
        (["1", "Sở Tư pháp", "2026"], False),
        (["STT", "Nội dung", "Chủ trì"], False),
        (["(1)", "(3)", "(2)"], False),
        (["q)", "", "(3)"], False),
    ],
)
def test_column_number_row(row: list[str], fixed: bool) -> None:
    rows = [["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Ghi chú"][: len(row)], list(row)]
    fix_number_row(rows)
    want = [f"({k})" for k in range(1, len(row) + 1)] if fixed else row
    assert rows[1] == want
    assert rows[0][0] == "STT"


def test_flag_of_a_one_is_not_a_roman_one() -> None:
    assert has_flag(_stems("1"))
    assert not has_flag(_stems("I"))
    assert count_stems(_stems("I")) == 1


# ---------------------------------------------------------------------------
# Stray punctuation from specks (boxes as Tesseract gives them: letters ~40 px tall)
# ---------------------------------------------------------------------------


def _line(spec: str, line: int = 1, top: int = 0) -> list[Word]:
    """Words from "text" or "text@conf" or "text@conf@w×h" (a mark's own box), left to right."""
    out, x = [], 0
    for tok in spec.split():
        text, conf, box = (tok.split("@") + ["", ""])[:3]
        w, h = (int(v) for v in box.split("x")) if box else (22 * len(text), 40)
        out.append(Word(text, x, top + (40 - h) // 2, w, h, float(conf or 95), (1, 1, line)))
        x += w + 14
    return out


def _cell(*lines: str) -> str:
    words = [w for k, spec in enumerate(lines) for w in _line(spec, k + 1, 60 * k)]
    return cell_text(words, 0, 2000)


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (["Văn phòng UBND tỉnh, Sở Tư pháp."], "Văn phòng UBND tỉnh, Sở Tư pháp"),  # short cell
        (["Các sở, ngành, địa phương liên -@63@2x2", 'quan _.@82@28x35 "@48@41x16'],
         "Các sở, ngành, địa phương liên\nquan"),
        (["Công an tỉnh, Sở Xây dựng -@82@23x68 -@90@2x2"], "Công an tỉnh, Sở Xây dựng"),
        (["Quý .@79@5x5 I/2026"], "Quý I/2026"),
        (["Quý -@92@2x2 II/2026."], "Quý II/2026"),
        ([".Báo cáo kết quả"], "Báo cáo kết quả"),
        (["Hệ thống được vận .@90@5x5", "hành"], "Hệ thống được vận\nhành"),
        (["lòng của người dân ˆ@0@8x8 :@27@5x20"], "lòng của người dân"),
        (["bảo đảm an toàn, an.", "toàn thông tin"], "bảo đảm an toàn, an\ntoàn thông tin"),
    ],
)
def test_speck_punctuation_is_dropped(lines: list[str], want: str) -> None:
    assert _cell(*lines) == want


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (["giai đoạn 2026 -@93@13x5 2030"], "giai đoạn 2026 - 2030"),
        (["giai đoạn 2026 -@93@18x51 2030"], "giai đoạn 2026 - 2030"),  # a range, whatever its box
        (["Sở Lao động -@91@14x5 Thương binh và Xã hội"], "Sở Lao động - Thương binh và Xã hội"),
        (["Đài Phát thanh -@90@14x5", "Truyền hình tỉnh"], "Đài Phát thanh -\nTruyền hình tỉnh"),
        (["-@90@14x5 Sở Nội vụ;", "-@90@14x5 Sở Tư pháp"], "- Sở Nội vụ;\n- Sở Tư pháp"),  # bullets
        (["Kế hoạch số 12/KH-UBND", "giai đoạn 2016-2020"], "Kế hoạch số 12/KH-UBND\ngiai đoạn 2016-2020"),
        (['"'], '"'),
        (["Nt"], "Nt"),
        (["-@90@14x5"], "-"),  # a dash alone is a ditto mark
        (["1."], "1."),
        (["II."], "II."),
        (["Các sở, ngành,"], "Các sở, ngành,"),  # the rest of the cell is on the next page
        (["cho hệ thống."], "cho hệ thống."),  # the end of a long cell cut by the page break
        (["Triển khai thực hiện các nội dung của kế hoạch bảo đảm tiến độ."],
         "Triển khai thực hiện các nội dung của kế hoạch bảo đảm tiến độ."),
        (["Tuyên truyền, phổ biến v.v."], "Tuyên truyền, phổ biến v.v."),
    ],
)
def test_real_punctuation_stays(lines: list[str], want: str) -> None:
    assert _cell(*lines) == want


def test_glued_final_mark_of_a_long_cell_goes_only_when_doubtful() -> None:
    long = "Triển khai thực hiện các nội dung của kế hoạch bảo đảm tiến"
    assert _cell(long + " độ.@40") == long + " độ"
    assert _cell(long + " độ.@90") == long + " độ."


def test_drop_specks_leaves_lines_without_text() -> None:
    lines = [_line('"@40@20x20'), [Word("@®)", 0, 60, 30, 40, 70.0, (1, 1, 2))]]
    assert [[w.text for w in ws] for ws in drop_specks(lines)] == [['"'], ["@®)"]]
