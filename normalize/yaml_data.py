"""Reading phuluc's own data files (normalize/data/*.yaml) with libyaml when it is installed.

The pure-Python parser takes about 0.1 s for the gazetteer alone, paid by every process that
normalises a file; libyaml's parser (PyYAML's ``CSafeLoader``) builds the same data ten times
faster. Users' gazetteer files keep the pure-Python parser: its error messages are the ones
documented.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from phuluc.normalize import data_cache


def load(text: str | IO[str]) -> Any:
    """``yaml.safe_load`` of a data file shipped with phuluc, with the C parser when available."""
    import yaml  # here: a process whose data files are all cached never imports it

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def load_file(path: Path) -> Any:
    """A data file shipped with phuluc, parsed once and then read from the data cache."""
    return data_cache.cached(f"yaml-{path.stem}", (path,), lambda: load(path.read_text(encoding="utf-8")))
