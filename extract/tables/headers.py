"""Header rows: find them by their vocabulary (``phuluc.extract.header_words``) and map each
column to a contract field."""

from __future__ import annotations

import re

from phuluc.extract.header_words import FIELD_PATTERNS, field_for, is_task_table  # noqa: F401 - one vocabulary
from phuluc.extract.tables.cells import key, plain

# Words that make a row a (second-level) header row rather than data.
_SUBHEADER = re.compile(r"^(chu tri|phoi hop|bat dau|hoan thanh|ket thuc|trien khai|tu|den|don vi|thoi gian)$")


def is_header_row(cells: list[str]) -> bool:
    """A header row names at least three known fields, a task field among them."""
    fields = [field_for(c) for c in cells if c and c.strip()]
    known = {f for f in fields if f and f != "extra"}
    if len(known) < 2:
        return False
    first = key(cells[0]) if cells else ""
    if re.fullmatch(r"[\divxlc]+[.)]?(\.\d+)*", first or "-"):
        return False  # a numbered data row that happens to mention "thời gian"
    # header cells are short labels, not prose
    long_cells = sum(1 for c in cells if c and len(c) > 80)
    return len(known) >= 3 - (1 if "content" in known or "tt" in known else 0) and long_cells == 0


def is_subheader_row(cells: list[str]) -> bool:
    """The lower row of a two-level header: "Chủ trì | Phối hợp | Bắt đầu | Hoàn thành"."""
    words = [key(c) for c in cells if c and c.strip()]
    return bool(words) and all(_SUBHEADER.match(w) or field_for(w) in ("lead_text", "partners_text", "start", "end")
                               for w in words) and all(len(w) < 40 for w in words)


_COLNUM = re.compile(r"^\(?\d{1,2}\)?\.?$|^\(?[ivx]{1,4}\)?$|^\(\d{1,2}\)\s*=.*$")


def is_column_number_row(cells: list[str]) -> bool:
    """'1 2 3 4 …' or '(1) (2) (3) …' under the header — also when OCR damaged a few of
    them ("q) (2) 3) 4 @®) (6)"): most cells short and holding their own column's number."""
    vals = [key(c) for c in cells if c and c.strip()]
    if len(vals) < 3:
        return False
    if all(_COLNUM.match(v) for v in vals):
        nums = [int(re.sub(r"\D", "", v) or 0) for v in vals if re.search(r"\d", v)]
        if len(nums) >= 3 and nums == sorted(nums) and len(set(nums)) == len(nums):
            return True
    if any(len(v) > 5 for v in vals):
        return False
    own = sum(1 for j, c in enumerate(cells) if c and re.sub(r"\D", "", c) == str(j + 1))
    return own >= max(3, (2 * len(vals) + 2) // 3)


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


def _has_lower(rows: list[list[str]], row: list[str], i: int) -> bool:
    below = rows[rows.index(row) + 1:]
    return any(i < len(r) and r[i] and r[i].strip() for r in below)


def header_signature(columns: list[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(f for f, _ in columns)
