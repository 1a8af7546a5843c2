"""From a reader's RawDocument to a Document of tasks: the format-blind core.

Steps, each leaving flags on the rows it changes:
page_breaks (stitch fragments, drop repeated headers) → realign (shifted cells) →
numbering (sections, ids, parents) → joins (rows cut by page breaks, overflow lines,
merged sub-rows) → ditto.
"""

from __future__ import annotations

import re

from phuluc.extract.model import Column, Document, RawDocument, SourceInfo, Table, Task
from phuluc.extract.tables.cells import YEAR, is_blank, looks_like_date, plain
from phuluc.extract.tables.ditto import _public, resolve_dittos
from phuluc.extract.tables.legacy import decode_legacy
from phuluc.extract.tables.numbering import Number, parse_number
from phuluc.extract.tables.page_breaks import LogicalTable, Row, group_tables
from phuluc.extract.tables.realign import CellKinds, Realigned, column_kinds, realign

_TEXT_FIELD = {"start": "start_text", "end": "end_text", "time": "time_text"}
STRAY_KEY = "(stray cell)"
# columns that a merged group of sub-rows shares (printed once, merged down)
_GROUP_FIELDS = ("content", "objective", "lead_text", "partners_text")
# A heading without a label nests inside the labelled sections (Phần 0, A 1, I 2).
UNLABELLED_RANK = 3
# A group heading is a line or two; a longer text-only row is a task's prose.
HEADING_MAX_CHARS = 200


def reconstruct(raw: RawDocument) -> Document:
    decode_legacy(raw)
    doc = Document(
        source=SourceInfo(file=raw.file, sha256=raw.sha256, kind=raw.kind, pages=raw.pages, path=raw.path),
        warnings=list(raw.warnings),
    )
    tables, body, notes = group_tables(raw)
    doc.body = body
    doc.warnings.extend(notes)
    failed: list[Exception] = []
    for number, table in enumerate(tables, start=1):
        builder = _TableBuilder(doc, table, number)
        try:
            tasks = builder.build()
        except Exception as e:  # noqa: BLE001 - phuluc's bug in one table must not cost the others
            failed.append(e)
            doc.warn("table-unreadable", f"table {number} (pages {table.pages}) not reconstructed: internal error "
                     f"({type(e).__name__}: {' '.join(str(e).split())[:160]}); please report this file",
                     page=table.pages[0] if table.pages else None)
            continue
        if not tasks:
            continue
        doc.tables.append(
            Table(
                title=table.title,
                pages=table.pages,
                columns=[Column(f, h) for f, h in table.columns],
            )
        )
        doc.tasks.extend(tasks)
    if failed and not doc.tasks:
        raise failed[0]  # nothing could be read: phuluc's own failure, an internal error
    return doc


class _TableBuilder:
    def __init__(self, doc: Document, table: LogicalTable, number: int) -> None:
        self.doc = doc
        self.table = table
        self.number = number
        self.fields = table.fields
        self.tt_col = self.fields.index("tt") if "tt" in self.fields else None
        self.prefix_table = f"T{number}." if number > 1 else ""
        self.section_path: list[tuple[int, str]] = []  # (rank, label), outermost first
        self.section_title: str | None = None
        self.tasks: list[Task] = []
        self.ids: dict[str, Task] = {}
        self.next_suffix: dict[str, int] = {}  # id → the next "#n" to try
        self.last_numbered: Task | None = None
        self.last_item: Task | None = None
        self.bullets: dict[str, int] = {}
        self.position = 0  # rows numbered by position (no number column), per section
        self.unlabelled = 0  # headings without a label met in the current labelled section
        self.next_row: Row | None = None
        self.page: int | None = None  # page of the row being built, for warnings
        self.kind_of = CellKinds()  # each distinct cell of the table classified once
        self.kinds = column_kinds(self.fields, [r.raw.cells for r in table.rows], self.kind_of)

    # -- helpers -----------------------------------------------------------
    @property
    def section(self) -> str | None:
        return ".".join(label for _, label in self.section_path) or None

    def _prefix(self) -> str:
        return self.prefix_table + (f"{self.section}." if self.section else "")

    def _unique(self, task_id: str, task: Task, expected: bool = False) -> str:
        if task_id not in self.ids:
            return task_id
        # the next suffix to try, per id: many rows repeating one number stay linear
        n = self.next_suffix.get(task_id, 2)
        while f"{task_id}#{n}" in self.ids:
            n += 1
        self.next_suffix[task_id] = n + 1
        if not expected:
            self.doc.warn("duplicate-number", f"number {task.tt!r} appears twice; second kept as {task_id}#{n}",
                          task=f"{task_id}#{n}", page=self.page)
        return f"{task_id}#{n}"

    # -- main loop ---------------------------------------------------------
    def build(self) -> list[Task]:
        rows = self.table.rows
        for i, row in enumerate(rows):
            self.next_row = rows[i + 1] if i + 1 < len(rows) else None
            self._row(row)
        for task, f in resolve_dittos(self.tasks):
            self.doc.warn("ditto-without-source", f"ditto mark in {f} with nothing above it",
                          task=task.id, page=_first(task.source.pages))
        self._check_sequence()
        return self.tasks

    def _align(self, row: Row) -> tuple[list[str], list[bool], Realigned]:
        """The row's cells, one per column, realigned when they were shifted."""
        cells = [c if c is not None else "" for c in row.raw.cells]
        merged = list(row.raw.merged) + [False] * max(0, len(self.fields) - len(row.raw.merged))
        # a row without a number continues the row above: its cells are fragments that
        # do not look like anything, so they are never realigned
        realignable = self.tt_col == 0 and not row.exact and not is_blank(cells[0] if cells else "")
        aligned = realign(cells, self.fields, self.kinds, self.kind_of) if realignable else None
        if aligned is None:
            aligned = Realigned((cells + [""] * len(self.fields))[: len(self.fields)])
        if aligned.moved:
            merged = [False] * len(self.fields)
        return aligned.cells, merged[: len(self.fields)], aligned

    def _classify(self, row: Row, cells: list[str]) -> Number:
        """What the row's number says it is: section, number, letter, bullet, none …"""
        if self.tt_col is not None:
            num = parse_number(cells[self.tt_col])
            if self._is_group_row(cells, num):
                return Number("section", num.label, rank=2)
            if num.kind in ("other", "none"):
                return self._unlabelled_section(row, cells) or num
            return num
        if self.tasks and row.after_break and _starts_lower(cells):
            return Number("none")  # no number column: only a lower-case start after a break continues
        return self._unnumbered_kind(cells)

    def _row(self, row: Row) -> None:
        raw = row.raw
        self.page = raw.page
        cells, merged, aligned = self._align(row)
        moved, strays = aligned.moved, aligned.strays
        num = self._classify(row, cells)

        if self.tt_col is not None and merged[self.tt_col] and self.tasks and num.kind != "section":
            # the number cell is merged with the row above: a sub-row of the same task number
            self._merged_subrow(row, cells, merged)
            return
        if num.kind == "section":
            self._section(cells, num)
            if self._is_section_row(cells, num):
                return
            # a section row with cells of its own (a lead, a deadline) is also a task
        if num.kind in ("none",) and self.tasks:
            if self._looks_like_subrow(cells):
                self._merged_subrow(row, cells, merged, inferred=True)
            elif row.after_break and self._has_own_dated_time(cells, strict=True):
                self._cut_subrow(row, cells, merged)
            else:
                self._join(self.tasks[-1], row, cells, merged)
            return
        task = Task(table=self.number, section=self.section, section_title=self.section_title)
        self._number(task, num, cells)
        self.ids[task.id] = task
        self._fill(task, row, cells, merged)
        if moved:
            task.flag("realigned")
        if strays:
            task.extra[STRAY_KEY] = " | ".join(strays)
            task.flag("stray-cell")
            self.doc.warn("stray-cell", f"cell(s) that fit no column kept in extra: {' | '.join(strays)}",
                          task=task.id, page=raw.page)
        self.tasks.append(task)

    def _is_group_row(self, cells: list[str], num: Number) -> bool:
        """"1 | Title" with nothing else, followed by a row numbered 1 again, heads a group of
        tasks like a section does (also how OCR reads a section "I" as "1")."""
        if num.kind != "number" or num.level != 1 or self.next_row is None:
            return False
        if any(not is_blank(c) for i, c in enumerate(cells)
               if self.fields[i] not in ("tt", "content", "extra", "note")):
            return False
        nxt = self.next_row.raw.cells
        return len(nxt) > self.tt_col and parse_number(nxt[self.tt_col]).label == "1"

    def _unlabelled_section(self, row: Row, cells: list[str]) -> Number | None:
        """A heading without a numeral ("Các dự án luật trình Quốc hội thông qua"): one text cell
        (a cell spanning the whole row leaves its text in the first column), then numbering that
        restarts at 1 or goes on. Its section label is "-" and its 1-based position, as for
        unnumbered items. A text-only row at the top of a page is a cut continuation unless its
        shape says heading; a doubtful one is joined with a warning."""
        filled = [i for i, c in enumerate(cells) if not is_blank(c)]
        if len(filled) != 1 or self.fields[filled[0]] not in ("tt", "content"):
            return None
        text = plain(cells[filled[0]])
        nxt = self._next_top_number()
        if nxt is None or len(text) > HEADING_MAX_CHARS or text[0].islower() or text.endswith((",", "-", "–")):
            return None
        restart = nxt == 1
        last = self._last_top_number()
        if not restart and nxt != (last or 0) + 1:
            return None
        printed = parse_number(text)
        if printed.kind == "section" and printed.title and (row.exact or not row.after_break):
            return printed  # "I. CÁC DỰ ÁN LUẬT" in a cell spanning all but the number column
        in_number_cell = self.fields[filled[0]] == "tt"
        capitals = text == text.upper() and any(ch.isalpha() for ch in text)
        if row.exact and not row.after_break:
            evidence = in_number_cell or restart or capitals
        else:
            # a text rendition or a page top: a wrapped line of a content cell looks the same,
            # unless the text sits in the number column or is written in capitals
            evidence = (in_number_cell or capitals) and (restart or not row.after_break)
            if not evidence and restart and self.tasks:
                self.doc.warn("ambiguous-section-row", f"text-only row {text[:60]!r} before numbering restarts "
                              "at 1 joined to the row above; it may head a group of tasks", page=row.raw.page)
                return None
        if not evidence:
            return None
        self.unlabelled += 1
        if not row.exact or row.after_break:
            self.doc.warn("unlabelled-section", f"row {text[:60]!r} read as a section heading without a label "
                          f"(section -{self.unlabelled})", page=row.raw.page)
        return Number("section", f"-{self.unlabelled}", title=text, rank=UNLABELLED_RANK)

    def _next_top_number(self) -> int | None:
        if self.next_row is None or self.tt_col is None or len(self.next_row.raw.cells) <= self.tt_col:
            return None
        num = parse_number(self.next_row.raw.cells[self.tt_col])
        return int(num.label) if num.kind == "number" and num.level == 1 else None

    def _last_top_number(self) -> int | None:
        for t in reversed(self.tasks):
            if re.fullmatch(r"\d+(\.\d+)*", t.tt):
                return int(t.tt.split(".", 1)[0])
        return None

    def _unnumbered_kind(self, cells: list[str]) -> Number:
        """In a table without a number column a row alone in its first cell may be a section
        ("I. TUYÊN TRUYỀN"); other rows are numbered by position within their section."""
        filled = [c for c in cells if not is_blank(c)]
        if len(filled) == 1:
            num = parse_number(filled[0])
            if num.kind == "section" and num.title:
                return num
        self.position += 1
        return Number("position", str(self.position))

    def _is_section_row(self, cells: list[str], num: Number) -> bool:
        # a subtotal ("Kinh phí") or a remark beside a section title does not make it a task
        others = [c for i, c in enumerate(cells) if self.fields[i] not in ("tt", "content", "extra", "note")]
        return all(is_blank(c) for c in others) or bool(num.title)

    def _section(self, cells: list[str], num: Number) -> None:
        label = num.label
        title = num.title or next(
            (plain(c) for i, c in enumerate(cells) if i != self.tt_col and not is_blank(c)), ""
        )
        if self.tt_col is None and num.title:
            title = num.title
        if num.rank < UNLABELLED_RANK:
            self.unlabelled = 0  # unlabelled headings are counted within their labelled section
        # Phần I ⊃ A ⊃ I: a new label closes the sections of its own rank and below
        self.section_path = [(r, lb) for r, lb in self.section_path if r < num.rank] + [(num.rank, label)]
        self.section_title = title or None
        self.last_numbered = self.last_item = None
        self.position = 0

    def _number(self, task: Task, num: Number, cells: list[str]) -> None:
        prefix = self._prefix()
        if num.kind == "number":
            task.tt, task.level = num.label, num.level
            if num.level > 1:
                task.parent = prefix + num.label.rsplit(".", 1)[0]
            task.id = self._unique(prefix + num.label, task)
            self.last_numbered = self.last_item = task
        elif num.kind == "letter":
            parent = self.last_numbered
            task.tt = num.label
            task.level = (parent.level + 1) if parent else 1
            task.parent = parent.id if parent else None
            base = f"{parent.id}.{num.label}" if parent else prefix + num.label
            task.id = self._unique(base, task)
            self.last_item = task
        elif num.kind == "position":
            # a table without a number column: rows are numbered by position
            task.tt = ""
            task.id = self._unique(prefix + num.label, task)
            task.flag("numbered-by-position")
        elif num.kind == "bullet":
            parent = self.last_item or self.last_numbered
            key = parent.id if parent else prefix
            self.bullets[key] = self.bullets.get(key, 0) + 1
            task.tt = "-"
            task.level = (parent.level + 1) if parent else 1
            task.parent = parent.id if parent else None
            base = f"{parent.id}.-" if parent else f"{prefix}-"
            task.id = self._unique(f"{base}{self.bullets[key]}", task)
        elif num.kind == "section":
            task.section, task.section_title = self.section, self.section_title
            task.tt, task.level = num.label, 1
            task.id = self._unique(self.prefix_table + (self.section or num.label), task)
            task.flag("section-task")
        else:
            # no number, or something that is not a number ("Tổng cộng"): keep as a task
            task.tt = num.label if num.kind in ("other", "section") else ""
            task.id = self._unique(prefix + (task.tt or f"?{len(self.tasks) + 1}"), task)
            self.doc.warn("unnumbered-row", f"row without a usable number: {task.tt or '(empty)'}",
                          task=task.id)

    def _fill(self, task: Task, row: Row, cells: list[str], merged: list[bool]) -> None:
        for i, f in enumerate(self.fields):
            value = cells[i] if i < len(cells) else ""
            if f == "tt":
                continue
            if merged[i] and not is_blank(value):
                task.flag("merged-cell")
            if f == "extra":
                header = self.table.columns[i][1] or f"column {i + 1}"
                if not is_blank(value):
                    task.extra[header] = value
                continue
            setattr(task, _TEXT_FIELD.get(f, f), value)
        self._provenance(task, row)

    def _provenance(self, task: Task, row: Row) -> None:
        raw = row.raw
        task.source.cells.append([c if c is not None else "" for c in (raw.original or raw.cells)])
        if raw.legacy:
            task.flag(f"legacy:{raw.legacy}")
        for i, f in enumerate(self.fields):
            if i < len(raw.corrected) and raw.corrected[i] and f != "extra":
                task.flag(f"ocr-corrected:{_public(f)}")
        if raw.page is not None and raw.page not in task.source.pages:
            task.source.pages.append(raw.page)
        task.source.table = row.table_index if task.source.table is None else task.source.table
        task.source.rows.append(raw.line if raw.line is not None else raw.index)
        if raw.box is not None:
            task.source.boxes.append(list(raw.box))
        for f in self._low_confidence_fields(task, raw):
            task.flag(f"ocr-low-confidence:{f}")

    def _low_confidence_fields(self, task: Task, raw) -> list[str]:
        """Fields holding a cell the OCR read with low confidence: the cell's own column, or
        (a realigned row) the field whose text now holds the cell."""
        out: list[str] = []
        for i, low in enumerate(raw.low_confidence):
            text = raw.cells[i].strip() if i < len(raw.cells) else ""
            if not low or not text:
                continue
            fields = [self.fields[i]] if i < len(self.fields) else []
            if fields and not _holds(task, fields[0], text):
                fields = [f for f in self.fields if _holds(task, f, text)][:1]
            for f in fields:
                name = {"lead_text": "lead", "partners_text": "partners"}.get(f, f)  # as ditto: flags
                if name not in out:
                    out.append(name)
        return out

    def _join(self, task: Task, row: Row, cells: list[str], merged: list[bool]) -> None:
        """A row without a number continues the task above it, cell by cell."""
        for i, f in enumerate(self.fields):
            value = cells[i] if i < len(cells) else ""
            if f == "tt" or is_blank(value) or merged[i]:
                continue
            if f == "extra":
                header = self.table.columns[i][1] or f"column {i + 1}"
                task.extra[header] = _joined(task.extra.get(header, ""), value)
                continue
            attr = _TEXT_FIELD.get(f, f)
            setattr(task, attr, _joined(getattr(task, attr) or "", value))
        task.flag("joined-page-break" if row.after_break else "joined-lines")
        self._provenance(task, row)

    def _looks_like_subrow(self, cells: list[str]) -> bool:
        """Without merge information (a text rendition), a row with no number and no content
        but a time of its own, under a task that has its time already, is the second grid
        row under a merged number cell — a row cut by a page break carries no second date."""
        if "content" not in self.fields or not is_blank(cells[self.fields.index("content")]):
            return False
        return self._has_own_dated_time(cells)

    def _has_own_dated_time(self, cells: list[str], strict: bool = False) -> bool:
        """The row has a time cell of its own while the task above has one in the same
        column. ``strict``: both hold a full year, so neither is a fragment of the other."""
        prev = self.tasks[-1]
        for i, f in enumerate(self.fields):
            if f in _TEXT_FIELD and not is_blank(cells[i]) and looks_like_date(cells[i]):
                above = getattr(prev, _TEXT_FIELD[f])
                if above and looks_like_date(above.replace("\n", " ")):
                    if not strict or (YEAR.search(cells[i]) and YEAR.search(above)):
                        return True
        return False

    def _cut_subrow(self, row: Row, cells: list[str], merged: list[bool]) -> None:
        """At the top of a page, a row whose number cell is empty but which has a dated time
        of its own starts the next sub-row of a merged group; the text in the group's merged
        columns (content, lead …) is the tail of those cells, cut by the page break."""
        group = [t for t in self.tasks if t.id.split("#", 1)[0] == self.tasks[-1].id.split("#", 1)[0]]
        cells = list(cells)
        for f in _GROUP_FIELDS:
            if f in self.fields:
                i = self.fields.index(f)
                if not is_blank(cells[i]):
                    for t in group:
                        setattr(t, f, _joined(getattr(t, f), cells[i]))
                        t.flag("joined-page-break")
                    cells[i] = ""
        self._merged_subrow(row, cells, merged, inferred=True)

    def _merged_subrow(self, row: Row, cells: list[str], merged: list[bool], inferred: bool = False) -> None:
        """A row whose number cell is merged with the row above but which has cells of its
        own is a task of its own: same tt, id suffixed #2, #3."""
        first = self.tasks[-1]
        if inferred:
            # the cells left empty were merged with the row above: take their values
            cells = list(cells)
            merged = list(merged)
            for f in ("content", "objective", "lead_text", "partners_text"):
                if f in self.fields:
                    i = self.fields.index(f)
                    if is_blank(cells[i]) and getattr(first, f):
                        cells[i], merged[i] = getattr(first, f), True
        task = Task(table=self.number, section=first.section, section_title=first.section_title,
                    tt=first.tt, level=first.level, parent=first.parent)
        base = first.id.split("#", 1)[0]
        task.id = self._unique(base, task, expected=True)
        self.ids[task.id] = task
        self._fill(task, row, cells, merged)
        task.flag("merged-cell")
        if inferred:
            self.doc.warn("merged-row-inferred", f"row without a number or content but with its own time "
                          f"read as a second row of {base} (merged number cell)", task=task.id, page=row.raw.page)
        self.tasks.append(task)

    def _check_sequence(self) -> None:
        """Warn about skipped numbers among siblings (1, 2, 4)."""
        last: dict[tuple, int] = {}
        for t in self.tasks:
            if not re.fullmatch(r"\d+(\.\d+)*", t.tt) or "#" in t.id:
                continue
            k = (t.section, t.parent)
            n = int(t.tt.rsplit(".", 1)[-1])
            prev = last.get(k)
            if prev is not None and n > prev + 1:
                self.doc.warn("skipped-number", f"number {t.tt} follows {prev}: {n - prev - 1} missing",
                              task=t.id, page=_first(t.source.pages))
            last[k] = n


def _holds(task: Task, f: str, text: str) -> bool:
    if f == "extra":
        return any(text in v for v in task.extra.values())
    value = getattr(task, _TEXT_FIELD.get(f, f), None)
    return isinstance(value, str) and " ".join(text.split()) in " ".join(value.split())


def _starts_lower(cells: list[str]) -> bool:
    first = next((plain(c) for c in cells if not is_blank(c)), "")
    return bool(first) and first[0].islower()


def _joined(a: str, b: str) -> str:
    if is_blank(a):
        return b
    return f"{a}\n{b}"


def _first(pages: list) -> int | None:
    return pages[0] if pages else None
