"""Speed of the .docx path against python-docx merely opening the files and walking every cell.

    .venv/bin/python benchmarks/bench_docx.py [FOLDER] [--repeat N]

FOLDER defaults to ../shared/corpus/dev (relative to the project root). For each .docx file
it times, in the same run and process:

  baseline  python-docx: Document(path), then ``c.text`` for every cell of every row of every table
  reader    extract.readers.docx.read_docx(path)
  pipeline  phuluc's whole pipeline on the file (reader, reconstruction, normalisation, export
            to JSON/CSV in a temporary folder), when export.pipeline is available

Each figure is the best of N runs (the usual way to take out scheduler noise); the ratio
pipeline/baseline over all files must stay <= 3.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phuluc.extract.readers.docx import read_docx  # noqa: E402

TARGET_RATIO = 3.0


def baseline(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    n = 0
    for t in document.tables:
        for r in t.rows:
            for c in r.cells:
                n += len(c.text)
    return n


def reader(path: Path) -> int:
    return sum(len(t.rows) for t in read_docx(path).tables)


def find_pipeline() -> Callable[[Path, Path], object] | None:
    """phuluc's whole pipeline as f(input, out_dir), or None when export.pipeline is not importable."""
    try:
        from phuluc.export import pipeline
    except ImportError as exc:
        print(f"note: export.pipeline not importable ({exc})", file=sys.stderr)
        return None
    if hasattr(pipeline, "run_job") and hasattr(pipeline, "Job"):
        formats = tuple(getattr(pipeline, "WRITERS", {"json": None}))

        def whole(path: Path, out: Path) -> object:
            result = pipeline.run_job(pipeline.Job(path, out / path.name, formats))
            if not result.ok:
                raise SystemExit(f"{path.name}: {result.message}")
            return result

        return whole
    if hasattr(pipeline, "convert"):  # reader + reconstruction + normalisation, no writers
        return lambda path, out: pipeline.convert(path)
    return None


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)

    files = sorted(Path(args.folder).glob("*.docx"))
    if not files:
        print(f"no .docx files in {args.folder}", file=sys.stderr)
        return 2
    pipeline = find_pipeline()
    if pipeline is None:
        print("note: timing the reader only", file=sys.stderr)

    # Warm-up: imports, lxml/python-docx first-use costs, normalisation tables.
    with tempfile.TemporaryDirectory() as out:
        for f in files:
            baseline(f)
            reader(f)
            if pipeline:
                pipeline(f, Path(out))

    totals = {"baseline": 0.0, "reader": 0.0, "pipeline": 0.0}
    print(f"{'file':52} {'python-docx':>12} {'reader':>9} {'pipeline':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as out:
        for f in files:
            b = best_of(lambda f=f: baseline(f), args.repeat)
            r = best_of(lambda f=f: reader(f), args.repeat)
            p = best_of(lambda f=f: pipeline(f, Path(out)), args.repeat) if pipeline else float("nan")
            totals["baseline"] += b
            totals["reader"] += r
            totals["pipeline"] += p
            ratio = (p if pipeline else r) / b
            print(f"{f.name[:52]:52} {b * 1000:10.1f}ms {r * 1000:7.1f}ms {p * 1000:7.1f}ms {ratio:6.2f}")

    measured = "pipeline" if pipeline else "reader"
    ratio = totals[measured] / totals["baseline"]
    print(
        f"{'TOTAL':52} {totals['baseline'] * 1000:10.1f}ms {totals['reader'] * 1000:7.1f}ms "
        f"{totals['pipeline'] * 1000:7.1f}ms"
    )
    print(f"ratio {measured}/python-docx = {ratio:.2f} (target <= {TARGET_RATIO:.0f})")
    if pipeline:
        print(f"ratio reader/python-docx = {totals['reader'] / totals['baseline']:.2f}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
