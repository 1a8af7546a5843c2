"""Which cell of the review table each flag and warning marks, and with which kind.

A flag ``kind:field`` marks that field's cell; a flag about the whole row (joined across a
page break, realigned, merged) marks the row's number cell. Two warnings point at a cell
too: an unknown agency (the lead or partners cell naming it) and an unparsed date (its time
cell).
"""

from __future__ import annotations

from phuluc.extract.model import Document, Task

# kind -> legend text, in legend order
KINDS: dict[str, str] = {
    "ditto": "ditto mark filled from the row above",
    "page-break": "joined across a page break",
    "joined": "overflow lines joined to the row",
    "realigned": "cells realigned to their columns",
    "stray": "stray cell kept in extra",
    "merged": "merged cell shared with other rows",
    "agency": "agency not in the gazetteer",
    "date": "date not understood",
    "ocr": "OCR read a word here with low confidence",
    "legacy": "converted from a legacy font encoding",
    "other": "other reconstruction step",
}

_ROW_FLAGS = {
    "joined-page-break": "page-break",
    "joined-lines": "joined",
    "realigned": "realigned",
    "merged-cell": "merged",
    "stray-cell": "stray",
}
_PREFIX_KINDS = {"ditto": "ditto", "ocr-low-confidence": "ocr", "legacy": "legacy"}
# flag field names -> review table column
_COLUMN = {
    "tt": "id", "section": "id", "content": "content", "objective": "objective",
    "lead": "lead", "lead_text": "lead", "partners": "partners", "partners_text": "partners",
    "deliverable": "deliverable", "start": "start", "end": "end", "note": "note", "extra": "extra",
}


def flag_mark(flag: str) -> tuple[str, list[str]]:
    """(kind, columns) for one flag; the "id" column stands for the whole row."""
    if flag in _ROW_FLAGS:
        return _ROW_FLAGS[flag], ["extra" if flag == "stray-cell" else "id"]
    head, _, rest = flag.partition(":")
    kind = _PREFIX_KINDS.get(head, "other")
    field = rest.rsplit(":", 1)[-1] if rest else ""
    if field == "time":
        return kind, ["start", "end"]
    return kind, [_COLUMN.get(field, "id")]


def task_marks(doc: Document) -> dict[int, dict[str, dict[str, list[str]]]]:
    """task index -> column -> kind -> the flags or warnings behind it (for the tooltip)."""
    index = {t.id: i for i, t in enumerate(doc.tasks)}
    out: dict[int, dict[str, dict[str, list[str]]]] = {}

    def add(i: int, column: str, kind: str, why: str) -> None:
        out.setdefault(i, {}).setdefault(column, {}).setdefault(kind, []).append(why)

    for i, t in enumerate(doc.tasks):
        for f in t.flags:
            kind, columns = flag_mark(f)
            for c in columns:
                add(i, c, kind, f)
    for w in doc.warnings:
        i = index.get(w.task) if w.task else None
        if i is None:
            continue
        t = doc.tasks[i]
        if w.code == "unknown-agency":
            add(i, _agency_column(t, w.message), "agency", w.message)
        elif w.code == "unparseable-date":
            add(i, _date_column(t, w.message), "date", w.message)
    return out


def _agency_column(t: Task, message: str) -> str:
    name = message.rsplit(": ", 1)[-1]
    if name in t.partners and name not in t.lead:
        return "partners"
    return "lead"


def _date_column(t: Task, message: str) -> str:
    text = message.rsplit(": ", 1)[-1]
    if t.start and t.start.text == text and not (t.end and t.end.text == text):
        return "start"
    return "end"
