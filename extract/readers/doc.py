"""Read a legacy Word .doc: LibreOffice converts it to .docx, then the .docx reader does the rest."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from phuluc.extract.budget import remaining
from phuluc.extract.model import PhulucError, RawDocument
from phuluc.extract.readers import office
from phuluc.extract.readers.docx import read_docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MISSING = "LibreOffice is needed to read .doc files: install the 'libreoffice-writer-nogui' package"


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def read_doc(path: Path) -> RawDocument:
    """Convert ``path`` with LibreOffice and read the result as kind "doc" under the original name."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PhulucError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise PhulucError("empty file")
    if data.startswith(_OLE_MAGIC) and ("EncryptedPackage".encode("utf-16-le") in data or _encrypted_fib(data)):
        raise PhulucError("the Word file is password-protected (encrypted); remove the password and retry")
    if data.startswith(b"PK"):
        # A .docx saved under a .doc name: no conversion needed.
        return read_docx(path, kind="doc", display_name=path.name)
    if data.startswith(_OLE_MAGIC) and "WordDocument".encode("utf-16-le") not in data:
        # An OLE container without Word's main stream: an Excel/PowerPoint file or a damaged one.
        raise PhulucError("not a Word .doc file, or a truncated one: the OLE container has no WordDocument stream")
    if not _looks_like_word(data):
        raise PhulucError("not a Word .doc file (no OLE, RTF or HTML signature)")
    soffice = find_soffice()
    if soffice is None:
        raise PhulucError(_MISSING)

    with tempfile.TemporaryDirectory(prefix="phuluc-doc-") as tmp:
        tmpdir = Path(tmp)
        # Copy under a plain ASCII name: soffice names its output after the input, and odd
        # characters or a leading "-" in the user's file name must not confuse it.
        src = tmpdir / "input.doc"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        outdir.mkdir()
        out = outdir / "input.docx"
        # This process's LibreOffice, kept running across files; else one run for this file
        # (which also gives the reason when the server could not convert it).
        err = ""
        if not office.convert(soffice, src, out, "MS Word 2007 XML", remaining()):  # the file's budget
            # A fresh profile per run: two soffice processes sharing one profile block each other.
            profile = tmpdir / f"profile-{uuid.uuid4().hex}"
            cmd = [
                soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src),
            ]
            err = _run(cmd, tmpdir)
        if not out.is_file() or out.stat().st_size == 0:
            # soffice exits 0 even when it cannot load the file; its stderr says why.
            lines = [ln.strip() for ln in err.splitlines() if ln.strip()]
            reason = " ".join([ln for ln in lines if "error" in ln.lower()] or lines)[:160]
            raise PhulucError(
                "LibreOffice could not convert this .doc file (corrupt or not a Word document)"
                + (f": {reason}" if reason else "")
            )
        doc = read_docx(out, kind="doc", display_name=path.name)
    # The hash identifies the user's file, not LibreOffice's conversion of it.
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


def _encrypted_fib(data: bytes) -> bool:
    """Word 97-2003 encryption or obfuscation: flags in the header (FIB) of the WordDocument stream.

    LibreOffice cannot open such a file without its password and says nothing useful.
    """
    import struct

    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            if not ole.exists("WordDocument"):
                return False
            fib = ole.openstream("WordDocument").read(12)
    except (OSError, ValueError, EOFError, IndexError, struct.error):
        return False  # a damaged container: the conversion will say so
    if len(fib) < 12 or fib[:2] != b"\xec\xa5":  # wIdent of a Word binary file
        return False
    flags = int.from_bytes(fib[10:12], "little")
    return bool(flags & 0x0100 or flags & 0x8000)  # fEncrypted, fObfuscated


def _looks_like_word(data: bytes) -> bool:
    """Formats Word itself saves as ".doc": OLE binary, RTF, and HTML ("Web page") files."""
    if data.startswith(_OLE_MAGIC) or data.lstrip()[:5] == b"{\\rtf":
        return True
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<html", b"<!doctype html", b"<?xml", b"mime-version"))


def _run(cmd: list[str], cwd: Path) -> str:
    env = dict(os.environ)
    env.setdefault("HOME", str(cwd))  # soffice wants a writable home even with a custom profile
    try:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,  # own process group, so a timeout kills soffice.bin too
        )
    except OSError as exc:
        raise PhulucError(f"{_MISSING} (could not start it: {exc.strerror or exc})") from exc
    try:
        # No limit of our own: the conversion may take what is left of the file's --timeout.
        _, err = proc.communicate(timeout=remaining())
    except subprocess.TimeoutExpired as e:
        office.end_process(proc, group=True)
        raise PhulucError(f"gave up after {e.timeout:.0f} s: LibreOffice had not finished converting "
                          "when the file's --timeout ran out") from None
    except BaseException:
        office.end_process(proc, group=True)
        raise
    if proc.returncode != 0:
        reason = " ".join(err.decode("utf-8", "replace").split())[:160]
        raise PhulucError(f"LibreOffice failed to convert the .doc file (exit {proc.returncode}: {reason})")
    return err.decode("utf-8", "replace")


