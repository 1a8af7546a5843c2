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
from processes import ROOT, compare, load  # noqa: E402

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
        return compare(files, BASELINE, "python-docx", work, args.repeat, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
