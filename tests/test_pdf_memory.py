"""Long PDFs in flat memory: each page is forgotten once read, and reading stays exact."""

from pathlib import Path

import pdfplumber

from phuluc.extract.readers import pdf as pdf_reader
from tests.test_pdf_reader import HEADER, XS, Doc


def _pages(tmp_path: Path, n: int) -> Path:
    d = Doc(tmp_path / "long.pdf")
    for i in range(n):
        if i:
            d.page()
        d.row(XS, 80, 100, HEADER)
        d.row(XS, 100, 130, [str(i + 1), "Xây dựng kế hoạch triển khai", "Sở Nội vụ", "Quý I/2026"])
    return d.save()


def test_a_read_page_keeps_no_layout_and_the_document_no_parsed_objects(tmp_path):
    path = _pages(tmp_path, 2)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        pdf_reader.read_page(page)
        assert hasattr(page, "_layout") and pdf.doc._cached_objs
        pdf_reader._release(pdf, page)
        assert not hasattr(page, "_layout") and not hasattr(page, "_objects")
        assert not pdf.doc._cached_objs
        # the next page still reads after the caches were emptied
        assert pdf_reader.read_page(pdf.pages[1]).grids


def test_every_page_read_after_release(tmp_path):
    raw = pdf_reader.read_pdf(_pages(tmp_path, 5))
    assert raw.pages == 5
    numbers = [r.cells[0] for t in raw.tables for r in t.rows if r.cells and r.cells[0].isdigit()]
    assert numbers == ["1", "2", "3", "4", "5"]
