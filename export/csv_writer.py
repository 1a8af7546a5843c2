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


def _values(task: Task) -> list[object]:
    """The task's cells in ``COLUMNS`` order (built as a list: the writer needs no dict a row)."""
    start, end = task.start, task.end
    return [
        task.id, task.section or "", task.section_title or "", task.tt, task.level, task.parent or "",
        task.content, task.objective, task.lead_text, LIST_SEP.join(task.lead), task.partners_text,
        LIST_SEP.join(task.partners), task.deliverable,
        "" if start is None else start.text or "", "" if start is None else start.from_ or "",
        "" if start is None else start.to or "",
        "" if end is None else end.text or "", "" if end is None else end.from_ or "",
        "" if end is None else end.to or "",
        task.note, LIST_SEP.join(str(p) for p in task.source.pages), LIST_SEP.join(task.flags),
    ]


def _row(task: Task) -> dict[str, object]:
    return dict(zip(COLUMNS, _values(task), strict=True))


def extra_columns(doc: Document) -> list[str]:
    """Headers of extra columns, in first-seen order, never clashing with contract columns."""
    return list(dict.fromkeys(k for t in doc.tasks for k in t.extra if k not in COLUMNS))


def _write_rows(doc: Document, fh: IO[str]) -> None:
    extras = extra_columns(doc)
    # a plain writer of lists: DictWriter checks every row's keys against the header again
    w = csv.writer(fh, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(COLUMNS + extras)
    if extras:
        w.writerows(_values(t) + [t.extra.get(k, "") for k in extras] for t in doc.tasks)
    else:
        w.writerows(_values(t) for t in doc.tasks)


def to_csv(doc: Document) -> str:
    buf = io.StringIO()
    _write_rows(doc, buf)
    return buf.getvalue()


def write_csv(doc: Document, path: Path) -> None:
    # streamed row by row: a large table never exists as one string
    with atomic_writer(path, "w", encoding="utf-8-sig") as fh:
        _write_rows(doc, fh)
