""".docx end to end against python-docx opening the file and walking every cell, whole processes.

    python benchmarks/bench_docx.py [FOLDER] [--repeat N]

Inputs: a generated 200-row table, plus the .docx files of FOLDER (default
../shared/corpus/dev) when it exists. For each file, in the same run: the baseline is a
fresh Python process running ``docx.Document(path)`` and reading ``c.text`` for every cell
of every row of every table; phuluc is a fresh ``phuluc extract`` process (reading,
reconstruction, normalisation, JSON and CSV). Each figure is the fastest of N runs; the
ratio is taken on CPU time (see bench_scale.py). Exits 1 when the total ratio is over 3.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
from processes import PHULUC, ROOT, best, load, python  # noqa: E402

BUDGET = 3.0
BASELINE = """
import sys, docx
n = 0
for t in docx.Document(sys.argv[1]).tables:
    for r in t.rows:
        for c in r.cells:
            n += len(c.text)
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"# bench_docx: {load()}")
    with tempfile.TemporaryDirectory(prefix="phuluc-bench-docx-") as tmp:
        work = Path(tmp)
        generated = work / "generated-200-rows.docx"
        generate.docx_table(generated, 200)
        files = [generated, *sorted(Path(args.folder).glob("*.docx"))]
        total_base = total_ours = 0.0
        for f in files:
            base = best(python(BASELINE, str(f)), args.repeat)
            ours = best([PHULUC, "extract", str(f), "-o", str(work / "out"), "-q"], args.repeat)
            total_base += base.cpu
            total_ours += ours.cpu
            print(f"{f.name[:40]:40} python-docx {base}")
            print(f"{'':40} phuluc      {ours}   ratio {ours.cpu / base.cpu:.2f}")
    ratio = total_ours / total_base
    print(f"TOTAL CPU: python-docx {total_base:.2f} s, phuluc {total_ours:.2f} s, ratio {ratio:.2f} "
          f"(budget {BUDGET:g}): {'OK' if ratio <= BUDGET else 'OVER BUDGET'}")
    print(f"# {load()}")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
