"""Keys and atoms of agency cells: how two spellings of one body compare, and where a cell may be cut.

- ``keys``: comparison keys of a name (``fold_key``, joiners and the word "và" dropped, runs of
  capital abbreviations joined: "Sở KH & CN" ~ "Sở KH-CN" ~ "sở khcn");
- ``unacc``: a key without accents ("so khoa hoc");
- ``tokenize``: a cell cut into *atoms* at separators: hard ones (";", line bullets) that never
  join, soft ones ("," "/" newline) that a longer name may span ("Sở Văn hóa, Thể thao và Du
  lịch"), conditional ones ("và", a spaced dash) that split only between two bodies.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex as re

from phuluc.extract.text_keys import base_letters, fold_key

# A run of upper-case abbreviations joined by '&', '-', ',', '/', '.', 'và' ("LĐ-TB&XH",
# "VH, TT và DL") is one abbreviation: joined, all spellings share a key ("LĐTBXH").
_ABBR_RUN = re.compile(
    r"(?<!\p{L})\p{Lu}{1,6}(?:(?:\s*[&\-–—,/.]\s*|\s+(?:và|&)\s+)\p{Lu}{1,6})+(?!\p{L})"
)
_NOT_UPPER = re.compile(r"[^\p{Lu}]+")
_PUNCT = re.compile(r"[&\-–—,./:;+*•·\"'“”‘’()\[\]]+")


_ABBR_JOINERS = "&-–—,/."  # with "và": what every _ABBR_RUN match holds between its capitals


def _join_abbr(s: str) -> str:
    if not any(c.islower() for c in s):  # all capitals: "SỞ VĂN HÓA, THỂ THAO" is no abbreviation
        return s
    if "và" not in s and not any(c in s for c in _ABBR_JOINERS):  # nothing joins two capitals
        return s
    return _ABBR_RUN.sub(lambda m: _NOT_UPPER.sub("", m.group(0)), s)


@lru_cache(maxsize=65536)
def loose(s: str) -> str:
    """fold_key, with joiners and the word 'và' dropped: 'Sở KH & CN' ~ 'Sở KH-CN' ~ 'sở kh cn'."""
    k = _PUNCT.sub(" ", fold_key(s))
    if "và" not in k:  # no joiner word to drop (most names): spaces only
        return " ".join(k.split())
    # "và" is a joiner, also when glued to the word before it ("Sở Kế hoạchvà Đầu tư")
    return " ".join(t[:-2] if t.endswith("và") and len(t) > 2 else t for t in k.split() if t != "và")


@lru_cache(maxsize=65536)
def keys(s: str) -> tuple[str, ...]:
    a, b = loose(s), loose(_join_abbr(s))
    return (a,) if a == b else (a, b)


@lru_cache(maxsize=65536)
def unacc(k: str) -> str:
    """Accents off (đ -> d), and 'và' written without accents dropped like 'và': 'so khoa hoc'."""
    u = k if k.isascii() else base_letters(k)  # no accent to take off in ASCII
    if "va" in u:
        u = " ".join(t for t in u.split() if t != "va")
    return u


# ---------------------------------------------------------------------------
# Cleaning (light: cells arrive cleaned by normalize.text)
# ---------------------------------------------------------------------------

_NEEDS_CLEAN = re.compile(r"[<*_\u00d0\t\r\n\u00a0]|\s\s")
_MARKUP = re.compile(r"</?(?:b|i|u|strong|em|br)\s*/?>|\*\*|__", re.I)
_SPACES = re.compile(r"[^\S\n]+")


def clean_cell(text: str) -> str:
    """NFC, markup off, spaces collapsed, lines kept (a newline separates bodies).

    Only the light part of normalize.text's cleaning (no encoding repair: it must never change
    letters twice).
    """
    if not _NEEDS_CLEAN.search(text) and unicodedata.is_normalized("NFC", text):
        return text.strip()  # already a cleaned cell (the usual case)
    s = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\r\n", "\n").replace("\r", "\n")
    s = _MARKUP.sub("", s)
    lines = (_SPACES.sub(" ", line).strip() for line in s.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------
# Atoms
# ---------------------------------------------------------------------------

HARD, SOFT, COND = 3, 2, 1
_SEP = re.compile(
    r"""
      (?P<hard> \s*;\s* | (?:^|\n)[ \t]*[-+•*·–—][ \t]* )
    | (?P<soft> \s*[,/\n]\s* | \s+\+\s+ )
    | (?P<cond> \s*(?<!\w)v[àa]\s+ | \s+[-–—]\s* | \s*[-–—]\s+ )
    | (?P<paren> (?<=\))\s+(?=[^\s,;/.]) )
    """,
    re.X | re.M | re.I,
)
TRIM = " \t\n.:;,-–—+•*·"
Atoms = tuple[tuple[tuple[int, int], ...], tuple[int, ...]]


def _mask(s: str, dashed: re.Pattern[str] | None) -> str:
    """Hide separators that are not separators: text inside parentheses, dashed place names."""
    masked = s
    if "(" in s:  # nothing is inside parentheses without one
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
    if dashed is not None and "-" in s:  # "Bà Rịa - Vũng Tàu" is one name, not two pieces
        masked = dashed.sub(lambda m: "x" * len(m.group(0)), masked)
    return masked


# the separator kind of a match, by the name of its alternative (m.lastgroup: the groups are
# the pattern's only capturing groups, one per alternative)
_KIND = {"hard": HARD, "soft": SOFT, "cond": COND, "paren": SOFT}


@lru_cache(maxsize=32768)
def tokenize(s: str, dashed: re.Pattern[str] | None = None) -> Atoms:
    """Atoms (start, end) of ``s`` and the separator kind between consecutive atoms."""
    atoms: list[tuple[int, int]] = []
    seps: list[int] = []
    pending = 0  # strongest separator seen since the last atom
    pos = 0

    def add(a: int, b: int) -> None:
        nonlocal pending
        piece = s[a:b].lstrip(TRIM)  # the atom without its trimmed ends (str.strip runs in C)
        a = b - len(piece)
        b = a + len(piece.rstrip(TRIM))
        if a < b:
            if atoms:
                seps.append(pending or SOFT)
            atoms.append((a, b))
            pending = 0

    for m in _SEP.finditer(_mask(s, dashed)):
        add(pos, m.start())
        pending = max(pending, _KIND[m.lastgroup])
        pos = m.end()
    add(pos, len(s))
    return tuple(atoms), tuple(seps)
