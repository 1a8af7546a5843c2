"""The document's text as lines, and the case of names printed in capitals."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from phuluc.extract.model import Paragraph
from phuluc.extract.text_keys import DASHES, fold_key
from phuluc.normalize import yaml_data
from phuluc.normalize.metadata.vocabulary import HEADS, PHRASES


@dataclass
class Line:
    text: str  # cleaned, dashes as printed
    norm: str  # same length text with dashes unified, for matching
    sep: bool = False  # a rule line ("-----", "____", "*")


_SEPARATOR = re.compile(r"^[\s\-_=*.~…·•\u2013\u2014]{3,}$|^\s*\*\s*$")
_TAGS = re.compile(r"<[^>]{1,40}>")
_BOLD = re.compile(r"\*\*|__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
WS = re.compile(r"\s+")


def clean_line(raw: str) -> str:
    """One printed line without markup (HTML tags, markdown emphasis and headings), spaces collapsed."""
    s = unicodedata.normalize("NFC", raw.replace("\u00d0", "Đ").replace("\u00a0", " "))
    s = _TAGS.sub(" ", s)
    s = _HEADING.sub("", s)
    s = _BOLD.sub("", s)
    s = _ITALIC.sub("", s)
    s = _ESCAPE.sub(r"\1", s)
    return WS.sub(" ", s).strip()


def lines_of(paragraphs: list[Paragraph]) -> list[Line]:
    out: list[Line] = []
    for p in paragraphs:
        for raw in (p.text or "").splitlines():
            if _SEPARATOR.match(raw) and raw.strip():
                out.append(Line("", "", sep=True))
                continue
            text = clean_line(raw)
            if text:
                out.append(Line(text, text.translate(DASHES)))
    return out


# ---------------------------------------------------------------------------
# Case
# ---------------------------------------------------------------------------


def cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def place_key(s: str) -> str:
    """Comparison key of a place name: fold_key with the spaces around a dash dropped."""
    return re.sub(r"\s*-\s*", "-", fold_key(s))


@lru_cache(maxsize=1)
def provinces() -> dict[str, tuple[str, str]]:
    """Folded spelling → (official name, unit)."""
    data = yaml_data.load_file(Path(__file__).parent.parent / "data" / "provinces.yaml")
    out: dict[str, tuple[str, str]] = {}
    for p in data["provinces"]:
        for name in [p["name"], *p.get("aliases", [])]:
            out[place_key(name)] = (p["name"], p["unit"])
    return out


def place_name(s: str) -> str:
    """A place name in any case → official spelling if it is a province, else each word capitalised."""
    s = WS.sub(" ", s).strip(" ,.;:-")
    hit = provinces().get(place_key(s))
    if hit:
        return hit[0]
    if s != s.upper():
        return s  # printed in normal case: keep as printed
    return regex.sub(r"\p{L}+", lambda m: cap(m.group(0)), s.lower())


_PHRASE_RE = regex.compile(
    r"(?<![\p{L}])(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in PHRASES) + r")(?![\p{L}])"
)


def body_case(caps: str) -> str:
    """Title-case a body name printed in capitals: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và Công nghệ"."""
    placeholders: list[str] = []

    def keep(m: regex.Match) -> str:
        placeholders.append(PHRASES[WS.sub(" ", m.group(0)).upper()])
        return f"\x00{len(placeholders) - 1}\x00"

    words = _PHRASE_RE.sub(keep, WS.sub(" ", caps).strip()).split(" ")
    out: list[str] = []
    cap_next = True
    i = 0
    while i < len(words):
        w = words[i]
        if "\x00" in w:
            out.append(w)
            cap_next = True  # the word after "Ủy ban nhân dân" is a locality word, handled by caller
            i += 1
            continue
        head = next((h for h in HEADS if " ".join(words[i:i + len(h.split())]) == h), None)
        if head and not out:
            n = len(head.split())
            out.append(cap(words[i]) + "".join(" " + x.lower() for x in words[i + 1:i + n]))
            i += n
            cap_next = True
            continue
        out.append(cap(w) if cap_next else w.lower())
        cap_next = w.upper() in ("VÀ", "-", ",") or w.endswith(",")
        i += 1
    return regex.sub(r"\x00(\d+)\x00", lambda m: placeholders[int(m.group(1))], " ".join(out))


_TOKEN = regex.compile(r"\S+")
_NON_LETTER = regex.compile(r"[^\p{L}]")


def caps_spans(s: str) -> list[tuple[int, int]]:
    """Offsets of maximal runs of capitalised words (a "-" or "&" inside a run is kept)."""
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    pending: int | None = None
    for m in _TOKEN.finditer(s):
        tok = m.group(0)
        letters = _NON_LETTER.sub("", tok)
        if letters and letters.upper() == letters:
            if cur is None:
                cur = [m.start(), m.end()]
            else:
                cur[1] = m.end()
            pending = None
        elif tok in ("-", "&") and cur is not None and pending is None:
            pending = m.end()
        else:
            if cur is not None:
                spans.append((cur[0], cur[1]))
            cur, pending = None, None
    if cur is not None:
        spans.append((cur[0], cur[1]))
    return spans


def caps_runs(s: str) -> list[str]:
    """Maximal runs of words written in capitals (issuer fragments)."""
    return [r for r in (s[x:y].strip(" ,;:") for x, y in caps_spans(s)) if r]
