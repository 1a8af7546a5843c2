"""Agency cells ("Đơn vị chủ trì / phối hợp"): split into bodies and name each canonically.

The gazetteer is data (normalize/data/agencies.yaml); this module is the generic matcher:

1. the cell is cut into *atoms* at separators: hard ones (";", line bullets) that never join,
   soft ones ("," "/" newline) that a longer gazetteer name may span ("Sở Văn hóa, Thể thao và
   Du lịch"), and conditional ones ("và", a spaced dash) that split only between two bodies;
2. greedy longest match of atom spans against the gazetteer (exact keys: case, tone placement,
   accents, spaces and abbreviation joiners folded), with bare names after a factored "Sở"/"Bộ"
   ("Sở Tư pháp, Nội vụ") and a small grammar for collective phrases ("Các sở, ngành, ...");
3. atoms left over are joined across "và"/dash unless both sides are bodies, then tried with a
   bounded fuzzy match (rapidfuzz) that never crosses the head word ("Sở" vs "Bộ") and never
   replaces a real word by another ("Nội vụ" vs "Ngoại vụ", "Khuyến nông" vs "Khuyến công");
4. what is still unknown is kept as written, with ``known=False``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import regex as re
import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from phuluc.normalize.text import fold_key

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Agency:
    text: str  # the piece as written (cleaned)
    name: str  # canonical name (or the cleaned text when unknown)
    known: bool  # False -> caller warns "unknown-agency"
    successor: str  # body holding the remit today (2025 mergers); == name when nothing changed or unknown


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------

# A run of upper-case abbreviations joined by '&', '-', ',', '/', '.', 'và' ("LĐ-TB&XH",
# "VH, TT và DL") is one abbreviation: joined, all spellings share a key ("LĐTBXH").
_ABBR_RUN = re.compile(
    r"(?<!\p{L})\p{Lu}{1,6}(?:(?:\s*[&\-–—,/.]\s*|\s+(?:và|&)\s+)\p{Lu}{1,6})+(?!\p{L})"
)
_NOT_UPPER = re.compile(r"[^\p{Lu}]+")
_PUNCT = re.compile(r"[&\-–—,./:;+*•·\"'“”‘’()\[\]]+")


def _join_abbr(s: str) -> str:
    if not any(c.islower() for c in s):  # all capitals: "SỞ VĂN HÓA, THỂ THAO" is no abbreviation
        return s
    return _ABBR_RUN.sub(lambda m: _NOT_UPPER.sub("", m.group(0)), s)


@lru_cache(maxsize=65536)
def _loose(s: str) -> str:
    """fold_key, with joiners and the word 'và' dropped: 'Sở KH & CN' ~ 'Sở KH-CN' ~ 'sở kh cn'."""
    k = _PUNCT.sub(" ", fold_key(s))
    # "và" is a joiner, also when glued to the word before it ("Sở Kế hoạchvà Đầu tư")
    return " ".join(t[:-2] if t.endswith("và") and len(t) > 2 else t for t in k.split() if t != "và")


@lru_cache(maxsize=65536)
def _keys(s: str) -> tuple[str, ...]:
    a, b = _loose(s), _loose(_join_abbr(s))
    return (a,) if a == b else (a, b)


def _base_letters() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in range(0xC0, 0x1EFA):
        c = chr(cp)
        base = "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x))
        if base != c and len(base) == 1:
            table[cp] = base
    return table


_BASE = _base_letters()


@lru_cache(maxsize=65536)
def _unacc(k: str) -> str:
    """Accents off (đ -> d), and 'và' written without accents dropped like 'và': 'so khoa hoc'."""
    u = k.translate(_BASE)
    if "va" in u:
        u = " ".join(t for t in u.split() if t != "va")
    return u


# ---------------------------------------------------------------------------
# Cutting a cell into atoms
# ---------------------------------------------------------------------------

_HARD, _SOFT, _COND = 3, 2, 1
_SEP = re.compile(
    r"""
      (?P<hard> \s*;\s* | (?:^|\n)[ \t]*[-+•*·–—][ \t]* )
    | (?P<soft> \s*[,/\n]\s* | \s+\+\s+ )
    | (?P<cond> \s*(?<!\w)v[àa]\s+ | \s+[-–—]\s* | \s*[-–—]\s+ )
    | (?P<paren> (?<=\))\s+(?=[^\s,;/.]) )
    """,
    re.X | re.M | re.I,
)
_TRIM = " \t\n.:;,-–—+•*·"


def _mask(s: str) -> str:
    """Hide separators that are not separators: text inside parentheses, dashed province names."""
    out = list(s)
    depth = 0
    for i, c in enumerate(s):
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif depth:
            out[i] = "x"
    masked = "".join(out)
    if _G.dashed_places:  # "Bà Rịa - Vũng Tàu" is one name, not two pieces
        masked = _G.dashed_places.sub(lambda m: "x" * len(m.group(0)), masked)
    return masked


@lru_cache(maxsize=32768)
def _tokenize(s: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """Atoms (start, end) of ``s`` and the separator kind between consecutive atoms."""
    masked = _mask(s)
    atoms: list[tuple[int, int]] = []
    seps: list[int] = []
    pending = 0  # strongest separator seen since the last atom
    pos = 0

    def add(a: int, b: int) -> None:
        nonlocal pending
        while a < b and s[a] in _TRIM:
            a += 1
        while b > a and s[b - 1] in _TRIM:
            b -= 1
        if a < b:
            if atoms:
                seps.append(pending or _SOFT)
            atoms.append((a, b))
            pending = 0

    for m in _SEP.finditer(masked):
        kind = _HARD if m.group("hard") is not None else _SOFT if m.group("soft") is not None else (
            _COND if m.group("cond") is not None else _SOFT)
        add(pos, m.start())
        pending = max(pending, kind)
        pos = m.end()
    add(pos, len(s))
    return tuple(atoms), tuple(seps)


_NEEDS_CLEAN = re.compile(r"[<*_\u00d0\t\r\n\u00a0]|\s\s")
_MARKUP = re.compile(r"</?(?:b|i|u|strong|em|br)\s*/?>|\*\*|__", re.I)
_SPACES = re.compile(r"[^\S\n]+")


def _clean(text: str) -> str:
    """NFC, markup off, spaces collapsed, lines kept (a newline separates bodies).

    Cells normally arrive already cleaned by normalize.text; this is only the light part of that
    cleaning (no encoding repair: it must never change letters twice).
    """
    if not _NEEDS_CLEAN.search(text) and unicodedata.is_normalized("NFC", text):
        return text.strip()  # already a cleaned cell (the usual case)
    s = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\r\n", "\n").replace("\r", "\n")
    s = _MARKUP.sub("", s)
    lines = (_SPACES.sub(" ", line).strip() for line in s.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------


class _Entry(NamedTuple):
    id: str
    name: str
    kind: str
    successor: str
    head: str | None  # "sở" / "bộ": bare names after it inherit it
    keep_place: bool


class _Hit(NamedTuple):
    name: str
    known: bool
    successor: str
    head: str | None


_LOCAL_KINDS = {"state_body", "department", "party_body", "mass_organisation", "vertical_agency",
                "armed_forces", "media", "education"}
_HEADS = {"sở": "department", "bộ": "ministry"}


class _Gazetteer:
    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.exact: dict[str, int] = {}
        self.unacc: dict[str, int] = {}
        self.strong: set[str] = set()
        self.nospace: dict[str, int] = {}
        self.bare: dict[str, dict[str, int]] = {h: {} for h in _HEADS}
        self.bare_unacc: dict[str, dict[str, int]] = {h: {} for h in _HEADS}
        self.bare_nospace: dict[str, dict[str, int]] = {h: {} for h in _HEADS}
        self.groups: dict[str, tuple[list[str], list[int], list[frozenset[str]]]] = {}
        self.vocab: set[str] = set()  # words of names, accented
        self.vocab_unacc: set[str] = set()
        self.multi_first: set[str] = set()
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        self.places: dict[tuple[str, ...], str] = {}
        self.dashed_places: re.Pattern[str] | None = None

    # -- loading --------------------------------------------------------------
    def load(self, path: Path | None = None) -> None:
        data = yaml.safe_load((path or _DATA / "agencies.yaml").read_text(encoding="utf-8"))
        explicit: list[tuple[str, int]] = []
        local: list[tuple[str, int]] = []
        for raw in data["agencies"]:
            name = raw["name"]
            kind = raw["kind"]
            first = fold_key(name).split(" ", 1)[0]
            head = first if _HEADS.get(first) == kind else None
            idx = len(self.entries)
            self.entries.append(_Entry(raw["id"], name, kind, raw.get("successor") or name, head,
                                       bool(raw.get("keep_place"))))
            for v in [name, *(raw.get("variants") or [])]:
                explicit.append((v, idx))
                if kind in _LOCAL_KINDS:
                    local.append((v, idx))
        for v, idx in explicit:
            self._add(v, idx, strong=True)
        # Provincial bodies also match with "tỉnh" dropped or added ("Công an" ~ "Công an tỉnh").
        for v, idx in local:
            k = fold_key(v)
            self._add(v[: -len(" tỉnh")] if k.endswith(" tỉnh") else v + " tỉnh", idx, strong=False)
        for p in data.get("patterns") or []:
            self.patterns.append((re.compile(p["match"], re.I), p["name"]))
        self._load_places()
        self._finish()

    def _add(self, v: str, idx: int, strong: bool) -> None:
        for k in _keys(v):
            self.exact.setdefault(k, idx)
            self._index_loose(k, idx, strong)
        head = self.entries[idx].head
        f = fold_key(v)
        if head and f.startswith(head + " "):
            bare = v.split(None, 1)[1]
            for k in _keys(bare):
                if len(k.replace(" ", "")) < 3:  # "TP", "CT": too ambiguous on their own
                    continue
                self.bare[head].setdefault(k, idx)
                u = _unacc(k)
                _add_unique(self.bare_unacc[head], u, idx)
                _add_unique(self.bare_nospace[head], u.replace(" ", ""), idx)
            self._note_first(bare)
        self._note_first(v)

    def _index_loose(self, k: str, idx: int, strong: bool) -> None:
        u = _unacc(k)
        for table, key in ((self.unacc, u), (self.nospace, u.replace(" ", ""))):
            if strong:
                _add_unique(table, key, idx)
                self.strong.add(key)
            elif key not in self.strong:  # a derived "tỉnh" form never spoils a written one
                _add_unique(table, key, idx)
        toks = u.split()
        self.vocab.update(t for t in k.split() if len(t) >= 3)
        self.vocab_unacc.update(t for t in toks if len(t) >= 3)
        if len(toks) >= 2:
            rests, ids, toksets = self.groups.setdefault(toks[0], ([], [], []))
            rests.append("".join(toks[1:]))
            ids.append(idx)
            toksets.append(frozenset(toks[1:]))

    def _note_first(self, v: str) -> None:
        """Remember the first atom of names that span several atoms (pruning of span look-ups)."""
        atoms, _ = _tokenize(_clean(v))
        if len(atoms) > 1:
            a, b = atoms[0]
            first = _clean(v)[a:b]
            for k in _keys(first):
                self.multi_first.add(_unacc(k).replace(" ", ""))

    def _load_places(self) -> None:
        names: list[tuple[str, str]] = []
        path = _DATA / "provinces.yaml"
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for p in data.get("provinces") or []:
                if isinstance(p, dict) and p.get("name"):
                    names.append((p["name"], p["name"]))
                    names.extend((a, p["name"]) for a in p.get("aliases") or [])
        hcm = "Hồ Chí Minh"
        names += [(a, hcm) for a in ("TP. Hồ Chí Minh", "TP.HCM", "TP HCM", "TPHCM", "HCM")]
        for written, display in names:
            self.add_place(written, display)
        dashed = sorted({w for w, _ in names if "-" in w}, key=len, reverse=True)
        if dashed:
            alts = "|".join(re.escape(w).replace(r"\-", r"\s*-\s*") for w in dashed)
            self.dashed_places = re.compile(rf"(?:{alts})", re.I)

    def add_place(self, written: str, display: str) -> None:
        for k in _keys(written):
            self.places.setdefault(tuple(_unacc(k).split()), display)

    def _finish(self) -> None:
        self.by_id = {e.id: n for n, e in enumerate(self.entries)}
        self.place_len = max((len(t) for t in self.places), default=0)
        self.place_last = {t[-1] for t in self.places if t}
        for table in (self.unacc, self.nospace, *self.bare_unacc.values(), *self.bare_nospace.values()):
            for k in [k for k, v in table.items() if v < 0]:  # accent-free keys naming two bodies
                del table[k]

    # -- look-ups -------------------------------------------------------------
    def find(self, keys: tuple[str, ...], ctx: str | None) -> int | None:
        """Exact, then accent-free, then space-free look-up; bare names under ``ctx`` ("sở"/"bộ")."""
        head = ctx or "sở"
        for k in keys:
            if ctx and k in self.bare[ctx]:
                return self.bare[ctx][k]
            if k in self.exact:
                return self.exact[k]
            if not ctx and k in self.bare[head]:
                return self.bare[head][k]
        for table, bare in ((self.unacc, self.bare_unacc), (self.nospace, self.bare_nospace)):
            for k in keys:
                u = _unacc(k)
                if table is self.nospace:
                    u = u.replace(" ", "")
                if ctx and u in bare[ctx]:
                    return bare[ctx][u]
                if u in table:
                    return table[u]
                if not ctx and u in bare[head]:
                    return bare[head][u]
        return None

    def fuzzy(self, key: str) -> int | None:
        """Closest name with the same head word, within a small edit distance, unambiguous."""
        words = [w for w in key.split() if _unacc(w)]
        toks = [_unacc(w) for w in words]
        if len(toks) < 2 or toks[0] not in self.groups:
            return None
        rest = "".join(toks[1:])
        if len(rest) < 5:
            return None
        maxd = 1 if len(rest) <= 10 else 2 if len(rest) <= 20 else 3
        rests, ids, toksets = self.groups[toks[0]]
        found = process.extract(rest, rests, scorer=OSA.distance, score_cutoff=maxd, limit=20)
        if not found:
            return None
        best = found[0][1]
        at_best = [r for r in found if r[1] == best]
        if len({ids[r[2]] for r in at_best}) != 1:
            return None
        idx = ids[at_best[0][2]]
        plain = key == _unacc(key)
        pairs = list(zip(toks[1:], words[1:], strict=True))
        if any(self._word_typos(pairs, toksets[r[2]], plain) for r in at_best):
            return idx
        return None

    def _word_typos(self, pairs: list[tuple[str, str]], cand: frozenset[str], plain: bool) -> bool:
        """Do the query words that differ from the candidate's words look like typos of them?

        A differing word that is itself a word of some name is another body ("Khuyến công" is
        not "Khuyến nông"): accented words are compared accented ("chứ" is a typo, "chữ" a word),
        a query without any accent without. Otherwise it must be one edit from a candidate word,
        and a short word may only have lost or doubled a letter ("ngư" is no typo of "nông").
        """
        vocab = self.vocab_unacc if plain else self.vocab
        for u, w in pairs:
            if u in cand:
                continue
            if (u if plain else w) in vocab:
                return False
            if not any(_one_edit(u, c) for c in cand):
                return False
        return True


def _one_edit(u: str, c: str) -> bool:
    if len(u) >= 4:
        return OSA.distance(u, c, score_cutoff=1) <= 1
    if len(c) == len(u) + 1:  # a lost letter: "tỉn" for "tỉnh"
        return any(c[:i] + c[i + 1:] == u for i in range(len(c)))
    # a doubled letter: "vụu" for "vụ"
    return len(u) == len(c) + 1 and any(u[i] == u[i - 1] and u[:i] + u[i + 1:] == c for i in range(1, len(u)))


def _add_unique(table: dict[str, int], key: str, idx: int) -> None:
    """Accent-free keys may collide: a key naming two bodies is dropped (-1 marks it)."""
    old = table.get(key)
    if old is None:
        table[key] = idx
    elif old != idx:
        table[key] = -1


_G = _Gazetteer()
_G.load()
_tokenize.cache_clear()  # atoms cut while loading did not know the dashed province names yet


def use_gazetteer(path: Path | None = None) -> None:
    """Name agencies from the gazetteer file at ``path`` (the format of data/agencies.yaml) instead of
    the shipped one; None goes back to the shipped one. Process-wide, like the shipped gazetteer."""
    global _G
    old, _G = _G, _Gazetteer()
    # Look-ups remember the gazetteer that answered them; the new one is built as the shipped one is
    # at import (with _G set while it loads), and nothing cached on the way is kept.
    _clear_caches()
    try:
        _G.load(Path(path) if path else None)
    except BaseException:
        _G = old
        raise
    finally:
        _clear_caches()


def _clear_caches() -> None:
    for cached in (_tokenize, _place_display, _lookup, _could_start_multi, _segment, _parse):
        cached.cache_clear()


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
# "Các Sở: Tài chính, Xây dựng", "Sở: …", and without the colon after "các": "Các Sở Tài chính, Xây dựng"
_FACTORED = re.compile(r"^(?:các\s+(sở|bộ)\s*:?|(sở|bộ)\s*:)\s*(\p{L}.*)$", re.I)


def _strip(s: str) -> str:
    """The body without its parentheticals, numbering and stray punctuation."""
    prev = None
    while prev != s:
        prev, s = s, _PARENS.sub("", s)
    s = _OPEN_PAREN.sub("", s)
    s = _NUMBERING.sub("", s.strip(_TRIM + "\"'“”"))
    return s.strip(_TRIM + "\"'“”")


def _hit(idx: int, place_display: str | None = None) -> _Hit:
    e = _G.entries[idx]
    name = e.name
    if e.keep_place and place_display:
        name = name[: -len("tỉnh")] + place_display if name.endswith("tỉnh") else name
    succ = name if e.successor == e.name else e.successor
    return _Hit(name, True, succ, e.head)


@lru_cache(maxsize=1024)
def _place_display(place: str | None) -> str | None:
    if not place:
        return None
    for k in _keys(place):
        got = _G.places.get(tuple(_unacc(k).split()))
        if got:
            return got
    return " ".join(place.split())


def _without_place(keys: tuple[str, ...], place: str | None) -> list[tuple[tuple[str, ...], str]]:
    """Keys with a trailing province name taken off ("ubnd tỉnh lâm đồng" -> "ubnd tỉnh")."""
    out: list[tuple[tuple[str, ...], str]] = []
    extra: dict[tuple[str, ...], str] = {}
    if place:
        for k in _keys(place):
            extra[tuple(_unacc(k).split())] = _place_display(place) or place
    for k in keys:
        utoks = _unacc(k).split()
        if not utoks or (utoks[-1] not in _G.place_last and not any(t[-1] == utoks[-1] for t in extra)):
            continue
        toks = [t for t in k.split() if _unacc(t)]
        for m in range(min(len(toks) - 1, max(_G.place_len, *(len(t) for t in extra), 0)), 0, -1):
            tail = tuple(utoks[-m:])
            display = extra.get(tail) or _G.places.get(tail)
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


def _resolve_text(s: str, ctx: str | None, place: str | None, level: int) -> _Hit | None:
    keys = _keys(s)
    if not keys or not keys[0]:
        return None
    pd = _place_display(place)
    idx = _G.find(keys, ctx)
    if idx is not None:
        return _hit(idx, pd)
    stripped = _without_place(keys, place)
    for tries, display in stripped:
        idx = _G.find(tries, ctx)
        if idx is not None:
            return _hit(idx, display)
    if level >= _FUZZY:
        for k in keys:
            idx = _G.fuzzy(k)
            if idx is None and ctx:  # a bare name after "Sở X, ..." with a typo
                idx = _G.fuzzy(f"{ctx} {k}")
                if idx is not None and _G.entries[idx].head != ctx:
                    idx = None
            if idx is not None:
                return _hit(idx, pd)
        for tries, display in stripped:
            for k in tries:
                idx = _G.fuzzy(k)
                if idx is not None:
                    return _hit(idx, display)
    if level >= _PATTERNS:
        for pat, template in _G.patterns:
            m = pat.match(s)
            if m:
                name = template.format(**{k: v.strip() for k, v in m.groupdict().items()})
                return _Hit(name, True, name, None)
    return None


_EXACT, _PATTERNS, _FUZZY = 0, 1, 2  # look-up levels: gazetteer keys; + name shapes; + typos


@lru_cache(maxsize=131072)
def _lookup(text: str, ctx: str | None, place: str | None, level: int) -> _Hit | None:
    s = _strip(text)
    if not s:
        return None
    cands: list[tuple[str, str | None]] = [(s, ctx)]
    role = _ROLE.sub("", s)
    if role and role != s:
        cands.append((role, ctx))
    for c in list(cands):
        m = _FACTORED.match(c[0])
        if m:
            cands.insert(0, (m.group(3), fold_key(m.group(1) or m.group(2))))
    for c, cx in cands:
        hit = _resolve_text(c, cx, place, level)
        if hit:
            return hit
    return None


@lru_cache(maxsize=65536)
def _could_start_multi(text: str) -> bool:
    s = _strip(text)
    for c in (s, _ROLE.sub("", s)):
        m = _FACTORED.match(c)
        if m:
            c = m.group(3)
        for k in _keys(c):
            if _unacc(k).replace(" ", "") in _G.multi_first:
                return True
    return False


# ---------------------------------------------------------------------------
# Collective phrases: "Các sở, ngành, huyện, thị xã", "UBND các huyện, thị xã, TP"
# ---------------------------------------------------------------------------

_NOUNS = ("sở|ban ngành|ban|ngành|đoàn thể|địa phương|huyện|thị xã|thị|thành phố|tp|tx|quận|xã|phường|"
          "thị trấn|đặc khu|cơ quan ngang bộ|cơ quan thuộc chính phủ|cơ quan|đơn vị|tổ chức|doanh nghiệp|"
          "hội|bộ|tỉnh|trường|cơ sở")
_TAIL = r"(?:\s+(?P<tail>có liên quan|liên quan|trên địa bàn(?: tỉnh)?|cấp tỉnh|tỉnh))?"
_COLL_FIRST = re.compile(
    rf"^(?:(?:thủ trưởng|lãnh đạo|đại diện)\s+)?(?P<ubnd>ubnd\s+|ủy ban nhân dân\s+)?các\s+(?P<noun>{_NOUNS}){_TAIL}$"
)
_COLL_NEXT = re.compile(rf"^(?:các\s+)?(?P<noun>{_NOUNS}){_TAIL}$")
_DISTRICT = {"huyện", "thị xã", "thị", "thành phố", "tp", "tx", "quận"}
_COMMUNE = {"xã", "phường", "thị trấn", "đặc khu"}
_SO_NGANH = {"sở", "ban", "ngành", "ban ngành", "đoàn thể", "cơ quan", "đơn vị"}


def _collective(atoms_text: list[str], seps: tuple[int, ...], i: int) -> tuple[int, set[str], bool]:
    """Last atom of a collective phrase starting at atom ``i`` (or -1), its nouns, UBND-headed."""
    m = _COLL_FIRST.match(_loose(atoms_text[i]))
    if not m:
        return -1, set(), False
    nouns = {m.group("noun")}
    j = i
    if not m.group("tail"):
        while j + 1 < len(atoms_text) and seps[j] != _HARD:
            n = _COLL_NEXT.match(_loose(atoms_text[j + 1]))
            if not n:
                break
            j += 1
            nouns.add(n.group("noun"))
            if n.group("tail"):
                break
    return (j if j > i else -1), nouns, bool(m.group("ubnd"))


def _collective_hit(nouns: set[str], ubnd: bool) -> _Hit | None:
    """A collective phrase not in the gazetteer, named by what it gathers."""
    def by_id(i: str) -> _Hit:
        return _hit(_G.by_id[i])

    if ubnd:
        if "tỉnh" in nouns:
            return by_id("ubnd_cac_tinh")
        if nouns <= _COMMUNE:
            return by_id("ubnd_xa_dac_khu" if "đặc khu" in nouns else "ubnd_xa_collective")
        if nouns & _DISTRICT:
            return by_id("ubnd_huyen_collective")
        return None
    if "bộ" in nouns:
        return by_id("bo_nganh_dia_phuong" if nouns & ({"địa phương"} | _DISTRICT) else "cac_bo_nganh")
    if nouns & _SO_NGANH and nouns <= _SO_NGANH | _DISTRICT | _COMMUNE | {"địa phương"}:
        if nouns & (_DISTRICT | _COMMUNE | {"địa phương"}):
            return by_id("cac_so_nganh_dia_phuong")
        if nouns <= {"cơ quan", "đơn vị"}:
            return by_id("cac_co_quan_don_vi")
        return by_id("cac_so_ban_nganh")
    return None


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

    def __init__(self, i: int, j: int, hit: _Hit | None, ctx: str | None, fixed: bool = False) -> None:
        self.i, self.j, self.hit, self.ctx, self.fixed = i, j, hit, ctx, fixed


def _starts_with_head(text: str) -> bool:
    k = _loose(_strip(text))
    return bool(k) and k.split(" ", 1)[0] in _HEAD_WORDS


@lru_cache(maxsize=65536)
def _segment(text: str, place: str | None) -> tuple[tuple[str, _Hit | None], ...]:
    s = _clean(text)
    whole = _lookup(s, None, place, _EXACT) if s else None
    if whole is not None:  # most cells name one body: no cutting needed
        return ((" ".join(s.strip(_TRIM).split()), whole),)
    atoms, seps = _tokenize(s)
    n = len(atoms)
    texts = [s[a:b] for a, b in atoms]

    def span(i: int, j: int) -> str:
        return s[atoms[i][0]: atoms[j][1]]

    # 1. greedy longest exact match
    items: list[_Item] = []
    ctx: str | None = None
    i = 0
    while i < n:
        best_j, best = -1, None
        jmax = i
        if _could_start_multi(texts[i]):
            while jmax + 1 < n and jmax + 1 - i < _MAX_SPAN and seps[jmax] != _HARD:
                jmax += 1
        for j in range(jmax, i - 1, -1):
            hit = _lookup(span(i, j), ctx, place, _PATTERNS)
            if hit:
                best_j, best = j, hit
                break
        cj, nouns, ubnd = _collective(texts, seps, i)
        fixed = False
        if cj > best_j:
            hit = _lookup(span(i, cj), None, place, _EXACT) or _collective_hit(nouns, ubnd)
            best_j, best, fixed = cj, hit, True
        if best_j >= 0:
            items.append(_Item(i, best_j, best, ctx, fixed))
            if best and best.head:
                ctx = best.head
            i = best_j + 1
        else:
            items.append(_Item(i, i, None, ctx))
            i += 1

    # 2. "và" / a spaced dash split only between two bodies
    merged: list[_Item] = []
    for it in items:
        if merged and seps[merged[-1].j] == _COND:
            prev = merged[-1]
            lt, rt = span(prev.i, prev.j), span(it.i, it.j)
            lk, rk = prev.hit is not None and prev.hit.known, it.hit is not None and it.hit.known
            ok = (lk and rk) or (lk and _starts_with_head(rt)) or (rk and _starts_with_head(lt))
            if not ok:
                prev.j, prev.hit, prev.fixed = it.j, None, False
                continue
        merged.append(it)

    # 3. fuzzy match what is left: longest runs of unknown neighbours first, then single pieces
    k = 0
    out: list[_Item] = []
    while k < len(merged):
        it = merged[k]
        if it.hit is not None or it.fixed:
            out.append(it)
            k += 1
            continue
        run = k
        while run + 1 < len(merged) and merged[run + 1].hit is None and not merged[run + 1].fixed \
                and seps[merged[run].j] != _HARD and run + 1 - k < 4:
            run += 1
        done = False
        for last in range(run, k - 1, -1):
            hit = _lookup(span(it.i, merged[last].j), it.ctx, place, _FUZZY)
            if hit:
                out.append(_Item(it.i, merged[last].j, hit, it.ctx))
                k = last + 1
                done = True
                break
        # a typo late in a long name whose first atoms matched a shorter name on their own
        # ("Các huyện ủy, thị ủy, thàh ủy"): extend the known piece before the run
        prev = out[-1] if out else None
        if not done and prev is not None and prev.hit is not None and not prev.fixed \
                and seps[prev.j] != _HARD:
            for last in range(run, k - 1, -1):
                hit = _lookup(span(prev.i, merged[last].j), prev.ctx, place, _FUZZY)
                if hit:
                    out[-1] = _Item(prev.i, merged[last].j, hit, prev.ctx)
                    k = last + 1
                    done = True
                    break
        if not done:
            out.append(it)
            k += 1
    return tuple((" ".join(span(it.i, it.j).split()), it.hit) for it in out)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def split_agencies(text: str) -> list[str]:
    """The pieces of an agency cell, as written (cleaned), one per body or collective phrase."""
    if not text:
        return []
    return [piece for piece, _ in _segment(text, None)]


def _agency(piece: str, hit: _Hit | None) -> Agency:
    if hit is None:
        return Agency(piece, piece, False, piece)
    return Agency(piece, hit.name, hit.known, hit.successor)


@lru_cache(maxsize=65536)
def _parse(text: str, place: str | None) -> tuple[Agency, ...]:
    return tuple(_agency(piece, hit) for piece, hit in _segment(text, place))


def parse_agencies(text: str | None, *, place: str | None = None) -> list[Agency]:
    """Split an agency cell and name each body canonically (unknown ones kept, known=False)."""
    if not text or not text.strip():
        return []
    return list(_parse(text, place or None))


def canonical_agency(piece: str, *, place: str | None = None) -> Agency:
    """One body (no splitting): its canonical name, or the cleaned text with known=False."""
    text = " ".join(_clean(piece).split()) if piece else ""
    return _agency(text, _lookup(text, None, place or None, _FUZZY) if text else None)
