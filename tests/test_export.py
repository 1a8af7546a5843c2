"""Writers: JSON per the contract (validated against the project's JSON Schema), CSV for Excel."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from phuluc.export.csv_writer import COLUMNS, to_csv, write_csv
from phuluc.export.files import write_atomic
from phuluc.export.json_writer import document_to_json, write_json
from phuluc.export.pipeline import convert
from tests.conftest import SAMPLES

SCHEMA = json.loads((Path(__file__).parent.parent / "export" / "schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed():
    return convert(SAMPLES / "ct26-daknong.txt")


def test_json_validates_against_schema(seed):
    jsonschema.validate(document_to_json(seed), SCHEMA)


def test_schema_rejects_a_wrong_time(seed):
    data = document_to_json(seed)
    data["tasks"][0]["end"] = {"text": "2016", "from": "16/2016", "to": None}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_json_file_round_trips(seed, tmp_path):
    p = tmp_path / "o" / "x.json"
    write_json(seed, p)
    data = json.loads(p.read_text(encoding="utf-8"))
    assert data["format"] == "phuluc/1"
    assert [t["id"] for t in data["tasks"]] == [t.id for t in seed.tasks]
    assert not list(p.parent.glob(".*.tmp"))  # the temp file was renamed away


def test_csv_has_bom_contract_columns_and_one_row_per_task(seed, tmp_path):
    p = tmp_path / "x.csv"
    write_csv(seed, p)
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][: len(COLUMNS)] == COLUMNS
    assert len(rows) - 1 == len(seed.tasks)
    assert any("Sở Khoa học và Công nghệ" in cell for r in rows for cell in r)


def test_csv_reads_in_pandas_with_list_columns(seed):
    import pandas as pd

    df = pd.read_csv(io.StringIO(to_csv(seed)), dtype=str, keep_default_na=False)
    assert list(df.columns[: len(COLUMNS)]) == COLUMNS
    assert df["id"].is_unique
    first = seed.tasks[0]
    assert df.loc[0, "lead"] == "; ".join(first.lead)


def test_atomic_write_leaves_old_file_on_failure(tmp_path):
    p = tmp_path / "a.json"
    write_atomic(p, b"old")

    with pytest.raises(TypeError):
        write_atomic(p, None)  # type: ignore[arg-type]
    assert p.read_bytes() == b"old"
    assert not list(tmp_path.glob(".*.tmp"))


def test_json_file_is_one_task_a_line_and_the_same_document(seed, tmp_path):
    p = tmp_path / "x.json"
    write_json(seed, p)
    text = p.read_text(encoding="utf-8")
    assert json.loads(text) == document_to_json(seed)
    jsonschema.validate(json.loads(text), SCHEMA)
    task_lines = [ln for ln in text.splitlines() if ln.startswith('  {"id": ')]
    assert [json.loads(ln.rstrip(","))["id"] for ln in task_lines] == [t.id for t in seed.tasks]


def test_json_of_a_document_without_tasks_is_valid(seed, tmp_path):
    import copy

    empty = copy.deepcopy(seed)
    empty.tasks, empty.warnings, empty.tables = [], [], []
    p = tmp_path / "e.json"
    write_json(empty, p)
    data = json.loads(p.read_text(encoding="utf-8"))
    assert data["tasks"] == [] and data["warnings"] == [] and data["tables"] == []
