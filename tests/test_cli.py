"""The command line: batches, exit statuses, one-line errors, help and README agree."""

import json
import re
import subprocess
import sys

import pytest

from phuluc.export.cli import build_parser, main
from tests.conftest import ROOT, SAMPLES

SEED = SAMPLES / "ct26-daknong.txt"


def test_seed_end_to_end(tmp_path):
    assert main(["extract", str(SEED), "-o", str(tmp_path), "-q"]) == 0
    data = json.loads((tmp_path / "ct26-daknong.txt.json").read_text(encoding="utf-8"))
    assert data["source"]["kind"] == "text"
    assert data["document"]["kind"] == "Chương trình"
    assert data["document"]["date"] == "2015-06-11"
    ids = [t["id"] for t in data["tasks"]]
    assert len(ids) == len(set(ids)) >= 40
    assert ids[0] == "I.1"
    assert (tmp_path / "ct26-daknong.txt.csv").exists()


def test_batch_goes_on_after_bad_files(tmp_path, capsys):
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    (inp / "sub" / "good.txt").write_bytes(SEED.read_bytes())
    (inp / "empty.txt").write_bytes(b"")
    (inp / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (inp / "notzip.docx").write_bytes(b"hello")
    (inp / "prose.txt").write_text("Chỉ có văn bản, không có bảng.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["extract", str(inp), "-o", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert (out / "sub" / "good.txt.json").exists()
    lines = [line for line in err.splitlines() if line.startswith("phuluc: ") and ": " in line[8:]]
    failed = [line for line in lines if "converted" not in line]
    assert len(failed) == 4
    assert all("Traceback" not in line for line in err.splitlines())
    assert any("empty.txt: empty file" in line for line in failed)
    assert any("prose.txt: no task table found" in line for line in failed)


def test_resume_skips_unchanged(tmp_path, capsys):
    assert main(["extract", str(SEED), "-o", str(tmp_path), "-q"]) == 0
    target = tmp_path / "ct26-daknong.txt.json"
    before = target.stat().st_mtime_ns
    assert main(["extract", str(SEED), str(SEED.parent), "-o", str(tmp_path), "--resume", "--jobs", "1"]) == 0
    assert target.stat().st_mtime_ns == before
    assert "unchanged" in capsys.readouterr().err


def test_parallel_batch(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(3):
        (inp / f"p{i}.txt").write_bytes(SEED.read_bytes())
    assert main(["extract", str(inp), "-o", str(tmp_path / "out"), "--jobs", "2", "-q"]) == 0
    assert len(list((tmp_path / "out").glob("*.json"))) == 3


def test_usage_errors_exit_2(tmp_path):
    with pytest.raises(SystemExit) as e:
        main(["extract", str(SEED)])  # no -o
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["extract", str(SEED), "-o", str(tmp_path), "--format", "xml"])
    assert e.value.code == 2


def test_missing_input_is_a_failed_file(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.pdf"), "-o", str(tmp_path)]) == 1
    assert "no such file" in capsys.readouterr().err


def test_format_json_only(tmp_path):
    assert main(["extract", str(SEED), "-o", str(tmp_path), "--format", "json", "-q"]) == 0
    assert not (tmp_path / "ct26-daknong.txt.csv").exists()


def test_console_script_version():
    out = subprocess.run([sys.executable, "-m", "phuluc", "--version"], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0 and out.stdout.startswith("phuluc ")


def test_readme_and_help_agree():
    """Every option of `phuluc extract` is documented in the README, and the README's
    Quick start has exactly two commands."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices["extract"]  # noqa: SLF001
    for action in sub._actions:  # noqa: SLF001
        longs = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
        for opt in longs:
            assert opt in readme, f"{opt} missing from README"
    quick = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line for line in quick.splitlines()[1:] if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert re.search(r"\bdemo\b", commands[0]) and re.search(r"\btest\b", commands[1])


def test_corrupt_word_files_fail_one_line_each_and_the_rest_is_written(tmp_path, capsys):
    import io
    import zipfile

    import docx

    inp = tmp_path / "in"
    inp.mkdir()
    good = io.BytesIO()
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for c, v in zip(t.rows[0].cells, ["TT", "Nội dung", "Đơn vị chủ trì"], strict=True):
        c.text = v
    for c, v in zip(t.rows[1].cells, ["1", "Việc một", "Sở Y tế"], strict=True):
        c.text = v
    d.save(good)
    data = good.getvalue()
    (inp / "good.docx").write_bytes(data)
    (inp / "truncated.docx").write_bytes(data[: len(data) // 2])
    (inp / "notzip.docx").write_bytes(b"this is not a zip archive at all")
    nodoc = io.BytesIO()
    with zipfile.ZipFile(nodoc, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    (inp / "nodocument.docx").write_bytes(nodoc.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(bomb, "w") as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                lol = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + "".join(
                    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>"
                body = body.replace(b"?>", b"?>" + lol.encode(), 1)
            z.writestr(item, body)
    (inp / "bomb.docx").write_bytes(bomb.getvalue())
    out = tmp_path / "out"
    assert main(["extract", str(inp), "-o", str(out), "--jobs", "1", "-q"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (out / "good.docx.json").exists() and (out / "good.docx.csv").exists()
    assert len(err) == 4 and all(line.startswith("phuluc: ") for line in err)
    for name in ("truncated", "notzip", "nodocument", "bomb"):
        assert sum(f"{name}.docx:" in line for line in err) == 1
    assert not any("Traceback" in line for line in err)
