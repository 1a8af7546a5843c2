"""Agency cells ("Đơn vị chủ trì / phối hợp"): split into bodies and name each canonically.

The gazetteer is data (normalize/gazetteer.py, normalize/data/agencies.yaml); this module is the
generic matcher:

1. the cell is cut into atoms (normalize/agency_keys.py);
2. greedy longest match of atom spans against the gazetteer (exact keys: case, tone placement,
   accents, spaces and abbreviation joiners folded), named local bodies ("UBND huyện Cư Jút",
   normalize/named_bodies.py), bare names after a factored "Sở"/"Bộ" ("Sở Tư pháp, Nội vụ")
   and a small grammar for collective phrases ("Các sở, ngành, ...");
3. atoms left over are joined across "và"/dash unless both sides are bodies, then tried with a
   bounded fuzzy match (rapidfuzz) that never crosses the head word ("Sở" vs "Bộ"), never
   replaces a real word by another ("Nội vụ" vs "Ngoại vụ") and never drops a proper name or a
   level word ("Trung tâm Khuyến nông Lâm Hà" is not "Trung tâm Khuyến nông tỉnh");
4. a phrase is kept whole: a cell is only split where every part is a body or a collective
   ("các viện, trường đại học, tổ chức khoa học" is one item);
5. what is still unknown is kept as written, with ``known=False``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex as re

from phuluc.extract.text_keys import fold_key
from phuluc.normalize.agency_keys import COND, HARD, TRIM, clean_cell, keys, loose, tokenize, unacc
from phuluc.normalize.gazetteer import Gazetteer, Hit, default_gazetteer, one_edit
from phuluc.normalize.named_bodies import bare_unit_name, level_marks, named_body, named_levels

__all__ = ["Agency", "canonical_agency", "parse_agencies", "split_agencies"]


@dataclass(frozen=True)
class Agency:
    text: str  # the piece as written (cleaned)
    name: str  # canonical name (or the cleaned text when unknown)
    known: bool  # False -> caller warns "unknown-agency"
    successor: str  # body holding the remit today (2025 mergers); == name when nothing changed or unknown


# ---------------------------------------------------------------------------
# Resolving one piece
# ---------------------------------------------------------------------------

_PARENS = re.compile(r"\s*\([^()]*\)")
_OPEN_PAREN = re.compile(r"\s*\([^)]*$")
_NUMBERING = re.compile(r"^(?:\d{1,2}|[a-zđ])[.)]\s+", re.I)
_ROLE = re.compile(
    r"^(?:(?:phó\s+)?(?:giám\s+đốc|chủ\s+tịch|trưởng\s+ban|thủ\s+trưởng|lãnh\s+đạo|đại\s+diện|"
    r"chánh\s+văn\s+phòng|chánh\s+thanh\s+tra|bộ\s+trưởng|thứ\s+trưởng|người\s+đứng\s+đầu|"
    r"tổng\s+giám\s+đốc|cục\s+trưởng|chi\s+cục\s+trưởng|ban\s+giám\s+đốc|ban\s+lãnh\s+đạo)\s+)+",
    re.I,
)
# What every _ROLE match starts with (a case-insensitive letter of its first words): a piece
# starting otherwise has no role to take off.
_ROLE_FIRST = frozenset("pgctlđbnPGCTLĐBN")
# "Các Sở: Tài chính, Xây dựng", "Sở: …", and without the colon after "các": "Các Sở Tài chính, Xây dựng"
_FACTORED = re.compile(r"^(?:các\s+(sở|bộ)\s*:?|(sở|bộ)\s*:)\s*(\p{L}.*)$", re.I)
_EXACT, _PATTERNS, _FUZZY = 0, 1, 2  # look-up levels: gazetteer keys; + name shapes; + typos


# The work words around a body in a cell: "Sở X chủ trì", "phối hợp với Sở Y".
_ROLE_WORDS = re.compile(r"^(?:phối\s+hợp(?:\s+với)?|cùng\s+với)\s+(?=\S)|(?<=\S)\s+(?:chủ\s+trì|phối\s+hợp)$", re.I)


_STRIP_CHARS = TRIM + "\"'“”"
_NUMBER_ENDS = frozenset(".)")


def _strip(s: str) -> str:
    """The body without its parentheticals, numbering, work words and stray punctuation."""
    if "(" in s:  # most pieces have no parenthetical: skip the regexes
        prev = None
        while prev != s:
            prev, s = s, _PARENS.sub("", s)
        s = _OPEN_PAREN.sub("", s)
    s = s.strip(_STRIP_CHARS)
    if s[1:2] in _NUMBER_ENDS or s[2:3] in _NUMBER_ENDS:  # "1. ", "a) ": the only shapes numbering takes
        s = _NUMBERING.sub("", s).strip(_STRIP_CHARS)
    low = s.lower()
    if "phối" in low or "cùng" in low or "chủ" in low:  # the only words _ROLE_WORDS can take off
        s = _ROLE_WORDS.sub("", s)
    return s.strip(_STRIP_CHARS)


@lru_cache(maxsize=1024)
def _place_display(g: Gazetteer, place: str | None) -> str | None:
    if not place:
        return None
    return g.place_of(place) or " ".join(place.split())


def _without_place(g: Gazetteer, ks: tuple[str, ...], place: str | None) -> list[tuple[tuple[str, ...], str]]:
    """Keys with a trailing province name taken off ("ubnd tỉnh lâm đồng" -> "ubnd tỉnh")."""
    out: list[tuple[tuple[str, ...], str]] = []
    extra: dict[tuple[str, ...], str] = {}
    if place:
        for k in keys(place):
            extra[tuple(unacc(k).split())] = _place_display(g, place) or place
    for k in ks:
        utoks = unacc(k).split()
        if not utoks or (utoks[-1] not in g.place_last and not any(t[-1] == utoks[-1] for t in extra)):
            continue
        toks = [t for t in k.split() if unacc(t)]
        for m in range(min(len(toks) - 1, max(g.place_len, *(len(t) for t in extra), 0)), 0, -1):
            tail = tuple(utoks[-m:])
            display = extra.get(tail) or g.places.get(tail)
            if not display:
                continue
            rem = toks[:-m]
            if rem[-2:] == ["thành", "phố"]:
                rem = rem[:-2] + ["tỉnh"]
            elif rem[-1] in ("tp", "tỉnh"):
                rem = rem[:-1] + ["tỉnh"]
            base = " ".join(rem)
            tries = (base,) if rem[-1] == "tỉnh" else (base + " tỉnh", base)
            out.append((tries, display))
            break
    return out


_WORDS = re.compile(r"[\p{L}\p{M}\d]+")
_LINE_SPACES = re.compile(r"[ \t]+")


@lru_cache(maxsize=65536)
def _marks(g: Gazetteer, s: str) -> frozenset[str]:
    """What a fuzzy match must keep: level words ("tỉnh" alone aside: every provincial body may
    drop it), and proper nouns (capitalised words that are no word of any known name; in
    mixed-case text a word in capitals is an abbreviation, not a name)."""
    out = {t for lv in level_marks(g, s) - {"tỉnh"} for t in unacc(fold_key(lv)).split()}
    out.update(unacc(fold_key(lv)) for lv in named_levels(g, s) if lv == "tỉnh")
    mixed = any(c.islower() for c in s)
    for w in _WORDS.findall(s)[1:]:
        if not w[0].isupper() or (mixed and len(w) > 1 and w.isupper()):
            continue
        f = fold_key(w)
        u = unacc(f)
        if len(u) >= 2 and f not in g.vocab and u not in g.vocab_unacc:
            out.add(u)
    return frozenset(out)


def _keeps_marks(g: Gazetteer, s: str, idx: int, extra: str = "") -> bool:
    """The fuzzy guard: a string with a proper noun or a level word never becomes a body without
    it (a capitalised typo of one of the body's own words is no proper noun)."""
    marks = _marks(g, s)
    if not marks:
        return True
    have = g.tokens.get(idx, set()) | set(unacc(loose(extra)).split())
    return all(m in have or any(one_edit(m, h) for h in have) for m in marks)


def _fuzzy(g: Gazetteer, s: str, ks: tuple[str, ...], ctx: str | None, place: str | None) -> Hit | None:
    pd = _place_display(g, place)
    for k in ks:
        idx = g.fuzzy(k)
        if idx is None and ctx:  # a bare name after "Sở X, ..." with a typo
            idx = g.fuzzy(f"{ctx} {k}")
            if idx is not None and g.entries[idx].head != ctx:
                idx = None
        if idx is not None and _keeps_marks(g, s, idx, ctx or ""):
            return g.hit(idx, pd)
    for tries, display in _without_place(g, ks, place):
        for k in tries:
            idx = g.fuzzy(k)
            if idx is not None and _keeps_marks(g, s, idx, display):
                return g.hit(idx, display)
    return None


def _pattern(g: Gazetteer, s: str) -> Hit | None:
    for pat, template in g.patterns:
        m = pat.match(s)
        if m:
            name = template.format(**{k: v.strip() for k, v in m.groupdict().items()})
            return Hit(name, True, name, None)
    return None


_NO_KEYS = Hit("", False, "", None)  # a piece without any key: nothing at any level


@lru_cache(maxsize=131072)
def _resolve_exact(g: Gazetteer, s: str, ctx: str | None, place: str | None) -> Hit | None:
    """The level-independent part of a look-up, once per piece (each span is asked at several levels)."""
    ks = keys(s)
    if not ks or not ks[0]:
        return _NO_KEYS
    idx = g.find(ks, ctx)
    if idx is not None:
        return g.hit(idx, _place_display(g, place))
    # a single space between words is what _LINE_SPACES makes of them: no need to run it
    line = _LINE_SPACES.sub(" ", s) if "\t" in s or "  " in s else s
    named = named_body(g, line.strip(), place)
    if named is not None:
        return named
    for tries, display in _without_place(g, ks, place):
        idx = g.find(tries, ctx)
        if idx is not None:
            return g.hit(idx, display)
    return None


@lru_cache(maxsize=65536)
def _resolve_fuzzy(g: Gazetteer, s: str, ctx: str | None, place: str | None) -> Hit | None:
    return _fuzzy(g, s, keys(s), ctx, place)


def _resolve_text(g: Gazetteer, s: str, ctx: str | None, place: str | None, level: int) -> Hit | None:
    hit = _resolve_exact(g, s, ctx, place)
    if hit is _NO_KEYS:
        return None
    if hit is not None:
        return hit
    if level >= _FUZZY:
        hit = _resolve_fuzzy(g, s, ctx, place)
        if hit is not None:
            return hit
    return _pattern(g, s) if level >= _PATTERNS else None


@lru_cache(maxsize=131072)
def _lookup(g: Gazetteer, text: str, ctx: str | None, place: str | None, level: int) -> Hit | None:
    s = _strip(text)
    if not s:
        return None
    cands: list[tuple[str, str | None]] = [(s, ctx)]
    role = _ROLE.sub("", s) if s[0] in _ROLE_FIRST else s
    if role and role != s:
        cands.append((role, ctx))
    for c in list(cands):
        m = _FACTORED.match(c[0])
        if m:
            cands.insert(0, (m.group(3), fold_key(m.group(1) or m.group(2))))
    for c, cx in cands:
        hit = _resolve_text(g, c, cx, place, level)
        if hit:
            return hit
    return None


@lru_cache(maxsize=65536)
def _could_start_multi(g: Gazetteer, text: str) -> bool:
    s = _strip(text)
    for c in (s, _ROLE.sub("", s) if s[:1] in _ROLE_FIRST else s):
        m = _FACTORED.match(c)
        if m:
            c = m.group(3)
        for k in keys(c):
            if unacc(k).replace(" ", "") in g.multi_first:
                return True
    return False


# ---------------------------------------------------------------------------
# Collective phrases: "Các sở, ngành, huyện, thị xã", "UBND các huyện, thị xã, TP"
# ---------------------------------------------------------------------------

_NOUNS = ("sở|ban ngành|ban|ngành|đoàn thể|địa phương|huyện|thị xã|thị|thành phố|tp|tx|quận|xã|phường|"
          "thị trấn|đặc khu|cơ quan ngang bộ|cơ quan thuộc chính phủ|cơ quan|đơn vị|tổ chức|doanh nghiệp|"
          "hội|bộ|tỉnh|trường|cơ sở")
_TAIL = r"(?:\s+(?P<tail>có liên quan|liên quan|trên địa bàn(?: tỉnh)?|cấp tỉnh|tỉnh))?"
# "các sở, ngành", "UBND các huyện, …", and a kind of body before the units: "Công an các huyện, thị xã"
_COLL_FIRST = re.compile(
    rf"^(?:(?:thủ trưởng|lãnh đạo|đại diện)\s+)?(?:(?P<ubnd>ubnd\s+|ủy ban nhân dân\s+)|(?P<head>\S.*?)\s+)?"
    rf"các\s+(?P<noun>{_NOUNS}){_TAIL}$"
)
_COLL_NEXT = re.compile(rf"^(?:các\s+)?(?P<noun>{_NOUNS}){_TAIL}$")
_COLL_NOUN = re.compile(rf"^(?:các\s+|(?:{_NOUNS})(?!\S))")  # a piece of a collective phrase, maybe cut short
_DISTRICT = {"huyện", "thị xã", "thị", "thành phố", "tp", "tx", "quận"}
_COMMUNE = {"xã", "phường", "thị trấn", "đặc khu"}
_SO_NGANH = {"sở", "ban", "ngành", "ban ngành", "đoàn thể", "cơ quan", "đơn vị"}


class _Collective(NamedTuple):
    last: int  # its last atom, -1 when there is none
    nouns: set[str]
    ubnd: bool  # "UBND các …"
    head: str | None  # the kind of body before "các" ("công an"), loose key


def _collective(atoms_text: list[str], seps: tuple[int, ...], i: int) -> _Collective:
    """The collective phrase starting at atom ``i``: its last atom (or -1), its nouns, its head."""
    m = _COLL_FIRST.match(loose(atoms_text[i]))
    if not m:
        return _Collective(-1, set(), False, None)
    nouns = {m.group("noun")}
    j = i
    if not m.group("tail"):
        while j + 1 < len(atoms_text) and seps[j] != HARD:
            n = _COLL_NEXT.match(loose(atoms_text[j + 1]))
            if not n:
                break
            j += 1
            nouns.add(n.group("noun"))
            if n.group("tail"):
                break
    head = m.group("head")
    last = j if j > i or (head and nouns <= _DISTRICT | _COMMUNE) else -1
    return _Collective(last, nouns, bool(m.group("ubnd")), head)


def _collective_id(nouns: set[str], ubnd: bool) -> str | None:
    """The gazetteer id of a collective phrase not listed itself, by what it gathers."""
    if ubnd or nouns <= _DISTRICT | _COMMUNE:  # "các huyện, thị xã" are their people's committees
        if "tỉnh" in nouns:
            return "ubnd_cac_tinh" if ubnd else None
        if nouns <= _COMMUNE:
            return "ubnd_xa_dac_khu" if "đặc khu" in nouns else "ubnd_xa_collective"
        return "ubnd_huyen_collective" if nouns & _DISTRICT else None
    if "bộ" in nouns:
        return "bo_nganh_dia_phuong" if nouns & ({"địa phương"} | _DISTRICT) else "cac_bo_nganh"
    if nouns & _SO_NGANH and nouns <= _SO_NGANH | _DISTRICT | _COMMUNE | {"địa phương"}:
        if nouns & (_DISTRICT | _COMMUNE | {"địa phương"}):
            return "cac_so_nganh_dia_phuong"
        return "cac_co_quan_don_vi" if nouns <= {"cơ quan", "đơn vị"} else "cac_so_ban_nganh"
    return None


def _collective_hit(g: Gazetteer, coll: _Collective) -> Hit | None:
    if coll.head:  # "Công an các huyện, thị xã" -> "Công an cấp huyện", when the gazetteer has it
        if not coll.nouns <= _DISTRICT | _COMMUNE:
            return None
        level = "cấp xã" if coll.nouns <= _COMMUNE else "cấp huyện"
        idx = g.find(keys(f"{coll.head} {level}"), None)
        return g.hit(idx) if idx is not None else None
    ident = _collective_id(coll.nouns, coll.ubnd)
    return g.hit_by_id(ident) if ident else None


# ---------------------------------------------------------------------------
# Segmentation
# ---------------------------------------------------------------------------

_MAX_SPAN = 8
_HEAD_WORDS = {
    "sở", "bộ", "ban", "ủy", "ubnd", "hđnd", "ubmttq", "mttq", "hội", "hiệp", "liên", "trung", "tt", "văn",
    "vp", "cục", "chi", "tổng", "viện", "trường", "đại", "đh", "cao", "đài", "báo", "công", "bchqs", "đoàn",
    "tỉnh", "kho", "ngân", "bảo", "thanh", "phòng", "các", "quỹ", "cổng", "học", "tòa", "đảng", "mặt",
    "chính", "thủ", "quốc", "uỷ",
}


class _Item:
    __slots__ = ("i", "j", "hit", "ctx", "fixed")

    def __init__(self, i: int, j: int, hit: Hit | None, ctx: str | None, fixed: bool = False) -> None:
        self.i, self.j, self.hit, self.ctx, self.fixed = i, j, hit, ctx, fixed


class _Cell:
    """One cell's atoms and the look-ups on their spans."""

    def __init__(self, g: Gazetteer, s: str, place: str | None) -> None:
        self.g, self.s, self.place = g, s, place
        atoms, self.seps = tokenize(s, g.dashed_places)
        self.atoms = atoms
        self.texts = [s[a:b] for a, b in atoms]

    def span(self, i: int, j: int) -> str:
        return self.s[self.atoms[i][0]: self.atoms[j][1]]

    def lookup(self, i: int, j: int, ctx: str | None, level: int) -> Hit | None:
        return _lookup(self.g, self.span(i, j), ctx, self.place, level)


def _starts_with_head(text: str) -> bool:
    k = loose(_strip(text))
    return bool(k) and k.split(" ", 1)[0] in _HEAD_WORDS


def _longest(c: _Cell, i: int, ctx: str | None) -> tuple[int, Hit | None]:
    """The longest span from atom ``i`` that the gazetteer (or a name shape) knows."""
    jmax, n = i, len(c.atoms)
    if _could_start_multi(c.g, c.texts[i]):
        while jmax + 1 < n and jmax + 1 - i < _MAX_SPAN and c.seps[jmax] != HARD:
            jmax += 1
    for j in range(jmax, i - 1, -1):
        hit = c.lookup(i, j, ctx, _PATTERNS)
        if hit:
            return j, hit
    return -1, None


def _inherited(c: _Cell, items: list[_Item], i: int) -> Hit | None:
    """A bare proper name after a named body, a comma between: the same kind and level
    ("UBND huyện A, B" -> "Ủy ban nhân dân huyện B")."""
    prev = items[-1].hit if items else None
    if prev is None or not prev.unit or c.seps[i - 1] == HARD or not bare_unit_name(c.g, c.texts[i]):
        return None
    name = f"{prev.unit} {' '.join(c.texts[i].split())}"
    return Hit(name, True, name, None, prev.unit)


def _greedy(c: _Cell) -> list[_Item]:
    """1. greedy longest exact match, with the collective grammar."""
    items: list[_Item] = []
    ctx: str | None = None
    i = 0
    while i < len(c.atoms):
        best_j, best = _longest(c, i, ctx)
        if best is None:
            best = _inherited(c, items, i)
            best_j = i if best is not None else best_j
        coll = _collective(c.texts, c.seps, i)
        fixed = False
        if coll.last > best_j:
            hit = c.lookup(i, coll.last, None, _EXACT) or _collective_hit(c.g, coll)
            best_j, best, fixed = coll.last, hit, True
        if best_j >= 0:
            items.append(_Item(i, best_j, best, ctx, fixed))
            if best and best.head:
                ctx = best.head
            i = best_j + 1
        else:
            items.append(_Item(i, i, None, ctx))
            i += 1
    return items


def _join_conditional(c: _Cell, items: list[_Item]) -> list[_Item]:
    """2. "và" / a spaced dash split only between two bodies."""
    merged: list[_Item] = []
    for it in items:
        if merged and c.seps[merged[-1].j] == COND:
            prev = merged[-1]
            lt, rt = c.span(prev.i, prev.j), c.span(it.i, it.j)
            lk, rk = prev.hit is not None and prev.hit.known, it.hit is not None and it.hit.known
            ok = (lk and rk) or (lk and _starts_with_head(rt)) or (rk and _starts_with_head(lt))
            if not ok:
                prev.j, prev.hit, prev.fixed = it.j, None, False
                continue
        merged.append(it)
    return merged


def _open(it: _Item) -> bool:
    return it.hit is None and not it.fixed


def _fuzzy_run(c: _Cell, merged: list[_Item], k: int, out: list[_Item]) -> int:
    """Fuzzy match of the unknown item ``k`` (with its unknown neighbours); the next index."""
    it = merged[k]
    run = k
    while run + 1 < len(merged) and _open(merged[run + 1]) and c.seps[merged[run].j] != HARD and run + 1 - k < 4:
        run += 1
    for last in range(run, k - 1, -1):
        hit = c.lookup(it.i, merged[last].j, it.ctx, _FUZZY)
        if hit:
            out.append(_Item(it.i, merged[last].j, hit, it.ctx))
            return last + 1
    # a typo late in a long name whose first atoms matched a shorter name on their own
    # ("Các huyện ủy, thị ủy, thàh ủy"): extend the known piece before the run
    prev = out[-1] if out else None
    if prev is not None and prev.hit is not None and not prev.fixed and c.seps[prev.j] != HARD:
        for last in range(run, k - 1, -1):
            hit = c.lookup(prev.i, merged[last].j, prev.ctx, _FUZZY)
            if hit:
                out[-1] = _Item(prev.i, merged[last].j, hit, prev.ctx)
                return last + 1
    out.append(it)
    return k + 1


def _fuzzy_pass(c: _Cell, merged: list[_Item]) -> list[_Item]:
    """3. fuzzy match what is left: longest runs of unknown neighbours first, then single pieces."""
    out: list[_Item] = []
    k = 0
    while k < len(merged):
        if not _open(merged[k]):
            out.append(merged[k])
            k += 1
        else:
            k = _fuzzy_run(c, merged, k, out)
    return out


def _is_phrase_part(c: _Cell, it: _Item) -> bool:
    """An unknown piece that is no body and no collective: a word of a sentence or a phrase."""
    if it.hit is not None or it.fixed:
        return False
    t = _strip(c.span(it.i, it.j))
    if not t or t[0].isupper() or t[0].isdigit():
        return False  # a name, known or not
    return not _COLL_NOUN.match(loose(t))


def _lower_unknown(c: _Cell, it: _Item) -> bool:
    t = _strip(c.span(it.i, it.j))
    return it.hit is None and not it.fixed and bool(t) and t[0].islower()


def _continue_collectives(c: _Cell, items: list[_Item]) -> list[_Item]:
    """An unknown "các viện" and the lower-case pieces after it ("trường, …"): one collective phrase."""
    out: list[_Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (prev is not None and prev.hit is None and not prev.fixed and c.seps[prev.j] != HARD
                and fold_key(_strip(c.span(prev.i, prev.j))).startswith("các ") and _lower_unknown(c, it)):
            prev.j = it.j
            continue
        out.append(it)
    return out


def _keep_phrases(c: _Cell, items: list[_Item]) -> list[_Item]:
    """4. split only where each part is a body or a collective: else the run is one item."""
    out: list[_Item] = []
    run: list[_Item] = []
    items = _continue_collectives(c, items)
    for n, it in enumerate(items):
        run.append(it)
        if n + 1 < len(items) and c.seps[it.j] != HARD:
            continue
        if len(run) > 1 and any(_is_phrase_part(c, x) for x in run):
            i, j = run[0].i, run[-1].j
            run = [_Item(i, j, c.lookup(i, j, None, _FUZZY), None)]
        out += run
        run = []
    return out


@lru_cache(maxsize=65536)
def _segment(g: Gazetteer, text: str, place: str | None) -> tuple[tuple[str, Hit | None], ...]:
    s = clean_cell(text)
    whole = _lookup(g, s, None, place, _EXACT) if s else None
    if whole is not None:  # most cells name one body: no cutting needed
        return ((" ".join(s.strip(TRIM).split()), whole),)
    c = _Cell(g, s, place)
    items = _keep_phrases(c, _fuzzy_pass(c, _join_conditional(c, _greedy(c))))
    return tuple((" ".join(c.span(it.i, it.j).split()), it.hit) for it in items)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def split_agencies(text: str, *, gazetteer: Gazetteer | None = None) -> list[str]:
    """The pieces of an agency cell, as written (cleaned), one per body or collective phrase."""
    if not text:
        return []
    return [piece for piece, _ in _segment(gazetteer or default_gazetteer(), text, None)]


def _agency(piece: str, hit: Hit | None) -> Agency:
    if hit is None:
        return Agency(piece, piece, False, piece)
    return Agency(piece, hit.name, hit.known, hit.successor)


@lru_cache(maxsize=65536)
def _parse(g: Gazetteer, text: str, place: str | None) -> tuple[Agency, ...]:
    return tuple(_agency(piece, hit) for piece, hit in _segment(g, text, place))


def parse_agencies(text: str | None, *, place: str | None = None,
                   gazetteer: Gazetteer | None = None) -> list[Agency]:
    """Split an agency cell and name each body canonically (unknown ones kept, known=False)."""
    if not text or not text.strip():
        return []
    return list(_parse(gazetteer or default_gazetteer(), text, place or None))


def canonical_agency(piece: str, *, place: str | None = None, gazetteer: Gazetteer | None = None) -> Agency:
    """One body (no splitting): its canonical name, or the cleaned text with known=False."""
    g = gazetteer or default_gazetteer()
    text = " ".join(clean_cell(piece).split()) if piece else ""
    return _agency(text, _lookup(g, text, None, place or None, _FUZZY) if text else None)


def clear_caches() -> None:
    """Forget every cached look-up (benchmarks measure from cold; the gazetteer stays loaded)."""
    from phuluc.normalize import agency_keys, gazetteer, named_bodies

    for f in (_parse, _segment, _lookup, _resolve_exact, _resolve_fuzzy, _could_start_multi, _marks, _place_display, agency_keys.tokenize,
              agency_keys.keys, agency_keys.loose, agency_keys.unacc, named_bodies.named_body, gazetteer._find):
        f.cache_clear()
