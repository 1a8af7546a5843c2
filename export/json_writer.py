"""JSON export: one document per source file, per the output contract (phuluc/1)."""

from __future__ import annotations

import json
from pathlib import Path

from phuluc.export.files import write_atomic
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


def document_to_json(doc: Document) -> dict:
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
        "tasks": [task_to_json(t) for t in doc.tasks],
        "warnings": [
            {k: v for k, v in {"code": w.code, "message": w.message, "task": w.task, "page": w.page}.items()
             if v is not None or k in ("code", "message")}
            for w in doc.warnings
        ],
    }


def dumps(doc: Document) -> str:
    return json.dumps(document_to_json(doc), ensure_ascii=False, indent=1)


def write_json(doc: Document, path: Path) -> None:
    write_atomic(path, (dumps(doc) + "\n").encode("utf-8"))
