"""Tests of normalize.dates: the Vietnamese time-expression parser.

The table of cases lives in tests/data/dates/time_cases.json (hand-written from the
vocabulary of plan/programme task tables, not copied from any corpus file).
"""

from __future__ import annotations

import calendar
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phuluc.extract.model import Time
from phuluc.normalize.dates import needs_year, parse_time, split_period, year_hint

CASES = json.loads((Path(__file__).parent / "data" / "dates" / "time_cases.json").read_text("utf-8"))
PARSE = CASES["parse_time"]
SPLIT = CASES["split_period"]
ROMAN = ["I", "II", "III", "IV"]


def _span(t: Time | None) -> list[str | None] | None:
    return None if t is None else [t.from_, t.to]


# ---------------------------------------------------------------------------
# Table-driven
# ---------------------------------------------------------------------------


def test_table_is_large_enough() -> None:
    assert len(PARSE) >= 80
    assert len({c["text"] for c in PARSE}) >= 80


@pytest.mark.parametrize("case", PARSE, ids=[c["text"] for c in PARSE])
def test_parse_time_table(case: dict) -> None:
    t = parse_time(case["text"], default_year=case.get("default_year"))
    assert t is not None
    assert (t.from_, t.to, t.recurring) == (case["from"], case["to"], case.get("recurring"))


@pytest.mark.parametrize("case", SPLIT, ids=[c["text"] for c in SPLIT])
def test_split_period_table(case: dict) -> None:
    start, end = split_period(case["text"])
    assert _span(start) == case["start"]
    assert _span(end) == case["end"]
    assert end is not None and end.text == case["text"]
    assert end.recurring == case.get("recurring")
    if start is not None:
        assert start.text == case["text"]


# ---------------------------------------------------------------------------
# Details of the API
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, "", "   ", "\n", "<b></b>"])
def test_empty_cells_give_none(empty: str | None) -> None:
    assert parse_time(empty) is None
    assert split_period(empty) == (None, None)


def test_text_is_cleaned_but_kept_as_written() -> None:
    t = parse_time("  Quý  II/2016\n(trình   HĐND)  ")
    assert t is not None
    assert t.text == "Quý II/2016 (trình HĐND)"
    assert (t.from_, t.to) == ("2016-04-01", "2016-06-30")


def test_text_is_nfc() -> None:
    decomposed = "Na\u0306m 2016"  # "Năm" with a combining breve
    t = parse_time(decomposed)
    assert t is not None and t.text == "Năm 2016"
    assert (t.from_, t.to) == ("2016-01-01", "2016-12-31")


def test_unparseable_text_keeps_text() -> None:
    t = parse_time("Kỳ họp cuối nhiệm kỳ")
    assert t == Time("Kỳ họp cuối nhiệm kỳ", None, None, None)


def test_to_json_shape() -> None:
    t = parse_time("Hàng năm")
    assert t is not None
    assert t.to_json() == {"text": "Hàng năm", "from": None, "to": None, "recurring": "yearly"}


def test_returned_objects_are_independent() -> None:
    a = parse_time("Năm 2016")
    assert a is not None
    a.to = "1999-01-01"
    b = parse_time("Năm 2016")
    assert b is not None and b.to == "2016-12-31"


def test_default_year_only_fills_missing_years() -> None:
    t = parse_time("Tháng 7/2015", default_year=2026)
    assert t is not None and t.from_ == "2015-07-01"
    t = parse_time("ngày 23 tháng 1", default_year=2026)
    assert t is not None and (t.from_, t.to) == ("2026-01-23", "2026-01-23")
    t = parse_time("ngày 23 tháng 1")
    assert t is not None and (t.from_, t.to) == (None, None)


def test_default_year_is_not_used_for_recurring() -> None:
    t = parse_time("Tháng 12 hằng năm", default_year=2026)
    assert t is not None and (t.from_, t.to, t.recurring) == (None, None, "yearly")


def test_year_inherited_within_range_across_new_year() -> None:
    t = parse_time("Tháng 11 - 01/2017")
    assert t is not None and (t.from_, t.to) == ("2016-11-01", "2017-01-31")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 23 tháng 1", True),
        ("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1", True),
        ("tháng 7", True),
        ("Quý II", True),
        ("Trước 30/6", True),
        ("Năm 2016", False),
        ("Tháng 7/2015", False),
        ("Quý I, II/2016", False),  # the year is written once, for both
        ("Tháng 12 hằng năm", False),  # recurring: no year on purpose
        ("Thường xuyên", False),
        ("Theo kế hoạch", False),
        ("", False),
        (None, False),
    ],
)
def test_needs_year(text: str | None, expected: bool) -> None:
    assert needs_year(text) is expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Thời gian (Năm 2026)", 2026),
        ("Thời gian thực hiện năm 2017", 2017),
        ("Thời gian", None),
        ("Kinh phí giai đoạn 2016-2020", None),  # two years: no single hint
        ("Thời gian (2026 - 2026)", 2026),
        ("Số tiền 12345", None),
        ("", None),
    ],
)
def test_year_hint(header: str, expected: int | None) -> None:
    assert year_hint(header) == expected


def test_split_period_single_point_with_default_year() -> None:
    start, end = split_period("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1", default_year=2026)
    assert start is None
    assert _span(end) == ["2026-01-23", "2026-01-23"]


def test_split_period_open_start_with_recurrence() -> None:
    start, end = split_period("2026 và hằng năm")
    assert _span(start) == ["2026-01-01", "2026-12-31"]
    assert _span(end) == ["2026-01-01", None]
    assert end is not None and end.recurring == "yearly"


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

years = st.integers(min_value=1990, max_value=2060)
months = st.integers(min_value=1, max_value=12)


def _last(y: int, m: int) -> str:
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


@given(q=st.integers(min_value=1, max_value=4), y=years, roman=st.booleans(),
       word=st.sampled_from(["Quý", "quý", "Quí", "Qúy", "Q"]), sep=st.sampled_from(["/", " năm ", ".", " / "]))
def test_quarter_strings(q: int, y: int, roman: bool, word: str, sep: str) -> None:
    num = ROMAN[q - 1] if roman else str(q)
    t = parse_time(f"{word} {num}{sep}{y}")
    assert t is not None
    m1 = 3 * q - 2
    assert (t.from_, t.to) == (date(y, m1, 1).isoformat(), _last(y, m1 + 2))


@given(m=months, y=years, pad=st.booleans(), word=st.sampled_from(["tháng ", "Tháng ", "T", ""]),
       sep=st.sampled_from(["/", "-", "."]))
def test_month_strings(m: int, y: int, pad: bool, word: str, sep: str) -> None:
    mm = f"{m:02d}" if pad else str(m)
    t = parse_time(f"{word}{mm}{sep}{y}")
    assert t is not None
    assert (t.from_, t.to) == (date(y, m, 1).isoformat(), _last(y, m))


@given(d=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), pad=st.booleans(),
       sep=st.sampled_from(["/", "-", "."]), prefix=st.sampled_from(["", "ngày ", "Ngày "]))
def test_full_date_strings(d: date, pad: bool, sep: str, prefix: str) -> None:
    dd, mm = (f"{d.day:02d}", f"{d.month:02d}") if pad else (str(d.day), str(d.month))
    t = parse_time(f"{prefix}{dd}{sep}{mm}{sep}{d.year}")
    assert t is not None
    assert (t.from_, t.to) == (d.isoformat(), d.isoformat())


@given(d=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
def test_full_date_in_words(d: date) -> None:
    t = parse_time(f"ngày {d.day} tháng {d.month} năm {d.year}")
    assert t is not None and (t.from_, t.to) == (d.isoformat(), d.isoformat())


@given(a=years, span=st.integers(min_value=1, max_value=15),
       dash=st.sampled_from(["-", " - ", "–", " – ", "÷", " đến ", "- "]),
       prefix=st.sampled_from(["", "Giai đoạn ", "GĐ ", "Năm ", "giai đoạn: "]))
def test_year_range_strings(a: int, span: int, dash: str, prefix: str) -> None:
    b = a + span
    t = parse_time(f"{prefix}{a}{dash}{b}")
    assert t is not None and (t.from_, t.to) == (f"{a}-01-01", f"{b}-12-31")
    start, end = split_period(f"{prefix}{a}{dash}{b}")
    assert _span(start) == [f"{a}-01-01", f"{a}-12-31"]
    assert _span(end) == [f"{b}-01-01", f"{b}-12-31"]


@given(text=st.text(max_size=60))
@settings(max_examples=300)
def test_never_raises_and_intervals_are_ordered(text: str) -> None:
    t = parse_time(text, default_year=2026)
    if t is not None:
        assert isinstance(t.text, str)
        assert t.recurring in (None, "yearly", "monthly", "quarterly", "ongoing")
        if t.from_ and t.to:
            assert t.from_ <= t.to
    for part in split_period(text, default_year=2026):
        if part is not None and part.from_ and part.to:
            assert part.from_ <= part.to
    assert isinstance(needs_year(text), bool)


# Text built from the parser's own vocabulary, to reach the combining code.
_PIECES = st.sampled_from(
    ["Quý", "II", "IV", "tháng", "năm", "ngày", "/", "-", ",", " ", "và", "đến", "Trước", "Từ",
     "hàng năm", "cuối", "đầu", "6 tháng đầu năm", "(", ")", "giờ", "2016", "2017", "16", "3",
     "12", "31", "02", "1", "20112020", "các năm tiếp theo", "Thường xuyên", "Chậm nhất", "năm học"]
)


@given(parts=st.lists(_PIECES, max_size=12))
@settings(max_examples=500)
def test_vocabulary_soup_is_ordered(parts: list[str]) -> None:
    text = " ".join(parts)
    t = parse_time(text, default_year=2026)
    if t is not None and t.from_ and t.to:
        assert t.from_ <= t.to
    for part in split_period(text):
        if part is not None and part.from_ and part.to:
            assert part.from_ <= part.to
