"""The local executor: worker processes the parent can kill.

Each input is converted in a worker process, one at a time. The parent keeps the clock: a
file over ``--timeout`` is stopped by killing its worker, which also stops work inside C
code (pdfminer, pdfium, Tesseract) that no signal handler can interrupt. A worker that dies
(the kernel's OOM killer, a crash in a C library) costs only the file it held: that file gets
one line, ``worker died (signal 9)``, and a new worker takes the place of the dead one.

Each worker
- has its memory capped (``--max-memory``, the RLIMIT_DATA resource limit, which its
  Tesseract and LibreOffice children inherit), so a file that needs more fails with
  "out of memory" instead of taking the machine;
- runs in its own process group and ignores Ctrl-C: the parent decides, and on a kill ends
  the whole group (Tesseract) and every process started from it (LibreOffice's own session);
- has its own temporary folder inside the batch's, removed when the worker ends or is killed,
  so OCR images and LibreOffice profiles never outlive the batch (a guard process cleans up
  even when the parent itself is killed with SIGKILL);
- keeps library log lines and warnings to itself (stderr holds only phuluc's lines).

Another executor (a cluster) is another module with the same ``run``/``close`` shape.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path

from phuluc.export.files import shown
from phuluc.export.jobs import Job, Result

KILL_WAIT = 5.0  # seconds to wait for a killed worker to be reaped


def _context() -> mp.context.BaseContext:
    # fork: a new worker starts in milliseconds with the readers already imported by the
    # parent; the parent runs no threads when it forks (see cli: tqdm's monitor is off).
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _limit_memory(max_bytes: int) -> None:
    if max_bytes <= 0:
        return
    try:
        import resource
    except ImportError:  # not a POSIX system: no cap
        return
    for name in ("RLIMIT_DATA", "RLIMIT_AS"):  # DATA counts what is allocated, not what is mapped
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        _, hard = resource.getrlimit(limit)
        cap = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        try:
            resource.setrlimit(limit, (cap, hard))
            return
        except (ValueError, OSError):
            continue


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the parent dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _quiet_libraries() -> None:
    """Library log records and Python warnings stay in the worker; phuluc reports in its own lines."""
    root = logging.getLogger()
    root.handlers[:] = [logging.NullHandler()]
    root.setLevel(logging.CRITICAL + 1)
    logging.captureWarnings(True)
    warnings.simplefilter("ignore")
    # C libraries write to the process's stderr directly; the worker's is not the user's.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _worker(conn: Connection, tmpdir: str, max_memory: int, debug: bool) -> None:
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    os.environ["TMPDIR"] = tmpdir  # for Tesseract and LibreOffice too
    tempfile.tempdir = tmpdir
    if not debug:
        _quiet_libraries()
    _limit_memory(max_memory)
    from phuluc.export.pipeline import run_job

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        result = run_job(job, debug)
        _empty(Path(tmpdir))  # whatever a reader left behind
        try:
            conn.send(result)
        except (OSError, ValueError):
            return


def _empty(folder: Path) -> None:
    from phuluc.extract.readers.office import PROFILE_PREFIX

    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for p in entries:
        if p.name.startswith(PROFILE_PREFIX):
            continue  # the worker's running LibreOffice (its profile): kept for the next .doc
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            try:
                p.unlink()
            except OSError:
                pass


def _signal_name(code: int) -> str:
    return f"signal {-code}" if code < 0 else f"exit status {code}"


class _Worker:
    def __init__(self, ctx, root: Path, n: int, max_memory: int, debug: bool) -> None:
        self.tmpdir = root / f"worker-{n}"
        self.tmpdir.mkdir()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, str(self.tmpdir), max_memory, debug),
                                name=f"phuluc-worker-{n}", daemon=True)
        self.proc.start()
        child.close()
        try:
            os.setpgid(self.proc.pid, self.proc.pid)  # also here: no race with an early kill
        except OSError:
            pass
        self.job: Job | None = None
        self.started = 0.0

    def give(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def kill(self) -> None:
        """End the worker and everything it started, and remove its temporary folder."""
        kill_tree(self.proc.pid, str(self.tmpdir))
        self.proc.join(KILL_WAIT)
        self.conn.close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)


def kill_tree(pid: int | None, marker: str) -> None:
    """SIGKILL a process, its descendants, the process groups they lead, and any process whose
    command line names ``marker`` (a LibreOffice started in its own session, orphaned by a
    dead worker, still names the worker's temporary folder)."""
    victims: set[int] = set()
    try:
        import psutil
    except ImportError:  # declared in pyproject; without it only the worker's own group is ended
        psutil = None
    if pid is not None:
        victims.add(pid)
        if psutil is not None:
            try:
                victims.update(c.pid for c in psutil.Process(pid).children(recursive=True))
            except psutil.Error:
                pass
    if psutil is not None:
        for p in psutil.process_iter(["cmdline"]):
            try:
                if p.pid != os.getpid() and any(marker in arg for arg in p.info["cmdline"] or ()):
                    victims.add(p.pid)
            except psutil.Error:
                continue
    own_group = os.getpgid(0)
    for v in victims:
        try:
            if os.getpgid(v) == v != own_group:
                os.killpg(v, signal.SIGKILL)
            os.kill(v, signal.SIGKILL)
        except OSError:  # already gone, or not ours
            pass


def _start_guard(root: Path) -> tuple[int, int] | None:
    """A small process that outlives a parent killed with SIGKILL (no clean-up of its own is
    possible then): it waits for the parent's end of a pipe to close, then ends whatever the
    workers started (LibreOffice in its own session) and removes the batch's temporary folder."""
    if not hasattr(os, "fork"):
        return None
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the guard
        try:
            os.close(w)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; the guard only cleans
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            os.setpgid(0, 0)
            while os.read(r, 1):
                pass
            kill_tree(None, str(root))
            shutil.rmtree(root, ignore_errors=True)
        finally:
            os._exit(0)
    os.close(r)
    return pid, w


class LocalPool:
    """Run jobs in ``size`` killable worker processes; results come back as they finish."""

    def __init__(self, size: int, max_memory: int = 0, debug: bool = False) -> None:
        self.size = max(1, size)
        self.max_memory = max_memory
        self.debug = debug
        self.root = Path(tempfile.mkdtemp(prefix="phuluc-"))
        self._guard = _start_guard(self.root)
        self._ctx = _context()
        self._workers: list[_Worker] = []
        self._made = 0

    def _new_worker(self) -> _Worker:
        self._made += 1
        return _Worker(self._ctx, self.root, self._made, self.max_memory, self.debug)

    def run(self, jobs: Iterable[Job]) -> Iterator[Result]:
        pending = deque(jobs)
        idle = [self._new_worker() for _ in range(min(self.size, len(pending)))]
        self._workers = list(idle)
        busy: list[_Worker] = []
        while pending or busy:
            while pending and idle:
                w = idle.pop()
                try:
                    w.give(pending[0])
                except (OSError, ValueError):  # died while idle: replace it, the job waits
                    self._replace(w)
                    idle.append(self._workers[-1])
                    continue
                pending.popleft()
                busy.append(w)
            now = time.monotonic()
            deadlines = [w.started + w.job.timeout - now for w in busy if w.job.timeout > 0]
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=max(0.0, min(deadlines)) if deadlines else None)
            for w in list(busy):
                result = None
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):
                        result = None
                if result is not None:
                    busy.remove(w)
                    idle.append(w)
                    w.job = None
                    yield result
                elif w.conn in ready or w.proc.sentinel in ready:
                    busy.remove(w)
                    job, seconds = w.job, time.monotonic() - w.started
                    w.proc.join(KILL_WAIT)
                    code = w.proc.exitcode if w.proc.exitcode is not None else -signal.SIGKILL
                    idle.append(self._replace(w))
                    yield Result(shown(job.src), False, f"worker died ({_signal_name(code)})", seconds=seconds)
                elif w.job.timeout > 0 and time.monotonic() - w.started >= w.job.timeout:
                    busy.remove(w)
                    job, seconds = w.job, time.monotonic() - w.started
                    idle.append(self._replace(w))
                    yield Result(shown(job.src), False, f"gave up after {job.timeout:g} s (--timeout)",
                                 seconds=seconds)

    def _replace(self, w: _Worker) -> _Worker:
        w.kill()
        self._workers.remove(w)
        new = self._new_worker()
        self._workers.append(new)
        return new

    def close(self) -> None:
        """Stop every worker and what it started; remove the batch's temporary folders."""
        for w in self._workers:
            if w.job is None and w.proc.is_alive():
                try:
                    w.conn.send(None)
                except (OSError, ValueError):
                    pass
        for w in self._workers:
            if w.job is None:
                w.proc.join(0.5)
            if w.proc.is_alive() or w.job is not None:
                w.kill()
            else:
                w.conn.close()
        self._workers = []
        kill_tree(None, str(self.root))  # anything a worker started that outlived it
        shutil.rmtree(self.root, ignore_errors=True)
        if self._guard is not None:
            pid, fd = self._guard
            os.close(fd)  # the guard wakes up, finds nothing left to do, and exits
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            self._guard = None

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
