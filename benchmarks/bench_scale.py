"""Scale: start-up, long documents, repeated numbers, memory in PDF length, .doc batches and
parallel workers — whole ``phuluc`` processes from a cold start, on generated inputs.

    python benchmarks/bench_scale.py [--only NAME[,NAME…]] [--repeat N] [--rows 100000]

Cases (budgets are the acceptance figures of the scale issue):

  startup    ``phuluc --version``                                   ≤ 0.1 s
  small      a one-table text file end to end                         ≤ 0.25 s
  long       a 100,000-row text end to end                            ≤ 12 s and ≤ 700 MB
  repeated   10,000 rows all numbered "1" vs the same rows numbered   ≤ 1.2×
  pdfmemory  peak memory, a PDF of 10× the pages vs 1× (same table)   ≤ 2.5×
  doc        20 .doc files in one batch, per file                     ≤ 1.5 s
  workers    a 60-file mixed batch, --jobs 1 vs --jobs 2              ≥ 1.7× faster

Timings are the fastest of N runs (noise only adds time); the machine's load is printed.
The budgets of single-process cases are judged on CPU time (user + system, children
included): on a shared machine the wall clock measures the neighbours, while a
single-threaded process's CPU time is its wall time on an idle machine. Parallel workers
are judged on the wall clock, the only measure of parallelism, and so is the .doc batch
(LibreOffice's server is not a child phuluc waits for, so its CPU time is not counted). Exits 1 when a case is over
its budget.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
from processes import PHULUC, PYTHON, best, load, run  # noqa: E402

STARTUP_S = 0.1
SMALL_S = 0.25
LONG_S, LONG_MB = 12.0, 700.0
REPEATED_RATIO = 1.2
PDF_MEMORY_RATIO = 2.5
DOC_S_PER_FILE = 1.5
WORKERS_SPEEDUP = 1.7


def _extract(inp: Path, out: Path, *extra: str) -> list[str]:
    return [PHULUC, "extract", str(inp), "-o", str(out), "-q", *extra]


def _verdict(ok: bool) -> str:
    return "OK" if ok else "OVER BUDGET"


def startup(work: Path, args) -> bool:
    base = best([PYTHON, "-c", "pass"], args.repeat)
    ours = best([PHULUC, "--version"], args.repeat)
    print(f"startup    python -c pass        {base}")
    print(f"           phuluc --version      {ours}   budget {STARTUP_S} s: {_verdict(ours.cpu <= STARTUP_S)}")
    return ours.cpu <= STARTUP_S


def small(work: Path, args) -> bool:
    f = work / "small.txt"
    f.write_text(generate.text_table(30), encoding="utf-8")
    ours = best(_extract(f, work / "out-small"), args.repeat)
    print(f"small      30-row text, end to end {ours}   budget {SMALL_S} s: {_verdict(ours.cpu <= SMALL_S)}")
    return ours.cpu <= SMALL_S


def long(work: Path, args) -> bool:
    f = work / "long.txt"
    f.write_text(generate.text_table(args.rows), encoding="utf-8")
    read = run([PYTHON, "-c", "import sys; open(sys.argv[1], encoding='utf-8').read().splitlines()", str(f)])
    ours = run(_extract(f, work / "out-long"))
    ok = ours.cpu <= LONG_S and ours.rss_mb <= LONG_MB
    print(f"long       {args.rows:,}-row text, read and split by Python {read}")
    print(f"           phuluc end to end     {ours}   budget {LONG_S:g} s, {LONG_MB:g} MB: {_verdict(ok)}")
    return ok


def repeated(work: Path, args) -> bool:
    normal, ones = work / "numbered.txt", work / "ones.txt"
    normal.write_text(generate.text_table(10_000), encoding="utf-8")
    ones.write_text(generate.text_table(10_000, all_one=True), encoding="utf-8")
    a = best(_extract(normal, work / "out-rep"), args.repeat)
    b = best(_extract(ones, work / "out-rep"), args.repeat)
    ratio = b.cpu / a.cpu
    print(f"repeated   10,000 rows numbered    {a}")
    print(f"           10,000 rows all \"1\"     {b}   ratio {ratio:.2f} "
          f"(budget {REPEATED_RATIO}): {_verdict(ratio <= REPEATED_RATIO)}")
    return ratio <= REPEATED_RATIO


def pdfmemory(work: Path, args) -> bool:
    one, ten = work / "p1.pdf", work / "p10.pdf"
    generate.pdf_table(one, 5)
    generate.pdf_table(ten, 50)
    a = run(_extract(one, work / "out-pdf"))
    b = run(_extract(ten, work / "out-pdf"))
    ratio = b.rss_mb / a.rss_mb
    print(f"pdfmemory  PDF, 1× pages         {a}")
    print(f"           PDF, 10× pages        {b}   memory ratio {ratio:.2f} "
          f"(budget {PDF_MEMORY_RATIO}): {_verdict(ratio <= PDF_MEMORY_RATIO)}")
    return ratio <= PDF_MEMORY_RATIO


def doc(work: Path, args) -> bool:
    if not shutil.which("soffice"):
        print("doc        skipped: no soffice (LibreOffice) on PATH")
        return True
    src, docs = work / "html-src", work / "docs"
    src.mkdir()
    docs.mkdir()
    for i in range(20):
        (src / f"plan{i:02d}.html").write_text(generate.html_table(30, seed=i), encoding="utf-8")
    profile = (work / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=HTML (StarWriter)",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(docs), *map(str, sorted(src.glob("*.html")))],
                   check=True, capture_output=True)
    # the baseline: LibreOffice itself converting the 20 files back, one start for all
    base = run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                "--outdir", str(work / "docx-back"), *map(str, sorted(docs.glob("*.doc")))])
    ours = run(_extract(docs, work / "out-doc", "--jobs", "1"))
    # wall clock: LibreOffice runs as a server outside phuluc's process tree, so its CPU time
    # is not in phuluc's
    per = ours.wall / 20
    print(f"doc        LibreOffice, 20 files in one start {base}")
    print(f"           phuluc, 20 .doc       {ours}   {per:.2f} s a file "
          f"(budget {DOC_S_PER_FILE}): {_verdict(per <= DOC_S_PER_FILE)}")
    return per <= DOC_S_PER_FILE


def workers(work: Path, args) -> bool:
    batch = work / "batch"
    batch.mkdir()
    for i in range(20):
        (batch / f"t{i:02d}.txt").write_text(generate.text_table(400, seed=i), encoding="utf-8")
        generate.docx_table(batch / f"d{i:02d}.docx", 60, seed=i)
        generate.pdf_table(batch / f"p{i:02d}.pdf", 2, seed=i)
    one = best(_extract(batch, work / "out-w1", "--jobs", "1"), args.repeat)
    two = best(_extract(batch, work / "out-w2", "--jobs", "2"), args.repeat)
    speedup = one.wall / two.wall
    print(f"workers    60 files, --jobs 1     {one}")
    print(f"           60 files, --jobs 2     {two}   speed-up {speedup:.2f} "
          f"(budget ≥ {WORKERS_SPEEDUP}): {_verdict(speedup >= WORKERS_SPEEDUP)}")
    return speedup >= WORKERS_SPEEDUP


CASES: dict[str, Callable[[Path, argparse.Namespace], bool]] = {
    "startup": startup, "small": small, "long": long, "repeated": repeated, "pdfmemory": pdfmemory,
    "doc": doc, "workers": workers,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(CASES), help="comma-separated cases: " + ", ".join(CASES))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rows", type=int, default=100_000, help="rows of the long text (default 100,000)")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        ap.error(f"unknown case {', '.join(unknown)}")
    print(f"# bench_scale: {load()}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="phuluc-scale-") as tmp:
        for name in names:
            work = Path(tmp) / name
            work.mkdir()
            ok &= CASES[name](work, args)
    print(f"# {load()}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
