"""Cell text cleaning (output form) and matching keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phuluc.extract.encodings import from_unicode
from phuluc.normalize.text import ascii_key, clean_text, clean_text_explain, fold_key

# --------------------------------------------------------------------------- legacy


def test_tcvn3_cell_converted_and_flagged():
    assert clean_text_explain("Tæ chøc thùc hiÖn") == ("Tổ chức thực hiện", ["legacy:tcvn3"])


def test_vni_cell_converted_and_flagged():
    assert clean_text_explain("Toå chöùc thöïc hieän") == ("Tổ chức thực hiện", ["legacy:vni"])


def test_legacy_with_markup_and_lines():
    text, flags = clean_text_explain("<b>Së Néi vô</b>\nchñ tr×")
    assert text == "Sở Nội vụ chủ trì"
    assert flags == ["legacy:tcvn3", "markup"]


def test_vanished_u_flagged():
    text, flags = clean_text_explain("Trêng häc ®îc x©y dùng")
    assert text == "Trường học được xây dựng"
    assert flags == ["legacy:tcvn3", "legacy:u-restored"]


def test_unicode_cell_untouched():
    s = "Sở Khoa học và Công nghệ; Sở Tài chính"
    assert clean_text_explain(s) == (s, [])


def test_occasional_symbols_untouched():
    for s in ("Công ty ABC® – 10 µm", "© 2024 Sở Thông tin", "Nhiệt độ 25°C ± 2"):
        assert clean_text_explain(s) == (s, [])


# --------------------------------------------------------------------------- Unicode repairs


def test_full_nfd_recomposed():
    nfd = unicodedata.normalize("NFD", "Tổ chức thực hiện")
    assert clean_text_explain(nfd) == ("Tổ chức thực hiện", ["nfc"])


def test_cp1258_style_partially_decomposed_recomposed():
    # Precomposed base (ô, ư) + combining tone, as Windows-1258 stores it.
    assert clean_text("To\u0302\u0309 chư\u0301c") == "Tổ chức"
    assert clean_text("Tô\u0309 chư\u0301c") == "Tổ chức"


def test_combining_marks_in_any_order():
    assert clean_text("Vie\u0323\u0302t") == clean_text("Vie\u0302\u0323t") == "Việt"


def test_stray_space_before_combining_mark():
    text, flags = clean_text_explain("Viê \u0323t Nam")
    assert text == "Việt Nam"
    assert flags == ["combining-space", "nfc"]
    assert clean_text("Vie\u0302 \u0323t") == "Việt"
    assert clean_text("nhiê\u0323m vu \u0323") == "nhiệm vụ"


def test_eth_replaced():
    assert clean_text_explain("Ðắk Nông") == ("Đắk Nông", ["eth"])
    assert clean_text("ÐẢNG BỘ") == "ĐẢNG BỘ"
    assert clean_text("\u0189ồng Nai") == "Đồng Nai"


def test_small_eth_only_in_vietnamese_text():
    assert clean_text("ðồng chí") == "đồng chí"
    assert clean_text("Guðrún") == "Guðrún"  # Icelandic stays


def test_zero_width_and_soft_hyphen_removed():
    assert clean_text_explain("Kế\u200b hoạch\ufeff") == ("Kế hoạch", ["invisible"])
    assert clean_text("phát\u00adtriển") == "pháttriển"
    assert clean_text("Sở\u200dNội vụ") == "SởNội vụ"


def test_zero_width_between_base_and_mark():
    assert clean_text("Vie\u0302\u200b\u0323t") == "Việt"


# --------------------------------------------------------------------------- markup


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<b>Sở Tài chính</b>", "Sở Tài chính"),
        ("<B>Sở</B> Nội vụ", "Sở Nội vụ"),
        ("Sở Y tế<br>Sở Tư pháp", "Sở Y tế Sở Tư pháp"),
        ("Sở Y tế<br/>Sở Tư pháp", "Sở Y tế Sở Tư pháp"),
        ("Sở Y tế <br />Sở Tư pháp", "Sở Y tế Sở Tư pháp"),
        ("**Quý I**", "Quý I"),
        ("__Quý I__", "Quý I"),
        ("***Quý I***", "Quý I"),
        ("<i>Ghi chú</i>", "Ghi chú"),
        ('<span style="x">Năm</span> 2025', "Năm 2025"),
        ("<<b>b>đậm</b>", "đậm"),
    ],
)
def test_markup_removed(raw, clean):
    text, flags = clean_text_explain(raw)
    assert text == clean
    assert "markup" in flags


@pytest.mark.parametrize(
    "s",
    ["Số: ____/QĐ-UBND", "thời gian < 5 năm", "a < b > c", "tỷ lệ * 2", "biến_số", "2 * 3 = 6"],
)
def test_not_markup(s):
    assert clean_text_explain(s) == (s, [])


# --------------------------------------------------------------------------- lines, spaces


def test_lines_joined_with_one_space():
    assert clean_text("Tổ chức thực hiện\ncác nhiệm vụ") == "Tổ chức thực hiện các nhiệm vụ"
    assert clean_text("Sở Nội vụ\r\n\r\nSở Tài chính") == "Sở Nội vụ Sở Tài chính"
    assert clean_text("Sở Nội vụ\x0bSở Tài chính") == "Sở Nội vụ Sở Tài chính"  # Word line break


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Nghị quyết số 71-\nNQ/TW", "Nghị quyết số 71-NQ/TW"),
        ("Quyết định 52/QĐ-\nUBND", "Quyết định 52/QĐ-UBND"),
        ("giai đoạn 2021-\n2025", "giai đoạn 2021-2025"),
        ("số 12-  \n  KH", "số 12-KH"),
    ],
)
def test_hyphen_across_line_end_rejoined(raw, clean):
    text, flags = clean_text_explain(raw)
    assert text == clean
    assert flags == ["hyphen-join"]


def test_spaced_dash_at_line_end_is_a_plain_join():
    assert clean_text_explain("Độc lập -\nTự do") == ("Độc lập - Tự do", [])
    assert clean_text("- Sở Y tế\n- Sở Tư pháp") == "- Sở Y tế - Sở Tư pháp"


def test_whitespace_collapsed_and_stripped():
    assert clean_text("  Sở \t Tài\u00a0 chính  ") == "Sở Tài chính"


def test_empty_and_none():
    assert clean_text(None) == ""
    assert clean_text("") == ""
    assert clean_text(" \n\t ") == ""
    assert clean_text_explain(None) == ("", [])


def test_wording_kept_as_written():
    # Typos and unusual tone placement are transcribed, never corrected.
    for s in ("Đè án", "Qúy 3", "Hoà thành", "Uỷ ban", "UBND tỉnh"):
        assert clean_text(s) == s


# --------------------------------------------------------------------------- fold_key / ascii_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hoà", "hòa"),
        ("Văn hoá", "Văn hóa"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ", "khỏe"),
        ("UỶ BAN", "Ủy ban"),
        ("Uỷ ban nhân dân", "ủy   ban\nnhân dân"),
        ("Đắk Nông", "Ðắk Nông"),
        ("Tổ chức", unicodedata.normalize("NFD", "Tổ chức")),
        ("2021 – 2025", "2021 - 2025"),
        ("hòan thành", "hoàn thành"),
        ("Kế\u200bhoạch", "Kếhoạch"),
    ],
)
def test_fold_key_equal(a, b):
    assert fold_key(a) == fold_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("qua", "quà"), ("quý", "qúy"), ("hoa", "hòa"), ("thủy", "thùy"), ("Sở", "Số")],
)
def test_fold_key_distinct(a, b):
    assert fold_key(a) != fold_key(b)


@pytest.mark.parametrize(
    ("s", "key"),
    [
        ("Hoà Bình", "hòa bình"),
        ("quý", "quý"),
        ("Quỳnh", "quỳnh"),
        ("hoàn", "hoàn"),
        ("khuỷu", "khuỷu"),
        ("ngoài", "ngoài"),
        ("  Sở  Y tế ", "sở y tế"),
        ("", ""),
    ],
)
def test_fold_key_values(s, key):
    assert fold_key(s) == key


def test_ascii_key():
    assert ascii_key("Đắk Nông") == "dak nong"
    assert ascii_key("Ủy ban nhân dân") == ascii_key("UỶ BAN NHÂN DÂN") == "uy ban nhan dan"
    assert ascii_key("Sở Khoa học và Công nghệ") == "so khoa hoc va cong nghe"
    assert ascii_key("Phường Tân Định") == "phuong tan dinh"
    assert ascii_key("UBND") == "ubnd"


# --------------------------------------------------------------------------- hypothesis

_PIECES = st.sampled_from(
    [
        "a", "B", "z", "7", " ", "  ", "\n", "\t", "-", "-\n", "/", ",", "*", "_", "<", ">", "&",
        "<b>", "</b>", "<br>", "**", "__", "<i>",
        "ạ", "ư", "đ", "Đ", "ô", "ê", "à", "ế", "Ủ", "ý",
        "\u0300", "\u0301", "\u0309", "\u0303", "\u0323", "\u0302", "\u031b",
        "\u200b", "\ufeff", "\u00ad", "\u00a0", "\u00d0", "\u00f0", "\u0189",
        "©", "®", "µ", "§", "¬", "«", "æ", "ø", "ù", "ö", "ñ", "Ö", "¸", "¹", "×",
        "Tæ chøc", "thùc hiÖn", "Toå chöùc", "Sôû", "Kh¬ng", "ngêi", "CéNG", "HßA",
        "Tổ chức", "hoà", "thuỷ", "Vie", " \u0323t", "71-\nNQ",
    ]
)
_TEXT = st.lists(_PIECES, max_size=25).map("".join)


@settings(max_examples=1500)
@given(_TEXT)
def test_clean_text_idempotent(s):
    once = clean_text(s)
    assert clean_text(once) == once


@settings(max_examples=500)
@given(st.text(max_size=60))
def test_clean_text_idempotent_arbitrary_unicode(s):
    once = clean_text(s)
    assert clean_text(once) == once


@settings(max_examples=500)
@given(_TEXT)
def test_clean_text_output_shape(s):
    out = clean_text(s)
    assert out == out.strip()
    assert "  " not in out and "\n" not in out
    assert unicodedata.is_normalized("NFC", out)
    assert "\u200b" not in out and "\u00ad" not in out and "\u00d0" not in out


@settings(max_examples=300)
@given(_TEXT)
def test_fold_key_idempotent(s):
    k = fold_key(s)
    assert fold_key(k) == k
    assert ascii_key(k) == ascii_key(s)


def test_legacy_cells_round_trip_through_clean_text():
    for uni in ("Sở Khoa học và Công nghệ", "Thời gian hoàn thành", "Đơn vị chủ trì"):
        for enc in ("tcvn3", "vni"):
            assert clean_text(from_unicode(uni, enc) + "\n") == uni


def test_hyphen_glued_left_and_spaced_right_is_a_lost_line_break():
    assert clean_text("Sở LĐ- TB&XH") == "Sở LĐ-TB&XH"
    assert clean_text("kinh tế - xã hội") == "kinh tế - xã hội"
    assert clean_text_explain("Sở LĐ- TB&XH")[1] == ["hyphen-join"]


@pytest.mark.parametrize("cell, joined", [
    ("Trước 30\n/6/2026", "Trước 30/6/2026"),  # broken before a slash
    ("Trước ngày 15/\n9/2026", "Trước ngày 15/9/2026"),  # … or after it
    ("Quý II\n/2026", "Quý II/2026"),
    ("Quyết định số 12/\nQĐ-UBND", "Quyết định số 12/QĐ-UBND"),
    ("2026-202\n7", "2026-2027"),  # a year's digits split by a narrow cell
    ("15/9/20\n26", "15/9/2026"),
    ("Tháng 6/20\n26", "Tháng 6/2026"),
])
def test_token_broken_by_a_narrow_cell_is_rejoined(cell, joined):
    assert clean_text_explain(cell) == (joined, ["token-join"])


@pytest.mark.parametrize("cell, kept", [
    ("Năm 2026\n2027", "Năm 2026 2027"),  # two numbers on two lines: a separator
    ("Mục 1.2\n3 nhiệm vụ", "Mục 1.2 3 nhiệm vụ"),  # not a year when joined
    ("12.\n2026 nội dung", "12. 2026 nội dung"),
])
def test_line_break_between_numbers_is_kept_as_a_space(cell, kept):
    assert clean_text_explain(cell) == (kept, [])
