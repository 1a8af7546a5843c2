"""The gazetteer: known bodies, collective phrases, and the vocabulary of named local bodies.

Data, not code: normalize/data/agencies.yaml (format described at its top) is the built-in
one. ``default_gazetteer()`` loads it the first time it is asked for (not at import), and
``load_gazetteer(files)`` lays a user's files (same format, ``--gazetteer``) over it: an entry
with the id of a built-in one replaces it, a new id adds a body, and a user's spellings win
over built-in ones. Tests build small gazetteers of their own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import regex as re
from rapidfuzz import process
from rapidfuzz.distance import OSA

from phuluc.extract.text_keys import fold_key
from phuluc.normalize import data_cache, yaml_data
from phuluc.normalize.agency_keys import clean_cell, keys, tokenize, unacc

DATA = Path(__file__).parent / "data"
BUILTIN = DATA / "agencies.yaml"
PROVINCES = DATA / "provinces.yaml"

KINDS = {"state_body", "department", "ministry", "party_body", "mass_organisation", "collective",
         "district_level", "commune_level", "vertical_agency", "armed_forces", "media", "education"}
# Provincial bodies also match with "tỉnh" dropped or added ("Công an" ~ "Công an tỉnh").
_LOCAL_KINDS = {"state_body", "department", "party_body", "mass_organisation", "vertical_agency",
                "armed_forces", "media", "education"}
_HEADS = {"sở": "department", "bộ": "ministry"}  # bare names after them inherit them


class GazetteerError(ValueError):
    """A gazetteer file the user gave cannot be used (its own fault, named in the message)."""


class Entry(NamedTuple):
    id: str
    name: str
    kind: str
    successor: str
    head: str | None  # "sở" / "bộ": bare names after it inherit it
    keep_place: bool


class Hit(NamedTuple):
    name: str
    known: bool
    successor: str
    head: str | None
    unit: str | None = None  # a named body's kind and level ("Ủy ban nhân dân huyện"): bare names after it inherit it


class Term(NamedTuple):
    """A level ("huyện") or a kind of body ("Ủy ban nhân dân") of the named-body vocabulary."""
    name: str
    variants: tuple[str, ...]


def _add_unique(table: dict[str, int], key: str, idx: int) -> None:
    """Accent-free keys may collide: a key naming two bodies is dropped (-1 marks it)."""
    old = table.get(key)
    if old is None:
        table[key] = idx
    elif old != idx:
        table[key] = -1


def one_edit(u: str, c: str) -> bool:
    if len(u) >= 4:
        return OSA.distance(u, c, score_cutoff=1) <= 1
    if len(c) == len(u) + 1:  # a lost letter: "tỉn" for "tỉnh"
        return any(c[:i] + c[i + 1:] == u for i in range(len(c)))
    # a doubled letter: "vụu" for "vụ"
    return len(u) == len(c) + 1 and any(u[i] == u[i - 1] and u[:i] + u[i + 1:] == c for i in range(1, len(u)))


def _read(path: Path, builtin: bool) -> dict[str, Any]:
    import yaml  # here: with the tables cached, a process never parses YAML

    try:
        text = path.read_text(encoding="utf-8")
        data = (yaml_data.load(text) if builtin and path == BUILTIN else yaml.safe_load(text)) or {}
    except OSError as e:
        raise GazetteerError(f"gazetteer {path}: cannot read it ({e.strerror or e})") from e
    except yaml.YAMLError as e:
        raise GazetteerError(f"gazetteer {path}: not valid YAML ({e})") from e
    if not isinstance(data, dict):
        raise GazetteerError(f"gazetteer {path}: expected a mapping with an 'agencies' list")
    for n, raw in enumerate(data.get("agencies") or []):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(f), str) for f in ("id", "name", "kind")):
            raise GazetteerError(f"gazetteer {path}: agency #{n + 1} needs 'id', 'name' and 'kind'")
        if raw["kind"] not in KINDS:
            raise GazetteerError(f"gazetteer {path}: agency {raw['id']!r}: unknown kind {raw['kind']!r} "
                                 f"(one of {', '.join(sorted(KINDS))})")
        if not isinstance(raw.get("variants") or [], list):
            raise GazetteerError(f"gazetteer {path}: agency {raw['id']!r}: 'variants' must be a list")
    if not builtin and not data.get("agencies") and not data.get("named_bodies"):
        raise GazetteerError(f"gazetteer {path}: no 'agencies' (nor 'named_bodies') in it")
    return data


def _terms(raw: list[Any] | None) -> list[Term]:
    return [Term(t["name"], tuple(t.get("variants") or ())) for t in raw or [] if isinstance(t, dict) and t.get("name")]


def _merge(datas: list[dict[str, Any]]) -> dict[str, Any]:
    """Later files first: their entries replace same-id ones and their spellings are indexed first."""
    by_id: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for data in reversed(datas):
        for raw in data.get("agencies") or []:
            if raw["id"] not in by_id:
                by_id[raw["id"]] = raw
                order.append(raw["id"])
    named: dict[str, list[Term]] = {"levels": [], "kinds": [], "committees": []}
    heads: list[str] = []
    patterns: list[dict[str, Any]] = []
    for data in reversed(datas):
        nb = data.get("named_bodies") or {}
        named["levels"] += _terms(nb.get("levels"))
        named["kinds"] += _terms(nb.get("kinds"))
        named["committees"] += _terms(nb.get("committees"))
        heads += [h for h in nb.get("heads") or [] if isinstance(h, str)]
        patterns += data.get("patterns") or []
    return {"agencies": [by_id[i] for i in order], **named, "heads": heads, "patterns": patterns}


class Gazetteer:
    """Look-up tables over the bodies of one or more gazetteer files (the first is the base)."""

    def __init__(self, files: tuple[Path, ...] = (BUILTIN,), provinces: Path | None = PROVINCES) -> None:
        self.files = tuple(Path(f) for f in files)
        self.provinces_file = provinces
        self.entries: list[Entry] = []
        self.exact: dict[str, int] = {}
        self.unacc: dict[str, int] = {}
        self.strong: set[str] = set()
        self.nospace: dict[str, int] = {}
        self.bare: dict[str, dict[str, int]] = {h: {} for h in _HEADS}
        self.bare_unacc: dict[str, dict[str, int]] = {h: {} for h in _HEADS}
        self.bare_nospace: dict[str, dict[str, int]] = {h: {} for h in _HEADS}
        self.groups: dict[str, tuple[list[str], list[int], list[frozenset[str]]]] = {}
        self.tokens: dict[int, set[str]] = {}  # accent-free words of each body's spellings
        self.vocab: set[str] = set()  # words of names, accented
        self.vocab_unacc: set[str] = set()
        self.multi_first: set[str] = set()
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        self.places: dict[tuple[str, ...], str] = {}
        self.place_units: dict[tuple[str, ...], str] = {}
        self.dashed_places: re.Pattern[str] | None = None
        self.levels: list[Term] = []
        self.kinds: list[Term] = []
        self.committees: list[Term] = []
        self.heads: list[str] = []
        self._load([_read(f, n == 0) for n, f in enumerate(self.files)])

    def __reduce__(self):  # worker processes load the same files once, not a pickled copy
        return (load_gazetteer, (self.files[1:],)) if self.files[:1] == (BUILTIN,) else (
            Gazetteer, (self.files, self.provinces_file))

    # -- loading --------------------------------------------------------------
    def _load(self, datas: list[dict[str, Any]]) -> None:
        data = _merge(datas)
        self.levels, self.kinds, self.heads = data["levels"], data["kinds"], data["heads"]
        self.committees = data["committees"]
        self._load_places()  # first: atoms of names must know the dashed place names
        explicit: list[tuple[str, int]] = []
        local: list[tuple[str, int]] = []
        names = {raw["name"] for raw in data["agencies"]}
        for raw in data["agencies"]:
            name, kind = raw["name"], raw["kind"]
            first = fold_key(name).split(" ", 1)[0]
            head = first if _HEADS.get(first) == kind else None
            succ = raw.get("successor") or name
            idx = len(self.entries)
            self.entries.append(Entry(raw["id"], name, kind, succ if succ in names else name, head,
                                      bool(raw.get("keep_place"))))
            for v in [name, *(raw.get("variants") or [])]:
                explicit.append((v, idx))
                if kind in _LOCAL_KINDS:
                    local.append((v, idx))
        for v, idx in explicit:
            self._add(v, idx, strong=True)
        for v, idx in local:
            k = fold_key(v)
            self._add(v[: -len(" tỉnh")] if k.endswith(" tỉnh") else v + " tỉnh", idx, strong=False)
        for t in self.kinds:  # "Văn phòng HĐND và UBND huyện X" spans atoms: look for it
            for v in (t.name, *t.variants):
                self._note_first(v)
        for p in data["patterns"]:
            self.patterns.append((re.compile(p["match"], re.I), p["name"]))
        self._finish()

    def _add(self, v: str, idx: int, strong: bool) -> None:
        for k in keys(v):
            self.exact.setdefault(k, idx)
            self._index_loose(k, idx, strong)
        head = self.entries[idx].head
        f = fold_key(v)
        if head and f.startswith(head + " "):
            bare = v.split(None, 1)[1]
            for k in keys(bare):
                if len(k.replace(" ", "")) < 3:  # "TP", "CT": too ambiguous on their own
                    continue
                self.bare[head].setdefault(k, idx)
                u = unacc(k)
                _add_unique(self.bare_unacc[head], u, idx)
                _add_unique(self.bare_nospace[head], u.replace(" ", ""), idx)
            self._note_first(bare)
        self._note_first(v)

    def _index_loose(self, k: str, idx: int, strong: bool) -> None:
        u = unacc(k)
        for table, key in ((self.unacc, u), (self.nospace, u.replace(" ", ""))):
            if strong:
                _add_unique(table, key, idx)
                self.strong.add(key)
            elif key not in self.strong:  # a derived "tỉnh" form never spoils a written one
                _add_unique(table, key, idx)
        toks = u.split()
        self.tokens.setdefault(idx, set()).update(toks)
        self.vocab.update(t for t in k.split() if len(t) >= 3)
        self.vocab_unacc.update(t for t in toks if len(t) >= 3)
        if len(toks) >= 2:
            rests, ids, toksets = self.groups.setdefault(toks[0], ([], [], []))
            rests.append("".join(toks[1:]))
            ids.append(idx)
            toksets.append(frozenset(toks[1:]))

    def _note_first(self, v: str) -> None:
        """Remember the first atom of names that span several atoms (pruning of span look-ups)."""
        text = clean_cell(v)
        atoms, _ = tokenize(text, self.dashed_places)
        if len(atoms) > 1:
            a, b = atoms[0]
            for k in keys(text[a:b]):
                self.multi_first.add(unacc(k).replace(" ", ""))

    def _load_places(self) -> None:
        names: list[tuple[str, str, str]] = []
        if self.provinces_file is not None and self.provinces_file.exists():
            data = yaml_data.load(self.provinces_file.read_text(encoding="utf-8")) or {}
            for p in data.get("provinces") or []:
                if isinstance(p, dict) and p.get("name"):
                    unit = p.get("unit") or "tinh"
                    names.append((p["name"], p["name"], unit))
                    names.extend((a, p["name"], unit) for a in p.get("aliases") or [])
        hcm = "Hồ Chí Minh"
        names += [(a, hcm, "thanh_pho") for a in ("TP. Hồ Chí Minh", "TP.HCM", "TP HCM", "TPHCM", "HCM")]
        for written, display, unit in names:
            for k in keys(written):
                t = tuple(unacc(k).split())
                self.places.setdefault(t, display)
                self.place_units.setdefault(t, unit)
        dashed = sorted({w for w, _, _ in names if "-" in w}, key=len, reverse=True)
        if dashed:
            alts = "|".join(re.escape(w).replace(r"\-", r"\s*-\s*") for w in dashed)
            self.dashed_places = re.compile(rf"(?:{alts})", re.I)

    def _finish(self) -> None:
        self.by_id = {e.id: n for n, e in enumerate(self.entries)}
        self.place_len = max((len(t) for t in self.places), default=0)
        self.place_last = {t[-1] for t in self.places if t}
        for table in (self.unacc, self.nospace, *self.bare_unacc.values(), *self.bare_nospace.values()):
            for k in [k for k, v in table.items() if v < 0]:  # accent-free keys naming two bodies
                del table[k]

    # -- look-ups -------------------------------------------------------------
    def hit(self, idx: int, place_display: str | None = None) -> Hit:
        e = self.entries[idx]
        name = e.name
        if e.keep_place and place_display:
            name = name[: -len("tỉnh")] + place_display if name.endswith("tỉnh") else name
        succ = name if e.successor == e.name else e.successor
        return Hit(name, True, succ, e.head)

    def hit_by_id(self, ident: str) -> Hit | None:
        idx = self.by_id.get(ident)
        return None if idx is None else self.hit(idx)

    def place_of(self, text: str) -> str | None:
        """Official spelling of a province-level place written ``text`` (any case, accents)."""
        for k in keys(text):
            got = self.places.get(tuple(unacc(k).split()))
            if got:
                return got
        return None

    def find(self, ks: tuple[str, ...], ctx: str | None) -> int | None:
        """Exact, then accent-free, then space-free look-up; bare names under ``ctx`` ("sở"/"bộ")."""
        return _find(self, ks, ctx)

    def _find(self, ks: tuple[str, ...], ctx: str | None) -> int | None:
        head = ctx or "sở"
        for k in ks:
            if ctx and k in self.bare[ctx]:
                return self.bare[ctx][k]
            if k in self.exact:
                return self.exact[k]
            if not ctx and k in self.bare[head]:
                return self.bare[head][k]
        for table, bare, nospace in ((self.unacc, self.bare_unacc, False), (self.nospace, self.bare_nospace, True)):
            for k in ks:
                u = unacc(k)
                if nospace:
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
        words = [w for w in key.split() if unacc(w)]
        toks = [unacc(w) for w in words]
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
        plain = key == unacc(key)
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
            if not any(one_edit(u, c) for c in cand):
                return False
        return True


# the tables never change once loaded, and a cell's spans ask the same keys many times
_find = lru_cache(maxsize=131072)(Gazetteer._find)


@lru_cache(maxsize=8)
def load_gazetteer(extra: tuple[Path, ...] = ()) -> Gazetteer:
    """The built-in gazetteer with the user's files laid over it (loaded once per set of files,
    and its tables cached on disk across processes: ``data_cache``)."""
    files = (BUILTIN, *(Path(p) for p in extra))
    # the object's own pickling reloads the files (see __reduce__): the cache holds its tables
    state = data_cache.cached("gazetteer", (*files, PROVINCES), lambda: vars(Gazetteer(files)))
    gazetteer = Gazetteer.__new__(Gazetteer)
    vars(gazetteer).update(state)
    return gazetteer


def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer, loaded on first use."""
    return load_gazetteer(())
