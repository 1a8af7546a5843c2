"""iCalendar export (``--format ics``): the deadlines of a plan, for the officer who follows it up.

One VCALENDAR per document; each task whose ``end`` has a last day becomes a VTODO due that day
(DUE is a DATE: the end of ``end``), with the task's content as SUMMARY, its lead and partner
agencies as DESCRIPTION and its section as CATEGORIES. Tasks without a deadline (recurring,
unparseable, open-ended) are left out: a calendar cannot hold them honestly. The UID is the file's
sha256 and the task id, so importing a re-converted file updates the same to-dos.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from phuluc.export.files import write_atomic
from phuluc.extract.model import Document, Task

PRODID = "-//phuluc//phuluc/1//VI"


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _names(canonical: list[str], as_written: str) -> str:
    return "; ".join(canonical) if canonical else as_written


def _description(task: Task, doc: Document) -> str:
    lines = []
    if task.lead or task.lead_text:
        lines.append(f"Chủ trì: {_names(task.lead, task.lead_text)}")
    if task.partners or task.partners_text:
        lines.append(f"Phối hợp: {_names(task.partners, task.partners_text)}")
    if task.end and task.end.text:
        lines.append(f"Thời gian hoàn thành: {task.end.text}")
    ref = ", ".join(x for x in (doc.info.number, doc.source.file) if x)
    lines.append(f"Nhiệm vụ {task.id} ({ref})")
    return "\n".join(lines)


def to_ical(doc: Document, stamp: dt.datetime | None = None) -> bytes:
    import icalendar

    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", " ".join(x for x in (doc.info.kind, doc.info.number) if x) or doc.source.file)
    for task in doc.tasks:
        due = _day(task.end.to if task.end else None)
        if due is None:
            continue
        todo = icalendar.Todo()
        todo.add("uid", f"{doc.source.sha256[:16]}-{task.id}@phuluc")
        todo.add("dtstamp", stamp)
        start = _day(task.start.from_ if task.start else None)
        if start is not None and start <= due:  # RFC 5545: DTSTART, when given, is not after DUE
            todo.add("dtstart", start)
        todo.add("due", due)
        todo.add("summary", task.content or task.section_title or task.id)
        todo.add("description", _description(task, doc))
        section = task.section_title or task.section
        if section:
            todo.add("categories", [section])
        cal.add_component(todo)
    return cal.to_ical()


def write_ics(doc: Document, path: Path) -> None:
    write_atomic(path, to_ical(doc))
