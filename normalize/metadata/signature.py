"""The signature block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name", often
interleaved by readers with the "Nơi nhận" list beside it."""

from __future__ import annotations

import regex

from phuluc.normalize.metadata.lines import WS, Line, cap, caps_spans
from phuluc.normalize.metadata.vocabulary import (
    KIND_RE,
    MARKS,
    NAME,
    NAME_CAPS,
    NOT_CAPS_NAME,
    NOT_NAME,
    POSITION,
    POSITION_CASE,
    PREFIX,
)

# A block without a name within this many lines is given up, and the next one looked for.
BLOCK_LINES = 25
_ITEM_END = regex.compile(r"(?<![\p{L}])(?!(?:TM|KT|TL|TUQ|Q)\.)\p{Lu}{2,}\.\s+")
_POS_AT_END = regex.compile(rf"(?<![\p{{L}}])(?:{POSITION.pattern})$")
_NOT_NAME_CAPS = regex.compile(r"ỦY\s+BAN|CHÍNH\s+PHỦ|NHÂN\s+DÂN|CỘNG\s+H|VIỆT\s+NAM|PHỤ\s+LỤC")


def _prefix_code(m: regex.Match) -> str:
    return m.group("p") or (m.group("s") + m.group("s2"))


def position_case(caps: str) -> str:
    s = WS.sub(" ", caps).strip()
    deputy = s.startswith("PHÓ ")
    core = s[4:] if deputy else s
    standing = core.endswith(" THƯỜNG TRỰC")
    if standing:
        core = core[: -len(" THƯỜNG TRỰC")]
    text = POSITION_CASE.get(core) or cap(core.split(" ")[0]) + "".join(" " + w.lower() for w in core.split(" ")[1:])
    if deputy:
        text = "Phó " + text
    return text + (" Thường trực" if standing else "")


def _position_start(piece: str) -> str | None:
    """A position title at the start of ``piece``, followed by nothing or by a "- item" of Nơi nhận."""
    m = POSITION.match(piece)
    if m and regex.match(r"\s*(?:$|-)", piece[m.end():]):
        return m.group(0)
    return None


def _prefixed(piece: str, pm: regex.Match, end: int) -> list[tuple[str, str, int]]:
    """Items of a piece starting with a signing prefix ("TM.", "KT.", "Q.")."""
    p = _prefix_code(pm)
    items = [("prefix", p, end)]
    rest = piece[pm.end():].strip(" ,;")
    head = POSITION.match(rest)
    if p == "TM" or not head:
        # "TM. ỦY BAN NHÂN DÂN [CHỦ TỊCH]": a collective, maybe with the position on the same line.
        tm = _POS_AT_END.search(rest)
        if tm and tm.start() > 0:
            items += [("collective", rest[: tm.start()].strip(), end), ("pos", tm.group(0), end)]
        elif rest:
            items.append(("collective" if p == "TM" else "head", rest, end))
        return items
    if p == "Q":
        items.append(("acting", head.group(0), end))
    pos = _position_start(rest[head.end():].strip(" ,;"))
    if pos:
        items.append(("pos", pos, end))  # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" on one line
    return items


def _sig_items(norm: str) -> list[tuple[str, str, int]]:
    """Signature pieces of one line, in order: ("prefix", "TM", end), ("collective", "ỦY BAN NHÂN DÂN", end),
    ("pos", "PHÓ CHỦ TỊCH", end), ("acting", "CHỦ TỊCH", end) for "Q. CHỦ TỊCH"."""
    items: list[tuple[str, str, int]] = []
    for a, b in caps_spans(norm):
        run = norm[a:b]
        # Pieces start at a signing prefix or after "; " / ", " (interleaved "Nơi nhận" items).
        # ... and after an abbreviation ending a Nơi nhận item ("Lưu: VT. PHÓ CHỦ TỊCH").
        bounds = (
            [m.start() for m in PREFIX.finditer(run)]
            + [m.end() for m in regex.finditer(r"[;,]\s+", run)]
            + [m.end() for m in _ITEM_END.finditer(run)]
        )
        cuts = sorted({0, *bounds, len(run)})
        for x, y in zip(cuts, cuts[1:], strict=False):
            piece = run[x:y].strip(" ,;")
            pm = PREFIX.match(piece)
            if pm:
                items += _prefixed(piece, pm, a + y)
                continue
            pos = _position_start(piece)
            if pos:
                items.append(("pos", pos, a + x + len(run[x:y]) - len(run[x:y].lstrip(" ,;")) + len(pos)))
    return items


def _caps_name(c: str) -> str | None:
    if (NAME_CAPS.fullmatch(c) and not POSITION.search(c) and not MARKS.search(c)
            and not any(w in NOT_CAPS_NAME for w in c.split(" "))
            and not _NOT_NAME_CAPS.search(c) and not KIND_RE.match(c)):
        return " ".join(cap(w) for w in c.split(" "))
    return None


def _name_in(text: str) -> str | None:
    """A signer's name: the whole text, or the tail after "Lưu: VT, …." on an interleaved line."""
    text = regex.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    text = WS.sub(" ", text).strip(" .;,")
    cands = [text]
    parts = regex.split(r"[.;:]\s+", text)
    if len(parts) > 1:
        cands.append(parts[-1].strip(" .;,"))
    for c in cands:
        if not c or c.startswith(("-", "+", "*")):
            continue
        if any(w.lower() in NOT_NAME for w in c.split(" ")):
            continue
        if NAME.fullmatch(c):
            return c
        name = _caps_name(c)
        if name:
            return name
    return None


class _Block:
    """What a signature block has said so far."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.position: str | None = None
        self.acting: str | None = None
        self.collective: str | None = None

    def read(self, items: list[tuple[str, str, int]]) -> int:
        """Take a line's items; the offset after the last one."""
        last_end = 0
        for kind, text, end in items:
            if kind == "pos":
                self.position = text
            elif kind == "acting":
                self.acting = text
            elif kind == "collective":
                self.collective = text
            last_end = end
        return last_end

    def signed(self, name: str) -> tuple[str, str | None, str | None]:
        if self.position:
            return name, position_case(self.position), self.collective
        if self.acting:
            return name, "Quyền " + position_case(self.acting), self.collective
        return name, None, self.collective  # "KT. CHỦ TỊCH" straight above the name: position unknown


def signature(lines: list[Line], start: int) -> tuple[str | None, str | None, str | None]:
    """(signer, position, collective after "TM.") from the first complete signature block after ``start``."""
    block: _Block | None = None
    j = start
    while j < len(lines):
        ln = lines[j]
        if ln.sep:
            j += 1
            continue
        items = _sig_items(ln.norm)
        if block is None:
            if not any(k in ("prefix", "pos") for k, _, _ in items):
                j += 1
                continue
            block = _Block(j)
        last_end = block.read(items)
        name = _name_in(ln.norm[last_end:]) if last_end else _name_in(ln.norm)
        if name:
            return block.signed(name)
        if j - block.start > BLOCK_LINES:
            # No name under this block: look for another one after its start.
            j, block = block.start + 1, None
            continue
        j += 1
    return None, None, None
