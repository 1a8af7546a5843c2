"""`phuluc dataset OUT… -o DS`: the JSON outputs of one batch or many as one dataset.

DS gets ``tasks.csv`` and ``tasks.parquet`` (one row per task of every document, the columns
``file, document_number, document_date, issuer, place`` first, then the per-file CSV's),
``documents.csv`` (one row per document), ``warnings.csv`` and ``datapackage.json``, a
Frictionless Data Package (v2) whose Table Schemas type and describe every column.

A JSON file that is not a phuluc/1 output is skipped with a note; one that claims to be but does not
follow the contract (hand-edited, truncated) is reported on stderr and skipped, and the dataset is still
written from the others (exit status 1).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from phuluc.export.files import write_atomic
from phuluc.export.frames import (
    DOCUMENT_COLUMNS,
    WARNING_COLUMNS,
    Column,
    csv_text,
    document_row,
    frame,
    task_columns,
    task_rows,
    warning_rows,
)
from phuluc.export.json_writer import FORMAT

FILES = ("tasks.csv", "tasks.parquet", "documents.csv", "warnings.csv", "datapackage.json")
_PROFILE = "https://datapackage.org/profiles/2.0/"


@dataclass
class Collected:
    docs: list[tuple[str, dict]] = field(default_factory=list)  # (file, contract document)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    foreign: list[Path] = field(default_factory=list)  # JSON files that are not phuluc outputs


def _validator():
    import jsonschema

    schema = json.loads((Path(__file__).parent / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def collect(roots: list[Path], exclude: Path | None = None) -> Collected:
    """The phuluc/1 documents under ``roots``; ``file`` is the JSON's path below the roots' common
    folder without ".json" (the input's own path in the batch)."""
    found = Collected()
    base = Path(os.path.commonpath([r.resolve() for r in roots])) if len(roots) > 1 else roots[0].resolve()
    validator = None
    seen: set[str] = set()
    for root in roots:
        for path in sorted(root.rglob("*.json")):
            if path.name.startswith(".") or (exclude and path.resolve().is_relative_to(exclude)):
                continue
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except OSError as e:
                found.failed.append((path, f"cannot read: {e.strerror or e}"))
                continue
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                found.failed.append((path, f"not valid JSON ({e})"))
                continue
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                found.foreign.append(path)
                continue
            validator = validator or _validator()
            error = next(iter(validator.iter_errors(doc)), None)
            if error is not None:
                where = "/".join(str(p) for p in error.absolute_path) or "(top)"
                found.failed.append((path, f"does not follow {FORMAT} at {where}: {error.message[:200]}"))
                continue
            bad_date = _bad_date(doc)
            if bad_date:
                found.failed.append((path, f"does not follow {FORMAT}: {bad_date}"))
                continue
            file = path.resolve().relative_to(base).as_posix().removesuffix(".json")
            if file in seen:
                found.failed.append((path, f"a second output for {file}, skipped"))
                continue
            seen.add(file)
            found.docs.append((file, doc))
    return found


def _bad_date(doc: dict) -> str | None:
    """The first date that is not a calendar day (the schema checks only its shape: 2024-02-30 passes)."""
    dates = [("document/date", doc["document"]["date"])]
    for t in doc["tasks"]:
        for when in ("start", "end"):
            for end in ("from", "to"):
                dates.append((f"task {t['id']} {when}.{end}", (t[when] or {}).get(end)))
    for where, value in dates:
        if value is None:
            continue
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{where} is not a date: {value}"
    return None


def _schema(columns: list[Column], primary: list[str] | None = None, foreign: bool = False) -> dict:
    fields = []
    for c in columns:
        f: dict = {"name": c.name, "type": c.type, "description": c.description}
        if c.type == "list":
            f.update(delimiter="; ", itemType=c.item_type)
        fields.append(f)
    schema: dict = {"$schema": _PROFILE + "tableschema.json", "fields": fields, "missingValues": [""]}
    if primary:
        schema["primaryKey"] = primary
    if foreign:
        schema["foreignKeys"] = [{"fields": ["file"], "reference": {"resource": "documents", "fields": ["file"]}}]
    return schema


def _resource(name: str, description: str, schema: dict) -> dict:
    return {
        "$schema": _PROFILE + "dataresource.json", "name": name, "type": "table", "path": f"{name}.csv",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "description": description,
        "schema": schema,
    }


def datapackage(task_cols: list[Column]) -> dict:
    return {
        "$schema": _PROFILE + "datapackage.json",
        "name": "phuluc-tasks",
        "title": "Task tables of Vietnamese programme and plan appendices (Phụ lục)",
        "description": "Written by `phuluc dataset` from phuluc/1 JSON outputs. tasks.parquet beside this file "
        "holds the tasks table with the same columns (lists as lists, dates as timestamps).",
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "resources": [
            _resource("tasks", "One row per task of every document, in document order.",
                      _schema(task_cols, ["file", "id"], foreign=True)),
            _resource("documents", "One row per document.", _schema(list(DOCUMENT_COLUMNS), ["file"])),
            _resource("warnings", "Every warning of every document.", _schema(list(WARNING_COLUMNS), foreign=True)),
        ],
    }


def _parquet_schema(columns: list[Column]):
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "date": pa.timestamp("ms")}
    return pa.schema([
        pa.field(c.name, pa.list_(pa.int64() if c.item_type == "integer" else pa.string())
                 if c.type == "list" else types[c.type]) for c in columns
    ])


def write_dataset(docs: list[tuple[str, dict]], ds: Path) -> dict[str, int]:
    """Write the dataset files of (file, contract document) pairs into ``ds``; returns row counts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [r for file, doc in docs for r in task_rows(file, doc)]
    task_cols = task_columns(rows)
    tasks = frame(rows, task_cols)
    documents = frame([document_row(f, d) for f, d in docs], list(DOCUMENT_COLUMNS))
    warnings = frame([w for f, d in docs for w in warning_rows(f, d)], list(WARNING_COLUMNS))
    ds.mkdir(parents=True, exist_ok=True)
    for name, df, cols in (("tasks", tasks, task_cols), ("documents", documents, list(DOCUMENT_COLUMNS)),
                           ("warnings", warnings, list(WARNING_COLUMNS))):
        write_atomic(ds / f"{name}.csv", csv_text(df, cols).encode("utf-8"))
    table = pa.Table.from_pandas(tasks, schema=_parquet_schema(task_cols), preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    write_atomic(ds / "tasks.parquet", sink.getvalue().to_pybytes())
    package = json.dumps(datapackage(task_cols), ensure_ascii=False, indent=1) + "\n"
    write_atomic(ds / "datapackage.json", package.encode("utf-8"))
    return {"documents": len(documents), "tasks": len(tasks), "warnings": len(warnings)}


def main(args: argparse.Namespace) -> int:
    """The `dataset` subcommand; exit status 0, or 1 when some JSON outputs could not be read."""
    missing = [r for r in args.outputs if not r.is_dir()]
    for r in missing:
        print(f"phuluc: {r}: no such folder", file=sys.stderr)
    if missing:
        return 2
    found = collect(args.outputs, exclude=args.out.resolve())
    for path, reason in found.failed:
        print(f"phuluc: {path}: {reason}", file=sys.stderr)
    if not found.docs:
        print(f"phuluc: no {FORMAT} JSON outputs under {', '.join(map(str, args.outputs))}; nothing written",
              file=sys.stderr)
        return 1
    counts = write_dataset(found.docs, args.out)
    if not args.quiet:
        notes = f", {len(found.foreign)} other JSON files ignored" if found.foreign else ""
        print(f"phuluc: dataset of {counts['documents']} documents ({counts['tasks']} tasks, "
              f"{counts['warnings']} warnings) written to {args.out}; {len(found.failed)} failed{notes}",
              file=sys.stderr)
    return 1 if found.failed else 0
