"""The title (trích yếu): the rest of the type line and the lines under it, until the body starts."""

from __future__ import annotations

import regex

from phuluc.normalize.metadata.header import TypeLine
from phuluc.normalize.metadata.lines import WS, Line, place_key
from phuluc.normalize.metadata.vocabulary import BODY_START

# A trích yếu runs over a few lines at most; a line this long is the preamble already.
TITLE_LINES = 7
LONG_LINE = 250


def title_of(lines: list[Line], tl: TypeLine, issuer: str | None = None) -> str | None:
    if tl.index is None or tl.match is None:
        return None
    first = lines[tl.index].text
    # Map the match back to the printed text (dash translation keeps offsets).
    parts = [first[tl.match.start("rest"):].strip()] if tl.match.group("rest") else []
    sentence = bool(parts and regex.search(r"\p{Ll}", parts[0]))
    for ln in lines[tl.index + 1: tl.index + 1 + TITLE_LINES]:
        t = ln.text
        if ln.sep or BODY_START.match(t):
            break
        is_caps = not regex.search(r"\p{Ll}", t)
        if parts and issuer and place_key(t) == place_key(issuer):
            break  # the enacting body named again before the preamble ("ỦY BAN THƯỜNG VỤ QUỐC HỘI")
        if parts and sentence and is_caps:
            break  # "CHÍNH PHỦ" / "ỦY BAN NHÂN DÂN TỈNH …" before the preamble
        if parts and not sentence and not is_caps:
            break
        if parts and t.rstrip().endswith((".", ":", ";")):
            break  # a sentence of the preamble; a trích yếu has no final punctuation
        if not parts:
            sentence = bool(regex.search(r"\p{Ll}", t))
        parts.append(t)
        if len(t) > LONG_LINE:
            break
    return WS.sub(" ", " ".join(parts)).strip() or None


def subject_line(lines: list[Line], header_end: int) -> str | None:
    """Công văn: no type line, the subject under the number as "V/v …"."""
    for ln in lines[:header_end]:
        m = regex.search(r"(?<![\p{L}])V/v\s+\S.*$", ln.text, regex.I)
        if m:
            return m.group(0).strip()
    return None
