"""Document metadata (kind, number, issuer, place, date, title, signer) from body text.

The input is the document's text outside the task tables, in reading order, as any
reader gives it: text-file lines (possibly markdown/HTML), Word paragraphs and header
table cells (with "\\n" inside), or PDF lines. The layout follows Nghị định 30/2020:
a two-column header (issuer | quốc hiệu, number | place and date), the type name in
capitals with the trích yếu under it, the body, and a signature block that readers
often interleave with "Nơi nhận". Text renditions may put the whole header on one line,
or start at the title; then the appendix heading "(Kèm theo … số … ngày … của …)" and
body phrases stand in for the missing header.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
import yaml

from phuluc.extract.model import DocumentInfo, Paragraph

# ---------------------------------------------------------------------------
# Vocabulary (ND30 Phụ lục III and common usage)
# ---------------------------------------------------------------------------

# Type names as printed in capitals; longer names first so "NGHỊ QUYẾT" wins over shorter ones.
_KINDS = (
    "CHƯƠNG TRÌNH", "KẾ HOẠCH", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "NGHỊ ĐỊNH", "CHỈ THỊ", "THÔNG TƯ",
    "THÔNG BÁO", "THÔNG CÁO", "HƯỚNG DẪN", "PHƯƠNG ÁN", "ĐỀ ÁN", "DỰ ÁN", "BÁO CÁO", "TỜ TRÌNH",
    "QUY CHẾ", "QUY ĐỊNH", "KẾT LUẬN", "CÔNG ĐIỆN", "BIÊN BẢN", "PHÁP LỆNH", "LUẬT",
)
# Type code in a number → kind (compared upper-case: "Ctr" is printed too).
_CODES = {
    "CTR": "Chương trình", "KH": "Kế hoạch", "QĐ": "Quyết định", "NQ": "Nghị quyết", "NĐ": "Nghị định",
    "CT": "Chỉ thị", "TT": "Thông tư", "TB": "Thông báo", "TC": "Thông cáo", "HD": "Hướng dẫn",
    "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "TTR": "Tờ trình", "QC": "Quy chế",
    "QYĐ": "Quy định", "KL": "Kết luận", "CĐ": "Công điện", "BB": "Biên bản",
}

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-"})

# A document symbol: "26/CTr-UBND", "14/2007/QĐ-UBND", "57/ 2015/QĐ-UBND", "473/TTr - NN&PTNT",
# "30c/NQ-CP", hyphen lost "1961/QĐUBND"; Party style "983-QĐ/TU".
# The National Assembly's bodies end their code with the legislature: "96/2025/UBTVQH15", "64/2025/QH15".
_SYM_STD = (
    r"\d+[a-z]?\s*/\s*(?:(?:19|20)\d\d\s*/\s*)?\p{Lu}[\p{L}]*\d*"
    r"(?:\s*-\s*\p{Lu}[\p{L}&.]*\d*(?:-\p{Lu}[\p{L}&.]*\d*)*)?"
)
_SYM_PARTY = r"\d+[a-z]?\s*-\s*\p{Lu}[\p{L}]*\s*/\s*\p{Lu}[\p{L}&.]*"
_SYM = regex.compile(rf"(?:{_SYM_PARTY}|{_SYM_STD})")
# "Số:" — or "Nghị quyết số:", "Luật số:" (the type name first, "số" with its colon).
_NUMBER = regex.compile(rf"\b(?:Số\s*:?|số\s*:)\s*(?P<sym>{_SYM_PARTY}|{_SYM_STD})")
_NUMBER_LABEL = regex.compile(r"\b[Ss]ố\s*:")  # also a blank draft number "Số:   /KH-UBND"

# "X, ngày 08 tháng 4 năm 2016"; blank draft days/months allowed; "ngày 08/4/2016" too.
_DATE_WORDS = regex.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>(?:19|20)\d\d)", regex.I
)
_DATE_NUM = regex.compile(r"ngày\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)", regex.I)

_QUOC_HIEU = regex.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", regex.I)
_TIEU_NGU = regex.compile(r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", regex.I)
_PARTY_MOTTO = regex.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
_MARKS = regex.compile(
    r"\b(?:DỰ\s+THẢO|THƯỢNG\s+KHẨN|HỎA\s+TỐC|HOẢ\s+TỐC|KHẨN|TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)\b"
)
_GAZETTE = regex.compile(r"^CÔNG\s+BÁO\b", regex.I)

_SEPARATOR = re.compile(r"^[\s\-_=*.~…·•\u2013\u2014]{3,}$|^\s*\*\s*$")

# Signature block.
# "TM." etc.; Party documents write "T/M", "K/T", "T/L" without a dot.
_PREFIX = regex.compile(r"(?<![\p{L}])(?:(?P<p>TM|KT|TL|TUQ|Q)\s*\.|(?P<s>[TK])\s*/\s*(?P<s2>[MTL])(?![\p{L}]))\s*")


def _prefix_code(m: regex.Match) -> str:
    return m.group("p") or (m.group("s") + m.group("s2"))
_TITLES = (
    "TỔNG CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "CỤC TRƯỞNG", "VỤ TRƯỞNG", "TỔNG GIÁM ĐỐC", "GIÁM ĐỐC",
    "CHỦ TỊCH", "THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "CHÁNH VĂN PHÒNG", "TỔNG BÍ THƯ", "BÍ THƯ",
    "TRƯỞNG BAN", "CHỦ NHIỆM", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "CHÁNH THANH TRA", "TỔNG THANH TRA",
    "THỐNG ĐỐC", "TRƯỞNG PHÒNG", "TRƯỞNG ĐOÀN", "CHÁNH ÁN", "TỔNG THƯ KÝ", "TRƯỞNG CÔNG AN",
)
_POSITION = regex.compile(
    r"(?:PHÓ\s+)?(?:" + "|".join(t.replace(" ", r"\s+") for t in _TITLES) + r")(?:\s+THƯỜNG\s+TRỰC)?"
)
# Title case of positions: the first word capitalised, plus the head of a named body.
_POSITION_CASE = {
    "CHÁNH VĂN PHÒNG": "Chánh Văn phòng", "CHÁNH THANH TRA": "Chánh Thanh tra",
    "TỔNG THANH TRA": "Tổng Thanh tra", "TỔNG GIÁM ĐỐC": "Tổng Giám đốc", "TỔNG BÍ THƯ": "Tổng Bí thư",
    "TỔNG THƯ KÝ": "Tổng Thư ký", "TRƯỞNG CÔNG AN": "Trưởng Công an",
}
_NAME = regex.compile(r"\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4}")
_NAME_CAPS = regex.compile(r"\p{Lu}+(?:\s+\p{Lu}+){1,3}")
_NOT_NAME = {"nơi", "nhận", "đã", "ký", "phụ", "lục", "kính", "gửi", "chữ", "dấu", "tm", "kt", "như", "điều"}
# Abbreviations of Nơi nhận items that must not pass for a name in capitals ("TT HĐND").
_NOT_CAPS_NAME = {"UBND", "HĐND", "TT", "VT", "CT", "PCT", "CVP", "PCVP", "TU", "TW", "VP", "KT", "TM", "TL",
                  "MTTQ", "BCĐ", "HĐ", "UB", "BTV", "BTC", "ĐU", "LĐ", "CV"}

# Body openers that end the trích yếu.
_BODY_START = regex.compile(
    r"^(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s|Căn\s+cứ\b|Thực\s+hiện\b|Tiếp\s+tục\b|Để\s|Nhằm\b"
    r"|Trên\s+cơ\s+sở\b|Theo\s+đề\s+nghị\b|Xét\b|Kính\s+gửi\b|Điều\s+\d|Phần\s|PHẦN\s|Chương\s+[IVX\d]"
    r"|CHƯƠNG\s+[IVX\d]|Nơi\s+nhận|PHỤ\s+LỤC|Phụ\s+lục\b|\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\b)"
)

# Issuer pieces.
_LOCAL_UNIT = regex.compile(
    r"(?<![\p{L}])(?<!VÀ\s)(?P<unit>THÀNH\s+PHỐ|TP\s*\.|TỈNH|HUYỆN|QUẬN|THỊ\s+XÃ|THỊ\s+TRẤN|XÃ|PHƯỜNG|ĐẶC\s+KHU)"
    r"\s+(?!ỦY\b|UỶ\b|HỘI\b)(?P<name>\S.*)$"
)
_UNIT_LOWER = {
    "THÀNH PHỐ": "thành phố", "TP.": "thành phố", "TỈNH": "tỉnh", "HUYỆN": "huyện", "QUẬN": "quận",
    "THỊ XÃ": "thị xã", "THỊ TRẤN": "thị trấn", "XÃ": "xã", "PHƯỜNG": "phường", "ĐẶC KHU": "đặc khu",
}
# Fixed capitalisation of phrases inside body names (everything else: first word of each
# component capitalised, the rest lower case).
_PHRASES = (
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"), ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân"), ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
    ("BAN THƯỜNG VỤ", "Ban Thường vụ"), ("CHÍNH PHỦ", "Chính phủ"), ("QUỐC HỘI", "Quốc hội"),
    ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"), ("NGÂN HÀNG NHÀ NƯỚC", "Ngân hàng Nhà nước"),
    ("VIỆT NAM", "Việt Nam"), ("TRUNG ƯƠNG", "Trung ương"), ("TỈNH ỦY", "Tỉnh ủy"),
    ("THÀNH ỦY", "Thành ủy"), ("HUYỆN ỦY", "Huyện ủy"), ("ĐẢNG ỦY", "Đảng ủy"), ("ĐẢNG BỘ", "Đảng bộ"),
    ("MẶT TRẬN TỔ QUỐC", "Mặt trận Tổ quốc"),
)
# Body nouns whose following word starts the capitalised proper part ("Sở Tài chính").
_HEADS = (
    "TỔNG CỤC", "CHI CỤC", "CỤC", "BỘ", "SỞ", "VĂN PHÒNG", "TRUNG TÂM", "BAN", "VỤ", "VIỆN",
    "PHÒNG", "THANH TRA", "KHO BẠC", "HỘI", "ỦY BAN", "LIÊN ĐOÀN", "TRƯỜNG", "ĐÀI", "BÁO", "HỌC VIỆN",
)


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------


@dataclass
class _Line:
    text: str  # cleaned, dashes as printed
    norm: str  # same length-ish text with dashes unified, for matching
    sep: bool = False  # a rule line ("-----", "____", "*")


_TAGS = re.compile(r"<[^>]{1,40}>")
_BOLD = re.compile(r"\*\*|__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_WS = re.compile(r"\s+")


def _clean(raw: str) -> str:
    s = unicodedata.normalize("NFC", raw.replace("\u00d0", "Đ").replace("\u00a0", " "))
    s = _TAGS.sub(" ", s)
    s = _HEADING.sub("", s)
    s = _BOLD.sub("", s)
    s = _ITALIC.sub("", s)
    s = _ESCAPE.sub(r"\1", s)
    return _WS.sub(" ", s).strip()


def _lines(paragraphs: list[Paragraph]) -> list[_Line]:
    out: list[_Line] = []
    for p in paragraphs:
        for raw in (p.text or "").splitlines():
            if _SEPARATOR.match(raw) and raw.strip():
                out.append(_Line("", "", sep=True))
                continue
            text = _clean(raw)
            if text:
                out.append(_Line(text, text.translate(_DASHES)))
    return out


# ---------------------------------------------------------------------------
# Case helpers
# ---------------------------------------------------------------------------


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _fold(s: str) -> str:
    """Comparison key: NFC, lower, old/new tone placement unified, dashes and spaces collapsed."""
    s = unicodedata.normalize("NFC", s).lower().translate(_DASHES)
    for old, new in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
                     ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy")):
        s = s.replace(old, new)
    s = re.sub(r"\s*-\s*", "-", s)
    return _WS.sub(" ", s).strip()


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[str, str]]:
    """Folded spelling → (official name, unit)."""
    data = yaml.safe_load((Path(__file__).parent / "data" / "provinces.yaml").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, str]] = {}
    for p in data["provinces"]:
        for name in [p["name"], *p.get("aliases", [])]:
            out[_fold(name)] = (p["name"], p["unit"])
    return out


def _place_name(s: str) -> str:
    """A place name in any case → official spelling if it is a province, else each word capitalised."""
    s = _WS.sub(" ", s).strip(" ,.;:-")
    hit = _provinces().get(_fold(s))
    if hit:
        return hit[0]
    if s != s.upper():
        return s  # printed in normal case: keep as printed
    return regex.sub(r"\p{L}+", lambda m: _cap(m.group(0)), s.lower())


def _body_case(caps: str) -> str:
    """Title-case a body name printed in capitals: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và Công nghệ"."""
    s = _WS.sub(" ", caps).strip()
    placeholders: list[str] = []

    def keep(m: regex.Match) -> str:
        placeholders.append(dict(_PHRASES)[_WS.sub(" ", m.group(0)).upper()])
        return f"\x00{len(placeholders) - 1}\x00"

    pattern = "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p, _ in _PHRASES)
    s = regex.sub(rf"(?<![\p{{L}}])(?:{pattern})(?![\p{{L}}])", keep, s)
    words = s.split(" ")
    out: list[str] = []
    cap_next = True
    i = 0
    while i < len(words):
        w = words[i]
        if "\x00" in w:
            out.append(w)
            cap_next = True  # the word after "Ủy ban nhân dân" is a locality word, handled by caller
            i += 1
            continue
        head = next((h for h in _HEADS if " ".join(words[i:i + len(h.split())]) == h), None)
        if head and not out:
            n = len(head.split())
            out.append(_cap(words[i]) + "".join(" " + x.lower() for x in words[i + 1:i + n]))
            i += n
            cap_next = True
            continue
        out.append(_cap(w) if cap_next else w.lower())
        cap_next = w.upper() in ("VÀ", "-", ",") or w.endswith(",")
        i += 1
    s = " ".join(out)
    return regex.sub(r"\x00(\d+)\x00", lambda m: placeholders[int(m.group(1))], s)


# ---------------------------------------------------------------------------
# Number, kind, date
# ---------------------------------------------------------------------------


def _number_at(s: str) -> regex.Match | None:
    """ "Số: …" (possibly blank in a draft) or "Số 983-QĐ/TU" without the colon."""
    return _NUMBER_LABEL.search(s) or _NUMBER.search(s)


def _norm_number(sym: str) -> str:
    return _WS.sub("", sym.translate(_DASHES))


def _code_kind(number: str | None) -> str | None:
    if not number:
        return None
    m = regex.match(r"\d+[a-z]?-(?P<t>\p{L}+)/", number)  # Party: 983-QĐ/TU
    if not m:
        m = regex.match(r"\d+[a-z]?/(?:\d{4}/)?(?P<t>\p{L}+)-", number)
    if m:
        return _CODES.get(m.group("t").upper())
    m = regex.match(r"\d+[a-z]?/(?:\d{4}/)?(?P<t>\p{L}+)$", number)  # hyphen lost: 1961/QĐUBND
    if m:
        t = m.group("t").upper()
        for code in sorted(_CODES, key=len, reverse=True):
            if t.startswith(code) and len(t) > len(code):
                return _CODES[code]
    return None


def _iso(d: str | None, m: str | None, y: str | None) -> str | None:
    if not (d and m and y):
        return None
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _date_in(s: str) -> tuple[str | None, regex.Match | None]:
    m = _DATE_WORDS.search(s) or _DATE_NUM.search(s)
    if not m:
        return None, None
    return _iso(m.group("d"), m.group("m"), m.group("y")), m


_KIND_RE = regex.compile(
    r"(?<![\p{L}])(?P<k>" + "|".join(k.replace(" ", r"\s+") for k in _KINDS) + r")(?![\p{L}])"
    r"\s*:?\s*(?P<rest>.*)$"
)


def _kind_at(text: str, start: int = 0) -> regex.Match | None:
    """The type name at ``start`` of ``text`` when followed by end of line or a title."""
    m = _KIND_RE.match(text, start)
    if not m:
        return None
    rest = m.group("rest")
    # "KẾ HOẠCH" alone, or followed by the trích yếu (sentence case or capitals).
    if rest and not regex.match(r"[\p{Lu}\d(]", rest):
        return None
    return m


# ---------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------


def _caps_runs(s: str) -> list[str]:
    """Maximal runs of words written in capitals (issuer fragments)."""
    return [r for r in (s[x:y].strip(" ,;:") for x, y in _caps_spans(s)) if r]


def _expand_abbrev(s: str) -> str:
    s = regex.sub(r"(?<![\p{L}])UBND(?![\p{L}])", "ỦY BAN NHÂN DÂN", s)
    s = regex.sub(r"(?<![\p{L}])HĐND(?![\p{L}])", "HỘI ĐỒNG NHÂN DÂN", s)
    return s.replace("UỶ", "ỦY").replace("Uỷ", "Ủy")


def _split_local(entity: str) -> tuple[str, str | None, str | None]:
    """"ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" → ("ỦY BAN NHÂN DÂN", "tỉnh", "Sóc Trăng")."""
    m = _LOCAL_UNIT.search(entity)
    if not m or not entity[: m.start()].strip():
        return entity, None, None
    unit = _UNIT_LOWER[_WS.sub(" ", m.group("unit")).replace("TP .", "TP.")]
    return entity[: m.start()].strip(), unit, _place_name(m.group("name"))


_PARTY_HEAD = regex.compile(r"^(?P<head>TỈNH|THÀNH|HUYỆN|THỊ|QUẬN)\s+(?:ỦY|UỶ)\s+(?P<name>\S.*)$")


def _entity_name(entity: str, parent_local: tuple[str, str] | None = None) -> str:
    m = _PARTY_HEAD.match(entity)
    if m:  # "TỈNH ỦY LẠNG SƠN" → "Tỉnh ủy Lạng Sơn": a party committee and its place
        return f"{m.group('head').capitalize()} ủy {_place_name(m.group('name'))}"
    org, unit, place = _split_local(entity)
    name = _body_case(org)
    if unit and place:
        return f"{name} {unit} {place}"
    if parent_local and regex.match(r"(?:Tỉnh|Thành|Huyện) ủy$", name):
        return f"{name} {parent_local[1]}"  # ĐẢNG BỘ TỈNH X / TỈNH ỦY → Tỉnh ủy X
    if parent_local and not name.startswith(("Chính phủ", "Bộ ", "Quốc hội", "Thủ tướng")):
        return f"{name} {parent_local[0]} {parent_local[1]}"  # UBND TỈNH X / SỞ Y → Sở Y tỉnh X
    return name


# ("ỦY BAN THƯỜNG VỤ" / "QUỐC HỘI": the National Assembly's Standing Committee over two lines)
_INCOMPLETE_END = regex.compile(r"(?:ỦY\s+BAN(?:\s+NHÂN|\s+THƯỜNG\s+VỤ)?|HỘI\s+ĐỒNG(?:\s+NHÂN)?|VÀ|,|-|&)$")


def _issuer_from_caps(segments: list[str]) -> tuple[str | None, bool]:
    """Issuer from the left header column; returns (name, has_locality_or_is_national)."""
    entities: list[str] = []
    for seg in segments:
        seg = _expand_abbrev(seg).strip(" ,;:")
        if not seg or not regex.search(r"\p{L}{2}", seg):
            continue
        joins = entities and (
            (_LOCAL_UNIT.match(seg) and not regex.match(r"(?:TỈNH|THÀNH|HUYỆN)\s+ỦY\b", seg))
            or _INCOMPLETE_END.search(entities[-1])
            or regex.match(r"(?:DÂN|VÀ)\b", seg)
        )
        if joins:
            entities[-1] = f"{entities[-1]} {seg}"
        else:
            entities.append(seg)
    if not entities:
        return None, False
    parent_local = None
    for e in entities[:-1]:
        _, unit, place = _split_local(e)
        if unit and place:
            parent_local = (unit, place)
    last = entities[-1]
    if len(entities) > 1 and _WS.sub(" ", last) == "VĂN PHÒNG":
        # "UBND TỈNH X / VĂN PHÒNG": the office of the body above it.
        return "Văn phòng " + _entity_name(entities[-2]), True
    name = _entity_name(last, parent_local)
    complete = bool(_split_local(last)[1] or parent_local) or not name.startswith(
        ("Ủy ban nhân dân", "Hội đồng nhân dân", "Tỉnh ủy", "Thành ủy", "Huyện ủy")
    )
    return name, complete


def _canon_issuer_text(s: str) -> str:
    """An issuer phrase in normal case ("UBND tỉnh Đăk Nông") → canonical ("Ủy ban nhân dân tỉnh Đắk Nông")."""
    s = _WS.sub(" ", s).strip(" ,.;:()")
    s = regex.sub(r"(?<![\p{L}])UBND(?![\p{L}])", "Ủy ban nhân dân", s)
    s = regex.sub(r"(?<![\p{L}])HĐND(?![\p{L}])", "Hội đồng nhân dân", s)
    s = regex.sub(r"(?<![\p{L}])[UỦ][ỷy]\s+ban", "Ủy ban", s)
    s = regex.sub(r"(?<![\p{L}])[Uu]ỷ(?![\p{L}])", "ủy", s)
    m = regex.search(r"(?<![\p{L}])(tỉnh|thành phố|TP\.)\s+(.+)$", s)
    if m:
        hit = _provinces().get(_fold(m.group(2)))
        if hit:
            unit = "thành phố" if m.group(1) == "TP." else m.group(1)
            s = f"{s[: m.start()]}{unit} {hit[0]}"
    return s


# ---------------------------------------------------------------------------
# "(Kèm theo Kế hoạch số … ngày … của …)" references
# ---------------------------------------------------------------------------

_KINDS_NORMAL = "|".join(_cap(k) for k in _KINDS)
_ATTACHED = regex.compile(
    rf"(?:kèm\s+theo|đính\s+kèm)\s+(?P<kind>{_KINDS_NORMAL})\s+số\s*:?\s*(?P<sym>{_SYM_PARTY}|{_SYM_STD})?"
    r"(?P<tail>[^)]*)",
    regex.I,
)


@dataclass
class _Ref:
    kind: str
    number: str | None
    date: str | None
    issuer: str | None
    heading: bool  # the line starts with "(" or "Kèm theo": an appendix heading, not a body mention


def _attached_refs(lines: list[_Line]) -> list[_Ref]:
    refs: list[_Ref] = []
    for i, ln in enumerate(lines):
        if not regex.search(r"kèm\s+theo|đính\s+kèm", ln.norm, regex.I):
            continue
        # The heading may wrap over a few lines until its closing parenthesis.
        text = ln.norm
        j = i + 1
        while ")" not in text[text.lower().find("kèm"):] and j < len(lines) and j <= i + 3:
            text += " " + lines[j].norm
            j += 1
        for m in _ATTACHED.finditer(text):
            tail = m.group("tail")
            date, _ = _date_in(tail)
            iss = regex.search(r"\bcủa\s+(?P<i>.+)$", tail)
            heading = bool(regex.match(r"\s*\(|\s*(?:\p{L}+\s+)?(?:hành\s+)?kèm\s+theo", text, regex.I))
            refs.append(_Ref(
                kind=_cap(m.group("kind")),
                number=_norm_number(m.group("sym")) if m.group("sym") else None,
                date=date,
                issuer=_canon_issuer_text(iss.group("i")) if iss else None,
                heading=heading,
            ))
    return refs


# ---------------------------------------------------------------------------
# Signature
# ---------------------------------------------------------------------------


def _position_case(caps: str) -> str:
    s = _WS.sub(" ", caps).strip()
    deputy = s.startswith("PHÓ ")
    core = s[4:] if deputy else s
    standing = core.endswith(" THƯỜNG TRỰC")
    if standing:
        core = core[: -len(" THƯỜNG TRỰC")]
    text = _POSITION_CASE.get(core) or _cap(core.split(" ")[0]) + "".join(" " + w.lower() for w in core.split(" ")[1:])
    if deputy:
        text = "Phó " + text
    return text + (" Thường trực" if standing else "")


_TOKEN = regex.compile(r"\S+")
_NON_LETTER = regex.compile(r"[^\p{L}]")


def _caps_spans(s: str) -> list[tuple[int, int]]:
    """Offsets of maximal runs of capitalised words (a "-" or "&" inside a run is kept)."""
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    pending: int | None = None
    for m in _TOKEN.finditer(s):
        tok = m.group(0)
        letters = _NON_LETTER.sub("", tok)
        if letters and letters.upper() == letters:
            if cur is None:
                cur = [m.start(), m.end()]
            else:
                cur[1] = m.end()
            pending = None
        elif tok in ("-", "&") and cur is not None and pending is None:
            pending = m.end()
        else:
            if cur is not None:
                spans.append((cur[0], cur[1]))
            cur, pending = None, None
    if cur is not None:
        spans.append((cur[0], cur[1]))
    return spans


def _position_start(piece: str) -> str | None:
    """A position title at the start of ``piece``, followed by nothing or by a "- item" of Nơi nhận."""
    m = _POSITION.match(piece)
    if m and regex.match(r"\s*(?:$|-)", piece[m.end():]):
        return m.group(0)
    return None


_ITEM_END = regex.compile(r"(?<![\p{L}])(?!(?:TM|KT|TL|TUQ|Q)\.)\p{Lu}{2,}\.\s+")


def _sig_items(norm: str) -> list[tuple[str, str, int]]:
    """Signature pieces of one line, in order: ("prefix", "TM", end), ("collective", "ỦY BAN NHÂN DÂN", end),
    ("pos", "PHÓ CHỦ TỊCH", end), ("acting", "CHỦ TỊCH", end) for "Q. CHỦ TỊCH"."""
    items: list[tuple[str, str, int]] = []
    for a, b in _caps_spans(norm):
        run = norm[a:b]
        # Pieces start at a signing prefix or after "; " / ", " (interleaved "Nơi nhận" items).
        # ... and after an abbreviation ending a Nơi nhận item ("Lưu: VT. PHÓ CHỦ TỊCH").
        bounds = (
            [m.start() for m in _PREFIX.finditer(run)]
            + [m.end() for m in regex.finditer(r"[;,]\s+", run)]
            + [m.end() for m in _ITEM_END.finditer(run)]
        )
        cuts = sorted({0, *bounds, len(run)})
        for x, y in zip(cuts, cuts[1:], strict=False):
            piece = run[x:y].strip(" ,;")
            end = a + y
            pm = _PREFIX.match(piece)
            if not pm:
                pos = _position_start(piece)
                if pos:
                    items.append(("pos", pos, a + x + len(run[x:y]) - len(run[x:y].lstrip(" ,;")) + len(pos)))
                continue
            p = _prefix_code(pm)
            items.append(("prefix", p, end))
            rest = piece[pm.end():].strip(" ,;")
            head = _POSITION.match(rest)
            if p == "TM" or not head:
                # "TM. ỦY BAN NHÂN DÂN [CHỦ TỊCH]": a collective, maybe with the position on the same line.
                tm = regex.search(rf"(?<![\p{{L}}])(?:{_POSITION.pattern})$", rest)
                if tm and tm.start() > 0:
                    items.append(("collective", rest[: tm.start()].strip(), end))
                    items.append(("pos", tm.group(0), end))
                elif rest:
                    items.append(("collective" if p == "TM" else "head", rest, end))
                continue
            tail = rest[head.end():].strip(" ,;")
            if p == "Q":
                items.append(("acting", head.group(0), end))
            pos = _position_start(tail)
            if pos:
                items.append(("pos", pos, end))  # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" on one line
    return items


def _name_in(text: str) -> str | None:
    """A signer's name: the whole text, or the tail after "Lưu: VT, …." on an interleaved line."""
    text = regex.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    text = _WS.sub(" ", text).strip(" .;,")
    cands = [text]
    parts = regex.split(r"[.;:]\s+", text)
    if len(parts) > 1:
        cands.append(parts[-1].strip(" .;,"))
    for c in cands:
        if not c or c.startswith(("-", "+", "*")):
            continue
        if any(w.lower() in _NOT_NAME for w in c.split(" ")):
            continue
        if _NAME.fullmatch(c):
            return c
        if (_NAME_CAPS.fullmatch(c) and not _POSITION.search(c) and not _MARKS.search(c)
                and not any(w in _NOT_CAPS_NAME for w in c.split(" "))
                and not regex.search(r"ỦY\s+BAN|CHÍNH\s+PHỦ|NHÂN\s+DÂN|CỘNG\s+H|VIỆT\s+NAM|PHỤ\s+LỤC", c)
                and not _KIND_RE.match(c)):
            return " ".join(_cap(w) for w in c.split(" "))
    return None


def _signature(lines: list[_Line], start: int) -> tuple[str | None, str | None, str | None]:
    """(signer, position, collective after "TM.") from the first complete signature block after ``start``."""
    block_start: int | None = None
    position = acting = collective = None
    j = start
    while j < len(lines):
        ln = lines[j]
        if ln.sep:
            j += 1
            continue
        items = _sig_items(ln.norm)
        if block_start is None:
            if not any(k in ("prefix", "pos") for k, _, _ in items):
                j += 1
                continue
            block_start, position, acting, collective = j, None, None, None
        last_end = 0
        for kind, text, end in items:
            if kind == "pos":
                position, last_end = text, end
            elif kind == "acting":
                acting, last_end = text, end
            elif kind in ("prefix", "head"):
                last_end = end
            elif kind == "collective":
                collective, last_end = text, end
        name = _name_in(ln.norm[last_end:]) if last_end else _name_in(ln.norm)
        if name:
            if position:
                return name, _position_case(position), collective
            if acting:
                return name, "Quyền " + _position_case(acting), collective
            return name, None, collective  # "KT. CHỦ TỊCH" straight above the name: position unknown
        if j - block_start > 25:
            # No name under this block: look for another one after its start.
            j, block_start = block_start + 1, None
            continue
        j += 1
    return None, None, None


# ---------------------------------------------------------------------------
# Main entry
# ---------------------------------------------------------------------------


def extract_metadata(paragraphs: list[Paragraph]) -> DocumentInfo:
    """Read kind, number, issuer, place, date, title and signer from a document's body text."""
    lines = _lines(paragraphs)
    info = DocumentInfo()
    if not lines:
        return info

    # 1. The type line: the first type name in capitals at a line start, or right after the
    #    date of a one-line header. Where a "Số:" line exists the type line comes after it.
    num_idx = next(
        (k for k, ln in enumerate(lines[:12]) if _number_at(ln.norm) and not _GAZETTE.match(ln.norm)), None
    )
    kind_idx: int | None = None
    kind_m: regex.Match | None = None
    for k, ln in enumerate(lines[:60]):
        if num_idx is not None and k < num_idx:
            continue
        if ln.sep:
            continue
        m = _kind_at(ln.norm)
        if m is None:
            _, dm = _date_in(ln.norm)
            if dm:
                m = _kind_at(ln.norm, dm.end() + len(regex.match(r"\s*", ln.norm[dm.end():]).group(0)))
        if m is not None:
            kind_idx, kind_m = k, m
            break
    header_end = kind_idx if kind_idx is not None else min(len(lines), 20)

    # 2. Header text: lines before the type line (plus the part of the type line before it).
    header: list[str] = []
    for k in range(header_end + (1 if kind_m is not None else 0)):
        ln = lines[k]
        if ln.sep or _GAZETTE.match(ln.norm):
            continue
        header.append(ln.norm[: kind_m.start()] if k == kind_idx and kind_m is not None else ln.norm)

    # Number and date line.
    for h in header:
        m = _NUMBER.search(h)
        if m:
            info.number = _norm_number(m.group("sym"))
            break
    for h in header:
        date, dm = _date_in(h)
        if dm is None:
            continue
        before = h[: dm.start()].rstrip(" ,")
        # The place is the capitalised words just before ", ngày" (after the number, if on one line).
        words = before.split(" ")
        place: list[str] = []
        for w in reversed(words):
            if regex.match(r"\p{Lu}", w) and not regex.search(r"\d|/|:", w) and len(place) < 5:
                place.insert(0, w)
            elif w == "-" and place:
                place.insert(0, w)
            else:
                break
        while place and place[0] == "-":
            place.pop(0)
        if place:
            info.place = _place_name(" ".join(place))
            info.date = date
            break

    # Issuer: capitals before "Số:" (or before the date line) minus quốc hiệu and tiêu ngữ.
    segments: list[str] = []
    for h in header:
        stop = _number_at(h)
        _, dm = _date_in(h)
        cut = min([x for x in (stop.start() if stop else None, dm.start() if dm else None) if x is not None],
                  default=len(h))
        part = h[:cut]
        part = _QUOC_HIEU.sub("\x01", part)
        part = _TIEU_NGU.sub("\x01", part)
        part = _PARTY_MOTTO.sub("\x01", part)
        part = _MARKS.sub("\x01", part)
        for piece in part.split("\x01"):
            segments += _caps_runs(piece.strip())
        if stop or dm:
            break
    issuer, complete = _issuer_from_caps(segments)

    # 3. Kind: the type line, else the number's code, else an attachment reference.
    if kind_m is not None:
        info.kind = _cap(_WS.sub(" ", kind_m.group("k")))
    code_kind = _code_kind(info.number)
    if info.kind is None:
        info.kind = code_kind

    # 4. Title: the rest of the type line and the lines after it, until the body starts.
    if kind_idx is not None and kind_m is not None:
        title_start = lines[kind_idx].text
        # Map the match back to the printed text (dash translation keeps offsets).
        parts = [title_start[kind_m.start("rest"):].strip()] if kind_m.group("rest") else []
        sentence = bool(parts and regex.search(r"\p{Ll}", parts[0]))
        for ln in lines[kind_idx + 1: kind_idx + 8]:
            t = ln.text
            if ln.sep or _BODY_START.match(t):
                break
            is_caps = not regex.search(r"\p{Ll}", t)
            if parts and issuer and _fold(t) == _fold(issuer):
                break  # the enacting body named again before the preamble ("ỦY BAN THƯỜNG VỤ QUỐC HỘI")
            if parts and sentence and is_caps:
                break  # "CHÍNH PHỦ" / "ỦY BAN NHÂN DÂN TỈNH …" before the preamble
            if parts and not sentence and not is_caps:
                break
            if parts and t.rstrip().endswith((".", ":", ";")):
                break  # a sentence of the preamble; a trích yếu has no final punctuation
            if not parts:
                sentence = bool(regex.search(r"\p{Ll}", t))
            parts.append(t)
            if len(t) > 250:
                break
        title = _WS.sub(" ", " ".join(parts)).strip()
        info.title = title or None

    # Công văn: no type line, a number without a type code, the subject under it as "V/v …".
    if info.kind is None and info.number and kind_idx is None:
        for ln in lines[: header_end]:
            m = regex.search(r"(?<![\p{L}])V/v\s+\S.*$", ln.text, regex.I)
            if m:
                info.kind, info.title = "Công văn", m.group(0).strip()
                break

    # 5. Signature block (after the title, so header capitals are never taken for it).
    sig_from = (kind_idx + 1) if kind_idx is not None else 0
    info.signer, info.signer_position, collective = _signature(lines, sig_from)

    # 6. Fill gaps from "(Kèm theo … số … ngày … của …)" and body phrases.
    #    Appendix headings are preferred to mentions in the body, and among them one that names
    #    this document's own type ("kèm theo Kế hoạch số …" in a Kế hoạch).
    refs = _attached_refs(lines)
    headed = [r for r in refs if r.heading] or refs
    own = [r for r in headed if info.kind and r.kind == info.kind]
    ref = own[0] if own else (headed[0] if headed and info.number is None else None)
    if ref is not None:
        if info.kind is None:
            info.kind = ref.kind
        if info.number is None and ref.number and ref.kind == info.kind:
            info.number = ref.number
        if info.date is None and info.place is None:  # no date line at all (not a blank draft date)
            info.date = ref.date

    if issuer is None or not complete:
        fallback = _issuer_fallback(lines, refs, collective, info.place, info.number)
        # An incomplete header ("ỦY BAN NHÂN DÂN" alone) is only ever completed, never replaced.
        if fallback and (issuer is None or fallback.startswith(issuer)):
            issuer = fallback
    info.issuer = issuer

    if info.place is None and info.issuer:
        m = regex.search(r"(?:tỉnh|thành phố)\s+(.+)$", info.issuer)
        if m and _fold(m.group(1)) in _provinces():
            info.place = m.group(1)
    return info


def _issuer_fallback(
    lines: list[_Line], refs: list[_Ref], collective: str | None, place: str | None, number: str | None
) -> str | None:
    """Issuer when the header lacks it: appendix heading, "TM. …" line, "UBND tỉnh X ban hành", place."""
    for r in refs:
        if r.heading and r.issuer and not r.issuer.startswith(("Bộ trưởng", "Chủ tịch", "Thủ tướng ")):
            return r.issuer
    if collective:
        name, complete = _issuer_from_caps([collective])
        if name and complete:
            return name
    for ln in lines:
        m = regex.search(
            r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(tỉnh|thành phố)\s+(\p{Lu}\p{Ll}*(?:\s*-\s*|\s+)?"
            r"(?:\p{Lu}\p{Ll}*(?:\s*-\s*|\s+)?){0,3}?)\s*ban\s+hành",
            ln.norm,
        )
        if m:
            return _canon_issuer_text(f"Ủy ban nhân dân {m.group(1)} {m.group(2)}")
    for r in refs:
        if r.issuer:
            return r.issuer
    if place and (number is None or "UBND" in number.upper()):
        hit = _provinces().get(_fold(place))
        if hit:
            return f"Ủy ban nhân dân {'thành phố' if hit[1] == 'thanh_pho' else 'tỉnh'} {hit[0]}"
    return None
