"""phuluc: the task tables of Vietnamese government programmes as clean data.

The stages live in three subpackages, installed under this one name:
``phuluc.extract`` (readers, table reconstruction), ``phuluc.normalize`` (text, agencies,
dates, metadata) and ``phuluc.export`` (writers, command line).
"""

from __future__ import annotations

# The one place the version is written (pyproject.toml reads it from here). A constant, not
# importlib.metadata: that import alone would double the start-up time of `phuluc --version`.
# Outputs record it; `--resume` converts again when it changes.
__version__ = "0.1.0"
