"""A disk cache for data phuluc builds from its YAML files (the gazetteer's look-up tables).

Building the gazetteer's tables takes about 0.1 s, paid by every process that normalises a
file: for a one-page document that is a third of the run. The tables are pickled once, into
the cache folder, and later processes load them in about 5 ms.

A cached copy is used only when it was built from the same bytes of every data file, by the
same phuluc code (the size and modification time of each of its source files) under the same
Python; otherwise it is rebuilt and replaced. The cache is only ever an optimisation: a folder
that cannot be written, a damaged or stale file, or a cache turned off all mean the data is
built in the process, as without a cache.

Setting (environment): ``PHULUC_CACHE_DIR``, the folder (default ``$XDG_CACHE_HOME/phuluc``,
else ``~/.cache/phuluc``); set to an empty string to turn the cache off. Pickles are loaded
from it, so it must be a folder only its user can write (as the default is).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ENV = "PHULUC_CACHE_DIR"
_PACKAGES = ("phuluc", "phuluc.extract", "phuluc.normalize")  # the code that builds cached data


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value).expanduser() if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "phuluc"


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """Size and modification time of every source file of the packages that build cached data:
    an edited module (a new index layout, a new key fold) makes every cached copy stale."""
    import importlib

    h = hashlib.sha256(sys.version.encode())
    for name in _PACKAGES:
        root = Path(importlib.import_module(name).__file__).parent
        for f in sorted(root.rglob("*.py")):
            st = f.stat()
            h.update(f"{f.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.digest()


def _key(inputs: Iterable[Path]) -> str:
    h = hashlib.sha256(_code_fingerprint())
    for path in inputs:
        data = path.read_bytes()
        h.update(b"%d\0" % len(data))
        h.update(data)
    return h.hexdigest()[:32]


def cached(name: str, inputs: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or the copy of it cached under ``name`` for these exact ``inputs``.

    ``build``'s own errors (a user's file that cannot be read or parsed) propagate; the cache's
    never do."""
    folder = cache_dir()
    if folder is None:
        return build()
    inputs = list(inputs)
    try:
        key = _key(inputs)
    except OSError:  # an input that cannot be read: build() says so, in its own words
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # damaged, or written by other code: rebuilt below
    value = build()
    _store(folder, name, path, value)
    return value


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    """Write atomically (another process may be reading or writing the same copy), and drop
    this name's stale copies."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk: the next process builds the data again
