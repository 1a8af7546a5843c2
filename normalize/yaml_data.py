"""Reading phuluc's own data files (normalize/data/*.yaml) with libyaml when it is installed.

The pure-Python parser takes about 0.1 s for the gazetteer alone, paid by every process that
normalises a file; libyaml's parser (PyYAML's ``CSafeLoader``) builds the same data ten times
faster. Users' gazetteer files keep the pure-Python parser: its error messages are the ones
documented.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str | IO[str]) -> Any:
    """``yaml.safe_load`` of a data file shipped with phuluc, with the C parser when available."""
    return yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
