"""Normalisation speed: 100,000 agency cells and 100,000 time cells on one core.

    python benchmarks/bench_normalize.py [--n 100000]

Cells are generated (gazetteer names with abbreviations, typos and lists; time
expressions of every shape), never taken from a corpus. Caches start empty. The budget
is 10 s of CPU for both together; exits 1 above it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_agencies  # noqa: E402
import bench_dates  # noqa: E402

from phuluc.normalize.agencies import parse_agencies  # noqa: E402
from phuluc.normalize.dates import parse_time  # noqa: E402

BUDGET = 10.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args(argv)
    agency_cells = bench_agencies.make_cells(args.n)
    time_cells = bench_dates.cells(args.n)
    bench_agencies._clear()
    c0 = time.process_time()
    for c in agency_cells:
        parse_agencies(c)
    c1 = time.process_time()
    for c in time_cells:
        parse_time(c)
    c2 = time.process_time()
    total = c2 - c0
    print(f"{args.n:,} agency cells ({len(set(agency_cells)):,} distinct): {c1 - c0:.2f} s CPU")
    print(f"{args.n:,} time cells ({len(set(time_cells)):,} distinct): {c2 - c1:.2f} s CPU")
    print(f"total {total:.2f} s CPU (budget {BUDGET:.0f} s)")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
