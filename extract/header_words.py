"""The words of a task-table header, in one place: which column is which, and what makes a
table a task table.

Two readers of headers use this module, so they cannot disagree: the header mapper of
reconstruction (``tables.headers``: one header cell → one contract field) and the PDF
river finder (``readers.pdf_rivers``: which lines of an unruled page are a table header).

A **task table** has a task column (``content``: "Nội dung", "Nhiệm vụ", "Tên đề án" …) and
at least one column that assigns or schedules the task (``ASSIGNING``: lead, partners,
time, deliverable or objective). Lists of places, projects or people, forms, fee,
statistics and curriculum tables name a task-like column at most, and are not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Order matters: the first pattern that matches a header text wins, so specific
# phrases ("Kết quả nhiệm vụ", "Thời gian triển khai") come before general ones.
# Patterns apply to the accent-free lower-case key of the cell (``header_key``).
FIELD_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (f, re.compile(p))
    for f, p in [
        ("tt", r"^(s\.?\s?tt|tt|so tt|so thu tu|thu tu)\.?$"),
        ("note", r"ghi chu"),
        ("extra", r"don vi tinh|^dvt$"),  # the unit of a quantity, not a responsible unit
        ("partners_text", r"phoi hop|^(co quan|don vi) tham gia"),  # "Cơ quan tham gia thẩm tra"
        ("lead_text", r"chu tri"),
        ("deliverable", r"ket qua|san pham|\bhinh thuc"),  # not "chính thức"
        # a legal text to draft or amend, assigned to an agency ("Tên văn bản")
        ("content", r"^(ten |danh muc )?van ban$"),
        ("objective", r"muc tieu|muc dich|yeu cau"),
        ("content", r"noi dung"),
        ("start", r"bat dau|trien khai|khoi cong"),
        ("end", r"hoan thanh|ket thuc"),
        # at the start of the name: "Tạm ngừng kinh doanh có thời hạn" counts businesses
        ("time", r"^(du kien )?(thoi gian|tien do|thoi han|thoi diem|lo trinh)|^(nam|quy) thuc hien$"),
        ("lead_text", r"^(don vi|co quan|trach nhiem|bo phan)"),  # "Đơn vị thực hiện nhiệm vụ"
        ("content", r"nhiem vu|cong viec|^(cac |ten |nhom )?(hoat dong|giai phap|de an|du an|chuong trinh)"
                    r"|^danh muc"),
        # a responsible body heads the name ("Cơ quan, đơn vị được giao"), not "Chia theo cơ quan
        # quản lý"; "thực hiện" names who does it only as "Tổ chức thực hiện", not "Kết quả thực
        # hiện", "Thực hiện được" or the actual figures beside a plan ("Kế hoạch | Thực hiện")
        ("lead_text", r"^(cac |ten )?(don vi|co quan|bo phan)|trach nhiem|^(to chuc|nguoi|phan cong) thuc hien$"
                      r"|^phan cong"),
        ("extra", r"kinh phi|nguon|can cu|du toan|dia diem|so luong|quy mo|tong"),
    ]
]

TASK = "content"
# Columns that assign or schedule a task: a task table has at least one of them.
ASSIGNING = frozenset({"lead_text", "partners_text", "start", "end", "time", "deliverable", "objective"})
# Without a lead, partner or time column, a deliverable column makes a task table only when
# no money column stands beside it (a cost norm table "Nhiệm vụ | Định mức khoán chi | Sản
# phẩm", a report form "Nội dung | Kinh phí được phê duyệt | Kết quả thực hiện" are not
# task tables), and an objective column never does (a list of criteria "Chỉ số | Nội dung
# | Yêu cầu").
WHO_OR_WHEN = frozenset({"lead_text", "partners_text", "start", "end", "time"})
MONEY = re.compile(r"kinh phi|dinh muc|muc chi|muc thu|don gia|so tien|thanh tien|du toan|(trieu|nghin|ngan|ty) dong"
                   r"|\bdong\)|\bvnd\b")

_MARKUP = re.compile(r"</?(?:b|i|u|strong|em)\s*>|\*\*|__", re.IGNORECASE)
NGRAM = 4  # a column name is at most this many words ("Cơ quan chủ trì thực hiện" starts with one)


@lru_cache(maxsize=65536)
def header_key(text: str) -> str:
    """ASCII, lower-case key: 'Đơn vị chủ trì' → 'don vi chu tri'."""
    t = unicodedata.normalize("NFC", _MARKUP.sub("", text or ""))
    return " ".join(unidecode(t).lower().split())


@lru_cache(maxsize=65536)
def field_for(header: str) -> str | None:
    """The contract field a header cell names ("Cơ quan chủ trì" → lead_text), or None."""
    k = header_key(header)
    if not k:
        return None
    for f, pat in FIELD_PATTERNS:
        if pat.search(k):
            return f
    return None


# The words header names are made of, accent-free: a line of nothing else below a header
# line is the rest of wrapped names ("thực hiện | thành | thực hiện" under "Cơ quan chủ trì |
# Thời gian hoàn | Cơ quan phối hợp"), not a row of the body.
NAME_WORDS = frozenset("""
    tt stt so thu tu noi dung nhiem vu cong viec ten hoat dong giai phap de an du chuong trinh
    co quan don vi chu tri phoi hop tham gia thuc hien trach nhiem bo phan to chuc phan cong
    thoi gian han tien do diem lo hoan thanh ket thuc bat dau trien khai du kien nam quy
    san pham qua dau ra hinh van ban muc tieu dich yeu cau ghi kinh phi trieu dong nguon
    du toan dia can cu va cac duoc giao
""".split())


def only_name_words(text: str) -> bool:
    """Whether every word of ``text`` is a word of header names (``NAME_WORDS``)."""
    words = [w.strip(".:,;()") for w in header_key(text).split()]
    words = [w for w in words if w]
    return bool(words) and all(w in NAME_WORDS for w in words)


def fields_in(text: str) -> set[str]:
    """Every field some run of up to ``NGRAM`` consecutive words of ``text`` names as a
    header cell would: the fields a header *line* (several cells in a row) names."""
    words = [w.strip(".:,;") for w in text.split()]
    words = [w for w in words if w]
    found: set[str] = set()
    for i in range(len(words)):
        for n in range(1, NGRAM + 1):
            if i + n > len(words):
                break
            f = field_for(" ".join(words[i:i + n]))
            if f:
                found.add(f)
    return found


def is_task_table(fields: list[str] | set[str], headers: list[str] = ()) -> bool:
    """A task column and at least one column that assigns or schedules the task; beside a
    money column (one of ``headers``, the column names), a lead, partner or time column."""
    fs = set(fields)
    if TASK not in fs or not fs & ASSIGNING:
        return False
    if fs & WHO_OR_WHEN:
        return True
    # an objective or requirement alone makes a list of criteria ("Chỉ số | Nội dung | Yêu cầu")
    return "deliverable" in fs and not any(MONEY.search(header_key(h)) for h in headers)
