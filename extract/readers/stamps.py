"""Red round stamps (con dấu) on scanned pages, taken out before OCR.

The seal of the issuing body is pressed over the signer's title and signature; read as it
is, its ring and letters become ink that buries the signer's name. A seal is saturated red;
text is black or blue. The page is turned to grey with the seal's pixels as paper: inside
the seal's bounding box (a red blob at least ``MIN_STAMP_IN`` wide, about as tall as wide)
every coloured pixel becomes white (the seal, and the signature in pen, read as strokes
"II" before the title), while black text under the seal stays black (the seal's ink
multiplies with the print, it does not cover it). Red ink that is not a seal
(a red heading, a "MẬT" mark) is kept as grey ink like any other.
"""

from __future__ import annotations

import numpy as np

RED_MIN = 45  # red channel above both others by this much: red ink
STEP = 4
CHROMA_MIN = 28  # inside a seal, a pixel this colourful is not black print
MIN_STAMP_IN = 0.6  # a seal is at least this wide (inches); red text lines are lower
ROUND_RATIO = 1.6  # width/height of a seal's bounding box stays within this factor
TILE_IN = 0.05  # red pixels are grouped into blobs on tiles of this size
MIN_TILE_SHARE = 0.02  # a tile with this share of red pixels belongs to a blob


def redness(rgb: np.ndarray) -> np.ndarray:
    """How much redder than green and blue each pixel is (int16, may be negative)."""
    r = rgb[..., 0].astype(np.int16)
    g = rgb[..., 1].astype(np.int16)
    b = rgb[..., 2].astype(np.int16)
    return r - np.maximum(g, b)


def chroma(rgb: np.ndarray) -> np.ndarray:
    """Colourfulness of each pixel: its largest channel minus its smallest (0 for grey)."""
    return rgb.max(axis=-1).astype(np.int16) - rgb.min(axis=-1).astype(np.int16)


def stamp_boxes(red: np.ndarray, dpi: int) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1, pixels) of the seal-shaped blobs of a red-ink mask."""
    tile = max(2, int(TILE_IN * dpi))
    h, w = red.shape
    th, tw = -(-h // tile), -(-w // tile)
    padded = np.zeros((th * tile, tw * tile), dtype=bool)
    padded[:h, :w] = red
    share = padded.reshape(th, tile, tw, tile).mean(axis=(1, 3))
    on = share >= MIN_TILE_SHARE
    seen = np.zeros_like(on)
    boxes = []
    min_tiles = MIN_STAMP_IN * dpi / tile
    for y, x in zip(*np.nonzero(on), strict=True):
        if seen[y, x]:
            continue
        stack = [(int(y), int(x))]
        seen[y, x] = True
        y0 = y1 = int(y)
        x0 = x1 = int(x)
        while stack:
            cy, cx = stack.pop()
            y0, y1, x0, x1 = min(y0, cy), max(y1, cy), min(x0, cx), max(x1, cx)
            # 8-neighbours two tiles away too: a seal's ring letters have gaps between them.
            for dy in (-2, -1, 0, 1, 2):
                for dx in (-2, -1, 0, 1, 2):
                    ny, nx = cy + dy, cx + dx
                    if 0 <= ny < th and 0 <= nx < tw and on[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        bw, bh = x1 - x0 + 1, y1 - y0 + 1
        if bw >= min_tiles and bh >= min_tiles and max(bw, bh) <= ROUND_RATIO * min(bw, bh):
            boxes.append((x0 * tile, y0 * tile, min(w, (x1 + 1) * tile), min(h, (y1 + 1) * tile)))
    return boxes


def gray_without_stamps(rgb: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """The page in grey (0 = black) with red seals turned to paper; and how many seals."""
    from PIL import Image

    gray = np.array(Image.fromarray(rgb).convert("L"))  # ITU-R 601, as a grayscale render
    # Seals are found on every STEP-th pixel: they are large, and the page is big.
    small = rgb[::STEP, ::STEP]
    red = redness(small) >= RED_MIN
    if not red.any():
        return gray, 0
    boxes = stamp_boxes(red, dpi // STEP)
    h, w = gray.shape
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, (x0 - 1) * STEP), max(0, (y0 - 1) * STEP), min(w, (x1 + 1) * STEP), min(h, (y1 + 1) * STEP)
        box = rgb[y0:y1, x0:x1]
        # Inside a seal only neutral ink is print: anything coloured (the seal, its pale rim,
        # the pen signature) becomes paper.
        g = gray[y0:y1, x0:x1]
        g[chroma(box) >= CHROMA_MIN] = 255
    return gray, len(boxes)
