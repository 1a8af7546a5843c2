"""Tests of the legacy .doc reader (LibreOffice conversion in front of the .docx reader)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_docx_reader import build_docx, cell, row, table

from phuluc.extract.budget import time_budget
from phuluc.extract.model import PhulucError
from phuluc.extract.readers import doc as doc_reader
from phuluc.extract.readers import read
from phuluc.extract.readers.doc import read_doc

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Enough of a Word 97 file to pass the reader's signature checks (the converter is faked).
FAKE_DOC = OLE + b"\0" * 500 + "WordDocument".encode("utf-16-le") + b"\0" * 500


def _need_soffice() -> str:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return SOFFICE


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .doc made by LibreOffice from a .docx with spans, a vertical merge and two tables."""
    soffice = _need_soffice()
    folder = tmp_path_factory.mktemp("doc")
    src = build_docx(
        folder / "ke-hoach.docx",
        "KẾ HOẠCH",
        table(2, row(cell("ỦY BAN NHÂN DÂN"), cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))),
        "PHỤ LỤC",
        table(
            3,
            row(cell("TT"), cell("Nội dung"), cell("Chủ trì")),
            row(cell("I"), cell("Cải cách thể chế", span=2)),
            row(cell("1"), cell("Rà soát"), cell("Sở Tư pháp", vmerge="restart")),
            row(cell("2"), cell("Kiểm tra"), cell("", vmerge="continue")),
        ),
    )
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--convert-to", "doc", "--outdir", str(folder), str(src)],
            check=True, capture_output=True, timeout=180,
        )
    out = folder / "ke-hoach.doc"
    assert out.read_bytes().startswith(OLE)
    return out


def test_doc_is_converted_and_read_as_docx(legacy_doc: Path) -> None:
    doc = read_doc(legacy_doc)
    assert doc.file == "ke-hoach.doc"
    assert doc.kind == "doc"
    assert doc.sha256 == hashlib.sha256(legacy_doc.read_bytes()).hexdigest()
    assert [p.text for p in doc.paragraphs] == ["KẾ HOẠCH", "PHỤ LỤC"]
    assert [t.index for t in doc.tables] == [0, 1]
    assert [r.cells for r in doc.tables[1].rows] == [
        ["TT", "Nội dung", "Chủ trì"],
        ["I", "Cải cách thể chế", ""],
        ["1", "Rà soát", "Sở Tư pháp"],
        ["2", "Kiểm tra", "Sở Tư pháp"],
    ]
    assert doc.tables[1].rows[3].merged == [False, False, True]


@pytest.mark.parametrize("name", ["ke-hoach.rtf", "ke-hoach-rtf.doc"])
def test_rtf_is_converted_whatever_its_name(legacy_doc: Path, tmp_path: Path, name: str) -> None:
    # Word saves RTF and opens it under a .doc name too, and portals serve it so
    soffice = _need_soffice()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--convert-to", "rtf", "--outdir", str(tmp_path), str(legacy_doc)],
            check=True, capture_output=True, timeout=180,
        )
    rtf = (tmp_path / "ke-hoach.rtf").read_bytes()
    assert rtf.startswith(b"{\\rtf")
    path = tmp_path / name
    path.write_bytes(rtf)
    doc = read(path)
    assert doc.file == name and doc.kind == "doc"
    assert doc.sha256 == hashlib.sha256(rtf).hexdigest()
    assert [r.cells for r in doc.tables[1].rows][2:] == [["1", "Rà soát", "Sở Tư pháp"],
                                                         ["2", "Kiểm tra", "Sở Tư pháp"]]


def test_a_file_named_rtf_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.rtf"
    path.write_bytes(b"\x00\x01binary, not RTF" * 10)
    with pytest.raises(PhulucError, match="not an RTF file"):
        read(path)


def test_parallel_conversions_do_not_collide(legacy_doc: Path) -> None:
    # Each run gets its own LibreOffice profile; a shared one makes the second soffice fail or wait.
    with ThreadPoolExecutor(max_workers=2) as pool:
        docs = list(pool.map(read_doc, [legacy_doc] * 2))
    assert all(d.tables[1].rows[2].cells[2] == "Sở Tư pháp" for d in docs)


def test_corrupt_doc_gives_one_line_error(tmp_path: Path) -> None:
    _need_soffice()
    path = tmp_path / "hong.doc"
    path.write_bytes(FAKE_DOC + os.urandom(3000))
    with pytest.raises(PhulucError) as info:
        read_doc(path)
    assert "\n" not in str(info.value)


def test_missing_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(FAKE_DOC)
    with pytest.raises(PhulucError) as info:
        read_doc(path)
    assert str(info.value) == (
        "LibreOffice is needed to read .doc files: install the 'libreoffice-writer-nogui' package"
    )


def test_find_soffice_looks_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: "/opt/lo/libreoffice" if name == "libreoffice" else None)
    assert doc_reader.find_soffice() == "/opt/lo/libreoffice"
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert doc_reader.find_soffice() is None


def test_conversion_timeout_kills_the_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for a hung soffice: it starts a child and both sleep; the whole group must die.
    marker = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {marker}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: str(fake))
    path = tmp_path / "treo.doc"
    path.write_bytes(FAKE_DOC)
    t0 = time.monotonic()
    with time_budget(1.0), pytest.raises(PhulucError, match="gave up after 1 s"):  # the file's --timeout
        read_doc(path)
    assert time.monotonic() - t0 < 15
    child = int(marker.read_text())
    for _ in range(50):  # the killed child may take a moment to be reaped by init
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{child}/status").exists() and "zombie" in Path(f"/proc/{child}/status").read_text():
            break
        time.sleep(0.1)
    else:
        pytest.fail("the converter's child process survived the timeout")


def test_failing_converter_gives_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: str(fake))
    path = tmp_path / "x.doc"
    path.write_bytes(FAKE_DOC)
    with pytest.raises(PhulucError) as info:
        read_doc(path)
    message = str(info.value)
    assert "could not convert" in message and "could not be loaded" in message and "\n" not in message


def test_empty_doc(tmp_path: Path) -> None:
    path = tmp_path / "empty.doc"
    path.write_bytes(b"")
    with pytest.raises(PhulucError, match="empty"):
        read_doc(path)


def test_encrypted_doc_is_refused_without_converting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: pytest.fail("must not convert"))
    path = tmp_path / "secret.doc"
    path.write_bytes(OLE + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(PhulucError, match="password"):
        read_doc(path)


def test_ole_file_that_is_not_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: pytest.fail("must not convert"))
    path = tmp_path / "bang-tinh.doc"
    path.write_bytes(OLE + b"\0" * 500 + "Workbook".encode("utf-16-le"))
    with pytest.raises(PhulucError, match="WordDocument"):
        read_doc(path)


def test_not_a_word_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: pytest.fail("must not convert"))
    path = tmp_path / "rac.doc"
    path.write_bytes(b"\x00\x01\x02 binary junk")
    with pytest.raises(PhulucError, match="not a Word"):
        read_doc(path)


def test_docx_saved_as_doc_is_read_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: pytest.fail("must not convert"))
    src = build_docx(tmp_path / "a.docx", table(1, row(cell("x"))))
    path = tmp_path / "renamed.doc"
    path.write_bytes(src.read_bytes())
    doc = read_doc(path)
    assert (doc.file, doc.kind) == ("renamed.doc", "doc")
    assert doc.tables[0].rows[0].cells == ["x"]
