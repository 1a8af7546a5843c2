"""The `phuluc` command.

Start-up is kept light: ``phuluc --version`` and ``--help`` import only the standard library
and this package's small modules. The readers (pdfplumber, pandas, …) are imported when a
batch starts, once, in the parent, so every worker forked from it starts ready.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
from pathlib import Path

from phuluc import __version__
from phuluc.export.files import shown
from phuluc.export.writers import WRITERS

DEFAULT_TIMEOUT = 600.0  # seconds per file
# Per worker. OCR of an A3 page at 300 dpi stays under 0.5 GB; two workers on a small laptop
# still leave room for the rest of the machine.
DEFAULT_MAX_MEMORY = "2G"
# Executors by name, imported only when used: "module:class" taking (n_jobs, max_memory=, debug=),
# with run(jobs) yielding Results as they finish and close() ending everything it started.
# The dask one also takes scheduler= and raises its ExecutorError when it cannot start.
EXECUTORS = {"local": "phuluc.export.workers:LocalPool", "dask": "phuluc.export.dask_executor:DaskPool"}

EPILOG = """examples:
  phuluc extract samples/ct26-daknong.txt -o out
  phuluc extract plans/ -o out --format json,csv --jobs 4
  phuluc extract plans/ -o out --resume        # skip files already converted
  phuluc extract plans/ -o out --report out/report.jsonl
  phuluc extract plan.pdf -o out --format json,html,xlsx   # + review page and spreadsheet
  phuluc extract /shared/plans -o /shared/out --executor dask --scheduler tcp://10.0.0.5:8786

For an input X.pdf, writes OUT/X.pdf.json and OUT/X.pdf.csv; a folder keeps its
subfolders under OUT. Exit status: 0 all converted, 1 some failed (one line each on
stderr, the others still written), 2 usage error, 130 interrupted (Ctrl-C),
143 terminated (SIGTERM)."""


class Terminated(Exception):
    """SIGTERM: stop like Ctrl-C does."""


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds >= 0 (0 = never), not {text!r}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0 (0 = one per CPU), not {text!r}")
    return value


_UNITS = {"": 1 << 20, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_memory(text: str) -> int:
    """"2G", "1536M", "1536" (MB), "0" (no cap) → bytes."""
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = t[-1:] if t[-1:] in _UNITS and not t[-1:].isdigit() else ""
    try:
        value = float(t[: len(t) - len(unit)])
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a memory size (e.g. 2G, 1500M): {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"not a memory size (e.g. 2G, 1500M): {text!r}")
    size = int(value * _UNITS[unit])
    if 0 < size < 64 << 20:
        raise argparse.ArgumentTypeError(f"{text!r} is too little to run phuluc; give at least 64M (0 = no cap)")
    return size


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in formats if f not in WRITERS]
    if bad or not formats:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(WRITERS)}")
    return formats


def add_extract(sub) -> None:
    ex = sub.add_parser(
        "extract",
        help="convert files or folders (.pdf .docx .doc .rtf .txt .md .html .mht)",
        description="Convert files or folders of programme documents to JSON/CSV.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders")
    ex.add_argument("-o", "--out", type=Path, required=True, metavar="OUT", help="output folder")
    ex.add_argument("--format", type=_formats, default=("json", "csv"), metavar="FORMATS",
                    help=f"comma-separated: {','.join(WRITERS)} (default: json,csv)")
    ex.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                    help="parallel worker processes (default: number of CPUs)")
    ex.add_argument("--resume", action="store_true",
                    help="skip inputs whose outputs were made from the same file (sha256) by this phuluc version")
    ex.add_argument("--timeout", type=_positive_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                    help=f"stop a file after this many seconds (default {DEFAULT_TIMEOUT:g}; 0 = never)")
    ex.add_argument("--max-memory", type=parse_memory, default=parse_memory(DEFAULT_MAX_MEMORY), metavar="SIZE",
                    help=f"memory each worker may use, e.g. 1500M, 4G (default {DEFAULT_MAX_MEMORY}; 0 = no cap)")
    ex.add_argument("--executor", choices=tuple(EXECUTORS), default="local",
                    help="local: worker processes on this machine (default); dask: a Dask cluster "
                    "(needs --scheduler; inputs and OUT on storage every worker sees; pip install 'phuluc[dask]')")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="the Dask scheduler for --executor dask, e.g. tcp://10.0.0.5:8786")
    ex.add_argument("--report", type=Path, metavar="FILE.jsonl",
                    help="write one JSON line per input: file, sha256, status, reason, tasks, warnings, …")
    ex.add_argument("--gazetteer", type=Path, action="append", default=[], metavar="FILE.yaml",
                    help="more agencies, in the built-in gazetteer's format; adds or overrides bodies "
                    "(repeatable, later files win)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ex.add_argument("--debug", action="store_true", help="show tracebacks of internal errors and library logs")
    ex.set_defaults(run=extract)


def add_dataset(sub) -> None:
    p = sub.add_parser(
        "dataset",
        help="combine JSON outputs into one dataset (CSV, Parquet, Frictionless Data Package)",
        description="Read the JSON outputs under OUT (one batch or many) and write tasks.csv, tasks.parquet, "
        "documents.csv, warnings.csv and datapackage.json into DS.",
    )
    p.add_argument("outputs", nargs="+", type=Path, metavar="OUT", help="output folders of phuluc extract")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="DS", help="dataset folder")
    p.add_argument("-q", "--quiet", action="store_true", help="no closing summary")
    p.set_defaults(run=_dataset)


def _dataset(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from phuluc.export import dataset  # pandas and the frames: only for this command

    return dataset.main(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phuluc",
        description="Turn the task tables of Vietnamese programme and plan appendices (Phụ lục) "
        "into JSON and CSV.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"phuluc {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    add_extract(sub)
    add_dataset(sub)
    return p


def say(text: str) -> None:
    print(f"phuluc: {text}", file=sys.stderr, flush=True)


def _check_out(parser: argparse.ArgumentParser, out: Path) -> None:
    """Usage error (exit 2) when nothing at all could be written to OUT."""
    if out.exists() and not out.is_dir():
        parser.error(f"-o {shown(out)} exists and is not a folder")
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".phuluc-probe-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        parser.error(f"cannot write to the output folder {shown(out)}: {e.strerror or e}")


def _open_report(parser: argparse.ArgumentParser, path: Path | None):
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8", errors="backslashreplace")
    except OSError as e:
        parser.error(f"cannot write the report {shown(path)}: {e.strerror or e}")


def _executor(name: str, args: argparse.Namespace, n_jobs: int):
    from importlib import import_module

    module, cls = EXECUTORS[name].split(":")
    options = {"scheduler": args.scheduler} if name == "dask" else {}
    return getattr(import_module(module), cls)(n_jobs, max_memory=args.max_memory, debug=args.debug, **options)


def _check_executor(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Executor options that cannot work are the user's error, told before anything is read."""
    if args.executor != "dask":
        if args.scheduler:
            parser.error("--scheduler is for --executor dask")
        return
    if not args.scheduler:
        parser.error("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        import distributed  # noqa: F401 - only whether it is there
    except ImportError:
        parser.error("--executor dask needs the Dask distributed package: pip install 'phuluc[dask]'")


def _check_gazetteer(parser: argparse.ArgumentParser, files: tuple[Path, ...]) -> None:
    """A --gazetteer file that cannot be used is the user's error, told before any file is converted."""
    from phuluc.normalize.gazetteer import GazetteerError, load_gazetteer

    try:
        load_gazetteer(files)
    except GazetteerError as e:
        parser.error(str(e))


def extract(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from phuluc.export.inputs import UsageError, collect
    from phuluc.export.report import Report

    _check_executor(parser, args)
    _check_out(parser, args.out)
    try:
        jobs, refused = collect(args.inputs, args.out, args.format, args.resume, args.timeout, args.max_memory)
    except UsageError as e:
        parser.error(str(e))
    if args.gazetteer:
        _check_gazetteer(parser, tuple(args.gazetteer))
        for job in jobs:
            job.gazetteer = tuple(args.gazetteer)
    report = Report(_open_report(parser, args.report))
    try:
        for r in refused:
            _show(r, args.debug)
            report.add(r)
        if jobs:
            _run(jobs, args, report)
        if not args.quiet and (report.total > 1 or report.counts["unchanged"]):
            say(report.summary())
    finally:
        report.close()
    return 1 if report.counts["failed"] else 0


def _show(r, debug: bool) -> None:
    if r.status in ("failed", "skipped"):
        say(f"{r.src}: {shown(r.message)}")
    if debug and r.detail:
        print(r.detail, file=sys.stderr, end="", flush=True)


def _run(jobs: list, args: argparse.Namespace, report) -> None:
    import phuluc.export.pipeline  # noqa: F401 - imported once here, inherited by every worker
    from phuluc.export.jobs import ExecutorError

    if args.executor == "dask":  # 0 = as many files at once as the cluster has threads
        n_jobs = min(args.jobs, len(jobs))
    else:
        n_jobs = min(args.jobs or (os.cpu_count() or 1), len(jobs))
    try:
        executor = _executor(args.executor, args, n_jobs)
    except OSError as e:  # the workers' temporary folder: nothing can be converted
        import tempfile

        say(f"cannot create a temporary folder in {shown(tempfile.gettempdir())}: {e.strerror or e}")
        raise SystemExit(2) from None
    except ExecutorError as e:  # a cluster that cannot be used (unreachable, no workers, …)
        say(str(e))
        raise SystemExit(2) from None
    progress = None
    if not args.quiet and len(jobs) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
        progress = tqdm(total=len(jobs), unit="file", file=sys.stderr)
    try:
        for r in executor.run(jobs):
            if progress is not None:
                progress.clear()
            _show(r, args.debug)
            report.add(r)
            if progress is not None:
                progress.update()
    finally:
        executor.close()
        if progress is not None:
            progress.close()


def _on_signal(signum, frame) -> None:
    # One line and a clean exit: a second Ctrl-C or SIGTERM must not interrupt the clean-up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt if signum == signal.SIGINT else Terminated


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return 2
    try:
        old = {s: signal.signal(s, _on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: the caller owns the signals
        old = {}
    try:
        return args.run(args, parser)
    except KeyboardInterrupt:
        say("interrupted; files already written are complete (use --resume to go on)")
        return 130
    except Terminated:
        say("terminated; files already written are complete (use --resume to go on)")
        return 143
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def run(argv: list[str] | None = None) -> None:
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")  # a message never fails to print
    sys.exit(main(argv))


if __name__ == "__main__":
    run()
