"""The scan bench in the suite: its known tables, the image steps it exercises (seals, faint
lines, line counts), and a few fast scanned variants end to end. The full bench is
``make bench-ocr``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from phuluc.extract.readers.ocr_grid import binarise, find_tables, line_ink, text_line_count
from phuluc.extract.readers.stamps import gray_without_stamps
from tests import scan_fixtures as S
from tests.test_ocr_reader import needs_tesseract

needs_fonts = pytest.mark.skipif(not S.fonts_available(), reason="DejaVu fonts missing")


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scan-bench")


# ---------------------------------------------------------------------------
# Known tables
# ---------------------------------------------------------------------------


# The rest of a row cut by a page break, right under the repeated header, is taken for a
# second header row and the page's table is skipped (reconstruction, text layer and scan alike).
@needs_fonts
@pytest.mark.parametrize("kind", S.PLANS)
def test_known_table_holds_the_drawn_cells(bench: Path, kind: str) -> None:
    gold = S.known(kind, bench)
    assert [t["content"] for t in gold["tasks"] if t.get("content")] == S.DRAWN_CONTENT[kind]
    assert gold["document"]["signer"] == "Trần Minh Khoa"


def test_score_counts_wrong_missing_and_extra_cells() -> None:
    gold = {"tasks": [{"id": "1", "content": "A", "lead": ["X"]}, {"id": "2", "content": "B"}],
            "document": {"signer": "S"}}
    assert S.score(gold, gold).f1 == 1.0
    out = {"tasks": [{"id": "1", "content": "A ", "lead": ["X"]}, {"id": "3", "content": "B"}],
           "document": {"signer": "S"}}
    sc = S.score(out, gold)
    assert 0 < sc.f1 < 1
    assert {(w[0], w[1]) for w in sc.wrong} == {("2", "content"), ("3", "<task>")}


# ---------------------------------------------------------------------------
# Image steps
# ---------------------------------------------------------------------------


def _page_with_seal() -> tuple[np.ndarray, np.ndarray]:
    """An RGB page with a black bar under a red seal and a red heading; and the bar's mask."""
    img = Image.new("RGB", (900, 600), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle([300, 280, 600, 300], fill=(0, 0, 0))  # print under the seal
    d.rectangle([50, 40, 400, 60], fill=(200, 30, 30))  # red heading: long and low, not a seal
    seal = Image.new("RGB", img.size, (255, 255, 255))
    ds = ImageDraw.Draw(seal)
    ds.ellipse([330, 170, 570, 410], outline=(205, 35, 40), width=8)
    ds.ellipse([420, 260, 480, 320], fill=(205, 35, 40))
    from PIL import ImageChops

    rgb = np.asarray(ImageChops.multiply(img, seal))
    bar = np.zeros(rgb.shape[:2], dtype=bool)
    bar[280:301, 300:601] = True
    return rgb, bar


def test_seal_becomes_paper_print_under_it_stays() -> None:
    rgb, bar = _page_with_seal()
    gray, n = gray_without_stamps(rgb, 300)
    assert n == 1
    ink = gray < 170
    assert ink[bar].mean() > 0.99  # the black bar crossing the seal is intact
    ring = np.zeros_like(bar)
    ring[170:411, 330:571] = True
    assert not (ink & ring & ~bar).any()  # nothing of the seal is left as ink
    assert ink[45:56, 60:390].mean() > 0.9  # red text that is not a seal is kept as grey ink


def test_no_red_no_change() -> None:
    rgb = np.full((100, 100, 3), 255, dtype=np.uint8)
    rgb[40:50, 10:90] = 0
    gray, n = gray_without_stamps(rgb, 300)
    assert n == 0 and (gray[40:50, 10:90] == 0).all() and (gray[:40] == 255).all()


def _ruled(gray_line: int, dash: tuple[int, int] | None) -> np.ndarray:
    """A 3x3 ruled grid at 300 dpi drawn in ``gray_line``, optionally dashed (on, off pixels)."""
    img = Image.new("L", (1200, 700), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [100, 400, 700, 1100], [100, 250, 400, 550]

    def line(x0: int, y0: int, x1: int, y1: int) -> None:
        if not dash:
            d.line([(x0, y0), (x1, y1)], fill=gray_line, width=2)
            return
        on, off = dash
        n = max(abs(x1 - x0), abs(y1 - y0))
        for a in range(0, n, on + off):
            b = min(n, a + on)
            if y0 == y1:
                d.line([(x0 + a, y0), (x0 + b, y0)], fill=gray_line, width=2)
            else:
                d.line([(x0, y0 + a), (x0, y0 + b)], fill=gray_line, width=2)

    for y in ys:
        line(xs[0], y, xs[-1], y)
    for x in xs:
        line(x, ys[0], x, ys[-1])
    for r in range(3):
        d.text((xs[1] + 20, ys[r] + 40), "Nội dung", fill=0)
    return np.asarray(img)


@pytest.mark.parametrize("gray_line,dash", [(0, None), (200, None), (150, (40, 6)), (205, (50, 5))])
def test_faint_and_broken_lines_still_make_the_grid(gray_line: int, dash: tuple[int, int] | None) -> None:
    gray = _ruled(gray_line, dash)
    tables, _ = find_tables(binarise(gray), 300, line_ink(gray, 300))
    assert len(tables) == 1 and (tables[0].n_rows, tables[0].n_cols) == (3, 3)


def test_noise_makes_no_lines() -> None:
    rng = np.random.default_rng(1)
    gray = np.clip(255 - np.abs(rng.normal(0, 20, (700, 1200))), 0, 255).astype(np.uint8)
    tables, lines = find_tables(binarise(gray), 300, line_ink(gray, 300))
    assert tables == [] and not lines.any()


def test_line_count_ignores_tone_marks() -> None:
    ink = np.zeros((120, 200), dtype=bool)
    ink[5:9, 20:30] = True  # a tone mark above the first line
    ink[14:40, 10:190] = True
    ink[56:82, 10:120] = True
    assert text_line_count(ink) == 2
    assert text_line_count(ink[:45]) == 1
    assert text_line_count(np.zeros((10, 10), dtype=bool)) == 0


# ---------------------------------------------------------------------------
# A few scanned variants end to end (tesseract)
# ---------------------------------------------------------------------------


@needs_fonts
@needs_tesseract
@pytest.mark.parametrize("kind,variant,dpi,target", [
    ("ruled", "stamp", 200, 0.95),
    ("ruled", "faint-lines", 150, 0.90),
    ("merged", "skew+2", 200, 0.95),
    ("nolines", "skew+2", 200, 0.95),  # the number column dropped by the page's read
    ("hrules", "noise", 200, 0.95),
])
def test_scanned_variant_scores(bench: Path, kind: str, variant: str, dpi: int, target: float) -> None:
    sc = S.score_scan(kind, S.VARIANT[variant], dpi, bench)
    assert sc.f1 >= target, sc.wrong[:10]
    if variant == "stamp":  # the signer sits under the seal
        assert not [w for w in sc.wrong if w[0] == "document" and w[1].startswith("signer")]


@needs_fonts
def test_missing_faint_line_beside_a_merged_cell_text() -> None:
    """A faint line between two rows, missing under a cell merged across them, whose text
    sits level with it: the line is still found (its segments are thin, the text beside
    them is not part of them), so the table keeps both rows."""
    img = Image.new("L", (1200, 700), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [100, 400, 700, 1100], [100, 250, 400, 550]
    for y in ys:
        for c in range(3):
            if y == 250 and c == 1:
                continue  # the merged cell (rows 1-2 of column 2) has no line under its first slot
            for a in range(xs[c], xs[c + 1], 46):  # broken: 40 on, 6 off
                d.line([(a, y), (min(xs[c + 1], a + 40), y)], fill=160, width=2)
    for x in xs:
        for a in range(ys[0], ys[-1], 46):
            d.line([(x, a), (x, min(ys[-1], a + 40))], fill=160, width=2)
    font = ImageFont.truetype(next(p for p in S.FONT_PATHS["BenchVN"] if Path(p).exists()), 40)
    d.text((450, 228), "Sở Tư pháp", fill=0, font=font)  # the merged cell's text, level with the gap
    gray = np.asarray(img)
    tables, _ = find_tables(binarise(gray), 300, line_ink(gray, 300))
    assert len(tables) == 1 and (tables[0].n_rows, tables[0].n_cols) == (3, 3)
    merged = [c for c in tables[0].cells if c.r1 - c.r0 == 2]
    assert [(c.r0, c.c0) for c in merged] == [(0, 1)]
