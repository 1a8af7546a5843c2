"""The one header vocabulary: column names → fields, and what makes a task table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phuluc.extract.header_words import field_for, fields_in, is_task_table


@pytest.mark.parametrize(
    "header, field",
    [
        ("STT", "tt"),
        ("Nội dung nhiệm vụ", "content"),
        ("Cơ quan chủ trì", "lead_text"),
        ("Cơ quan phối hợp", "partners_text"),
        ("Thời gian hoàn thành", "end"),
        ("Sản phẩm", "deliverable"),
        ("Đơn vị tính", "extra"),  # a unit of measure, not a responsible unit
        ("Đơn vị thực hiện", "lead_text"),
        ("Tên văn bản", "content"),
        ("Mục tiêu, tên chỉ tiêu", "objective"),
        ("Chỉ tiêu", None),  # a statistics form
        ("Chính thức cùng kỳ năm trước", None),  # not "hình thức"
        ("Thực hiện", None),  # actual figures beside "Kế hoạch"
        ("Chia theo cơ quan quản lý", None),
        ("Số giờ", None),
        ("Tạm ngừng kinh doanh có thời hạn", None),  # a count of businesses, not a deadline
        ("Kết quả thực hiện", "deliverable"),
        ("Thực hiện được", None),  # an assessment scale, not who does it
        ("Tổ chức thực hiện", "lead_text"),
    ],
)
def test_field_for(header: str, field: str | None) -> None:
    assert field_for(header) == field


def test_fields_in_a_header_line_names_every_column() -> None:
    line = "TT Nội dung công việc Cơ quan chủ trì Cơ quan phối hợp Thời gian"
    assert {"tt", "content", "lead_text", "partners_text", "time"} <= fields_in(line)


@pytest.mark.parametrize(
    "fields, task",
    [
        (["tt", "content", "lead_text"], True),
        (["tt", "content", "time"], True),
        (["content", "deliverable"], True),
        (["tt", "content", "extra"], False),  # a curriculum: STT | Nội dung | Số giờ
        (["tt", "extra", "content"], False),  # a list of places
        (["tt", "lead_text", "time"], False),  # no task column
        (["tt", "extra", "content", "extra", "objective"], False),  # criteria: Chỉ số | Nội dung | … | Yêu cầu
    ],
)
def test_is_task_table(fields: list[str], task: bool) -> None:
    assert is_task_table(fields) is task


def test_cost_norm_table_with_a_product_column_is_not_a_task_table() -> None:
    fields, headers = ["tt", "content", "extra", "deliverable"], ["STT", "Nhiệm vụ", "Định mức khoán chi", "Sản phẩm"]
    assert not is_task_table(fields, headers)
    assert is_task_table([*fields, "lead_text"], [*headers, "Cơ quan chủ trì"])


@given(st.text(max_size=80))
def test_fields_in_covers_field_for_of_the_whole_text(text: str) -> None:
    words = [w for w in (w.strip(".:,;") for w in text.split()) if w]
    f = field_for(" ".join(words))
    if f and len(words) <= 4:
        assert f in fields_in(text)


def test_only_name_words_tells_wrapped_header_names_from_a_body_line():
    from phuluc.extract.header_words import only_name_words

    assert only_name_words("thực hiện thành thực hiện")
    assert only_name_words("(triệu đồng)")
    assert not only_name_words("Sở Tài chính")
    assert not only_name_words("thực hiện Sở Tài chính")
    assert not only_name_words("")
