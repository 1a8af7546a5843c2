"""The `phuluc` command."""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from phuluc.export import dataset
from phuluc.export.pipeline import WRITERS, Result, collect, run_job

EPILOG = """examples:
  phuluc extract samples/ct26-daknong.txt -o out
  phuluc extract plans/ -o out --format json,csv --jobs 4
  phuluc extract plans/ -o out --resume        # skip files already converted
  phuluc extract plan.pdf -o out --format json,html,xlsx   # + review page and spreadsheet

For an input X.pdf, writes OUT/X.pdf.json and OUT/X.pdf.csv; a folder keeps its
subfolders under OUT. Exit status: 0 all converted, 1 some failed (one line each on
stderr, the others still written), 2 usage error."""


def _version() -> str:
    try:
        return version("phuluc")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phuluc",
        description="Turn the task tables of Vietnamese programme and plan appendices (Phụ lục) "
        "into JSON and CSV.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"phuluc {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser(
        "extract",
        help="convert files or folders (.pdf .docx .doc .txt .md)",
        description="Convert files or folders of programme documents to JSON/CSV.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders")
    ex.add_argument("-o", "--out", type=Path, required=True, metavar="OUT", help="output folder")
    ex.add_argument("--format", default="json,csv",
                    help=f"comma-separated: {','.join(WRITERS)} (default: json,csv)")
    ex.add_argument("-j", "--jobs", type=int, default=0,
                    help="parallel processes (default: number of CPUs, 1 for a single file)")
    ex.add_argument("--resume", action="store_true",
                    help="skip inputs whose outputs exist and were made from the same file (sha256)")
    ex.add_argument("--timeout", type=float, default=600, metavar="SECONDS",
                    help="give up on a file after this many seconds (default 600; 0 = never)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ex.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    dataset.add_subparser(sub)
    return p


def _report(r: Result) -> None:
    if not r.ok:
        print(f"phuluc: {r.src}: {r.message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "dataset":
        return dataset.main(args)
    if args.command != "extract":
        parser.print_help()
        return 2
    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in WRITERS]
    if bad or not formats:
        parser.error(f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(WRITERS)}")
    jobs, results = collect(args.inputs, args.out, formats, args.resume, args.timeout)
    for r in results:
        _report(r)
    jobs_n = args.jobs or (os.cpu_count() or 1)
    progress = None
    if not args.quiet and len(jobs) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(total=len(jobs), unit="file", file=sys.stderr)
    if jobs_n > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs_n, len(jobs))) as pool:
            for r in pool.map(run_job, jobs, [args.debug] * len(jobs)):
                results.append(r)
                _report(r)
                if progress:
                    progress.update()
    else:
        for job in jobs:
            r = run_job(job, args.debug)
            results.append(r)
            _report(r)
            if progress:
                progress.update()
    if progress:
        progress.close()
    failed = [r for r in results if not r.ok]
    if not args.quiet and len(results) > 1:
        done = [r for r in results if r.ok and not r.skipped]
        skipped = sum(r.skipped for r in results)
        print(f"phuluc: {len(done)} converted ({sum(r.tasks for r in done)} tasks), {skipped} unchanged, "
              f"{len(failed)} failed", file=sys.stderr)
    return 1 if failed else 0


def run(argv: list[str] | None = None) -> None:
    try:
        sys.exit(main(argv))
    except KeyboardInterrupt:
        print("phuluc: interrupted; files already written are complete (use --resume to go on)", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    run()
