"""The tasks on a time axis: one bar per task from its first to its last possible day,
grouped by section (or by lead agency when the table has no sections). Drawn as inline
SVG when the page is written, so it needs no script; each bar links to its row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from phuluc.extract.model import Task

WIDTH = 1000  # SVG user units; the picture scales to the page width
LABEL_W = 90  # left margin for task ids
LANE = 14  # height of one task's lane
BAR = 9
GROUP_H = 18  # height of a group's title line
AXIS_H = 22
MIN_YEAR, MAX_YEAR = 1945, 2100  # dates outside are misreadings, left off the axis


@dataclass
class Span:
    index: int  # task index (row anchor)
    task: Task
    start: date
    end: date
    deadline: bool  # only an end day is known: drawn as a mark, not a bar
    open_end: bool = False  # "2018 and the years after": the bar runs to the axis' end


def _day(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return None
    return d if MIN_YEAR <= d.year <= MAX_YEAR else None


def task_span(i: int, t: Task) -> Span | None:
    """The task's time span: earliest day it may start, latest day it may end."""
    first = [d for d in (_day(t.start and t.start.from_), _day(t.start and t.start.to),
                         _day(t.end and t.end.from_)) if d]
    last = [d for d in (_day(t.end and t.end.to), _day(t.end and t.end.from_), _day(t.start and t.start.to)) if d]
    if not first and not last:
        return None
    a = min(first) if first else max(last)
    b = max(last) if last else a
    if b < a:
        a, b = b, a
    open_end = bool(t.end and t.end.from_ and not t.end.to)
    return Span(i, t, a, b, deadline=not first, open_end=open_end)


def _group_key(t: Task, by_section: bool) -> str:
    if by_section:
        label = t.section or ""
        return f"{label}. {t.section_title}" if t.section_title else (label or "(no section)")
    return t.lead[0] if t.lead else (t.lead_text or "(no lead agency)")


def timeline_svg(tasks: list[Task]) -> tuple[str, int, str]:
    """(SVG markup or "", number of tasks without usable dates, what the groups are)."""
    spans = [s for s in (task_span(i, t) for i, t in enumerate(tasks)) if s]
    undated = len(tasks) - len(spans)
    if not spans:
        return "", undated, ""
    by_section = len({t.section for t in tasks if t.section}) > 1
    groups: dict[str, list[Span]] = {}
    for s in spans:
        groups.setdefault(_group_key(s.task, by_section), []).append(s)
    y0 = min(s.start.year for s in spans)
    y1 = max(s.end.year for s in spans) + 1
    lo, hi = date(y0, 1, 1).toordinal(), date(y1, 1, 1).toordinal()
    plot = WIDTH - LABEL_W - 10

    def x(d: date) -> float:
        return LABEL_W + plot * (d.toordinal() - lo) / (hi - lo)

    height = AXIS_H + sum(GROUP_H + LANE * len(g) for g in groups.values()) + 6
    parts = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="tasks on a time axis">']
    step = max(1, (y1 - y0 + 11) // 12)  # at most about a dozen year ticks
    for y in range(y0, y1 + 1, step):
        xx = x(date(y, 1, 1))
        parts.append(f'<line class="tick" x1="{xx:.1f}" y1="{AXIS_H - 4}" x2="{xx:.1f}" y2="{height}"/>')
        if y < y1:  # the last line closes the axis; its year would stand outside it
            parts.append(f'<text class="year" x="{xx + 2:.1f}" y="{AXIS_H - 8}">{y}</text>')
    top = AXIS_H
    for name, members in groups.items():
        parts.append(f'<text class="group" x="4" y="{top + GROUP_H - 5}">{escape(name[:140])}</text>')
        top += GROUP_H
        for s in members:
            a, b = x(s.start), x(date.fromordinal(s.end.toordinal() + 1))
            if s.open_end:
                b = x(date(y1, 1, 1))
            tip = escape(f"{s.task.id}: {_time_text(s.task)}")
            parts.append(f'<a href="#row-{s.index}" data-row="row-{s.index}" class="bar-link">')
            parts.append(f'<text class="tid" x="{LABEL_W - 4}" y="{top + BAR}">{escape(s.task.id)}</text>')
            if s.deadline:
                cx, cy = b, top + BAR / 2 + 1
                parts.append(f'<path class="deadline" d="M{cx:.1f} {cy - 5:.1f} l5 5 l-5 5 l-5 -5 z">'
                             f'<title>{tip}</title></path>')
            else:
                cls = "bar open" if s.open_end else "bar"
                parts.append(f'<rect class="{cls}" x="{a:.1f}" y="{top + 1}" width="{max(2.0, b - a):.1f}" '
                             f'height="{BAR}" rx="2"><title>{tip}</title></rect>')
            parts.append("</a>")
            top += LANE
    parts.append("</svg>")
    return "".join(parts), undated, "section" if by_section else "lead agency"


def _time_text(t: Task) -> str:
    bits = []
    if t.start and t.start.text:
        bits.append(t.start.text)
    if t.end and t.end.text and (not t.start or t.end.text != t.start.text):
        bits.append(t.end.text)
    return " → ".join(bits)
