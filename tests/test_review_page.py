"""The review page (--format html): row boxes, crops, marks, timeline, and the page as a
real browser (headless Chromium) renders it. Every input is generated here."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from phuluc.export.pipeline import convert
from phuluc.export.review import write_html
from phuluc.export.review.crops import task_regions
from phuluc.export.review.marks import flag_mark
from phuluc.export.review.timeline import task_span, timeline_svg
from phuluc.extract.model import RawDocument, RawRow, RawTable, Task, Time
from phuluc.extract.tables import reconstruct
from tests.test_pdf_reader import HEADER, XS, Doc

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _plan_pdf(tmp_path: Path) -> Path:
    """Two pages: a ditto, a row cut by the page break, dated tasks."""
    d = Doc(tmp_path / "plan.pdf")
    d.text(200, 40, "PHỤ LỤC", 12)
    d.row(XS, 80, 100, HEADER)
    d.row(XS, 100, 130, ["1", ["Xây dựng kế hoạch triển khai", "Nghị quyết"], "Sở Nội vụ", "Quý I/2026"])
    d.row(XS, 130, 160, ["2", ["Rà soát văn bản quy phạm", "pháp luật"], "Sở Tư pháp", "Tháng 6/2026"])
    d.text(290, 800, "1", 10)
    d.page()
    d.row(XS, 50, 70, HEADER)
    d.row(XS, 70, 90, ["", "của tỉnh", "", ""])  # the rest of row 2, cut by the page break
    d.row(XS, 90, 120, ["3", "Tổ chức hội nghị", "Nt", "Tháng 3/2027"])
    d.row(XS, 120, 150, ["4", "Báo cáo kết quả", "Ban Quản lý Khu Xyz", "Thường xuyên"])
    d.text(290, 800, "2", 10)
    return d.save()


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("review")
    doc = convert(_plan_pdf(tmp))
    out = tmp / "plan.pdf.html"
    write_html(doc, out)
    return doc, out


class _Page(HTMLParser):
    """The parts of the review page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []  # tr.task attributes
        self.imgs: list[dict] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.cells: list[str] = []  # classes of td
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "tr" and "task" in (a.get("class") or "").split():
            self.rows.append(a)
        if tag == "img":
            self.imgs.append(a)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "td":
            self.cells.append(a.get("class") or "")
        for k in ("src", "href"):
            if re.match(r"(https?:)?//", a.get(k) or ""):
                self.external.append(a[k])
        if tag == "link":
            self.external.append(str(a))


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


# -- row boxes ----------------------------------------------------------------


def test_pdf_rows_get_boxes_in_points_one_per_physical_row(plan) -> None:
    doc, _ = plan
    t = {x.id: x for x in doc.tasks}
    for task in doc.tasks:
        assert len(task.source.boxes) == len(task.source.cells)
        for page, x0, top, x1, bottom in task.source.boxes:
            assert page in task.source.pages
            assert 0 <= x0 < x1 <= 595.3 and 0 <= top < bottom <= 841.9
    # row 1 sits between the rules at 100 and 130 pt, across the table's width
    page, x0, top, x1, bottom = t["1"].source.boxes[0]
    assert page == 1 and abs(top - 100) < 1.5 and abs(bottom - 130) < 1.5
    assert abs(x0 - XS[0]) < 1.5 and abs(x1 - XS[-1]) < 1.5
    # the row cut by the page break: one box on each page
    assert [b[0] for b in t["2"].source.boxes] == [1, 2]


def test_boxes_in_json_and_schema(plan) -> None:
    import json

    import jsonschema

    from phuluc.export.json_writer import document_to_json

    doc, _ = plan
    data = document_to_json(doc)
    schema = json.loads((Path(__file__).resolve().parent.parent / "export" / "schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["tasks"][0]["source"]["boxes"][0][0] == 1


def test_word_and_text_rows_have_no_boxes() -> None:
    raw = RawDocument("x.txt", "text", "0" * 64, blocks=[RawTable([
        RawRow(["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"]),
        RawRow(["1", "Việc một", "Sở Nội vụ", "2026"]),
        RawRow(["2", "Việc hai", "Sở Tư pháp", "2027"]),
    ])])
    doc = reconstruct(raw)
    assert doc.tasks and all(not t.source.boxes for t in doc.tasks)
    assert "boxes" not in doc.tasks[0].source.to_json()


def test_low_ocr_confidence_flags_the_field_holding_the_cell() -> None:
    raw = RawDocument("s.pdf", "pdf-ocr", "0" * 64, blocks=[RawTable([
        RawRow(["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện"], page=1),
        RawRow(["1", "Việc một", "Sở Nội vụ", "2026"], page=1, box=(1, 50, 100, 540, 130),
               low_confidence=[False, False, True, True]),
        RawRow(["2", "Việc hai", "Sở Tư pháp", "2027"], page=1, low_confidence=[False, False, False, False]),
    ])])
    t = {x.id: x for x in reconstruct(raw).tasks}
    assert "ocr-low-confidence:lead" in t["1"].flags and "ocr-low-confidence:time" in t["1"].flags
    assert not any(f.startswith("ocr-low") for f in t["2"].flags)
    assert t["1"].source.boxes == [[1, 50, 100, 540, 130]]


# -- the page -------------------------------------------------------------------


def test_page_has_every_task_and_a_crop_beside_each(plan) -> None:
    doc, out = plan
    html = out.read_text(encoding="utf-8")
    p = _parse(html)
    assert [r["data-id"] for r in p.rows] == [t.id for t in doc.tasks]
    assert not p.external  # self-contained: nothing fetched
    crops = [i for i in p.imgs if i["src"].startswith("data:image/png;base64,")]
    assert len(crops) == sum(len(task_regions(t.source.boxes)) for t in doc.tasks) == len(doc.tasks) + 1
    cut = next(i for i, t in enumerate(doc.tasks) if t.id == "2")
    assert 'alt="source of 2, page 1"' in html and 'alt="source of 2, page 2"' in html
    assert f'id="row-{cut}"' in html


def test_flagged_cells_marked_by_kind_and_warnings_link_to_rows(plan) -> None:
    doc, out = plan
    html = out.read_text(encoding="utf-8")
    p = _parse(html)
    row3 = next(r for r in p.rows if r["data-id"] == "3")
    assert "ditto" in row3["data-kinds"].split()
    assert any("m-ditto" in c for c in p.cells) and any("m-page-break" in c for c in p.cells)
    assert "m-agency" in html  # the unknown agency's cell
    assert doc.warnings
    for href in p.hrefs:
        if href.startswith("#"):
            assert href[1:] in p.ids
    assert sum(h.startswith("#row-") for h in p.hrefs) >= 1
    for kind in ("ditto", "page-break", "agency"):
        assert f'<span class="tag k-{kind}">' in html.split('<ul class="legend">', 1)[1].split("</ul>", 1)[0]


def test_text_input_shows_raw_cells(tmp_path: Path) -> None:
    src = tmp_path / "plan.txt"
    src.write_text("PHỤ LỤC\nTT\tNội dung nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành\n"
                   "1\tViệc một\tSở Nội vụ\tNăm 2026\n2\tViệc hai\tnt\tNăm 2027\n", encoding="utf-8")
    doc = convert(src)
    out = tmp_path / "plan.txt.html"
    write_html(doc, out)
    html = out.read_text(encoding="utf-8")
    assert "<img" not in html
    assert '<table class="raw"><tr><td>2</td><td>Việc hai</td><td>nt</td>' in html


def test_flag_marks() -> None:
    assert flag_mark("ditto:lead") == ("ditto", ["lead"])
    assert flag_mark("ditto:time") == ("ditto", ["start", "end"])
    assert flag_mark("joined-page-break") == ("page-break", ["id"])
    assert flag_mark("stray-cell") == ("stray", ["extra"])
    assert flag_mark("ocr-low-confidence:partners") == ("ocr", ["partners"])
    assert flag_mark("legacy:tcvn3:content") == ("legacy", ["content"])
    assert flag_mark("something-new") == ("other", ["id"])


def test_timeline_spans_and_groups() -> None:
    a = Task(id="1", section="I", section_title="Một", start=Time("2026", "2026-01-01", "2026-12-31"),
             end=Time("2028", "2028-01-01", "2028-12-31"))
    b = Task(id="2", section="II", section_title="Hai", end=Time("Trước 30/6/2027", None, "2027-06-30"))
    c = Task(id="3", section="II", end=Time("Thường xuyên", recurring="ongoing"))
    d = Task(id="4", section="II", end=Time("Năm 2027 và các năm tiếp theo", "2027-01-01", None))
    s = task_span(0, a)
    assert (s.start.isoformat(), s.end.isoformat(), s.deadline) == ("2026-01-01", "2028-12-31", False)
    assert task_span(1, b).deadline and task_span(2, c) is None
    assert task_span(3, d).open_end
    svg, undated, grouped = timeline_svg([a, b, c, d])
    assert undated == 1 and grouped == "section"
    assert svg.count('class="bar"') == 1 and svg.count('class="deadline"') == 1
    assert svg.count('class="bar open"') == 1
    assert "I. Một" in svg and ">2026<" in svg and ">2028<" in svg


# -- in a real browser ------------------------------------------------------------

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/system-deps.sh)")


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         f"--user-data-dir={tmp / 'profile'}", "--virtual-time-budget=5000", *args],
        capture_output=True, text=True, timeout=120, check=False)


@needs_chromium
def test_browser_dom_has_every_task_and_filters(plan, tmp_path: Path) -> None:
    doc, out = plan
    dom = _chromium(tmp_path, "--dump-dom", out.as_uri()).stdout
    p = _parse(dom)
    assert [r["data-id"] for r in p.rows] == [t.id for t in doc.tasks]
    assert all("hidden" not in r.get("class", "") for r in p.rows)
    assert f"{len(doc.tasks)} of {len(doc.tasks)} tasks shown" in dom  # the script ran
    dom = _chromium(tmp_path, "--dump-dom", out.as_uri() + "?flagged=1").stdout
    shown = [r["data-id"] for r in _parse(dom).rows if "hidden" not in r["class"].split()]
    assert shown == [t.id for t in doc.tasks if t.flags or t.id == "4"]  # 4: unknown agency
    dom = _chromium(tmp_path, "--dump-dom", out.as_uri() + "?q=hoi+nghi").stdout  # accents ignored
    assert [r["data-id"] for r in _parse(dom).rows if "hidden" not in r["class"].split()] == ["3"]


@needs_chromium
def test_browser_screenshot_shows_the_source_table(plan, tmp_path: Path) -> None:
    """The crops are drawn: the PDF's black ruling lines appear in the source column (the
    review table's own borders are light grey)."""
    _, out = plan
    shot = tmp_path / "page.png"
    res = _chromium(tmp_path, "--window-size=1400,1600", f"--screenshot={shot}", out.as_uri())
    assert shot.exists(), res.stderr[-500:]
    gray = np.asarray(Image.open(shot).convert("L"))
    right = gray[:, gray.shape[1] // 2:] < 170  # anti-aliased black rules; the page's own borders are 214
    runs = 0
    for row in right:
        best = cur = 0
        for v in row:
            cur = cur + 1 if v else 0
            best = max(best, cur)
        runs += best >= 150
    assert runs >= 4, runs


def test_deskewed_boxes_map_back_to_the_scan() -> None:
    from phuluc.extract.readers.ocr import skewed_box

    scan = Image.new("L", (400, 300), 255)
    scan.paste(0, (298, 48, 303, 53))  # a dot centred on (300.5, 50.5)
    angle = 3.0
    deskewed = np.asarray(scan.rotate(-angle, fillcolor=255))  # as ocr_page turns it
    ys, xs = np.nonzero(deskewed < 128)
    x, y = xs.mean() + 0.5, ys.mean() + 0.5
    x0, top, x1, bottom = skewed_box((x, y, x, y), angle, (200, 150))
    assert abs(x0 - 300.5) < 1.0 and abs(top - 50.5) < 1.0 and x0 == x1 and top == bottom
