"""Pages whose text runs sideways: turn them upright before reading.

A page with ``/Rotate`` is already turned by pdfminer (coordinates are as displayed). What
is left is a landscape table drawn with rotated text on a portrait page: its characters
come out ``upright=False``. We present the table finder and the text code with a derived
page whose objects are rotated by a quarter turn so that the text reads left to right.
"""

from __future__ import annotations

from collections.abc import Callable

from pdfplumber.page import DerivedPage

Point = tuple[float, float]


def needs_rotation(chars: list[dict]) -> bool:
    """True when most characters of the page are rotated (not upright)."""
    sideways = sum(1 for c in chars if not c.get("upright", True))
    return sideways > len(chars) / 2


def _direction(chars: list[dict]) -> int:
    """+1 when sideways text runs bottom-to-top (turned counter-clockwise), -1 top-to-bottom."""
    up = down = 0
    for c in chars:
        if c.get("upright", True):
            continue
        b = (c.get("matrix") or (0, 1))[1]
        if b > 0:
            up += 1
        elif b < 0:
            down += 1
    return 1 if up >= down else -1


class _RotatedPage(DerivedPage):
    def __init__(self, parent, point: Callable[[Point], Point], width: float, height: float,
                 back: Callable[[Point], Point] | None = None) -> None:
        self.bbox = (0, 0, width, height)
        super().__init__(parent)
        self._point = point
        self._back = back  # the inverse of ``point``
        self._height = height

    def unturn_box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A box (x0, top, x1, bottom) of the turned page in the parent page's coordinates."""
        if self._back is None:
            return box
        (ax, at), (bx, bt) = self._back((box[0], box[1])), self._back((box[2], box[3]))
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)

    def _turn(self, obj: dict) -> dict:
        o = dict(obj)
        (ax, at), (bx, bt) = self._point((obj["x0"], obj["top"])), self._point((obj["x1"], obj["bottom"]))
        x0, x1 = min(ax, bx), max(ax, bx)
        top, bottom = min(at, bt), max(at, bt)
        o.update(
            x0=x0, x1=x1, top=top, bottom=bottom, width=x1 - x0, height=bottom - top,
            y0=self._height - bottom, y1=self._height - top,
            doctop=self.initial_doctop + top,
        )
        if "pts" in obj:
            o["pts"] = [self._point(p) for p in obj["pts"]]
        if obj.get("object_type") == "char":
            o["upright"] = not obj.get("upright", True)
            o["size"] = bottom - top  # pdfminer gives sideways glyphs their advance as size
        return o

    @property
    def objects(self) -> dict[str, list[dict]]:
        if hasattr(self, "_objects"):
            return self._objects
        self._objects: dict[str, list[dict]] = {
            k: [self._turn(o) for o in v] for k, v in self.parent_page.objects.items()
        }
        return self._objects


def rotated_page(page, chars: list[dict]):
    """A derived page turned a quarter so that the page's sideways text reads upright."""
    # With /Rotate, pdfminer's coordinates may reach past pdfplumber's page box: use both.
    w = max(float(page.width), max(c["x1"] for c in chars))
    h = max(float(page.height), max(c["bottom"] for c in chars))
    if _direction(chars) > 0:
        # text runs upwards: turn the page clockwise, (x, t) → (h - t, x)
        return _RotatedPage(page, lambda p: (h - p[1], p[0]), h, w, lambda q: (q[1], h - q[0]))
    # text runs downwards: turn counter-clockwise, (x, t) → (t, w - x)
    return _RotatedPage(page, lambda p: (p[1], w - p[0]), h, w, lambda q: (w - q[1], q[0]))
