"""CSV export: the tasks flattened, one row per task, UTF-8 with BOM for Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

from phuluc.export.files import atomic_writer
from phuluc.extract.model import Document, Task

COLUMNS = [
    "id", "section", "section_title", "tt", "level", "parent", "content", "objective", "lead_text", "lead",
    "partners_text", "partners", "deliverable", "start_text", "start_from", "start_to", "end_text", "end_from",
    "end_to", "note", "pages", "flags",
]
LIST_SEP = "; "


def _row(task: Task) -> dict[str, object]:
    def t(v, attr):
        return "" if v is None else (getattr(v, attr) or "")

    return {
        "id": task.id, "section": task.section or "", "section_title": task.section_title or "",
        "tt": task.tt, "level": task.level, "parent": task.parent or "", "content": task.content,
        "objective": task.objective, "lead_text": task.lead_text, "lead": LIST_SEP.join(task.lead),
        "partners_text": task.partners_text, "partners": LIST_SEP.join(task.partners),
        "deliverable": task.deliverable,
        "start_text": t(task.start, "text"), "start_from": t(task.start, "from_"), "start_to": t(task.start, "to"),
        "end_text": t(task.end, "text"), "end_from": t(task.end, "from_"), "end_to": t(task.end, "to"),
        "note": task.note, "pages": LIST_SEP.join(str(p) for p in task.source.pages),
        "flags": LIST_SEP.join(task.flags),
    }


def extra_columns(doc: Document) -> list[str]:
    """Headers of extra columns, in first-seen order, never clashing with contract columns."""
    return list(dict.fromkeys(k for t in doc.tasks for k in t.extra if k not in COLUMNS))


def _write_rows(doc: Document, fh: IO[str]) -> None:
    extras = extra_columns(doc)
    # a plain writer of lists: DictWriter checks every row's keys against the header again
    w = csv.writer(fh, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(COLUMNS + extras)
    for task in doc.tasks:
        row = _row(task)
        w.writerow([row[c] for c in COLUMNS] + [task.extra.get(k, "") for k in extras])


def to_csv(doc: Document) -> str:
    buf = io.StringIO()
    _write_rows(doc, buf)
    return buf.getvalue()


def write_csv(doc: Document, path: Path) -> None:
    # streamed row by row: a large table never exists as one string
    with atomic_writer(path, "w", encoding="utf-8-sig") as fh:
        _write_rows(doc, fh)
