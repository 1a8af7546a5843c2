"""Should the .docx reader open the package with python-docx? Whole cold processes, same run.

    .venv/bin/python benchmarks/bench_docx_package.py [FOLDER] [--repeat N]

Each process reads every .docx file of FOLDER (default ../shared/corpus/dev) and walks its body
into a RawDocument, the package opened two ways:

  zipfile      the reader as it is: zipfile, the main part named by _rels/.rels, lxml parse
  python-docx  docx.opc.package.OpcPackage.open (parts and relationships), the reader's walker on
               the main part's element tree (python-docx's own parse, no second one)

Figures are the best of N alternating runs of each process (import time included: that is what a
batch worker pays per process). The ratio python-docx/zipfile is printed; python-docx is worth
using only when it does not slow the reader.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ZIPFILE = """
import sys
from pathlib import Path
from phuluc.extract.readers.docx import read_docx
for f in sys.argv[1:]:
    read_docx(Path(f))
"""

PYTHON_DOCX = """
import sys
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from lxml import etree
from phuluc.extract.readers import docx as reader
for f in sys.argv[1:]:
    package = OpcPackage.open(f)
    root = package.part_related_by(RT.OFFICE_DOCUMENT).element
    names = reader._NAMES[etree.QName(root).namespace]
    reader._Walker(names).body(root.find(names.body))
"""


def run(code: str, files: list[Path]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *map(str, files)], check=True, cwd=ROOT)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    files = sorted(Path(args.folder).glob("*.docx"))
    if not files:
        print(f"no .docx files in {args.folder}", file=sys.stderr)
        return 2
    best = {"zipfile": float("inf"), "python-docx": float("inf"), "empty": float("inf")}
    for _ in range(args.repeat):
        best["zipfile"] = min(best["zipfile"], run(ZIPFILE, files))
        best["python-docx"] = min(best["python-docx"], run(PYTHON_DOCX, files))
        best["empty"] = min(best["empty"], run("pass", []))
    print(f"{len(files)} .docx files, best of {args.repeat} cold processes "
          f"(an empty interpreter: {best['empty'] * 1000:.0f} ms)")
    for k in ("zipfile", "python-docx"):
        print(f"  {k:12} {best[k] * 1000:7.0f} ms   ({(best[k] - best['empty']) * 1000:5.0f} ms above an empty one)")
    ratio = (best["python-docx"] - best["empty"]) / (best["zipfile"] - best["empty"])
    print(f"ratio python-docx/zipfile (above an empty interpreter) = {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
