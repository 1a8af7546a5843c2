"""Put cells back in their columns when an extractor dropped empty cells.

A row is suspicious when a cell clearly does not fit its column (a date under
"Kết quả", prose under "Thời gian") or the row has more cells than the table has
columns. For such a row the non-empty cells are re-placed in order by dynamic
programming: each cell scores by how well it fits a column (what it looks like
against the column's kind), with a bonus for staying where it was; a cell that fits
nowhere is kept as a stray cell, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from phuluc.extract.tables.cells import (
    is_blank,
    is_ditto,
    looks_like_agency,
    looks_like_date,
    looks_like_money,
    plain,
)

KIND_OF_FIELD = {
    "tt": "number",
    "content": "prose",
    "objective": "prose",
    "deliverable": "prose",
    "note": "prose",
    "lead_text": "agency",
    "partners_text": "agency",
    "start": "date",
    "end": "date",
    "time": "date",
    "extra": "any",
}

STAY_BONUS = 1.5
STRAY_COST = -2.0


def cell_kind(s: str) -> str:
    if is_ditto(s):
        return "ditto"
    if looks_like_date(s):
        return "date"
    if looks_like_agency(s):
        return "agency"
    if looks_like_money(s):
        return "money"
    # a short phrase may be a time that is not a date ("Khi có yêu cầu", "Theo kế hoạch")
    return "phrase" if len(plain(s).split()) <= 6 else "prose"


class CellKinds(dict):
    """Cell text → ``cell_kind``, for one table: each distinct cell is classified once,
    however many steps ask (the column profile, then each row's realignment)."""

    def __missing__(self, s: str) -> str:
        kind = self[s] = cell_kind(s)
        return kind


# fit[cell kind][column kind]
FIT = {
    "ditto": {"number": -5, "prose": 1, "prose-only": 1, "agency": 1, "date": 1, "any": 0, "money": 0},
    "date": {"number": -5, "prose": -2, "prose-only": -2, "agency": -3, "date": 3, "any": 0, "money": -2},
    "agency": {"number": -5, "prose": 0, "prose-only": -2, "agency": 3, "date": -3, "any": 0, "money": -2},
    "money": {"number": -3, "prose": -1, "prose-only": -1, "agency": -3, "date": -2, "any": 2, "money": 3},
    "prose": {"number": -5, "prose": 2, "prose-only": 2, "agency": -1, "date": -3, "any": 0, "money": -2},
    "phrase": {"number": -5, "prose": 2, "prose-only": 2, "agency": -1, "date": -1, "any": 0, "money": -2},
}


@dataclass
class Realigned:
    cells: list[str]
    strays: list[str] = field(default_factory=list)
    moved: bool = False


MISFIT = -2  # a fit this bad (or worse) means the cell is in the wrong column


def column_kinds(fields: list[str], rows: list[list[str]], kind_of: CellKinds | None = None) -> list[str]:
    """The kind of each column, refined by the table itself: a prose column in which
    agencies (almost) never appear is "prose-only", so an agency list there is a misfit."""
    kind_of = CellKinds() if kind_of is None else kind_of
    kinds = [KIND_OF_FIELD.get(f, "any") for f in fields]
    for j, k in enumerate(kinds):
        if k not in ("prose", "any"):
            continue  # only prose and free columns are refined: no need to look at the others
        values = [r[j] for r in rows if j < len(r) and not is_blank(r[j]) and not is_ditto(r[j])]
        if len(values) < 5:
            continue
        # (for a cell that is not a ditto, looks_like_agency is exactly kind "agency")
        if k == "prose" and sum(kind_of[v] == "agency" for v in values) / len(values) < 0.15:
            kinds[j] = "prose-only"
        elif k == "any" and sum(looks_like_money(v) for v in values) / len(values) >= 0.6:
            kinds[j] = "money"  # an amount column ("Kinh phí"): prose there slid in from elsewhere
    return kinds


def is_suspicious(cells: list[str], kinds: list[str], kind_of: CellKinds | None = None) -> bool:
    kind_of = CellKinds() if kind_of is None else kind_of
    if len(cells) > len(kinds) and any(not is_blank(c) for c in cells[len(kinds):]):
        return True
    for i in range(1, min(len(cells), len(kinds))):  # the number cell stays put
        c = cells[i]
        if not is_blank(c) and FIT[kind_of[c]][kinds[i]] <= MISFIT:
            return True
    return False


def realign(cells: list[str], fields: list[str], kinds: list[str] | None = None,
            kind_of: CellKinds | None = None) -> Realigned:
    """Return the row's cells placed in the table's columns (length == len(fields)).

    ``kinds`` is the column profile from ``column_kinds``; by default the kind of each field.
    ``kind_of`` is the table's memo of cell kinds (shared with ``column_kinds``).
    """
    n = len(fields)
    kind_of = CellKinds() if kind_of is None else kind_of
    kinds_all = kinds or [KIND_OF_FIELD.get(f, "any") for f in fields]
    if not is_suspicious(cells, kinds_all, kind_of):
        out = (cells + [""] * n)[:n]
        return Realigned(out)
    # the number cell stays put; the others are placed in order
    items = [(i, c, kind_of[c]) for i, c in enumerate(cells) if i > 0 and not is_blank(c)]
    cols = list(range(1, n))
    kinds = [kinds_all[j] for j in cols]
    m, k = len(items), len(cols)
    neg = float("-inf")
    # best[a][b]: best score placing the first a items using only the first b columns
    best = [[neg] * (k + 1) for _ in range(m + 1)]
    choice: list[list[tuple[int, int, int] | None]] = [[None] * (k + 1) for _ in range(m + 1)]
    for b in range(k + 1):
        best[0][b] = 0.0
    for a in range(1, m + 1):
        orig, _text, kind = items[a - 1]
        for b in range(0, k + 1):
            # item a-1 is a stray cell
            if best[a - 1][b] > neg and best[a - 1][b] + STRAY_COST > best[a][b]:
                best[a][b] = best[a - 1][b] + STRAY_COST
                choice[a][b] = (a - 1, b, -1)
            # column b-1 left empty
            if b > 0 and best[a][b - 1] > best[a][b]:
                best[a][b] = best[a][b - 1]
                choice[a][b] = (a, b - 1, -2)
            # item a-1 goes in column b-1
            if b > 0 and best[a - 1][b - 1] > neg:
                j = cols[b - 1]
                s = FIT[kind][kinds[b - 1]] + (STAY_BONUS if j == orig else 0.0)
                if best[a - 1][b - 1] + s > best[a][b]:
                    best[a][b] = best[a - 1][b - 1] + s
                    choice[a][b] = (a - 1, b - 1, j)
    out = [""] * n
    out[0] = cells[0] if cells else ""
    strays: list[str] = []
    a, b = m, k
    placed: dict[int, int] = {}
    while a > 0:
        step = choice[a][b]
        if step is None:
            break
        pa, pb, j = step
        if j >= 0:
            placed[a - 1] = j
        elif j == -1:
            strays.append(items[a - 1][1])
        a, b = pa, pb
    for idx, j in placed.items():
        out[j] = items[idx][1]
    strays.reverse()
    moved = any(items[idx][0] != j for idx, j in placed.items()) or bool(strays)
    if not moved:
        out = (cells + [""] * n)[:n]
    return Realigned(out, [plain(s) for s in strays], moved)
