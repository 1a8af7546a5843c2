"""The review page: one self-contained HTML file per document (styles, script and pictures
inline; nothing is fetched, so it opens from disk with no network)."""

from __future__ import annotations

from html import escape
from importlib.resources import files

from phuluc.export.review.crops import Crop, render_crops
from phuluc.export.review.marks import KINDS, task_marks
from phuluc.export.review.timeline import timeline_svg
from phuluc.extract.model import Document, Task, Time

PDF_KINDS = ("pdf", "pdf-ocr")


def _asset(name: str) -> str:
    return files("phuluc.export.review").joinpath(name).read_text(encoding="utf-8")


def _e(v: object) -> str:
    return escape("" if v is None else str(v))


def _columns(doc: Document) -> list[tuple[str, str]]:
    """(column, heading) of the review table: number and content always, the others when some
    task fills them."""
    optional = [("objective", "Mục tiêu"), ("lead", "Chủ trì"), ("partners", "Phối hợp"),
                ("deliverable", "Sản phẩm"), ("start", "Bắt đầu"), ("end", "Hoàn thành"), ("note", "Ghi chú"),
                ("extra", "Khác")]
    filled = {"lead": "lead_text", "partners": "partners_text"}
    return [("id", "Số"), ("content", "Nội dung")] + [
        (c, h) for c, h in optional if any(getattr(t, filled.get(c, c)) for t in doc.tasks)]


def _agencies(text: str, canonical: list[str]) -> str:
    out = _e(text)
    if canonical and canonical != [text]:
        out += f'<div class="canon">→ {_e("; ".join(canonical))}</div>'
    return out


def _time(t: Time | None) -> str:
    if t is None:
        return ""
    out = _e(t.text)
    if t.from_ or t.to:
        out += f'<div class="iso">{_e(t.from_ or "…")} → {_e(t.to or "…")}</div>'
    elif t.recurring:
        out += f'<div class="iso">{_e(t.recurring)}</div>'
    return out


def _cell_html(t: Task, column: str) -> str:
    if column == "id":
        return f'<b class="tid">{_e(t.id)}</b>' + (f'<div class="tt">tt {_e(t.tt)}</div>' if t.tt else "")
    if column == "lead":
        return _agencies(t.lead_text, t.lead)
    if column == "partners":
        return _agencies(t.partners_text, t.partners)
    if column in ("start", "end"):
        return _time(getattr(t, column))
    if column == "extra":
        return "".join(f"<div><i>{_e(k)}</i>: {_e(v)}</div>" for k, v in t.extra.items())
    return _e(getattr(t, column))


def _marked(inner: str, kinds: dict[str, list[str]] | None) -> str:
    if not kinds:
        return f"<td>{inner}</td>"
    classes = " ".join(f"m-{k}" for k in kinds)
    tags = "".join(f'<span class="tag k-{k}" title="{_e("; ".join(why))}">{_e(k)}</span>' for k, why in kinds.items())
    return f'<td class="marked {classes}">{inner}<div class="tags">{tags}</div></td>'


def _source_html(t: Task, crops: list[Crop] | None) -> str:
    if crops:
        pics = []
        for c in crops:
            pics.append(f'<figure><img src="{c.uri}" width="{c.width // 2}" height="{c.height // 2}" '
                        f'alt="source of {_e(t.id)}, page {c.page}" loading="lazy" decoding="async">'
                        f'<figcaption>p. {c.page}</figcaption></figure>')
        return "".join(pics)
    rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in t.source.cells)
    where = f'<div class="where">p. {", ".join(map(str, t.source.pages))}</div>' if t.source.pages else ""
    return f'<table class="raw">{rows}</table>{where}'


def _metadata(doc: Document) -> str:
    info, src = doc.info, doc.source
    items = [("Tệp / file", src.file), ("Loại tệp / kind", src.kind), ("Số trang / pages", src.pages),
             ("Loại văn bản", info.kind), ("Số hiệu", info.number), ("Cơ quan ban hành", info.issuer),
             ("Địa danh", info.place), ("Ngày", info.date), ("Trích yếu", info.title),
             ("Người ký", info.signer), ("Chức vụ", info.signer_position), ("sha256", src.sha256)]
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v) if v is not None else '<i>—</i>'}</dd>" for k, v in items)
    tables = "".join(
        f"<li>{_e(tb.title or '(no title)')} — "
        + (f"p. {_e(', '.join(map(str, tb.pages)))}, " if tb.pages else "")
        + f"{len(tb.columns)} columns</li>" for tb in doc.tables)
    return f'<dl class="meta">{rows}</dl>' + (f'<ul class="tables">{tables}</ul>' if tables else "")


def _warnings(doc: Document) -> str:
    index = {t.id: i for i, t in enumerate(doc.tasks)}
    first_on_page: dict[int, int] = {}  # a warning about a page links to the first task on it
    for i, t in enumerate(doc.tasks):
        for p in t.source.pages:
            first_on_page.setdefault(p, i)
    items = []
    for w in doc.warnings:
        where = []
        if w.task and w.task in index:
            where.append(f'<a href="#row-{index[w.task]}">{_e(w.task)}</a>')
        elif w.task:
            where.append(_e(w.task))
        if w.page is not None and not w.task and w.page in first_on_page:
            where.append(f'<a href="#row-{first_on_page[w.page]}">p. {w.page}</a>')
        elif w.page is not None:
            where.append(f"p. {w.page}")
        items.append(f'<li><code>{_e(w.code)}</code> {_e(w.message)}'
                     + (f' <span class="where">({", ".join(where)})</span>' if where else "") + "</li>")
    if not items:
        return "<p>No warnings.</p>"
    return f'<ol class="warnings">{"".join(items)}</ol>'


def _legend(used: set[str]) -> str:
    return "".join(f'<li><span class="tag k-{k}">{_e(k)}</span> {_e(v)}</li>' for k, v in KINDS.items() if k in used)


def render(doc: Document) -> str:
    """The whole review page of one document."""
    is_pdf = doc.source.kind in PDF_KINDS
    crops, crop_problem = render_crops(doc) if is_pdf else ({}, None)
    marks = task_marks(doc)
    cols = _columns(doc)
    agencies = sorted({a for t in doc.tasks for a in (*t.lead, *t.partners)})
    used = {k for m in marks.values() for kinds in m.values() for k in kinds}
    body_rows = []
    section = None
    n_cols = len(cols) + 1
    for i, t in enumerate(doc.tasks):
        if t.section and (t.section, t.section_title) != section:
            section = (t.section, t.section_title)
            title = f"{t.section}. {t.section_title}" if t.section_title else t.section
            body_rows.append(f'<tr class="section"><th colspan="{n_cols}">{_e(title)}</th></tr>')
        m = marks.get(i, {})
        kinds = sorted({k for by_kind in m.values() for k in by_kind})
        attrs = (f'id="row-{i}" class="task{" flagged" if kinds else ""}" data-id="{_e(t.id)}" '
                 f'data-agency="{_e("|".join([*t.lead, *t.partners]))}" data-kinds="{_e(" ".join(kinds))}"')
        cells = "".join(_marked(_cell_html(t, c), m.get(c)) for c, _ in cols)
        body_rows.append(f'<tr {attrs}>{cells}<td class="src">{_source_html(t, crops.get(i))}</td></tr>')
    head = "".join(f"<th>{_e(h)}</th>" for _, h in cols) + "<th>Nguồn / source</th>"
    svg, undated, grouped = timeline_svg(doc.tasks)
    flagged = sum(1 for i in range(len(doc.tasks)) if marks.get(i))
    title = doc.info.title or doc.source.file
    source_note = ""
    if is_pdf and crop_problem:
        source_note = f'<p class="problem">No source pictures: {_e(crop_problem)}; raw cells shown instead.</p>'
    elif not is_pdf:
        source_note = '<p class="note">Word and text inputs: the source column shows the raw cells as read.</p>'
    timeline = ('<p>No task has a usable date.</p>' if not svg else
                f'<p class="note">Grouped by {grouped}. Bars run from the first to the last day a task may take; '
                f'◆ marks a deadline, a pale bar an open end. {undated} task(s) without a usable date are not drawn.</p>{svg}')
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="phuluc">
<title>{_e(doc.source.file)} — phuluc review</title>
<style>{_asset("review.css")}</style></head>
<body>
<header><h1>{_e(title)}</h1>
<p class="sub">{_e(doc.source.file)} · {len(doc.tasks)} tasks · {flagged} flagged · {len(doc.warnings)} warnings</p>
</header>
<details open><summary>Document</summary>{_metadata(doc)}</details>
<details {'open' if doc.warnings else ''}><summary>Warnings ({len(doc.warnings)})</summary>{_warnings(doc)}</details>
<section id="tasks">
<div class="controls">
<input id="q" type="search" placeholder="filter: text, id…" aria-label="filter text">
<select id="agency" aria-label="agency"><option value="">all agencies</option>
{"".join(f'<option>{_e(a)}</option>' for a in agencies)}</select>
<select id="kind" aria-label="flag"><option value="">all flags</option>
{"".join(f'<option value="{k}">{_e(k)}</option>' for k in KINDS if k in used)}</select>
<label><input id="flagged" type="checkbox"> flagged rows only</label>
<span id="count"></span>
</div>
<ul class="legend">{_legend(used)}</ul>
{source_note}
<table class="tasks"><thead><tr>{head}</tr></thead>
<tbody>{"".join(body_rows)}</tbody></table>
</section>
<details open id="timeline"><summary>Timeline</summary>{timeline}</details>
<script>{_asset("review.js")}</script>
</body></html>
"""
