"""Reconstruction, format-blind: RawDocuments built by hand or from text."""

from phuluc.extract.model import Paragraph, RawDocument, RawRow, RawTable
from phuluc.extract.readers.text import parse_text
from phuluc.extract.tables import reconstruct
from phuluc.extract.tables.headers import field_for, is_column_number_row, map_columns
from phuluc.extract.tables.numbering import parse_number
from phuluc.extract.tables.realign import realign

H = "TT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tKết quả\tThời gian bắt đầu\tThời gian hoàn thành"


def build(text: str):
    return reconstruct(parse_text(text))


def by_id(doc):
    return {t.id: t for t in doc.tasks}


def test_header_vocabulary_maps_fields_whatever_the_wording():
    assert field_for("Đơn vị chủ trì thực hiện") == "lead_text"
    assert field_for("Cơ quan phối hợp") == "partners_text"
    assert field_for("Kết quả nhiệm vụ") == "deliverable"
    assert field_for("Thời gian triển khai") == "start"
    assert field_for("Thời gian hoàn thành") == "end"
    assert field_for("Thời gian thực hiện") == "time"
    assert field_for("Tên nhiệm vụ") == "content"
    assert field_for("STT") == "tt"
    assert field_for("Ghi chú") == "note"
    assert field_for("Mục tiêu") == "objective"
    assert field_for("Trách nhiệm thực hiện") == "lead_text"
    assert field_for("Kinh phí (triệu đồng)") == "extra"


def test_two_level_header():
    cols = map_columns([
        ["TT", "Nội dung", "Đơn vị thực hiện", "", "Thời gian", ""],
        ["", "", "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành"],
    ])
    assert [f for f, _ in cols] == ["tt", "content", "lead_text", "partners_text", "start", "end"]
    assert cols[2][1] == "Đơn vị thực hiện Chủ trì"


def test_column_number_rows():
    assert is_column_number_row(["1", "2", "3", "4", "5"])
    assert is_column_number_row(["(1)", "(2)", "(3)", "(4)"])
    assert not is_column_number_row(["1", "Lập quy hoạch", "Sở Xây dựng"])


def test_numbers():
    assert parse_number("1.").label == "1"
    assert parse_number("1.2.3").level == 3
    assert parse_number("a)").kind == "letter"
    assert parse_number("II").kind == "section"
    n = parse_number("<b>III</b> Phát triển tiềm lực")
    assert (n.kind, n.label, n.title) == ("section", "III", "Phát triển tiềm lực")
    assert parse_number("Phần I").label == "I"
    assert parse_number("-").kind == "bullet"
    assert parse_number("").kind == "none"


def test_sections_numbers_letters_and_parents():
    doc = build("\n".join([
        H,
        "I\tCải cách thể chế\t\t\t\t\t",
        "1\tĐề án A\tSở Tư pháp\t\t\t2016\t2017",
        "1.1\tXây dựng dự thảo\tNt\t\t\t3/2016\t4/2016",
        "a)\tLấy ý kiến\tNt\t\t\t5/2016\t5/2016",
        "-\tHội thảo\tNt\t\t\t5/2016\t5/2016",
        "II\tĐào tạo\t\t\t\t\t",
        "1\tLớp học\tSở Nội vụ\t\t\t2016\t2016",
    ]))
    t = by_id(doc)
    assert list(t) == ["I.1", "I.1.1", "I.1.1.a", "I.1.1.a.-1", "II.1"]
    assert t["I.1.1"].parent == "I.1" and t["I.1.1"].level == 2
    assert t["I.1.1.a"].parent == "I.1.1" and t["I.1.1.a"].level == 3
    assert t["I.1.1.a.-1"].tt == "-"
    assert t["II.1"].section == "II" and t["II.1"].section_title == "Đào tạo"
    assert t["I.1.1"].lead_text == "Sở Tư pháp" and "ditto:lead" in t["I.1.1"].flags


def test_nested_letter_and_roman_sections():
    doc = build("\n".join([H, "A\tPhần chung\t\t\t\t\t", "I\tMục một\t\t\t\t\t", "1\tViệc\tSở Y tế\t\t\t2016\t2016"]))
    (task,) = doc.tasks
    assert task.id == "A.I.1" and task.section == "A.I"


def test_repeated_header_dropped_and_row_joined_across_page_break():
    doc = build("\n".join([
        H,
        "1\tXây dựng cơ sở dữ liệu\tSở Tài nguyên và\t\t\t2016\t2017",
        "",
        H,
        "\tvề đất đai\tMôi trường\t\t\t\t",
        "2\tViệc khác\tSở Y tế\t\t\t2016\t2016",
    ]))
    t = by_id(doc)
    assert list(t) == ["1", "2"]
    assert t["1"].content == "Xây dựng cơ sở dữ liệu\nvề đất đai"
    assert t["1"].lead_text == "Sở Tài nguyên và\nMôi trường"
    assert "joined-page-break" in t["1"].flags
    assert len(t["1"].source.cells) == 2


def test_rest_of_a_cut_row_under_a_repeated_header_is_data_even_when_it_reads_like_a_header_word():
    # "triển khai" names the start column in a header; under a repeated header it is the
    # rest of the task cut by the page break, and must neither extend the header nor vanish
    head = "TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành"
    doc = build("\n".join([
        head,
        "1\tỨng dụng công nghệ thông tin trong quản lý\tVăn phòng UBND tỉnh\tCác sở, ngành\tNăm 2026",
        "\f" + head,
        "\tvà triển khai chữ ký số chuyên dùng\t\t\t",
        "2\tViệc khác\tSở Y tế\t\tNăm 2027",
    ]))
    t = by_id(doc)
    assert list(t) == ["1", "2"]
    assert t["1"].content.endswith("và triển khai chữ ký số chuyên dùng")
    assert "joined-page-break" in t["1"].flags
    assert not [w for w in doc.warnings if w.code == "table-skipped"]


def test_overflow_line_inside_a_page_is_joined_lines():
    doc = build("\n".join([H, "1\tViệc một\tSở Y tế\t\t\t2016\t2016", "\tdòng tràn\t\t\t\t\t"]))
    assert doc.tasks[0].flags == ["joined-lines"]


def test_shifted_cells_realigned_by_what_they_look_like():
    # the empty "Đơn vị phối hợp" cell was dropped: the deliverable and dates slid left
    doc = build("\n".join([H, "1\tSoạn đề án\tSở Nội vụ\tDự thảo đề án\t7/2016\t8/2016\t"]))
    (t,) = doc.tasks
    assert (t.partners_text, t.deliverable, t.start_text, t.end_text) == ("", "Dự thảo đề án", "7/2016", "8/2016")
    assert "realigned" in t.flags


def test_stray_cell_is_kept_not_dropped():
    r = realign(["1", "Việc", "Sở Y tế", "Quyết định", "Năm 2015", "10/2015", "11/2015"],
                ["tt", "content", "lead_text", "deliverable", "start", "end"])
    assert r.moved and r.strays and r.cells[4:] in (["10/2015", "11/2015"], ["Năm 2015", "10/2015"])


def test_ditto_without_anything_above_warns():
    doc = build("\n".join([H, "1\tViệc\tNt\t\t\t2016\t2016"]))
    assert doc.tasks[0].lead_text == "Nt"
    assert any(w.code == "ditto-without-source" for w in doc.warnings)


def test_partial_ditto_adds_bodies():
    doc = build("\n".join([H, "1\tViệc\tSở Y tế\t\t\t2016\t2016", "2\tViệc hai\tNt, Sở Tài chính\t\t\t2016\t2016"]))
    assert doc.tasks[1].lead_text == "Sở Y tế, Sở Tài chính"


def test_header_block_table_is_body_text_not_a_task_table():
    text = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC KẠN\tĐộc lập - Tự do - Hạnh phúc\n\n" + H + \
        "\n1\tViệc\tSở Y tế\t\t\t2016\t2016\n"
    doc = build(text)
    assert len(doc.tasks) == 1
    assert any("TỈNH BẮC KẠN" == p.text for p in doc.body)


def test_two_tables_separated_by_prose_get_t2_ids():
    doc = build("\n".join([H, "1\tViệc\tSở Y tế\t\t\t2016\t2016", "", "b) Đối thoại với cấp xã như sau:", "",
                           H, "1\tViệc hai\tUBND xã\t\t\t2016\t2016"]))
    assert [t.id for t in doc.tasks] == ["1", "T2.1"]
    assert len(doc.tables) == 2


def test_merged_number_cell_makes_a_sub_row_task():
    rows = [
        RawRow(["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kết quả", "Thời gian hoàn thành"]),
        RawRow(["15", "Sửa luật", "Bộ Tư pháp", "Báo cáo chuyên đề", "2026"]),
        RawRow(["15", "Sửa luật", "Bộ Nội vụ", "Báo cáo kết quả", "2027"], merged=[True, True, False, False, False]),
    ]
    raw = RawDocument("x.docx", "docx", "0" * 64, blocks=[Paragraph("Phụ lục"), RawTable(rows)])
    doc = reconstruct(raw)
    a, b = doc.tasks
    assert (a.id, b.id, b.tt, b.content, b.lead_text) == ("15", "15#2", "15", "Sửa luật", "Bộ Nội vụ")
    assert "merged-cell" in b.flags


def test_duplicate_and_skipped_numbers_warn():
    doc = build("\n".join([H, "1\tA\tSở Y tế\t\t\t2016\t2016", "1\tB\tSở Y tế\t\t\t2016\t2016",
                           "4\tC\tSở Y tế\t\t\t2016\t2016"]))
    codes = [w.code for w in doc.warnings]
    assert "duplicate-number" in codes and "skipped-number" in codes
    assert [t.id for t in doc.tasks] == ["1", "1#2", "4"]


def test_extra_columns_go_to_extra():
    doc = build("TT\tNhiệm vụ\tĐơn vị chủ trì\tKinh phí (triệu đồng)\n1\tViệc\tSở Y tế\t2.500\n")
    assert doc.tasks[0].extra == {"Kinh phí (triệu đồng)": "2.500"}


def test_sub_row_under_merged_number_inferred_without_merge_information():
    # a text rendition loses the merge: no number, no content, but a second deadline
    h = "TT\tTên nhiệm vụ\tCơ quan chủ trì\tKết quả\tThời gian hoàn thành"
    doc = build("\n".join([h, "15\tSửa luật\tBộ Tư pháp\tBáo cáo chuyên đề\tTháng 5/2026",
                           "\t\tBộ Tư pháp\tBáo cáo kết quả\tTháng 11/2026",
                           "16\tViệc khác\tBộ Nội vụ\tBáo cáo\tNăm 2026",
                           "\tvà các nội dung khác\t\t\t"]))
    t = by_id(doc)
    assert list(t) == ["15", "15#2", "16"]
    assert t["15#2"].content == "Sửa luật" and t["15#2"].end_text == "Tháng 11/2026"
    assert "merged-cell" in t["15#2"].flags
    assert any(w.code == "merged-row-inferred" for w in doc.warnings)
    assert "joined-lines" in t["16"].flags


def test_table_without_number_column_numbers_rows_by_position():
    h = "Nội dung công việc\tCơ quan chủ trì\tThời hạn hoàn thành"
    doc = build("\n".join([h, "Lập quy hoạch\tSở Xây dựng\tNăm 2016", "Kiểm tra\tSở Nội vụ\tNăm 2017",
                           "", h, "và báo cáo kết quả\t\t"]))
    assert [t.id for t in doc.tasks] == ["1", "2"]
    assert doc.tasks[1].content == "Kiểm tra\nvà báo cáo kết quả"
    assert "numbered-by-position" in doc.tasks[0].flags


def test_section_row_with_cells_of_its_own_is_also_a_task():
    doc = build("\n".join([H, "I\tCải cách thể chế\tSở Tư pháp\t\t\t2016\t2017", "1\tRà soát\tNt\t\t\t2016\t2016"]))
    t = by_id(doc)
    assert list(t) == ["I", "I.1"]
    assert t["I"].section == "I" and t["I"].content == "Cải cách thể chế" and "section-task" in t["I"].flags
    assert t["I.1"].lead_text == "Sở Tư pháp"


def test_section_row_with_a_subtotal_is_still_a_section():
    doc = build("TT\tNhiệm vụ\tĐơn vị chủ trì\tKinh phí (triệu đồng)\nII\tĐầu tư hạ tầng\t\t350.000\n"
                "1\tXây dựng khu\tUBND tỉnh\t200.000\n")
    (t,) = doc.tasks
    assert t.id == "II.1" and t.section_title == "Đầu tư hạ tầng"


def test_more_header_wordings():
    assert field_for("Đơn vị thực hiện nhiệm vụ") == "lead_text"
    assert field_for("Tên đề án, nhiệm vụ") == "content"
    assert field_for("Nội dung nhiệm vụ") == "content"
    assert field_for("Dự kiến sản phẩm") == "deliverable"
    assert field_for("Thời hạn hoàn thành") == "end"
    assert field_for("Lộ trình thực hiện") == "time"
    assert field_for("Cơ quan chủ trì tham mưu") == "lead_text"


def test_column_number_row_damaged_by_ocr():
    assert is_column_number_row(["q)", "(2)", "3)", "4", "@®)", "(6)"])
    assert not is_column_number_row(["1", "2", "Sở Y tế", "2016"])


def test_part_letter_roman_nesting():
    doc = build("\n".join([H, "Phần I\tNhiệm vụ chung\t\t\t\t\t", "A\tThể chế\t\t\t\t\t",
                           "1\tViệc một\tSở Y tế\t\t\t2016\t2016", "Phần II\tNhiệm vụ riêng\t\t\t\t\t",
                           "A\tThể chế\t\t\t\t\t", "1\tViệc hai\tSở Y tế\t\t\t2016\t2016"]))
    assert [t.id for t in doc.tasks] == ["I.A.1", "II.A.1"]
    assert doc.tasks[1].section == "II.A"


def test_group_row_followed_by_number_one_is_a_section():
    doc = build("\n".join([H, "1\tNhóm nhiệm vụ thể chế\t\t\t\t\t", "1\tViệc một\tSở Y tế\t\t\t2016\t2016",
                           "2\tNhóm đào tạo\t\t\t\t\t", "1\tViệc hai\tSở Y tế\t\t\t2016\t2016"]))
    assert [t.id for t in doc.tasks] == ["1.1", "2.1"]
    assert doc.tasks[1].section_title == "Nhóm đào tạo"


def test_sections_in_a_table_without_number_column():
    h = "Nội dung công việc\tCơ quan chủ trì\tThời hạn hoàn thành"
    doc = build("\n".join([h, "I. TUYÊN TRUYỀN\t\t", "Lập quy hoạch\tSở Xây dựng\tNăm 2016",
                           "Kiểm tra\tSở Nội vụ\tNăm 2017", "II. ĐÀO TẠO\t\t", "Mở lớp\tSở Nội vụ\tNăm 2017"]))
    assert [t.id for t in doc.tasks] == ["I.1", "I.2", "II.1"]
    assert doc.tasks[2].section_title == "ĐÀO TẠO"


def test_page_break_between_sub_rows_of_a_merged_group():
    h = "TT\tTên nhiệm vụ\tCơ quan chủ trì\tKết quả\tThời gian hoàn thành"
    doc = build("\n".join([h, "13\tXây dựng đề án công\tSở Nội vụ\tĐề án\t2026", "", h,
                           "\tkhai, minh bạch\t\tTổ chức triển khai\t2027",
                           "14\tViệc khác\tSở Y tế\tBáo cáo\t2026", "", h,
                           "\tvà các nội dung liên quan\t\t\t"]))
    t = by_id(doc)
    assert list(t) == ["13", "13#2", "14"]
    assert t["13"].content == t["13#2"].content == "Xây dựng đề án công\nkhai, minh bạch"
    assert (t["13"].deliverable, t["13#2"].deliverable, t["13#2"].end_text) == ("Đề án", "Tổ chức triển khai", "2027")
    assert t["14"].content == "Việc khác\nvà các nội dung liên quan" and "joined-page-break" in t["14"].flags


def test_many_rows_with_one_number_get_consecutive_suffixes():
    # one counter per id: each repeat takes the next suffix, each warns once
    rows = [H] + [f"1\tViệc {i}\tSở Y tế\t\t\t2016\t2016" for i in range(5)]
    doc = build("\n".join(rows))
    assert [t.id for t in doc.tasks] == ["1", "1#2", "1#3", "1#4", "1#5"]
    assert sum(w.code == "duplicate-number" for w in doc.warnings) == 4


# ---------------------------------------------------------------------------
# Section rows without a label (a heading of a group of tasks)
# ---------------------------------------------------------------------------


def _exact(rows: list[list[str]]) -> RawDocument:
    table = RawTable(rows=[RawRow(cells=r, index=i) for i, r in enumerate(rows)], exact_grid=True)
    return RawDocument(file="x.docx", kind="docx", sha256="0", blocks=[table])


HEADS = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]


def test_unlabelled_heading_across_the_row_is_a_section_and_numbering_restarts_under_it():
    doc = reconstruct(_exact([
        HEADS,
        ["Các dự án luật trình thông qua", "", "", "", ""],  # a cell spanning the row: text in the first column
        ["1", "Luật A", "Bộ Tư pháp", "", "2026"],
        ["2", "Luật B", "Bộ Y tế", "", "2026"],
        ["Các dự án luật cho ý kiến", "", "", "", ""],
        ["1", "Luật C", "Bộ Tư pháp", "", "2027"],
    ]))
    assert [t.id for t in doc.tasks] == ["-1.1", "-1.2", "-2.1"]
    assert [t.section for t in doc.tasks] == ["-1", "-1", "-2"]
    assert doc.tasks[2].section_title == "Các dự án luật cho ý kiến" and doc.tasks[2].tt == "1"
    assert not [w for w in doc.warnings if w.code in ("duplicate-number", "unnumbered-row")]
    assert doc.tasks[1].content == "Luật B"  # the heading is not joined into the task above


def test_unlabelled_heading_nests_in_a_labelled_section_and_is_counted_within_it():
    doc = reconstruct(_exact([
        HEADS,
        ["I", "CÁC DỰ ÁN LUẬT", "", "", ""],
        ["Trình Quốc hội thông qua", "", "", "", ""],
        ["1", "Luật A", "Bộ Tư pháp", "", "2026"],
        ["Trình Quốc hội cho ý kiến", "", "", "", ""],
        ["2", "Luật B", "Bộ Y tế", "", "2026"],  # numbering goes on under the second heading
        ["II", "CÁC PHÁP LỆNH", "", "", ""],
        ["Trình Ủy ban Thường vụ Quốc hội", "", "", "", ""],
        ["1", "Pháp lệnh C", "Bộ Công an", "", "2027"],
    ]))
    assert [t.id for t in doc.tasks] == ["I.-1.1", "I.-2.2", "II.-1.1"]
    assert doc.tasks[1].section_title == "Trình Quốc hội cho ý kiến"


def test_text_only_row_that_does_not_head_numbering_stays_an_unnumbered_row():
    doc = reconstruct(_exact([
        HEADS,
        ["1", "Luật A", "Bộ Tư pháp", "", "2026"],
        ["Ghi chú về luật A", "", "", "", ""],
        ["5", "Luật B", "Bộ Y tế", "", "2026"],  # neither a restart nor the next number
    ]))
    assert any(w.code == "unnumbered-row" for w in doc.warnings)
    assert all(t.section is None for t in doc.tasks)


def test_content_only_line_in_a_text_rendition_is_still_joined():
    # a wrapped line of a content cell before the next number is a continuation, not a heading
    doc = build("\n".join([H, "1\tXây dựng cơ sở dữ liệu\tSở Y tế\t\t\t2016\t2016",
                           "\tVề đất đai và nhà ở\t\t\t\t\t", "2\tViệc khác\tSở Y tế\t\t\t2016\t2016"]))
    assert [t.id for t in doc.tasks] == ["1", "2"]
    assert doc.tasks[0].content == "Xây dựng cơ sở dữ liệu\nVề đất đai và nhà ở"


def test_text_only_row_at_the_top_of_a_page_is_joined_and_a_doubtful_one_warns():
    lines = [H, "1\tXây dựng cơ sở dữ liệu\tSở Y tế\t\t\t2016\t2016", "", H,
             "\tVề đất đai\t\t\t\t\t", "2\tViệc khác\tSở Y tế\t\t\t2016\t2016"]
    doc = build("\n".join(lines))
    assert [t.id for t in doc.tasks] == ["1", "2"]
    assert "joined-page-break" in doc.tasks[0].flags
    assert not [w for w in doc.warnings if w.code in ("ambiguous-section-row", "unlabelled-section")]
    # the same row before numbering that restarts at 1: still joined, but said to be doubtful
    lines[-1] = "1\tViệc khác\tSở Y tế\t\t\t2016\t2016"
    doc = build("\n".join(lines))
    assert doc.tasks[0].content == "Xây dựng cơ sở dữ liệu\nVề đất đai"
    assert [w.code for w in doc.warnings if w.code == "ambiguous-section-row"] == ["ambiguous-section-row"]


def test_heading_in_the_number_column_of_a_text_rendition_is_a_section_with_a_warning():
    doc = build("\n".join([H, "Nhiệm vụ trọng tâm\t\t\t\t\t\t", "1\tViệc một\tSở Y tế\t\t\t2016\t2016",
                           "Nhiệm vụ thường xuyên\t\t\t\t\t\t", "1\tViệc hai\tSở Y tế\t\t\t2016\t2016"]))
    assert [t.id for t in doc.tasks] == ["-1.1", "-2.1"]
    assert [w.code for w in doc.warnings].count("unlabelled-section") == 2


def test_labelled_heading_in_the_content_column_keeps_its_label():
    doc = reconstruct(_exact([
        HEADS,
        ["", "I. CÁC DỰ ÁN LUẬT", "", "", ""],  # the number cell left empty, the title spanning the rest
        ["1", "Luật A", "Bộ Tư pháp", "", "2026"],
        ["", "II. CÁC PHÁP LỆNH", "", "", ""],
        ["1", "Pháp lệnh B", "Bộ Công an", "", "2027"],
    ]))
    assert [t.id for t in doc.tasks] == ["I.1", "II.1"]
    assert doc.tasks[1].section_title == "CÁC PHÁP LỆNH"
