"""Word's automatic numbering: the "1.", "a)", "II." that Word draws before a paragraph.

Plans typed in Word often number the TT column (and the sections, and "Điều 1.") with the
Numbering button instead of typing the numbers: the XML then holds an empty paragraph with a
``w:numPr``, and the number exists only as Word draws it. Without it a task table has no
numbers, so no ids and no sections. This module draws them as Word does:

- a paragraph's list is its own ``w:numPr`` (``w:numId``, ``w:ilvl``), else its style's
  (through ``w:basedOn``); ``numId`` 0 means "not numbered";
- a ``w:num`` points to a ``w:abstractNum`` whose ``w:lvl`` elements give each level's start,
  format (decimal, Roman, letters, …) and text ("%1.", "%1.%2.", "Điều %1."); a ``w:num`` may
  override a level's start (``w:lvlOverride/w:startOverride``: "restart numbering");
- counters run in document order, one set per abstract list (lists of the same abstract
  definition continue each other, as in Word, unless a start is overridden); numbering a level
  resets the levels below it;
- bullets draw no number (their symbol is decoration, not text).

Formats Word has beyond these (ordinal words, Chinese counting, …) are drawn as decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

MAX_LEVELS = 9  # Word's levels: ilvl 0-8
# Word's largest start value; letters repeat (value // 26 copies), so a hostile start of 10**9
# must not draw a 40-million-letter label: past this, numbers are drawn as decimals
MAX_LETTER_VALUE = 32767


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # w:isLgl: every level shown in decimal ("1.2.3")
    restart: int | None = None  # w:lvlRestart: restarted after this (1-based) level; 0 = never


@dataclass
class _List:
    """One w:num: its abstract definition and its start overrides."""

    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # ilvl -> start
    used: bool = False


class Numbering:
    """The numbering and paragraph styles of one document, and the counters as it is read."""

    def __init__(self, numbering_xml: etree._Element | None, styles_xml: etree._Element | None, ns: str) -> None:
        self.ns = ns
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.lists: dict[str, _List] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        self.counters: dict[str, list[int | None]] = {}  # abstract id -> counter per level
        if numbering_xml is not None:
            self._load_numbering(numbering_xml)
        if styles_xml is not None:
            self._load_styles(styles_xml)

    def __bool__(self) -> bool:
        return bool(self.lists)

    # -- loading --------------------------------------------------------------
    def _w(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def _val(self, el: etree._Element | None) -> str | None:
        return None if el is None else el.get(self._w("val"))

    def _int(self, el: etree._Element | None) -> int | None:
        return None if el is None else self._int_attr(el, "val")

    def _load_numbering(self, root: etree._Element) -> None:
        w = self._w
        for an in root.iter(w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in an.findall(w("lvl")):
                ilvl = self._int_attr(lvl, "ilvl")
                if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                    continue
                levels[ilvl] = self._level(lvl)
            ident = an.get(w("abstractNumId"))
            if ident is not None:
                self.abstracts[ident] = levels
        for num in root.iter(w("num")):
            ident = num.get(w("numId"))
            abstract = self._val(num.find(w("abstractNumId")))
            if ident is None or abstract is None:
                continue
            overrides: dict[int, int] = {}
            for ov in num.findall(w("lvlOverride")):
                ilvl = self._int_attr(ov, "ilvl")
                start = self._int(ov.find(w("startOverride")))
                lvl = ov.find(w("lvl"))
                if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                    continue
                if lvl is not None:  # a whole level redefined for this list: its start counts
                    start = self._level(lvl).start if start is None else start
                if start is not None:
                    overrides[ilvl] = start
            self.lists[ident] = _List(abstract, overrides)

    def _int_attr(self, el: etree._Element, local: str) -> int | None:
        try:
            return int(el.get(self._w(local)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

    def _level(self, lvl: etree._Element) -> _Level:
        w = self._w
        start = self._int(lvl.find(w("start")))
        restart = self._int(lvl.find(w("lvlRestart")))
        legal = lvl.find(w("isLgl"))
        return _Level(
            start=1 if start is None else start,
            fmt=self._val(lvl.find(w("numFmt"))) or "decimal",
            text=self._val(lvl.find(w("lvlText"))) or "",
            legal=legal is not None and self._val(legal) not in ("0", "false", "off"),
            restart=restart,
        )

    def _load_styles(self, root: etree._Element) -> None:
        w = self._w
        for style in root.iter(w("style")):
            if style.get(w("type")) != "paragraph":
                continue
            ident = style.get(w("styleId"))
            if ident is None:
                continue
            based = self._val(style.find(w("basedOn")))
            if based:
                self.style_parent[ident] = based
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None:
                self.style_num[ident] = (self._val(num_pr.find(w("numId"))), self._int(num_pr.find(w("ilvl"))))

    # -- drawing --------------------------------------------------------------
    def label(self, p_pr: etree._Element | None) -> str:
        """The number Word draws before the paragraph with these properties ("" for none), and
        the counters advanced past it. Call once per paragraph, in document order."""
        num_id, ilvl = self._list_of(p_pr)
        if not num_id or num_id == "0":
            return ""
        lst = self.lists.get(num_id)
        levels = self.abstracts.get(lst.abstract) if lst else None
        if lst is None or not levels:
            return ""
        ilvl = min(max(ilvl or 0, 0), MAX_LEVELS - 1)
        counters = self.counters.setdefault(lst.abstract, [None] * MAX_LEVELS)
        if not lst.used:  # "restart numbering": this list's overridden starts take effect
            lst.used = True
            for lv, start in lst.overrides.items():
                counters[lv] = start - 1
                for below in range(lv + 1, MAX_LEVELS):
                    counters[below] = None
        level = levels.get(ilvl, _Level())
        start = lst.overrides.get(ilvl, level.start)
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for below in range(ilvl + 1, MAX_LEVELS):
            restart = levels.get(below, _Level()).restart
            if restart is None or (restart != 0 and restart - 1 >= ilvl):
                counters[below] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        return self._draw(level, levels, lst, counters)

    def _list_of(self, p_pr: etree._Element | None) -> tuple[str | None, int | None]:
        w = self._w
        style = None
        if p_pr is not None:
            num_pr = p_pr.find(w("numPr"))
            if num_pr is not None:
                num_id = self._val(num_pr.find(w("numId")))
                ilvl = self._int(num_pr.find(w("ilvl")))
                if num_id is not None:
                    return num_id, ilvl
                style_num, style_lvl = self._style_list(self._val(p_pr.find(w("pStyle"))))
                return style_num, ilvl if ilvl is not None else style_lvl
            style = self._val(p_pr.find(w("pStyle")))
        return self._style_list(style)

    def _style_list(self, style: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style and style not in seen:  # a loop of basedOn must not hang the reader
            seen.add(style)
            if style in self.style_num:
                return self.style_num[style]
            style = self.style_parent.get(style)
        return None, None

    def _draw(self, level: _Level, levels: dict[int, _Level], lst: _List, counters: list[int | None]) -> str:
        out = level.text
        for lv in range(MAX_LEVELS):
            mark = f"%{lv + 1}"
            if mark not in out:
                continue
            value = counters[lv]
            if value is None:  # a level above never numbered yet: Word shows its start
                value = lst.overrides.get(lv, levels.get(lv, _Level()).start)
            fmt = "decimal" if level.legal else levels.get(lv, _Level()).fmt
            out = out.replace(mark, format_number(value, fmt))
        return out.strip()


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def format_number(value: int, fmt: str) -> str:
    """``value`` in a Word number format (w:numFmt): 3 -> "3", "III", "iii", "C", "c", "03"."""
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        out, rest = "", value
        for n, s in _ROMAN:
            while rest >= n:
                out, rest = out + s, rest - n
        return out.upper() if fmt == "upperRoman" else out
    if fmt in ("upperLetter", "lowerLetter") and 0 < value <= MAX_LETTER_VALUE:
        # Word repeats the letter past z: aa, bb, … (not a, b, … aa, ab as spreadsheets do)
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
