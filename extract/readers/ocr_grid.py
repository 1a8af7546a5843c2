"""Image side of the OCR reader: binarise, deskew, find ruled table grids and their cells.

Everything works on a grayscale page image (numpy ``uint8``, 0 = black) at a known dpi.
Ruling lines are found by run lengths: a pixel belongs to a horizontal line when it lies in
a run of dark pixels at least ``min_len`` long (a 1-D morphological opening done with
cumulative sums), and likewise for vertical lines. Glyph strokes are far shorter than that.
A table is a connected set of horizontal and vertical segments; its grid is the distinct
x-positions of its vertical lines and y-positions of its horizontal lines, and two adjacent
slots belong to one cell when the line between them is missing (a merged cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MAX_SKEW_DEG = 3.0
INK_MAX = 169  # never call a paler grey ink
LINE_COVER = 0.5  # a boundary between two slots exists when its line covers this share of it


def otsu_threshold(gray: np.ndarray) -> int:
    """Otsu's threshold of a grayscale image (dark ink below it)."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mt = m0[-1]
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    return int(np.argmax(between))


def binarise(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as True. The threshold is capped so a pale page keeps grey noise out."""
    # max(…, 1): on a pure black-and-white image Otsu's threshold is 0.
    t = min(max(otsu_threshold(gray), 1), INK_MAX + 1)
    return gray < t


GAP_IN = 0.025  # a break in a faint ruling line up to this long is bridged (by averaging)
WIDE_RULE_IN = 3.5  # a faint horizontal rule this long is a line even without verticals (wider than a title)
LINE_CONTRAST = 25  # a ruling line is at least this much darker than the paper


def line_ink(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixels that may lie on a faint horizontal and on a faint vertical ruling line.

    Ruling lines on scans are often faint (a pale grey hairline, toner running out) or
    broken, while text stays dark. Along each direction the grey is averaged over a short
    window (bridging the breaks and averaging the scanner noise away) and a pixel need
    only be clearly darker than the paper. Only long runs of such pixels make lines.
    """
    paper = int(np.percentile(gray[::4, ::4], 75))
    level = max(INK_MAX + 1, paper - LINE_CONTRAST)
    w = max(3, int(2 * GAP_IN * dpi) | 1)
    return _mean_along(gray, w, 1) < level, _mean_along(gray, w, 0) < level


def _mean_along(gray: np.ndarray, w: int, axis: int) -> np.ndarray:
    """The mean grey over a centred window of w pixels along axis (1 = horizontal)."""
    a = gray if axis == 1 else gray.T
    pad = w // 2
    p = np.pad(a.astype(np.int32), ((0, 0), (pad + 1, pad)), mode="edge")
    c = np.cumsum(p, axis=1)
    out = (c[:, w:] - c[:, :-w]) / w
    return out if axis == 1 else out.T


def skew_angle(ink: np.ndarray, max_deg: float = MAX_SKEW_DEG) -> float:
    """The page's skew in degrees (positive: lines rise to the right), by projection profiles.

    Text lines and ruling lines give the sharpest row profile when the shear matches the
    skew; the score is the sum of squared row counts. Coarse search, then a finer one.
    """
    small = ink[::4, ::4]
    ys, xs = np.nonzero(small)
    if len(ys) < 100:
        return 0.0
    if len(ys) > 300_000:  # plenty for a profile; keeps the search fast
        keep = np.random.default_rng(0).choice(len(ys), 300_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    xs = xs.astype(np.float64)
    ys = ys.astype(np.float64)
    h = small.shape[0]
    pad = int(small.shape[1] * np.tan(np.radians(max_deg))) + 2

    def score(deg: float) -> float:
        # Shearing by the skew makes a line that rises to the right horizontal.
        yy = np.round(ys + xs * np.tan(np.radians(deg))).astype(np.int64) + pad
        counts = np.bincount(yy, minlength=h + 2 * pad)
        return float(np.dot(counts, counts))

    best = max(np.arange(-max_deg, max_deg + 1e-9, 0.25), key=score)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.025)
    return float(max(fine, key=score))


def _runs_mask(ink: np.ndarray, min_len: int, axis: int) -> np.ndarray:
    """Pixels lying in a run of at least min_len dark pixels along axis (1 = horizontal)."""
    a = ink if axis == 1 else ink.T
    n = a.shape[1]
    if n < min_len:
        return np.zeros_like(ink)
    c = np.zeros((a.shape[0], n + 1), dtype=np.int32)
    np.cumsum(a, axis=1, out=c[:, 1:])
    full = (c[:, min_len:] - c[:, :-min_len]) == min_len  # window [i, i + min_len) is all ink
    f = np.zeros((a.shape[0], full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=f[:, 1:])
    j = np.arange(n)
    hi = np.minimum(j, n - min_len) + 1
    lo = np.maximum(j - min_len + 1, 0)
    out = (f[:, hi] - f[:, lo]) > 0  # some full window covers pixel j
    return out if axis == 1 else out.T


def dilate(mask: np.ndarray, reach: int) -> np.ndarray:
    """``mask`` grown by ``reach`` pixels up, down, left and right."""
    out = mask.copy()
    for d in range(1, reach + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out


def _bridge(ink: np.ndarray, gap: int, axis: int) -> np.ndarray:
    """Close gaps of up to ``gap`` pixels along axis (broken scan lines), and thicken by one
    pixel across it (a line a little off the horizontal still forms long runs)."""
    out = ink.copy()
    for d in range(1, gap + 1):
        if axis == 1:
            out[:, d:] |= ink[:, :-d]
        else:
            out[d:, :] |= ink[:-d, :]
    across = out.copy()
    if axis == 1:
        across[1:, :] |= out[:-1, :]
        across[:-1, :] |= out[1:, :]
    else:
        across[:, 1:] |= out[:, :-1]
        across[:, :-1] |= out[:, 1:]
    return across


@dataclass
class Segment:
    pos: float  # y of a horizontal line, x of a vertical one
    lo: int  # extent along the line
    hi: int
    thick: int


def _segments(mask: np.ndarray, axis: int, min_len: int) -> list[Segment]:
    """Line segments of a line mask: bands of adjacent rows (or columns) holding runs."""
    a = mask if axis == 1 else mask.T
    counts = a.sum(axis=1)
    rows = np.nonzero(counts >= min_len)[0]
    segs: list[Segment] = []
    if len(rows) == 0:
        return segs
    bands: list[list[int]] = [[int(rows[0])]]
    for r in rows[1:]:
        if r - bands[-1][-1] <= 2:
            bands[-1].append(int(r))
        else:
            bands.append([int(r)])
    for band in bands:
        lo, hi = band[0], band[-1]
        cover = a[lo : hi + 1].any(axis=0)
        idx = np.nonzero(cover)[0]
        if len(idx) == 0:
            continue
        for start, end in _runs(cover, min_len):
            segs.extend(_line_segments(a, lo, hi, start, end, min_len))
    return segs


def _runs(cover: np.ndarray, min_len: int, offset: int = 0) -> list[tuple[int, int]]:
    """Runs of True in ``cover`` at least ``min_len`` long, gaps up to a quarter of it bridged."""
    idx = np.nonzero(cover)[0]
    out: list[tuple[int, int]] = []
    if len(idx) == 0:
        return out
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > min_len // 4:
            if prev - start + 1 >= min_len:
                out.append((offset + start, offset + prev))
            start = i
        prev = i
    if prev - start + 1 >= min_len:
        out.append((offset + start, offset + prev))
    return out


SEGMENT_COVER = 0.5  # a row of a band is part of a segment when it covers this share of it


def _line_segments(a: np.ndarray, lo: int, hi: int, start: int, end: int, min_len: int) -> list[Segment]:
    """The line segments of the run [start, end] of band rows lo..hi: position, thickness and
    extent are those of the rows that run along most of it. A band is all rows with a long
    run somewhere, so text level with a line elsewhere on the same row (a merged cell's
    text beside the missing part of the line between its two rows) would otherwise make
    the line look thick, or lengthen it to where the text begins."""
    cover = a[lo : hi + 1, start : end + 1].mean(axis=1) >= SEGMENT_COVER
    rows = np.nonzero(cover)[0]
    if len(rows) == 0:
        return [Segment((lo + hi) / 2, start, end, hi - lo + 1)]
    r0, r1 = lo + int(rows[0]), lo + int(rows[-1])
    if (r0, r1) == (lo, hi):
        return [Segment((lo + hi) / 2, start, end, hi - lo + 1)]
    on_line = a[r0 : r1 + 1, start : end + 1].any(axis=0)
    return [Segment((r0 + r1) / 2, s, e, r1 - r0 + 1) for s, e in _runs(on_line, min_len, start)]


def horizontal_rules(ink: np.ndarray, dpi: int, gray: np.ndarray) -> list[tuple[float, int, int]]:
    """Long horizontal lines of a page (dark or faint), as (y, x0, x1) in pixels: the rules
    of a table drawn with horizontal rules only."""
    wide = WIDE_RULE_IN * dpi
    h_len = max(20, int(0.3 * dpi))
    thin = max(3, int(THIN_IN * dpi))
    strict = [h for h in _segments(_runs_mask(_bridge(ink, 2, 1), h_len, 1), 1, h_len)
              if h.hi - h.lo >= wide and _clear_beside(ink, h, 1, dpi)]
    lax_h, _ = line_ink(gray, dpi)
    faint = [h for h in _new_segments(_segments(_runs_mask(lax_h, h_len, 1), 1, h_len), strict, max(4, dpi // 30))
             if h.hi - h.lo >= wide and h.thick <= thin and _clear_beside(ink, h, 1, dpi)]
    return sorted((h.pos, h.lo, h.hi) for h in strict + faint)


def _add_faint_lines(
    src: tuple[np.ndarray, np.ndarray], ink: np.ndarray, dpi: int, hmask: np.ndarray, vmask: np.ndarray, hsegs: list[Segment], vsegs: list[Segment],
    tol: int,
) -> tuple[np.ndarray, np.ndarray, list[Segment], list[Segment]]:
    """Faint and broken ruling lines, found on the laxer ``line_ink``.

    Averaged along the line, the baseline serifs of a text line also make long runs; a faint horizontal
    line is taken only where it runs from one vertical line to another (or across a wide
    span, a table ruled with horizontal rules only), which text inside a cell never does,
    and with paper along both its sides (a text line has its letters just above the
    baseline). A faint vertical line must be long and cross two horizontal ones.
    """
    h_len = max(20, int(0.3 * dpi))
    v_len = max(15, int(0.2 * dpi))
    lax_h = _runs_mask(src[0], h_len, 1)
    lax_v = _runs_mask(src[1], v_len, 0)
    thin = max(3, int(THIN_IN * dpi))

    def plausible(sg: Segment, axis: int) -> bool:
        return sg.thick <= thin and _clear_beside(ink, sg, axis, dpi)

    cand_h = [h for h in _new_segments(_segments(lax_h, 1, h_len), hsegs, tol) if plausible(h, 1)]
    cand_v = [v for v in _new_segments(_segments(lax_v, 0, v_len), vsegs, tol) if plausible(v, 0)]

    def crosses(h: Segment, v: Segment) -> bool:
        return h.lo - tol <= v.pos <= h.hi + tol and v.lo - tol <= h.pos <= v.hi + tol

    all_h = hsegs + cand_h
    tall = FAINT_V_MIN_IN * dpi  # bold capitals averaged down a short row are not lines
    new_v = [v for v in cand_v if v.hi - v.lo >= tall and sum(crosses(h, v) for h in all_h) >= 2]
    verticals = vsegs + new_v
    wide = WIDE_RULE_IN * dpi

    def ends_on_lines(h: Segment) -> bool:
        at = [v.pos for v in verticals if v.lo - tol <= h.pos <= v.hi + tol]
        return any(abs(x - h.lo) <= 2 * tol for x in at) and any(abs(x - h.hi) <= 2 * tol for x in at)

    new_h = [h for h in cand_h if h.hi - h.lo >= wide or ends_on_lines(h)]
    if not new_h and not new_v:
        return hmask, vmask, hsegs, vsegs
    hmask = hmask | _only_segments(lax_h, new_h, 1)
    vmask = vmask | _only_segments(lax_v, new_v, 0)
    return hmask, vmask, hsegs + new_h, vsegs + new_v


FAINT_V_MIN_IN = 0.5  # a faint vertical line is at least this long
THIN_IN = 0.02  # a faint line is thinner than this (averaged text lines make thick bands)
SIDE_IN = 0.01  # the strips along a line's sides must be mostly paper …
SIDE_INK_MAX = 0.5  # … ink in at most this share of their length (text may touch a line)


def _clear_beside(ink: np.ndarray, sg: Segment, axis: int, dpi: int) -> bool:
    """Whether the strips just beside a segment are mostly paper."""
    a = ink if axis == 1 else ink.T
    half = (sg.thick + 1) // 2 + 1
    w = max(2, int(SIDE_IN * dpi))
    pos = int(round(sg.pos))
    for lo, hi in ((pos - half - w, pos - half), (pos + half, pos + half + w)):
        strip = a[max(0, lo) : max(0, hi), sg.lo : sg.hi + 1]
        if strip.size and strip.any(axis=0).mean() > SIDE_INK_MAX:
            return False
    return True


def _new_segments(found: list[Segment], known: list[Segment], tol: int) -> list[Segment]:
    """The segments of ``found`` that no known segment already covers."""
    out = []
    for f in found:
        if not any(abs(k.pos - f.pos) <= tol and k.lo <= f.lo + tol and f.hi - tol <= k.hi for k in known):
            out.append(f)
    return out


def _only_segments(mask: np.ndarray, segs: list[Segment], axis: int) -> np.ndarray:
    """The pixels of ``mask`` that lie within one of the segments."""
    out = np.zeros_like(mask)
    for sg in segs:
        a = int(round(sg.pos - (sg.thick - 1) / 2))
        b = a + sg.thick
        if axis == 1:
            out[a:b, sg.lo : sg.hi + 1] = mask[a:b, sg.lo : sg.hi + 1]
        else:
            out[sg.lo : sg.hi + 1, a:b] = mask[sg.lo : sg.hi + 1, a:b]
    return out


@dataclass
class CellBox:
    r0: int
    c0: int
    r1: int  # exclusive
    c1: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels (inside the ruling lines)


@dataclass
class TableGrid:
    xs: list[int]  # column boundaries (pixels)
    ys: list[int]  # row boundaries
    cells: list[CellBox] = field(default_factory=list)
    owner: list[list[int]] = field(default_factory=list)  # owner[r][c] = index into cells

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def _cluster(values: list[float], tol: float) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [int(round(sum(c) / len(c))) for c in out]


def find_tables(
    ink: np.ndarray, dpi: int, lines_ink: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[list[TableGrid], np.ndarray]:
    """Ruled tables of a deskewed page, and the mask of all ruling-line pixels.

    ``lines_ink``: the pixels that may belong to faint lines (``line_ink``), if wanted."""
    h_len = max(20, int(0.3 * dpi))  # 0.3 inch: longer than any glyph stroke
    v_len = max(15, int(0.2 * dpi))
    tol = max(4, dpi // 30)
    hmask = _runs_mask(_bridge(ink, 2, 1), h_len, 1)
    vmask = _runs_mask(_bridge(ink, 2, 0), v_len, 0)
    # A bold serif text line makes long runs along its baseline too: a line has paper along it.
    hsegs = [h for h in _segments(hmask, 1, h_len) if _clear_beside(ink, h, 1, dpi)]
    vsegs = _segments(vmask, 0, v_len)
    if lines_ink is not None:
        hmask, vmask, hsegs, vsegs = _add_faint_lines(lines_ink, ink, dpi, hmask, vmask, hsegs, vsegs, tol)
    lines = hmask | vmask
    tol = max(4, dpi // 30)
    # Connected groups of crossing segments: each is a table.
    n_h = len(hsegs)
    parent = list(range(n_h + len(vsegs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, hs in enumerate(hsegs):
        for j, vs in enumerate(vsegs):
            if hs.lo - tol <= vs.pos <= hs.hi + tol and vs.lo - tol <= hs.pos <= vs.hi + tol:
                parent[find(i)] = find(n_h + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, hs in enumerate(hsegs):
        groups.setdefault(find(i), ([], []))[0].append(hs)
    for j, vs in enumerate(vsegs):
        groups.setdefault(find(n_h + j), ([], []))[1].append(vs)
    tables = []
    min_gap = max(10, dpi // 12)  # rows and columns are at least this far apart
    for hs, vs in groups.values():
        if len(vs) < 2 or not hs:
            continue
        xs = _cluster([v.pos for v in vs], min_gap)
        ys = _cluster([s.pos for s in hs], min_gap)
        # A fragment cut by the page edge may lack its top or bottom line: the vertical
        # lines reaching past the outermost horizontal one still bound a row.
        top = min(v.lo for v in vs)
        bottom = max(v.hi for v in vs)
        if ys[0] - top > min_gap * 2:
            ys.insert(0, top)
        if bottom - ys[-1] > min_gap * 2:
            ys.append(bottom)
        if len(xs) < 3 or len(ys) < 2:
            continue
        tables.append(_grid(xs, ys, hmask, vmask, tol))
    tables.sort(key=lambda t: t.ys[0])
    return tables, lines


def _covered(mask: np.ndarray, lo: int, hi: int, pos: int, tol: int, axis: int) -> float:
    """Share of [lo, hi) along a line at pos (± tol) covered by the line mask."""
    if hi <= lo:
        return 0.0
    if axis == 1:
        strip = mask[max(0, pos - tol) : pos + tol + 1, lo:hi]
    else:
        strip = mask[lo:hi, max(0, pos - tol) : pos + tol + 1].T
    if strip.size == 0:
        return 0.0
    return float(strip.any(axis=0).mean())


def _grid(xs: list[int], ys: list[int], hmask: np.ndarray, vmask: np.ndarray, tol: int) -> TableGrid:
    nr, nc = len(ys) - 1, len(xs) - 1
    margin = tol * 2  # ignore the ends of a boundary, where the crossing lines are
    # right[r][c]: a line between slot (r, c) and (r, c+1); below[r][c]: between (r, c) and (r+1, c)
    right = [
        [_covered(vmask, ys[r] + margin, ys[r + 1] - margin, xs[c + 1], tol, 0) >= LINE_COVER for c in range(nc - 1)]
        for r in range(nr)
    ]
    below = [
        [_covered(hmask, xs[c] + margin, xs[c + 1] - margin, ys[r + 1], tol, 1) >= LINE_COVER for c in range(nc)]
        for r in range(nr - 1)
    ]
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not right[r][c]:
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not below[r][c]:
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            members.setdefault(find(r * nc + c), []).append((r, c))
    grid = TableGrid(xs, ys)
    grid.owner = [[-1] * nc for _ in range(nr)]
    for slots in sorted(members.values()):
        r0 = min(r for r, _ in slots)
        r1 = max(r for r, _ in slots) + 1
        c0 = min(c for _, c in slots)
        c1 = max(c for _, c in slots) + 1
        k = len(grid.cells)
        grid.cells.append(CellBox(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1], ys[r1])))
        for r, c in slots:
            grid.owner[r][c] = k
    return grid


def despeckle(ink: np.ndarray, radius: int, min_count: int) -> np.ndarray:
    """Ink with isolated specks removed: a dark pixel stays when its (2r+1)² neighbourhood
    holds at least min_count dark pixels. Strokes, dots and tone marks sit next to other
    ink; scanner dust does not."""
    k = 2 * radius + 1
    c = np.zeros((ink.shape[0] + 1, ink.shape[1] + 1), dtype=np.int32)
    np.cumsum(np.cumsum(ink, axis=0, dtype=np.int32), axis=1, out=c[1:, 1:])
    p = np.pad(c, ((radius, radius + 1), (radius, radius + 1)), mode="edge")
    h, w = ink.shape
    box = p[k : k + h, k : k + w] - p[0:h, k : k + w] - p[k : k + h, 0:w] + p[0:h, 0:w]
    return ink & (box >= min_count)


MARK_SHARE = 0.45  # a band of ink less tall than this share of the tallest is diacritics or a speck


def text_line_count(ink: np.ndarray) -> int:
    """How many lines of text a cell's ink holds, by its row profile.

    Bands of inked rows separated by blank rows are lines, except bands much lower than the
    tallest one: Vietnamese tone marks above a line ("ỗ", "ề") and specks. A fixed height
    threshold cannot tell a two-line cell in a small font from one line in a large one.
    """
    rows = ink.any(axis=1)
    bands: list[int] = []
    run = 0
    for v in rows:
        if v:
            run += 1
        elif run:
            bands.append(run)
            run = 0
    if run:
        bands.append(run)
    if not bands:
        return 0
    tall = max(bands)
    return sum(1 for b in bands if b >= MARK_SHARE * tall)
