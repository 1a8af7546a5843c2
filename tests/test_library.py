"""phuluc as a library: extract_file, extract_many, Document.to_dict/to_json/to_pandas, layering."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

import phuluc
from phuluc.export import pipeline
from phuluc.export.cli import main
from phuluc.export.csv_writer import COLUMNS, to_csv
from phuluc.extract import model
from tests.conftest import ROOT, SAMPLES
from tests.made_plan import DEADLINES, EXTRA, TASK_IDS, write_plan

SEED = SAMPLES / "ct26-daknong.txt"
SCHEMA = json.loads((ROOT / "export" / "schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan.txt")


def test_import_phuluc_loads_no_stage_and_no_heavy_library():
    code = (
        "import sys, phuluc\n"
        "heavy = ['pandas', 'numpy', 'lxml', 'pdfplumber', 'yaml', 'regex', 'rapidfuzz', 'pyarrow',\n"
        "         'icalendar', 'jsonschema', 'importlib.metadata', 'phuluc.normalize.agencies',\n"
        "         'phuluc.extract.readers', 'phuluc.extract.tables', 'phuluc.export.pipeline']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_extract_file_from_a_path_bytes_or_a_file_object_is_the_same_document(plan):
    by_path = phuluc.extract_file(plan)
    by_bytes = phuluc.extract_file(plan.read_bytes(), name="plan.txt")
    with plan.open("rb") as fh:
        by_object = phuluc.extract_file(fh)
    assert isinstance(by_path, phuluc.Document) and isinstance(by_path, model.Document)
    assert by_path.to_dict() == by_bytes.to_dict() == by_object.to_dict()
    assert by_path.source.file == "plan.txt"
    assert [t.id for t in by_path.tasks] == TASK_IDS


def test_name_is_the_reported_file_name(plan):
    assert phuluc.extract_file(plan, name="kế hoạch 7.txt").to_dict()["source"]["file"] == "kế hoạch 7.txt"
    assert phuluc.extract_file(plan.read_bytes()).source.file == "document"


def test_files_that_cannot_be_converted_raise_phuluc_error_with_the_reason(tmp_path):
    with pytest.raises(phuluc.PhulucError, match="empty file"):
        phuluc.extract_file(b"")
    with pytest.raises(phuluc.PhulucError, match="no task table"):
        phuluc.extract_file("Chỉ có văn bản, không có bảng.\n".encode(), name="prose.txt")
    with pytest.raises(phuluc.PhulucError):
        phuluc.extract_file(tmp_path / "missing.pdf")


def test_to_dict_and_to_json_are_the_files_phuluc_extract_writes(plan, tmp_path):
    doc = phuluc.extract_file(plan)
    assert main(["extract", str(plan), "-o", str(tmp_path / "out"), "-q"]) == 0
    written = (tmp_path / "out" / "plan.txt.json").read_text(encoding="utf-8")
    assert doc.to_dict() == json.loads(written)
    assert doc.to_json() + "\n" == written
    jsonschema.validate(doc.to_dict(), SCHEMA)
    assert to_csv(doc) == (tmp_path / "out" / "plan.txt.csv").read_bytes().decode("utf-8-sig")


def test_to_pandas_one_row_per_task_with_real_dtypes(plan):
    doc = phuluc.extract_file(plan)
    df = doc.to_pandas()
    assert len(df) == len(doc.tasks) and list(df["id"]) == TASK_IDS
    assert list(df.columns) == ["file", "document_number", "document_date", "issuer", "place", *COLUMNS, EXTRA]
    assert set(df["file"]) == {"plan.txt"}
    assert set(df["document_number"]) == {doc.info.number}
    for col in ("document_date", "start_from", "start_to", "end_from", "end_to"):
        assert pd.api.types.is_datetime64_any_dtype(df[col]), col
    assert pd.api.types.is_integer_dtype(df["level"])
    assert pd.api.types.is_string_dtype(df["content"]) and pd.api.types.is_string_dtype(df[EXTRA])
    by_id = df.set_index("id")
    for tid, day in DEADLINES.items():
        assert by_id.loc[tid, "end_to"] == pd.Timestamp(day)
    assert pd.isna(by_id.loc["I.2", "end_to"])  # recurring
    assert by_id.loc["I.1", "partners"] == doc.tasks[0].partners and len(doc.tasks[0].partners) == 2
    assert all(isinstance(v, list) for col in ("lead", "partners", "pages", "flags") for v in df[col])
    assert pd.isna(by_id.loc["I.2", EXTRA]) or by_id.loc["I.2", EXTRA] == ""


def test_to_pandas_of_the_sample_has_one_row_per_task():
    doc = phuluc.extract_file(SEED)
    df = doc.to_pandas()
    assert len(df) == len(doc.tasks) > 0
    assert df["id"].is_unique


def _batch(folder: Path) -> dict[str, str]:
    """Three good files, two bad ones; returns name -> expected outcome."""
    for name in ("a.txt", "sub/b.txt", "sub/deeper/c.txt"):
        write_plan(folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "prose.txt").write_text("Chỉ có văn bản, không có bảng.\n", encoding="utf-8")
    return {"a.txt": "ok", "b.txt": "ok", "c.txt": "ok", "empty.txt": "empty file", "prose.txt": "no task table"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_extract_many_yields_every_file_and_a_bad_one_does_not_stop_the_rest(tmp_path, jobs):
    expected = _batch(tmp_path / "in")
    results = list(phuluc.extract_many([tmp_path / "in"], jobs=jobs))
    got = {path.name: result for path, result in results}
    assert len(results) == len(expected) == len(got)
    for name, outcome in expected.items():
        if outcome == "ok":
            assert isinstance(got[name], phuluc.Document), got[name]
            assert [t.id for t in got[name].tasks] == TASK_IDS
        else:
            assert isinstance(got[name], phuluc.PhulucError) and outcome in str(got[name])


def test_extract_many_hands_back_an_internal_error_with_its_traceback(plan, monkeypatch):
    def broken(path):
        raise RuntimeError("a bug of phuluc's own")

    monkeypatch.setattr(pipeline, "convert", broken)
    [(path, result)] = list(phuluc.extract_many([plan], jobs=1))
    assert path == plan and isinstance(result, RuntimeError) and result.__traceback__ is not None


GAZETTEER_ENTRY = """
  - id: test_ban_du_lieu
    name: Ban Dữ liệu Thử nghiệm
    kind: department
    variants: [BDLTN]
"""


def test_gazetteer_option_names_agencies_from_the_given_file(tmp_path):
    shipped = (ROOT / "normalize" / "data" / "agencies.yaml").read_text(encoding="utf-8")
    assert "\nagencies:\n" in shipped
    mine = tmp_path / "agencies.yaml"
    mine.write_text(shipped.replace("\nagencies:\n", "\nagencies:\n" + GAZETTEER_ENTRY.lstrip("\n"), 1),
                    encoding="utf-8")
    text = write_plan(tmp_path / "plan.txt").read_text(encoding="utf-8").replace("\tSở Nội vụ\t\t", "\tBDLTN\t\t")
    src = tmp_path / "plan2.txt"
    src.write_text(text, encoding="utf-8")

    def lead_of_second(doc):
        return doc.tasks[1].lead

    try:
        assert lead_of_second(phuluc.extract_file(src)) == ["BDLTN"]
        assert lead_of_second(phuluc.extract_file(src, gazetteer=mine)) == ["Ban Dữ liệu Thử nghiệm"]
        assert lead_of_second(phuluc.extract_file(src)) == ["BDLTN"]  # back to the shipped gazetteer
    finally:
        phuluc.extract_file(src)  # whatever failed above, the other tests get the shipped gazetteer


STAGES = {"extract": ("normalize", "export"), "normalize": ("export",)}


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_stage_imports_a_later_one_not_even_lazily():
    for stage, later in STAGES.items():
        for path in (ROOT / stage).rglob("*.py"):
            for name in _imported_modules(path):
                assert not any(name.startswith(f"phuluc.{x}") for x in later), f"{path}: imports {name}"


def test_extract_many_takes_one_folder_as_a_string(tmp_path):
    write_plan(tmp_path / "in" / "a.txt")
    [(path, doc)] = list(phuluc.extract_many(str(tmp_path / "in")))
    assert path.name == "a.txt" and isinstance(doc, phuluc.Document)


def test_a_text_mode_file_object_is_refused(plan):
    with plan.open(encoding="utf-8") as fh, pytest.raises(TypeError, match="binary mode"):
        phuluc.extract_file(fh)
