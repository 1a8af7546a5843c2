"""Domain correction of OCR'd cells: only doubtful words, only closed-vocabulary columns,
only when one vocabulary word fits; raw cells kept, the task flagged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from phuluc.extract.model import RawDocument, RawRow, RawTable
from phuluc.extract.readers.ocr_correct import (
    Vocabulary,
    correct_cell,
    correct_tables,
    correct_word,
    vocabularies,
)
from phuluc.extract.readers.ocr_text import Word
from phuluc.extract.tables.reconstruct import reconstruct

TIME = Vocabulary(frozenset({"thường", "xuyên", "quý", "tháng", "năm", "hàng"}),
                  frozenset({("thường", "xuyên")}))
AGENCY = Vocabulary(frozenset({"sở", "tư", "pháp", "nội", "vụ", "tài", "chính", "chỉnh"}),
                    frozenset({("tư", "pháp"), ("tài", "chính")}))


def _words(text: str, confs: list[float]) -> list[Word]:
    return [Word(t, 0, 0, 10, 10, c, (1, 1, 1)) for t, c in zip(text.split(), confs, strict=True)]


def test_doubtful_word_and_scrap_in_a_time_cell() -> None:
    assert correct_cell("Thườn 5 xuyên", _words("Thườn 5 xuyên", [40, 20, 90]), TIME) == "Thường xuyên"


def test_confident_words_are_left_alone() -> None:
    assert correct_cell("Thườn xuyên", _words("Thườn xuyên", [95, 95]), TIME) == "Thườn xuyên"


def test_two_words_that_fit_correct_nothing() -> None:
    # "chỉnh" is as close to "chính" as to "chỉnh" itself: a tie, no guess.
    assert correct_word("chình", AGENCY) is None


def test_numbers_and_short_words_are_never_corrected() -> None:
    assert correct_cell("Quý 1/2O26", _words("Quý 1/2O26", [30, 10]), TIME) == "Quý 1/2O26"
    assert correct_word("vu", AGENCY) is None


def test_case_and_punctuation_kept() -> None:
    assert correct_word("Pháp,", AGENCY) is None  # already a word
    assert correct_word("Phap,", AGENCY) == "Pháp,"
    assert correct_word("THƯỜN", TIME) == "THƯỜNG"


def test_words_that_do_not_pair_with_tokens_leave_the_cell() -> None:
    # a word rejoined across a line break: the tokens and the words differ
    assert correct_cell("Thườngxuyên", _words("Thườn xuyên", [10, 10]), TIME) == "Thườngxuyên"


@given(st.text(min_size=1, max_size=30))
def test_never_crashes_and_never_invents_text_from_nothing(text: str) -> None:
    toks = text.split()
    out = correct_cell(text, _words(" ".join(toks), [10.0] * len(toks)), TIME)
    assert isinstance(out, str)
    if not toks:
        assert out == text


def test_data_vocabularies_are_read() -> None:
    v = vocabularies()
    assert "xuyên" in v["time"].words and ("thường", "xuyên") in v["time"].phrases
    assert "pháp" in v["agency"].words


def test_table_correction_flags_the_task_and_keeps_raw_cells() -> None:
    header = RawRow(["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"], page=1, index=0)
    row = RawRow(["1", "Rà soát văn bản", "Sở Tư phap", "Thườn 5 xuyên"], page=1, index=1)
    words = {(1, "Sở Tư phap"): _words("Sở Tư phap", [95, 95, 40]),
             (1, "Thườn 5 xuyên"): _words("Thườn 5 xuyên", [40, 20, 90]),
             (1, "Rà soát văn bản"): _words("Rà soát văn bản", [95, 30, 30, 95])}
    table = RawTable([header, row], page=1)
    assert correct_tables([table], words) == 2
    assert row.cells == ["1", "Rà soát văn bản", "Sở Tư pháp", "Thường xuyên"]  # content untouched
    assert row.original == ["1", "Rà soát văn bản", "Sở Tư phap", "Thườn 5 xuyên"]
    doc = reconstruct(RawDocument("x.pdf", "pdf-ocr", "0", blocks=[table]))
    t = doc.tasks[0]
    assert "ocr-corrected:lead" in t.flags and "ocr-corrected:time" in t.flags
    assert t.source.cells[0] == row.original
