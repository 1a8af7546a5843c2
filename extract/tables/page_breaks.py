"""Tables across page breaks: stitch fragments into logical tables, drop repeated
headers and column-number rows, and join rows cut by a page break."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from phuluc.extract.model import Paragraph, RawDocument, RawRow, RawTable, Warning
from phuluc.extract.tables.cells import is_blank, key, plain
from phuluc.extract.tables.headers import (
    header_signature,
    is_column_number_row,
    is_header_row,
    is_subheader_row,
    is_task_table,
    map_columns,
)
from phuluc.extract.tables.numbering import parse_number


@dataclass
class Row:
    """A data row of a logical table, with where it came from."""

    raw: RawRow
    table_index: int
    after_break: bool = False  # first data row after a page break / repeated header
    exact: bool = False  # the reader vouches for the columns (no realignment)


@dataclass
class LogicalTable:
    columns: list[tuple[str, str]]
    rows: list[Row] = field(default_factory=list)
    title: str | None = None
    pages: list[int] = field(default_factory=list)
    header_rows: int = 0
    header_keys: set[tuple[str, ...]] = field(default_factory=set)  # the header rows as printed

    @property
    def fields(self) -> list[str]:
        return [f for f, _ in self.columns]


def _header_span(rows: list[RawRow], known: set[tuple[str, ...]] | frozenset = frozenset()) -> int:
    """Number of header rows at the top of a fragment (0 when none).

    ``known`` holds the printed header rows of the table above: a header repeated on a new
    page is exactly those rows, so the row under it (the rest of a row cut by the page
    break, whose words may look like a header's) stays data.
    """
    for start in range(min(3, len(rows))):
        if is_header_row(rows[start].cells):
            end = start + 1
            if known and _is_printed_header(rows[start].cells, known):
                while end < len(rows) and _is_printed_header(rows[end].cells, known):
                    end += 1
            else:
                while end < len(rows) and end < start + 3 and (
                    is_subheader_row(rows[end].cells) or is_header_row(rows[end].cells)
                ):
                    end += 1
            # a title row above the header ("PHỤ LỤC …" in a merged cell) is not data
            return end if all(_is_title_row(r.cells) for r in rows[:start]) else 0
    return 0


def _is_title_row(cells: list[str]) -> bool:
    return sum(1 for c in cells if not is_blank(c)) <= 1


_PAGE_MARK = re.compile(r"^[\W\d_]*$|^(trang|page)\s*\d+", re.IGNORECASE)


def _substantive(p: Paragraph) -> bool:
    """Body text between two fragments that makes them separate tables.

    Page numbers and running headers/footers are not.
    """
    t = plain(p.text)
    return bool(t) and not _PAGE_MARK.match(t) and len(t.split()) >= 3


def _title_before(paragraphs: list[Paragraph]) -> str | None:
    """The appendix title: the run of upper-case lines just before the table."""
    lines: list[str] = []
    for p in reversed(paragraphs[-6:]):
        t = plain(p.text)
        letters = [ch for ch in t if ch.isalpha()]
        if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8 and not t.startswith("PHỤ LỤC"):
            lines.insert(0, t)
        elif lines:
            break
    return " ".join(lines) or None


def group_tables(raw: RawDocument) -> tuple[list[LogicalTable], list[Paragraph], list[Warning]]:
    """Stitch the reader's table fragments into logical task tables.

    Returns the task tables, the body paragraphs (including the text of tables that are
    not task tables, such as the issuer | motto header block) and warnings about
    fragments whose fate is a judgement call.
    """
    warnings: list[Warning] = []
    tables: list[LogicalTable] = []
    body: list[Paragraph] = []
    current: LogicalTable | None = None
    since_table: list[Paragraph] = []  # paragraphs since the last task-table fragment
    for block in raw.blocks:
        if isinstance(block, Paragraph):
            body.append(block)
            since_table.append(block)
            continue
        frag: RawTable = block
        rows = [r for r in frag.rows if any(not is_blank(c) for c in r.cells)]
        if not rows:
            continue
        nh = _header_span(rows, current.header_keys if current is not None else frozenset())
        separated = frag.continues is False or (
            frag.continues is None and any(_substantive(p) for p in since_table)
        )
        if nh:
            columns = map_columns([r.cells for r in rows[:nh]])
            fields = [f for f, _ in columns]
            if not is_task_table(fields, [h for _, h in columns]):
                # a list of places, projects or people, a form, a fee, cost or curriculum table
                # (``header_words.is_task_table``): its rows are body text, not tasks
                if len(rows) > nh:
                    heads = " | ".join(h for _, h in columns if h)[:160]
                    warnings.append(Warning("table-skipped", f"a table of {len(rows) - nh} rows ({heads}) is not a "
                                            "task table (no column that assigns or schedules the work) "
                                            "and was read as body text", page=rows[0].page))
                _as_body(frag, body)
                current = None  # its rows are no continuation of the task table above
                continue
            same = current is not None and header_signature(current.columns) == header_signature(columns)
            if same and not separated:
                _extend(current, rows[nh:], frag, after_break=True)
            else:
                current = LogicalTable(columns=columns, title=_title_before(body), header_rows=nh,
                                       header_keys={_row_key(r.cells) for r in rows[:nh]})
                tables.append(current)
                _extend(current, rows[nh:], frag, after_break=False)
            since_table = []
        elif current is not None and _fits(rows, current, frag) and (not separated or _resumes(rows, current)):
            if separated:
                warnings.append(Warning("table-resumed", "rows after a paragraph of text continue the table "
                                        "above (same columns, numbering goes on)", page=rows[0].page))
            _extend(current, rows, frag, after_break=True)
            since_table = []
        else:
            if len(rows) >= 2 and max(len(r.cells) for r in rows) >= 3:
                warnings.append(Warning("table-skipped", f"a table of {len(rows)} rows without a task-table "
                                        "header was read as body text", page=rows[0].page))
            _as_body(frag, body)
    return tables, body, warnings


_SIGNATURE = re.compile(r"^(nơi nhận|tm\.|kt\.|tl\.|tuq\.|q\.|- lưu)", re.IGNORECASE)


def _fits(rows: list[RawRow], table: LogicalTable, frag: RawTable) -> bool:
    """A fragment without a header can continue a table: about the same columns, and not
    the signature block ("Nơi nhận | TM. ỦY BAN NHÂN DÂN") that often follows a table."""
    n = len(table.columns)
    width = max(len(r.cells) for r in rows)
    if any(_SIGNATURE.match(plain(c)) for r in rows[:3] for c in r.cells if c):
        return False
    if frag.exact_grid:
        return width == n
    return max(3, n - 2) <= width <= n + 2


def _resumes(rows: list[RawRow], table: LogicalTable) -> bool:
    """After a paragraph, a headerless fragment continues the table only when it has the
    same columns and its first row is numbered (a task or a section row)."""
    if len(rows[0].cells) != len(table.columns) or "tt" not in table.fields:
        return False
    return parse_number(rows[0].cells[table.fields.index("tt")]).kind in ("number", "section", "letter")


def _extend(table: LogicalTable, rows: list[RawRow], frag: RawTable, after_break: bool) -> None:
    first = True
    sig = header_signature(table.columns)
    under_header = False  # the row above was a repeated header row
    for r in rows:
        if is_column_number_row(r.cells):
            continue
        if (
            _is_printed_header(r.cells, table.header_keys)
            or is_header_row(r.cells) and header_signature(map_columns([r.cells])) == sig
            # the lower row of a two-level header only right under its upper row: elsewhere
            # a row like "và triển khai …" is the rest of a cut row, not a header
            or under_header and is_subheader_row(r.cells)
        ):
            after_break = True  # a header repeated inside the grid: a page break
            first = True
            under_header = True
            continue
        under_header = False
        row = Row(raw=r, table_index=frag.index, after_break=(first and after_break) or r.starts_page,
                  exact=frag.exact_grid)
        table.rows.append(row)
        if r.page is not None and r.page not in table.pages:
            table.pages.append(r.page)
        first = False


def _row_key(cells: list[str]) -> tuple[str, ...]:
    return tuple(key(c or "") for c in cells)


def _is_printed_header(cells: list[str], header_keys: set[tuple[str, ...]]) -> bool:
    """``_row_key(cells) in header_keys``, comparing cell by cell so that a data row stops
    at its first cell instead of keying all of them."""
    for h in header_keys:
        # the first cell alone first: it tells a data row (its number) from the header
        if len(h) == len(cells) and (not h or h[0] == key(cells[0] or "")) and all(
                k == key(c or "") for k, c in zip(h[1:], cells[1:], strict=True)):
            return True
    return False


def _as_body(frag: RawTable, body: list[Paragraph]) -> None:
    """A table that is not a task table (header block, signature block): its text is body."""
    for r in frag.rows:
        for c in r.cells:
            for line in (c or "").split("\n"):
                if line.strip():
                    body.append(Paragraph(text=line.strip(), page=r.page))
