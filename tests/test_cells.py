"""Cell classifiers: the fast paths give exactly what the plain definitions give."""

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from phuluc.extract.tables import cells

_MARKUP = re.compile(r"</?(?:b|i|u|strong|em)\s*>|\*\*|__", re.IGNORECASE)


def _reference_plain(s: str | None) -> str:
    # the definition: markup removed, NFC, runs of whitespace collapsed, trimmed
    if not s:
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", _MARKUP.sub("", s))).strip()


PIECES = st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2028", "\x1c", "\x85", "<", ">", "b", "/", "*", "_",
                          "e", "\u0301", "ệ", "Đ", "<b>", "</i>", "**", "__", "<strong >", "1", "."])
CELLS = st.one_of(st.text(), st.lists(PIECES, max_size=12).map("".join))


@settings(max_examples=300)
@given(CELLS)
def test_plain_and_blank_match_their_definition(s):
    assert cells.plain(s) == _reference_plain(s)
    assert cells.is_blank(s) == (not _reference_plain(s))


def test_plain_examples():
    assert cells.plain("  <b>Sở  Tài\nchính</b> ") == "Sở Tài chính"
    assert cells.plain("e\u0301") == "é"
    assert cells.is_blank("<b> </b>") and cells.is_blank(" \n") and not cells.is_blank("**x**")


def _reference_column_number_row(cells: list[str]) -> bool:
    # the definition: every cell keyed whole
    from phuluc.extract.tables.headers import _COLNUM

    vals = [cells_key(c) for c in cells if c and c.strip()]
    if len(vals) < 3:
        return False
    if all(_COLNUM.match(v) for v in vals):
        nums = [int(re.sub(r"\D", "", v) or 0) for v in vals if re.search(r"\d", v)]
        if len(nums) >= 3 and nums == sorted(nums) and len(set(nums)) == len(nums):
            return True
    if any(len(v) > 5 for v in vals):
        return False
    own = sum(1 for j, c in enumerate(cells) if c and re.sub(r"\D", "", c) == str(j + 1))
    return own >= max(3, (2 * len(vals) + 2) // 3)


cells_key = cells.key
NUMBER_PIECES = st.sampled_from(["(", ")", "1", "2", "3", "12", "iv", "x", ".", " ", "=", "Đ", "ư", "<b>", "**",
                                 "q", "@", "®", "\u00a0", "Nội dung", "(5) = (3) x (4)"])
ROW = st.lists(st.lists(NUMBER_PIECES, max_size=6).map("".join), min_size=0, max_size=7)


@settings(max_examples=300)
@given(ROW)
def test_column_number_row_matches_its_definition(row):
    from phuluc.extract.tables.headers import is_column_number_row

    assert is_column_number_row(row) == _reference_column_number_row(row)


def test_column_number_row_examples():
    from phuluc.extract.tables.headers import is_column_number_row

    assert is_column_number_row(["(1)", "(2)", "(3)", "(4)"])
    assert is_column_number_row(["1", "2", "3", "(4) = (2) x (3)"])
    assert not is_column_number_row(["1", "Tổ chức hội nghị", "Sở Y tế", "2026"])


@settings(max_examples=300)
@given(CELLS)
def test_transliterate_and_key_match_unidecode(s):
    from unidecode import unidecode

    assert cells.transliterate(s) == unidecode(s)
    assert cells.key(s) == re.sub(r"\s+", " ", unidecode(_reference_plain(s)).lower()).strip()
