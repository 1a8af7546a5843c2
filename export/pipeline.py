"""One file through the whole flow: reader → reconstruct → normalize → writers.

``run_job`` is what a worker does with one input; it never raises for a bad file. The batch
around it (collecting inputs, the worker pool, timeouts, the report) lives in ``inputs``,
``workers`` and ``cli``.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from phuluc.export import stamps
from phuluc.export.files import OutputError, shown
from phuluc.export.inputs import collect  # noqa: F401 - part of the runner's interface
from phuluc.export.jobs import Job, Result
from phuluc.export.writers import WRITERS, output_path
from phuluc.extract.budget import time_budget
from phuluc.extract.model import Document, PhulucError
from phuluc.extract.readers import read, sniff
from phuluc.extract.tables import reconstruct
from phuluc.normalize.document import normalize_document
from phuluc.normalize.gazetteer import Gazetteer, load_gazetteer


class _Collector:
    """Whether the cyclic garbage collector runs, for the whole process (Dask runs jobs in
    threads): off while some thread is in phuluc's own stages and none is reading, on again
    once no stage runs. A collector the caller had turned off stays off."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stages = 0  # own_stages regions running
        self.readers = 0  # collecting regions running
        self.paused = False  # the collector is off because we turned it off

    def enter(self, stage: bool) -> None:
        with self.lock:
            if stage:
                self.stages += 1
            else:
                self.readers += 1
            self._sync()

    def leave(self, stage: bool) -> None:
        with self.lock:
            if stage:
                self.stages -= 1
            else:
                self.readers -= 1
            self._sync()

    def _sync(self) -> None:
        off = self.stages > 0 and self.readers == 0
        if off and gc.isenabled():
            gc.disable()
            self.paused = True
        elif not off and self.paused:
            gc.enable()
            self.paused = False


_COLLECTOR = _Collector()


@contextmanager
def own_stages() -> Iterator[None]:
    """The cyclic garbage collector paused while phuluc's own stages run.

    Reconstruction, normalisation and the writers build acyclic data (tasks, strings, lists):
    millions of small objects that the collector would traverse again and again and find
    nothing to free (a 100,000-row table: ~40% of the CPU time, under 500 collected objects).
    Reference counting still frees everything as usual. The collector runs again once the
    region ends; ended after the document is dropped, it need not walk the document even
    once. The readers are not covered (``collecting``)."""
    _COLLECTOR.enter(stage=True)
    try:
        yield
    finally:
        _COLLECTOR.leave(stage=True)


@contextmanager
def collecting() -> Iterator[None]:
    """The collector running, also inside ``own_stages``: parser libraries may build cycles
    (page trees), which must be collected as pages are released."""
    _COLLECTOR.enter(stage=False)
    try:
        yield
    finally:
        _COLLECTOR.leave(stage=False)


def _reading(kind: str):
    """The collector while a file of this kind is read: a text rendition is read by
    phuluc's own code (lines and cells, no cycles), paused as in its other stages (0.4 s of
    a 100,000-row text); the other readers' parser libraries build cycles, collected."""
    return own_stages() if kind == "text" else collecting()


def convert(path: Path, *, gazetteer: Gazetteer | None = None) -> Document:
    """Read, reconstruct and normalise one file; PhulucError when it cannot be done.

    ``gazetteer``: agencies' names (default: the built-in one)."""
    kind = sniff(Path(path))  # a file that cannot be read says so here
    with _reading(kind):
        raw = read(Path(path), kind)
    with own_stages():
        doc = reconstruct(raw)
        if not doc.tasks:  # a file without any text the reader has refused already, saying so
            raise PhulucError("no task table found")
        return normalize_document(doc, gazetteer)


def run_job(job: Job, debug: bool = False) -> Result:
    """Convert one file and write its outputs; never raises for a bad file (a batch must go on)."""
    t0 = time.perf_counter()
    src = shown(job.src)

    def failed(message: str, **kw) -> Result:
        return Result(src, False, message, seconds=time.perf_counter() - t0, sha256=sha, **kw)

    sha = None
    try:
        try:
            sha = stamps.sha256_of(job.src)
        except OSError as e:
            return failed(f"cannot read file: {e.strerror or e}")
        try:
            lists = [stamps.sha256_of(Path(g)) for g in job.gazetteer]
        except OSError as e:
            return failed(f"cannot read the gazetteer {shown(e.filename)}: {e.strerror or e}")
        done = stamps.intact(job.out_base, sha, lists) if job.resume else {}
        if job.resume and all(f in done for f in job.formats):
            return Result(src, True, "unchanged, skipped", skipped=True, sha256=sha)
        with own_stages():  # from the read file to the written outputs, the document dropped
            with time_budget(job.timeout):
                doc = convert(job.src, gazetteer=load_gazetteer(job.gazetteer)) if job.gazetteer else convert(job.src)
            # A name that is not UTF-8 cannot go into JSON as it is: the escaped form, as in messages.
            doc.source.file = shown(doc.source.file)
            written = {}
            for f in job.formats:
                target = output_path(job.out_base, f)
                WRITERS[f].load()(doc, target)
                written[f] = stamps.sha256_of(target)
            stamps.write(job.out_base, sha, {**done, **written}, lists)
            result = Result(src, True, tasks=len(doc.tasks), warnings=len(doc.warnings),
                            seconds=time.perf_counter() - t0, sha256=sha, pages=doc.source.pages,
                            warning_codes=dict(Counter(w.code for w in doc.warnings)))
            del doc
        return result
    except PhulucError as e:
        return failed(str(e))
    except OutputError as e:
        return failed(str(e))
    except MemoryError:
        limit = f" (--max-memory {job.max_memory // (1 << 20)} MB)" if job.max_memory else ""
        return failed(f"out of memory{limit}: the file needs more than phuluc may use")
    except RecursionError:
        return failed("malformed file (nesting too deep)")
    except OSError as e:  # the environment's: a temporary folder, a system tool
        where = f" ({shown(e.filename)})" if e.filename else ""
        return failed(f"system error while converting: {e.strerror or e}{where}")
    except Exception as e:  # noqa: BLE001 - phuluc's own fault; one bad file must not stop a batch
        return failed(f"internal error ({type(e).__name__}: {e}); please report this file",
                      detail=traceback.format_exc() if debug else "")
