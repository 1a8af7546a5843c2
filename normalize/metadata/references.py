"""References to the document itself: "(Kèm theo Kế hoạch số … ngày … của …)" headings of the
appendix, and body phrases that name the issuer ("UBND tỉnh X ban hành"): they stand in for a
header that a text rendition lost."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from phuluc.normalize.metadata.header import date_in, issuer_from_caps, norm_number
from phuluc.normalize.metadata.lines import WS, Line, cap, place_key, provinces
from phuluc.normalize.metadata.vocabulary import KINDS, SYM_PARTY, SYM_STD

# A heading may wrap over this many lines until its closing parenthesis.
HEADING_LINES = 3

_ATTACHED = regex.compile(
    rf"(?:kèm\s+theo|đính\s+kèm)\s+(?P<kind>{'|'.join(cap(k) for k in KINDS)})\s+số\s*:?\s*"
    rf"(?P<sym>{SYM_PARTY}|{SYM_STD})?(?P<tail>[^)]*)",
    regex.I,
)
_ISSUED_BY = regex.compile(
    r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(tỉnh|thành phố)\s+(\p{Lu}\p{Ll}*(?:\s*-\s*|\s+)?"
    r"(?:\p{Lu}\p{Ll}*(?:\s*-\s*|\s+)?){0,3}?)\s*ban\s+hành"
)


@dataclass
class Ref:
    kind: str
    number: str | None
    date: str | None
    issuer: str | None
    heading: bool  # the line starts with "(" or "Kèm theo": an appendix heading, not a body mention


def canon_issuer_text(s: str) -> str:
    """An issuer phrase in normal case ("UBND tỉnh Đăk Nông") → canonical ("Ủy ban nhân dân tỉnh Đắk Nông")."""
    s = WS.sub(" ", s).strip(" ,.;:()")
    s = regex.sub(r"(?<![\p{L}])UBND(?![\p{L}])", "Ủy ban nhân dân", s)
    s = regex.sub(r"(?<![\p{L}])HĐND(?![\p{L}])", "Hội đồng nhân dân", s)
    s = regex.sub(r"(?<![\p{L}])[UỦ][ỷy]\s+ban", "Ủy ban", s)
    s = regex.sub(r"(?<![\p{L}])[Uu]ỷ(?![\p{L}])", "ủy", s)
    m = regex.search(r"(?<![\p{L}])(tỉnh|thành phố|TP\.)\s+(.+)$", s)
    if m:
        hit = provinces().get(place_key(m.group(2)))
        if hit:
            unit = "thành phố" if m.group(1) == "TP." else m.group(1)
            s = f"{s[: m.start()]}{unit} {hit[0]}"
    return s


def attached_refs(lines: list[Line]) -> list[Ref]:
    refs: list[Ref] = []
    for i, ln in enumerate(lines):
        if not regex.search(r"kèm\s+theo|đính\s+kèm", ln.norm, regex.I):
            continue
        text = ln.norm
        j = i + 1
        while ")" not in text[text.lower().find("kèm"):] and j < len(lines) and j <= i + HEADING_LINES:
            text += " " + lines[j].norm
            j += 1
        heading = bool(regex.match(r"\s*\(|\s*(?:\p{L}+\s+)?(?:hành\s+)?kèm\s+theo", text, regex.I))
        for m in _ATTACHED.finditer(text):
            tail = m.group("tail")
            iss = regex.search(r"\bcủa\s+(?P<i>.+)$", tail)
            refs.append(Ref(
                kind=cap(m.group("kind")),
                number=norm_number(m.group("sym")) if m.group("sym") else None,
                date=date_in(tail)[0],
                issuer=canon_issuer_text(iss.group("i")) if iss else None,
                heading=heading,
            ))
    return refs


def own_ref(refs: list[Ref], kind: str | None, number: str | None) -> Ref | None:
    """The reference that speaks of this document: an appendix heading rather than a body mention,
    and among them one of this document's own type ("kèm theo Kế hoạch số …" in a Kế hoạch)."""
    headed = [r for r in refs if r.heading] or refs
    own = [r for r in headed if kind and r.kind == kind]
    return own[0] if own else (headed[0] if headed and number is None else None)


def issuer_fallback(
    lines: list[Line], refs: list[Ref], collective: str | None, place: str | None, number: str | None
) -> str | None:
    """Issuer when the header lacks it: appendix heading, "TM. …" line, "UBND tỉnh X ban hành", place."""
    for r in refs:
        if r.heading and r.issuer and not r.issuer.startswith(("Bộ trưởng", "Chủ tịch", "Thủ tướng ")):
            return r.issuer
    if collective:
        name, complete = issuer_from_caps([collective])
        if name and complete:
            return name
    for ln in lines:
        m = _ISSUED_BY.search(ln.norm)
        if m:
            return canon_issuer_text(f"Ủy ban nhân dân {m.group(1)} {m.group(2)}")
    for r in refs:
        if r.issuer:
            return r.issuer
    if place and (number is None or "UBND" in number.upper()):
        hit = provinces().get(place_key(place))
        if hit:
            return f"Ủy ban nhân dân {'thành phố' if hit[1] == 'thanh_pho' else 'tỉnh'} {hit[0]}"
    return None
