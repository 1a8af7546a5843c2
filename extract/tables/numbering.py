"""Row numbers: section labels (I, II, A, Phần I), task numbers (1, 1.3, 1.3.2),
letter items (a, b) and bullet items (-, +)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from phuluc.extract.tables.cells import plain

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SECTION = re.compile(rf"^(?P<part>PHẦN|Phần|phần)?\s*(?P<label>{_ROMAN}|[A-HJ-UWYZĐ])\s*[.:)/-]?$")
_SECTION_WITH_TITLE = re.compile(
    rf"^(?:(?P<part>PHẦN|Phần)\s+)?(?P<label>(?!\s){_ROMAN}|[A-HJ-UWYZĐ])\s*[.:)/-]?\s+(?P<title>\S.*)$"
)
_NUMBER = re.compile(r"^(?P<n>\d{1,3}(?:\s*\.\s*\d{1,3})*)\s*[.):]?$")
_LETTER = re.compile(r"^\(?(?P<l>[a-zđ])\s*[.)]$|^(?P<l2>[a-zđ])$")
_BULLET = re.compile(r"^[-+•–]$")
_SPACES = re.compile(r"\s+")


@dataclass
class Number:
    kind: str  # section | number | letter | bullet | none
    label: str = ""  # "II", "1.3", "a", "-"
    title: str = ""  # a section row's title when printed in the number cell
    level: int = 0  # depth of a dotted number
    rank: int = 0  # a section's depth: 0 "Phần I", 1 "A", 2 "I" (an outer rank contains inner ones)


def parse_number(cell: str) -> Number:
    t = plain(cell)
    if not t:
        return Number("none")
    m = _NUMBER.match(t)
    if m:
        label = _SPACES.sub("", m.group("n"))
        return Number("number", label, level=label.count(".") + 1)
    m = _LETTER.match(t)
    if m:
        return Number("letter", m.group("l") or m.group("l2"))
    if _BULLET.match(t):
        return Number("bullet", "-" if t != "+" else "+")
    m = _SECTION.match(t) or _SECTION_WITH_TITLE.match(t)
    if m and m.group("label"):
        label = m.group("label")
        rank = 0 if m.group("part") else 2 if is_roman(label) else 1
        title = m.groupdict().get("title") or ""
        return Number("section", label, title=title.strip(), rank=rank)
    return Number("other", t)


def is_roman(label: str) -> bool:
    return bool(label) and bool(re.fullmatch(_ROMAN, label))
