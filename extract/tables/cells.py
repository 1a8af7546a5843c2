"""What a cell looks like: the small classifiers every reconstruction step shares.

Reconstruction must not depend on normalisation, so these are deliberately light:
they tell a date from an agency list from prose, not what the date is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from phuluc.extract.text_keys import key, plain, transliterate

__all__ = ["YEAR", "is_blank", "is_ditto", "key", "looks_like_agency", "looks_like_date", "looks_like_money",
           "partial_ditto", "plain", "transliterate"]

_DATE_WORDS = re.compile(
    r"\b(nam|thang|quy|qui|ngay|tuan|giai doan|gd|hang|hang nam|thuong xuyen|lien tuc|dinh ky|"
    r"truoc|den|tu|dau|cuoi|giua|q[1-4iv]+|t\d{1,2})\b"
)
YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_MONTHYEAR = re.compile(r"(?<![\d.,])\d{1,2}\s*[/.-]\s*\d{2,4}(?![\d.,])")
# a month, quarter or recurrence without a year: "tháng 7", "Quý II", "Tháng 12 hằng năm"
_PERIOD_WORDS = re.compile(r"\b(thang \d{1,2}|quy [ivx\d]+|hang (nam|thang|quy|tuan)|6 thang (dau|cuoi))\b")
_MONEY = re.compile(r"^[\d.,\s]+$")
_WORDS = re.compile(r"[a-z]+")


@lru_cache(maxsize=65536)
def looks_like_date(s: str) -> bool:
    """A time cell: 'Năm 2016', '7/2015', 'Quý II/2016', 'Thường xuyên', 'Hàng năm'."""
    k = key(s)
    if not k or len(k) > 80:
        return False
    if k in ("thuong xuyen", "lien tuc", "hang nam", "hang thang", "hang quy", "dinh ky"):
        return True
    if k.startswith(("thuong xuyen", "hang nam", "hang thang", "dinh ky", "theo ke hoach", "theo tien do")):
        return True
    # each pattern needs a literal of its own ("19"/"20", a "/.-" separator, "quy"/"hang"):
    # most prose has none, and the regexes (lookbehinds first) are tried at every character
    has_year = (("19" in k or "20" in k) and YEAR.search(k) is not None
                or ("/" in k or "." in k or "-" in k) and _MONTHYEAR.search(k) is not None
                or ("quy" in k or "hang" in k) and _PERIOD_WORDS.search(k) is not None)
    if not has_year:
        return False
    # mostly date words and numbers: few other words
    words = _WORDS.findall(k)
    other = [w for w in words if not _DATE_WORDS.fullmatch(w) and w not in ("va", "cac", "tiep", "theo", "nhung",
                                                                            "hoan", "thanh", "trong", "ket", "thuc",
                                                                            "bat", "ky", "hoc", "ve", "sau", "het")]
    return len(other) <= 2


# The first words of an agency name, diacritics kept: "Sở" is a department, "Sơ kết" is
# not; "Ban", "Hội", "Phòng" name bodies but "Ban hành", "Hội nghị", "Phòng, chống" are work.
_AGENCY_HEAD = re.compile(
    r"^(các\s+)?(sở|bộ|ubnd|ub|ủy ban|uỷ ban|ban(?! hành)|hội(?! (nghị|thảo|thi|diễn|chợ|giảng))|đoàn(?! kết)|"
    r"tỉnh đoàn|tỉnh ủy|tỉnh uỷ|huyện ủy|huyện uỷ|thành ủy|thành uỷ|thị ủy|thị uỷ|đảng ủy|đảng uỷ|công an|bch|"
    r"bộ chỉ huy|đài|báo(?! cáo)|trung tâm|viện|trường|chi cục|cục|tổng cục|văn phòng|thanh tra|kho bạc|"
    r"ngân hàng|liên hiệp|liên đoàn|mặt trận|mttq|ubmttq|hđnd|hội đồng|công ty|doanh nghiệp|cơ quan|đơn vị|"
    r"địa phương|chính phủ|thủ tướng|quốc hội|tòa án|toà án|viện kiểm sát|thông tấn xã|nhnn|bhxh|"
    r"bảo hiểm xã hội|bql|ban quản lý|lãnh đạo|chủ tịch|giám đốc|thủ trưởng|phòng(?!,| chống| ngừa)|ngành|"
    r"hợp tác xã|htx|chi nhánh)(?![\w])"
)


@lru_cache(maxsize=65536)
def looks_like_agency(s: str) -> bool:
    """An agency or a list of agencies: 'Sở KH&CN', 'UBND các huyện, thị xã'."""
    t = plain(s)
    if not t or looks_like_date(s):
        return False
    # names are capitalised ("Sở", "UBND", "Trường"); a lower-case start is a sentence
    # fragment ("trương, định hướng …") unless it is a collective ("các sở, ngành")
    if not (t[0].isupper() or t[0].isdigit() or t.lower().startswith("các ")):
        return False
    return bool(_AGENCY_HEAD.match(t.lower()))


def looks_like_money(s: str) -> bool:
    k = plain(s)
    return bool(k) and bool(_MONEY.match(k)) and any(ch.isdigit() for ch in k)


# Ditto marks, whole-cell only (ditto.md rule 6: "NTM" is not a ditto).
_DITTO = re.compile(
    r"^[\s\-–—.(]*(?:n\.?\s*t\.?|nhu\s*tren)[\s\-–—.)]*$|^[\s\"“”〃'’]{1,4}$|^\s*-?\s*//\s*-?\s*$",
    re.IGNORECASE,
)
_PARTIAL_DITTO = re.compile(r"^\s*(?:-?\s*n\.?t\.?\s*-?|nhu\s*tren)\s*(?:,|;|\bva\b)\s*(?P<rest>.+)$", re.IGNORECASE)


def is_ditto(s: str | None) -> bool:
    if not s or not s.strip():
        return False
    return _is_ditto(s)


# asked of every cell of every row (ditto resolution, column profile): once per distinct cell
@lru_cache(maxsize=65536)
def _is_ditto(s: str) -> bool:
    t = plain(s)
    if t in ('"', "“", "”", "“”", "〃", "''"):
        return True
    return bool(_DITTO.match(key(t))) if len(t) <= 16 else False


def partial_ditto(s: str | None) -> str | None:
    """'Nt, Sở Tài chính' → 'Sở Tài chính' (the bodies added to the cell above)."""
    if not s:
        return None
    t = plain(s)
    k = key(t)
    m = _PARTIAL_DITTO.match(k)
    if not m:
        return None
    # cut the original text at the same character offset (unidecode keeps Vietnamese 1:1)
    offset = len(k) - len(m.group("rest"))
    return t[offset:].strip() if len(t) == len(k) else m.group("rest")


def is_blank(s: str | None) -> bool:
    if not s:
        return True
    # without markup, only whitespace makes a cell blank (NFC never empties a string);
    # has_markup inlined: asked of every cell of every row, several times
    return s.isspace() if not ("<" in s or "*" in s or "__" in s) else not plain(s)
