"""`phuluc dataset`: tasks/documents/warnings tables and a Frictionless Data Package that validates."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, validate

from phuluc.export.cli import main
from phuluc.export.csv_writer import COLUMNS
from phuluc.export.frames import DOCUMENT_COLUMNS, TASK_COLUMNS, WARNING_COLUMNS
from tests.conftest import SAMPLES
from tests.made_plan import DEADLINES, EXTRA, TASK_IDS, write_plan

SEED = SAMPLES / "ct26-daknong.txt"
LEADING = ["file", "document_number", "document_date", "issuer", "place"]


def _batches(tmp_path: Path) -> Path:
    """Two batches under one folder: the sample and the plan, and the plan again in a subfolder."""
    inp = tmp_path / "in"
    write_plan(inp / "plan.txt")
    (inp / SEED.name).write_bytes(SEED.read_bytes())
    write_plan(tmp_path / "in2" / "sub" / "plan.txt")
    out = tmp_path / "out"
    assert main(["extract", str(inp), "-o", str(out / "batch1"), "-q"]) == 0
    assert main(["extract", str(tmp_path / "in2"), "-o", str(out / "batch2"), "-q"]) == 0
    return out


def _json_docs(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.json"))]


def _read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"))))


def test_dataset_of_many_batches_validates_and_counts_every_task(tmp_path, capsys):
    out = _batches(tmp_path)
    docs = _json_docs(out)
    ds = tmp_path / "ds"
    assert main(["dataset", str(out), "-o", str(ds)]) == 0
    assert "3 documents" in capsys.readouterr().err

    report = validate(ds / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    n_tasks = sum(len(d["tasks"]) for d in docs)
    tasks = pd.read_parquet(ds / "tasks.parquet")
    assert len(tasks) == n_tasks
    assert list(tasks.columns[:5]) == LEADING
    assert list(tasks.columns[5:5 + len(COLUMNS)]) == COLUMNS
    assert EXTRA in tasks.columns
    assert set(tasks["file"]) == {"batch1/plan.txt", f"batch1/{SEED.name}", "batch2/sub/plan.txt"}
    assert pd.api.types.is_datetime64_any_dtype(tasks["end_to"])
    plan_rows = tasks[tasks["file"] == "batch2/sub/plan.txt"].set_index("id")
    assert list(plan_rows.index) == TASK_IDS
    for tid, day in DEADLINES.items():
        assert plan_rows.loc[tid, "end_to"] == pd.Timestamp(day)
    assert list(plan_rows.loc["I.1", "partners"]) == ["Sở Nội vụ", "Sở Tài chính"]

    rows = _read_csv(ds / "tasks.csv")
    assert len(rows) == n_tasks and list(rows[0])[:5] == LEADING
    plan_csv = [r for r in rows if r["file"] == "batch1/plan.txt"]
    assert [r["end_to"] for r in plan_csv] == [DEADLINES.get(t, "") for t in TASK_IDS]
    assert plan_csv[0]["partners"] == "Sở Nội vụ; Sở Tài chính"

    documents = _read_csv(ds / "documents.csv")
    assert len(documents) == len(docs)
    assert sorted(int(d["tasks"]) for d in documents) == sorted(len(d["tasks"]) for d in docs)
    assert len(_read_csv(ds / "warnings.csv")) == sum(len(d["warnings"]) for d in docs)

    # The package reads back typed: lists as lists, dates as dates, counts as integers.
    package = Package(ds / "datapackage.json")
    first = package.get_resource("tasks").read_rows()[0]
    assert isinstance(first["lead"], list) and isinstance(first["level"], int)


def test_every_column_is_typed_and_described():
    for columns in (TASK_COLUMNS, DOCUMENT_COLUMNS, WARNING_COLUMNS):
        for c in columns:
            assert c.type in {"string", "integer", "date", "list"} and len(c.description) > 10, c


def test_the_schema_rejects_a_wrong_cell(tmp_path):
    out = _batches(tmp_path)
    ds = tmp_path / "ds"
    assert main(["dataset", str(out), "-o", str(ds), "-q"]) == 0
    path = ds / "tasks.csv"
    text = path.read_bytes().decode("utf-8")
    header, first, rest = text.split("\r\n", 2)
    cells = next(csv.reader([first]))
    cells[header.split(",").index("level")] = "một"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells)
    path.write_bytes(f"{header}\r\n{buf.getvalue()}{rest}".encode())
    assert not validate(ds / "datapackage.json").valid


def test_bad_and_foreign_json_files_are_reported_and_the_rest_is_written(tmp_path, capsys):
    out = _batches(tmp_path)
    good = len(_json_docs(out))
    (out / "notes.json").write_text('{"what": "not a phuluc output"}', encoding="utf-8")
    (out / "truncated.txt.json").write_text('{"format": "phuluc/1", "tas', encoding="utf-8")
    (out / "edited.txt.json").write_text(json.dumps({"format": "phuluc/1", "tasks": []}), encoding="utf-8")
    ds = out / "ds"  # inside OUT: its own files are not read back
    assert main(["dataset", str(out), "-o", str(ds)]) == 1
    err = capsys.readouterr().err
    assert "truncated.txt.json: not valid JSON" in err
    assert "edited.txt.json: does not follow phuluc/1" in err
    assert "notes.json" not in err.split("written to")[0]
    assert f"{good} documents" in err and "1 other JSON files ignored" in err
    assert len(_read_csv(ds / "documents.csv")) == good
    assert validate(ds / "datapackage.json").valid
    assert main(["dataset", str(out), "-o", str(ds), "-q"]) == 1  # a second run does not read DS


def test_missing_output_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["dataset", str(tmp_path / "nowhere"), "-o", str(tmp_path / "ds")]) == 2
    assert "no such folder" in capsys.readouterr().err


@pytest.mark.parametrize("several", [False, True])
def test_file_column_is_the_path_below_the_output_folders(tmp_path, several):
    out = _batches(tmp_path)
    ds = tmp_path / "ds"
    roots = [out / "batch1", out / "batch2"] if several else [out / "batch2"]
    assert main(["dataset", *map(str, roots), "-o", str(ds), "-q"]) == 0
    files = {r["file"] for r in _read_csv(ds / "documents.csv")}
    assert files == ({"batch1/plan.txt", f"batch1/{SEED.name}", "batch2/sub/plan.txt"} if several
                     else {"sub/plan.txt"})


def test_a_date_that_is_no_calendar_day_is_reported(tmp_path, capsys):
    out = _batches(tmp_path)
    path = out / "batch2" / "sub" / "plan.txt.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tasks"][0]["end"]["to"] = "2024-02-30"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["dataset", str(out), "-o", str(tmp_path / "ds")]) == 1
    err = capsys.readouterr().err
    assert "plan.txt.json: does not follow phuluc/1: task I.1 end.to is not a date: 2024-02-30" in err
    assert len(_read_csv(tmp_path / "ds" / "documents.csv")) == 2


def test_no_outputs_at_all_writes_nothing(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    assert main(["dataset", str(tmp_path / "out"), "-o", str(tmp_path / "ds")]) == 1
    assert "nothing written" in capsys.readouterr().err and not (tmp_path / "ds").exists()
