"""--executor dask: the same job on a Dask cluster gives the same outputs, report and summary.

Against a distributed.LocalCluster on the loopback, in this process (workers are threads, so
the whole module stays within seconds). Skipped without distributed on a laptop; in CI
(CI=true) distributed comes with the test extra and these tests must run.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from pathlib import Path

import pytest

from phuluc.export.cli import main
from tests.made_plan import write_plan

if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
    pytest.importorskip("distributed")
import distributed  # noqa: E402 - in CI a missing distributed must fail, not skip

from phuluc.export import dask_executor  # noqa: E402
from phuluc.export.jobs import Job  # noqa: E402


def _cluster(**kw) -> distributed.LocalCluster:
    """A cluster on the loopback only; its HTTP server too, on a free port."""
    return distributed.LocalCluster(n_workers=1, protocol="tcp", host="127.0.0.1",
                                    dashboard_address="127.0.0.1:0", **kw)


@pytest.fixture(scope="module")
def scheduler():
    with _cluster(threads_per_worker=2, processes=False) as cluster:
        yield cluster.scheduler_address


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH thử nghiệm")
    rows = [["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian hoàn thành"],
            ["1", "Xây dựng kho dữ liệu", "Sở Nội vụ", "Quý III/2025"],
            ["2", "Tập huấn cán bộ", "Sở Tư pháp", "Thường xuyên"]]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(t.rows, rows, strict=True):
        for cell, v in zip(row.cells, values, strict=True):
            cell.text = v
    d.save(path)
    return path


def _batch(folder: Path) -> Path:
    write_plan(folder / "a.txt")
    write_plan(folder / "sub" / "b.md")
    _docx(folder / "c.docx")
    (folder / "notable.txt").write_text("Một văn bản không có bảng nào.\n", encoding="utf-8")
    return folder


def _run(args: list[str], capsys) -> tuple[int, list[str]]:
    code = main(["extract", *args])
    return code, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def _outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".json", ".csv")}


def _report(path: Path) -> list[dict]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for r in lines:
        del r["seconds"]
    return sorted(lines, key=lambda r: r["file"])


def test_dask_gives_the_same_outputs_report_summary_and_resume(tmp_path, scheduler, capsys):
    inp = _batch(tmp_path / "in")
    dask = ["--executor", "dask", "--scheduler", scheduler]
    code_l, err_l = _run([str(inp), "-o", str(tmp_path / "local"), "--report", str(tmp_path / "l.jsonl")], capsys)
    code_d, err_d = _run([str(inp), "-o", str(tmp_path / "dask"), "--report", str(tmp_path / "d.jsonl"), *dask],
                         capsys)
    assert code_l == code_d == 1  # the file without a table
    local, remote = _outputs(tmp_path / "local"), _outputs(tmp_path / "dask")
    assert sorted(local) == ["a.txt.csv", "a.txt.json", "c.docx.csv", "c.docx.json",
                             "sub/b.md.csv", "sub/b.md.json"]
    assert remote == local  # byte for byte
    assert sorted(err_d) == sorted(err_l)  # the failure's one line, and the summary
    assert f"phuluc: {inp / 'notable.txt'}: no task table found" in err_d
    assert err_d[-1] == err_l[-1] and err_d[-1].startswith("phuluc: 3 converted (")
    assert _report(tmp_path / "d.jsonl") == _report(tmp_path / "l.jsonl")

    # --resume skips on Dask as locally: the same lines, nothing rewritten
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "dask").rglob("*") if p.is_file()}
    code_l, err_l = _run([str(inp), "-o", str(tmp_path / "local"), "--resume"], capsys)
    code_d, err_d = _run([str(inp), "-o", str(tmp_path / "dask"), "--resume", *dask], capsys)
    assert code_l == code_d == 1
    assert err_d == err_l and err_d[-1] == "phuluc: 0 converted (0 tasks, 0 warnings), 3 unchanged, 1 failed"
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "dask").rglob("*") if p.is_file()} == stamps


def test_relative_paths_are_sent_absolute_and_reported_as_given(tmp_path, scheduler, capsys, monkeypatch):
    write_plan(tmp_path / "in" / "a.txt")
    monkeypatch.chdir(tmp_path)
    code, err = _run(["in", "-o", "out", "--report", "r.jsonl", "--executor", "dask", "--scheduler", scheduler],
                     capsys)
    assert code == 0 and err == []
    assert (tmp_path / "out" / "a.txt.json").is_file()
    assert [r["file"] for r in _report(tmp_path / "r.jsonl")] == [str(Path("in") / "a.txt")]


RELEASE = threading.Event()


def _stuck(job: Job, debug: bool = False):
    """run_job, except that slow.txt hangs as a thread inside C code would: unstoppable."""
    if job.src.name == "slow.txt":
        RELEASE.wait(30)
    from phuluc.export.pipeline import run_job

    return run_job(job, debug)


def test_a_timeout_on_dask_is_one_line_and_the_batch_goes_on(tmp_path, scheduler, monkeypatch):
    monkeypatch.setattr(dask_executor, "TIMEOUT_GRACE", 0.0)
    write_plan(tmp_path / "in" / "slow.txt")
    write_plan(tmp_path / "in" / "fast.txt")
    jobs = [Job(tmp_path / "in" / n, tmp_path / "out" / n, ("json",), timeout=1.0) for n in ("slow.txt", "fast.txt")]
    try:
        with dask_executor.DaskPool(2, scheduler=scheduler, function=_stuck) as pool:
            results = {Path(r.src).name: r for r in pool.run(jobs)}
    finally:
        RELEASE.set()
    assert results["fast.txt"].ok
    assert not results["slow.txt"].ok
    assert results["slow.txt"].message == "gave up after 1 s (--timeout; the Dask task could not be stopped)"


def test_a_lost_worker_costs_only_its_file_with_one_line():
    class Worker:
        address = "tcp://127.0.0.1:1"

    job = Job(Path("in/x.pdf"), Path("out/x.pdf"), ("json",))
    r = dask_executor.failure(job, distributed.KilledWorker("run_job-1", Worker(), 3), 2.0)
    assert (r.ok, r.status, r.src) == (False, "failed", "in/x.pdf")
    assert r.message == "worker died (Dask: the worker converting it was lost, 4 times)"
    r = dask_executor.failure(job, ModuleNotFoundError("No module named 'phuluc'"), 0.1)
    assert r.message.startswith("the Dask worker could not run phuluc (ModuleNotFoundError")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("address, expected", [
    ("tcp://127.0.0.1:{port}", "phuluc: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: "),
    ("localhost", "phuluc: not a Dask scheduler address: 'localhost' (missing port number"),
])
def test_a_scheduler_that_cannot_be_used_is_one_line_exit_2(tmp_path, capsys, monkeypatch, address, expected):
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 0.5)
    port = _closed_port()
    write_plan(tmp_path / "a.txt")
    with pytest.raises(SystemExit) as e:
        main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"),
              "--executor", "dask", "--scheduler", address.format(port=port)])
    err = capsys.readouterr().err.splitlines()
    assert e.value.code == 2
    assert len(err) == 1 and err[0].startswith(expected.format(port=port)), err


def test_without_distributed_it_is_a_usage_error_naming_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    write_plan(tmp_path / "a.txt")
    with pytest.raises(SystemExit) as e:
        main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"),
              "--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786"])
    err = capsys.readouterr().err
    assert e.value.code == 2
    assert "pip install 'phuluc[dask]'" in err.splitlines()[-1] and "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (["--executor", "dask"], "--executor dask needs --scheduler ADDRESS"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler is for --executor dask"),
])
def test_executor_options_that_do_not_fit_are_usage_errors(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as e:
        main(["extract", str(write_plan(tmp_path / "a.txt")), "-o", str(tmp_path / "out"), *args])
    assert e.value.code == 2 and message in capsys.readouterr().err


def _die(job: Job, debug: bool = False):
    """run_job, except that the worker converting victim.txt dies (as by the OOM killer)."""
    if job.src.name == "victim.txt":
        os._exit(9)
    from phuluc.export.pipeline import run_job

    return run_job(job, debug)


def test_a_worker_lost_on_a_real_cluster_costs_only_its_file(tmp_path):
    for name in ("a.txt", "victim.txt", "b.txt"):
        write_plan(tmp_path / "in" / name)
    jobs = [Job(tmp_path / "in" / n, tmp_path / "out" / n, ("json",)) for n in ("a.txt", "victim.txt", "b.txt")]
    with _cluster(threads_per_worker=1, processes=True, scheduler_kwargs={"allowed_failures": 0}) as cluster, \
            dask_executor.DaskPool(1, scheduler=cluster.scheduler_address, function=_die) as pool:
        results = {Path(r.src).name: r for r in pool.run(jobs)}
    assert results["a.txt"].ok and results["b.txt"].ok
    assert (results["victim.txt"].ok, results["victim.txt"].message) == \
        (False, "worker died (Dask: the worker converting it was lost, 1 time)")
    assert (tmp_path / "out" / "b.txt.json").is_file() and not (tmp_path / "out" / "victim.txt.json").exists()
