"""Named local bodies: a kind of body, a level of local government, a proper name.

"UBND huyện Cư Jút" -> "Ủy ban nhân dân huyện Cư Jút", "Trung tâm Y tế TX. Buôn Hồ" ->
"Trung tâm Y tế thị xã Buôn Hồ" (output-format.md, Agencies: a body of a named unit keeps its
unit and its name). The gazetteer lists the *vocabulary* (levels and their abbreviations, kinds
of body and theirs, the head words of body names), never the districts themselves: the proper
name is kept as written, and only the kind and the level are spelt out.

A kind is named canonically from the kinds list, else from a provincial body of the gazetteer
("CA" -> "Công an tỉnh" -> "Công an", "Phòng GD&ĐT" -> "Phòng Giáo dục và Đào tạo cấp huyện"),
else kept as written when it starts with a head word ("Trung tâm Văn hóa - Thể thao").
"""

from __future__ import annotations

from functools import lru_cache

import regex as re

from phuluc.extract.text_keys import fold_key
from phuluc.normalize.agency_keys import keys, unacc
from phuluc.normalize.gazetteer import Gazetteer, Hit

# Name endings of gazetteer bodies that stand for "this kind, at that level": their stem is the kind.
_LEVEL_SUFFIXES = (" tỉnh", " cấp huyện", " cấp xã")
_NO_STEM_KINDS = {"collective", "ministry"}
_WORD = r"[\p{Lu}\d][\p{L}\p{M}\d'’]*"
_NAME = rf"{_WORD}(?:(?:[ \t]+|[ \t]*-[ \t]*){_WORD})*"  # within a line
_PROVINCE_LEVELS = {"tỉnh", "thành phố"}


class _Vocab:
    """The named-body vocabulary of one gazetteer, compiled."""

    def __init__(self, g: Gazetteer) -> None:
        self.level_of: dict[str, str] = {}
        full: list[str] = []
        short: list[str] = []
        for t in g.levels:
            self.level_of[fold_key(t.name)] = t.name
            full.append(t.name)
            for v in t.variants:
                self.level_of[v.replace(" ", "")] = t.name
                short.append(v)
        self.level_words = {w for t in g.levels for w in fold_key(t.name).split()}
        folded = sorted((fold_key(t.name) for t in g.levels), key=len, reverse=True)
        self.level_word = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(x) for x in folded) or '(?!)'})(?!\w)")
        alts_full = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in sorted(full, key=len, reverse=True))
        alts_short = "|".join(re.escape(x) for x in sorted(short, key=len, reverse=True))
        # a full level word in any case; an abbreviation as listed ("TP." "Tp" "H."), then the name
        self.at = re.compile(
            rf"(?<![\p{{L}}\d])(?:(?i:các)\s+)?(?P<level>(?i:{alts_full})|{alts_short or '(?!)'})"
            rf"(?:\s*:\s*|\s+|(?<=\.)\s*)(?P<name>{_NAME})"
        )
        # cheap test first: a level followed by what may start a name
        self.maybe = re.compile(rf"(?:(?i:{alts_full})|{alts_short or '(?!)'})(?:\s*:\s*|\s+|(?<=\.)\s*)[\p{{Lu}}\d]")
        self.kinds: dict[str, str] = {}
        for t in g.kinds:
            for v in (t.name, *t.variants):
                for k in keys(v):
                    self.kinds.setdefault(unacc(k), t.name)
        self.heads = tuple(sorted({fold_key(h) for h in g.heads}, key=len, reverse=True))
        self.committee_of = {fold_key(v): t.name for t in g.committees for v in (t.name, *t.variants)}
        alts = "|".join(re.escape(x).replace(r"\ ", r"\s+")
                        for x in sorted((v for t in g.committees for v in (t.name, *t.variants)), key=len, reverse=True))
        self.committee = re.compile(rf"^(?P<c>(?i:{alts or '(?!)'}))\s+(?P<name>{_NAME})$")


@lru_cache(maxsize=8)
def _vocab(g: Gazetteer) -> _Vocab:
    return _Vocab(g)


_BARE_NAME = re.compile(rf"^{_NAME}$")


def bare_unit_name(g: Gazetteer, text: str) -> bool:
    """A proper name standing alone ("Đạ Mrông" after "UBND huyện A,"): it takes the unit before it."""
    if not _BARE_NAME.match(text) or g.place_of(text):
        return False
    v = _vocab(g)
    k = fold_key(text)
    words = k.split()
    return not any(w in v.level_words for w in words) and not any(k == h or k.startswith(h + " ") for h in v.heads)


def named_levels(g: Gazetteer, text: str) -> set[str]:
    """Levels of ``text`` that introduce a proper name ("huyện" in "UBND huyện Lâm Hà")."""
    v = _vocab(g)
    return {_level(v, m.group("level")) for m in v.at.finditer(text, overlapped=True) if text[: m.start()].strip()}


def level_marks(g: Gazetteer, text: str) -> set[str]:
    """Level words written in ``text`` ("huyện", "thị xã", "TP." as "thành phố")."""
    v = _vocab(g)
    found = named_levels(g, text)
    found.update(v.level_of[w] for w in v.level_word.findall(fold_key(text), overlapped=True))
    return found


def _level(v: _Vocab, written: str) -> str:
    return v.level_of.get(fold_key(written)) or v.level_of.get(written.replace(" ", ""), written)


def _stem(g: Gazetteer, kind_text: str) -> str | None:
    """The kind named by a provincial or district body of the gazetteer ("CA" -> "Công an")."""
    for suffix in ("", *_LEVEL_SUFFIXES):
        idx = g.find(keys(kind_text + suffix), None)
        if idx is None:
            continue
        e = g.entries[idx]
        if e.kind in _NO_STEM_KINDS:
            continue
        for end in _LEVEL_SUFFIXES:
            if e.name.endswith(end):
                return e.name[: -len(end)]
    return None


_JOIN = re.compile(r"\s+và\s+|\s*[,;/&+\n]\s*|\s+-\s+", re.I)


def _starts_body(v: _Vocab, text: str) -> bool:
    text = text.strip(" \t\n-–—+•*·.,;:")
    k = fold_key(text)
    if any(k == h or k.startswith(h + " ") for h in v.heads):
        return True
    u = unacc(keys(text)[0]) if keys(text) else ""
    return any(u == kk or u.startswith(kk + " ") for kk in v.kinds)


def _headed(v: _Vocab, kind_text: str) -> str | None:
    """A kind not listed but shaped like a body's name ("Trung tâm Văn hóa - Thể thao"), as written."""
    k = fold_key(kind_text)
    if not any(k == h or k.startswith(h + " ") for h in v.heads):
        return None
    if any(_starts_body(v, kind_text[m.end():]) for m in _JOIN.finditer(kind_text)):
        return None  # "Phòng Tài chính và UBND": two bodies, not one kind
    return " ".join(kind_text.split())


def kind_name(g: Gazetteer, kind_text: str) -> str | None:
    """Canonical name of a kind of body written ``kind_text``, or None if it names no kind."""
    v = _vocab(g)
    for k in keys(kind_text):
        got = v.kinds.get(unacc(k))
        if got:
            return got
    return _stem(g, kind_text) or _headed(v, kind_text)


_UNIT_WORD = re.compile(r"^\s*(?:tỉnh|thành\s+phố|tp\s*\.?)\s*", re.I)


def _province_level(g: Gazetteer, level: str, name: str, place: str | None) -> bool:
    """"UBND tỉnh X" of the document's own province: the provincial body, not a named one."""
    if level not in _PROVINCE_LEVELS:
        return False
    province = g.place_of(name)
    if place:
        place = _UNIT_WORD.sub("", place)
    own = g.place_of(place) or " ".join(place.split()) if place else None
    if province:
        return own is None or own == province
    return level == "tỉnh" and own is not None and keys(own)[0] == keys(name)[0]


_NAME_WORDS = re.compile(r"[ \t]+|[ \t]*-[ \t]*")
_NAME_PARTS = re.compile(r"[ \t]*-[ \t]*")


def _valid_name(v: _Vocab, name: str, rest: str) -> bool:
    words = [w for w in _NAME_WORDS.split(name) if w]
    if any(fold_key(w) in v.level_words for w in words):  # "XÃ HỘI HUYỆN …" in capitals: a later level
        return False
    if any(unacc(fold_key(w)) in v.kinds for w in words):  # "A - UBND": the next body, not the name
        return False
    if any(_starts_body(v, part) for part in _NAME_PARTS.split(name)[1:]):
        return False
    rest = rest.strip()
    while rest:  # "xã A huyện B tỉnh C": a chain of units, kept as written
        m = v.at.match(rest)
        if not m:
            return False
        rest = rest[m.end():].strip()
    return True


def _committee(v: _Vocab, text: str) -> Hit | None:
    """"Huyện ủy X", "Thành đoàn X": a body whose name holds its level."""
    m = v.committee.match(text)
    if not m or any(fold_key(w) in v.level_words for w in m.group("name").split()):
        return None
    head = v.committee_of[fold_key(m.group("c"))]
    canonical = f"{head} {m.group('name')}"
    return Hit(canonical, True, canonical, None, head)


def _unit_in(v: _Vocab, kind_text: str) -> bool:
    """A named unit inside the kind's text: two bodies, not one (in capitals this cannot be told)."""
    return any(not m.group("name").isupper() for m in v.at.finditer(kind_text, overlapped=True))


@lru_cache(maxsize=65536)
def named_body(g: Gazetteer, text: str, place: str | None) -> Hit | None:
    """The canonical named body written ``text`` (one piece, cleaned), or None."""
    v = _vocab(g)
    committee = _committee(v, text)
    if committee is not None:
        return committee
    if not v.maybe.search(text):
        return None
    for m in v.at.finditer(text, overlapped=True):
        kind_text = text[: m.start()].strip(" ,:-")
        name, rest = m.group("name"), text[m.end():]
        if not kind_text or _unit_in(v, kind_text) or not _valid_name(v, name, rest):
            continue
        level = _level(v, m.group("level"))
        if _province_level(g, level, name, place):
            return None
        kind = kind_name(g, kind_text)
        if kind is None:
            return None
        tail = " ".join(text[m.start("name"):].split())
        tail = v.at.sub(lambda x: f"{_level(v, x.group('level'))} {x.group('name')}", tail)
        canonical = f"{kind} {level} {tail}"
        return Hit(canonical, True, canonical, None, f"{kind} {level}")
    return None
