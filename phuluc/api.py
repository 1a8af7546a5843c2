"""The library entry points: one file, or many in parallel.

The readers, table reconstruction and normalisation (pdfplumber, lxml, numpy, the gazetteer) are
imported on the first conversion, not with ``import phuluc``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Union

from phuluc.document import Document

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]

# The gazetteer file the agency matcher holds now (None: the shipped one); switching costs a reload.
_gazetteer_in_use: Path | None = None


def _use_gazetteer(gazetteer: str | os.PathLike[str] | None) -> None:
    global _gazetteer_in_use
    wanted = Path(gazetteer).resolve() if gazetteer is not None else None
    if wanted != _gazetteer_in_use:
        from phuluc.normalize.agencies import use_gazetteer

        use_gazetteer(wanted)
        _gazetteer_in_use = wanted


def _convert(path: Path, gazetteer, timeout: float | None):
    from phuluc.export.pipeline import convert
    from phuluc.extract.budget import time_budget

    _use_gazetteer(gazetteer)
    with time_budget(timeout):
        return convert(path)


def extract_file(source: Source, *, name: str | None = None,
                 gazetteer: str | os.PathLike[str] | None = None, timeout: float | None = None) -> Document:
    """Convert one file (a path, its bytes, or a binary file object) into a :class:`Document`.

    ``name`` is the file name reported in ``source.file`` (for bytes it also tells a text rendition by
    its extension; default ``document``). ``gazetteer`` is an agencies YAML file in the format of
    ``normalize/data/agencies.yaml`` used instead of the shipped one (process-wide until another is
    asked for; None = the shipped one). ``timeout`` bounds, in seconds, the time given to external
    programs (Tesseract, LibreOffice). Raises :class:`phuluc.PhulucError` when the file cannot be
    converted (unreadable, corrupt, no task table), with the one-line reason.
    """
    if isinstance(source, (bytes, bytearray, memoryview)) or hasattr(source, "read"):
        import tempfile

        if hasattr(source, "read"):
            name = name or Path(str(getattr(source, "name", "") or "document")).name
            data = source.read()
            if not isinstance(data, bytes):
                raise TypeError("extract_file reads a file object opened in binary mode ('rb')")
        else:
            data = bytes(source)
        with tempfile.TemporaryDirectory(prefix="phuluc-") as tmp:
            path = Path(tmp) / (Path(name or "document").name or "document")
            path.write_bytes(data)
            doc = _convert(path, gazetteer, timeout)
    else:
        doc = _convert(Path(source), gazetteer, timeout)
        if name:
            doc.source.file = name
    return Document.of(doc)


def _files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    from phuluc.extract.readers import SUPPORTED

    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not f.name.startswith("."):
                    yield f
        else:
            yield p  # a missing file is reported by extract_file like any unreadable one


def extract_many(paths: Iterable[str | os.PathLike[str]], *, jobs: int | None = None,
                 gazetteer: str | os.PathLike[str] | None = None,
                 timeout: float | None = None) -> Iterator[tuple[Path, Document | Exception]]:
    """Convert files and folders (walked recursively) in ``jobs`` processes (default: one per CPU).

    Yields ``(path, result)`` as each file finishes: ``result`` is a :class:`Document`, or the
    exception that stopped that file (:class:`phuluc.PhulucError` for a file that cannot be converted;
    anything else is phuluc's own error, with its traceback). One bad file never stops the others.
    """
    if isinstance(paths, (str, os.PathLike)):  # one folder or file, not an iterable of characters
        paths = [paths]
    files = list(_files(paths))
    workers = min(jobs or os.cpu_count() or 1, len(files))
    if workers <= 1:
        for f in files:
            try:
                yield f, extract_file(f, gazetteer=gazetteer, timeout=timeout)
            except Exception as e:  # handed to the caller as this file's result, not hidden
                yield f, e
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = {pool.submit(extract_file, f, gazetteer=gazetteer, timeout=timeout): f for f in files}
        for fut in as_completed(futures):
            # An exception raised in a worker comes back with the worker's traceback as its __cause__;
            # a worker that died (killed, out of memory) fails its file with BrokenProcessPool.
            error = fut.exception()
            yield futures[fut], error if error is not None else fut.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
