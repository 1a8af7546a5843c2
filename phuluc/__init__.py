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

# The one place the version is written (pyproject.toml reads it from here). A constant, not
# importlib.metadata: that import alone would double the start-up time of `phuluc --version`.
# Outputs record it; `--resume` converts again when it changes.
__version__ = "0.1.0"
