"""Writing outputs safely, and showing file names safely.

Outputs are written to a temporary file, flushed to disk, then renamed: a reader of OUT
never sees half a file, and a crash or power cut leaves the old file or the new one. They get
the permissions any new file gets under the user's umask (0644 with the usual 022), not the
0600 of a temporary file.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


class OutputError(Exception):
    """An output could not be written: the environment's fault (permissions, disk, name)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {shown(path)}: {reason}")
        self.path = path


@contextmanager
def atomic_writer(path: Path, mode: str = "wb", encoding: str | None = None,
                  durable: bool = True) -> Iterator[IO]:
    """A file to write ``path`` through, piece by piece (a large table is never one string):
    a temporary file beside it, renamed over ``path`` only when the block ends without an
    error (removed otherwise). OutputError naming the path and the OS reason.

    ``durable``: synced to disk before the rename (a file that may be lost in a crash without
    harm, such as a resume stamp written after its outputs, skips the cost)."""
    import tempfile
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    except FileExistsError:  # a file where a folder must be: say which
        blocker = next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()), path.parent)
        raise OutputError(path, f"{shown(blocker)} is a file, not a folder") from None
    except OSError as e:
        raise OutputError(path, e.strerror or str(e)) from None
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=None if "b" in mode else "") as fh:
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(path, e.strerror or str(e)) from None
        raise


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; OutputError naming the path and the OS reason."""
    with atomic_writer(path, durable=durable) as fh:
        fh.write(data)


def shown(name: object) -> str:
    """A file name or message as one safe line: undecodable bytes as \\xNN, control characters escaped.

    A newline in a file name must not forge a second ``phuluc:`` line on stderr.
    """
    text = os.fspath(name) if isinstance(name, os.PathLike) else str(name)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")
        else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
