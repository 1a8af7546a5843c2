"""JSON export: one document per source file, per the output contract (phuluc/1)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from phuluc.export.files import atomic_writer
from phuluc.extract.model import Document, Task

FORMAT = "phuluc/1"


def task_to_json(task: Task) -> dict:
    return {
        "id": task.id,
        "section": task.section,
        "section_title": task.section_title,
        "tt": task.tt,
        "level": task.level,
        "parent": task.parent,
        "content": task.content,
        "objective": task.objective,
        "lead_text": task.lead_text,
        "partners_text": task.partners_text,
        "lead": task.lead,
        "partners": task.partners,
        "lead_successor": task.lead_successor,
        "partners_successor": task.partners_successor,
        "deliverable": task.deliverable,
        "start": task.start.to_json() if task.start else None,
        "end": task.end.to_json() if task.end else None,
        "note": task.note,
        "extra": task.extra,
        "source": task.source.to_json(),
        "flags": task.flags,
    }


def _header(doc: Document) -> dict:
    """The document's parts other than its tasks and warnings."""
    info = doc.info
    return {
        "format": FORMAT,
        "source": {"file": doc.source.file, "sha256": doc.source.sha256, "kind": doc.source.kind,
                   "pages": doc.source.pages},
        "document": {
            "kind": info.kind,
            "number": info.number,
            "issuer": info.issuer,
            "place": info.place,
            "date": info.date,
            "title": info.title,
            "signer": info.signer,
            "signer_position": info.signer_position,
        },
        "tables": [
            {"title": t.title, "pages": t.pages, "columns": [c.to_json() for c in t.columns]} for t in doc.tables
        ],
    }


def _warnings(doc: Document) -> list[dict]:
    return [
        {k: v for k, v in {"code": w.code, "message": w.message, "task": w.task, "page": w.page}.items()
         if v is not None or k in ("code", "message")}
        for w in doc.warnings
    ]


def document_to_json(doc: Document) -> dict:
    return {**_header(doc), "tasks": [task_to_json(t) for t in doc.tasks], "warnings": _warnings(doc)}


# Without ``indent`` the json module encodes in C; the layout (one key of the document a
# line, one table, task or warning a line) is written here, so the file stays readable
# line by line (grep, diff, less) at a fraction of the cost and memory of indent=1.
# The data is a tree of fresh dicts and lists (never circular): no marker check per container.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_CHUNK = 256  # tasks a write: fewer calls into the file object, never the whole text at once


def _lines(doc: Document) -> Iterator[str]:
    """The document as JSON text, one task at a time (the whole string is never built)."""
    yield "{\n"
    for name, value in _header(doc).items():
        if isinstance(value, list):
            yield from _array(name, value, last=False)
        else:
            yield f" {_ENCODE(name)}: {_ENCODE(value)},\n"
    yield from _array("tasks", (task_to_json(t) for t in doc.tasks), last=False)
    yield from _array("warnings", _warnings(doc), last=True)
    yield "}"


def _array(name: str, items: Iterable, last: bool) -> Iterator[str]:
    yield f" {_ENCODE(name)}: ["
    sep = "\n  "
    for item in items:
        yield sep + _ENCODE(item)
        sep = ",\n  "
    yield ("\n ]" if sep != "\n  " else "]") + ("\n" if last else ",\n")


def dumps(doc: Document) -> str:
    """The JSON text of the file, without its final newline."""
    return "".join(_lines(doc))


def write_json(doc: Document, path: Path) -> None:
    with atomic_writer(path, "w", encoding="utf-8") as fh:
        buf: list[str] = []
        for chunk in _lines(doc):
            buf.append(chunk)
            if len(buf) >= _CHUNK:
                fh.write("".join(buf))
                buf.clear()
        buf.append("\n")
        fh.write("".join(buf))
