"""Letter-spaced text layers ("Q uý III/2026"): read by time and agency parsing, *_text joined."""

from __future__ import annotations

import pytest

from phuluc.extract.model import Document, SourceInfo, Task
from phuluc.normalize.document import normalize_document
from phuluc.normalize.gazetteer import default_gazetteer
from phuluc.normalize.letter_spacing import join_spaced_letters, reading_words


@pytest.mark.parametrize(("text", "joined"), [
    ("Q uý III/2026", "Quý III/2026"),
    ("N ăm 2026", "Năm 2026"),
    ("T háng 6 năm 2026", "Tháng 6 năm 2026"),
    ("T rước ngày 30/6/2026", "Trước ngày 30/6/2026"),
    ("S ở Tài chính", "Sở Tài chính"),
    ("C ông an tỉnh", "Công an tỉnh"),
    ("U BND tỉnh", "UBND tỉnh"),
    # real one-letter words stay: "Y tế", a proper name "A Lưới", a Roman numeral
    ("Sở Y tế", "Sở Y tế"),
    ("UBND xã A Lưới", "UBND xã A Lưới"),
    ("Quý I năm 2026", "Quý I năm 2026"),
    ("", ""),
])
def test_join_spaced_letters(text: str, joined: str) -> None:
    assert join_spaced_letters(text, reading_words(default_gazetteer())) == joined


def _doc(**cells: str) -> Document:
    doc = Document(SourceInfo("x.txt", "0", "text"))
    doc.tasks.append(Task(id="1", tt="1", content="Nhiệm vụ", **cells))
    return doc


def test_letter_spaced_cells_are_read_and_joined() -> None:
    doc = normalize_document(_doc(lead_text="S ở Tài chính", end_text="Q uý III/2026", start_text="N ăm 2026"))
    t = doc.tasks[0]
    assert t.lead == ["Sở Tài chính"] and t.lead_text == "Sở Tài chính"
    assert (t.end.text, t.end.from_, t.end.to) == ("Quý III/2026", "2026-07-01", "2026-09-30")
    assert (t.start.text, t.start.from_) == ("Năm 2026", "2026-01-01")
    assert {"letter-spacing:lead_text", "letter-spacing:end_text", "letter-spacing:start_text"} <= set(t.flags)
