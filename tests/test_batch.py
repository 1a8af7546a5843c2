"""The batch runner: killable workers, timeouts, the report, resume, signals, output files."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from phuluc.export import pipeline, stamps
from phuluc.export.cli import main
from tests.conftest import ROOT, SAMPLES

SEED = SAMPLES / "ct26-daknong.txt"
REAL_CONVERT = pipeline.convert


def _inputs(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(SEED.read_bytes())
    return folder


def _lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def test_a_worker_killed_mid_batch_costs_only_its_file(tmp_path, monkeypatch, capsys):
    pidfile = tmp_path / "victim.pid"

    def convert(path):
        if path.name == "victim.txt":
            pidfile.write_text(str(os.getpid()))
            time.sleep(60)
        return REAL_CONVERT(path)

    monkeypatch.setattr(pipeline, "convert", convert)
    inp = _inputs(tmp_path / "in", "a.txt", "b.txt", "victim.txt", "c.txt", "d.txt")

    def killer():
        for _ in range(600):
            if pidfile.exists() and pidfile.read_text():
                os.kill(int(pidfile.read_text()), signal.SIGKILL)
                return
            time.sleep(0.05)

    t = threading.Thread(target=killer)
    t.start()
    out = tmp_path / "out"
    code = main(["extract", str(inp), "-o", str(out), "--jobs", "2", "--report", str(tmp_path / "r.jsonl")])
    t.join()
    err = _lines(capsys.readouterr().err)
    assert code == 1
    for name in ("a", "b", "c", "d"):
        assert (out / f"{name}.txt.json").exists() and (out / f"{name}.txt.csv").exists()
    assert not (out / "victim.txt.json").exists()
    failures = [line for line in err if "victim.txt" in line]
    assert failures == [f"phuluc: {inp / 'victim.txt'}: worker died (signal 9)"]
    assert err[-1] == "phuluc: 4 converted (192 tasks, 20 warnings), 0 unchanged, 1 failed"
    assert "Traceback" not in "\n".join(err)
    report = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["status"] for r in report) == ["converted"] * 4 + ["failed"]


def test_timeout_kills_the_worker_and_sets_the_readers_budget(tmp_path, monkeypatch, capsys):
    seen = tmp_path / "budget"

    def convert(path):
        from phuluc.extract.budget import remaining

        if path.name == "slow.txt":
            seen.write_text(str(remaining()))
            while True:  # busy, no signal would help
                pass
        return REAL_CONVERT(path)

    monkeypatch.setattr(pipeline, "convert", convert)
    inp = _inputs(tmp_path / "in", "ok.txt", "slow.txt")
    t0 = time.monotonic()
    code = main(["extract", str(inp), "-o", str(tmp_path / "out"), "--jobs", "1", "--timeout", "1.5"])
    assert time.monotonic() - t0 < 15
    err = _lines(capsys.readouterr().err)
    assert code == 1
    assert f"phuluc: {inp / 'slow.txt'}: gave up after 1.5 s (--timeout)" in err
    assert (tmp_path / "out" / "ok.txt.json").exists()
    assert 0 < float(seen.read_text()) <= 1.5


def test_report_lines_and_summary_count_the_same(tmp_path, capsys):
    inp = _inputs(tmp_path / "in", "good.txt")
    (inp / "empty.txt").write_bytes(b"")
    (inp / "prose.txt").write_text("Chỉ có văn bản.\n", encoding="utf-8")
    report = tmp_path / "rep" / "report.jsonl"
    assert main(["extract", str(inp), "-o", str(tmp_path / "out"), "--report", str(report)]) == 1
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3
    by_name = {Path(r["file"]).name: r for r in rows}
    good = by_name["good.txt"]
    assert good["status"] == "converted" and good["reason"] is None and good["tasks"] == 48
    assert good["sha256"] == stamps.sha256_of(SEED) and good["phuluc"]
    assert sum(good["warnings"].values()) == 5 and good["seconds"] >= 0
    assert set(good) == {"file", "sha256", "status", "reason", "tasks", "warnings", "pages", "seconds", "phuluc"}
    assert by_name["empty.txt"]["status"] == "failed" and by_name["empty.txt"]["reason"] == "empty file"
    assert _lines(capsys.readouterr().err)[-1] == "phuluc: 1 converted (48 tasks, 5 warnings), 0 unchanged, 2 failed"


@pytest.mark.parametrize("formats", ["json", "csv", "ics", "html", "xlsx", "json,csv,ics,html,xlsx"])
def test_resume_skips_for_every_format_set(tmp_path, formats):
    out = tmp_path / "out"
    assert main(["extract", str(SEED), "-o", str(out), "--format", formats, "-q"]) == 0
    written = {f: (out / f"ct26-daknong.txt.{f}").stat().st_mtime_ns for f in formats.split(",")}
    time.sleep(0.01)
    report = tmp_path / "r.jsonl"
    assert main(["extract", str(SEED), "-o", str(out), "--format", formats, "--resume", "-q",
                 "--report", str(report)]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["status"] == "unchanged"
    assert {f: (out / f"ct26-daknong.txt.{f}").stat().st_mtime_ns for f in written} == written


def test_resume_converts_again_when_asked_for_more_or_when_outputs_changed(tmp_path):
    out = tmp_path / "out"
    report = tmp_path / "r.jsonl"

    def status(*extra: str) -> str:
        assert main(["extract", str(SEED), "-o", str(out), "--resume", "-q", "--report", str(report), *extra]) == 0
        return json.loads(report.read_text(encoding="utf-8"))["status"]

    assert status("--format", "csv") == "converted"
    assert status("--format", "json,csv") == "converted"  # json was never written
    assert status("--format", "json") == "unchanged"
    (out / "ct26-daknong.txt.csv").write_text("edited by hand", encoding="utf-8")
    assert status("--format", "json,csv") == "converted"
    assert status() == "unchanged"


def test_resume_is_invalidated_by_another_phuluc_version(tmp_path, monkeypatch):
    out = tmp_path / "out"
    report = tmp_path / "r.jsonl"
    assert main(["extract", str(SEED), "-o", str(out), "-q"]) == 0
    monkeypatch.setattr(stamps, "__version__", "99.0")
    assert main(["extract", str(SEED), "-o", str(out), "--resume", "-q", "--report", str(report)]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["status"] == "converted"
    assert json.loads(stamps.stamp_path(out / SEED.name).read_text(encoding="utf-8"))["phuluc"] == "99.0"


def test_resume_is_invalidated_by_other_gazetteer_files(tmp_path):
    out = tmp_path / "out"
    report = tmp_path / "r.jsonl"
    extra = tmp_path / "more.yaml"
    extra.write_text("agencies:\n  - {id: x-body, name: Ban Quản lý dự án thử nghiệm, kind: state_body}\n",
                     encoding="utf-8")

    def status(*options: str) -> str:
        assert main(["extract", str(SEED), "-o", str(out), "--resume", "-q", "--report", str(report),
                     *options]) == 0
        return json.loads(report.read_text(encoding="utf-8"))["status"]

    assert status() == "converted"
    assert status() == "unchanged"
    assert status("--gazetteer", str(extra)) == "converted"  # bodies may now be named otherwise
    assert status("--gazetteer", str(extra)) == "unchanged"
    extra.write_text(extra.read_text(encoding="utf-8").replace("thử nghiệm", "thí điểm"), encoding="utf-8")
    assert status("--gazetteer", str(extra)) == "converted"  # the same file name, edited
    assert status() == "converted"  # back to the built-in gazetteer alone


def test_outputs_follow_the_umask_and_are_synced_before_the_rename(tmp_path, monkeypatch):
    from phuluc.export import files

    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(files.os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1])
    old = os.umask(0o027)
    try:
        files.write_atomic(tmp_path / "a.json", b"{}")
        assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o640
        os.umask(0o022)
        files.write_atomic(tmp_path / "b.json", b"{}")
        assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o644
    finally:
        os.umask(old)
    assert events[:2] == ["fsync", "rename"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_names_the_output_and_the_reason(tmp_path, monkeypatch, capsys):
    import errno

    from phuluc.export import files

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    out = tmp_path / "out"
    assert main(["extract", str(SEED), "-o", str(out)]) == 1
    err = _lines(capsys.readouterr().err)
    assert err == [f"phuluc: {SEED}: cannot write {out / 'ct26-daknong.txt.json'}: No space left on device"]
    assert list(out.iterdir()) == []  # no temporary file left


def test_a_real_full_disk_on_a_small_tmpfs(tmp_path, capsys):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        (mnt / "filler").write_bytes(b"x" * 40_000)
        code = main(["extract", str(SEED), "-o", str(mnt / "out")])
        err = _lines(capsys.readouterr().err)
        assert code == 1 and len(err) == 1
        assert "cannot write" in err[0] and "No space left on device" in err[0] and "internal error" not in err[0]
        assert not [p for p in (mnt / "out").iterdir() if p.suffix == ".tmp"]
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_an_output_folder_that_is_a_file_for_one_input(tmp_path, capsys):
    inp = _inputs(tmp_path / "in" / "sub", "x.txt").parent
    _inputs(inp, "top.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("a file where a folder should be", encoding="utf-8")
    assert main(["extract", str(inp), "-o", str(out)]) == 1
    err = _lines(capsys.readouterr().err)
    assert f"phuluc: {inp / 'sub' / 'x.txt'}: cannot write {out / 'sub' / 'x.txt.json'}: {out / 'sub'} is a file, not a folder" in err
    assert (out / "top.txt.json").exists()


def test_a_name_too_long_for_the_output(tmp_path, capsys):
    name = "d" * 248 + ".txt"  # the input fits in 255 bytes, its outputs do not
    inp = _inputs(tmp_path / "in", name)
    assert main(["extract", str(inp / name), "-o", str(tmp_path / "out")]) == 1
    err = _lines(capsys.readouterr().err)
    assert len(err) == 1 and "cannot write" in err[0] and err[0].endswith(": File name too long")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_output_folder_is_a_usage_error(tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(SystemExit) as e:
            main(["extract", str(SEED), "-o", str(out)])
        assert e.value.code == 2
    finally:
        out.chmod(0o700)


def test_library_logging_and_warnings_stay_out_of_stderr(tmp_path, monkeypatch):
    def convert(path):
        import logging
        import warnings

        logging.getLogger("pdfminer.pdfpage").warning("CropBox missing from /Page, defaulting to MediaBox")
        warnings.warn("a library's warning", UserWarning, stacklevel=1)
        os.write(2, b"a C library writing to fd 2\n")
        return REAL_CONVERT(path)

    monkeypatch.setattr(pipeline, "convert", convert)
    inp = _inputs(tmp_path / "in", "a.txt")
    (inp / "empty.txt").write_bytes(b"")
    err_file = tmp_path / "stderr"
    with err_file.open("w") as fh:
        saved = os.dup(2)
        os.dup2(fh.fileno(), 2)
        try:
            main(["extract", str(inp), "-o", str(tmp_path / "out")])
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    raw = err_file.read_text()
    assert "CropBox" not in raw and "warning" not in raw and "C library" not in raw


def _phuluc(args: list[str], env_tmp: Path, path_prefix: Path | None = None) -> subprocess.Popen:
    env = dict(os.environ, TMPDIR=str(env_tmp))
    if path_prefix:
        env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
    return subprocess.Popen([sys.executable, "-m", "phuluc", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _fake_soffice(folder: Path, pids: Path) -> Path:
    """A LibreOffice that makes its profile folder, records its pid and hangs."""
    folder.mkdir()
    fake = folder / "soffice"
    fake.write_text(
        "#!/usr/bin/env python3\n"
        "import os, sys, time\n"
        "prof = [a.split('file://', 1)[1] for a in sys.argv if a.startswith('-env:UserInstallation=')][0]\n"
        "os.makedirs(prof + '/user', exist_ok=True)\n"
        f"open({str(pids)!r}, 'a').write(str(os.getpid()) + '\\n')\n"
        "time.sleep(120)\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    return folder


def _word_stub(path: Path) -> Path:
    # Enough of an OLE file for the .doc reader to hand it to LibreOffice.
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    return path


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(pred, seconds: float = 30) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_sigterm_is_one_line_exit_143_and_leaves_nothing_behind(tmp_path):
    pids = tmp_path / "soffice.pids"
    bin_dir = _fake_soffice(tmp_path / "bin", pids)
    inp = tmp_path / "in"
    inp.mkdir()
    _word_stub(inp / "hangs.doc")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _phuluc(["extract", str(inp), "-o", str(tmp_path / "out")], tmp, bin_dir)
    assert _wait_for(lambda: pids.exists() and pids.read_text().strip()), proc.communicate()
    soffice = int(pids.read_text().split()[0])
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143
    assert _lines(err) == ["phuluc: terminated; files already written are complete (use --resume to go on)"]
    assert _wait_for(lambda: not _alive(soffice), 10)
    assert list(tmp.iterdir()) == []  # OCR temp folders and LibreOffice profiles included


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_a_timeout_ends_libreoffice_and_removes_its_profile(tmp_path):
    pids = tmp_path / "soffice.pids"
    bin_dir = _fake_soffice(tmp_path / "bin", pids)
    inp = _inputs(tmp_path / "in", "ok.txt")
    _word_stub(inp / "hangs.doc")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _phuluc(["extract", str(inp), "-o", str(tmp_path / "out"), "--timeout", "3", "--jobs", "1"], tmp, bin_dir)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"phuluc: {inp / 'hangs.doc'}: gave up after 3 s (--timeout)" in _lines(err)
    assert (tmp_path / "out" / "ok.txt.json").exists()
    assert _wait_for(lambda: not _alive(int(pids.read_text().split()[0])), 10)
    assert list(tmp.iterdir()) == []


def test_ctrl_c_is_one_line_exit_130(tmp_path):
    pids = tmp_path / "soffice.pids"
    bin_dir = _fake_soffice(tmp_path / "bin", pids)
    inp = tmp_path / "in"
    inp.mkdir()
    _word_stub(inp / "hangs.doc")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _phuluc(["extract", str(inp), "-o", str(tmp_path / "out")], tmp, bin_dir)
    assert _wait_for(lambda: pids.exists() and pids.read_text().strip())
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert _lines(err) == ["phuluc: interrupted; files already written are complete (use --resume to go on)"]
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_start_up_imports_nothing_heavy(flag):
    code = (
        "import sys\n"
        "from phuluc.export.cli import main\n"
        "try:\n"
        f"    main([{flag!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('pdfplumber', 'pdfminer', 'pandas', 'numpy', 'docx', 'PIL', 'pypdfium2', 'tqdm',\n"
        "                     'psutil', 'phuluc.export.pipeline', 'phuluc.extract.readers', 'importlib.metadata')\n"
        "         if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stderr.strip() == "[]"


def test_no_room_for_temporary_folders_is_one_line(tmp_path, monkeypatch, capsys):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing" / "tmp"))
    with pytest.raises(SystemExit) as e:
        main(["extract", str(SEED), "-o", str(tmp_path / "out")])
    assert e.value.code == 2
    err = _lines(capsys.readouterr().err)
    assert err == [f"phuluc: cannot create a temporary folder in {tmp_path / 'missing' / 'tmp'}: "
                   "No such file or directory"]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_kill_9_of_phuluc_itself_leaves_nothing_behind(tmp_path):
    pids = tmp_path / "soffice.pids"
    bin_dir = _fake_soffice(tmp_path / "bin", pids)
    inp = tmp_path / "in"
    inp.mkdir()
    _word_stub(inp / "hangs.doc")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _phuluc(["extract", str(inp), "-o", str(tmp_path / "out")], tmp, bin_dir)
    assert _wait_for(lambda: pids.exists() and pids.read_text().strip())
    proc.kill()
    proc.communicate(timeout=30)
    assert _wait_for(lambda: not _alive(int(pids.read_text().split()[0])), 20)
    assert _wait_for(lambda: list(tmp.iterdir()) == [], 20)


def test_an_internal_error_is_one_line_and_its_traceback_only_with_debug(tmp_path, monkeypatch, capsys):
    def convert(path):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "convert", convert)
    assert main(["extract", str(SEED), "-o", str(tmp_path / "a")]) == 1
    assert _lines(capsys.readouterr().err) == [
        f"phuluc: {SEED}: internal error (ValueError: boom); please report this file"]
    assert main(["extract", str(SEED), "-o", str(tmp_path / "b"), "--debug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and 'raise ValueError("boom")' in err


def test_running_again_replaces_phuluc_s_own_outputs_of_every_format(tmp_path, capsys):
    out = tmp_path / "out"
    formats = "json,csv,ics,html,xlsx"
    assert main(["extract", str(SEED), "-o", str(out), "--format", formats, "-q"]) == 0
    stamps.stamp_path(out / SEED.name).unlink()  # even without the stamp, by how the files start ...
    for f in ("json", "csv", "ics", "html"):
        assert main(["extract", str(SEED), "-o", str(out), "--format", f, "-q"]) == 0, f
    (out / "ct26-daknong.txt.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet of the user's")
    stamps.stamp_path(out / SEED.name).unlink()
    # ... except a spreadsheet, which looks like any other: without the stamp it is not replaced.
    assert main(["extract", str(SEED), "-o", str(out), "--format", "xlsx"]) == 1
    assert "was not written by phuluc: not overwritten" in capsys.readouterr().err
