"""One file through the whole flow: reader → reconstruct → normalize → writers."""

from __future__ import annotations

import hashlib
import json
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from phuluc.export.csv_writer import write_csv
from phuluc.export.ics_writer import write_ics
from phuluc.export.json_writer import write_json
from phuluc.export.review import write_html
from phuluc.export.xlsx_writer import write_xlsx
from phuluc.extract.budget import time_budget
from phuluc.extract.model import Document, PhulucError
from phuluc.extract.readers import SUPPORTED, read
from phuluc.extract.tables import reconstruct
from phuluc.normalize.document import normalize_document

WRITERS = {"json": write_json, "csv": write_csv, "ics": write_ics, "html": write_html, "xlsx": write_xlsx}


def convert(path: Path) -> Document:
    """Read, reconstruct and normalise one file; PhulucError when it cannot be done."""
    raw = read(Path(path))
    doc = reconstruct(raw)
    if not doc.tasks:  # a file without any text the reader has refused already, saying so
        raise PhulucError("no task table found")
    return normalize_document(doc)


@dataclass
class Job:
    src: Path
    out_base: Path  # OUT/sub/name.ext — writers add ".json", ".csv"
    formats: tuple[str, ...]
    resume: bool = False
    timeout: float = 0  # seconds; 0 = none


class _Timeout(BaseException):  # not an Exception: a reader isolating a page's failure must not swallow it
    pass


@contextmanager
def _time_limit(seconds: float):
    """Stop a conversion that runs too long (a pathological file must not stall a batch)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Result:
    src: str
    ok: bool
    message: str = ""
    tasks: int = 0
    warnings: int = 0
    seconds: float = 0.0
    skipped: bool = False


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _done_before(job: Job) -> bool:
    """Resume: outputs exist and were made from this very input (same sha256)."""
    target = job.out_base.with_name(job.out_base.name + ".json")
    if not target.exists() or any(
        not job.out_base.with_name(f"{job.out_base.name}.{f}").exists() for f in job.formats
    ):
        return False
    try:
        return json.loads(target.read_text(encoding="utf-8"))["source"]["sha256"] == _sha256(job.src)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def run_job(job: Job, debug: bool = False) -> Result:
    """Convert one file and write its outputs; never raises (a batch must go on)."""
    t0 = time.perf_counter()
    try:
        if job.resume and _done_before(job):
            return Result(str(job.src), True, "unchanged, skipped", skipped=True)
        with _time_limit(job.timeout), time_budget(job.timeout):  # readers' own limits follow it
            doc = convert(job.src)
        for f in job.formats:
            WRITERS[f](doc, job.out_base.with_name(f"{job.out_base.name}.{f}"))
        return Result(str(job.src), True, tasks=len(doc.tasks), warnings=len(doc.warnings),
                      seconds=time.perf_counter() - t0)
    except PhulucError as e:
        return Result(str(job.src), False, str(e), seconds=time.perf_counter() - t0)
    except _Timeout:
        return Result(str(job.src), False, f"gave up after {job.timeout:g} s (file too large or malformed)",
                      seconds=time.perf_counter() - t0)
    except MemoryError:
        return Result(str(job.src), False, "out of memory (file too large or malformed)")
    except RecursionError:
        return Result(str(job.src), False, "malformed file (nesting too deep)")
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a batch
        if debug:
            raise
        return Result(str(job.src), False, f"internal error ({type(e).__name__}: {e}); please report this file",
                      seconds=time.perf_counter() - t0)


def collect(inputs: list[Path], out: Path, formats: tuple[str, ...], resume: bool,
            timeout: float = 0) -> tuple[list[Job], list[Result]]:
    """Expand files and folders into jobs; a folder keeps its subfolders under OUT."""
    jobs: list[Job] = []
    missing: list[Result] = []
    for inp in inputs:
        if inp.is_dir():
            for f in sorted(inp.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not f.name.startswith("."):
                    if f.name.endswith((".gold.json", ".notes.md")):
                        continue
                    jobs.append(Job(f, out / f.relative_to(inp), formats, resume, timeout))
        elif inp.is_file():
            jobs.append(Job(inp, out / inp.name, formats, resume, timeout))
        else:
            missing.append(Result(str(inp), False, "no such file or folder"))
    return jobs, missing
