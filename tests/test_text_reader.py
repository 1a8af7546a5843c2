import codecs

import pytest

from phuluc.extract.model import Paragraph, PhulucError, RawTable
from phuluc.extract.readers import read, sniff
from phuluc.extract.readers.text import decode, parse_text

TSV = "Lời mở đầu của kế hoạch.\n\nTT\tNội dung\tĐơn vị chủ trì\n1\tViệc một\tSở Tài chính\n\nTT\tNội dung\tĐơn vị chủ trì\n\ttiếp theo\t\n"


def test_tab_rows_become_fragments_split_by_blank_lines():
    doc = parse_text(TSV)
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Paragraph, RawTable, RawTable]
    t1, t2 = doc.tables
    assert t1.rows[1].cells == ["1", "Việc một", "Sở Tài chính"]
    assert not t1.rows[0].starts_page
    assert t2.rows[0].starts_page  # a fragment after a break
    assert t2.rows[1].line == 7


def test_markdown_pipe_table_with_br_and_separator():
    text = "| TT | Nội dung | Ghi<br>chú |\n|---|:---:|---|\n| 1 | Dòng một<br>dòng hai | a \\| b |\n"
    doc = parse_text(text)
    (t,) = doc.tables
    assert [r.cells for r in t.rows] == [["TT", "Nội dung", "Ghi\nchú"], ["1", "Dòng một\ndòng hai", "a | b"]]


def test_form_feed_counts_pages():
    doc = parse_text("a b c\n\fTT\tNội dung\n1\tx\n")
    assert doc.tables[0].rows[0].page == 2
    assert doc.pages == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le"])
def test_unicode_encodings_decode(encoding):
    text = "Kế hoạch số 5\tỦy ban nhân dân tỉnh\n"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        pass  # no BOM: detected from the NUL pattern
    assert decode(data) == text


def test_cp1258_decodes_and_composes():
    # cp1258 encodes Vietnamese with separate tone bytes after the base letter
    text = "Tổ chức thực hiện kế hoạch của tỉnh"
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    partly = ""
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        partly += base + "".join(c for c in d if c in tones)
    data = partly.encode("cp1258")
    assert decode(data) == text


def test_binary_is_refused():
    with pytest.raises(PhulucError, match="binary"):
        decode(b"\x00\x01\x02\x03" * 100 + b"\xff\xfe\x00\x00" * 50)


def test_empty_and_mislabelled_files(tmp_path):
    empty = tmp_path / "a.txt"
    empty.write_bytes(b"")
    with pytest.raises(PhulucError, match="empty"):
        read(empty)
    blank = tmp_path / "b.txt"
    blank.write_bytes(b"  \n\n ")
    with pytest.raises(PhulucError, match="empty"):
        read(blank)
    fake = tmp_path / "c.pdf"
    fake.write_text("hello")
    with pytest.raises(PhulucError, match="not a PDF"):
        sniff(fake)


def test_bom_is_not_part_of_first_cell(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(codecs.BOM_UTF8 + "TT\tNội dung\n1\tViệc\n".encode())
    doc = read(p)
    assert doc.tables[0].rows[0].cells[0] == "TT"
    assert doc.kind == "text" and len(doc.sha256) == 64
