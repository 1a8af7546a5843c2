"""Generated inputs for the benchmarks: task tables of any length, never corpus text.

    python benchmarks/generate.py text OUT.txt --rows 100000 [--all-one]
    python benchmarks/generate.py pdf OUT.pdf --pages 10
    python benchmarks/generate.py docx OUT.docx --rows 40

Rows are built from a small vocabulary of generic work items, bodies and times, varied by a
seeded random generator so cells are mostly distinct (caches are not flattered).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành"]
VERBS = ["Xây dựng", "Rà soát", "Tổ chức", "Triển khai", "Hoàn thiện", "Kiểm tra", "Đánh giá", "Tuyên truyền về",
         "Nâng cấp", "Hướng dẫn"]
OBJECTS = ["kế hoạch", "đề án", "cơ sở dữ liệu", "hệ thống thông tin", "quy chế phối hợp", "chương trình đào tạo",
           "mạng lưới cộng tác viên", "báo cáo chuyên đề", "bộ tiêu chí", "quy trình nội bộ"]
TOPICS = ["chuyển đổi số", "cải cách hành chính", "phát triển du lịch", "bảo vệ môi trường", "an toàn thực phẩm",
          "giáo dục nghề nghiệp", "phòng chống thiên tai", "y tế cơ sở", "khoa học và công nghệ", "nông thôn mới"]
BODIES = ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo",
          "Sở Tư pháp", "Sở Xây dựng", "Sở Công Thương", "Văn phòng UBND tỉnh", "Công an tỉnh",
          "UBND các huyện, thành phố", "Sở Văn hóa, Thể thao và Du lịch"]
PRODUCTS = ["Kế hoạch", "Quyết định", "Báo cáo", "Đề án", "Văn bản hướng dẫn", "Hội nghị"]
GROUP = 100  # a task and its 99 sub-tasks (numbers have at most 3 digits a level)


def _row(rng: random.Random, n: int) -> list[str]:
    content = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} về {rng.choice(TOPICS)} giai đoạn {n % 97 + 1}"
    lead = rng.choice(BODIES)
    partners = ", ".join(rng.sample(BODIES, rng.randint(1, 3)))
    when = rng.choice([f"Quý {rng.choice(['I', 'II', 'III', 'IV'])}/{2020 + n % 9}", f"Năm {2020 + n % 9}",
                       f"{rng.randint(1, 12)}/{2020 + n % 9}", "Thường xuyên"])
    return [content, lead, partners, rng.choice(PRODUCTS), when]


def text_table(rows: int, all_one: bool = False, seed: int = 7) -> str:
    """A programme with one TAB-separated task table of ``rows`` rows: tasks 1, 2, … each
    with sub-tasks 1.1 … 1.99 (or every row numbered "1" with ``all_one``)."""
    rng = random.Random(seed)
    lines = ["KẾ HOẠCH", "Thực hiện nhiệm vụ năm 2026", "", "\t".join(HEADER)]
    for i in range(rows):
        group, item = divmod(i, GROUP)
        number = f"{group + 1}.{item}" if item else str(group + 1)
        lines.append("\t".join(["1" if all_one else number, *_row(rng, i)]))
    return "\n".join(lines) + "\n"


def pdf_table(path: Path, pages: int, rows_per_page: int = 20, seed: int = 7) -> None:
    """A ruled task table over ``pages`` pages, its header repeated on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    font = _font()
    pdfmetrics.registerFont(TTFont("Body", font))
    style = ParagraphStyle("cell", fontName="Body", fontSize=8, leading=10)
    rng = random.Random(seed)
    data = [[Paragraph(h, style) for h in HEADER]]
    for i in range(pages * rows_per_page):
        data.append([Paragraph(str(i + 1), style), *(Paragraph(c, style) for c in _row(rng, i))])
    table = LongTable(data, colWidths=[30, 260, 110, 160, 80, 90], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    title = Paragraph("KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM 2026", ParagraphStyle("t", fontName="Body", fontSize=11))
    SimpleDocTemplate(str(path), pagesize=landscape(A4), topMargin=30, bottomMargin=30).build([title, table])


def html_table(rows: int, seed: int = 7) -> str:
    """The text table as an HTML page (LibreOffice turns it into a faithful .doc; a table
    python-docx writes comes out of LibreOffice's .doc filter as plain paragraphs)."""
    from html import escape

    lines = text_table(rows, seed=seed).splitlines()
    cells = [line.split("\t") for line in lines[3:]]
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in cells)
    return (f'<html><head><meta charset="utf-8"></head><body><p>{escape(lines[0])}</p>'
            f'<table border="1">{body}</table></body></html>')


def docx_table(path: Path, rows: int, seed: int = 7) -> None:
    import docx

    rng = random.Random(seed)
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM 2026")
    t = d.add_table(rows=1, cols=len(HEADER))
    t.style = "Table Grid"
    for c, h in zip(t.rows[0].cells, HEADER, strict=True):
        c.text = h
    for i in range(rows):
        for c, v in zip(t.add_row().cells, [str(i + 1), *_row(rng, i)], strict=True):
            c.text = v
    d.save(str(path))


def _font() -> str:
    """A TrueType font with Vietnamese letters (DejaVu ships with most systems)."""
    for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/TTF/DejaVuSans.ttf"):
        if Path(p).exists():
            return p
    raise SystemExit("no DejaVuSans.ttf: install fonts-dejavu-core")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["text", "pdf", "docx"])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--all-one", action="store_true", help="number every row 1")
    args = ap.parse_args(argv)
    if args.kind == "text":
        args.out.write_text(text_table(args.rows, args.all_one), encoding="utf-8")
    elif args.kind == "pdf":
        pdf_table(args.out, args.pages)
    else:
        docx_table(args.out, args.rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
