"""Vietnamese time expressions of task tables → ISO intervals (TIME of the output contract).

A cell such as ``Quý II/2016``, ``02-3/2016``, ``Trước 30/6/2017`` or ``Hàng năm`` becomes a
:class:`extract.model.Time`: the cleaned text, the first and last day it can denote, and a
``recurring`` value for recurring/continuous work. The words come from
``data/time_words.yaml``; this module only knows the shapes.

How a cell is read:

1. *Fold*: NFC, lower case, spelling variants (``Hằng``→``hàng``, ``Qúi``→``quý``), every dash
   type/``÷``/``~`` → ``-``, spaces around ``-`` and ``/`` dropped, doubled words collapsed,
   clock times and document numbers (``12/KH-UBND``) removed, parentheses set aside.
2. *Atoms*: one regex finds every date-like piece left to right: full dates, day/month,
   month/year, quarters (Roman, Arabic, OCR-confused), "N tháng đầu/cuối năm", years, school
   years, and bare numbers/numerals that only make sense next to another atom (``02-3/2016``).
3. *Groups*: atoms joined by a range or list connector form a group; bare numbers take the unit
   of their neighbour, missing years/months are filled from the right (``Quý I, II/2016``).
4. *Meaning*: the words before the first atom (deadline / start), after the last one (open end)
   and anywhere (recurrence) decide how the atoms' hull becomes ``from``/``to``.

Decisions where the spec leaves a choice:

* A deadline gives ``from`` = null. ``Trước`` + a full date keeps that day (inclusive in
  practice); ``Trước`` + a month/quarter/year ends the day before it (``Trước tháng 7/2016`` →
  2016-06-30); ``Đến``/``Chậm nhất``/``Đến hết`` end on the unit's last day.
* An open start (``Từ năm 2016``, ``… và các năm tiếp theo``, ``2026 và hằng năm``) gives
  ``from`` = the start, ``to`` = null.
* Recurrence words set ``recurring``; dates are kept only when the text states a year
  (``2026 và hằng năm`` → from 2026-01-01, to null, recurring yearly). ``Tháng 12 hằng năm`` has
  no year, so from/to stay null and ``default_year`` is not used.
* ``Năm học 2015-2016`` is Sept 2015 – May 2016; ``Cuối năm`` = Q4, ``Đầu năm`` = Q1,
  ``Giữa năm`` = June–July; ``đầu/giữa/cuối tháng`` = days 1–10 / 11–20 / 21–end.
* Several separate dates in one cell give their hull.
* A cell that starts with a non-date word (``Theo …``, ``Đột xuất``, ``Đã hoàn thành``) is not
  a date even when it holds numbers.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from phuluc.extract.model import Time
from phuluc.extract.text_keys import DASH_CHARS
from phuluc.normalize import yaml_data
from phuluc.normalize.text import clean_text

__all__ = ["parse_time", "split_period", "year_hint", "needs_year"]

_DATA = Path(__file__).parent / "data" / "time_words.yaml"

# ---------------------------------------------------------------------------
# Vocabulary → regexes (built once at import)
# ---------------------------------------------------------------------------


def _load() -> dict:
    return yaml_data.load_file(_DATA)


_V = _load()
_YEAR_MIN, _YEAR_MAX = _V["year_range"]
_PIVOT = int(_V["two_digit_year_pivot"])

_LB = r"(?<![\w|])"  # not inside a word
_RB = r"(?![\w|])"


def _phrase(p: str) -> str:
    """A vocabulary phrase as a regex: a space also matches a lost space."""
    return r"\s*".join(re.escape(w) for w in str(p).split())


def _alt(phrases: Iterable[str]) -> str:
    ps = sorted({str(p) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(_phrase(p) for p in ps) + ")"


def _words(phrases: Iterable[str]) -> re.Pattern[str]:
    """Phrases bounded on the left only: lost spaces after a word are common ("từnăm")."""
    return re.compile(_LB + "(" + _alt(phrases)[3:-1] + ")")


_UNITS = _V["unit_words"]
_W_DAY = _alt(_UNITS["day"])
_W_MONTH = _alt(_UNITS["month"])
_W_MONTH_FULL = _alt(w for w in _UNITS["month"] if len(w) > 2)  # "tháng", not "t"/"th"
_W_QUARTER = _alt(_UNITS["quarter"])
_W_YEAR = _alt(_UNITS["year"])
_W_SCHOOL = _alt(_UNITS["school_year"])
_MONTH_NAMES = {str(k): int(v) for k, v in _V["month_names"].items()}
_W_MNAMES = _alt(_MONTH_NAMES)
_MODIFIERS = {str(k): str(v) for k, v in _V["modifiers"].items()}
_W_MODS = _alt(_MODIFIERS)
_W_FIRST = _alt(_V["months_of_year"]["first"])
_W_LAST = _alt(_V["months_of_year"]["last"])

_D = r"(?:0?[1-9]|[12]\d|3[01])(?!\d)"
_M = r"(?:0?[1-9]|1[0-2])(?!\d)"
_Y4 = r"\d{4}(?!\d)"
_Y2 = r"\d{2}(?!\d)(?![/.\-]\d)"  # "16" in "Quý II/16", never the "12" of "10-12/2016"
_YR = rf"(?:{_Y4}|{_Y2})"
_YSEP = rf"\s*(?:{_W_YEAR})?\s*[/.\-]?\s*(?:{_W_YEAR})?\s*"  # "/", ".", "-", " năm "

# Every atom starts with a digit, a Roman numeral letter or the first letter of a unit or
# modifier word; a lookahead on that set lets the scanner skip other positions quickly.
_HEADS = {str(w)[0] for ws in _UNITS.values() for w in ws} | {str(w)[0] for w in _MODIFIERS}
_HEAD = "(?=[" + re.escape("".join(sorted(_HEADS | set("0123456789il|")))) + "])"

_ATOM = re.compile(
    _HEAD
    + "(?:"
    + "|".join(
        [
            # "năm học 2015-2016"
            rf"{_LB}{_W_SCHOOL}\s*(?P<sy1>{_Y4})\s*[-/]\s*(?P<sy2>\d{{4}}|\d{{2}})(?!\d)",
            # "cuối năm" with no number: a fuzzy year to be filled by default_year
            rf"{_LB}(?P<myw>{_W_MODS})\s*{_W_YEAR}(?!\s*(?:\d|học))",
            # "cuối" / "tuần đầu" before a unit: applies to the adjacent atom
            rf"{_LB}(?P<mod>{_W_MODS})(?=\s*(?:{_W_YEAR}|{_W_QUARTER}|{_W_MONTH}|\d))",
            # "6 tháng đầu năm 2016"
            rf"(?<![\d/.])(?P<hn>\d{{1,2}})\s*{_W_MONTH_FULL}\s*(?:(?P<hf>{_W_FIRST})|{_W_LAST})"
            rf"\s*{_W_YEAR}\s*(?P<hy>{_Y4})?",
            # ISO "2016-06-30"
            r"(?<!\d)(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?!\d)",
            # "11/06/2015", "11-6-2015", "11.6.2015", "11/6/15"
            rf"(?<![\d/.])(?P<dd>{_D})(?P<sep>[/.\-])(?P<dm>{_M})(?P=sep)(?P<dy>{_YR})",
            # "11 tháng 6 năm 2015", "23 tháng 1"
            rf"(?<![\d/.])(?P<wd>{_D})\s*{_W_MONTH_FULL}\s*(?P<wm>{_M}|{_W_MNAMES}{_RB})"
            rf"(?:\s*(?:{_W_YEAR}|[/.\-,])\s*(?P<wy>{_YR}))?",
            # "ngày 25" (no month)
            rf"{_LB}{_W_DAY}\s*(?P<od>{_D})(?!\s*(?:{_W_MONTH_FULL}|[/.\-]\d))",
            # "Quý II/2016", "QII/2016", "quý 2 năm 2016", "Quý Il/2016", "quý I.2020"
            rf"{_LB}{_W_QUARTER}\.?\s*(?P<qn>[il1|]{{1,3}}v?|[2-4])(?![\w|])(?:{_YSEP}(?P<qy>{_YR}))?",
            # "tháng 7/2015", "T7/2015", "tháng 7 năm 2015", "tháng 4.2025", "tháng 7"
            rf"{_LB}{_W_MONTH}\.?\s*(?P<mm>{_M}|{_W_MNAMES}{_RB})(?:{_YSEP}(?P<my>{_YR}))?",
            # "20112020" (dash lost)
            r"(?<!\d)(?P<y8a>\d{4})(?P<y8b>\d{4})(?!\d)",
            # "7/2015", "07-2015", "4.2025"
            rf"(?<![\d/.])(?P<bm>{_M})[/.\-](?P<by>{_Y4})",
            # "30/6" (day/month) or "7/15" (month/two-digit year), decided in code
            r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?!\d)(?![/.\-]\d)",
            # "năm 2016", "2016"
            rf"(?:{_LB}{_W_YEAR}\s*)?(?<!\d)(?P<yr>{_Y4})",
            # a bare Roman numeral: a quarter when it sits next to one ("Quý I, II/2016")
            rf"{_LB}(?P<rom>[il|]{{1,3}}v?)(?![\w|])(?:\s*[/.\-]\s*(?P<ry>{_YR}))?",
            # a bare number: takes the unit of its neighbour ("02-3/2016", "15-20/3/2016")
            r"(?<![\d/.])(?P<num>\d{1,2})(?!\d)",
        ]
    )
    + ")"
)

_SPELLING = {str(k): str(v) for k, v in _V["spelling"].items()}
_SPELLING_RE = re.compile(_LB + "(" + _alt(_SPELLING)[3:-1] + ")" + _RB)
# the shared dash look-alikes, and signs a time range is printed with ("2016 ÷ 2020", "2016 ~ 2020")
_DASHES = str.maketrans({c: "-" for c in DASH_CHARS + "\u00f7~\u223c\u2043"})
_AROUND = re.compile(r"\s+(?=[-/])|(?<=[-/])\s+")  # deleted: "2016 - 2020" -> "2016-2020"
_DOUBLED = re.compile(r"(?<![\w])([^\W\d_]+)(?:\s+\1)+(?![\w])")
_DIGIT = re.compile(r"\d")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# An ordinal ("Kỳ họp thứ 10 (tháng 10/2025)", "lần thứ 2") is never a day or a month.
_ORDINAL = re.compile(r"(?<![\w])thứ\s*\d+(?!\d)")
_DOCNO = re.compile(r"(?<![\w])\d+(?:[/-]\d+)*[/-][a-zđ]{2,}(?:[/-][a-zđ]+)*(?![\w])")
_CLK_H = _alt(_V["clock"]["hour"])
_CLK_M = _alt(_V["clock"]["minute"])
_CLK_P = _alt(_V["clock"]["part_of_day"])
_CLOCK1 = (
    rf"(?:(?<!\d)\d{{1,2}}\s*{_CLK_H}(?![^\W\d_])(?:\s*\d{{1,2}}(?:\s*{_CLK_M}(?![^\W\d_]))?)?"
    rf"|(?<!\d)\d{{1,2}}:\d{{2}}(?!\d))(?:\s*{_CLK_P}{_RB})?"
)
_CLOCK = re.compile(
    rf"(?:{_LB}{_alt(_V['start'])}\s*)?{_CLOCK1}(?:\s*(?:-|{_alt(_V['range_connectors'])})\s*{_CLOCK1})?"
)

# Prefix keywords: one regex, the phrase (folded spaces) tells its category.
_KEYWORDS = {
    re.sub(r"\s+", "", str(p)): cat
    for cat, key in (("after", "after"), ("start", "start"), ("by", "deadline_by"), ("before", "deadline_before"))
    for p in _V[key]
}
_KEYWORD_RE = _words(p for key in ("after", "start", "deadline_by", "deadline_before") for p in _V[key])
_OPEN_END = _words(_V["open_end"])
_NON_DATE = re.compile(r"^\W*" + _alt(_V["non_date"]) + _RB)
_REC = {str(k): str(v) for k, v in _V["recurring"].items()}
_REC_RE = _words(_REC)
_REC_RANK = {"monthly": 3, "quarterly": 2, "yearly": 1, "ongoing": 0}
_FILLER = re.compile(_LB + _alt(_V["filler"]) + r"|\s+")
_RANGE = {re.sub(r"\s+", "", str(c)) for c in _V["range_connectors"]}
_LIST = {re.sub(r"\s+", "", str(c)) for c in _V["list_connectors"]} | {""}

# ---------------------------------------------------------------------------
# Atoms
# ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)  # atoms compare by identity
class _Atom:
    kind: str  # day | month | quarter | year | half | school | num | rom | mod
    start: int
    end: int
    y: int | None = None
    m: int | None = None
    d: int | None = None
    n: int | None = None  # quarter number, bare value, months of a half
    y2: int | None = None  # school year end
    first: bool = True  # half: first N months (else last)
    weak: bool = False  # a month written without a unit word ("2/2016")
    mod: str | None = None
    digits: str = ""  # the bare number as written
    yeared: bool = False  # the year is printed in the text (or inherited from the group)
    defaulted: bool = False
    qualifier: bool = False  # "năm 2016" right after "tháng 7, 8": only lends its year
    range_left: bool = False  # joined to the previous atom by a range connector
    inherited: str = ""  # "right"/"left": where the year came from when not printed here


def _year(s: str | None) -> int | None:
    if not s:
        return None
    v = int(s)
    if len(s) <= 2:
        v += 2000 if v <= _PIVOT else 1900
    return v if _YEAR_MIN <= v <= _YEAR_MAX else None


def _month(s: str) -> int:
    return int(s) if s.isdigit() else _MONTH_NAMES[re.sub(r"\s+", " ", s)]


def _quarter(s: str) -> int | None:
    if s in "234":
        return int(s)
    roman = s.replace("l", "i").replace("1", "i").replace("|", "i")
    return {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(roman)


def _atoms(f: str) -> list[_Atom]:
    out: list[_Atom] = []
    for mt in _ATOM.finditer(f):
        g = mt.groupdict()
        a = _Atom("num", mt.start(), mt.end())
        if g["sy1"]:
            y1, y2 = int(g["sy1"]), g["sy2"]
            y2v = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
            if not (_year(g["sy1"]) and _YEAR_MIN <= y2v <= _YEAR_MAX and y1 < y2v):
                continue
            a.kind, a.y, a.y2 = "school", y1, y2v
        elif g["myw"]:
            a.kind, a.mod = "year", _MODIFIERS[re.sub(r"\s+", " ", g["myw"])]
        elif g["mod"]:
            a.kind, a.mod = "mod", _MODIFIERS[re.sub(r"\s+", " ", g["mod"])]
        elif g["hn"]:
            n = int(g["hn"])
            if not 1 <= n <= 12:
                continue
            a.kind, a.n, a.first, a.y = "half", n, bool(g["hf"]), _year(g["hy"])
        elif g["iy"]:
            a.kind, a.y, a.m, a.d = "day", _year(g["iy"]), int(g["im"]), int(g["id"])
        elif g["dd"]:
            a.kind, a.d, a.m, a.y = "day", int(g["dd"]), int(g["dm"]), _year(g["dy"])
        elif g["wd"]:
            a.kind, a.d, a.m, a.y = "day", int(g["wd"]), _month(g["wm"]), _year(g["wy"])
        elif g["od"]:
            a.kind, a.d = "day", int(g["od"])
        elif g["qn"]:
            q = _quarter(g["qn"])
            if q is None:
                continue
            a.kind, a.n, a.y = "quarter", q, _year(g["qy"])
        elif g["mm"]:
            a.kind, a.m, a.y = "month", _month(g["mm"]), _year(g["my"])
        elif g["y8a"]:
            ya, yb = _year(g["y8a"]), _year(g["y8b"])
            if not (ya and yb and ya <= yb):
                continue
            # two years with the dash lost: emit both, joined by a range
            out.append(_Atom("year", mt.start(), mt.start() + 4, y=ya, yeared=True))
            a.start, a.kind, a.y = mt.start() + 4, "year", yb
        elif g["bm"]:
            a.kind, a.m, a.y, a.weak = "month", int(g["bm"]), _year(g["by"]), True
        elif g["a"]:
            x, z = int(g["a"]), int(g["b"])
            if 1 <= z <= 12 and 1 <= x <= 31:
                a.kind, a.d, a.m = "day", x, z
            elif 1 <= x <= 12 and len(g["b"]) == 2 and _year(g["b"]):
                a.kind, a.m, a.y, a.weak = "month", x, _year(g["b"]), True
            else:
                continue
        elif g["yr"]:
            a.kind, a.y = "year", _year(g["yr"])
            if a.y is None:
                continue
        elif g["rom"]:
            q = _quarter(g["rom"])
            if q is None:
                continue
            a.kind, a.n, a.y = "rom", q, _year(g["ry"])
        else:
            a.kind, a.n, a.digits = "num", int(g["num"]), g["num"]
        # a year group that did not parse ("Quý II/3016") must not pass as "no year"
        for key in ("qy", "my", "wy", "dy", "by", "hy", "ry"):
            if g.get(key) and a.y is None:
                break
        else:
            a.yeared = a.y is not None
            out.append(a)
    return out


# ---------------------------------------------------------------------------
# Grouping and filling
# ---------------------------------------------------------------------------


def _connector(gap: str) -> str:
    g = _FILLER.sub("", gap)
    if g in _RANGE:
        return "range"
    if g in _LIST:
        return "list"
    return "break"


def _groups(f: str, atoms: list[_Atom]) -> list[tuple[list[_Atom], bool]]:
    """Split atoms into groups joined by connectors; apply modifiers. -> [(atoms, has_range)]."""
    groups: list[tuple[list[_Atom], bool]] = []
    cur: list[_Atom] = []
    has_range = False
    pending_mod: _Atom | None = None
    prev: _Atom | None = None
    for a in atoms:
        if a.kind == "mod":
            pending_mod = a
            continue
        if pending_mod is not None:
            if not f[pending_mod.end : a.start].strip():
                a.mod = pending_mod.mod
            pending_mod = None
        if prev is not None:
            gap = f[prev.end : a.start]
            conn = _connector(gap)
            if (
                conn == "list"
                and not gap.strip(" ,")
                and a.kind == "year"
                and prev.kind in ("month", "quarter", "day", "num", "rom", "half")
                and prev.y is None
            ):
                a.qualifier = True  # "tháng 7, 8 năm 2016"
            if conn == "break":
                groups.append((cur, has_range))
                cur, has_range = [], False
            elif conn == "range":
                has_range = True
                a.range_left = True
        cur.append(a)
        prev = a
    if cur:
        groups.append((cur, has_range))
    return groups


def _fill(group: list[_Atom]) -> list[_Atom]:
    """Give bare numbers a unit and missing years/months from the group; drop what stays bare."""
    explicit = [a for a in group if a.kind not in ("num", "rom")]
    units = [a for a in group if not a.qualifier]  # a qualifying year lends its year, not its unit
    has_quarter_word = any(a.kind == "quarter" for a in group)
    if has_quarter_word:
        for a in group:  # "Quý 1, 2/2016": the "2/2016" is a quarter, not February
            if a.kind == "month" and a.weak and a.m is not None and a.m <= 4:
                a.kind, a.n, a.m = "quarter", a.m, None
    for a in group:
        if a.kind == "rom":
            if has_quarter_word:
                a.kind = "quarter"
            continue
        if a.kind != "num":
            continue
        j = units.index(a)
        right = next((b for b in units[j + 1 :] if b.kind not in ("num", "rom")), None)
        left = next((b for b in reversed(units[:j]) if b.kind not in ("num", "rom")), None)
        nb = right or left
        if nb is None:
            continue
        v = a.n or 0
        if nb.kind == "day" and 1 <= v <= 31:
            a.kind, a.d = "day", v
        elif nb.kind == "month" and 1 <= v <= 12:
            a.kind, a.m = "month", v
        elif nb.kind == "quarter" and 1 <= v <= 4:
            a.kind = "quarter"
        elif (
            right is None
            and left is not None
            and left.kind == "year"
            and left.y is not None
            and len(a.digits) == 2
            and a.range_left
        ):
            y = (left.y // 100) * 100 + v  # "2016-20"
            if y > left.y:
                a.kind, a.y, a.yeared = "year", y, True
    kept = [a for a in group if a.kind not in ("num", "rom")]
    if not explicit:
        return []
    # months for days, then years, from the right (the unit is written once, at the end)
    for i, a in enumerate(kept):
        if a.kind == "day" and a.m is None:
            src = next((b for b in kept[i + 1 :] if b.m is not None), None) or next(
                (b for b in reversed(kept[:i]) if b.m is not None), None
            )
            if src is not None:
                a.m, a.y = src.m, a.y if a.y is not None else src.y
                a.yeared = a.yeared or (a.y is not None and src.yeared)
    for i, a in enumerate(kept):
        if a.y is None:
            src = next((b for b in kept[i + 1 :] if b.y is not None), None)
            backward = src is None
            if src is None:
                src = next((b for b in reversed(kept[:i]) if b.y is not None), None)
            if src is not None:
                a.y, a.yeared = src.y, src.yeared
                a.inherited = "left" if backward else "right"
    return kept


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(y: int, m: int) -> int:
    return 29 if m == 2 and calendar.isleap(y) else _MONTH_DAYS[m]


def _interval(a: _Atom) -> tuple[date, date] | None:
    """The first and last day of one atom (its modifier applied)."""
    y = a.y
    if y is None:
        return None
    try:
        if a.kind == "day":
            if a.m is None or a.d is None:
                return None
            d = date(y, a.m, a.d)
            return d, d
        if a.kind == "month":
            assert a.m is not None
            lo, hi = date(y, a.m, 1), date(y, a.m, _last_day(y, a.m))
            if a.mod:
                last = hi.day
                lo_d, hi_d = {
                    "early": (1, 10),
                    "mid": (11, 20),
                    "late": (21, last),
                    "first_week": (1, 7),
                    "last_week": (last - 6, last),
                }[a.mod]
                lo, hi = date(y, a.m, lo_d), date(y, a.m, hi_d)
            return lo, hi
        if a.kind == "quarter":
            assert a.n is not None
            m1 = 3 * a.n - 2
            if a.mod in ("early", "mid", "late"):
                m = m1 + {"early": 0, "mid": 1, "late": 2}[a.mod]
                return date(y, m, 1), date(y, m, _last_day(y, m))
            return date(y, m1, 1), date(y, m1 + 2, _last_day(y, m1 + 2))
        if a.kind == "year":
            if a.mod == "early":
                return date(y, 1, 1), date(y, 3, 31)
            if a.mod == "mid":
                return date(y, 6, 1), date(y, 7, 31)
            if a.mod == "late":
                return date(y, 10, 1), date(y, 12, 31)
            return date(y, 1, 1), date(y, 12, 31)
        if a.kind == "half":
            assert a.n is not None
            if a.first:
                return date(y, 1, 1), date(y, a.n, _last_day(y, a.n))
            return date(y, 13 - a.n, 1), date(y, 12, 31)
        if a.kind == "school":
            assert a.y2 is not None
            return date(y, 9, 1), date(a.y2, 5, 31)
    except ValueError:  # 31/2, 29/2 of a common year
        return None
    return None


# ---------------------------------------------------------------------------
# The whole cell
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Parsed:  # cached: never mutated
    text: str
    kind: str  # interval | deadline | start | none
    lo: date | None = None
    hi: date | None = None
    recurring: str | None = None
    first: tuple[date, date] | None = None  # unit of the earliest atom
    last: tuple[date, date] | None = None  # unit of the latest atom
    multi: bool = False
    missing_year: bool = False  # a date lacked its year (default_year used, or dropped)


def _fold(s: str) -> str:
    f = s.lower().translate(_DASHES)
    f = _SPELLING_RE.sub(_spell, f)
    if "-" in f or "/" in f:
        f = _AROUND.sub("", f)
    if _DOUBLED.search(f):
        f = _DOUBLED.sub(_first_group, f)
    if _DIGIT.search(f):  # document numbers and clock times need digits
        f = _DOCNO.sub(" ", f)
        f = _CLOCK.sub(" ", f)
        f = _ORDINAL.sub(" ", f)
    return f


def _spell(m: re.Match[str]) -> str:
    return _SPELLING[re.sub(r"\s+", " ", m.group(1))]


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


def _recurrence(f: str) -> str | None:
    best = None
    for m in _REC_RE.finditer(f):
        r = _REC[re.sub(r"\s+", " ", m.group(1))]
        if best is None or _REC_RANK[r] > _REC_RANK[best]:
            best = r
    return best


def _closest(prefix: str) -> str | None:
    """The prefix keyword nearest the first date wins ("Từ nay đến năm 2020" is a deadline)."""
    last = None
    for m in _KEYWORD_RE.finditer(prefix):
        last = m
    return _KEYWORDS[re.sub(r"\s+", "", last.group(1))] if last else None


def _resolve(
    f: str, default_year: int | None, recurring: str | None
) -> tuple[list[tuple[_Atom, tuple[date, date]]], bool, bool]:
    """-> ((atom, interval) in text order, some group is a range, some date lacked its year)."""
    atoms = _atoms(f)
    resolved: list[tuple[_Atom, tuple[date, date]]] = []
    any_range = False
    missing = False
    for group, has_range in _groups(f, atoms):
        kept = _fill(group)
        any_range = any_range or (has_range and len(kept) > 1)
        items: list[tuple[_Atom, tuple[date, date]]] = []
        for a in kept:
            if a.y is None and a.kind != "school":
                missing = True
                if recurring or default_year is None:
                    continue  # "Tháng 12 hằng năm": no year on purpose
                a.y, a.defaulted = default_year, True
            if recurring and not a.yeared:
                continue
            iv = _interval(a)
            if iv is not None:
                items.append((a, iv))
        # a range across New Year with the year printed once: "tháng 11-2/2017" (left end
        # took the right's year) or "tháng 12/2016 - tháng 1" (right end took the left's)
        for i in range(1, len(items)):
            (a, iv), (b, jv) = items[i - 1], items[i]
            if iv[0] <= jv[1] or not b.range_left:
                continue
            fix, k = (a, i - 1) if a.inherited == "right" else (b, i) if b.inherited == "left" else (None, 0)
            if fix is not None and fix.y:
                fix.y += -1 if fix is a else 1
                new = _interval(fix)
                if new is not None:
                    items[k] = (fix, new)
        resolved.extend((a, iv) for a, iv in items if not a.qualifier)
    return resolved, any_range, missing


def _parse_folded(text: str, f: str, default_year: int | None) -> _Parsed:
    recurring = _recurrence(f)
    if _NON_DATE.match(f):
        return _Parsed(text, "none", recurring=recurring)
    resolved, any_range, missing = _resolve(f, default_year, recurring)
    if not resolved:
        return _Parsed(text, "none", recurring=recurring, missing_year=missing)
    first = last = resolved[0][1]
    for _, iv in resolved:
        if iv[0] < first[0]:
            first = iv
        if iv[1] > last[1]:
            last = iv
    lo, hi = first[0], last[1]
    multi = len(resolved) > 1
    head_atom = resolved[0][0]
    prefix = f[: head_atom.start]
    suffix = f[resolved[-1][0].end :]
    kw = _closest(prefix) if prefix.strip() else None
    common = {"recurring": recurring, "first": first, "last": last, "multi": multi, "missing_year": missing}
    if kw == "before":
        a, iv = resolved[0]
        to = iv[1] if a.kind == "day" else iv[0] - timedelta(days=1)
        return _Parsed(text, "deadline", None, to, **common)
    if kw == "by":
        return _Parsed(text, "deadline", None, hi, **common)
    if kw == "after":
        return _Parsed(text, "start", resolved[0][1][1] + timedelta(days=1), None, **common)
    if (kw == "start" and not any_range) or (suffix.strip() and _OPEN_END.search(suffix)):
        return _Parsed(text, "start", lo, None, **common)
    return _Parsed(text, "interval", lo, hi, **common)


def _parse_clean(text: str, default_year: int | None) -> _Parsed:
    f = _fold(text)
    bare = _PARENS.sub(" ", f)  # remarks "(trình HĐND …)" are not dates
    p = _parse_folded(text, bare, default_year)
    if p.kind == "none" and p.recurring is None and bare != f:
        # the date itself was in parentheses: "(Giai đoạn: 2021-2025)"
        p2 = _parse_folded(text, f.replace("(", " ").replace(")", " "), default_year)
        if p2.kind != "none" or p2.recurring:
            return p2
    return p


class _Result(NamedTuple):
    """A parsed cell with ISO strings, as cached."""

    text: str
    kind: str
    lo: str | None
    hi: str | None
    recurring: str | None
    first: tuple[str, str] | None
    last: tuple[str, str] | None
    multi: bool
    missing_year: bool


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _iso2(iv: tuple[date, date] | None) -> tuple[str, str] | None:
    return (iv[0].isoformat(), iv[1].isoformat()) if iv else None


@functools.lru_cache(maxsize=65536)
def _parse(raw: str, default_year: int | None) -> _Result | None:
    """The cached parse of a raw cell (cleaning included); None for an empty cell."""
    text = clean_text(raw)
    if not text:
        return None
    p = _parse_clean(text, default_year)
    return _Result(
        text, p.kind, _iso(p.lo), _iso(p.hi), p.recurring, _iso2(p.first), _iso2(p.last), p.multi, p.missing_year
    )


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def parse_time(text: str | None, *, default_year: int | None = None) -> Time | None:
    """Parse one time cell. None for an empty cell; unparseable text → Time(text, None, None).

    ``default_year`` completes a date printed without its year ("ngày 23 tháng 1",
    "tháng 7"); :func:`needs_year` tells the caller when that happened.
    """
    p = _parse(text, default_year) if text else None
    if p is None:
        return None
    return Time(p.text, p.lo, p.hi, p.recurring)


def split_period(
    text: str | None, *, default_year: int | None = None
) -> tuple[Time | None, Time | None]:
    """Split a single "Thời gian thực hiện" cell into (start, end).

    * a range or list (``2016-2020``, ``Từ tháng 2/2016 đến tháng 3/2016``, ``Quý III, IV/2017``):
      start = the first unit, end = the last unit (``2016-01-01..2016-12-31``,
      ``2020-01-01..2020-12-31``);
    * a single point, a deadline, a school year, a half year: ``(None, point)``;
    * an open start (``Từ năm 2016``, ``Năm 2018 và các năm tiếp theo``): start = the first unit,
      end = ``from`` the start with ``to`` null (the end lies somewhere after it);
    * recurring / unparseable: ``(None, Time(text, None, None, recurring))``.

    Both halves carry the whole cell text.
    """
    p = _parse(text, default_year) if text else None
    if p is None:
        return None, None
    if p.kind == "none":
        return None, Time(p.text, None, None, p.recurring)
    if p.kind == "start":
        assert p.first is not None
        # "Sau tháng 6/2016" starts after its unit: the start is open too
        start = Time(p.text, *p.first, p.recurring) if p.first[0] == p.lo else Time(p.text, p.lo, None, p.recurring)
        return start, Time(p.text, p.lo, None, p.recurring)
    if p.kind == "interval" and p.multi:
        assert p.first is not None and p.last is not None
        return Time(p.text, *p.first, p.recurring), Time(p.text, *p.last, p.recurring)
    return None, Time(p.text, p.lo, p.hi, p.recurring)


def needs_year(text: str | None) -> bool:
    """True when the cell gives a day/month or month without a year ("ngày 23 tháng 1").

    With ``default_year`` the parser fills that year in silently; the caller flags it.
    Recurring cells ("Tháng 12 hằng năm") lack a year on purpose and are not counted.
    """
    p = _parse(text, None) if text else None
    return p is not None and p.missing_year and p.recurring is None


_HINT_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def year_hint(text: str | None) -> int | None:
    """The one year printed in a column header ("Thời gian (Năm 2026)" → 2026), else None."""
    if not text:
        return None
    years = {y for y in (_year(m.group(0)) for m in _HINT_YEAR.finditer(text)) if y}
    return years.pop() if len(years) == 1 else None
