"""What a cell looks like: the small classifiers every reconstruction step shares.

Reconstruction must not depend on normalisation, so these are deliberately light:
they tell a date from an agency list from prose, not what the date is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

_MARKUP = re.compile(r"</?(?:b|i|u|strong|em)\s*>|\*\*|__", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def plain(s: str | None) -> str:
    """Cell text without markup, NFC, whitespace collapsed (for classifying, not output)."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", _MARKUP.sub("", s))
    return _SPACE.sub(" ", s).strip()


@lru_cache(maxsize=65536)
def key(s: str) -> str:
    """ASCII, lower-case key: 'Đơn vị chủ trì' → 'don vi chu tri'."""
    return _SPACE.sub(" ", unidecode(plain(s)).lower()).strip()


_DATE_WORDS = re.compile(
    r"\b(nam|thang|quy|qui|ngay|tuan|giai doan|gd|hang|hang nam|thuong xuyen|lien tuc|dinh ky|"
    r"truoc|den|tu|dau|cuoi|giua|q[1-4iv]+|t\d{1,2})\b"
)
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_MONTHYEAR = re.compile(r"(?<![\d.,])\d{1,2}\s*[/.-]\s*\d{2,4}(?![\d.,])")
# a month, quarter or recurrence without a year: "tháng 7", "Quý II", "Tháng 12 hằng năm"
_PERIOD_WORDS = re.compile(r"\b(thang \d{1,2}|quy [ivx\d]+|hang (nam|thang|quy|tuan)|6 thang (dau|cuoi))\b")
_MONEY = re.compile(r"^[\d.,\s]+$")


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
    has_year = bool(_YEAR.search(k)) or bool(_MONTHYEAR.search(k)) or bool(_PERIOD_WORDS.search(k))
    if not has_year:
        return False
    # mostly date words and numbers: few other words
    words = re.findall(r"[a-z]+", k)
    other = [w for w in words if not _DATE_WORDS.fullmatch(w) and w not in ("va", "cac", "tiep", "theo", "nhung",
                                                                            "hoan", "thanh", "trong", "ket", "thuc",
                                                                            "bat", "ky", "hoc", "ve", "sau", "het")]
    return len(other) <= 2


_AGENCY_HEAD = re.compile(
    r"^(cac\s+)?(so|bo|ubnd|uy ban|ban|hoi|doan|tinh doan|tinh uy|huyen uy|thanh uy|dang uy|cong an|bch|"
    r"bo chi huy|dai|bao(?! cao)|trung tam|vien|truong|chi cuc|cuc|tong cuc|van phong|thanh tra|kho bac|ngan hang|"
    r"lien hiep|lien doan|mat tran|mttq|hdnd|hoi dong|cong ty|doanh nghiep|co quan|don vi|dia phuong|"
    r"chinh phu|thu tuong|quoc hoi|toa an|vien kiem sat|thong tan xa|nhnn|bhxh|bao hiem|ql|bql|"
    r"lanh dao|chu tich|giam doc|thu truong|phong|ubmttq|nganh)\b"
)


@lru_cache(maxsize=65536)
def looks_like_agency(s: str) -> bool:
    """An agency or a list of agencies: 'Sở KH&CN', 'UBND các huyện, thị xã'."""
    k = key(s)
    if not k or looks_like_date(s):
        return False
    # names are capitalised ("Sở", "UBND", "Trường"); a lower-case start is a sentence
    # fragment ("trương, định hướng …") unless it is a collective ("các sở, ngành")
    first = plain(s)[0]
    if not (first.isupper() or first.isdigit() or k.startswith("cac ")):
        return False
    return bool(_AGENCY_HEAD.match(k))


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
    return not s or not plain(s)
