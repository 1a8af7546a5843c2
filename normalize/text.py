"""Text cleaning for transcribed cells, and folded keys for matching.

``clean_text`` produces the output form of a cell (spec: output-format.md, "Text cleaning
rules"): a faithful transcription, only repaired at the character level. ``fold_key`` and
``ascii_key`` (from extract/text_keys.py) are comparison keys, never output.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from phuluc.extract.encodings import fix_legacy_explain
from phuluc.extract.text_keys import ascii_key, fold_key

__all__ = ["ascii_key", "clean_text", "clean_text_explain", "fold_key"]

# Repair names reported by clean_text_explain (the reconstruction stores them as flags).
#   legacy:tcvn3 / legacy:vni  legacy-encoded text converted
#   legacy:u-restored          TCVN3 "ư" lost with its soft-hyphen code re-inserted (heuristic)
#   invisible                  zero-width characters / soft hyphens removed
#   combining-space            stray spaces before combining marks removed ("Viê ̣t")
#   nfc                        decomposed Vietnamese recomposed
#   eth                        Ð/ð/Ɖ look-alikes replaced by Đ/đ
#   markup                     HTML/markdown markup removed
#   hyphen-join                a word hyphenated across a line end rejoined
#   token-join                 a date or symbol broken at a line end inside it rejoined ("30/" / "6/2026")

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_COMBINING_SPACE = re.compile(r"\s+(?=[\u0300-\u036f])")
_COMBINING = re.compile("[\u0300-\u036f]")
_ETH = re.compile("[\u00d0\u0189\u00f0]")
_VIET_SPECIFIC = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")

# Block tags become line breaks (joined with a space later); inline tags vanish.
# "<" is directly followed by the name, as in real markup ("a < b > c" is not a tag).
_BLOCK_TAG = re.compile(r"<(?:br|/p|p|/div|div|/li|li)(?:\s[^<>]*)?/?\s*>", re.IGNORECASE)
_INLINE_TAG = re.compile(
    r"</?(?:b|i|u|s|strong|em|span|font|sup|sub|mark|small|strike|ins|del|ul|ol)(?:\s[^<>]*)?/?\s*>",
    re.IGNORECASE,
)
# Markdown emphasis: "**" / "__" (also "***"), but not long rules of them ("_____" blanks).
_MD_EMPHASIS = re.compile(r"(?<![*_])(?:\*{2,3}|_{2})(?![*_])")
_MARKUP_HINT = re.compile(r"[<*_]")

# A word hyphenated across a line end: the hyphen is part of the token ("71-\nNQ/TW",
# "2011-\n2015", "QĐ-\nUBND"); Vietnamese syllables are separate words, so the line break
# is dropped and the hyphen kept. " -\n" (a spaced dash) is an ordinary line join.
_LINE_HYPHEN = re.compile(r"(?<=\w)([-\u2010\u2011])[ \t]*[\n\r\x0b\u2028\u2029]\s*(?=\w)")
# The same break after an extractor already turned the line end into a space: a hyphen
# glued to the word before it and followed by a space ("Sở LĐ- TB&XH") — a dash between
# words is spaced on both sides ("kinh tế - xã hội") and stays as it is.
_SPACED_HYPHEN = re.compile(r"(?<=[^\W_])([-\u2010\u2011]) (?=[^\W\d_])")
_SPACE = re.compile(r"\s+")
# A token broken inside by a narrow cell: Word and LibreOffice break a token wider than its
# cell anywhere, and line breakers after a slash ("30/" / "6/2026", "Quý II" / "/2026",
# "12/" / "QĐ-UBND", "2026-202" / "7"). The line break is dropped where a slash touches it
# between two words or numbers (a slash is never spaced in a date, a document symbol or
# "và/hoặc"), or where it splits the digits of a year after "/", "-" or "." (the two parts
# make a year of four digits); a line break between two numbers is otherwise a separator.
_LINE_SLASH = re.compile(r"(?<=\w/)[ \t]*\n\s*(?=\w)|(?<=\w)[ \t]*\n\s*(?=/\w)")
_LINE_YEAR = re.compile(r"(?<![\d/.-])(\d{1,4}(?:[-/.]\d{1,2})*[-/.]\d{1,3})[ \t]*\n\s*(\d{1,3})(?!\d)")

# Flags are reported in pipeline-description order whatever order the steps ran in.
_FLAG_ORDER = (
    "legacy:tcvn3", "legacy:vni", "legacy:u-restored", "invisible", "combining-space", "nfc",
    "eth", "markup", "hyphen-join", "token-join",
)


def _remove_markup(s: str) -> str:
    for _ in range(5):  # removing one tag may reveal another ("<<b>b>")
        prev = s
        s = _BLOCK_TAG.sub("\n", s)
        s = _INLINE_TAG.sub("", s)
        s = _MD_EMPHASIS.sub("", s)
        if s == prev:
            break
    return s


def _fix_eth(s: str) -> str:
    fixed = s.replace("\u00d0", "Đ").replace("\u0189", "Đ")
    # ð is Icelandic unless the text is Vietnamese (or had the capital look-alike too).
    if "\u00f0" in fixed and (fixed != s or _VIET_SPECIFIC.search(fixed)):
        fixed = fixed.replace("\u00f0", "đ")
    return fixed


def clean_text_explain(s: str | None) -> tuple[str, list[str]]:
    """Clean a cell and name the repairs applied (see the flag list at the top of the module).

    Repairs: legacy encoding (TCVN3/VNI) converted, NFC recomposition (with stray spaces
    before combining marks and zero-width characters removed), Ð → Đ, markup removed, lines
    joined (a hyphenated line end rejoined without a space), whitespace collapsed, stripped.
    The wording itself is never changed.

    Markup and zero-width characters are removed, and the text recomposed, *before* the
    legacy detector looks at it, so that it judges the same words on a second run (cleaning
    is idempotent); none of these steps touches legacy-encoded letters.
    """
    if not s:
        return "", []
    text, flags = _clean(s)
    return text, list(flags)


# A table repeats its cells (bodies, deliverables, times): each distinct string is cleaned once
# (bounded: a long table's distinct prose would otherwise all be kept). Cleaning is a pure
# function of the string.
@lru_cache(maxsize=65536)
def _clean(s: str) -> tuple[str, tuple[str, ...]]:
    flags: set[str] = set()
    ascii_only = s.isascii()  # fast path: pure ASCII needs no Unicode repair
    if not ascii_only and _ZERO_WIDTH.search(s):
        s = _ZERO_WIDTH.sub("", s)
        flags.add("invisible")
    if _MARKUP_HINT.search(s):
        fixed = _remove_markup(s)
        if fixed != s:
            s = fixed
            flags.add("markup")
    if not ascii_only:
        if _COMBINING.search(s):
            fixed = _COMBINING_SPACE.sub("", s)
            if fixed != s:
                s = fixed
                flags.add("combining-space")
        if not unicodedata.is_normalized("NFC", s):
            s = unicodedata.normalize("NFC", s)
            flags.add("nfc")
        s, enc, restored = fix_legacy_explain(s)
        if enc:
            flags.add(f"legacy:{enc}")
            if restored:
                flags.add("legacy:u-restored")
        if "\u00ad" in s:  # soft hyphens left in Unicode text
            s = s.replace("\u00ad", "")
            flags.add("invisible")
            # Its removal may join what it separated ("*\u00ad*", a letter and its mark):
            # clean the result once more (soft hyphens are rare, so this costs nothing).
            s, more = clean_text_explain(s)
            flags.update(more)
        if _ETH.search(s):
            fixed = _fix_eth(s)
            if fixed != s:
                s = fixed
                flags.add("eth")
    if "-" in s or "\u2010" in s or "\u2011" in s:
        joined = _LINE_HYPHEN.sub(r"\1", s)
        if joined != s:
            s = joined
            flags.add("hyphen-join")
    if "\n" in s and ("/" in s or "-" in s or "." in s):  # (the only tokens it may join)
        joined = _join_numbers(s)
        if joined != s:
            s = joined
            flags.add("token-join")
    s = _SPACE.sub(" ", s).strip()
    if "- " in s:
        joined = _SPACED_HYPHEN.sub(r"\1", s)
        if joined != s:
            s = joined
            flags.add("hyphen-join")
    return s, tuple(f for f in _FLAG_ORDER if f in flags)


def _year_cut(m: re.Match[str]) -> str:
    head, tail = m.group(1), m.group(2)
    last = re.split(r"[-/.]", head)[-1]
    year = last + tail
    if len(year) == 4 and year[:2] in ("19", "20") and len(last) < 4:
        return head + tail
    return m.group(0)


def _join_numbers(s: str) -> str:
    return _LINE_YEAR.sub(_year_cut, _LINE_SLASH.sub("", s))


def clean_text(s: str | None) -> str:
    """Clean a cell for the transcription: legacy fix, NFC, Ð → Đ, markup removed, lines
    joined, spaces collapsed."""
    return clean_text_explain(s)[0]
