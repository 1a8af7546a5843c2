"""Start-up: `phuluc --version` and `phuluc --help` against the bare interpreter, same run.

    python benchmarks/bench_startup.py [--runs 20]

Whole processes from a cold start, each run as a fresh process; the figure is the best of
``--runs`` (wall clock and CPU), and phuluc's own cost is its time minus the bare interpreter's
(``python -c pass`` from the same environment, so site and an editable install's import hook
count on both sides). Budget: phuluc's own cost of `--version` <= 0.1 s of wall clock; exits 1
above it. A loaded machine inflates wall clock; CPU time is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

BUDGET = 0.1  # seconds on top of the bare interpreter


def best(cmd: list[str], runs: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        wall.append(time.perf_counter() - t)
        cpu.append(ru.ru_utime + ru.ru_stime)
    return min(wall), min(cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args(argv)
    py = sys.executable
    base_wall, base_cpu = best([py, "-c", "pass"], args.runs)
    print(f"{'python -c pass':28} wall {base_wall * 1000:6.1f} ms  cpu {base_cpu * 1000:6.1f} ms")
    worst = 0.0
    for flag in ("--version", "--help"):
        wall, cpu = best([py, "-m", "phuluc", flag], args.runs)
        own = wall - base_wall
        worst = max(worst, own) if flag == "--version" else worst
        print(f"{'phuluc ' + flag:28} wall {wall * 1000:6.1f} ms  cpu {cpu * 1000:6.1f} ms  "
              f"phuluc's own: {own * 1000:6.1f} ms wall, {(cpu - base_cpu) * 1000:6.1f} ms cpu")
    print(f"budget: phuluc's own --version <= {BUDGET * 1000:.0f} ms: {'ok' if worst <= BUDGET else 'OVER'}")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
