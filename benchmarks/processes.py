"""Whole processes from a cold start: wall time, CPU time and peak memory of one command.

Every benchmark measures phuluc as a user runs it (a fresh ``phuluc`` process, imports
and all) against a baseline process doing the plain library's job on the same input, in
the same run, so the ratio holds however loaded the machine is.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PHULUC = str(BIN / "phuluc")
PYTHON = sys.executable


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its children
    rss_mb: float  # peak resident memory of the largest process, MB

    def __str__(self) -> str:
        return f"{self.wall:7.3f} s wall {self.cpu:7.3f} s CPU {self.rss_mb:7.1f} MB"


# GNU time measures its child: a child forked from this benchmark would report this process's
# own peak memory as its floor (Linux keeps the peak across fork and exec), which would hide
# how little a small run takes.
GNU_TIME = "/usr/bin/time"


def run(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run ``cmd`` to completion; SystemExit with its stderr when it fails."""
    if not Path(GNU_TIME).exists():
        raise SystemExit(f"benchmarks need GNU time at {GNU_TIME} (Debian/Ubuntu package 'time')")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        t0 = time.perf_counter()
        p = subprocess.run([GNU_TIME, "-f", "%U %S %M", "-o", stats.name, *cmd], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, cwd=cwd, check=False)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.decode(errors='replace')[-2000:]}")
        # the last line: GNU time prints "Command exited with non-zero status" lines before it
        user, system, rss_kb = stats.read().split("\n")[-2].split()
    # CPU covers the child and the children it waited for (LibreOffice, Tesseract)
    return Run(wall, float(user) + float(system), int(rss_kb) / 1024)


def best(cmd: list[str], repeat: int, cwd: Path | None = None) -> Run:
    """The fastest of ``repeat`` runs, by wall and by CPU time (scheduler noise only ever adds
    time); peak memory is the largest."""
    runs = [run(cmd, cwd) for _ in range(max(1, repeat))]
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.rss_mb for r in runs))


def python(script: str, *args: str) -> list[str]:
    """A baseline process: ``python -c SCRIPT ARGS…``."""
    return [PYTHON, "-c", script, *args]


def load() -> str:
    """The machine's state, printed with every benchmark (figures depend on it)."""
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {one:.1f} (1 min) {five:.1f} (5 min)"


def compare(files: list[Path], baseline: str, label: str, work: Path, repeat: int, budget: float) -> int:
    """Each file through the baseline script and through ``phuluc extract``, CPU totals and ratio.

    Prints one pair of lines a file and the total; returns the exit status (1 over budget).
    """
    total_base = total_ours = 0.0
    for f in files:
        base = best(python(baseline, str(f)), repeat)
        ours = best([PHULUC, "extract", str(f), "-o", str(work / "out"), "-q"], repeat)
        total_base += base.cpu
        total_ours += ours.cpu
        print(f"{f.name[:40]:40} {label:11} {base}")
        print(f"{'':40} {'phuluc':11} {ours}   ratio {ours.cpu / base.cpu:.2f}")
    ratio = total_ours / total_base
    print(f"TOTAL CPU: {label} {total_base:.2f} s, phuluc {total_ours:.2f} s, ratio {ratio:.2f} "
          f"(budget {budget:g}): {'OK' if ratio <= budget else 'OVER BUDGET'}")
    print(f"# {load()}")
    return 0 if ratio <= budget else 1
