"""Normalising a reconstructed document: times with context, agencies, checks."""

from phuluc.extract.readers.text import parse_text
from phuluc.extract.tables import reconstruct
from phuluc.normalize.document import _rejoin_split_words, normalize_document


def run(text: str):
    return normalize_document(reconstruct(parse_text(text)))


H = "TT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian bắt đầu\tThời gian hoàn thành"


def test_year_from_header_is_used_and_flagged():
    doc = run("TT\tNội dung\tTrách nhiệm thực hiện\tThời gian (Năm 2026)\n1\tĐối thoại\tSở Nội vụ\tngày 23 tháng 1\n")
    (t,) = doc.tasks
    assert (t.start, t.end.from_, t.end.to) == (None, "2026-01-23", "2026-01-23")
    assert "year-from-header:time" in t.flags


def test_year_from_the_task_above():
    doc = run("\n".join([H, "1\tA\tSở Y tế\t\tTháng 3/2016\tTháng 6/2016", "2\tB\tSở Y tế\t\tTháng 7\tTháng 9"]))
    t = doc.tasks[1]
    assert (t.start.from_, t.end.to) == ("2016-07-01", "2016-09-30")
    assert "year-from-above:start" in t.flags


def test_single_time_column_range_and_point():
    doc = run("TT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n1\tA\tSở Y tế\t2016-2020\n2\tB\tSở Y tế\tNăm 2017\n")
    a, b = doc.tasks
    assert (a.start.from_, a.start.to, a.end.from_, a.end.to) == ("2016-01-01", "2016-12-31", "2020-01-01",
                                                                   "2020-12-31")
    assert b.start is None and (b.end.from_, b.end.to) == ("2017-01-01", "2017-12-31")


def test_checks_warn_date_order_unknown_agency_and_unparseable_time():
    doc = run("\n".join([H, "1\tA\tBan Chỉ huy Phòng chống thiên tai Vũ trụ\t\tNăm 2018\tNăm 2016",
                         "2\tB\tSở Y tế\t\tkhi có chỉ đạo khẩn\t"]))
    codes = {w.code for w in doc.warnings}
    assert {"date-order", "unknown-agency", "unparseable-date"} <= codes


def test_agencies_canonical_and_successor():
    doc = run("\n".join([H, "1\tA\tSở KH&ĐT\tSở Tài Chính, Tư pháp\t2016\t2016"]))
    (t,) = doc.tasks
    assert t.lead == ["Sở Kế hoạch và Đầu tư"] and t.lead_successor == ["Sở Tài chính"]
    assert t.partners == ["Sở Tài chính", "Sở Tư pháp"]


def test_split_words_in_time_cells_are_rejoined_for_parsing_only():
    assert _rejoin_split_words("Quý III, IV/201 7") == "Quý III, IV/2017"
    assert _rejoin_split_words("Thườn g xuyên") == "Thường xuyên"
    assert _rejoin_split_words("Quý I") == "Quý I"
    assert _rejoin_split_words("Quý 12026") == "Quý 1/2026"
    doc = run("\n".join([H, "1\tA\tSở Y tế\t\tQuý I/2017\tTrước 30/6/2 017"]))
    (t,) = doc.tasks
    assert t.end.to == "2017-06-30" and t.end.text == "Trước 30/6/2 017"
    assert "rejoined-split-word:end" in t.flags
