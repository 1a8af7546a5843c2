"""The Dask executor: the same per-file job on a Dask distributed cluster.

``phuluc extract … --executor dask --scheduler ADDRESS`` sends each input's job
(``pipeline.run_job``) to the cluster; its workers read the input and write the outputs
themselves, so inputs and ``OUT`` must be on storage every worker sees at the same path
(paths are made absolute before they are sent). Results come back here and go through the
same report and summary as a local run; the outputs are the same bytes.

What differs from the local pool, and why:

- ``--timeout``: the job sets the file's time budget itself (``phuluc.extract.budget``), so
  readers bound their Tesseract and LibreOffice calls by it as they do locally. But a Dask
  task cannot be killed: a thread stuck in C code (pdfminer, pdfium) runs on until it ends.
  After the timeout (plus ``TIMEOUT_GRACE``) this side stops waiting, reports the file
  failed and asks the scheduler to forget the task; the worker thread stays busy until the
  task ends, and if it then finishes its outputs are complete files (``--resume`` keeps them).
- ``--max-memory`` is not applied: a Dask worker's memory is capped by the worker itself
  (``dask worker --memory-limit``); past it the nanny restarts the worker.
- A worker lost while converting a file (killed, out of memory, crashed) makes the scheduler
  retry the file elsewhere, up to its ``allowed-failures``; after that only that file fails,
  with one line: ``worker died (Dask: …)``.
- ``--jobs N`` is how many files are in flight at once (default: the cluster's threads).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import queue
import time
from collections import deque
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from phuluc import __version__
from phuluc.export.files import shown
from phuluc.export.jobs import ExecutorError, Job, Result

INSTALL_HINT = "pip install 'phuluc[dask]'"
# Seconds to reach the scheduler and to see a first worker: long enough for a scheduler on
# another machine, short enough that a wrong address is told at once.
CONNECT_TIMEOUT = 10.0
# Seconds past --timeout before giving up on a task: the job's own budget usually ends it
# first, with its own message, and the result needs a moment to travel back.
TIMEOUT_GRACE = 5.0


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ExecutorError(f"--executor dask needs the Dask distributed package: {INSTALL_HINT}") from None
    return distributed


def _absolute(job: Job) -> Job:
    """The job as a worker on another machine must see it (same paths on shared storage)."""
    return dataclasses.replace(job, src=Path(job.src).absolute(), out_base=Path(job.out_base).absolute(),
                               gazetteer=tuple(Path(g).absolute() for g in job.gazetteer),
                               max_memory=0)  # not this side's cap: no "--max-memory" in messages


def failure(job: Job, error: BaseException, seconds: float) -> Result:
    """The one line for a task that raised on the cluster instead of returning a Result
    (``run_job`` itself never raises for a bad file)."""
    distributed = _distributed()
    if isinstance(error, distributed.KilledWorker):
        tries = error.allowed_failures + 1
        message = (f"worker died (Dask: the worker converting it was lost, {tries} time"
                   f"{'s' if tries > 1 else ''})")
    elif isinstance(error, ImportError):  # the worker's Python cannot unpickle the job
        message = (f"the Dask worker could not run phuluc ({type(error).__name__}: {error}); "
                   "install the same phuluc on every worker")
    else:
        message = f"internal error on the Dask worker ({type(error).__name__}: {error}); please report this file"
    return Result(shown(job.src), False, message, seconds=seconds)


class DaskPool:
    """Run jobs on the Dask cluster at ``scheduler``; results come back as they finish.

    Same shape as ``workers.LocalPool``: ``run(jobs)`` yields Results, ``close()`` ends
    what was started here (the client and its pending tasks, never the cluster)."""

    def __init__(self, size: int = 0, max_memory: int = 0, debug: bool = False,
                 scheduler: str | None = None, function=None) -> None:
        distributed = _distributed()
        if not scheduler:
            raise ExecutorError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        if not debug:  # stderr holds only phuluc's lines; the scheduler's logs are on its machine
            logging.getLogger("distributed").setLevel(logging.CRITICAL + 1)
        self.size = size
        self.debug = debug
        self.scheduler = scheduler
        if function is None:
            from phuluc.export.pipeline import run_job as function
        self._function = function  # the job, as in a local worker (tests may give another)
        self._futures: list = []
        self.client = None
        _check_address(scheduler)
        try:
            self.client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, asyncio.TimeoutError) as e:  # refused, no route, timed out
            raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {_first_line(e)}") from None
        try:
            self._check_workers()
        except BaseException:
            self.client.close()
            raise

    def _check_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, asyncio.TimeoutError):
            raise ExecutorError(f"the Dask scheduler at {self.scheduler} has no workers "
                                f"(waited {CONNECT_TIMEOUT:g} s); start `dask worker {self.scheduler}` "
                                "where the files are") from None
        # Identical outputs need the same phuluc everywhere; a stdlib function, so it runs even
        # on a worker where phuluc is missing.
        try:
            versions = self.client.run(metadata.version, "phuluc")
        except metadata.PackageNotFoundError:
            raise ExecutorError(f"a Dask worker of {self.scheduler} has no phuluc installed; "
                                f"install phuluc {__version__} on every worker") from None
        other = sorted({v for v in versions.values() if v != __version__})
        if other:
            raise ExecutorError(f"Dask workers of {self.scheduler} run phuluc {', '.join(other)}, "
                                f"this is {__version__}; install the same phuluc on every worker")

    def _capacity(self) -> int:
        if self.size > 0:
            return self.size
        return max(1, sum(self.client.nthreads().values()))

    def run(self, jobs: Iterable[Job]) -> Iterator[Result]:
        pending = deque(jobs)
        capacity = self._capacity()
        finished: queue.SimpleQueue = queue.SimpleQueue()  # filled from the client's event loop thread
        busy: dict = {}  # future → (job as the user gave it, when it was sent)
        while pending or busy:
            while pending and len(busy) < capacity:
                job = pending.popleft()
                future = self.client.submit(self._function, _absolute(job), self.debug, pure=False)
                self._futures.append(future)
                busy[future] = (job, time.monotonic())
                future.add_done_callback(finished.put)
            now = time.monotonic()
            deadlines = [sent + job.timeout + TIMEOUT_GRACE - now for job, sent in busy.values() if job.timeout > 0]
            try:
                done = finished.get(timeout=max(0.01, min(deadlines)) if deadlines else None)
            except queue.Empty:
                done = None
            if done is not None and done in busy:
                job, sent = busy.pop(done)
                if done.status == "finished":
                    result = done.result()
                    result.src = shown(job.src)  # as the user named it, not the absolute path sent
                    yield result
                elif done.status == "cancelled":  # by the scheduler (the batch's own cancel comes after)
                    yield Result(shown(job.src), False, "the Dask scheduler cancelled it",
                                 seconds=time.monotonic() - sent)
                else:
                    yield failure(job, done.exception(), time.monotonic() - sent)
                done.release()
            for future, (job, sent) in list(busy.items()):
                seconds = time.monotonic() - sent
                if job.timeout > 0 and seconds >= job.timeout + TIMEOUT_GRACE and not future.done():
                    del busy[future]
                    future.cancel()  # forgotten by the scheduler; a running thread ends by itself
                    yield Result(shown(job.src), False,
                                 f"gave up after {job.timeout:g} s (--timeout; the Dask task could not be stopped)",
                                 seconds=seconds)

    def close(self) -> None:
        """Cancel what is still queued or running for this batch and disconnect."""
        client = self.client
        if client is None:
            return
        live = [f for f in self._futures if f.status == "pending"]
        if live:
            client.cancel(live)
        self._futures = []
        client.close()
        self.client = None

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _check_address(address: str) -> None:
    """A malformed address is told at once (a client given one waits for its own timeouts)."""
    from distributed.comm import get_address_host_port, parse_address

    try:
        scheme, _ = parse_address(address)
        if scheme in ("tcp", "tls", "ws", "wss"):
            get_address_host_port(address)
    except ValueError as e:
        raise ExecutorError(f"not a Dask scheduler address: {address!r} ({_first_line(e)}); "
                            "e.g. tcp://10.0.0.5:8786") from None


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
