"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows): detection and conversion to Unicode.

Input is text as our readers see it: the legacy font's bytes decoded as Windows-1252 /
Latin-1, e.g. ``"Tæ chøc"`` (TCVN3) or ``"Toå chöùc"`` (VNI) for ``"Tổ chức"``.

Detection is per string (a cell or a paragraph) and deliberately conservative: a string is
converted only when several of its words are *not* Vietnamese syllables as written but
*become* valid syllables once decoded. Ordinary Unicode Vietnamese, English, numbers and the
odd ``©``/``®``/``µ`` are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from phuluc.extract.legacy_tables import (
    TCVN3_CAPITALS,
    TCVN3_GAP_CAPITALS,
    TCVN3_LOWER,
    VNI_LOWER,
    VNI_UPPER,
)

__all__ = [
    "ENCODINGS",
    "detect_legacy",
    "encoding_for_font",
    "fix_legacy",
    "from_unicode",
    "is_syllable",
    "to_unicode",
]

ENCODINGS = ("tcvn3", "vni")

# ---------------------------------------------------------------------------
# Decoding tables
# ---------------------------------------------------------------------------

# C1 controls: a Latin-1 (not cp1252) reader turns Word's smart quotes/dashes into these.
_C1_TO_CP1252: dict[int, str] = {}
for _b in range(0x80, 0xA0):
    try:
        _C1_TO_CP1252[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass

_TCVN3_DECODE: dict[int, str] = dict(_C1_TO_CP1252)
for _u, _code in TCVN3_LOWER.items():
    if _code != _u:
        _TCVN3_DECODE[ord(_code)] = _u
for _u, _code in TCVN3_CAPITALS.items():
    _TCVN3_DECODE[ord(_code)] = _u
for _code, _u in TCVN3_GAP_CAPITALS.items():
    _TCVN3_DECODE[ord(_code)] = _u
# Codes that stand for lower-case letters: in a ".VnTimeH" run they are drawn as capitals.
_TCVN3_LOWER_CODES = frozenset(c for u, c in TCVN3_LOWER.items() if c != u)

_VNI_DECODE: dict[str, str] = {}
for _table in (VNI_LOWER, VNI_UPPER):
    for _u, _code in _table.items():
        if _code != _u:
            _VNI_DECODE[_code] = _u
# Longest first so "ôù" (ớ) wins over "ô" (ơ).
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True)))

_TCVN3_ENCODE: dict[str, str] = {}
for _u, _code in TCVN3_LOWER.items():
    _TCVN3_ENCODE[_u] = _code
    _up = _u.upper()
    if _up not in TCVN3_CAPITALS and not _up.isascii():
        # Accented capitals: the lower-case code, as typed in the ".VnTimeH" font.
        _TCVN3_ENCODE[_up] = _code
_TCVN3_ENCODE.update(TCVN3_CAPITALS)
_VNI_ENCODE: dict[str, str] = {**VNI_LOWER, **VNI_UPPER}

# A "word" as the detector sees it: ASCII letters plus every Latin-1 character the legacy
# tables use (0xA1-0xFF except the symbols ° ± ² ³ ´ that neither table uses as letters).
_TOKEN = re.compile(r"[A-Za-z\u00a1-\u00af\u00b5-\u00ff]+")

# Any Vietnamese letter outside Latin-1, or a combining mark: the string is Unicode already.
_UNICODE_VIET = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300-\u036f]")
_LATIN1_HIGH = re.compile("[\u0080-\u00ff]")
# Letters a Windows-1252 reader can produce; any other letter means the text is Unicode.
_CP1252_LETTERS = frozenset(c for c in _C1_TO_CP1252.values() if c.isalpha())

# ---------------------------------------------------------------------------
# Vietnamese syllable check (phonotactics, not a dictionary)
# ---------------------------------------------------------------------------

_ONSETS = (
    "ngh", "ng", "nh", "ch", "tr", "th", "kh", "ph", "gh", "gi", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    "kr",  # Central Highlands place names: "Krông"
)
_RHYMES = frozenset(
    """
    a ai ao au ay am an ang anh ac ach ap at
    ăm ăn ăng ăc ăp ăt
    âm ân âng âc âp ât âu ây
    e em en eng ec ep et eo
    ê êm ên ênh êch êp êt êu
    i ia im in inh ich ip it iu iêm iên iêng iêc iêp iêt iêu
    y yêm yên yêt yêu
    o oi om on ong oc op ot oong ooc
    ô ôi ôm ôn ông ôc ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua ui um un ung uc up ut uôi uôm uôn uông uôc uôt
    uê uêch uênh uân uâng uât uây uơ uy uya uyên uyêt uych uynh uyt uyu
    ư ưa ưi ưu ưm ưng ưc ưt ươi ươm ươn ương ươc ươp ươt ươu
    oa oai oay oam oan oang oanh oac oach oap oat oăm oăn oăng oăc oăt oe oen oeo oet
    ak ăk
    """.split()  # the last line: place names of the Central Highlands ("Đắk Lắk")
)
_FRONT = ("i", "y", "e", "ê")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"", "\u0301", "\u0323"}  # stop finals (c ch p t) take only sắc / nặng
_STOP_FINALS = ("c", "ch", "p", "t", "k")
_GLIDES = "iyou"


def _split_tone(word: str) -> tuple[str, str, bool] | None:
    """Toneless NFC letters, the tone mark ('' for ngang) and whether the tone sits on the
    last letter; None if two tone marks."""
    d = unicodedata.normalize("NFD", word)
    tones = [i for i, c in enumerate(d) if c in _TONE_MARKS]
    if len(tones) > 1:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
    if not tones:
        return base, "", False
    on_last = not any(unicodedata.combining(c) == 0 for c in d[tones[0] + 1:])
    return base, d[tones[0]], on_last


def _rhyme_ok(onset: str, rhyme: str) -> bool:
    if onset == "qu":
        return bool(rhyme) and not rhyme.startswith("u") and (rhyme in _RHYMES or "u" + rhyme in _RHYMES)
    if onset == "gi":
        return rhyme == "" or rhyme in _RHYMES or "i" + rhyme in _RHYMES
    if rhyme not in _RHYMES:
        return False
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "ng"):
        return not front
    if onset == "g":
        return not rhyme.startswith(("e", "ê", "y"))
    return True


@lru_cache(maxsize=100_000)
def is_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC) is a phonotactically valid Vietnamese syllable."""
    split = _split_tone(word.lower())
    if split is None:
        return False
    base, tone, on_last = split
    if not base or not all(c.isalpha() for c in base):
        return False
    for onset in ("", *_ONSETS):
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if not _rhyme_ok(onset, rhyme):
            continue
        if rhyme.endswith(_STOP_FINALS) and tone not in _STOP_TONES:
            continue
        if on_last and len(rhyme) >= 2 and rhyme[-1] in _GLIDES and rhyme != "uy":
            continue  # a tone on a final glide ("hoaì", "quyù") is never Vietnamese
        return True
    return False


def _is_abbreviation(word: str) -> bool:
    # "QĐ", "HĐND", "ĐT": capitals with no Vietnamese vowel marks are abbreviations,
    # neither evidence for nor against a decoding.
    return word.isupper() and all(c.isascii() or c == "Đ" for c in word)


# ---------------------------------------------------------------------------
# TCVN3
# ---------------------------------------------------------------------------

# Words whose vanished "ư" leaves another valid syllable; restored only when the same
# string shows other vanished-ư damage.
_VANISHED_U_WORDS = {"ngời": "người", "dới": "dưới"}


def _onset_len(word: str) -> int:
    low = word.lower()
    for onset in _ONSETS:
        if low.startswith(onset):
            return len(onset)
    return 0


def _has_vowel(word: str) -> bool:
    return any(unicodedata.normalize("NFD", c)[0] in "aeiouyAEIOUY" for c in word)


def _restore_u(word: str) -> str | None:
    """Re-insert an "ư" lost with TCVN3's soft-hyphen code: "Khơng" → "Khương"."""
    i = _onset_len(word)
    mark = "Ư" if word.isupper() and len(word) > 1 else "ư"
    cand = word[:i] + mark + word[i:]
    return cand if is_syllable(cand) else None


def _tcvn3_decode(s: str, upper: bool = False) -> tuple[str, bool]:
    """Decode TCVN3 text; returns (text, whether vanished "ư" letters were restored)."""
    s = s.translate(_C1_TO_CP1252)
    matches = list(_TOKEN.finditer(s))
    if not matches:
        return s, False
    raw = [m.group(0) for m in matches]
    conv = [t.translate(_TCVN3_DECODE) for t in raw]

    if upper:
        conv = [c.upper() for c in conv]
    else:
        conv = _tcvn3_case(raw, conv)

    restored = False
    if "\u00ad" not in s:
        # The soft hyphen (ư) may have been dropped by the tool that produced the text.
        pending: list[int] = []
        for i, c in enumerate(conv):
            if is_syllable(c) or _is_abbreviation(c):
                continue
            if raw[i].isascii():
                pending.append(i)  # "nhng" → "nhưng": only with other evidence, below
                continue
            fixed = _restore_u(c) if _has_vowel(c) else None  # not "đ" of "đ/c"
            if fixed:
                conv[i] = fixed
                restored = True
        if restored:
            for i in pending:
                if not any(ch in "aeiouy" for ch in raw[i].lower()) and len(raw[i]) >= 2:
                    fixed = _restore_u(conv[i])
                    if fixed:
                        conv[i] = fixed
            for i, c in enumerate(conv):
                low = c.lower()
                if low in _VANISHED_U_WORDS:
                    rep = _VANISHED_U_WORDS[low]
                    conv[i] = rep.upper() if c.isupper() else (rep.capitalize() if c[0].isupper() else rep)

    out: list[str] = []
    pos = 0
    for m, c in zip(matches, conv, strict=True):
        out.append(s[pos:m.start()].translate(_TCVN3_DECODE))
        out.append(c)
        pos = m.end()
    out.append(s[pos:].translate(_TCVN3_DECODE))
    return unicodedata.normalize("NFC", "".join(out)), restored


def _ascii_case(t: str) -> tuple[int, int]:
    up = sum(1 for c in t if "A" <= c <= "Z")
    low = sum(1 for c in t if "a" <= c <= "z")
    return up, low


def _tcvn3_case(raw: list[str], conv: list[str]) -> list[str]:
    """Upper-case words typed in a ".VnTimeH" font (lower-case codes drawn as capitals).

    Without the font name we infer it: a word whose ASCII letters are all capitals (two or
    more) but which also holds lower-case codes ("CéNG", "VIÖT") is H-font text; if the whole
    string has no lower-case ASCII letter and one such word, every word is upper-cased.
    Short words ("X·", "ë") follow their neighbours.
    """
    info = []
    for t in raw:
        up, low = _ascii_case(t)
        codes = any(c in _TCVN3_LOWER_CODES for c in t)
        info.append((up, low, codes))
    caps = [up >= 2 and low == 0 for up, low, _ in info]
    h_font = [caps[i] and info[i][2] for i in range(len(raw))]
    if any(h_font) and not any(low for _, low, _ in info):
        return [c.upper() for c in conv]
    out = list(conv)
    for i, (up, low, codes) in enumerate(info):
        if not codes or low:
            continue
        if h_font[i]:
            out[i] = conv[i].upper()
            continue
        if up <= 1 and not caps[i]:
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(raw)]
            if neighbours and all(caps[j] for j in neighbours) and any(h_font[j] for j in neighbours):
                out[i] = conv[i].upper()
            elif up == 1 and not raw[i][0].isupper():
                out[i] = conv[i].upper()  # "ñY": a capital after a code → the code is a capital too
    return out


# ---------------------------------------------------------------------------
# VNI
# ---------------------------------------------------------------------------


def _vni_decode(s: str) -> str:
    s = s.translate(_C1_TO_CP1252)
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI_DECODE[m.group(0)], s))


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def encoding_for_font(font: str | None) -> str | None:
    """Legacy encoding signalled by a font name: ".VnTime" → "tcvn3", ".VnTimeH" → "tcvn3h",
    "VNI-Times" → "vni"; None for Unicode fonts. PDF subset prefixes ("ABCDEF+") are ignored.
    """
    if not font:
        return None
    name = font.split("+", 1)[-1].strip()
    low = name.lower()
    if low.startswith(".vn") or low.startswith("vn") and not low.startswith(("vni", "vn-")):
        base = re.sub(r"[-,](bold|italic|bolditalic|regular)$", "", name, flags=re.I)
        return "tcvn3h" if base.endswith("H") else "tcvn3"
    if low.startswith("vni"):
        return "vni"
    return None


def to_unicode(s: str, encoding: str, *, upper: bool = False) -> str:
    """Convert text in a legacy encoding to NFC Unicode.

    ``encoding``: "tcvn3", "tcvn3h" (a ".VnTimeH"-style capitals font) or "vni". For TCVN3,
    words typed in an H font are upper-cased when the context shows it, and an "ư" lost with
    its soft-hyphen code is restored where the word is otherwise not Vietnamese.
    ``upper`` forces upper case (the caller knows the run's font ends in "H").
    """
    enc = encoding.lower()
    if enc in ("tcvn3", "abc", "tcvn3h"):
        return _tcvn3_decode(s, upper=upper or enc == "tcvn3h")[0]
    if enc in ("vni", "vni-windows"):
        out = _vni_decode(s)
        return out.upper() if upper else out
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


def from_unicode(s: str, encoding: str) -> str:
    """Encode Unicode text as a legacy font would show it (the inverse of :func:`to_unicode`).

    TCVN3 accented capitals get the lower-case code (".VnTimeH" practice); characters the
    encoding lacks are kept. Used to build test data and fixtures.
    """
    s = unicodedata.normalize("NFC", s)
    enc = encoding.lower()
    if enc in ("tcvn3", "abc"):
        table = _TCVN3_ENCODE
    elif enc in ("vni", "vni-windows"):
        table = _VNI_ENCODE
    else:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return "".join(table.get(c, c) for c in s)


_MICRO_UNIT = re.compile(r"\u00b5(?:m|g|s|l|L|A|V|W|F|H|Hz|mol|Pa)")


@lru_cache(maxsize=50_000)
def _token_verdict(token: str, enc: str, restore: bool) -> tuple[int, int]:
    """(good, bad) evidence of one word for one encoding."""
    conv = token.translate(_TCVN3_DECODE) if enc == "tcvn3" else _vni_decode(token)
    if conv == token or len(token) < 2 or _MICRO_UNIT.fullmatch(token):
        return 0, 0  # unchanged, a lone symbol such as "©", "®", "µ", or a unit ("µm")
    if is_syllable(conv):
        return (0, 0) if is_syllable(token) else (1, 0)
    if _is_abbreviation(conv):
        return 0, 0
    if restore and enc == "tcvn3" and not token.isascii() and _has_vowel(conv) and _restore_u(conv):
        return (0, 0) if is_syllable(token) else (1, 0)
    return 0, 1


def _evidence(s: str, enc: str) -> tuple[int, int, int]:
    restore = "\u00ad" not in s
    good = bad = longest = 0
    for t in _TOKEN.findall(s):
        g, b = _token_verdict(t, enc, restore)
        good += g
        bad += b
        if g:
            longest = max(longest, len(t))
    return good, bad, longest


def _changes_into_syllables(s: str, enc: str) -> bool:
    """Some word changes under ``enc`` into a Vietnamese syllable ("Sè" → "Số"): weak
    evidence, used only when the rest of the document is known to be in ``enc``."""
    for t in _TOKEN.findall(s):
        if t.isascii():
            continue
        conv = t.translate(_TCVN3_DECODE) if enc == "tcvn3" else _vni_decode(t)
        if conv != t and is_syllable(conv):
            return True
    return False


def _accept(good: int, bad: int, longest: int) -> bool:
    if good >= 2:
        return good >= 2 * bad
    # One converted word is weak evidence ("5µm" → "5àm"): only a longer word, no failures.
    return good == 1 and bad == 0 and longest >= 3


def detect_legacy(s: str, prior: str | None = None) -> str | None:
    """"tcvn3", "vni" or None: the legacy encoding ``s`` is written in, judged from content.

    ``prior``: the encoding the rest of the document is known to be in; then a single
    short converted word with no failures is enough ("Sè:" → "Số:").
    """
    if not s or s.isascii() or _UNICODE_VIET.search(s) or not _LATIN1_HIGH.search(s):
        return None
    if any(ord(c) > 0xFF and c.isalpha() and c not in _CP1252_LETTERS for c in s):
        return None  # a letter no legacy font read as cp1252 gives: Unicode text
    scores = []
    for enc in ENCODINGS:
        good, bad, longest = _evidence(s, enc)
        if _accept(good, bad, longest) or (enc == prior and bad == 0 and _changes_into_syllables(s, enc)):
            scores.append((good - bad, enc))
    if not scores:
        return None
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        return None  # both readings equally plausible: leave the text alone
    return scores[0][1]


def fix_legacy_explain(s: str, prior: str | None = None) -> tuple[str, str | None, bool]:
    """Like :func:`fix_legacy`, plus whether vanished TCVN3 "ư" letters were restored."""
    enc = detect_legacy(s, prior)
    if enc is None and "\u00ad" in s:
        # Soft hyphens are removed later as invisible characters; decide as if they were
        # already gone so that cleaning stays idempotent, but keep them as "ư" if TCVN3.
        enc = detect_legacy(s.replace("\u00ad", ""), prior)
    if enc is None:
        return s, None, False
    if enc == "tcvn3":
        text, restored = _tcvn3_decode(s)
        return text, enc, restored
    return _vni_decode(s), enc, False


def fix_legacy(s: str, prior: str | None = None) -> tuple[str, str | None]:
    """Detect and convert legacy-encoded text: (converted text, encoding) or (s, None)."""
    text, enc, _ = fix_legacy_explain(s, prior)
    return text, enc
