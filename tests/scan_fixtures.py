"""The scan bench: generated plans, rasterised and degraded like real scans, with their known tables.

Every kind of table the reader tests draw (ruled, horizontal rules only, no lines, merged
cells, a two-level header, a landscape page, a row cut by a page break with and without a
repeated header) is drawn here as a born-digital PDF with reportlab: a header block, a title,
the appendix table and a signature block. Its *known table* is what phuluc reads from that
text layer (the text reader is exact on such files; ``test_ocr_bench`` checks the contents
against the drawn cells). The scan is the same page rendered at 150, 200 or 300 dpi and
degraded (``VARIANTS``): skew, blur, noise, JPEG artefacts, faint and broken ruling lines,
a red round stamp over the signature, a slight perspective. Scoring is the cell F1 of the
dev scorer (text after NFC and whitespace collapsing, agency lists as sets, times by their
dates, the document fields).

Used by ``tests/test_ocr_bench.py`` (a few fast variants) and ``benchmarks/bench_ocr.py``
(all of them). Nothing here comes from any corpus: provinces, agencies and tasks are made up.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Names of our own: reportlab's font registry is global, and other tests register "VN".
FONT_PATHS = {
    "BenchVN": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
           "/usr/share/fonts/dejavu/DejaVuSans.ttf"],
    "BenchVNB": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"],
}
DPIS = (150, 200, 300)


def fonts_available() -> bool:
    return all(any(Path(p).exists() for p in paths) for paths in FONT_PATHS.values())


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, paths in FONT_PATHS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            path = next(p for p in paths if Path(p).exists())
            pdfmetrics.registerFont(TTFont(name, path))


# ---------------------------------------------------------------------------
# The plans (made-up content)
# ---------------------------------------------------------------------------

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
ROWS = [
    ["I", "Công tác chỉ đạo, điều hành", "", "", ""],
    ["1", "Xây dựng kế hoạch triển khai thực hiện Chương trình", "Sở Nội vụ", "Các sở, ban, ngành", "Quý I/2026"],
    ["2", "Rà soát, sửa đổi quy chế làm việc của cơ quan", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Tháng 6/2026"],
    ["3", "Kiểm tra việc thực hiện kỷ luật, kỷ cương hành chính", "Sở Nội vụ", "Thanh tra tỉnh", "Thường xuyên"],
    ["II", "Nâng cao chất lượng dịch vụ công", "", "", ""],
    ["1", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Khoa học và Công nghệ",
     "UBND các huyện, thị xã", "Năm 2026"],
    ["2", "Tập huấn kỹ năng cho công chức bộ phận một cửa", "Sở Nội vụ", "UBND cấp xã", "Quý III/2026"],
    ["3", "Khảo sát mức độ hài lòng của người dân", "Sở Tài chính", "Các cơ quan liên quan", "Tháng 11/2026"],
]
PROVINCE = "HÒA PHONG"


@dataclass
class Style:
    gray: float = 0.0  # ruling line colour (0 = black)
    dash: tuple[int, ...] = ()  # broken lines: on/off lengths in points
    width: float = 0.6


@dataclass
class Page:
    """One drawn page: its size in points and where the signature block sits (points, top-down)."""

    size: tuple[float, float]
    signature: tuple[float, float] | None = None  # centre of the signer's position lines


@dataclass
class Plan:
    kind: str
    pdf: Path
    pages: list[Page] = field(default_factory=list)


class _Canvas:
    def __init__(self, path: Path, size: tuple[float, float], style: Style) -> None:
        from reportlab.pdfgen import canvas

        _register_fonts()
        self.c = canvas.Canvas(str(path), pagesize=size)
        self.w, self.h = size
        self.style = style
        self.pages: list[Page] = [Page(size)]

    def text(self, x: float, top: float, s: str, size: float = 10.5, bold: bool = False,
             centre: bool = False) -> None:
        self.c.setFillGray(0)
        self.c.setFont("BenchVNB" if bold else "BenchVN", size)
        if centre:
            self.c.drawCentredString(x, self.h - top - size, s)
        else:
            self.c.drawString(x, self.h - top - size, s)

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        st = self.style
        self.c.setStrokeGray(st.gray)
        self.c.setLineWidth(st.width)
        self.c.setDash(list(st.dash)) if st.dash else self.c.setDash([])
        self.c.line(x0, self.h - y0, x1, self.h - y1)

    def new_page(self, size: tuple[float, float] | None = None) -> None:
        self.c.showPage()
        if size:
            self.c.setPageSize(size)
            self.w, self.h = size
        self.pages.append(Page((self.w, self.h)))

    def save(self) -> None:
        self.c.save()


def _wrap(text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    cur = ""
    for w in text.split():
        trial = f"{cur} {w}".strip()
        if cur and stringWidth(trial, "BenchVNB" if bold else "BenchVN", size) > width_pt:
            out.append(cur)
            cur = w
        else:
            cur = trial
    if cur:
        out.append(cur)
    return out


def _heading(cv: _Canvas, top: float = 40) -> float:
    w = cv.w
    left, right = 130, w - 160
    cv.text(left, top, "ỦY BAN NHÂN DÂN", 11, bold=True, centre=True)
    cv.text(left, top + 15, f"TỈNH {PROVINCE}", 11, bold=True, centre=True)
    cv.text(right, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, bold=True, centre=True)
    cv.text(right, top + 15, "Độc lập - Tự do - Hạnh phúc", 11, bold=True, centre=True)
    cv.text(left, top + 38, "Số: 47/KH-UBND", 11, centre=True)
    cv.text(right, top + 38, "Hòa Phong, ngày 12 tháng 3 năm 2026", 11, centre=True)
    cv.text(w / 2, top + 70, "KẾ HOẠCH", 13, bold=True, centre=True)
    cv.text(w / 2, top + 88, "Nâng cao hiệu quả cải cách hành chính năm 2026", 11, bold=True, centre=True)
    cv.text(w / 2, top + 112, "PHỤ LỤC", 11, bold=True, centre=True)
    return top + 135


def _signature(cv: _Canvas, top: float) -> None:
    x = cv.w - 150
    cv.text(60, top, "Nơi nhận:", 10, bold=True)
    cv.text(60, top + 13, "- Như trên;", 9)
    cv.text(60, top + 25, "- Lưu: VT.", 9)
    cv.text(x, top, "TM. ỦY BAN NHÂN DÂN", 11, bold=True, centre=True)
    cv.text(x, top + 15, "KT. CHỦ TỊCH", 11, bold=True, centre=True)
    cv.text(x, top + 30, "PHÓ CHỦ TỊCH", 11, bold=True, centre=True)
    cv.text(x, top + 95, "Trần Minh Khoa", 11, bold=True, centre=True)
    cv.pages[-1].signature = (x, top + 40)


SIZE = 9.5
PITCH = 12.0


def _cell_lines(cells: list[str], xs: list[float], bold: bool = False) -> list[list[str]]:
    return [_wrap(c, xs[i + 1] - xs[i] - 8, SIZE, bold) if c else [] for i, c in enumerate(cells)]


def _draw_row(cv: _Canvas, xs: list[float], top: float, cells: list[str], bold: bool = False,
              lines: list[list[str]] | None = None) -> float:
    lines = lines if lines is not None else _cell_lines(cells, xs, bold)
    for i, ls in enumerate(lines):
        for k, s in enumerate(ls):
            cv.text(xs[i] + 4, top + 4 + k * PITCH, s, SIZE, bold=bold)
    return top + 8 + PITCH * max(1, max(len(ls) for ls in lines))


def _grid(cv: _Canvas, xs: list[float], ys: list[float], verticals: bool = True,
          skip_below: set[tuple[int, int]] = frozenset()) -> None:
    """Ruling lines of a table: horizontal at ys, vertical at xs; skip_below (row, col): no
    line under that slot (a cell merged with the next row)."""
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (r - 1, c) not in skip_below:
                cv.rule(xs[c], y, xs[c + 1], y)
    if verticals:
        for x in xs:
            cv.rule(x, ys[0], x, ys[-1])


PORTRAIT = (595.28, 841.89)
LANDSCAPE = (841.89, 595.28)
XS = [45, 72, 262, 360, 460, 552]
XS_LAND = [45, 80, 400, 540, 680, 800]


def _table(cv: _Canvas, top: float, xs: list[float], rows: list[list[str]], lines: str = "ruled",
           header: list[str] = HEADER) -> float:
    """A table with a one-row header: ruled, "hrules" (horizontal rules only) or "none"."""
    ys = [top]
    y = _draw_row(cv, xs, top, header, bold=True)
    ys.append(y)
    for r in rows:
        y = _draw_row(cv, xs, y, r, bold=bool(r[0]) and not r[2])
        ys.append(y)
    if lines == "ruled":
        _grid(cv, xs, ys)
    elif lines == "hrules":
        for yy in ys:
            cv.rule(xs[0], yy, xs[-1], yy)
    return y


def _one_table(kind: str, lines: str):
    """The plan of one portrait page: heading, the table drawn with ``lines``, signature."""

    def plan(path: Path, style: Style) -> Plan:
        cv = _Canvas(path, PORTRAIT, style)
        y = _table(cv, _heading(cv), XS, ROWS, lines=lines)
        _signature(cv, y + 25)
        cv.save()
        return Plan(kind, path, cv.pages)

    return plan


plan_ruled = _one_table("ruled", "ruled")
plan_hrules = _one_table("hrules", "hrules")
plan_nolines = _one_table("nolines", "none")


def plan_landscape(path: Path, style: Style) -> Plan:
    cv = _Canvas(path, LANDSCAPE, style)
    y = _table(cv, _heading(cv, 30), XS_LAND, ROWS)
    _signature(cv, y + 20)
    cv.save()
    return Plan("landscape", path, cv.pages)


TWO_LEVEL_TOP = ["TT", "Nội dung nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian", ""]
TWO_LEVEL_SUB = ["", "", "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành"]
XS_TWO = [45, 72, 250, 340, 430, 490, 552]
TWO_ROWS = [
    ["1", "Xây dựng cơ sở dữ liệu cán bộ, công chức", "Sở Nội vụ", "Các sở, ngành", "Tháng 3/2026",
     "Tháng 9/2026"],
    ["2", "Hoàn thiện cổng dịch vụ công của tỉnh", "Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh",
     "Quý I/2026", "Quý IV/2026"],
    ["3", "Đánh giá chỉ số cải cách hành chính", "Sở Nội vụ", "Các cơ quan liên quan", "Tháng 1/2026",
     "Tháng 12/2026"],
    ["4", "Tuyên truyền về cải cách hành chính", "Sở Văn hóa và Thể thao", "Báo Hòa Phong", "Năm 2026",
     "Năm 2027"],
]


def plan_two_level(path: Path, style: Style) -> Plan:
    """A two-level header: "Cơ quan thực hiện" over Chủ trì | Phối hợp, "Thời gian" over
    Bắt đầu | Hoàn thành (the upper cells span two columns, TT and Nội dung span two rows)."""
    cv = _Canvas(path, PORTRAIT, style)
    xs = XS_TWO
    top = _heading(cv)
    y1 = _draw_row(cv, xs, top, TWO_LEVEL_TOP, bold=True)
    y2 = _draw_row(cv, xs, y1, TWO_LEVEL_SUB, bold=True)
    ys = [top, y1, y2]
    y = y2
    for r in TWO_ROWS:
        y = _draw_row(cv, xs, y, r)
        ys.append(y)
    st = cv
    # Header: the top line, the line under the upper level only where it is split, verticals
    # except inside the spanning upper cells.
    st.rule(xs[0], top, xs[-1], top)
    for c in (2, 3, 4, 5):
        st.rule(xs[c], y1, xs[c + 1], y1)
    for yy in ys[2:]:
        st.rule(xs[0], yy, xs[-1], yy)
    for i, x in enumerate(xs):
        if i in (3, 5):
            st.rule(x, y1, x, ys[-1])
        else:
            st.rule(x, top, x, ys[-1])
    _signature(cv, y + 25)
    cv.save()
    return Plan("two-level", path, cv.pages)


MERGED_ROWS = [  # (tt, content, lead, partners, time); lead and tt spans marked below
    ["1", "Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh", "Sở Tư pháp", "Các sở, ngành",
     "Quý II/2026"],
    ["2", "Cập nhật, công khai thủ tục hành chính", "Sở Tư pháp", "UBND các huyện", "Thường xuyên"],
    ["3", "Tổ chức đối thoại với doanh nghiệp", "Sở Công Thương", "Hiệp hội doanh nghiệp", "Tháng 8/2026"],
    ["4", "Kiểm tra công tác văn thư, lưu trữ", "Sở Nội vụ", "Các cơ quan liên quan", "Quý IV/2026"],
]


def plan_merged(path: Path, style: Style) -> Plan:
    """Merged cells: the lead "Sở Tư pháp" spans rows 1-2 (printed once, in the middle)."""
    cv = _Canvas(path, PORTRAIT, style)
    xs = XS
    top = _heading(cv)
    y = _draw_row(cv, xs, top, HEADER, bold=True)
    ys = [top, y]
    bodies = [_cell_lines(r, xs) for r in MERGED_ROWS]
    bodies[0][2] = bodies[1][2] = []  # printed once for both rows, below
    for lines in bodies:
        y = _draw_row(cv, xs, y, [], lines=lines)
        ys.append(y)
    mid = (ys[1] + ys[3]) / 2 - SIZE / 2 - 2  # the span's text in the middle of its two rows
    cv.text(xs[2] + 4, mid, MERGED_ROWS[0][2], SIZE)
    _grid(cv, xs, ys, skip_below={(1, 2)})
    _signature(cv, y + 25)
    cv.save()
    return Plan("merged", path, cv.pages)


BREAK_PAGE1 = ROWS[:4]
BREAK_CUT = ["4", "Ứng dụng công nghệ thông tin trong quản lý văn bản, hồ sơ công việc", "Văn phòng UBND tỉnh",
             "Các sở, ngành", "Năm 2026"]
BREAK_REST = ["", "và triển khai chữ ký số chuyên dùng", "", "", ""]
BREAK_PAGE2 = ROWS[4:]


def _plan_break(path: Path, style: Style, repeat: bool, kind: str) -> Plan:
    """A table across two pages; the page break cuts row 4's content in two."""
    cv = _Canvas(path, PORTRAIT, style)
    top = _heading(cv)
    y = _table(cv, top, XS, [*BREAK_PAGE1, BREAK_CUT])
    cv.new_page()
    top = 50
    rows = [BREAK_REST, *BREAK_PAGE2]
    if repeat:
        y = _table(cv, top, XS, rows)
    else:
        ys = [top]
        y = top
        for r in rows:
            y = _draw_row(cv, XS, y, r, bold=not r[2] and bool(r[0]))
            ys.append(y)
        _grid(cv, XS, ys)
    _signature(cv, y + 25)
    cv.save()
    return Plan(kind, path, cv.pages)


def plan_page_break(path: Path, style: Style) -> Plan:
    return _plan_break(path, style, True, "page-break")


def plan_page_break_no_header(path: Path, style: Style) -> Plan:
    return _plan_break(path, style, False, "page-break-no-header")


PLANS = {
    "ruled": plan_ruled,
    "hrules": plan_hrules,
    "nolines": plan_nolines,
    "merged": plan_merged,
    "two-level": plan_two_level,
    "landscape": plan_landscape,
    "page-break": plan_page_break,
    "page-break-no-header": plan_page_break_no_header,
}

# The cells drawn, for checking the known table: content of every task row by kind.
DRAWN_CONTENT = {
    "ruled": [r[1] for r in ROWS if r[2]],
    "hrules": [r[1] for r in ROWS if r[2]],
    "nolines": [r[1] for r in ROWS if r[2]],
    "landscape": [r[1] for r in ROWS if r[2]],
    "merged": [r[1] for r in MERGED_ROWS],
    "two-level": [r[1] for r in TWO_ROWS],
    "page-break": [r[1] for r in BREAK_PAGE1 if r[2]] + [f"{BREAK_CUT[1]} {BREAK_REST[1]}"]
    + [r[1] for r in BREAK_PAGE2 if r[2]],
}
DRAWN_CONTENT["page-break-no-header"] = DRAWN_CONTENT["page-break"]


# ---------------------------------------------------------------------------
# Degradations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    name: str
    skew: float = 0.0  # degrees
    blur: float = 0.0  # Gaussian radius in pixels at 300 dpi
    noise: float = 0.0  # standard deviation of grey noise
    jpeg: int = 0  # JPEG quality (0 = lossless)
    faint: bool = False  # pale, broken ruling lines
    stamp: bool = False  # a red round stamp over the signature
    perspective: float = 0.0  # share by which the top edge is narrower than the bottom


VARIANTS = [
    Variant("clean"),
    Variant("skew+2", skew=2.0),
    Variant("skew-1.5", skew=-1.5),
    Variant("blur", blur=1.2),
    Variant("noise", noise=18.0),
    Variant("jpeg", jpeg=25),
    Variant("faint-lines", faint=True),
    Variant("stamp", stamp=True),
    Variant("perspective", perspective=0.015),
    Variant("all", skew=1.0, blur=0.8, noise=10.0, jpeg=40, faint=True, stamp=True, perspective=0.01),
]
VARIANT = {v.name: v for v in VARIANTS}
FAINT = Style(gray=0.62, dash=(14, 1.5), width=0.5)


def _stamp(page: Image.Image, centre: tuple[float, float], dpi: int) -> Image.Image:
    """A red round seal (two rings, a star, a text band) centred on ``centre`` (pixels), and a
    signature scribble: ink multiplied over the print, as a pressed seal is."""
    from PIL import ImageChops

    img = Image.new("RGB", page.size, (255, 255, 255))
    d = ImageDraw.Draw(img)
    r = 0.62 * dpi
    cx, cy = centre
    red = (205, 35, 40)
    w = max(2, dpi // 60)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=w)
    d.ellipse([cx - 0.8 * r, cy - 0.8 * r, cx + 0.8 * r, cy + 0.8 * r], outline=red, width=max(1, w // 2))
    star = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = 0.22 * r if k % 2 == 0 else 0.09 * r
        star.append((cx + rr * math.cos(a), cy - 0.1 * r + rr * math.sin(a)))
    d.polygon(star, fill=red)
    path = next((p for p in FONT_PATHS["BenchVNB"] if Path(p).exists()), None)
    font = ImageFont.truetype(path, int(0.11 * dpi)) if path else ImageFont.load_default()
    d.text((cx, cy + 0.32 * r), "ỦY BAN NHÂN DÂN", fill=red, font=font, anchor="mm")
    # Letters round the ring, as a seal has them.
    ring = "TỈNH HÒA PHONG * ỦY BAN NHÂN DÂN *"
    for k, ch in enumerate(ring):
        a = -math.pi + 2 * math.pi * k / len(ring)
        x, y = cx + 0.9 * r * math.cos(a), cy + 0.9 * r * math.sin(a)
        d.text((x, y), ch, fill=red, font=font, anchor="mm")
    # A signature in blue pen under the seal.
    pts = [(cx - 0.5 * r + t * r / 12, cy + 0.1 * r + 0.15 * r * math.sin(t * 1.3)) for t in range(13)]
    d.line(pts, fill=(35, 45, 150), width=max(2, dpi // 100))
    return ImageChops.multiply(page, img)


def _perspective(img: Image.Image, share: float) -> Image.Image:
    """The page as photographed slightly from below: the top edge ``share`` narrower."""
    w, h = img.size
    dx = share * w / 2
    # Output corners (0,0),(w,0),(w,h),(0,h) sample input corners inset at the top.
    src = [(dx, 0), (w - dx, 0), (w, h), (0, h)]
    dst = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = _perspective_coeffs(dst, src)
    return img.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                         fillcolor=(255, 255, 255))


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return list(np.linalg.solve(np.array(a, dtype=float), np.array(b, dtype=float)))


def degrade(img: Image.Image, v: Variant, dpi: int, page: Page, seed: int = 0) -> Image.Image:
    """One rendered page (RGB) degraded as variant ``v``."""
    rng = np.random.default_rng(seed)
    img = img.convert("RGB")
    if v.stamp and page.signature:
        k = dpi / 72
        img = _stamp(img, (page.signature[0] * k - 0.25 * dpi, page.signature[1] * k), dpi)
    if v.perspective:
        img = _perspective(img, v.perspective)
    if v.skew:
        img = img.rotate(v.skew, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255), expand=False)
    if v.blur:
        img = img.filter(ImageFilter.GaussianBlur(v.blur * dpi / 300))
    if v.noise:
        a = np.asarray(img).astype(np.int16)
        a = a + rng.normal(0, v.noise, a.shape[:2])[..., None].astype(np.int16)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if v.jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=v.jpeg)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return img


def draw_plan(kind: str, folder: Path, faint: bool = False) -> Plan:
    """The born-digital PDF of one plan kind."""
    folder.mkdir(parents=True, exist_ok=True)
    return PLANS[kind](folder / f"{kind}{'-faint' if faint else ''}.pdf", FAINT if faint else Style())


def rasterise(plan: Plan, v: Variant, dpi: int, out: Path) -> Path:
    """The scanned PDF of a plan (no text layer): each page rendered at dpi and degraded."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(plan.pdf))
    images = []
    try:
        for i in range(len(pdf)):
            im = pdf[i].render(scale=dpi / 72).to_pil()
            images.append(degrade(im, v, dpi, plan.pages[i], seed=i))
    finally:
        pdf.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def make_scan(kind: str, v: Variant, dpi: int, folder: Path) -> tuple[Path, Path]:
    """(born-digital PDF, scanned PDF) of one bench case."""
    clean = draw_plan(kind, folder / "digital")
    source = draw_plan(kind, folder / "digital", faint=True) if v.faint else clean
    scan = rasterise(source, v, dpi, folder / "scans" / f"{kind}.{v.name}.{dpi}.pdf")
    return clean.pdf, scan


# ---------------------------------------------------------------------------
# Known tables and the score
# ---------------------------------------------------------------------------

TEXT_FIELDS = ["tt", "section", "section_title", "parent", "content", "objective",
               "lead_text", "partners_text", "deliverable", "note"]
LIST_FIELDS = ["lead", "partners"]
TIME_FIELDS = ["start", "end"]
DOC_FIELDS = ["kind", "number", "issuer", "date", "signer", "signer_position"]


def to_json(path: Path) -> dict:
    """phuluc's JSON output for a file (the output contract)."""
    from phuluc.export.json_writer import document_to_json
    from phuluc.export.pipeline import convert

    return document_to_json(convert(path))


def known_table(digital_pdf: Path) -> dict:
    """The gold of a plan: its born-digital reading, the fields the dev scorer compares."""
    out = to_json(digital_pdf)
    tasks = [{k: t.get(k) for k in ["id", *TEXT_FIELDS, *LIST_FIELDS, *TIME_FIELDS] if k in t}
             for t in out["tasks"]]
    doc = {k: out["document"].get(k) for k in DOC_FIELDS}
    # The content cells are the drawn ones (a row cut by a page break joined), whatever the
    # text reader made of them.
    kind = digital_pdf.stem
    with_content = [t for t in tasks if t.get("content")]
    if kind in DRAWN_CONTENT and len(with_content) == len(DRAWN_CONTENT[kind]):
        for t, c in zip(with_content, DRAWN_CONTENT[kind], strict=True):
            t["content"] = c
    return {"tasks": tasks, "document": doc}


def _norm_text(v: object) -> str:
    if v is None:
        return ""
    v = unicodedata.normalize("NFC", v if isinstance(v, str) else str(v))
    return re.sub(r"\s+", " ", v).strip()


def _norm(f: str, v: object) -> object:
    if f in LIST_FIELDS:
        return frozenset(_norm_text(x) for x in (v or []) if _norm_text(x))
    if f in TIME_FIELDS:
        return (v.get("from"), v.get("to")) if isinstance(v, dict) else (None, None)
    return _norm_text(v)


@dataclass
class Score:
    f1: float
    wrong: list[tuple[str, str, object, object]]


def score(out: dict, gold: dict) -> Score:
    """Cell F1 of an output against a known table (the dev scorer's rules)."""
    pred = {t.get("id"): t for t in out.get("tasks", [])}
    gold_cells = correct = pred_cells = 0
    wrong: list[tuple[str, str, object, object]] = []
    ids = set()
    for gt in gold["tasks"]:
        ids.add(gt["id"])
        fields = [f for f in TEXT_FIELDS + LIST_FIELDS + TIME_FIELDS if f in gt]
        gold_cells += len(fields)
        pt = pred.get(gt["id"])
        if pt is not None:
            pred_cells += len(fields)
        for f in fields:
            if pt is not None and _norm(f, gt[f]) == _norm(f, pt.get(f)):
                correct += 1
            else:
                wrong.append((gt["id"], f, gt[f], None if pt is None else pt.get(f)))
    per_task = gold_cells / max(1, len(gold["tasks"]))
    for tid in pred:
        if tid not in ids:
            pred_cells += round(per_task)
            wrong.append((tid, "<task>", "absent", "extra"))
    pdoc = out.get("document") or {}
    for f, g in gold["document"].items():
        if g in (None, "", []):
            continue
        gold_cells += 1
        pred_cells += 1
        if _norm(f, g) == _norm(f, pdoc.get(f)):
            correct += 1
        else:
            wrong.append(("document", f, g, pdoc.get(f)))
    r = correct / gold_cells if gold_cells else 0.0
    p = correct / pred_cells if pred_cells else 0.0
    return Score(2 * p * r / (p + r) if p + r else 0.0, wrong)


def known(kind: str, folder: Path) -> dict:
    """The known table of a plan kind, computed once per folder."""
    gold_file = folder / "digital" / f"{kind}.gold.json"
    if gold_file.exists():
        return json.loads(gold_file.read_text(encoding="utf-8"))
    gold = known_table(draw_plan(kind, folder / "digital").pdf)
    gold_file.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return gold


def score_scan(kind: str, v: Variant, dpi: int, folder: Path) -> Score:
    """Scan one plan kind as variant ``v`` at ``dpi`` and score phuluc's reading of it."""
    from phuluc.extract.model import PhulucError

    _, scan = make_scan(kind, v, dpi, folder)
    gold = known(kind, folder)
    try:
        out = to_json(scan)
    except PhulucError as e:
        return Score(0.0, [("<file>", "error", "", str(e))])
    return score(out, gold)
