"""Agency cells: splitting, canonical names, successors (normalize/agencies.py + its gazetteer)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from phuluc.normalize.agencies import Agency, canonical_agency, parse_agencies, split_agencies

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "data" / "agencies" / "cases.json").read_text(encoding="utf-8"))
GAZETTEER = yaml.safe_load(
    (HERE.parent / "normalize" / "data" / "agencies.yaml").read_text(encoding="utf-8"))
ENTRIES = GAZETTEER["agencies"]
NAMES = [e["name"] for e in ENTRIES]
KINDS = {"state_body", "department", "ministry", "party_body", "mass_organisation", "collective",
         "district_level", "commune_level", "vertical_agency", "armed_forces", "media", "education"}


# ---------------------------------------------------------------------------
# Table of cells (abbreviations, typos, lists) -> canonical names
# ---------------------------------------------------------------------------


def test_case_table_is_large() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_cell(case: dict) -> None:
    got = parse_agencies(case["text"], place=case.get("place"))
    assert [a.name for a in got] == case["expect"]


# ---------------------------------------------------------------------------
# Near misses: similar names are different bodies
# ---------------------------------------------------------------------------

NEAR_MISSES = [
    ("Sở Nội vụ", "Sở Ngoại vụ"),
    ("Sở Xây dựng", "Sở Giao thông vận tải"),
    ("Bộ Tư pháp", "Sở Tư pháp"),
    ("Ban Dân tộc tỉnh", "Ban Dân vận Tỉnh ủy"),
    ("Bộ Nội vụ", "Sở Nội vụ"),
    ("Trung tâm Khuyến nông tỉnh", "Trung tâm Khuyến công tỉnh"),
    ("Bộ Ngoại giao", "Sở Ngoại vụ"),
    ("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("Ban Dân tộc tỉnh", "Ban Dân tộc Hội đồng nhân dân tỉnh"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Chính phủ"),
    ("Sở Tài nguyên và Môi trường", "Sở Tài chính"),
]


@pytest.mark.parametrize(("a", "b"), NEAR_MISSES)
def test_near_miss_pairs_stay_apart(a: str, b: str) -> None:
    assert canonical_agency(a).name == a
    assert canonical_agency(b).name == b
    assert [x.name for x in parse_agencies(f"{a}; {b}")] == [a, b]


@pytest.mark.parametrize(("damaged", "name"), [
    ("Sở Ngoai vu", "Sở Ngoại vụ"),
    ("Sở Noi vu", "Sở Nội vụ"),
    ("So Ngoai vu", "Sở Ngoại vụ"),
    ("Ban Dan toc", "Ban Dân tộc tỉnh"),
    ("Ban Dan van", "Ban Dân vận Tỉnh ủy"),
    ("Sở Nội vụu", "Sở Nội vụ"),
    ("Ban Dân tộcc", "Ban Dân tộc tỉnh"),
    ("Ban Dân vậnn", "Ban Dân vận Tỉnh ủy"),
    ("Trung tam Khuyen cong tinh", "Trung tâm Khuyến công tỉnh"),
    ("Sở Xây dựngg", "Sở Xây dựng"),
    ("Bộ Tư phápp", "Bộ Tư pháp"),
])
def test_damaged_near_misses_find_their_own_body(damaged: str, name: str) -> None:
    a = canonical_agency(damaged)
    assert (a.name, a.known) == (name, True)


@pytest.mark.parametrize("text", [
    "Bộ Ngoại vụ",  # one edit from nothing, two from "Bộ Nội vụ"
    "Trung tâm Khuyến ngư tỉnh",  # a real body, not a typo of "Khuyến nông"
    "Sở Giao thông công chính",
    "Ban Dân tộc và Tôn giáo",
    "Chi cục Thuế khu vực II",
    "Sở Xây dựng Đô thị",
    "Ban Tôn giáo Chính phủ",
    "Sở Thông tin",
    "Phòng Tài chính tỉnh",
    "Hội Nông dân xã",
])
def test_unknown_near_misses_are_not_forced_onto_a_known_body(text: str) -> None:
    a = canonical_agency(text)
    assert a == Agency(text, text, False, text)


# ---------------------------------------------------------------------------
# Splitting
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "pieces"), [
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
    ("Sở Kế hoạch và Đầu tư và các sở, ngành", ["Sở Kế hoạch và Đầu tư", "các sở, ngành"]),
    ("Sở Tư pháp, Nội vụ, Tài chính", ["Sở Tư pháp", "Nội vụ", "Tài chính"]),
    ("Các sở, ngành, địa phương liên quan", ["Các sở, ngành, địa phương liên quan"]),
    ("Các Sở, ban, ngành", ["Các Sở, ban, ngành"]),
    ("các tổ chức chính trị - xã hội", ["các tổ chức chính trị - xã hội"]),
    ("Sở Tài chính; Sở Nội vụ / Sở Y tế", ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế"]),
    ("- Sở Tài chính\n- Sở Nội vụ\n+ Công an tỉnh", ["Sở Tài chính", "Sở Nội vụ", "Công an tỉnh"]),
    ("• Sở Tài chính\n• Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
    ("Sở Tư pháp (đối với A, B và C), Sở Tài chính", ["Sở Tư pháp (đối với A, B và C)", "Sở Tài chính"]),
    ("Sở Tư pháp (đối với A) Sở Tài chính (đối với B)", ["Sở Tư pháp (đối với A)", "Sở Tài chính (đối với B)"]),
    # unknown names keep their "và" and dashes: never split between two unknown halves
    ("Trung tâm Nghiên cứu và Phát triển Cây trồng", ["Trung tâm Nghiên cứu và Phát triển Cây trồng"]),
    ("UBND phường Xuân An - Phan Thiết", ["UBND phường Xuân An - Phan Thiết"]),
    ("Sở Tài chính, Trung tâm Dữ liệu và Dịch vụ số", ["Sở Tài chính", "Trung tâm Dữ liệu và Dịch vụ số"]),
    ("Sở Tài chính.", ["Sở Tài chính"]),
    ("Sở Tài chính,", ["Sở Tài chính"]),
    ("", []),
    (" ;, ", []),
])
def test_split(text: str, pieces: list[str]) -> None:
    assert split_agencies(text) == pieces


def test_parenthetical_stays_with_its_piece_and_leaves_the_name() -> None:
    got = parse_agencies("Bộ Tư pháp (đối với các nội dung liên quan đến thủ tục hành chính) "
                         "Bộ Tài chính (đối với các nội dung liên quan đến điều kiện đầu tư kinh doanh)")
    assert [a.text for a in got] == [
        "Bộ Tư pháp (đối với các nội dung liên quan đến thủ tục hành chính)",
        "Bộ Tài chính (đối với các nội dung liên quan đến điều kiện đầu tư kinh doanh)",
    ]
    assert [a.name for a in got] == ["Bộ Tư pháp", "Bộ Tài chính"]


def test_piece_text_is_as_written_and_cleaned() -> None:
    got = parse_agencies("Sở  Tài   Chính,\nSở KH&CN")
    assert [a.text for a in got] == ["Sở Tài Chính", "Sở KH&CN"]
    assert [a.name for a in got] == ["Sở Tài chính", "Sở Khoa học và Công nghệ"]


def test_empty_cells() -> None:
    assert parse_agencies(None) == []
    assert parse_agencies("") == []
    assert parse_agencies("   ") == []
    assert split_agencies("") == []


_SEPARATORS = set(" \t\n,;/-–—+•*·.:")


def _letters(s: str) -> str:
    """What must survive splitting: everything but separators and the joining word 'và'."""
    s = "".join(" " if c in _SEPARATORS else f" {c} " if c in "()" else c for c in s)
    return "".join(w for w in s.split() if w.lower() not in ("và", "va"))


_WORD = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạềếểễệờớởỡợùúủũụĐSỞBộUBND", min_size=1,
                max_size=7)
_SEP = st.sampled_from([", ", "; ", " / ", "\n", "\n- ", " - ", " và ", " ", " + ", "(", ")", ". ", ": "])
_FORMS = NAMES + [v for e in ENTRIES for v in e.get("variants") or []]
_PIECE = st.one_of(st.sampled_from(_FORMS), _WORD)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PIECE, _SEP), min_size=1, max_size=8))
def test_splitter_never_loses_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(p + s for p, s in parts)
    pieces = split_agencies(text)
    assert _letters(" ".join(pieces)) == _letters(text)
    assert all(p and p == p.strip() for p in pieces)
    agencies = parse_agencies(text)
    assert [a.text for a in agencies] == pieces
    assert all(a.name for a in agencies)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_well_formed_pieces(text: str) -> None:
    for a in parse_agencies(text, place="Hà Tĩnh"):
        assert a.text and a.name and a.successor
        assert a.known or a.name == a.successor == a.text
    canonical_agency(text)


# ---------------------------------------------------------------------------
# Canonical names are fixed points
# ---------------------------------------------------------------------------


def test_every_canonical_name_is_its_own_canonical() -> None:
    for name in NAMES:
        a = canonical_agency(name)
        assert (a.name, a.known) == (name, True), name
        assert [x.name for x in parse_agencies(name)] == [name], name


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from([None, "Lâm Đồng", "Hà Tĩnh", "Hà Nội"]))
def test_canonical_is_idempotent(name: str, place: str | None) -> None:
    once = canonical_agency(name, place=place).name
    assert canonical_agency(once, place=place).name == once
    if "<" not in name and name != "Báo tỉnh":
        assert once == name


def test_every_variant_resolves_to_its_entry() -> None:
    for e in ENTRIES:
        for v in e.get("variants") or []:
            assert canonical_agency(v).name == e["name"], v
            assert [a.name for a in parse_agencies(v)] == [e["name"]], v


# ---------------------------------------------------------------------------
# Successors (2025 mergers)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "successor"), [
    ("Sở KH&ĐT", "Sở Tài chính"),
    ("Sở GTVT", "Sở Xây dựng"),
    ("Sở TT&TT", "Sở Khoa học và Công nghệ"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Môi trường"),
    ("Sở TN&MT", "Sở Nông nghiệp và Môi trường"),
    ("Sở LĐ-TB&XH", "Sở Nội vụ"),
    ("Ban Dân tộc", "Sở Dân tộc và Tôn giáo"),
    ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ("UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân các xã, phường, đặc khu"),
    ("Bộ KH&ĐT", "Bộ Tài chính"),
    ("Bộ GTVT", "Bộ Xây dựng"),
    ("Bộ TT&TT", "Bộ Khoa học và Công nghệ"),
    ("Bộ LĐ-TB&XH", "Bộ Nội vụ"),
    ("Bộ NN&PTNT", "Bộ Nông nghiệp và Môi trường"),
    ("Bộ TN&MT", "Bộ Nông nghiệp và Môi trường"),
    ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
    # unchanged bodies are their own successor
    ("Sở Tài chính", "Sở Tài chính"),
    ("Sở Y tế", "Sở Y tế"),
    ("Bộ Công an", "Bộ Công an"),
])
def test_successor(text: str, successor: str) -> None:
    assert canonical_agency(text).successor == successor


def test_successor_of_unknown_is_its_name() -> None:
    a = canonical_agency("Trung tâm Giống cây trồng Phú Hòa")
    assert not a.known and a.successor == a.name == "Trung tâm Giống cây trồng Phú Hòa"


# ---------------------------------------------------------------------------
# Province names, patterns, unknown bodies
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "place", "name"), [
    ("UBND tỉnh Lâm Đồng", "Lâm Đồng", "Ủy ban nhân dân tỉnh"),
    ("UBND tỉnh Lâm Đồng", None, "Ủy ban nhân dân tỉnh"),
    ("Sở Y tế tỉnh Lâm Đồng", "Lâm Đồng", "Sở Y tế"),
    ("Đài Phát thanh và Truyền hình Lâm Đồng", "Lâm Đồng", "Đài Phát thanh và Truyền hình tỉnh"),
    ("Tỉnh đoàn Lâm Đồng", "Lâm Đồng", "Tỉnh đoàn"),
    ("Ban Tuyên giáo Tỉnh ủy Lâm Đồng", "Lâm Đồng", "Ban Tuyên giáo Tỉnh ủy"),
    ("UBND tỉnh Hoa Lư", "Hoa Lư", "Ủy ban nhân dân tỉnh"),  # a place not in the province list
    ("Báo Lâm Đồng", "Lâm Đồng", "Báo Lâm Đồng"),
    ("Báo tỉnh", "Lâm Đồng", "Báo Lâm Đồng"),
    ("UBND thành phố Hà Nội", None, "Ủy ban nhân dân tỉnh"),
])
def test_place(text: str, place: str | None, name: str) -> None:
    a = canonical_agency(text, place=place)
    assert (a.name, a.known) == (name, True)


def test_province_name_is_not_removed_from_unknown_bodies() -> None:
    a = canonical_agency("Trung tâm Giống thủy sản Lâm Đồng", place="Lâm Đồng")
    assert (a.name, a.known) == ("Trung tâm Giống thủy sản Lâm Đồng", False)


def test_unknown_agencies_are_kept_cleaned() -> None:
    got = parse_agencies("Sở Tài chính,  Trung tâm   Dữ liệu   tỉnh ,Công ty Điện lực")
    assert [(a.name, a.known) for a in got] == [
        ("Sở Tài chính", True), ("Trung tâm Dữ liệu tỉnh", False), ("Công ty Điện lực", False)]


def test_role_prefix_names_the_body() -> None:
    assert canonical_agency("Lãnh đạo Sở Văn hóa, Thể thao và Du lịch").name == "Sở Văn hóa, Thể thao và Du lịch"
    assert canonical_agency("Thủ trưởng các sở, ban, ngành").name == "Các sở, ban, ngành"
    named = canonical_agency("Lãnh đạo UBND xã Phú Hòa")  # the body of a named unit, not the province's
    assert (named.name, named.known) == ("Ủy ban nhân dân xã Phú Hòa", True)


def test_university_pattern_does_not_swallow_a_list() -> None:
    got = parse_agencies("Trường Đại học Quy Nhơn, Sở Tài chính")
    assert [a.name for a in got] == ["Trường Đại học Quy Nhơn", "Sở Tài chính"]
    got = parse_agencies("Đại học Quốc gia Hà Nội và Ban An toàn giao thông tỉnh")
    assert [a.name for a in got] == ["Đại học Quốc gia Hà Nội", "Ban An toàn giao thông tỉnh"]


def test_collective_grammar_names_unlisted_combinations() -> None:
    got = parse_agencies("Các sở, ngành, huyện, thị xã, Sở Y tế")
    assert [a.name for a in got] == ["Các sở, ngành, địa phương liên quan", "Sở Y tế"]
    got = parse_agencies("UBND các huyện, TX, TP")
    assert [a.name for a in got] == ["Ủy ban nhân dân các huyện, thị xã, thành phố"]


@pytest.mark.parametrize(("text", "expect"), [
    ("Công an các huyện, thị xã", ["Công an cấp huyện"]),
    ("Phòng Tư pháp các huyện, thị xã", ["Phòng Tư pháp cấp huyện"]),
    ("Công an các xã, phường", ["Công an cấp xã"]),
    ("các huyện, thị xã", ["Ủy ban nhân dân các huyện, thị xã, thành phố"]),
    ("Sở Tài chính, Công an các huyện, thị xã, thành phố", ["Sở Tài chính", "Công an cấp huyện"]),
])
def test_collective_of_a_kind_of_body_across_units(text: str, expect: list[str]) -> None:
    assert [a.name for a in parse_agencies(text)] == expect


def test_repeated_calls_are_cached_and_equal() -> None:
    a = parse_agencies("Sở KH&CN, Sở Tài Chính", place="Hà Tĩnh")
    b = parse_agencies("Sở KH&CN, Sở Tài Chính", place="Hà Tĩnh")
    assert a == b and a is not b  # callers may mutate their list


# ---------------------------------------------------------------------------
# The gazetteer file itself
# ---------------------------------------------------------------------------


def test_gazetteer_is_well_formed() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids))
    assert len(NAMES) == len(set(NAMES))
    for e in ENTRIES:
        assert e["kind"] in KINDS, e["id"]
        assert e["name"] == e["name"].strip() and "  " not in e["name"]
        succ = e.get("successor")
        assert succ is None or succ in NAMES, (e["id"], succ)  # a successor is itself an entry


def test_gazetteer_covers_required_bodies() -> None:
    required = [
        "Văn phòng Chính phủ", "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam", "Đài Truyền hình Việt Nam",
        "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam", "Bộ Công an", "Bộ Quốc phòng", "Tòa án nhân dân tối cao",
        "Viện kiểm sát nhân dân tối cao", "Ủy ban Thường vụ Quốc hội", "Ủy ban nhân dân tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Tỉnh đoàn",
        "Ban Tuyên giáo Tỉnh ủy", "Sở Nông nghiệp và Môi trường", "Các sở, ngành, địa phương liên quan",
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
    ]
    assert not [r for r in required if r not in NAMES]
    # every provincial department of Nghị định 45/2025 and the merged ones before it
    so = {n for n in NAMES if re.match(r"Sở ", n)}
    assert len(so) >= 20


@pytest.mark.parametrize(
    "text, expect",
    [
        ("Các Sở Tài chính, Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
        ("Ngân hàng CSXH chi nhánh tỉnh", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh"]),
        ("BCH Bộ đội Biên phòng tỉnh", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]),
        ("Ngân hàng Nhà nước", ["Ngân hàng Nhà nước Việt Nam"]),
        ("Bộ, ngành, địa phương liên quan", ["Các bộ, ngành, địa phương"]),
    ],
)
def test_second_tester_round(text, expect):
    assert [a.name for a in parse_agencies(text)] == expect


# ---------------------------------------------------------------------------
# Named local bodies: kind + level + proper name (output-format.md, Agencies)
# ---------------------------------------------------------------------------

NAMED = json.loads((HERE / "data" / "agencies" / "named_bodies.json").read_text(encoding="utf-8"))


def test_named_body_table_is_large() -> None:
    assert len(NAMED) >= 60


@pytest.mark.parametrize("case", NAMED, ids=[c["text"][:40] for c in NAMED])
def test_named_body(case: dict) -> None:
    got = parse_agencies(case["text"], place=case.get("place"))
    assert [a.name for a in got] == case["expect"]
    assert all(a.known for a in got)


@pytest.mark.parametrize(("a", "b"), [
    ("UBND huyện Krông Hing", "UBND tỉnh"),
    ("UBND thành phố Hòa Vĩnh", "UBND tỉnh"),
    ("UBND TP. Hòa Vĩnh", "UBND thị xã Hòa Vĩnh"),
    ("UBND huyện Krông Hing", "UBND huyện Krông Hinh"),
    ("UBND xã Ea Sinh", "UBND phường Ea Sinh"),
    ("Công an huyện Krông Hing", "Công an tỉnh"),
    ("Trung tâm Y tế huyện Krông Hing", "Trung tâm Y tế huyện Đạ Mrông"),
    ("Phòng Nội vụ huyện Krông Hing", "Phòng Nội vụ"),
    ("Hội Nông dân xã Ea Sinh", "Hội Nông dân tỉnh"),
    ("UBND tỉnh Khánh Hòa", "UBND tỉnh Lâm Đồng"),
])
def test_named_near_misses_stay_apart(a: str, b: str) -> None:
    na, nb = canonical_agency(a, place="Lâm Đồng"), canonical_agency(b, place="Lâm Đồng")
    assert na.name != nb.name
    assert [x.name for x in parse_agencies(f"{a}; {b}", place="Lâm Đồng")] == [na.name, nb.name]


@pytest.mark.parametrize("text", [
    "Trung tâm Khuyến nông Krông Hing",  # a centre with a proper name is not the province's
    "Trung tam Khuyen nong Krong Hing",
    "Trung tâm Khuyến nôngg Krông Hing",
    "Trung tâm Dịch vụ việc làm Hòa Vĩnh",
    "Sở Nội vụ Ea Sinh",
    "Ban Dân tộc Krông Hing",
    "Hội Nông dân Ea Sinh",
    "Liên đoàn Lao động huyện",  # a level word: not the provincial body
    "Trung tâm Khuyến nông huyện",
    "Hội Cựu chiến binh phường",
    "Ban Dân tộc xã",
    "Sở Nội vụu huyện",
])
def test_fuzzy_guard_never_drops_a_proper_name_or_level(text: str) -> None:
    a = canonical_agency(text, place="Lâm Đồng")
    assert a == Agency(text, text, False, text)


_SYLLABLES = ["Krông", "Ea", "Đạ", "Cư", "Hòa", "Phú", "Tân", "Lộc", "Bình", "Mrông", "Sinh", "Pơng", "Hing",
              "Tây", "Đông", "Thượng", "Xuân", "Vĩnh", "Khê", "Rái"]
_PROPER = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map(" ".join) | st.integers(1, 30).map(str)
_LEVEL = st.sampled_from(["huyện", "H.", "thị xã", "TX.", "TX", "thành phố", "TP.", "Tp", "quận", "Q.", "phường",
                          "P.", "xã", "thị trấn", "TT.", "đặc khu"])
_KIND = st.sampled_from(["UBND", "Ủy ban nhân dân", "HĐND", "Công an", "CA", "Phòng GD&ĐT", "Phòng Nội vụ",
                         "Trung tâm Y tế", "TTYT", "Văn phòng HĐND và UBND", "BCHQS", "Hội Nông dân",
                         "UBMTTQ", "Trung tâm Văn hóa - Thể thao", "Chi cục Thuế", "Lãnh đạo UBND"])
_JOIN = st.sampled_from([", ", "; ", " và ", "\n- "])


def _proper_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w']+", text) if w in _SYLLABLES or w.isdigit()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_KIND, _LEVEL, _PROPER), min_size=1, max_size=3), _JOIN)
def test_canonicalising_keeps_every_proper_name_and_adds_none(bodies: list, join: str) -> None:
    text = join.join(f"{k} {lv} {p}" for k, lv, p in bodies)
    got = parse_agencies(text, place="Lâm Đồng")
    out = " ".join(a.name for a in got)
    assert sorted(_proper_words(out)) == sorted(_proper_words(text))
    for _, _, p in bodies:
        assert any(a.name.endswith(" " + p) for a in got), (p, [a.name for a in got])


def test_named_body_in_a_sentence_cell_stays_one_item() -> None:
    got = parse_agencies("các viện, trường đại học, tổ chức khoa học và đơn vị có liên quan")
    assert [(a.name, a.known) for a in got] == [
        ("các viện, trường đại học, tổ chức khoa học và đơn vị có liên quan", False)]


@pytest.mark.parametrize(("text", "expect"), [
    ("Sở Y tế, hướng dẫn các đơn vị thực hiện", [("Sở Y tế, hướng dẫn các đơn vị thực hiện", False)]),
    ("Sở Y tế chủ trì, phối hợp các đơn vị liên quan", [("Sở Y tế", True), ("Các cơ quan, đơn vị liên quan", True)]),
    ("Sở Tài chính, Trung tâm Dữ liệu và Dịch vụ số", [("Sở Tài chính", True),
                                                       ("Trung tâm Dữ liệu và Dịch vụ số", False)]),
    ("Sở Y tế, các sở, ngành liên quan", [("Sở Y tế", True), ("Các sở, ban, ngành", True)]),
    ("Sở Y tế; các viện, trường", [("Sở Y tế", True), ("các viện, trường", False)]),
])
def test_split_only_where_every_part_is_a_body(text: str, expect: list) -> None:
    assert [(a.name, a.known) for a in parse_agencies(text)] == expect


# ---------------------------------------------------------------------------
# The gazetteer object: lazy, small ones for tests, user files over the built-in one
# ---------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_small_gazetteer_is_used_instead_of_the_built_in(tmp_path: Path) -> None:
    from phuluc.normalize.gazetteer import Gazetteer

    small = Gazetteer((_write(tmp_path / "g.yaml", """
agencies:
  - {id: so_x, name: "Sở Thử nghiệm", kind: department, variants: ["Sở TN"]}
named_bodies:
  levels: [{name: "huyện", variants: ["H."]}]
  kinds: [{name: "Ủy ban nhân dân", variants: ["UBND"]}]
"""),), provinces=None)
    got = parse_agencies("Sở TN, Sở Tài chính, UBND H. Krông Hing", gazetteer=small)
    assert [(a.name, a.known) for a in got] == [
        ("Sở Thử nghiệm", True), ("Sở Tài chính", False), ("Ủy ban nhân dân huyện Krông Hing", True)]
    assert canonical_agency("Sở TN").known is False  # the built-in one does not know it


def test_user_gazetteer_adds_and_overrides(tmp_path: Path) -> None:
    from phuluc.normalize.gazetteer import load_gazetteer

    extra = _write(tmp_path / "extra.yaml", """
agencies:
  - {id: bqlda_tinh, name: "Ban Quản lý dự án Thử nghiệm tỉnh", kind: department, variants: ["BQLDA TN"]}
  - {id: so_tai_chinh, name: "Sở Tài chính", kind: department, variants: ["STC", "Sở TCh"]}
""")
    g = load_gazetteer((extra,))
    assert canonical_agency("BQLDA TN", gazetteer=g).name == "Ban Quản lý dự án Thử nghiệm tỉnh"
    assert canonical_agency("Sở TCh", gazetteer=g).name == "Sở Tài chính"
    assert canonical_agency("Sở Y tế", gazetteer=g).name == "Sở Y tế"  # the built-in bodies stay
    assert not canonical_agency("BQLDA TN").known


def test_gazetteer_pickles_as_its_files(tmp_path: Path) -> None:
    import pickle

    from phuluc.normalize.gazetteer import default_gazetteer, load_gazetteer

    extra = _write(tmp_path / "extra.yaml", "agencies: [{id: a_b, name: \"Ban Thử\", kind: department}]\n")
    g = load_gazetteer((extra,))
    assert pickle.loads(pickle.dumps(g)) is g  # a worker process loads the files once
    assert pickle.loads(pickle.dumps(default_gazetteer())) is default_gazetteer()


@pytest.mark.parametrize(("text", "message"), [
    ("agencies: [{id: x, name: Y}]", "needs 'id', 'name' and 'kind'"),
    ("agencies: [{id: x, name: Y, kind: planet}]", "unknown kind"),
    ("[1, 2]", "expected a mapping"),
    ("a: [", "not valid YAML"),
    ("other: 1", "no 'agencies'"),
])
def test_bad_user_gazetteer_is_the_users_fault(tmp_path: Path, text: str, message: str) -> None:
    from phuluc.normalize.gazetteer import GazetteerError, load_gazetteer

    with pytest.raises(GazetteerError, match=message):
        load_gazetteer((_write(tmp_path / "bad.yaml", text),))


def test_gazetteer_is_not_parsed_at_import() -> None:
    import subprocess
    import sys

    code = ("import phuluc.normalize.document, phuluc.normalize.gazetteer as g; "
            "print(g.load_gazetteer.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


# ---------------------------------------------------------------------------
# End to end: phuluc extract … --gazetteer extra.yaml
# ---------------------------------------------------------------------------

_PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 12/KH-UBND

Lâm Đồng, ngày 05 tháng 3 năm 2026

KẾ HOẠCH

Thực hiện chuyển đổi số năm 2026

| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Xây dựng kho dữ liệu số | Ban QLDA Số hóa Miền Cao | Sở Tài chính | Quý III/2026 |
| 2 | Đào tạo cán bộ | Sở Nội vụ | UBND huyện Krông Hing, Đạ Mrông | Năm 2026 |
"""


def test_cli_gazetteer_maps_a_body_only_in_the_users_file(tmp_path: Path) -> None:
    from phuluc.export.cli import main

    plan = _write(tmp_path / "plan.md", _PLAN)
    extra = _write(tmp_path / "extra.yaml", """
agencies:
  - {id: bqlda_so_hoa, name: "Ban Quản lý dự án Số hóa tỉnh", kind: department,
     variants: ["Ban QLDA Số hóa Miền Cao"]}
""")

    def run(out: str, *more: str) -> dict:
        assert main(["extract", str(plan), "-o", str(tmp_path / out), "-q", "--jobs", "1", *more]) == 0
        return json.loads((tmp_path / out / "plan.md.json").read_text(encoding="utf-8"))

    plain = run("plain")
    assert plain["tasks"][0]["lead"] == ["Ban QLDA Số hóa Miền Cao"]
    assert any(w["code"] == "unknown-agency" for w in plain["warnings"])
    extended = run("extended", "--gazetteer", str(extra))
    assert extended["tasks"][0]["lead"] == ["Ban Quản lý dự án Số hóa tỉnh"]
    assert extended["tasks"][0]["lead_text"] == "Ban QLDA Số hóa Miền Cao"
    assert not [w for w in extended["warnings"] if w["code"] == "unknown-agency"]
    assert extended["tasks"][1]["partners"] == ["Ủy ban nhân dân huyện Krông Hing", "Ủy ban nhân dân huyện Đạ Mrông"]


def test_cli_bad_gazetteer_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from phuluc.export.cli import main

    plan = _write(tmp_path / "plan.md", _PLAN)
    bad = _write(tmp_path / "bad.yaml", "agencies: [{id: x}]\n")
    with pytest.raises(SystemExit) as e:
        main(["extract", str(plan), "-o", str(tmp_path / "o"), "--gazetteer", str(bad)])
    assert e.value.code == 2
    assert "bad.yaml" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["extract", str(plan), "-o", str(tmp_path / "o"), "--gazetteer", str(tmp_path / "missing.yaml")])
    assert e.value.code == 2


# ---------------------------------------------------------------------------
# Bodies of the National Assembly (legislative programmes: "Cơ quan chủ trì thẩm tra")
# ---------------------------------------------------------------------------

NA_COMMITTEES = ["Ủy ban Pháp luật và Tư pháp", "Ủy ban Kinh tế và Tài chính",
                 "Ủy ban Quốc phòng, An ninh và Đối ngoại", "Ủy ban Văn hóa và Xã hội",
                 "Ủy ban Khoa học, Công nghệ và Môi trường", "Ủy ban Công tác đại biểu",
                 "Ủy ban Dân nguyện và Giám sát", "Hội đồng Dân tộc"]


@pytest.mark.parametrize("name", NA_COMMITTEES)
def test_national_assembly_committee_is_one_known_body(name: str) -> None:
    # their "và" and commas join parts that are not agencies each: never split
    for written in (name, name.upper(), f"{name} của Quốc hội"):
        got = parse_agencies(written)
        assert [a.name for a in got] == [name], written
        assert got[0].known and got[0].successor == name


def test_national_assembly_committees_in_a_list_are_split_between_them() -> None:
    text = "Ủy ban Quốc phòng, An ninh và Đối ngoại, Ủy ban Pháp luật và Tư pháp và Chính phủ"
    assert [a.name for a in parse_agencies(text)] == [
        "Ủy ban Quốc phòng, An ninh và Đối ngoại", "Ủy ban Pháp luật và Tư pháp", "Chính phủ"]
    got = parse_agencies("Hội đồng Dân tộc, các Ủy ban khác của Quốc hội")
    assert [a.name for a in got] == ["Hội đồng Dân tộc", "Các Ủy ban của Quốc hội"]
    assert all(a.known for a in got)
    # a collective after a named body does not swallow it
    assert [a.name for a in parse_agencies("Hội đồng Dân tộc và các Ủy ban của Quốc hội có liên quan")] == [
        "Hội đồng Dân tộc", "Các Ủy ban của Quốc hội"]
    assert [a.name for a in parse_agencies("Các cơ quan khác của Quốc hội")] == ["Các cơ quan của Quốc hội"]


@pytest.mark.parametrize(("old", "successor"), [
    ("Ủy ban Pháp luật", "Ủy ban Pháp luật và Tư pháp"),
    ("Ủy ban Tư pháp", "Ủy ban Pháp luật và Tư pháp"),
    ("Ủy ban Kinh tế", "Ủy ban Kinh tế và Tài chính"),
    ("Ủy ban Tài chính, Ngân sách", "Ủy ban Kinh tế và Tài chính"),
    ("Ủy ban Quốc phòng và An ninh", "Ủy ban Quốc phòng, An ninh và Đối ngoại"),
    ("Ủy ban Đối ngoại", "Ủy ban Quốc phòng, An ninh và Đối ngoại"),
    ("Ủy ban Văn hóa, Giáo dục", "Ủy ban Văn hóa và Xã hội"),
    ("Ủy ban Xã hội", "Ủy ban Văn hóa và Xã hội"),
    ("Ban Dân nguyện", "Ủy ban Dân nguyện và Giám sát"),
])
def test_national_assembly_committees_before_2025_keep_their_name_with_a_successor(old: str, successor: str) -> None:
    [a] = parse_agencies(old)
    assert (a.name, a.known, a.successor) == (old, True, successor)
    names = {e["name"] for e in ENTRIES}
    assert successor in names  # a successor is itself a body of the gazetteer
