"""The output formats: a name, where its writer lives, and how its files start.

Writers are imported only when a batch runs, so ``phuluc --help`` stays fast. A new format
is one line here (``"html": Writer("phuluc.export.html_writer:write_html", b"<!DOCTYPE html")``).
The signature is how phuluc recognises its own earlier outputs, so that they are never read
as inputs and never mistaken for a user's file that must not be overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Writer(NamedTuple):  # not a dataclass: `dataclasses` alone costs `phuluc --help` 20 ms
    target: str  # "module:function", the function taking (Document, Path)
    signature: bytes = b""  # the first bytes of every file this writer makes ("" = not recognisable)

    def load(self) -> Callable[[object, Path], None]:
        from importlib import import_module

        module, func = self.target.split(":")
        return getattr(import_module(module), func)


WRITERS: dict[str, Writer] = {
    "json": Writer("phuluc.export.json_writer:write_json", b'{\n "format": "phuluc/'),
    "csv": Writer("phuluc.export.csv_writer:write_csv", "\ufeffid,section,section_title,".encode()),
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
