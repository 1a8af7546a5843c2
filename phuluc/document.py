"""The Document a library caller gets back: the pipeline's model, with its exports as methods.

Why a subclass here and not methods on ``phuluc.extract.model.Document``: the model belongs to the
first stage, and no stage imports a later one (extract never imports normalize or export), not even
lazily inside a method, which would hide the dependency rather than remove it. This top package is
the one layer above all three stages, so the type that knows how to export itself lives here. It is
a ``model.Document`` (same fields, every stage and writer accepts it); only the methods are added.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from phuluc.extract import model

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Document(model.Document):
    """One converted file: ``source``, ``info`` (the document's metadata), ``tables``, ``tasks``,
    ``warnings``, as in :mod:`phuluc.extract.model`."""

    @classmethod
    def of(cls, doc: model.Document) -> Document:
        """The same document (its fields shared, not copied) as this class."""
        if isinstance(doc, cls):
            return doc
        return cls(**{f.name: getattr(doc, f.name) for f in fields(model.Document)})

    def to_dict(self) -> dict:
        """The output contract's JSON shape (``phuluc/1``), as Python values."""
        from phuluc.export.json_writer import document_to_json

        return document_to_json(self)

    def to_json(self) -> str:
        """The JSON text ``phuluc extract`` writes for this file."""
        from phuluc.export.json_writer import dumps

        return dumps(self)

    def to_pandas(self) -> pd.DataFrame:
        """The tasks, one row per task: ``file, document_number, document_date, issuer, place``, then
        the CSV's columns and the extra columns. Text as pandas strings (missing = <NA>), ``level``
        and counts as Int64, dates as datetime64, ``lead``/``partners``/``flags``/``pages`` as lists."""
        from phuluc.export.frames import tasks_frame

        return tasks_frame([(self.source.file, self.to_dict())])
