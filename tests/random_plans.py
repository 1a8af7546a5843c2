"""Randomized plans with their known tasks: one generated table rendered as TAB text, .docx
and PDF (ruled, horizontal rules only, no lines), for end-to-end checks no visible file
could have tuned (``tests/test_generated_plans.py``).

Each seed draws a header (a synonym for every column, the middle columns in any order,
optional columns), sections (none, I/II/III or A/B/C), tasks with made-up content, bodies and
times, and ditto marks ("Nt", "Như trên", "-nt-", '"' …) whose meaning is known. Nothing
comes from any corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

NAMES = {
    "tt": ["TT", "STT", "Số TT"],
    "content": ["Nội dung", "Nội dung nhiệm vụ", "Nhiệm vụ", "Tên nhiệm vụ", "Nội dung công việc",
                "Nhiệm vụ, giải pháp", "Công việc"],
    "lead": ["Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì", "Cơ quan chủ trì thực hiện", "Cơ quan, đơn vị chủ trì",
             "Đơn vị chủ trì thực hiện"],
    "partners": ["Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp", "Cơ quan phối hợp thực hiện",
                 "Đơn vị phối hợp thực hiện"],
    "deliverable": ["Sản phẩm", "Kết quả", "Sản phẩm đầu ra", "Hình thức văn bản", "Kết quả, sản phẩm",
                    "Sản phẩm hoàn thành"],
    "end": ["Thời gian hoàn thành", "Thời hạn hoàn thành", "Thời hạn", "Tiến độ hoàn thành", "Thời gian"],
    "note": ["Ghi chú"],
}
BODIES = ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Tư pháp", "Sở Xây dựng", "Sở Công Thương", "Công an tỉnh",
          "Văn phòng UBND tỉnh", "UBND các huyện, thành phố", "Sở Giáo dục và Đào tạo",
          "Sở Văn hóa, Thể thao và Du lịch", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
          "Ban Dân tộc tỉnh", "Thanh tra tỉnh"]
# (as written, from, to)
TIMES = [("Năm 2026", "2026-01-01", "2026-12-31"), ("Quý II/2026", "2026-04-01", "2026-06-30"),
         ("Tháng 7/2026", "2026-07-01", "2026-07-31"), ("Trước 30/6/2026", None, "2026-06-30"),
         ("6 tháng đầu năm 2026", "2026-01-01", "2026-06-30"), ("Quý IV/2026", "2026-10-01", "2026-12-31"),
         ("Thường xuyên", None, None), ("Hằng năm", None, None), ("2026-2027", "2027-01-01", "2027-12-31"),
         ("Tháng 12/2026", "2026-12-01", "2026-12-31"), ("Trước ngày 15/9/2026", None, "2026-09-15")]
VERBS = ["Xây dựng", "Rà soát", "Tổ chức", "Triển khai", "Hoàn thiện", "Kiểm tra", "Đánh giá", "Tuyên truyền về"]
OBJECTS = ["kế hoạch", "đề án", "cơ sở dữ liệu", "quy chế phối hợp", "chương trình đào tạo", "báo cáo chuyên đề"]
TOPICS = ["chuyển đổi số", "cải cách hành chính", "phát triển du lịch", "bảo vệ môi trường", "an toàn thực phẩm"]
PRODUCTS = ["Kế hoạch", "Quyết định", "Báo cáo", "Đề án", "Văn bản hướng dẫn", "Hội nghị"]
DITTOS = ["Nt", "Như trên", "-nt-", "nt", '"', "Nt."]
SECTIONS = [("I", "II", "III"), ("A", "B", "C")]
SECTION_TITLES = ["Công tác chỉ đạo, điều hành", "Hoàn thiện thể chế", "Nâng cao chất lượng dịch vụ công",
                  "Tuyên truyền, phổ biến"]
HEAD = ["ỦY BAN NHÂN DÂN TỈNH HÒA PHONG", "Số: 12/KH-UBND", "Hòa Phong, ngày 5 tháng 3 năm 2026", "KẾ HOẠCH",
        "Thực hiện cải cách hành chính năm 2026"]
SIGNATURE = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
DITTO_SHARE = 0.2  # of the lead, partner and time cells written as a ditto of the row above


@dataclass
class Plan:
    columns: list[str]  # fields, in the table's order
    header: list[str]
    rows: list[list[str]]  # as printed: section rows and task rows
    tasks: list[dict]  # per task: id and the value of each field, dittos resolved


def plan(seed: int) -> Plan:
    rng = random.Random(seed)
    cols = ["content", "lead", "partners", "deliverable", "end"]
    if rng.random() < 0.3:
        cols.remove("deliverable")
    if rng.random() < 0.2:
        cols.remove("partners")
    if rng.random() < 0.3:
        cols.append("note")
    middle = cols[1:]
    if rng.random() < 0.4:
        rng.shuffle(middle)
    cols = ["tt", "content", *middle]
    header = [rng.choice(NAMES[c]) for c in cols]
    labels = rng.choice([None, *SECTIONS])
    rows: list[list[str]] = []
    tasks: list[dict] = []
    above: dict[str, object] = {}
    for s in range(rng.randint(2, 3) if labels else 1):
        label = labels[s] if labels else None
        if label:
            rows.append([label, rng.choice(SECTION_TITLES)] + [""] * (len(cols) - 2))
        for k in range(1, rng.randint(2, 5) + 1):
            values = {"tt": str(k), "content": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} về {rng.choice(TOPICS)} "
                      f"số {s}{k}", "lead": rng.choice(BODIES),
                      "partners": ", ".join(rng.sample(BODIES, rng.randint(1, 2))),
                      "deliverable": rng.choice(PRODUCTS), "end": rng.choice(TIMES),
                      "note": rng.choice(["", "", "Ưu tiên"])}
            known = dict(values)
            cells = []
            for c in cols:
                cell = values[c][0] if c == "end" else values[c]
                if c in ("lead", "partners", "end") and c in above and rng.random() < DITTO_SHARE:
                    cell = rng.choice(DITTOS)
                    known[c] = above[c]
                cells.append(cell)
            above.update({c: known[c] for c in ("lead", "partners", "end")})
            rows.append(cells)
            tasks.append({"id": f"{label}.{k}" if label else str(k), **known})
    return Plan(cols, header, rows, tasks)


def write_text(p: Plan, path: Path) -> Path:
    lines = [*HEAD, "", "\t".join(p.header), *("\t".join(r) for r in p.rows), "", *SIGNATURE]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(p: Plan, path: Path, seed: int) -> Path:
    """Section rows merged across the columns after the number, half of them."""
    import docx

    rng = random.Random(seed)
    d = docx.Document()
    for line in HEAD:
        d.add_paragraph(line)
    t = d.add_table(rows=1 + len(p.rows), cols=len(p.header))
    t.style = "Table Grid"
    for j, h in enumerate(p.header):
        t.cell(0, j).text = h
    for i, r in enumerate(p.rows, start=1):
        if not r[0].isdigit() and rng.random() < 0.5:
            t.cell(i, 0).text = r[0]
            t.cell(i, 1).merge(t.cell(i, len(p.header) - 1)).text = r[1]
            continue
        for j, v in enumerate(r):
            t.cell(i, j).text = v
    for line in SIGNATURE:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def write_pdf(p: Plan, path: Path, lines: str = "grid") -> Path:
    """``lines``: grid (ruled), rules (horizontal rules only) or none; the header repeats on
    every page, narrow columns wrap their cells."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    if "RandomPlan" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("RandomPlan", FONT))
    style = ParagraphStyle("cell", fontName="RandomPlan", fontSize=10, leading=12)
    story = [Paragraph(x, style) for x in HEAD] + [Spacer(1, 10)]
    data = [[Paragraph(h, style) for h in p.header]]
    data += [[Paragraph(v.replace('"', "&quot;"), style) for v in r] for r in p.rows]
    unit = (A4[0] - 72) / (len(p.header) + 2)
    table = LongTable(data, colWidths=[unit * 0.6, unit * 2.4] + [unit] * (len(p.header) - 2), repeatRows=1)
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if lines == "grid":
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif lines == "rules":
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(commands))
    story += [table, Spacer(1, 12)] + [Paragraph(x, style) for x in SIGNATURE]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def differences(doc, p: Plan) -> list[str]:
    """What the converted document says otherwise than the plan (empty: all of it right)."""
    out = []
    got = {t.id: t for t in doc.tasks}
    if [t.id for t in doc.tasks] != [t["id"] for t in p.tasks]:
        out.append(f"ids {[t.id for t in doc.tasks]} != {[t['id'] for t in p.tasks]}")
    fields = {"content": "content", "lead": "lead_text", "partners": "partners_text", "deliverable": "deliverable"}
    for known in p.tasks:
        t = got.get(known["id"])
        if t is None:
            continue
        for c, attr in fields.items():
            if c in p.columns and getattr(t, attr) != known[c]:
                out.append(f"{known['id']} {attr}: {getattr(t, attr)!r} != {known[c]!r}")
        if "end" in p.columns:
            text, _, to = known["end"]
            if t.end is None or (t.end.text, t.end.to) != (text, to):
                out.append(f"{known['id']} end: {t.end and (t.end.text, t.end.to)} != {(text, to)}")
    return out
