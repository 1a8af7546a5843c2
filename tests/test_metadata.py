"""Tests for normalize.metadata.extract_metadata (invented documents, no corpus access)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from phuluc.extract.model import DocumentInfo, Paragraph
from phuluc.normalize.metadata import extract_metadata


def paras(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, page=1, line=i + 1) for i, t in enumerate(texts)]


def lines(block: str) -> list[Paragraph]:
    """One Paragraph per non-empty line, as a text reader gives it."""
    return paras(*[ln for ln in block.splitlines() if ln.strip()])


# ---------------------------------------------------------------------------
# Header layouts
# ---------------------------------------------------------------------------


def test_two_column_header_split_into_lines_word_table_order():
    # Word header table read cell by cell, row by row; body; signature cell.
    info = extract_metadata(paras(
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH ĐẮK NÔNG",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 41/CTr-UBND",
        "Đắk Nông, ngày 07 tháng 9 năm 2017",
        "CHƯƠNG TRÌNH",
        "Hành động phát triển du lịch sinh thái gắn với công viên địa chất giai đoạn 2017-2020",
        "I. MỤC TIÊU",
        "Phát huy lợi thế cảnh quan, thu hút du khách trong và ngoài nước.",
        "Nơi nhận:\n- Bộ Văn hóa, Thể thao và Du lịch;\n- TT Tỉnh ủy;\n- Lưu: VT, KGVX.",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\nĐinh Công Hậu",
    ))
    assert info == DocumentInfo(
        kind="Chương trình",
        number="41/CTr-UBND",
        issuer="Ủy ban nhân dân tỉnh Đắk Nông",
        place="Đắk Nông",
        date="2017-09-07",
        title="Hành động phát triển du lịch sinh thái gắn với công viên địa chất giai đoạn 2017-2020",
        signer="Đinh Công Hậu",
        signer_position="Phó Chủ tịch",
    )


def test_two_column_header_pdf_lines_with_wrapped_title():
    info = extract_metadata(lines("""
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BÀ RỊA - VŨNG TÀU Độc lập - Tự do - Hạnh phúc
Số: 57/ 2015/QĐ-UBND Bà Rịa - Vũng Tàu, ngày 03 tháng 11 năm 2015
QUYẾT ĐỊNH
Ban hành Quy chế phối hợp quản lý cụm công nghiệp trên địa bàn
Bà Rịa - Vũng Tàu
ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.
Nơi nhận: TM. ỦY BAN NHÂN DÂN
- Như Điều 3; CHỦ TỊCH
- Lưu: VT.
Hồ Thị Mai
"""))
    assert info.kind == "Quyết định"
    assert info.number == "57/2015/QĐ-UBND"
    assert info.issuer == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"
    assert info.place == "Bà Rịa - Vũng Tàu"
    assert info.date == "2015-11-03"
    assert info.title == ("Ban hành Quy chế phối hợp quản lý cụm công nghiệp trên địa bàn Bà Rịa - Vũng Tàu")
    assert (info.signer, info.signer_position) == ("Hồ Thị Mai", "Chủ tịch")


def test_whole_header_on_one_line_and_signature_interleaved_on_one_line():
    info = extract_metadata(lines("""
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc Số: 77/KH-UBND Hậu Giang, ngày 21 tháng 10 năm 2019
KẾ HOẠCH Chuyển đổi cơ cấu cây trồng trên đất lúa tỉnh Hậu Giang năm 2020
Căn cứ tình hình thực tế, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH
Nâng cao thu nhập cho nông dân.
Nơi nhận: TM. ỦY BAN NHÂN DÂN - Bộ Nông nghiệp và PTNT; KT. CHỦ TỊCH - TT.TU, TT.HĐND tỉnh; PHÓ CHỦ TỊCH - CT, PCT UBND tỉnh; - Lưu: VT, NN.
Võ Minh Tâm
"""))
    assert info == DocumentInfo(
        kind="Kế hoạch",
        number="77/KH-UBND",
        issuer="Ủy ban nhân dân tỉnh Hậu Giang",
        place="Hậu Giang",
        date="2019-10-21",
        title="Chuyển đổi cơ cấu cây trồng trên đất lúa tỉnh Hậu Giang năm 2020",
        signer="Võ Minh Tâm",
        signer_position="Phó Chủ tịch",
    )


def test_one_line_header_with_en_dashes_and_hoa_spelling():
    info = extract_metadata(lines("""
UBND TỈNH KHÁNH HOÀ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc Số: 12/KH-UBND Khánh Hòa, ngày 05 tháng 01 năm 2021
KẾ HOẠCH
Phát triển kinh tế biển – đảo năm 2021
1. Mục đích
"""))
    assert info.issuer == "Ủy ban nhân dân tỉnh Khánh Hòa"
    assert info.number == "12/KH-UBND"
    assert info.date == "2021-01-05"
    assert info.place == "Khánh Hòa"
    # The title keeps its printed dash.
    assert info.title == "Phát triển kinh tế biển – đảo năm 2021"


def test_issuer_split_over_lines_with_old_tone():
    info = extract_metadata(paras(
        "UỶ BAN NHÂN\nDÂN\nTỈNH QUẢNG BÌNH",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc",
        "Số: 08/CT-UBND",
        "Quảng Bình, ngày 18 tháng 02 năm 2021",
        "CHỈ THỊ",
        "Về tăng cường công tác phòng cháy rừng",
        "Trong những năm qua, công tác bảo vệ rừng đạt kết quả.",
    ))
    assert info.issuer == "Ủy ban nhân dân tỉnh Quảng Bình"
    assert info.kind == "Chỉ thị"
    assert info.date == "2021-02-18"
    assert info.title == "Về tăng cường công tác phòng cháy rừng"


def test_department_under_provincial_committee():
    info = extract_metadata(paras(
        "UBND TỈNH QUẢNG NAM\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        "Số: 473/TTr - SKHĐT",
        "Quảng Nam, ngày 02 tháng 8 năm 2018",
        "TỜ TRÌNH",
        "Về việc phân bổ vốn đầu tư công năm 2019",
        "Kính gửi: Ủy ban nhân dân tỉnh Quảng Nam.",
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nLê Văn Tú",
    ))
    assert info.issuer == "Sở Kế hoạch và Đầu tư tỉnh Quảng Nam"
    assert info.number == "473/TTr-SKHĐT"
    assert info.kind == "Tờ trình"
    assert info.title == "Về việc phân bổ vốn đầu tư công năm 2019"
    assert (info.signer, info.signer_position) == ("Lê Văn Tú", "Phó Giám đốc")


def test_markdown_and_html_markup_is_stripped():
    br = "  "  # markdown hard line break
    info = extract_metadata(lines(f"""
**ỦY BAN NHÂN DÂN**{br}
**TỈNH HÀ TĨNH**
<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>
*Độc lập - Tự do - Hạnh phúc*
Số: 19/KH-UBND
*Hà Tĩnh, ngày 30 tháng 6 năm 2016*
### **KẾ HOẠCH**
**Nâng cao chỉ số năng lực cạnh tranh cấp tỉnh**
**I. MỤC ĐÍCH**
*Nơi nhận:*
- Như trên;
**TM. ỦY BAN NHÂN DÂN{br}
CHỦ TỊCH**
**Phan Quốc Khánh**
"""))
    assert info.issuer == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert info.place == "Hà Tĩnh"
    assert info.date == "2016-06-30"
    assert info.kind == "Kế hoạch"
    assert info.title == "Nâng cao chỉ số năng lực cạnh tranh cấp tỉnh"
    assert (info.signer, info.signer_position) == ("Phan Quốc Khánh", "Chủ tịch")


# ---------------------------------------------------------------------------
# Missing header: inferred from the appendix heading and body phrases
# ---------------------------------------------------------------------------


def test_header_only_in_the_appendix_heading():
    info = extract_metadata(lines("""
**CHƯƠNG TRÌNH**
**Phát triển nguồn nhân lực chất lượng cao**
**giai đoạn 2016-2020**
**I. MỤC TIÊU**
Đào tạo đội ngũ cán bộ khoa học.
*Nơi nhận:*
- Như trên;
- Lưu: VT.
**TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH**
**Trịnh Thị Lan**
**PHỤ LỤC**
**DANH MỤC NHIỆM VỤ**
(Ban hành kèm theo Chương trình số: 63/CTr-UBND
ngày 14 tháng 10 năm 2016 của UBND tỉnh Đăk Lăk)
"""))
    assert info.kind == "Chương trình"
    assert info.number == "63/CTr-UBND"
    assert info.date == "2016-10-14"
    assert info.issuer == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert info.place == "Đắk Lắk"
    assert info.title == "Phát triển nguồn nhân lực chất lượng cao giai đoạn 2016-2020"
    assert (info.signer, info.signer_position) == ("Trịnh Thị Lan", "Phó Chủ tịch")


def test_appendix_heading_with_numeric_date():
    info = extract_metadata(lines("""
KẾ HOẠCH
Phòng, chống thiên tai năm 2018
I. MỤC ĐÍCH
PHỤ LỤC
(Kèm theo Kế hoạch số 155/KH-UBND ngày 26/5/2018 của Ủy ban nhân dân tỉnh Ninh Thuận)
"""))
    assert (info.number, info.date, info.issuer) == ("155/KH-UBND", "2018-05-26", "Ủy ban nhân dân tỉnh Ninh Thuận")


def test_issuer_from_body_phrase_ban_hanh():
    info = extract_metadata(lines("""
KẾ HOẠCH
Tuyên truyền chuyển đổi số năm 2025
Để triển khai hiệu quả, UBND tỉnh Tuyên Quang ban hành Kế hoạch như sau:
I. MỤC ĐÍCH
"""))
    assert info.issuer == "Ủy ban nhân dân tỉnh Tuyên Quang"
    assert info.title == "Tuyên truyền chuyển đổi số năm 2025"
    assert info.number is None and info.date is None


def test_header_committee_without_locality_completed_from_date_line():
    info = extract_metadata(paras(
        "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 9/KH-UBND", "Long An, ngày 02 tháng 3 năm 2020", "KẾ HOẠCH", "Thực hiện công tác dân vận",
    ))
    assert info.issuer == "Ủy ban nhân dân tỉnh Long An"


# ---------------------------------------------------------------------------
# Numbers and kinds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "number", "kind"),
    [
        ("Số: 14/2007/QĐ-UBND", "14/2007/QĐ-UBND", "Quyết định"),
        ("Số 983-QĐ/TU", "983-QĐ/TU", "Quyết định"),
        ("Số: 30c/NQ-CP", "30c/NQ-CP", "Nghị quyết"),
        ("Số: 57/ 2015/QĐ-UBND", "57/2015/QĐ-UBND", "Quyết định"),
        ("Số: 1961/QĐUBND", "1961/QĐUBND", "Quyết định"),
        ("Số: 26/Ctr-UBND", "26/Ctr-UBND", "Chương trình"),
        ("Số: 24-ĐA/TU", "24-ĐA/TU", "Đề án"),
        ("Số: 473/TTr - NN&PTNT", "473/TTr-NN&PTNT", "Tờ trình"),
    ],
)
def test_number_forms_and_kind_from_code(printed: str, number: str, kind: str):
    # No type line: the kind comes from the number's type code.
    info = extract_metadata(paras("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG", printed, "An Giang, ngày 01 tháng 7 năm 2019"))
    assert info.number == number
    assert info.kind == kind


def test_type_line_wins_over_mismatched_code():
    info = extract_metadata(paras(
        "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "Số: 55/2007/CT-UBND", "Phan Rang-Tháp Chàm, ngày 12 tháng 4 năm 2007",
        "QUYẾT ĐỊNH", "Về việc ban hành quy định quản lý chợ",
    ))
    assert info.kind == "Quyết định"
    assert info.number == "55/2007/CT-UBND"
    assert info.place == "Phan Rang-Tháp Chàm"
    assert info.issuer == "Ủy ban nhân dân tỉnh Ninh Thuận"


def test_blank_draft_number_and_date():
    info = extract_metadata(paras(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        "Số:           /KH-UBND",
        "    Lâm Đồng, ngày         tháng 01 năm 2026 ",
        "KẾ HOẠCH",
        "Kiểm tra công tác văn thư, lưu trữ năm 2026",
        "Tiếp tục thực hiện Nghị quyết của Chính phủ về cải cách hành chính, Ủy ban nhân dân tỉnh ban hành Kế hoạch.",
        "KT. CHỦ TỊCH\n            PHÓ CHỦ TỊCH\n\t\n\nPhạm Thị Hòa",
    ))
    assert info.number is None
    assert info.date is None
    assert info.place == "Lâm Đồng"
    assert info.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert info.title == "Kiểm tra công tác văn thư, lưu trữ năm 2026"
    assert (info.signer, info.signer_position) == ("Phạm Thị Hòa", "Phó Chủ tịch")


# ---------------------------------------------------------------------------
# National issuers and Party documents
# ---------------------------------------------------------------------------


def test_government_resolution():
    info = extract_metadata(lines("""
CÔNG BÁO/Số 101/Ngày 15-03-2024 7
CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 30c/NQ-CP Hà Nội, ngày 08 tháng 11 năm 2011
NGHỊ QUYẾT
Ban hành Chương trình tổng thể cải cách hành chính
nhà nước giai đoạn 2011 - 2020
_____________
CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;
QUYẾT NGHỊ:
Điều 1. Ban hành kèm theo Nghị quyết này Chương trình.
TM. CHÍNH PHỦ
THỦ TƯỚNG
Nguyễn Tấn Phúc
Phụ lục
(Kèm theo Nghị quyết số 30c/NQ-CP ngày 08 tháng 11 năm 2011 của Chính phủ)
"""))
    assert info == DocumentInfo(
        kind="Nghị quyết",
        number="30c/NQ-CP",
        issuer="Chính phủ",
        place="Hà Nội",
        date="2011-11-08",
        title="Ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020",
        signer="Nguyễn Tấn Phúc",
        signer_position="Thủ tướng",
    )


@pytest.mark.parametrize(
    ("caps", "canonical"),
    [
        ("BỘ TÀI CHÍNH", "Bộ Tài chính"),
        ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Bộ Khoa học và Công nghệ"),
        ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
        ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
        ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
    ],
)
def test_ministry_issuer(caps: str, canonical: str):
    info = extract_metadata(lines(f"""
{caps} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/QĐ-BX Hà Nội, ngày 15 tháng 5 năm 2019
QUYẾT ĐỊNH
Về việc phê duyệt kế hoạch năm 2019
Căn cứ Nghị định quy định chức năng, nhiệm vụ;
Nơi nhận: KT. BỘ TRƯỞNG
- Như Điều 3; THỨ TRƯỞNG
- Lưu: VT.
Đỗ Hoàng Anh Tuấn
"""))
    assert info.issuer == canonical
    assert (info.signer, info.signer_position) == ("Đỗ Hoàng Anh Tuấn", "Thứ trưởng")


def test_party_committee_document():
    info = extract_metadata(paras(
        "ĐẢNG BỘ TỈNH TIỀN GIANG\nTỈNH ỦY\n*",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 983-QĐ/TU",
        "Mỹ Tho, ngày 12 tháng 3 năm 2018",
        "QUYẾT ĐỊNH",
        "về việc thành lập Ban Chỉ đạo",
        "- Căn cứ Điều lệ Đảng;",
        "Nơi nhận:\n- Như Điều 3,\n- Lưu VPTU.",
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n\nLê Văn Hưởng",
    ))
    assert info.issuer == "Tỉnh ủy Tiền Giang"
    assert info.number == "983-QĐ/TU"
    assert info.kind == "Quyết định"
    assert info.place == "Mỹ Tho"
    assert info.date == "2018-03-12"
    assert info.title == "về việc thành lập Ban Chỉ đạo"
    assert (info.signer, info.signer_position) == ("Lê Văn Hưởng", "Phó Bí thư Thường trực")


# ---------------------------------------------------------------------------
# Signature blocks
# ---------------------------------------------------------------------------


def test_signature_block_alone_in_a_cell():
    info = extract_metadata(paras(
        "KẾ HOẠCH", "Tổ chức hội chợ nông sản", "I. MỤC ĐÍCH",
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n\nNguyễn Thị Thu Hà",
    ))
    assert (info.signer, info.signer_position) == ("Nguyễn Thị Thu Hà", "Chủ tịch")


def test_signature_interleaved_pdf_lines():
    info = extract_metadata(lines("""
KẾ HOẠCH
Phát triển thương mại điện tử
I. MỤC ĐÍCH
Nơi nhận: TM. ỦY BAN NHÂN DÂN
- Bộ Công Thương; KT. CHỦ TỊCH
- TT Tỉnh ủy, TT HĐND tỉnh;
PHÓ CHỦ TỊCH
- CT, các PCT UBND tỉnh;
- Lưu: VT, KT.
Huỳnh Quốc Việt
"""))
    assert (info.signer, info.signer_position) == ("Huỳnh Quốc Việt", "Phó Chủ tịch")


def test_signature_name_in_capitals_and_other_positions():
    info = extract_metadata(paras(
        "KẾ HOẠCH", "Kiểm tra nội bộ", "1. Mục đích",
        "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nTRẦN VĂN BẢY",
    ))
    assert (info.signer, info.signer_position) == ("Trần Văn Bảy", "Chánh Văn phòng")


def test_acting_head_signature():
    info = extract_metadata(paras("KẾ HOẠCH", "Kiểm tra", "1. Mục đích", "Q. CHỦ TỊCH\n\nLò Văn Mạnh"))
    assert (info.signer, info.signer_position) == ("Lò Văn Mạnh", "Quyền Chủ tịch")


def test_position_words_in_the_header_are_not_a_signature():
    # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" above the preamble is not the signature block.
    info = extract_metadata(paras(
        "ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI", "Số: 5/QĐ-UBND", "Yên Bái, ngày 03 tháng 01 năm 2019",
        "QUYẾT ĐỊNH", "Về việc giao chỉ tiêu kế hoạch", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH YÊN BÁI",
        "Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:",
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.", "CHỦ TỊCH\n\nĐỗ Đức Duy",
    ))
    assert info.title == "Về việc giao chỉ tiêu kế hoạch"
    assert (info.signer, info.signer_position) == ("Đỗ Đức Duy", "Chủ tịch")


def test_nothing_found():
    assert extract_metadata([]) == DocumentInfo()
    assert extract_metadata(paras("Một đoạn văn bình thường.", "")) == DocumentInfo()


# ---------------------------------------------------------------------------
# Place names in capitals
# ---------------------------------------------------------------------------

_PROVINCES = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "normalize" / "data" / "provinces.yaml").read_text(encoding="utf-8")
)["provinces"]


def test_province_list_has_63_old_and_34_new_units():
    assert sum(p["period"] in ("pre2025", "both") for p in _PROVINCES) == 63
    assert sum(p["period"] in ("post2025", "both") for p in _PROVINCES) == 34


@pytest.mark.parametrize("prov", _PROVINCES, ids=lambda p: p["name"])
def test_every_province_title_cased_from_capitals(prov: dict):
    unit = "THÀNH PHỐ" if prov["unit"] == "thanh_pho" else "TỈNH"
    unit_lower = "thành phố" if prov["unit"] == "thanh_pho" else "tỉnh"
    info = extract_metadata(paras(
        f"ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM {unit} {prov['name'].upper()} "
        f"Độc lập - Tự do - Hạnh phúc Số: 3/KH-UBND {prov['name']}, ngày 9 tháng 9 năm 2019",
        "KẾ HOẠCH Thực hiện nhiệm vụ năm 2020",
    ))
    assert info.issuer == f"Ủy ban nhân dân {unit_lower} {prov['name']}"
    assert info.place == prov["name"]
    assert info.date == "2019-09-09"
    assert info.title == "Thực hiện nhiệm vụ năm 2020"


@pytest.mark.parametrize(
    ("caps", "name"),
    [("ĐĂK NÔNG", "Đắk Nông"), ("THỪA THIÊN - HUẾ", "Thừa Thiên Huế"), ("THANH HOÁ", "Thanh Hóa")],
)
def test_province_spelling_variants(caps: str, name: str):
    info = extract_metadata(paras("ỦY BAN NHÂN DÂN", f"TỈNH {caps}", "Số: 1/KH-UBND"))
    assert info.issuer == f"Ủy ban nhân dân tỉnh {name}"


def test_district_issuer_and_unknown_place_title_cased():
    info = extract_metadata(paras(
        "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH", "Số: 15/KH-UBND", "Châu Thành, ngày 04 tháng 4 năm 2018", "KẾ HOẠCH",
        "Xây dựng nông thôn mới",
    ))
    assert info.issuer == "Ủy ban nhân dân huyện Châu Thành"
    assert info.place == "Châu Thành"


def test_prime_minister_decision_with_deputy_signing():
    info = extract_metadata(lines("""
THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 712/QĐ-TTg Hà Nội, ngày 21 tháng 5 năm 2013
QUYẾT ĐỊNH
Phê duyệt Đề án hỗ trợ hợp tác xã
nông nghiệp giai đoạn 2013-2015
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ;
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Vũ Đức Thắng
"""))
    assert info.issuer == "Thủ tướng Chính phủ"
    assert info.title == "Phê duyệt Đề án hỗ trợ hợp tác xã nông nghiệp giai đoạn 2013-2015"
    assert (info.signer, info.signer_position) == ("Vũ Đức Thắng", "Phó Thủ tướng")


def test_provincial_council_resolution():
    info = extract_metadata(paras(
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH THÁI BÌNH", "Số: 50/2019/NQ-HĐND", "Thái Bình, ngày 10 tháng 12 năm 2019",
        "NGHỊ QUYẾT", "Quy định mức chi hỗ trợ đào tạo nghề",
        "HỘI ĐỒNG NHÂN DÂN TỈNH THÁI BÌNH\nKHÓA XVI, KỲ HỌP THỨ MƯỜI", "Căn cứ Luật Ngân sách nhà nước;",
        "CHỦ TỊCH\n\nĐặng Văn Sáu",
    ))
    assert info.issuer == "Hội đồng nhân dân tỉnh Thái Bình"
    assert info.kind == "Nghị quyết"
    assert info.title == "Quy định mức chi hỗ trợ đào tạo nghề"
    assert (info.signer, info.signer_position) == ("Đặng Văn Sáu", "Chủ tịch")


def test_office_of_the_committee_and_official_letter():
    office = extract_metadata(paras(
        "UBND TỈNH CÀ MAU\nVĂN PHÒNG", "Số: 9/TB-VP", "Cà Mau, ngày 2 tháng 3 năm 2018", "THÔNG BÁO",
        "Kết luận của Chủ tịch tại cuộc họp",
    ))
    assert office.issuer == "Văn phòng Ủy ban nhân dân tỉnh Cà Mau"
    assert office.kind == "Thông báo"
    letter = extract_metadata(paras(
        "BỘ NÔNG NGHIỆP\nVÀ PHÁT TRIỂN NÔNG THÔN", "Số: 2210/BNN-KH", "V/v góp ý dự thảo kế hoạch",
        "Hà Nội, ngày 11 tháng 4 năm 2016", "Kính gửi: Ủy ban nhân dân các tỉnh",
    ))
    assert letter.issuer == "Bộ Nông nghiệp và Phát triển nông thôn"
    assert (letter.kind, letter.title) == ("Công văn", "V/v góp ý dự thảo kế hoạch")
    assert letter.date == "2016-04-11"


@given(
    day=st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date(2035, 12, 31)),
    pad=st.booleans(),
    one_line=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_date_line_round_trip(day, pad: bool, one_line: bool):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    header = ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 4/KH-UBND", f"Nghệ An, ngày {d} tháng {m} năm {day.year}"]
    info = extract_metadata(paras(" ".join(header)) if one_line else paras(*header))
    assert info.date == day.isoformat()
    assert info.place == "Nghệ An"
    assert info.issuer == "Ủy ban nhân dân tỉnh Nghệ An"


def test_position_after_an_abbreviated_recipient_item_on_one_line():
    info = extract_metadata([
        Paragraph("KẾ HOẠCH Phòng, chống dịch bệnh"),
        Paragraph("Nơi nhận: TM. ỦY BAN NHÂN DÂN - Bộ Y tế; KT. CHỦ TỊCH - Lưu: VT. PHÓ CHỦ TỊCH"),
        Paragraph("Nguyễn Văn An"),
    ])
    assert (info.signer, info.signer_position) == ("Nguyễn Văn An", "Phó Chủ tịch")


@pytest.mark.parametrize(
    "caps, name",
    [("TỈNH ỦY LẠNG SƠN", "Tỉnh ủy Lạng Sơn"), ("THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội"),
     ("TỈNH UỶ THỪA THIÊN HUẾ", "Tỉnh ủy Thừa Thiên Huế")],
)
def test_party_committee_issuer_keeps_its_place_name(caps, name):
    info = extract_metadata([Paragraph(caps), Paragraph("Số 12-KH/TU"), Paragraph("KẾ HOẠCH"),
                             Paragraph("Thực hiện nghị quyết")])
    assert info.issuer == name


# ---------------------------------------------------------------------------
# The vocabulary is data (normalize/data/document_format.yaml)
# ---------------------------------------------------------------------------

_FORMAT = yaml.safe_load((Path(__file__).resolve().parent.parent / "normalize" / "data" / "document_format.yaml")
                         .read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", _FORMAT["kinds"])
def test_every_type_name_of_the_vocabulary_is_read(kind: str) -> None:
    info = extract_metadata(lines(f"""
ỦY BAN NHÂN DÂN TỈNH HÒA VĨNH
Số: 7/XX-UBND
Hòa Vĩnh, ngày 02 tháng 3 năm 2026
{kind}
Về việc thử nghiệm
"""))
    assert info.kind == kind[:1] + kind[1:].lower()
    assert info.title == "Về việc thử nghiệm"


@pytest.mark.parametrize("title", _FORMAT["titles"])
def test_every_position_of_the_vocabulary_signs(title: str) -> None:
    info = extract_metadata(lines(f"""
ỦY BAN NHÂN DÂN TỈNH HÒA VĨNH
Số: 7/KH-UBND
KẾ HOẠCH
Thử nghiệm
Nội dung.
KT. {title}
PHÓ {title}
Trần Văn Thử
"""))
    assert info.signer == "Trần Văn Thử"
    assert info.signer_position and info.signer_position.startswith("Phó ")
