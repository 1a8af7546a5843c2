"""Legacy Vietnamese encodings: tables, conversion, conservative detection."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from phuluc.extract.encodings import (
    detect_legacy,
    encoding_for_font,
    fix_legacy,
    fix_legacy_explain,
    from_unicode,
    is_syllable,
    to_unicode,
)
from phuluc.extract.legacy_tables import TCVN3_CAPITALS, TCVN3_GAP_CAPITALS, TCVN3_LOWER, VNI_LOWER, VNI_UPPER

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang huyền hỏi ngã sắc nặng
LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
UPPER_LETTERS = [c.upper() for c in LOWER_LETTERS]
PLAIN_CAPITALS = set("AĂÂEÊIOÔƠUƯYĐ")

SENTENCES = [
    "Tổ chức thực hiện các nhiệm vụ cải cách hành chính",
    "Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ngành liên quan",
    "Ủy ban nhân dân các huyện, thị xã, thành phố triển khai thực hiện",
    "Hoàn thành trước ngày 30 tháng 6 năm 2025",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước",
    "Nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
    "Rà soát, đánh giá kết quả thực hiện và báo cáo Ủy ban nhân dân tỉnh",
    "Tăng cường công tác tuyên truyền, phổ biến giáo dục pháp luật",
    "Kiểm tra, giám sát việc thực hiện chế độ công vụ",
    "Xây dựng kế hoạch phát triển kinh tế - xã hội giai đoạn 2021 - 2025",
    "Bảo đảm an ninh trật tự, an toàn xã hội trên địa bàn",
    "Nghiên cứu, đề xuất giải pháp nâng cao hiệu quả quản lý đất đai",
    "Thường xuyên hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
    "Quý IV hằng năm; định kỳ 6 tháng báo cáo kết quả",
]
HEADINGS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ỦY BAN NHÂN DÂN TỈNH",
    "DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2025",
    "KẾ HOẠCH TRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ",
]

# Common words of administrative Vietnamese, both tone styles included.
WORDS = """
tổ chức thực hiện nhiệm vụ kế hoạch chương trình đề án dự án báo cáo kết quả sở ban ngành
ủy uỷ nhân dân tỉnh huyện xã phường thị trấn thành phố trung ương chính phủ quốc hội văn phòng
tài chính nội vụ tư pháp khoa học công nghệ giáo dục đào tạo y tế lao động thương binh nông
nghiệp phát triển thôn nguyên môi trường giao thông vận tải xây dựng hóa hoá thể thao du lịch
tin truyền đầu ngoại tộc thanh tra cải cách hành số quý năm tháng ngày thường xuyên hoàn trước
sau triển khai phối hợp chủ trì cơ quan đơn vị liên các những được người nước đường hướng lượng
phương quyền quyết định nghị chỉ luật kiểm giám sát đánh giá tổng sơ phổ biến nâng cao hiệu quả
năng lực cán bộ công viên đội ngũ bồi dưỡng an ninh phòng trật tự biên giới hải đảo rừng biển đất
đai khoáng sản nguồn vốn ngân sách nhà bảo đảm tăng cường đẩy mạnh thúc hỗ trợ doanh gia đình cá
ứng dụng dữ liệu hệ thống phần mềm cổng điện tử dịch trực tuyến mức độ toàn một cửa thủ tục giải
hồ khen thưởng kỷ thi đua xử lý vi phạm chống tham nhũng lãng phí tiêu cực thủy thuỷ lợi hòa hoà
bình khỏe khoẻ khuỷu yêu cầu ưu tiên ổn định ấp ước lưu trữ tìm kiếm gửi nhận quản lý rà soát
""".split()


def _vi_case(word: str, how: int) -> str:
    return word if how == 0 else word.capitalize() if how == 1 else word.upper()


# --------------------------------------------------------------------------- tables


def test_tables_cover_every_letter():
    assert set(LOWER_LETTERS) == set(TCVN3_LOWER) == set(VNI_LOWER)
    assert len(LOWER_LETTERS) == 73
    assert set(VNI_UPPER) == set(UPPER_LETTERS)
    assert set(TCVN3_CAPITALS) == set("ĂÂÊÔƠƯĐ")


def test_tables_are_injective():
    tcvn3 = [c for u, c in TCVN3_LOWER.items() if c != u] + list(TCVN3_CAPITALS.values())
    tcvn3 += list(TCVN3_GAP_CAPITALS)
    assert len(tcvn3) == len(set(tcvn3))
    assert all(len(c) == 1 and 0xA1 <= ord(c) <= 0xFF for c in tcvn3)
    vni = list(VNI_LOWER.values()) + list(VNI_UPPER.values())
    assert len(vni) == len(set(vni))


@pytest.mark.parametrize("letter", LOWER_LETTERS)
def test_tcvn3_letter_round_trip(letter):
    assert to_unicode(from_unicode(letter, "tcvn3"), "tcvn3") == letter


@pytest.mark.parametrize("letter", UPPER_LETTERS)
def test_tcvn3_capital_round_trip_h_font(letter):
    # Accented capitals only exist as lower-case codes drawn by a ".VnTimeH" font.
    encoded = from_unicode(letter, "tcvn3")
    if letter not in PLAIN_CAPITALS:
        assert encoded == TCVN3_LOWER[letter.lower()]
    assert to_unicode(encoded, "tcvn3h") == letter
    assert to_unicode(encoded, "tcvn3", upper=True) == letter


@pytest.mark.parametrize("letter", LOWER_LETTERS + UPPER_LETTERS)
def test_vni_letter_round_trip(letter):
    assert to_unicode(from_unicode(letter, "vni"), "vni") == letter


@pytest.mark.parametrize("letter", LOWER_LETTERS)
@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_detect_and_convert_every_lower_letter(letter, enc):
    text = f"Tổ chức {letter} thực hiện nhiệm vụ"
    encoded = from_unicode(text, enc)
    assert detect_legacy(encoded) == enc
    assert fix_legacy(encoded) == (text, enc)


@pytest.mark.parametrize("letter", UPPER_LETTERS)
@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_detect_and_convert_every_capital_letter(letter, enc):
    text = f"CỘNG HÒA {letter} VIỆT NAM"
    encoded = from_unicode(text, enc)
    assert fix_legacy(encoded) == (text, enc)


@pytest.mark.parametrize("text", SENTENCES + HEADINGS)
@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_sentence_round_trip(text, enc):
    encoded = from_unicode(text, enc)
    assert encoded != text
    expected = _tcvn3_readable(text) if enc == "tcvn3" else text
    assert fix_legacy(encoded) == (expected, enc)


def _tcvn3_readable(text: str) -> str:
    """What TCVN3 can give back without font names: a lone accented capital in mixed-case
    text ("Ủy ban") was typed in a ".VnTimeH" run and reads as lower case."""
    if text == text.upper():
        return text
    return " ".join(
        w[0].lower() + w[1:] if w and not w[0].isascii() and w[0] not in PLAIN_CAPITALS else w
        for w in text.split(" ")
    )


def test_lone_accented_capital_needs_font_name():
    encoded = from_unicode("Ủy ban nhân dân tỉnh", "tcvn3")
    assert fix_legacy(encoded)[0] == "ủy ban nhân dân tỉnh"
    assert to_unicode(encoded[0], "tcvn3h") + to_unicode(encoded[1:], "tcvn3") == "Ủy ban nhân dân tỉnh"


def test_gap_capitals_decode():
    # TCVN 5712 capitals placed in holes of the lower-case layout.
    assert to_unicode("\u00c0", "tcvn3") == "Ắ"
    assert to_unicode("\u00ff", "tcvn3") == "Ố"


# --------------------------------------------------------------------------- known strings

# Recognition strings of spec/encodings.md §2 (Unicode, TCVN3 as seen, VNI as seen).
KNOWN = [
    ("Tổ chức", "Tæ chøc", "Toå chöùc"),
    ("Sở Khoa học và Công nghệ", "Së Khoa häc vµ C«ng nghÖ", "Sôû Khoa hoïc vaø Coâng ngheä"),
    ("Thời gian hoàn thành", "Thêi gian hoµn thµnh", "Thôøi gian hoaøn thaønh"),
    ("Đơn vị chủ trì", "§¬n vÞ chñ tr×", "Ñôn vò chuû trì"),
    ("Nội dung nhiệm vụ", "Néi dung nhiÖm vô", "Noäi dung nhieäm vuï"),
    ("Độc lập - Tự do - Hạnh phúc", "§éc lËp - Tù do - H¹nh phóc", "Ñoäc laäp - Töï do - Haïnh phuùc"),
    ("Đắk Nông", "§¾k N«ng", "Ñaék Noâng"),
    (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM",
        "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM",
    ),
]


@pytest.mark.parametrize(("uni", "tcvn3", "vni"), KNOWN)
def test_known_strings(uni, tcvn3, vni):
    assert fix_legacy(tcvn3) == (uni, "tcvn3")
    assert fix_legacy(vni) == (uni, "vni")
    assert from_unicode(uni, "vni") == vni
    if uni != uni.upper():  # headings: H-font codes are lower-case codes
        assert from_unicode(uni, "tcvn3") == tcvn3


def test_quy_is_same_in_tcvn3_and_not_converted():
    assert fix_legacy("Quý II/2016") == ("Quý II/2016", None)
    assert fix_legacy("Quyù II/2016") == ("Quý II/2016", "vni")


def test_c1_controls_become_cp1252_punctuation():
    # A Latin-1 reader leaves Word's smart quotes as C1 controls.
    assert fix_legacy("\x93Tæ chøc\x94 thùc hiÖn") == ("\u201cTổ chức\u201d thực hiện", "tcvn3")


# --------------------------------------------------------------------------- .VnTimeH


def test_h_font_heading_upper_cased_from_context():
    assert fix_legacy("DANH MôC NHIÖM Vô")[0] == "DANH MỤC NHIỆM VỤ"


def test_title_case_words_not_upper_cased():
    assert fix_legacy("Hµ Néi")[0] == "Hà Nội"
    assert fix_legacy("UBND X· Hßa B×nh")[0] == "UBND Xã Hòa Bình"


def test_h_font_word_inside_mixed_text():
    assert fix_legacy("Tæ chøc héi nghÞ CéNG t¸c")[0] == "Tổ chức hội nghị CỘNG tác"


def test_short_word_between_h_font_words():
    assert fix_legacy("HéI X· VIÖT")[0] == "HỘI XÃ VIỆT"


# --------------------------------------------------------------------------- vanished ư


def test_vanished_u_restored():
    assert fix_legacy("Mêng Kh¬ng") == ("Mường Khương", "tcvn3")
    text, enc, restored = fix_legacy_explain("Trêng häc ®îc x©y dùng")
    assert (text, enc, restored) == ("Trường học được xây dựng", "tcvn3", True)


def test_vanished_u_common_words_with_evidence():
    assert fix_legacy("ngêi d©n ®îc hëng")[0] == "người dân được hưởng"
    assert fix_legacy("nh sau: trêng häc")[0] == "như sau: trường học"


def test_soft_hyphen_kept_as_u():
    assert fix_legacy("ng\u00adêi d©n tr\u00adêng")[0] == "người dân trường"


def test_no_restoration_when_soft_hyphen_present():
    # A real soft hyphen elsewhere proves ư was not dropped: "ngời" stays.
    text, _, restored = fix_legacy_explain("ngêi d©n n\u00adíc")
    assert text == "ngời dân nước" and not restored


def test_no_restoration_without_damage():
    text, enc, restored = fix_legacy_explain("ngêi d©n vµ tr¸ch nhiÖm")
    assert enc == "tcvn3" and not restored and text == "ngời dân và trách nhiệm"


# --------------------------------------------------------------------------- conservative

NOT_LEGACY = [
    "Tổ chức thực hiện",
    "Tên cán bộ",
    "Tên",
    "Hà Nội",
    "Quý",
    "Copyright © 2020 Microsoft®",
    "10 µm",
    "5µm ± 2",
    "Nhiệt độ 25°C",
    "café société générale",
    "Müller Straße",
    "½ năm",
    "Ðà Nẵng",
    "2021 – 2025",
    "Giá: 1.000 €",
    "Công ty ABC® và XYZ©",
    "« Tổ chức »",
    "ĐẠI HỘI ĐẢNG BỘ",
    "Tô Hà",
    "Cà Mau, Bà Rịa",
    "Vie\u0302\u0323t Nam",
    "",
    "UBND",
]


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_not_legacy(text):
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)


def test_vni_not_taken_for_tcvn3_and_back():
    for uni in SENTENCES:
        assert detect_legacy(from_unicode(uni, "vni")) == "vni"
        assert detect_legacy(from_unicode(uni, "tcvn3")) == "tcvn3"


def test_single_weak_word_not_converted():
    assert detect_legacy("¸n") is None  # one two-letter word is too little evidence
    assert detect_legacy("N¨m 2025") == "tcvn3"


def test_unknown_encoding_raises():
    with pytest.raises(ValueError):
        to_unicode("x", "viscii")
    with pytest.raises(ValueError):
        from_unicode("x", "viscii")


# --------------------------------------------------------------------------- fonts, syllables


@pytest.mark.parametrize(
    ("font", "enc"),
    [
        (".VnTime", "tcvn3"),
        (".VnTimeH", "tcvn3h"),
        ("ABCDEF+.VnArialH", "tcvn3h"),
        (".VnArial Narrow", "tcvn3"),
        ("VNI-Times", "vni"),
        ("QWERTY+VNI-Helve-Condense", "vni"),
        ("Times New Roman", None),
        ("Arial", None),
        (None, None),
    ],
)
def test_encoding_for_font(font, enc):
    assert encoding_for_font(font) == enc


@pytest.mark.parametrize(
    "word",
    ["quý", "thuỷ", "thủy", "khuỷu", "người", "giữa", "giết", "nghiêng", "Đắk", "ƯU", "oai", "hoàn", "yêu", "kĩ"],
)
def test_valid_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    ["Tæ", "chøc", "néi", "quyù", "hoaì", "cíc", "ghă", "kan", "mờng", "chức1", "ơng", "tàc", "xyz"],
)
def test_invalid_syllables(word):
    assert not is_syllable(word)


# --------------------------------------------------------------------------- hypothesis

_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_words, st.lists(st.integers(0, 1), min_size=12, max_size=12))
def test_tcvn3_random_words_round_trip(words, cases):
    # Title case only where .VnTime has the capital (ASCII or Ă Â Ê Ô Ơ Ư Đ).
    words = [
        w.capitalize() if c and (w[0].isascii() or w[0].upper() in TCVN3_CAPITALS) else w
        for w, c in zip(words, cases, strict=False)
    ]
    text = "Tổ chức thực hiện " + " ".join(words)
    assert fix_legacy(from_unicode(text, "tcvn3")) == (text, "tcvn3")


@settings(max_examples=300)
@given(_words)
def test_tcvn3_random_heading_round_trip(words):
    text = "CỘNG HÒA " + " ".join(words).upper()
    assert fix_legacy(from_unicode(text, "tcvn3")) == (text, "tcvn3")


@settings(max_examples=300)
@given(_words, st.lists(st.integers(0, 2), min_size=12, max_size=12))
def test_vni_random_words_round_trip(words, cases):
    text = "Tổ chức thực hiện " + " ".join(_vi_case(w, c) for w, c in zip(words, cases, strict=False))
    assert fix_legacy(from_unicode(text, "vni")) == (text, "vni")


@settings(max_examples=300)
@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=10), st.sampled_from(["tcvn3", "vni"]))
def test_detection_never_picks_wrong_conversion(words, enc):
    text = " ".join(words)
    encoded = from_unicode(text, enc)
    got, found = fix_legacy(encoded)
    assume(found is not None)
    assert (got, found) == (text, enc)


_separators = st.sampled_from([" ", ", ", "; ", " - ", "\n", ": ", " (", ") ", " © ", " 2025 ", " µm "])


@settings(max_examples=500)
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.integers(0, 2), _separators), min_size=1, max_size=15
    )
)
def test_unicode_vietnamese_never_detected(parts):
    text = "".join(_vi_case(w, c) + sep for w, c, sep in parts)
    assert detect_legacy(text) is None
    assert detect_legacy(unicodedata.normalize("NFD", text)) is None
