"""Scanned PDFs end to end against Tesseract reading the same pages, whole processes.

    python benchmarks/bench_ocr_speed.py [FOLDER] [--repeat N]

Inputs: a generated 2-page ruled table printed to images (a scan without a text layer),
plus the *.scan.pdf files of FOLDER (default ../shared/corpus/dev) when it exists. For
each file, in the same run: the baseline is a fresh Python process that renders every page
at phuluc's resolution (300 dpi, grayscale, pypdfium2) and runs ``tesseract PAGE - -l vie``
on it; phuluc is a fresh ``phuluc extract`` process (it reads the table grid, then each
cell). CPU time includes the Tesseract processes. Exits 1 when the total ratio is over 1:
phuluc deskews and cleans each page, but Tesseract then reads only cell crops instead of
laying out the whole page, so it should cost no more than Tesseract alone.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
from processes import ROOT, compare, load  # noqa: E402

BUDGET = 1.0
BASELINE = """
import subprocess, sys, tempfile, pypdfium2
pdf = pypdfium2.PdfDocument(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    for i in range(len(pdf)):
        png = f"{tmp}/p{i}.png"
        pdf[i].render(scale=300 / 72, grayscale=True).to_pil().save(png)
        subprocess.run(["tesseract", png, "-", "-l", "vie", "--dpi", "300"], check=True, capture_output=True)
"""


def scanned(src: Path, out: Path) -> None:
    """``src`` printed to 200-dpi grayscale images, saved as an image-only PDF."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(src))
    images = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=200)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    print(f"# bench_ocr: {load()}")
    with tempfile.TemporaryDirectory(prefix="phuluc-bench-ocr-") as tmp:
        work = Path(tmp)
        generate.pdf_table(work / "text.pdf", 2)
        generated = work / "generated-2-pages.scan.pdf"
        scanned(work / "text.pdf", generated)
        files = [generated, *sorted(Path(args.folder).glob("*.scan.pdf"))]
        return compare(files, BASELINE, "tesseract", work, args.repeat, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
