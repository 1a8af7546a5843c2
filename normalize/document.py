"""Normalise a reconstructed Document: text, agencies, time intervals, metadata, checks.

Pure functions of the Document; every repair that changes meaning leaves a flag on
the task, every doubt a warning on the document.
"""

from __future__ import annotations

import re

from phuluc.extract.model import Document, Task, Time
from phuluc.normalize.agencies import parse_agencies
from phuluc.normalize.dates import parse_time, split_period, year_hint
from phuluc.normalize.gazetteer import Gazetteer, default_gazetteer
from phuluc.normalize.letter_spacing import join_spaced_letters, reading_words
from phuluc.normalize.metadata import extract_metadata
from phuluc.normalize.text import clean_text, clean_text_explain

TEXT_FIELDS = ("content", "objective", "lead_text", "partners_text", "deliverable", "note")


def normalize_document(doc: Document, gazetteer: Gazetteer | None = None) -> Document:
    """Normalise ``doc`` in place; agencies are named from ``gazetteer`` (default: the built-in one)."""
    g = gazetteer or default_gazetteer()
    doc.info = extract_metadata(doc.body)
    place = doc.info.place
    header_years = _header_years(doc)
    unknown_seen: set[str] = set()
    last_year: dict[int, int] = {}
    for task in doc.tasks:
        _clean(task, reading_words(g))
        _agencies(doc, task, place, unknown_seen, g)
        _times(doc, task, header_years.get(task.table), last_year)
    return doc


def _header_years(doc: Document) -> dict[int, int]:
    """A year printed in a time column's header ("Thời gian (Năm 2026)"), per table."""
    out: dict[int, int] = {}
    for n, table in enumerate(doc.tables, start=1):
        for col in table.columns:
            if col.field in ("start", "end", "time"):
                y = year_hint(col.header)
                if y:
                    out[n] = y
    return out


# Transcribed fields a letter-spaced text layer is read in ("Q uý III/2026" -> "Quý III/2026").
SPACED_FIELDS = ("lead_text", "partners_text", "start_text", "end_text", "time_text")


def _clean(task: Task, words: frozenset[str]) -> None:
    for f in TEXT_FIELDS:
        value, repairs = clean_text_explain(getattr(task, f))
        setattr(task, f, value)
        for r in repairs:
            if r.startswith("legacy"):
                task.flag(f"{r}:{f}")
    if task.section_title:
        task.section_title = clean_text(task.section_title)
    task.extra = {clean_text(k): clean_text(v) for k, v in task.extra.items()}
    for f in ("start_text", "end_text", "time_text"):
        v = getattr(task, f)
        if v is not None:
            setattr(task, f, clean_text(v))
    for f in SPACED_FIELDS:
        v = getattr(task, f)
        joined = join_spaced_letters(v, words) if v else v
        if joined != v:
            setattr(task, f, joined)
            task.flag(f"letter-spacing:{f}")


def _agencies(doc: Document, task: Task, place: str | None, unknown_seen: set[str], g: Gazetteer) -> None:
    for text_field, names, successors in (
        ("lead_text", "lead", "lead_successor"),
        ("partners_text", "partners", "partners_successor"),
    ):
        found = parse_agencies(getattr(task, text_field), place=place, gazetteer=g)
        setattr(task, names, _unique([a.name for a in found]))
        setattr(task, successors, _unique([a.successor for a in found]))
        for a in found:
            if not a.known and a.name not in unknown_seen:
                unknown_seen.add(a.name)
                doc.warn("unknown-agency", f"agency not in the gazetteer, kept as written: {a.name}",
                         task=task.id, page=_page(task))


def _times(doc: Document, task: Task, header_year: int | None, last_year: dict[int, int]) -> None:
    fallback = header_year or last_year.get(task.table)
    if task.time_text is not None and task.start_text is None and task.end_text is None:
        start, end = _parse(task, "time", task.time_text, fallback, header_year, split=True)
    else:
        start = _parse(task, "start", task.start_text, fallback, header_year)
        end = _parse(task, "end", task.end_text, fallback, header_year)
    task.start, task.end = start, end
    for t in (start, end):
        if t and t.text and t.from_ is None and t.to is None and not t.recurring:
            doc.warn("unparseable-date", f"time not understood, kept as text: {t.text}", task=task.id,
                     page=_page(task))
            break
    if start and end and start.from_ and end.to and end.to < start.from_:
        doc.warn("date-order", f"ends ({end.text}) before it starts ({start.text})", task=task.id,
                 page=_page(task))
    for t in (end, start):
        if t and (t.to or t.from_):
            last_year[task.table] = int((t.to or t.from_)[:4])
            break


def _parse(task: Task, name: str, text: str | None, fallback: int | None, header_year: int | None,
           split: bool = False):
    def run(cell: str | None, year: int | None = None):
        return split_period(cell, default_year=year) if split else parse_time(cell, default_year=year)

    result = run(text)
    if text and (_empty(result) or _needs_year(result)):
        repaired = _rejoin_split_words(text)
        if repaired != text:
            retry = run(repaired)
            if not _empty(retry):
                task.flag(f"rejoined-split-word:{name}")
                return _with_text(retry, clean_text(text))
    if fallback and _empty(result) and text:
        retry = run(text, fallback)
        if not _empty(retry):
            task.flag(f"year-from-{'header' if fallback == header_year else 'above'}:{name}")
            return retry
    return result


# Narrow PDF columns break words at any letter ("Quý IV/201⏎7", "Thườn⏎g xuyên"), and a
# text rendition turns the break into a space: rejoin a digit group cut inside a year and
# a single letter cut off the end of a word (never a Roman numeral).
_SPLIT_YEAR = re.compile(r"(?<![\d])((?:1|2|19|20|201|202|199))\s+(\d{1,3})(?!\d)")
_SPLIT_LETTER = re.compile(r"(?<=[^\W\d_]{3}) ([^\W\dIVXivx_])(?=$|[\s,.;/)-])")


# OCR loses the slash of "Quý I/2026": "Quý 12026"
_GLUED_QUARTER = re.compile(r"(?i)\b(qu[ýyíi]|qúy|qúi)\s*([1-4]|IV|I{1,3})((?:19|20)\d\d)\b")


def _rejoin_split_words(text: str) -> str:
    def year(m: re.Match) -> str:
        joined = m.group(1) + m.group(2)
        return joined if len(joined) == 4 and joined[:2] in ("19", "20") else m.group(0)

    text = _GLUED_QUARTER.sub(r"\1 \2/\3", text)
    return _SPLIT_LETTER.sub(r"\1", _SPLIT_YEAR.sub(year, text))


_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def _times_of(result) -> list[Time]:
    """The TIME values of a parse: one (start or end column) or two (a period column)."""
    return [t for t in (result if isinstance(result, tuple) else (result,)) if t is not None]


def _needs_year(result) -> bool:
    return any(t.text and not _YEAR.search(t.text) and (t.from_ or t.to) for t in _times_of(result))


def _with_text(result, text: str):
    for t in _times_of(result):
        t.text = text
    return result


def _empty(result) -> bool:
    return not any(t.from_ or t.to or t.recurring for t in _times_of(result))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _page(task: Task) -> int | None:
    return task.source.pages[0] if task.source.pages else None

