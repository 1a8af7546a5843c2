"""What the runner passes around: a Job (one input, where its outputs go) and its Result.

Light on purpose: the command line builds jobs and prints results without importing the
readers, and any executor (the local worker pool, a cluster) only needs to pickle these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Job:
    src: Path
    out_base: Path  # OUT/sub/name.ext — writers add ".json", ".csv"
    formats: tuple[str, ...]
    resume: bool = False
    timeout: float = 0  # seconds; 0 = none. The pool enforces it; readers see it as the time budget
    max_memory: int = 0  # bytes per worker (the pool sets the limit); only named in messages here
    gazetteer: tuple[Path, ...] = ()  # --gazetteer files laid over the built-in gazetteer


@dataclass
class Result:
    src: str  # the input as the user named it, escaped for display
    ok: bool
    message: str = ""
    tasks: int = 0
    warnings: int = 0
    seconds: float = 0.0
    skipped: bool = False  # resume: outputs already made from this very file
    status: str = ""  # converted, unchanged, failed, skipped (see ``report``); derived when empty
    sha256: str | None = None
    pages: int | None = None
    warning_codes: dict[str, int] = field(default_factory=dict)
    detail: str = ""  # a traceback, shown with --debug

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "unchanged" if self.skipped else "converted" if self.ok else "failed"


class ExecutorError(Exception):
    """An executor that cannot be used at all (e.g. a cluster that cannot be reached): one
    line, nothing converted (exit 2). Here, not with the Dask executor, so that catching it
    costs a local run nothing (that module imports asyncio)."""
