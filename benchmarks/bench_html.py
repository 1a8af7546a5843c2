"""What the review page costs: whole ``phuluc extract`` processes on PDFs, from a cold start.

    python benchmarks/bench_html.py [FOLDER] [--repeat N]

FOLDER defaults to ../shared/corpus/dev; *.scan.pdf files are skipped (OCR would swamp the
figure). Runs ``--format json,csv`` (the baseline) and ``--format json,csv,html`` one after
the other, each in a fresh process with one worker over all the PDFs, best of N. Prints both
times — wall clock and the processes' CPU time (user + system, steadier on a busy machine) —
and the extra time of the html run as a share of the baseline; exits 1 when the CPU share
is over 1.0 (the budget: the review page may at most double the run).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 1.0


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(files: list[Path], formats: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``phuluc extract`` process."""
    with tempfile.TemporaryDirectory(prefix="phuluc-bench-html-") as out:
        cpu = _children_cpu()
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "phuluc", "extract", *map(str, files), "-o", out,
                        "--format", formats, "--jobs", "1", "-q"], check=True)
        return time.perf_counter() - t, _children_cpu() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default="../shared/corpus/dev")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted(p for p in Path(args.folder).glob("*.pdf") if not p.name.endswith(".scan.pdf"))
    if not files:
        print(f"no PDFs in {args.folder}")
        return 2
    base, html = [], []
    for _ in range(args.repeat):  # interleaved, so a busy moment hits both sides alike
        base.append(run(files, "json,csv"))
        html.append(run(files, "json,csv,html"))
    wb, wh = min(w for w, _ in base), min(w for w, _ in html)
    cb, ch = min(c for _, c in base), min(c for _, c in html)
    extra = (ch - cb) / cb
    print(f"{len(files)} PDFs  wall: json,csv {wb:6.2f}s  json,csv,html {wh:6.2f}s  "
          f"(html adds {(wh - wb) / wb:4.2f}x)")
    print(f"{len(files)} PDFs  CPU:  json,csv {cb:6.2f}s  json,csv,html {ch:6.2f}s  "
          f"html adds {ch - cb:5.2f}s = {extra:4.2f}x the json,csv run (budget {BUDGET:.1f}x)")
    return 0 if extra <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
