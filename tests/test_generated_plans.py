"""End to end on randomized plans (``random_plans``): every task, its text, bodies and deadline
come out as the plan was drawn, whatever the header's words, the columns' order, the
sections, the ditto marks, and the rendition (TAB text, .docx, ruled PDF, PDF with
horizontal rules only, PDF without lines, with narrow columns wrapping cells over pages)."""

from __future__ import annotations

from pathlib import Path

import pytest
import random_plans as rp

from phuluc.export.pipeline import convert

SEEDS = range(6)


@pytest.mark.parametrize("seed", SEEDS)
def test_text(tmp_path: Path, seed: int) -> None:
    p = rp.plan(seed)
    assert rp.differences(convert(rp.write_text(p, tmp_path / "plan.txt")), p) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_docx(tmp_path: Path, seed: int) -> None:
    p = rp.plan(seed)
    assert rp.differences(convert(rp.write_docx(p, tmp_path / "plan.docx", seed)), p) == []


@pytest.mark.skipif(not Path(rp.FONT).exists(), reason="no DejaVu font for reportlab")
@pytest.mark.parametrize("lines", ["grid", "rules", "none"])
@pytest.mark.parametrize("seed", SEEDS)
def test_pdf(tmp_path: Path, seed: int, lines: str) -> None:
    p = rp.plan(seed)
    assert rp.differences(convert(rp.write_pdf(p, tmp_path / "plan.pdf", lines)), p) == []
