"""One LibreOffice per worker: the server converts file after file, comes back when it dies,
and goes away with the process that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from test_docx_reader import build_docx, cell, row, table

from phuluc.extract.readers import office
from phuluc.extract.readers.doc import find_soffice, read_doc

SOFFICE = find_soffice()
FILTER = "MS Word 2007 XML"


def _need_server() -> str:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    if office._uno_python(SOFFICE) is None:
        pytest.skip("no Python with LibreOffice's UNO bindings (python3-uno)")
    return SOFFICE


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    soffice = _need_server()
    folder = tmp_path_factory.mktemp("office")
    sources = []
    for i in range(2):
        sources.append(build_docx(
            folder / f"plan{i}.docx", "KẾ HOẠCH",
            table(3, row(cell("TT"), cell("Nội dung"), cell("Chủ trì")),
                  row(cell("1"), cell(f"Rà soát văn bản {i}"), cell("Sở Tư pháp"))),
        ))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                        "doc", "--outdir", str(folder), *map(str, sources)], check=True, capture_output=True,
                       timeout=180)
    return [folder / f"plan{i}.doc" for i in range(2)]


@pytest.fixture
def fresh_server():
    office.shutdown()
    yield
    office.shutdown()


def test_one_libreoffice_converts_file_after_file(docs, tmp_path, fresh_server):
    soffice = _need_server()
    assert office.convert(soffice, docs[0], tmp_path / "a.docx", FILTER, 120)
    first = office._server.office.pid
    assert office.convert(soffice, docs[1], tmp_path / "b.docx", FILTER, 120)
    assert office._server.office.pid == first  # the same LibreOffice
    texts = [[r.cells for t in read_doc(d).tables for r in t.rows] for d in docs]
    assert ["1", "Rà soát văn bản 0", "Sở Tư pháp"] in texts[0]
    assert ["1", "Rà soát văn bản 1", "Sở Tư pháp"] in texts[1]


def test_a_dead_libreoffice_is_started_again(docs, tmp_path, fresh_server):
    soffice = _need_server()
    assert office.convert(soffice, docs[0], tmp_path / "a.docx", FILTER, 120)
    dead = office._server.office.pid
    os.killpg(dead, signal.SIGKILL)
    office._server.office.wait(timeout=10)
    assert office.convert(soffice, docs[1], tmp_path / "b.docx", FILTER, 120)
    assert office._server.office.pid != dead


def test_the_server_can_be_turned_off(docs, tmp_path, monkeypatch, fresh_server):
    soffice = _need_server()
    monkeypatch.setenv("PHULUC_OFFICE_SERVER", "0")
    assert not office.convert(soffice, docs[0], tmp_path / "a.docx", FILTER, 120)
    assert office._server is None and not (tmp_path / "a.docx").exists()


def test_libreoffice_goes_with_a_killed_worker(docs, tmp_path):
    _need_server()
    script = (
        "import os, sys; from pathlib import Path; from phuluc.extract.readers import office, doc\n"
        f"office.convert(doc.find_soffice(), Path({str(docs[0])!r}), Path({str(tmp_path / 'k.docx')!r}), "
        f"{FILTER!r}, 120)\n"
        "print(office._server.office.pid, flush=True); sys.stdin.read()\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    pid = int(worker.stdout.readline())
    os.kill(pid, 0)  # running
    worker.kill()
    worker.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        pytest.fail("LibreOffice outlived the worker that started it")


def test_a_forked_worker_starts_its_own_server_and_leaves_the_parents(docs, tmp_path, fresh_server):
    soffice = _need_server()
    assert office.convert(soffice, docs[0], tmp_path / "a.docx", FILTER, 120)
    parent = office._server.office.pid
    pid = os.fork()
    if pid == 0:  # the worker: its own LibreOffice, and the parent's survives its exit
        ok = office.convert(soffice, docs[1], tmp_path / "b.docx", FILTER, 120)
        mine = office._server.office.pid if office._server else None
        office.shutdown()
        os._exit(0 if ok and mine not in (None, parent) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert office._server.alive() and office._server.office.pid == parent
    assert office.convert(soffice, docs[1], tmp_path / "c.docx", FILTER, 120)
