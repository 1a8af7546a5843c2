"""PDFs end to end against pdfplumber's plain ``page.extract_tables()``, whole processes.

    python benchmarks/bench_pdf.py [FOLDER] [--repeat N]

Inputs: a generated 10-page ruled table, plus the PDFs of FOLDER (default
../shared/corpus/dev; *.scan.pdf files are skipped) when it exists. For each file, in the
same run: the baseline is a fresh Python process that opens the PDF with pdfplumber and
calls ``extract_tables()`` on every page; phuluc is a fresh ``phuluc extract`` process
(reading, reconstruction, normalisation, JSON and CSV). Each figure is the fastest of N
runs; the ratio is taken on CPU time (the machine may be shared; see bench_scale.py).
Exits 1 when the total ratio is over 1.2 (the budget).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
from processes import ROOT, compare, load  # noqa: E402

BUDGET = 1.2
BASELINE = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"# bench_pdf: {load()}")
    with tempfile.TemporaryDirectory(prefix="phuluc-bench-pdf-") as tmp:
        work = Path(tmp)
        generated = work / "generated-10-pages.pdf"
        generate.pdf_table(generated, 10)
        files = [generated, *sorted(p for p in Path(args.folder).glob("*.pdf") if not p.name.endswith(".scan.pdf"))]
        return compare(files, BASELINE, "pdfplumber", work, args.repeat, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
