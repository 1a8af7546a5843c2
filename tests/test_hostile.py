"""Hostile inputs and hostile folders: bombs, names, links, FIFOs, bad options. Built here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from phuluc.export.cli import main
from phuluc.extract.readers import limits
from tests import hostile
from tests.conftest import ROOT, SAMPLES

SEED = SAMPLES / "ct26-daknong.txt"
GB_KB = 1 << 20  # ru_maxrss is in kB on Linux


def _lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def _usage_error(args: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as e:
        main(args)
    assert e.value.code == 2
    return capsys.readouterr().err


# --- bombs -------------------------------------------------------------------------------

def _peak(args: list[str]) -> tuple[int, str, int]:
    """Run phuluc in a fresh process; (exit status, stderr, peak RSS in kB of phuluc and its workers)."""
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'phuluc', *sys.argv[1:]], capture_output=True, text=True)\n"
        "sys.stderr.write(p.stderr)\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)
    status, peak = out.stdout.split()
    return int(status), out.stderr, int(peak)


@pytest.mark.parametrize("cap", ["0", "2G"])
def test_a_1kb_pixel_bomb_is_refused_before_decoding(tmp_path, cap):
    bomb = tmp_path / "pixels.pdf"
    bomb.write_bytes(hostile.pixel_bomb_pdf(65000))
    assert bomb.stat().st_size < 1024
    status, err, peak = _peak(["extract", str(bomb), "-o", str(tmp_path / "out"), "--max-memory", cap])
    assert status == 1
    assert _lines(err) == [f"phuluc: {bomb}: page 1: an image claims 65000 × 65000 pixels, over the limit "
                           "of 100 M pixels (a decompression bomb or a damaged scan)"]
    assert peak < GB_KB, f"peak {peak} kB"


def test_a_mediabox_bomb_is_not_rendered(tmp_path):
    bomb = tmp_path / "page.pdf"
    bomb.write_bytes(hostile.mediabox_bomb_pdf(14400))
    assert bomb.stat().st_size < 1024
    status, err, peak = _peak(["extract", str(bomb), "-o", str(tmp_path / "out"), "--max-memory", "0"])
    assert status == 1
    assert _lines(err) == [f"phuluc: {bomb}: page 1 is 14400 × 14400 pt: too large to render for OCR "
                           "(3600 M pixels, limit 50 M)"]
    assert peak < GB_KB


def test_a_flate_bomb_meets_the_memory_cap(tmp_path, capsys):
    bomb = tmp_path / "flate.pdf"
    bomb.write_bytes(hostile.flate_bomb_pdf(1024))
    assert main(["extract", str(bomb), "-o", str(tmp_path / "out"), "--max-memory", "400M", "--timeout", "120"]) == 1
    err = _lines(capsys.readouterr().err)
    assert err == [f"phuluc: {bomb}: out of memory (--max-memory 400 MB): the file needs more than phuluc may use"]


def test_jpeg_frame_size_and_limits():
    assert limits.jpeg_frame_size(hostile.tiny_jpeg(65000, 300)) == (65000, 300)
    assert limits.jpeg_frame_size(hostile.tiny_jpeg(9, 7, progressive=False)) == (9, 7)
    assert limits.jpeg_frame_size(b"\xff\xd8\xff") is None
    assert limits.jpeg_frame_size(b"not a jpeg") is None
    limits.check_image(1, 7016, 9921)  # A3 at 600 dpi
    limits.check_render(1, 842, 1191, 300 / 72)  # A3 at 300 dpi
    with pytest.raises(limits.PhulucError, match="claims 20000 × 20000"):
        limits.check_image(3, 20000, 20000)
    with pytest.raises(limits.PhulucError, match="page 2 is 5000 × 5000 pt"):
        limits.check_render(2, 5000, 5000, 300 / 72)


def test_a_jpeg_that_lies_about_its_size_in_the_dictionary(tmp_path, capsys):
    # The image dictionary says 8 × 8; the JPEG frame says 60000 × 60000: the frame decides.
    jpeg = hostile.tiny_jpeg(60000, 60000)
    img = hostile.stream(jpeg, b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
                               b"/BitsPerComponent 8 /Filter /DCTDecode")
    bomb = tmp_path / "liar.pdf"
    bomb.write_bytes(hostile.pdf_bytes([hostile.stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"), img]))
    assert main(["extract", str(bomb), "-o", str(tmp_path / "out")]) == 1
    assert "claims 60000 × 60000 pixels" in capsys.readouterr().err


def test_a_catalogue_of_hostile_files_runs_as_one_batch(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "good.txt").write_bytes(SEED.read_bytes())
    (inp / "pixels.pdf").write_bytes(hostile.pixel_bomb_pdf())
    (inp / "page.pdf").write_bytes(hostile.mediabox_bomb_pdf())
    (inp / "empty.pdf").write_bytes(b"")
    (inp / "truncated.pdf").write_bytes(hostile.pixel_bomb_pdf()[:300])
    (inp / "header-only.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (inp / "random.docx").write_bytes(os.urandom(2048))
    (inp / "random.doc").write_bytes(os.urandom(2048))
    (inp / "zeros.txt").write_bytes(b"\0" * 4096)
    (inp / "nested.pdf").write_bytes(hostile.pdf_bytes([hostile.stream(b"q " * 20000 + b"Q " * 20000)]))
    os.mkfifo(inp / "pipe.pdf")
    out = tmp_path / "out"
    assert main(["extract", str(inp), "-o", str(out), "--timeout", "60", "--report", str(tmp_path / "r.jsonl")]) == 1
    err = _lines(capsys.readouterr().err)
    assert (out / "good.txt.json").exists()
    assert not any("internal error" in line or "Traceback" in line for line in err)
    for name in ("pixels.pdf", "page.pdf", "empty.pdf", "truncated.pdf", "header-only.pdf", "random.docx",
                 "random.doc", "zeros.txt", "nested.pdf", "pipe.pdf"):
        assert sum(f"/{name}: " in line for line in err) == 1, name
    assert f"phuluc: {inp / 'pipe.pdf'}: not a regular file (a FIFO)" in err
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 11 and sum(r["status"] == "converted" for r in rows) == 1
    assert err[-1] == "phuluc: 1 converted (48 tasks, 5 warnings), 0 unchanged, 10 failed"


# --- names -------------------------------------------------------------------------------

def test_two_inputs_on_one_output_are_a_usage_error_before_any_work(tmp_path, capsys):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    err = _usage_error(["extract", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "-o", str(out)],
                       capsys)
    assert "would both write" in err and "x.txt.json" in err
    err = _usage_error(["extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)], capsys)
    assert "would both write" in err
    assert list(out.iterdir()) == []


def test_out_is_the_input_folder(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "k.txt").write_bytes(SEED.read_bytes())
    users = "TT,Nội dung\n1,Việc của người dùng\n"
    (folder / "k.txt.csv").write_text(users, encoding="utf-8")  # the user's own file, also an input
    report = tmp_path / "r.jsonl"
    assert main(["extract", str(folder), "-o", str(folder), "--report", str(report), "-q"]) == 1
    assert (folder / "k.txt.csv").read_text(encoding="utf-8") == users
    assert f"phuluc: {folder / 'k.txt'}: its output {folder / 'k.txt.csv'} would replace an input file; " \
           "choose another -o" in capsys.readouterr().err
    assert (folder / "a.txt.json").exists() and (folder / "a.txt.csv").exists()
    # The next run does not read phuluc's outputs as inputs.
    assert main(["extract", str(folder), "-o", str(folder), "--report", str(report), "-q", "--resume"]) == 1
    rows = {Path(r["file"]).name: r["status"] for r in map(json.loads, report.read_text(encoding="utf-8").splitlines())}
    assert rows == {"a.txt": "unchanged", "k.txt": "failed", "k.txt.csv": "failed"}


def test_out_inside_the_input_folder_is_not_walked(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    out = folder / "out"
    report = tmp_path / "r.jsonl"
    for _ in range(2):
        assert main(["extract", str(folder), "-o", str(out), "--report", str(report), "-q"]) == 0
        assert [json.loads(line)["file"] for line in report.read_text(encoding="utf-8").splitlines()] == \
               [str(folder / "a.txt")]
    assert sorted(p.name for p in out.iterdir()) == [".a.txt.phuluc", "a.txt.csv", "a.txt.json"]


def test_a_file_phuluc_did_not_write_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "ct26-daknong.txt.json").write_text('{"mine": true}', encoding="utf-8")
    assert main(["extract", str(SEED), "-o", str(out)]) == 1
    assert (out / "ct26-daknong.txt.json").read_text(encoding="utf-8") == '{"mine": true}'
    assert "exists and was not written by phuluc: not overwritten" in capsys.readouterr().err


def test_symbolic_links_do_not_leave_the_input_folder(tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SEED.read_bytes())
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    (inp / "sub" / "real.txt").write_bytes(SEED.read_bytes())
    (inp / "out-file.txt").symlink_to(outside / "secret.txt")
    (inp / "out-dir").symlink_to(outside)
    (inp / "in-file.txt").symlink_to(inp / "sub" / "real.txt")
    (inp / "loop.txt").symlink_to(inp / "loop.txt")
    (inp / "broken.pdf").symlink_to(tmp_path / "nowhere.pdf")
    out = tmp_path / "out"
    assert main(["extract", str(inp), "-o", str(out)]) == 0  # links not followed are not failures
    err = _lines(capsys.readouterr().err)
    assert f"phuluc: {inp / 'out-file.txt'}: symbolic link leading outside the input folder: not followed" in err
    assert f"phuluc: {inp / 'out-dir'}: symbolic link leading outside the input folder: not followed" in err
    assert f"phuluc: {inp / 'loop.txt'}: symbolic link loop: not followed" in err
    assert f"phuluc: {inp / 'broken.pdf'}: broken symbolic link: not followed" in err
    assert err[-1] == "phuluc: 1 converted (48 tasks, 5 warnings), 0 unchanged, 0 failed, 4 skipped"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.json")) == ["sub/real.txt.json"]


def test_devices_fifos_and_loops_given_as_inputs(tmp_path, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    assert main(["extract", str(fifo), "/dev/null", str(loop), str(SEED), "-o", str(tmp_path / "out")]) == 1
    err = _lines(capsys.readouterr().err)
    assert f"phuluc: {fifo}: not a regular file (a FIFO)" in err
    assert "phuluc: /dev/null: not a regular file (a character device)" in err
    assert f"phuluc: {loop}: symbolic link loop" in err
    assert (tmp_path / "out" / "ct26-daknong.txt.json").exists()


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch, capsys):
    from phuluc.export import inputs

    inp = tmp_path / "in"
    (inp / "locked").mkdir(parents=True)
    (inp / "ok.txt").write_bytes(SEED.read_bytes())
    real_scandir = os.scandir

    def scandir(path):
        if isinstance(path, (str, Path)) and Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    assert main(["extract", str(inp), "-o", str(tmp_path / "out")]) == 1
    err = _lines(capsys.readouterr().err)
    assert f"phuluc: {inp / 'locked'}: cannot read folder: Permission denied" in err


def test_names_are_escaped_and_undecodable_names_convert(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    forged = "evil\nphuluc: forged.txt"
    (inp / forged).write_bytes(b"")
    odd = os.fsdecode(b"caf\xe9.txt")
    (inp / odd).write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(inp / forged), str(inp / odd), "-o", str(out)]) == 1
    err = _lines(capsys.readouterr().err)
    assert err[0] == f"phuluc: {inp}/evil\\nphuluc: forged.txt: empty file"
    assert len(err) == 2  # that line and the summary
    data = json.loads((out / (odd + ".json")).read_bytes())
    assert data["source"]["file"] == "caf\\xe9.txt"


# --- options -----------------------------------------------------------------------------

@pytest.mark.parametrize("option", [
    ["--timeout", "nan"], ["--timeout", "inf"], ["--timeout", "-1"], ["--timeout", "soon"],
    ["--jobs", "-2"], ["--jobs", "two"], ["--max-memory", "lots"], ["--max-memory", "10K"],
    ["--format", "json,xml"], ["--format", ","],
])
def test_bad_option_values_are_usage_errors(tmp_path, capsys, option):
    err = _usage_error(["extract", str(SEED), "-o", str(tmp_path / "out"), *option], capsys)
    assert "Traceback" not in err and "internal error" not in err
    assert not (tmp_path / "out").exists()


def test_an_output_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "out"
    target.write_text("x", encoding="utf-8")
    assert "exists and is not a folder" in _usage_error(["extract", str(SEED), "-o", str(target)], capsys)
    assert "cannot write to the output folder" in _usage_error(
        ["extract", str(SEED), "-o", str(target / "sub")], capsys)


def test_memory_sizes():
    from phuluc.export.cli import parse_memory

    assert parse_memory("2G") == parse_memory("2GB") == parse_memory("2GiB") == 2 << 30
    assert parse_memory("1536M") == parse_memory("1536") == 1536 << 20
    assert parse_memory("0") == 0


# --- Word ----------------------------------------------------------------------------------

def test_an_encrypted_word_97_doc_is_password_protected(tmp_path, capsys):
    import docx
    import olefile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    d = docx.Document()
    d.add_paragraph("Kế hoạch")
    d.save(tmp_path / "plain.docx")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(tmp_path / "plain.docx")],
                   capture_output=True, timeout=120, check=True)
    doc = tmp_path / "plain.doc"
    with olefile.OleFileIO(str(doc), write_mode=True) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
        fib[11] |= 0x01  # fEncrypted (bit 8 of the flags at offset 10)
        ole.write_stream("WordDocument", bytes(fib))
    assert main(["extract", str(doc), "-o", str(tmp_path / "out")]) == 1
    assert _lines(capsys.readouterr().err) == [
        f"phuluc: {doc}: the Word file is password-protected (encrypted); remove the password and retry"]
