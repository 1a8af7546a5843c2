"""Header rows: find them by their vocabulary (``phuluc.extract.header_words``) and map each
column to a contract field."""

from __future__ import annotations

import re

from phuluc.extract.header_words import FIELD_PATTERNS, field_for, is_task_table  # noqa: F401 - one vocabulary
from phuluc.extract.tables.cells import key, plain, transliterate
from phuluc.extract.text_keys import has_markup

# Words that make a row a (second-level) header row rather than data.
_SUBHEADER = re.compile(r"^(chu tri|phoi hop|bat dau|hoan thanh|ket thuc|trien khai|tu|den|don vi|thoi gian)$")


def is_header_row(cells: list[str]) -> bool:
    """A header row names at least three known fields, a task field among them."""
    # the number first: a numbered data row is never a header, and this check is cheap
    first = key(cells[0]) if cells else ""
    if re.fullmatch(r"[\divxlc]+[.)]?(\.\d+)*", first or "-"):
        return False  # a numbered data row that happens to mention "thời gian"
    fields = [field_for(c) for c in cells if c and c.strip()]
    known = {f for f in fields if f and f != "extra"}
    if len(known) < 2:
        return False
    # header cells are short labels, not prose
    long_cells = sum(1 for c in cells if c and len(c) > 80)
    return len(known) >= 3 - (1 if "content" in known or "tt" in known else 0) and long_cells == 0


def is_subheader_row(cells: list[str]) -> bool:
    """The lower row of a two-level header: "Chủ trì | Phối hợp | Bắt đầu | Hoàn thành"."""
    filled = [c for c in cells if c and c.strip()]
    # keys only as far as needed: a data row fails on its first cells
    return bool(filled) and all(len(w) < 40 and (_SUBHEADER.match(w) or field_for(w) in
                                                 ("lead_text", "partners_text", "start", "end"))
                                for w in map(key, filled))


_COLNUM = re.compile(r"^\(?\d{1,2}\)?\.?$|^\(?[ivx]{1,4}\)?$|^\(\d{1,2}\)\s*=.*$")


def is_column_number_row(cells: list[str]) -> bool:
    """'1 2 3 4 …' or '(1) (2) (3) …' under the header — also when OCR damaged a few of
    them ("q) (2) 3) 4 @®) (6)"): most cells short and holding their own column's number."""
    filled = [c for c in cells if c and c.strip()]
    if len(filled) < 3:
        return False
    # the longest cell first: in a data row it is long, and the other cells need no look
    longest = max(filled, key=len)
    if _long_cell(longest) or any(_long_cell(c) for c in filled if c is not longest):
        return False
    vals = [key(c) for c in filled]
    if all(_COLNUM.match(v) for v in vals):
        nums = [int(re.sub(r"\D", "", v) or 0) for v in vals if re.search(r"\d", v)]
        if len(nums) >= 3 and nums == sorted(nums) and len(set(nums)) == len(nums):
            return True
    if any(len(v) > 5 for v in vals):
        return False
    own = sum(1 for j, c in enumerate(cells) if c and re.sub(r"\D", "", c) == str(j + 1))
    return own >= max(3, (2 * len(vals) + 2) // 3)


_HEAD = 8  # characters of a cell's plain text that tell a column number from a long cell


def _long_cell(c: str) -> bool:
    """The cell's key is longer than any column number ("(12).", "(iv)") and is no formula
    ("(5) = (3) x (4)"), known from its first characters alone: the key of a head is a
    head of the key, so a data row's long cells are never keyed whole here."""
    head = " ".join(transliterate(_plain_head(c)).lower().split())
    return len(head) > 6 and not head.startswith("(")


def _plain_head(c: str) -> str:
    """``plain(c)[:_HEAD]``, from the cell's first words when they are enough (every data row
    is asked: a long cell is not made plain whole). Without markup, plain text is the NFC
    words joined by one space; a space is a boundary NFC never composes across, so the
    plain text of the words before a space is a head of the cell's plain text."""
    cut = c.find(" ", 2 * _HEAD)
    if cut > 0 and not has_markup(c):
        head = plain(c[:cut])
        if len(head) >= _HEAD:
            return head[:_HEAD]
    return plain(c)[:_HEAD]


def map_columns(header_rows: list[list[str]]) -> list[tuple[str, str]]:
    """(field, header text) per column, from one or more header rows.

    The lowest header row is the most specific ("Chủ trì" under "Đơn vị thực hiện");
    an upper cell spanning several columns gives its text to the columns below it.
    """
    ncols = max(len(r) for r in header_rows)
    texts: list[list[str]] = [[] for _ in range(ncols)]
    for row in header_rows:
        last = ""
        for i in range(ncols):
            c = row[i].strip() if i < len(row) and row[i] else ""
            if c:
                last = c
                texts[i].append(c)
            elif last and row is not header_rows[-1] and i < ncols and _has_lower(header_rows, row, i):
                texts[i].append(last)  # covered by a horizontal span
    out: list[tuple[str, str]] = []
    for i in range(ncols):
        parts = [p for j, p in enumerate(texts[i]) if j == 0 or p != texts[i][j - 1]]  # vertical merge copies
        header = " ".join(plain(p) for p in parts)
        f = None
        for p in reversed(parts):  # most specific first
            f = field_for(p)
            if f:
                break
        if f is None and not parts:
            f = "extra"
        out.append((f or "extra", header))
    _chu_tri_outranks(out)
    # a field claimed twice: the later column is extra (e.g. two "Nội dung" columns)
    seen: set[str] = set()
    for i, (f, h) in enumerate(out):
        if f in seen and f != "extra":
            if f == "start" and "end" not in seen:
                out[i] = ("end", h)
                seen.add("end")
                continue
            out[i] = ("extra", h)
        seen.add(f)
    return out


_CHU_TRI = re.compile(r"chu tri")


def _chu_tri_outranks(out: list[tuple[str, str]]) -> None:
    """A column named "chủ trì" is the contract's lead, wherever it stands: a generic agency
    column before it ("Cơ quan trình", the body submitting a bill, before "Cơ quan chủ trì
    thẩm tra") keeps its header in extra."""
    leads = [i for i, (f, _) in enumerate(out) if f == "lead_text"]
    named = [i for i in leads if _CHU_TRI.search(key(out[i][1]))]
    if named:
        for i in leads:
            if i not in named:
                out[i] = ("extra", out[i][1])


def _has_lower(rows: list[list[str]], row: list[str], i: int) -> bool:
    below = rows[rows.index(row) + 1:]
    return any(i < len(r) and r[i] and r[i].strip() for r in below)


def header_signature(columns: list[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(f for f, _ in columns)
