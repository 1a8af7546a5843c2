"""The words of the document format, from normalize/data/document_format.yaml, and the patterns built on them."""

from __future__ import annotations

from pathlib import Path

import regex

from phuluc.normalize import yaml_data

_V = yaml_data.load_file(Path(__file__).parent.parent / "data" / "document_format.yaml")

KINDS: tuple[str, ...] = tuple(_V["kinds"])
CODES: dict[str, str] = {str(k): str(v) for k, v in _V["codes"].items()}
TITLES: tuple[str, ...] = tuple(_V["titles"])
POSITION_CASE: dict[str, str] = dict(_V["position_case"])
NOT_NAME: frozenset[str] = frozenset(_V["not_name"])
NOT_CAPS_NAME: frozenset[str] = frozenset(_V["not_caps_name"])
UNIT_LOWER: dict[str, str] = dict(_V["units"])
PHRASES: dict[str, str] = dict(_V["phrases"])
HEADS: tuple[str, ...] = tuple(_V["heads"])


def _alts(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# A document symbol: "26/CTr-UBND", "14/2007/QĐ-UBND", "57/ 2015/QĐ-UBND", "473/TTr - NN&PTNT",
# "30c/NQ-CP", hyphen lost "1961/QĐUBND"; Party style "983-QĐ/TU".
# The National Assembly's bodies end their code with the legislature: "96/2025/UBTVQH15", "64/2025/QH15".
SYM_STD = (
    r"\d+[a-z]?\s*/\s*(?:(?:19|20)\d\d\s*/\s*)?\p{Lu}[\p{L}]*\d*"
    r"(?:\s*-\s*\p{Lu}[\p{L}&.]*\d*(?:-\p{Lu}[\p{L}&.]*\d*)*)?"
)
SYM_PARTY = r"\d+[a-z]?\s*-\s*\p{Lu}[\p{L}]*\s*/\s*\p{Lu}[\p{L}&.]*"
# "Số:" — or "Nghị quyết số:", "Luật số:" (the type name first, "số" with its colon).
NUMBER = regex.compile(rf"\b(?:Số\s*:?|số\s*:)\s*(?P<sym>{SYM_PARTY}|{SYM_STD})")
NUMBER_LABEL = regex.compile(r"\b[Ss]ố\s*:")  # also a blank draft number "Số:   /KH-UBND"

# "X, ngày 08 tháng 4 năm 2016"; blank draft days/months allowed; "ngày 08/4/2016" too.
DATE_WORDS = regex.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>(?:19|20)\d\d)", regex.I
)
DATE_NUM = regex.compile(r"ngày\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)", regex.I)

QUOC_HIEU = regex.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", regex.I)
TIEU_NGU = regex.compile(r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", regex.I)
PARTY_MOTTO = regex.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
MARKS = regex.compile(rf"\b(?:{_alts(_V['marks'])})\b")
GAZETTE = regex.compile(r"^CÔNG\s+BÁO\b", regex.I)

# Signature block: "TM." etc.; Party documents write "T/M", "K/T", "T/L" without a dot.
PREFIX = regex.compile(r"(?<![\p{L}])(?:(?P<p>TM|KT|TL|TUQ|Q)\s*\.|(?P<s>[TK])\s*/\s*(?P<s2>[MTL])(?![\p{L}]))\s*")
POSITION = regex.compile(r"(?:PHÓ\s+)?(?:" + "|".join(t.replace(" ", r"\s+") for t in TITLES) + r")(?:\s+THƯỜNG\s+TRỰC)?")
NAME = regex.compile(r"\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4}")
NAME_CAPS = regex.compile(r"\p{Lu}+(?:\s+\p{Lu}+){1,3}")

# Body openers that end the trích yếu.
BODY_START = regex.compile(
    r"^(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s|Căn\s+cứ\b|Thực\s+hiện\b|Tiếp\s+tục\b|Để\s|Nhằm\b"
    r"|Trên\s+cơ\s+sở\b|Theo\s+đề\s+nghị\b|Xét\b|Kính\s+gửi\b|Điều\s+\d|Phần\s|PHẦN\s|Chương\s+[IVX\d]"
    r"|CHƯƠNG\s+[IVX\d]|Nơi\s+nhận|PHỤ\s+LỤC|Phụ\s+lục\b|\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\b)"
)

# Issuer pieces.
LOCAL_UNIT = regex.compile(
    rf"(?<![\p{{L}}])(?<!VÀ\s)(?P<unit>{_alts([u for u in UNIT_LOWER if u != 'TP.'])}|TP\s*\.)"
    r"\s+(?!ỦY\b|UỶ\b|HỘI\b)(?P<name>\S.*)$"
)
KIND_RE = regex.compile(
    r"(?<![\p{L}])(?P<k>" + "|".join(k.replace(" ", r"\s+") for k in KINDS) + r")(?![\p{L}])"
    r"\s*:?\s*(?P<rest>.*)$"
)
