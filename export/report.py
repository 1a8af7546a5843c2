"""The batch's account: ``--report FILE.jsonl`` and the closing summary line, from one count.

One JSON line per input, written as soon as its result is known (a killed batch still has
the lines of the files it finished): file, sha256, status, reason, tasks, warnings by code,
pages, seconds and the phuluc version. Statuses:

- ``converted``: outputs written;
- ``unchanged``: ``--resume`` found outputs made from this very file by this phuluc version;
- ``failed``: not converted, for the reason given (the file's, the environment's or phuluc's);
- ``skipped``: not an input after all (a symbolic link leading outside the input folder, an
  output of phuluc given as input); not counted as a failure.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import IO

from phuluc import __version__
from phuluc.export.jobs import Result

STATUSES = ("converted", "unchanged", "failed", "skipped")


def record(r: Result) -> dict:
    return {
        "file": r.src,
        "sha256": r.sha256,
        "status": r.status,
        "reason": r.message if r.status in ("failed", "skipped") else None,
        "tasks": r.tasks,
        "warnings": dict(sorted(r.warning_codes.items())),
        "pages": r.pages,
        "seconds": round(r.seconds, 3),
        "phuluc": __version__,
    }


class Report:
    """Counts every result; writes its JSON line when a report file is open."""

    def __init__(self, fh: IO[str] | None = None) -> None:
        self.fh = fh
        self.counts: Counter[str] = Counter()
        self.tasks = 0
        self.warnings = 0

    def add(self, r: Result) -> None:
        self.counts[r.status] += 1
        if r.status == "converted":
            self.tasks += r.tasks
            self.warnings += sum(r.warning_codes.values()) or r.warnings
        if self.fh is not None:
            self.fh.write(json.dumps(record(r), ensure_ascii=False) + "\n")
            self.fh.flush()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        c = self.counts
        line = (f"{c['converted']} converted ({self.tasks} tasks, {self.warnings} warnings), "
                f"{c['unchanged']} unchanged, {c['failed']} failed")
        return line + (f", {c['skipped']} skipped" if c["skipped"] else "")

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
