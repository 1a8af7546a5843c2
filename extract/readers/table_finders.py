"""One interface for the ways a page's tables are found.

A table finder looks at what is left of one page and returns the ``Grid`` of each table it
read, taking out of the page what it used (glyphs, lines, ink), so neither a later finder
nor the body text reads a table twice. The page object depends on the reader: the
text-layer reader hands its finders a ``pdf.TextPage`` (glyphs, word lines, ruling edges),
the OCR reader an ``ocr.ScanPage`` (the page image). Finders today:

- ``pdf_grid.RuledGridFinder``: tables drawn with ruling lines (pdfplumber's finder);
- ``pdf_rivers.RiverFinder``: tables with horizontal rules only or no lines, columns
  from whitespace rivers under a recognised header;
- ``pdf_grid.AlignedFinder``: columns of text aligned at wide gaps;
- ``ocr.OcrGridFinder``: ruled grids found in a scanned page's image, cells OCR'd;
- ``ocr_rivers.OcrRiverFinder``: a scanned page's tables with horizontal rules only or no
  lines, the river finder run on its OCR words (the number column read again cell by
  cell, ``ocr_numbers``).

A reader tries its finders in order and keeps the tables of the first that finds any: a
page's tables are drawn one way, and a looser finder must not re-read a ruled page.
Adding a finder is one module with a class that has ``name`` and ``find`` and one entry
in the reader's list.

A finder that fails (phuluc's own bug) costs only its own tables: the failure becomes a
``table-unreadable`` warning on the page, and the next finder, or the body text, reads
what it could not.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from ..model import Warning
from .page_layout import Grid

log = logging.getLogger(__name__)  # the traceback of a failed finder (DEBUG level)


class TableFinder(Protocol):
    name: str

    def find(self, page: Any) -> list[Grid]:
        """The tables of ``page`` this finder reads; what they hold is taken out of ``page``."""
        ...


def run_finders(page: Any, finders: Sequence[TableFinder], number: int, notes: list[Warning]) -> list[Grid]:
    """The grids of the first finder that finds any table on the page, top to bottom.

    ``number`` is the page number and ``notes`` collects the page's warnings. A finder
    must take nothing out of the page before it has read all its tables, so that a failing
    finder leaves the page whole for the next one.
    """
    for finder in finders:
        try:
            grids = finder.find(page)
        except Exception as e:  # noqa: BLE001 - a bug in one finder must not cost the page
            log.debug("%s finder on page %d", finder.name, number, exc_info=e)
            notes.append(table_unreadable(number, f"{finder.name} finder", e))
            continue
        if grids:
            return sorted(grids, key=lambda g: g.bbox[1])
    return []


def table_unreadable(number: int, what: str, e: BaseException) -> Warning:
    """The warning for tables phuluc failed to read on a page (its own bug: please report)."""
    return Warning(
        "table-unreadable",
        f"page {number}: tables not read, their text kept as body text ({what}: internal error "
        f"{type(e).__name__}: {' '.join(str(e).split())[:160]}; please report this file)",
        page=number,
    )
