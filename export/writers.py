"""The output formats: a name, where its writer lives, and how its files start.

Writers are imported only when a batch runs, so ``phuluc --help`` stays fast. A new format
is one line here (``"html": Writer("phuluc.export.html_writer:write_html", b"<!DOCTYPE html")``).
The signature is how phuluc recognises its own earlier outputs, so that they are never read
as inputs and never mistaken for a user's file that must not be overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


class Writer:
    """A format's writer, by "module:function" (a function taking a Document and a Path), and
    the first bytes of every file it makes ("" = not recognisable). A plain class: dataclasses
    or typing alone would cost `phuluc --help` more than the rest of its start-up."""

    __slots__ = ("target", "signature")

    def __init__(self, target: str, signature: bytes = b"") -> None:
        self.target = target
        self.signature = signature

    def load(self) -> Callable[[object, Path], None]:
        from importlib import import_module

        module, func = self.target.split(":")
        return getattr(import_module(module), func)


WRITERS: dict[str, Writer] = {
    "json": Writer("phuluc.export.json_writer:write_json", b'{\n "format": "phuluc/'),
    "csv": Writer("phuluc.export.csv_writer:write_csv", "\ufeffid,section,section_title,".encode()),
    "ics": Writer("phuluc.export.ics_writer:write_ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phuluc//"),
    "html": Writer("phuluc.export.review:write_html",
                   b'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">\n<meta name="viewport" '
                   b'content="width=device-width, initial-scale=1">\n<meta name="generator" content="phuluc">'),
    "xlsx": Writer("phuluc.export.xlsx_writer:write_xlsx"),  # a zip like any spreadsheet: the stamp tells
}


def output_path(out_base: Path, fmt: str) -> Path:
    """OUT/sub/X.pdf + "json" → OUT/sub/X.pdf.json."""
    return out_base.with_name(f"{out_base.name}.{fmt}")


def written_by_phuluc(path: Path, fmt: str) -> bool:
    """True when ``path`` starts the way phuluc's writer for ``fmt`` starts every file."""
    writer = WRITERS.get(fmt)
    if writer is None or not writer.signature:
        return False
    try:
        with path.open("rb") as fh:
            return fh.read(len(writer.signature)) == writer.signature
    except OSError:
        return False
