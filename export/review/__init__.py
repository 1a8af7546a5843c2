"""The archivist's review page (``--format html``): each task beside its source."""

from __future__ import annotations

from pathlib import Path

from phuluc.export.files import write_atomic
from phuluc.export.review.page import render
from phuluc.extract.model import Document


def write_html(doc: Document, path: Path) -> None:
    write_atomic(path, render(doc).encode("utf-8"))
