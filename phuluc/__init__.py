"""phuluc: the task tables of Vietnamese government programmes as clean data.

The stages live in three subpackages, installed under this one name:
``phuluc.extract`` (readers, table reconstruction), ``phuluc.normalize`` (text, agencies,
dates, metadata) and ``phuluc.export`` (writers, command line).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("phuluc")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
