"""The header block: issuer | quốc hiệu, number | place and date, and the type line under them."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import regex

from phuluc.extract.text_keys import DASHES
from phuluc.normalize.metadata.lines import WS, Line, body_case, cap, caps_runs, place_name
from phuluc.normalize.metadata.vocabulary import (
    CODES,
    DATE_NUM,
    DATE_WORDS,
    GAZETTE,
    KIND_RE,
    LOCAL_UNIT,
    MARKS,
    NUMBER,
    NUMBER_LABEL,
    PARTY_MOTTO,
    QUOC_HIEU,
    TIEU_NGU,
    UNIT_LOWER,
)

# How far down the document each part of the header is looked for (lines): the number is
# printed in the first few lines, the type line within the first page, and a header without
# a type line is taken to end after this many lines.
NUMBER_WINDOW = 12
TYPE_LINE_WINDOW = 60
HEADER_WITHOUT_TYPE_LINE = 20


def number_at(s: str) -> regex.Match | None:
    """ "Số: …" (possibly blank in a draft) or "Số 983-QĐ/TU" without the colon."""
    return NUMBER_LABEL.search(s) or NUMBER.search(s)


def norm_number(sym: str) -> str:
    return WS.sub("", sym.translate(DASHES))


def code_kind(number: str | None) -> str | None:
    """The kind named by the type code of a number ("26/CTr-UBND" → "Chương trình")."""
    if not number:
        return None
    m = regex.match(r"\d+[a-z]?-(?P<t>\p{L}+)/", number)  # Party: 983-QĐ/TU
    if not m:
        m = regex.match(r"\d+[a-z]?/(?:\d{4}/)?(?P<t>\p{L}+)-", number)
    if m:
        return CODES.get(m.group("t").upper())
    m = regex.match(r"\d+[a-z]?/(?:\d{4}/)?(?P<t>\p{L}+)$", number)  # hyphen lost: 1961/QĐUBND
    if m:
        t = m.group("t").upper()
        for code in sorted(CODES, key=len, reverse=True):
            if t.startswith(code) and len(t) > len(code):
                return CODES[code]
    return None


def _iso(d: str | None, m: str | None, y: str | None) -> str | None:
    if not (d and m and y):
        return None
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def date_in(s: str) -> tuple[str | None, regex.Match | None]:
    m = DATE_WORDS.search(s) or DATE_NUM.search(s)
    if not m:
        return None, None
    return _iso(m.group("d"), m.group("m"), m.group("y")), m


def kind_at(text: str, start: int = 0) -> regex.Match | None:
    """The type name at ``start`` of ``text`` when followed by end of line or a title."""
    m = KIND_RE.match(text, start)
    if not m:
        return None
    rest = m.group("rest")
    # "KẾ HOẠCH" alone, or followed by the trích yếu (sentence case or capitals).
    if rest and not regex.match(r"[\p{Lu}\d(]", rest):
        return None
    return m


@dataclass
class TypeLine:
    index: int | None  # the line holding the type name, None when there is none
    match: regex.Match | None


def find_type_line(lines: list[Line]) -> TypeLine:
    """The first type name in capitals at a line start, or right after the date of a one-line
    header; where a "Số:" line exists the type line comes after it."""
    num_idx = next((k for k, ln in enumerate(lines[:NUMBER_WINDOW])
                    if number_at(ln.norm) and not GAZETTE.match(ln.norm)), None)
    for k, ln in enumerate(lines[:TYPE_LINE_WINDOW]):
        if (num_idx is not None and k < num_idx) or ln.sep:
            continue
        m = kind_at(ln.norm)
        if m is None:
            _, dm = date_in(ln.norm)
            if dm:
                m = kind_at(ln.norm, dm.end() + len(regex.match(r"\s*", ln.norm[dm.end():]).group(0)))
        if m is not None:
            return TypeLine(k, m)
    return TypeLine(None, None)


def header_texts(lines: list[Line], tl: TypeLine) -> list[str]:
    """Lines before the type line, plus the part of the type line before the type name."""
    end = tl.index if tl.index is not None else min(len(lines), HEADER_WITHOUT_TYPE_LINE)
    out: list[str] = []
    for k in range(end + (1 if tl.match is not None else 0)):
        ln = lines[k]
        if ln.sep or GAZETTE.match(ln.norm):
            continue
        out.append(ln.norm[: tl.match.start()] if k == tl.index and tl.match is not None else ln.norm)
    return out


def header_number(header: list[str]) -> str | None:
    for h in header:
        m = NUMBER.search(h)
        if m:
            return norm_number(m.group("sym"))
    return None


def place_and_date(header: list[str]) -> tuple[str | None, str | None]:
    """The place is the capitalised words just before ", ngày" (after the number, if on one line)."""
    for h in header:
        date, dm = date_in(h)
        if dm is None:
            continue
        place: list[str] = []
        for w in reversed(h[: dm.start()].rstrip(" ,").split(" ")):
            if regex.match(r"\p{Lu}", w) and not regex.search(r"\d|/|:", w) and len(place) < 5:
                place.insert(0, w)
            elif w == "-" and place:
                place.insert(0, w)
            else:
                break
        while place and place[0] == "-":
            place.pop(0)
        if place:
            return place_name(" ".join(place)), date
    return None, None


# ---------------------------------------------------------------------------
# Issuer
# ---------------------------------------------------------------------------


def issuer_segments(header: list[str]) -> list[str]:
    """Capitals before "Số:" (or before the date line), without quốc hiệu, tiêu ngữ and marks."""
    segments: list[str] = []
    for h in header:
        stop = number_at(h)
        _, dm = date_in(h)
        cut = min([x for x in (stop.start() if stop else None, dm.start() if dm else None) if x is not None],
                  default=len(h))
        part = h[:cut]
        for rx in (QUOC_HIEU, TIEU_NGU, PARTY_MOTTO, MARKS):
            part = rx.sub("\x01", part)
        for piece in part.split("\x01"):
            segments += caps_runs(piece.strip())
        if stop or dm:
            break
    return segments


def _expand_abbrev(s: str) -> str:
    s = regex.sub(r"(?<![\p{L}])UBND(?![\p{L}])", "ỦY BAN NHÂN DÂN", s)
    s = regex.sub(r"(?<![\p{L}])HĐND(?![\p{L}])", "HỘI ĐỒNG NHÂN DÂN", s)
    return s.replace("UỶ", "ỦY").replace("Uỷ", "Ủy")


def _split_local(entity: str) -> tuple[str, str | None, str | None]:
    """"ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" → ("ỦY BAN NHÂN DÂN", "tỉnh", "Sóc Trăng")."""
    m = LOCAL_UNIT.search(entity)
    if not m or not entity[: m.start()].strip():
        return entity, None, None
    unit = UNIT_LOWER[WS.sub(" ", m.group("unit")).replace("TP .", "TP.")]
    return entity[: m.start()].strip(), unit, place_name(m.group("name"))


_PARTY_HEAD = regex.compile(r"^(?P<head>TỈNH|THÀNH|HUYỆN|THỊ|QUẬN)\s+(?:ỦY|UỶ)\s+(?P<name>\S.*)$")


def _entity_name(entity: str, parent_local: tuple[str, str] | None = None) -> str:
    m = _PARTY_HEAD.match(entity)
    if m:  # "TỈNH ỦY LẠNG SƠN" → "Tỉnh ủy Lạng Sơn": a party committee and its place
        return f"{m.group('head').capitalize()} ủy {place_name(m.group('name'))}"
    org, unit, place = _split_local(entity)
    name = body_case(org)
    if unit and place:
        return f"{name} {unit} {place}"
    if parent_local and regex.match(r"(?:Tỉnh|Thành|Huyện) ủy$", name):
        return f"{name} {parent_local[1]}"  # ĐẢNG BỘ TỈNH X / TỈNH ỦY → Tỉnh ủy X
    if parent_local and not name.startswith(("Chính phủ", "Bộ ", "Quốc hội", "Thủ tướng")):
        return f"{name} {parent_local[0]} {parent_local[1]}"  # UBND TỈNH X / SỞ Y → Sở Y tỉnh X
    return name


# ("ỦY BAN THƯỜNG VỤ" / "QUỐC HỘI": the National Assembly's Standing Committee over two lines)
_INCOMPLETE_END = regex.compile(r"(?:ỦY\s+BAN(?:\s+NHÂN|\s+THƯỜNG\s+VỤ)?|HỘI\s+ĐỒNG(?:\s+NHÂN)?|VÀ|,|-|&)$")


def _entities(segments: list[str]) -> list[str]:
    """Header capitals grouped into bodies: a unit line or a broken name joins the line above."""
    entities: list[str] = []
    for seg in segments:
        seg = _expand_abbrev(seg).strip(" ,;:")
        if not seg or not regex.search(r"\p{L}{2}", seg):
            continue
        joins = entities and (
            (LOCAL_UNIT.match(seg) and not regex.match(r"(?:TỈNH|THÀNH|HUYỆN)\s+ỦY\b", seg))
            or _INCOMPLETE_END.search(entities[-1])
            or regex.match(r"(?:DÂN|VÀ)\b", seg)
        )
        if joins:
            entities[-1] = f"{entities[-1]} {seg}"
        else:
            entities.append(seg)
    return entities


def issuer_from_caps(segments: list[str]) -> tuple[str | None, bool]:
    """Issuer from the left header column; returns (name, has_locality_or_is_national)."""
    entities = _entities(segments)
    if not entities:
        return None, False
    parent_local = None
    for e in entities[:-1]:
        _, unit, place = _split_local(e)
        if unit and place:
            parent_local = (unit, place)
    last = entities[-1]
    if len(entities) > 1 and WS.sub(" ", last) == "VĂN PHÒNG":
        # "UBND TỈNH X / VĂN PHÒNG": the office of the body above it.
        return "Văn phòng " + _entity_name(entities[-2]), True
    name = _entity_name(last, parent_local)
    complete = bool(_split_local(last)[1] or parent_local) or not name.startswith(
        ("Ủy ban nhân dân", "Hội đồng nhân dân", "Tỉnh ủy", "Thành ủy", "Huyện ủy")
    )
    return name, complete


def kind_name(tl: TypeLine) -> str | None:
    return cap(WS.sub(" ", tl.match.group("k"))) if tl.match is not None else None
