"""Ditto marks ("Nt", "Như trên", "-nt-", '"', "-//-"): same as the cell above.

The resolved value is the nearest non-ditto value above in the same column (across
page breaks), resolved recursively; "Nt, Sở Tài chính" is the value above plus the
bodies added. A ditto with nothing above stays as written and raises a warning.
"""

from __future__ import annotations

from phuluc.extract.model import Task
from phuluc.extract.tables.cells import is_blank, is_ditto, partial_ditto

DITTO_FIELDS = ("content", "objective", "lead_text", "partners_text", "deliverable", "note",
                "start_text", "end_text", "time_text")
# "Nt, Sở Tài chính" adds bodies to the cell above: only lists of agencies do that
_LIST_FIELDS = ("lead_text", "partners_text")


def resolve_dittos(tasks: list[Task]) -> list[tuple[Task, str]]:
    """Resolve ditto marks in place; return (task, field) pairs left unresolved."""
    unresolved: list[tuple[Task, str]] = []
    above: dict[str, str] = {}
    # a table repeats its cells: each distinct value is classified once (blank, ditto, other)
    kinds: dict[str, int] = {}
    rests: dict[str, str | None] = {}
    for task in tasks:
        for f in DITTO_FIELDS:
            value = getattr(task, f)
            if value is None:
                continue
            kind = kinds.get(value)
            if kind is None:
                kind = kinds[value] = _BLANK if is_blank(value) else _DITTO if is_ditto(value) else _OTHER
            if kind == _BLANK:
                continue
            if kind == _DITTO:
                if f in above:
                    setattr(task, f, above[f])
                    task.flag(f"ditto:{_public(f)}")
                else:
                    unresolved.append((task, f))
                    continue
            elif f in _LIST_FIELDS and f in above:
                if value in rests:
                    rest = rests[value]
                else:
                    rest = rests[value] = partial_ditto(value)
                if rest is not None:
                    setattr(task, f, f"{above[f]}, {rest}")
                    task.flag(f"ditto:{_public(f)}")
            above[f] = getattr(task, f)
    return unresolved


_BLANK, _DITTO, _OTHER = 0, 1, 2


def _public(f: str) -> str:
    # the contract's names: "ditto:lead", "ditto:start"
    return {"start_text": "start", "end_text": "end", "time_text": "time", "lead_text": "lead",
            "partners_text": "partners"}.get(f, f)
