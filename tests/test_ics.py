"""--format ics: one VTODO per task with a deadline, read back with icalendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest

import phuluc
from phuluc.export.cli import main
from phuluc.export.ics_writer import to_ical
from tests.conftest import SAMPLES
from tests.made_plan import DEADLINES, write_plan

SEED = SAMPLES / "ct26-daknong.txt"


def _todos(data: bytes) -> list:
    return list(icalendar.Calendar.from_ical(data).walk("VTODO"))


def test_each_task_with_a_deadline_is_a_todo_due_at_the_end_of_its_end(tmp_path):
    doc = phuluc.extract_file(write_plan(tmp_path / "plan.txt"))
    todos = _todos(to_ical(doc))
    tasks = {t.id: t for t in doc.tasks}
    assert len(todos) == len(DEADLINES)
    # UID: the file's sha256 (16 hex digits), "-", the task id, "@phuluc"
    by_id = {str(todo["uid"]).split("-", 1)[1].removesuffix("@phuluc"): todo for todo in todos}
    assert set(by_id) == set(DEADLINES)
    for tid, day in DEADLINES.items():
        todo, task = by_id[tid], tasks[tid]
        assert todo.decoded("due") == dt.date.fromisoformat(day)
        assert str(todo["summary"]) == task.content
        description = str(todo["description"])
        assert all(name in description for name in task.lead + task.partners)
        assert [str(c) for c in todo["categories"].cats] == [task.section_title]
    assert len({str(t["uid"]) for t in todos}) == len(todos)


def test_start_never_after_due_and_uids_stable_across_runs(tmp_path):
    doc = phuluc.extract_file(SEED)
    first, again = _todos(to_ical(doc)), _todos(to_ical(phuluc.extract_file(SEED)))
    assert [str(t["uid"]) for t in first] == [str(t["uid"]) for t in again]
    for todo in first:
        if "dtstart" in todo:
            assert todo.decoded("dtstart") <= todo.decoded("due")


@pytest.mark.parametrize("source", ["plan", "seed"])
def test_format_ics_writes_one_calendar_per_document(tmp_path, source):
    src = write_plan(tmp_path / "plan.txt") if source == "plan" else SEED
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--format", "json,ics", "-q"]) == 0
    data = json.loads((out / f"{src.name}.json").read_text(encoding="utf-8"))
    with_deadline = [t for t in data["tasks"] if t["end"] and t["end"]["to"]]
    todos = _todos((out / f"{src.name}.ics").read_bytes())
    assert len(todos) == len(with_deadline) > 0
    assert [t.decoded("due").isoformat() for t in todos] == [t["end"]["to"] for t in with_deadline]
    assert not (out / f"{src.name}.csv").exists()


def test_unknown_format_names_ics_among_the_choices(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["extract", str(SEED), "-o", str(tmp_path), "--format", "xml"])
    assert e.value.code == 2 and "ics" in capsys.readouterr().err


def test_a_document_without_deadlines_is_an_empty_calendar(tmp_path: Path):
    text = write_plan(tmp_path / "p.txt").read_text(encoding="utf-8")
    for when in ("Quý II/2024", "Trước 30/9/2024"):
        text = text.replace(when, "Hàng năm")
    doc = phuluc.extract_file(text.encode(), name="p.txt")
    cal = icalendar.Calendar.from_ical(to_ical(doc))
    assert list(cal.walk("VTODO")) == [] and str(cal["version"]) == "2.0"
