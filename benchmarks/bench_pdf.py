"""Time phuluc end to end on PDFs against pdfplumber's plain ``page.extract_tables()``.

    python benchmarks/bench_pdf.py [FOLDER] [--repeat N]

FOLDER defaults to ../shared/corpus/dev; *.scan.pdf files are skipped. Both sides open
each PDF afresh (pdfplumber caches parsed pages per open document), run in the same
process, and the best of N runs is kept. "phuluc" is the whole job (reading,
reconstruction, normalisation, JSON and CSV export); "reader" is read_pdf alone.
Prints per-file times, the ratio phuluc / pdfplumber and pages per second; exits 1 when
the ratio is over 1.5 (the budget).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber  # noqa: E402

from phuluc.export.pipeline import Job, run_job  # noqa: E402
from phuluc.extract.readers.pdf import read_pdf  # noqa: E402

BUDGET = 1.5
OUT = Path(tempfile.mkdtemp(prefix="phuluc-bench-"))


def plain(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        return len(pdf.pages)


def reader(path: Path) -> int:
    return read_pdf(path).pages or 0


def ours(path: Path) -> int:
    result = run_job(Job(path, OUT / path.name, ("json", "csv")))
    if not result.ok:
        raise SystemExit(f"{path}: {result.message}")
    return 0


def best(fn, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default="../shared/corpus/dev")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted(p for p in Path(args.folder).glob("*.pdf") if not p.name.endswith(".scan.pdf"))
    if not files:
        print(f"no PDFs in {args.folder}")
        return 2
    total_plain = total_ours = total_reader = 0.0
    pages = 0
    for f in files:
        n = plain(f)
        ours(f)  # warm caches (gazetteer, vocabularies) outside the timing
        tp = best(plain, f, args.repeat)
        tr = best(reader, f, args.repeat)
        to = best(ours, f, args.repeat)
        total_plain += tp
        total_reader += tr
        total_ours += to
        pages += n
        print(f"{f.name:45s} {n:3d} pages  pdfplumber {tp:6.3f}s  reader {tr:6.3f}s  phuluc {to:6.3f}s  "
              f"ratio {to / tp:4.2f}")
    ratio = total_ours / total_plain
    print(f"{'TOTAL':45s} {pages:3d} pages  pdfplumber {total_plain:6.3f}s  reader {total_reader:6.3f}s  "
          f"phuluc {total_ours:6.3f}s  ratio {ratio:4.2f}")
    print(f"pages/second: pdfplumber {pages / total_plain:.1f}  phuluc {pages / total_ours:.1f}")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
