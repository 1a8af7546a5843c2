"""Normalisation speed: 100,000 agency cells and 100,000 time cells on one core.

    python benchmarks/bench_normalize.py [--n 100000]

Cells are generated (gazetteer names with abbreviations, typos and lists; time
expressions of every shape), never taken from a corpus, and all distinct: no cell is a
cache hit. Caches start empty. The budget is 10 s of CPU for both together; exits 1 above it.

The cells are parsed as the pipeline parses them: with the cyclic garbage collector paused
(``export.pipeline.own_stages``, around normalisation); without the pause, the collector's
passes over the growing look-up caches would be measured instead of the parsing.
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

from phuluc.export.pipeline import own_stages  # noqa: E402
from phuluc.normalize.agencies import parse_agencies  # noqa: E402
from phuluc.normalize.dates import parse_time  # noqa: E402

BUDGET = 10.0


def distinct(cells: list[str], n: int) -> list[str]:
    return list(dict.fromkeys(cells))[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args(argv)
    # distinct cells: a repeated cell is a cache hit and would flatter the figure
    agency_cells = distinct(bench_agencies.make_cells(2 * args.n, pool_size=2 * args.n), args.n)
    time_cells = distinct(bench_dates.cells(4 * args.n), args.n)
    bench_agencies._clear()
    with own_stages():
        c0 = time.process_time()
        for c in agency_cells:
            parse_agencies(c)
        c1 = time.process_time()
        for c in time_cells:
            parse_time(c)
        c2 = time.process_time()
    total = c2 - c0
    print(f"{len(agency_cells):,} distinct agency cells: {c1 - c0:.2f} s CPU")
    print(f"{len(time_cells):,} distinct time cells: {c2 - c1:.2f} s CPU")
    print(f"total {total:.2f} s CPU (budget {BUDGET:.0f} s)")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
