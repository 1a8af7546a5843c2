"""phuluc: the task tables of Vietnamese government programmes as clean data.

The stages live in three subpackages, installed under this one name:
``phuluc.extract`` (readers, table reconstruction), ``phuluc.normalize`` (text, agencies,
dates, metadata) and ``phuluc.export`` (writers, command line).

The library::

    import phuluc
    doc = phuluc.extract_file("plan.pdf")        # a Document; PhulucError when it cannot be done
    doc.to_dict(); doc.to_json(); doc.to_pandas()
    for path, result in phuluc.extract_many(["plans/"], jobs=4):
        ...                                       # result: a Document or the file's exception

``import phuluc`` stays light (every stage imports its own package under this one): the readers,
the gazetteer, pandas and the writers are imported when first used.
"""

from __future__ import annotations

from phuluc.api import extract_file, extract_many
from phuluc.document import Document
from phuluc.extract.model import PhulucError

__all__ = ["Document", "PhulucError", "extract_file", "extract_many", "__version__"]


def __getattr__(name: str) -> str:
    if name == "__version__":  # importlib.metadata is slow to import: only when asked
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("phuluc")
        except PackageNotFoundError:  # running from a checkout that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'phuluc' has no attribute {name!r}")
