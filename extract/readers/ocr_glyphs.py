"""Roman numerals made of I's, read from the glyph shapes.

In a bold serif face the serifs of "III" touch, so the glyphs form one blob that Tesseract
reads as "IH", "H", "II" or nothing at all (a lone "I" comes out as "|", a ruling line).
Section numbers and quarters ("Quý III") are exactly such tokens, so for a token that can
only be a misread run of I's we count the vertical stems in the image instead: a stem is a
run of columns whose ink spans most of the glyph height, and nothing but serifs may join
two stems (an "H" has its crossbar in the middle and is left alone).
"""

from __future__ import annotations

import re

import numpy as np

from .ocr_text import Word

MAX_STEMS = 4
TALL = 0.75  # a stem column's ink covers this share of the glyph height
# Tokens Tesseract makes of I-runs; a plain digit is trusted as it is.
_I_LIKE = re.compile(r"^([IHl|1iíìJ!]{1,4})([.,;)]?)$")


def _crop(ink: np.ndarray) -> np.ndarray | None:
    """The ink's bounding box, or None when it is too small to be a glyph."""
    rows = np.nonzero(ink.any(axis=1))[0]
    cols = np.nonzero(ink.any(axis=0))[0]
    if len(rows) < 6 or len(cols) < 2:
        return None
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def count_stems(ink: np.ndarray) -> int | None:
    """The number of plain vertical stems (I, II, III…) the ink is made of, or None."""
    ink = _crop(ink)
    if ink is None:
        return None
    h = ink.shape[0]
    # Trailing punctuation (a comma or full stop) is short and sits at the bottom: the glyph
    # height is that of the tallest column run.
    extent = np.array([_longest_run(ink[:, x]) for x in range(ink.shape[1])])
    h = int(extent.max())
    if h < 6:
        return None
    tall = extent >= TALL * h
    stems: list[tuple[int, int]] = []
    x = 0
    while x < len(tall):
        if tall[x]:
            start = x
            while x < len(tall) and tall[x]:
                x += 1
            stems.append((start, x))
        else:
            x += 1
    if not stems or len(stems) > MAX_STEMS:
        return None
    widths = [b - a for a, b in stems]
    if max(widths) > 2.5 * max(1, min(widths)):
        return None  # stems of one numeral have one width
    top = int(np.nonzero(ink[:, stems[0][0] : stems[0][1]].any(axis=1))[0][0])
    band = ink[top + int(0.25 * h) : top + int(0.65 * h)]
    # Between and beside the stems, the middle of the glyph is empty (no crossbar, no bowl).
    covered = np.zeros(ink.shape[1], dtype=bool)
    for a, b in stems:
        covered[max(0, a - 1) : b + 1] = True
    if band[:, ~covered].any():
        return None
    return len(stems)


def _longest_run(col: np.ndarray) -> int:
    best = run = 0
    for v in col:
        run = run + 1 if v else 0
        best = max(best, run)
    return best


def fix_i_runs(words: list[Word], ink: np.ndarray) -> list[Word]:
    """Words with I-run tokens ("IH", "H", "II,") replaced by the stems counted in the image."""
    out = []
    for w in words:
        m = _I_LIKE.match(w.text)
        if m and not m.group(1).isdigit():
            n = count_stems(ink[max(0, w.top) : w.bottom, max(0, w.left) : w.right])
            if n:
                w = Word("I" * n + m.group(2), w.left, w.top, w.width, w.height, w.conf, w.line)
        out.append(w)
    return out


def has_flag(ink: np.ndarray) -> bool:
    """Whether a one-stem glyph has the flag of a "1": ink at its top reaching out to the
    left of the stem much further than to the right (an "I" has none, or serifs both sides)."""
    ink = _crop(ink)
    if ink is None:
        return False
    h = ink.shape[0]
    extent = np.array([_longest_run(ink[:, x]) for x in range(ink.shape[1])])
    stem = np.nonzero(extent >= TALL * extent.max())[0]
    if not len(stem):
        return False
    a, b = int(stem[0]), int(stem[-1]) + 1
    top = ink[: max(1, int(0.3 * h))]
    xs = np.nonzero(top.any(axis=0))[0]
    left, right = a - int(xs.min()), int(xs.max()) + 1 - b
    return left > max(2, 0.5 * (b - a)) and right < 0.5 * left
