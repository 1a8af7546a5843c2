"""Text keys: the one place where strings are folded for comparison (never for output).

Every stage compares text the same way, so the folds live here, in extract (which later
stages may import; extract never imports them):

- ``DASH_CHARS`` / ``DASHES``: the dash look-alikes that mean "-" (hyphens, en/em dashes, minus);
- ``plain``: a cell without markup, NFC, whitespace collapsed (classifying, not output);
- ``key``: ``plain`` in lower-case ASCII by transliteration ("Đơn vị chủ trì" -> "don vi chu tri");
- ``lower_key``: NFC, lower case, whitespace collapsed, accents kept (header words);
- ``fold_key``: NFC, lower case, tone placement unified ("hoà" = "hòa"), dashes unified;
- ``ascii_key``: ``fold_key`` without diacritics (text typed without accents);
- ``base_letters``: accents off letter by letter, keeping the string's length (đ -> d).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

__all__ = ["DASHES", "DASH_CHARS", "ascii_key", "base_letters", "fold_key", "has_markup", "key", "lower_key", "plain",
           "transliterate"]

DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASHES = str.maketrans({c: "-" for c in DASH_CHARS})  # for str.translate
_DASH_RE = re.compile(f"[{DASH_CHARS}]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_MARKUP = re.compile(r"</?(?:b|i|u|strong|em)\s*>|\*\*|__", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def has_markup(s: str) -> bool:
    """Whether ``s`` may hold markup: the characters every markup match starts with (most
    cells have none, so the regex is skipped)."""
    return "<" in s or "*" in s or "__" in s


def plain(s: str | None) -> str:
    """Cell text without markup, NFC, whitespace collapsed (for classifying, not output)."""
    if not s:
        return ""
    return _plain(s)


# reconstruction asks for the plain text of the same cell a dozen times (header, ditto, blank,
# number checks): a bounded cache on the string makes the repeats a dict look-up
@lru_cache(maxsize=65536)
def _plain(s: str) -> str:
    if has_markup(s):
        s = _MARKUP.sub("", s)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    # str.split() splits on the same whitespace as \s and drops it at both ends
    return " ".join(s.split())


class _Transliteration(dict):
    """Code point -> unidecode's ASCII for it, filled as characters are met. unidecode
    replaces character by character, so ``s.translate`` of this table is ``unidecode(s)``,
    done in C instead of a Python loop over every character."""

    def __missing__(self, codepoint: int) -> str:
        ascii_ = self[codepoint] = unidecode(chr(codepoint))
        return ascii_


_ASCII = _Transliteration()


def transliterate(s: str) -> str:
    """``unidecode(s)``, fast: 'Đơn vị' -> 'Don vi'."""
    return s if s.isascii() else s.translate(_ASCII)


@lru_cache(maxsize=65536)
def key(s: str) -> str:
    """ASCII, lower-case key: 'Đơn vị chủ trì' -> 'don vi chu tri'."""
    return " ".join(transliterate(plain(s)).lower().split())


def lower_key(s: str) -> str:
    """NFC, lower case, whitespace collapsed; accents and dashes as printed."""
    return " ".join(unicodedata.normalize("NFC", s).lower().split())


# Tone placement in oa / oe / uy: old style "hòa, khỏe, thủy", new style "hoà, khoẻ, thuỷ".
# The key puts the mark on the first vowel in an open syllable (old style) and on the
# second vowel before a final ("hoàn", "toán": the same in both styles; "hòan" is folded
# too). "qu" + y keeps its mark on y ("quý"); "qua"/"quà" are not oa.
_TONE_OF: dict[str, tuple[str, str]] = {}
_WITH_TONE: dict[tuple[str, str], str] = {}
for _base in "aeouy":
    for _tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
        _ch = unicodedata.normalize("NFC", _base + _tone)
        _TONE_OF[_ch] = (_base, _tone)
        _WITH_TONE[(_base, _tone)] = _ch
_O = "oòóõỏọ"
_U = "uùúũủụ"
_A = "aàáãảạ"
_E = "eèéẽẻẹ"
_Y = "yỳýỹỷỵ"
# (?=(\w*))\2 takes the rest of the word atomically (no backtracking into a shorter rest).
_GLIDE_PAIR = re.compile(rf"(?<!q)([{_O}][{_A}{_E}]|[{_U}][{_Y}])(?=(\w*))\2(?![\u0300-\u036f])")


def _fold_glide(m: re.Match[str]) -> str:
    pair, rest = m.group(1), m.group(2)
    (b1, t1), (b2, t2) = _TONE_OF[pair[0]], _TONE_OF[pair[1]]
    if bool(t1) == bool(t2):
        return m.group(0)  # no tone on the pair (or two): nothing to unify
    tone = t1 or t2
    if rest and unicodedata.normalize("NFD", rest[0])[0] not in "aeiouy":
        # Closed syllable ("hoàn", "khuỷu" is open+glide): mark on the second vowel.
        return _WITH_TONE[(b1, "")] + _WITH_TONE[(b2, tone)] + rest
    if rest:
        return m.group(0)  # followed by a vowel ("oai", "uyê", "uyu"): fixed placement
    return _WITH_TONE[(b1, tone)] + _WITH_TONE[(b2, "")]


def fold_key(s: str) -> str:
    """A matching key: NFC, lower case, tone placement unified, whitespace collapsed.

    Never used for output text: only to compare strings. Also maps Ð → Đ, drops
    zero-width characters and folds dash look-alikes to "-".
    """
    if not s:
        return ""
    if not s.isascii():
        s = _INVISIBLE.sub("", s)
        s = unicodedata.normalize("NFC", s).replace("\u00d0", "Đ").replace("\u0189", "Đ")
        s = _DASH_RE.sub("-", s)
    s = s.lower()
    if not s.isascii():
        # Case mapping can leave a composable pair ("W̊" → "ẘ"): normalise again.
        if not unicodedata.is_normalized("NFC", s):
            s = unicodedata.normalize("NFC", s)
        s = _GLIDE_PAIR.sub(_fold_glide, s)
    return _SPACE.sub(" ", s).strip()


_ASCII_FOLD: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}


def ascii_key(s: str) -> str:
    """fold_key without diacritics (đ → d): for matching text typed without accents."""
    k = fold_key(s)
    if k.isascii():
        return k
    d = unicodedata.normalize("NFD", k.translate(_ASCII_FOLD))
    return "".join(c for c in d if not unicodedata.combining(c))


class _BaseLetters(dict):
    """Code point -> the letter without its accents (đ -> d), filled as characters are met
    (a table of every Latin letter built at import costs every process ~5 ms)."""

    def __missing__(self, codepoint: int) -> str:
        c = chr(codepoint)
        if not 0xC0 <= codepoint < 0x1EFA:  # Latin letters with accents, Vietnamese's included
            base = c
        elif c in "đĐ":
            base = "d" if c == "đ" else "D"
        else:
            base = "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x))
            if len(base) != 1:  # a letter that does not decompose to one base letter stays
                base = c
        self[codepoint] = base
        return base


_BASE = _BaseLetters()


def base_letters(s: str) -> str:
    """Precomposed letters without their accents, one for one (same length): 'Sở Y tế' -> 'So Y te'."""
    return s.translate(_BASE)
