"""Scanned tables without vertical lines: the number column read again cell by cell
(``ocr_numbers``), and smudge words kept out of the rivers (``ocr_rivers``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from phuluc.extract.readers.ocr import ScanPage
from phuluc.extract.readers.ocr_grid import binarise
from phuluc.extract.readers.ocr_numbers import _choose, _next_numbers, reread_numbers
from phuluc.extract.readers.ocr_rivers import OcrRiverFinder, word_lines
from phuluc.extract.readers.ocr_text import Word
from tests import scan_fixtures as S
from tests.test_ocr_reader import needs_tesseract

needs_fonts = pytest.mark.skipif(not S.fonts_available(), reason="DejaVu fonts missing")

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
ROWS = [
    ["I", "Công tác chỉ đạo", "", ""],
    ["1", "Xây dựng kế hoạch triển khai", "Sở Nội vụ", "Quý I/2026"],
    ["2", "Rà soát quy chế làm việc", "Sở Tư pháp", "Tháng 6/2026"],
    ["3", "Kiểm tra kỷ luật hành chính", "Sở Nội vụ", "Năm 2026"],
    ["II", "Dịch vụ công", "", ""],
    ["1", "Số hóa hồ sơ thủ tục", "Sở Tài chính", "Quý III/2026"],
    ["2", "Tập huấn công chức", "Sở Nội vụ", "Tháng 11/2026"],
]
XS = [150, 320, 1250, 1900]  # column starts at 300 dpi; no ruling line anywhere


def _font(bold: bool) -> ImageFont.FreeTypeFont:
    paths = S.FONT_PATHS["BenchVNB" if bold else "BenchVN"]
    return ImageFont.truetype(next(p for p in paths if Path(p).exists()), 40)


def _page(skew: float = 0.0, noise: float = 0.0, rules: bool = False) -> np.ndarray:
    """A table without vertical lines drawn at 300 dpi (optionally with horizontal rules),
    turned by ``skew`` degrees and with grey noise: the page image, 0 = black."""
    img = Image.new("L", (2480, 1000), 255)
    d = ImageDraw.Draw(img)
    y = 200
    for r, row in enumerate([HEADER, *ROWS]):
        bold = r == 0 or not row[2]
        for x, text in zip(XS, row, strict=True):
            d.text((x, y), text, fill=0, font=_font(bold))
        if rules:
            d.line([(130, y - 20), (2350, y - 20)], fill=0, width=3)
        y += 66
    if rules:
        d.line([(130, y - 20), (2350, y - 20)], fill=0, width=3)
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    a = np.asarray(img).astype(np.int16)
    if noise:
        a = a + np.random.default_rng(3).normal(0, noise, a.shape).astype(np.int16)
    return np.clip(a, 0, 255).astype(np.uint8)


def _read(gray: np.ndarray) -> list[list[str]]:
    """The rows the river finder reads on the page (deskewed as the OCR reader does)."""
    from phuluc.extract.readers.ocr_grid import skew_angle

    ink = binarise(gray)
    angle = skew_angle(ink)
    if abs(angle) >= 0.05:
        gray = np.asarray(Image.fromarray(gray).rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255))
        ink = binarise(gray)
    with tempfile.TemporaryDirectory() as tmp:
        page = ScanPage(1, gray, ink, 300, Path(tmp), gray.copy())
        grids = OcrRiverFinder().find(page)
    assert len(grids) == 1
    return grids[0].rows


@needs_fonts
@needs_tesseract
@pytest.mark.parametrize("skew,noise,rules", [(0.0, 0.0, False), (1.8, 0.0, False), (-1.5, 14.0, True)])
def test_number_column_is_read_under_skew_and_noise(skew: float, noise: float, rules: bool) -> None:
    rows = _read(_page(skew, noise, rules))
    body = [r for r in rows if r[0] != "TT"]
    assert [r[0] for r in body] == [r[0] for r in ROWS]
    assert len(rows[0]) == len(HEADER)


@needs_fonts
@needs_tesseract
def test_dropped_numbers_are_put_back() -> None:
    """The page's words without the number column (as a whole-page read drops them): each
    row's number is read again from the image."""
    gray = _page()
    from phuluc.extract.readers.ocr import _ocr_images

    with tempfile.TemporaryDirectory() as tmp:
        words = _ocr_images([gray], Path(tmp), "page", psm=3, dpi=300)[0]
        head = min(w.top for w in words)
        # nothing left of the content column under the header
        words = [w for w in words if w.right > XS[1] - 20 or w.top < head + 20]
        _, groups = word_lines(words, 72 / 300)
        out = reread_numbers(words, groups, gray, Path(tmp), 300)
    numbers = sorted((w for w in out if w.right < XS[1] - 20 and w.top > head + 20), key=lambda w: w.top)
    assert [w.text for w in numbers] == [r[0] for r in ROWS]


def test_numbering_decides_between_readings() -> None:
    assert _choose([("3", 84.0), ("2", 70.0)], ["I", "1"]) == ("2", 70.0)  # 2 follows 1
    assert _choose([("3", 84.0), ("2", 70.0)], ["I", "1", "2"])[0] == "3"
    assert _choose([("6)", 40.0), ("3", 60.0)], ["II", "1", "2"])[0] == "3"
    assert _choose([("5", 50.0), ("5", 60.0), ("8", 90.0)], ["I", "1", "2"])[0] == "5"  # two readings agree
    assert _choose([], ["1"]) == ("", 0.0)
    assert {"1.3", "2", "1.2.1", "II"} <= _next_numbers(["I", "1", "1.1", "1.2"])
    assert "1" in _next_numbers(["I", "1", "2", "II"])  # a new section starts again from 1
    assert "b" in _next_numbers(["1", "a"])


def test_smudge_words_are_not_words_of_a_line() -> None:
    def w(text: str, left: int, conf: float, height: int = 30) -> Word:
        return Word(text, left, 100, 20 * len(text), height, conf, (1, 1, 1))

    words = [w("II", 200, 90), w("ˆ", 270, 6.0, 50), w("Nâng", 320, 95), w("cao", 420, 95),
             w("h", 600, 0.0, 7), w("chức", 700, 11.0)]
    lines, _ = word_lines(words, 1.0)
    assert [s.text for s in lines[0].segments] == ["II", "Nâng", "cao", "chức"]  # a real word read doubtfully stays


@needs_fonts
def test_section_number_read_as_n_is_counted_from_its_stems() -> None:
    """The joined serifs of a bold "II" come out as "n": in a section-shaped row (only the
    number and the title filled) the stems are counted instead."""
    from phuluc.extract.readers.ocr import _CellJob, _section_numerals
    from phuluc.extract.readers.ocr_grid import CellBox, TableGrid

    img = Image.new("L", (200, 120), 255)
    ImageDraw.Draw(img).text((30, 20), "II", fill=0, font=_font(True).font_variant(size=60))
    t = TableGrid([0, 100, 400, 600], [0, 100],
                  [CellBox(0, c, 1, c + 1, (0, 0, 1, 1)) for c in range(3)], [[0, 1, 2]])
    jobs = [_CellJob(0, 0, 0, np.asarray(img), 7, 1.0, 0, 200, text="n")]
    texts = [["n", "Nâng cao chất lượng", ""]]
    _section_numerals([t], jobs, texts)
    assert texts[0][0] == "II"
    jobs[0].text = 'ụ"'  # JPEG blotches: no number at all
    texts = [['ụ"', "Nâng cao chất lượng", ""]]
    _section_numerals([t], jobs, texts)
    assert texts[0][0] == "II"
    jobs[0].text = "n"
    texts = [["n", "Nâng cao chất lượng", "Sở Nội vụ"]]  # a task row: left alone
    _section_numerals([t], jobs, texts)
    assert texts[0][0] == "n"
