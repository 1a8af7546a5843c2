"""Text side of the OCR reader: Tesseract calls, TSV parsing, cell and body text.

Tesseract runs as a subprocess (no Python binding needed). Many images go through one
process with a list file (``tesseract list.txt - tsv``): the traineddata is loaded once per
page instead of once per cell, and the TSV's ``page_num`` tells which image a word is in.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..budget import remaining
from ..model import PhulucError
from .pdf_text import broken_word

LANG = "vie"
MISSING = "scanned PDF needs OCR: install tesseract-ocr and tesseract-ocr-vie"


@dataclass
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # (block, paragraph, line) inside its image

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def tesseract_path() -> str | None:
    """The tesseract executable, or None (a function so tests can pretend it is missing)."""
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=4)
def _languages(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # The first line is a header ("List of available languages in …").
    return frozenset(ln.strip() for ln in (out.stdout + "\n" + out.stderr).splitlines()[1:] if ln.strip())


def require_tesseract() -> str:
    """The tesseract executable with Vietnamese data, or PhulucError."""
    exe = tesseract_path()
    if not exe or LANG not in _languages(exe):
        raise PhulucError(MISSING)
    return exe


def _env() -> dict[str, str]:
    # Pages run in parallel threads: one OpenMP thread per Tesseract avoids oversubscription.
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def run_tesseract(images: list[Path], workdir: Path, psm: int, dpi: int,
                  whitelist: str = "") -> dict[int, list[Word]]:
    """OCR image files in one Tesseract process; words by image index (0-based).

    ``whitelist``: the only characters Tesseract may read (all when empty)."""
    if not images:
        return {}
    exe = require_tesseract()
    if len(images) == 1:
        src = str(images[0])
    else:
        listing = workdir / f"list-{psm}-{len(images)}-{id(images)}.txt"
        listing.write_text("\n".join(str(p) for p in images) + "\n", encoding="utf-8")
        src = str(listing)
    cmd = [exe, src, "-", "-l", LANG, "--psm", str(psm), "--dpi", str(dpi),
           "-c", "preserve_interword_spaces=0"]
    if whitelist:
        cmd += ["-c", f"tessedit_char_whitelist={whitelist}"]
    cmd.append("tsv")
    # No limit of our own: the call may take what is left of the file's --timeout budget.
    timeout = remaining()
    try:
        res = subprocess.run(cmd, capture_output=True, timeout=timeout, env=_env(), check=False)
    except subprocess.TimeoutExpired as e:
        raise PhulucError(f"OCR stopped after {e.timeout:.0f} s: the file's --timeout budget ran out") from e
    except OSError as e:
        raise PhulucError(f"cannot run tesseract: {e.strerror or e}") from e
    if res.returncode != 0:
        err = " ".join(res.stderr.decode("utf-8", "replace").split())[:200]
        raise PhulucError(f"tesseract failed: {err or 'exit code ' + str(res.returncode)}")
    return parse_tsv(res.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = unicodedata.normalize("NFC", parts[11]).strip()
        if not text:
            continue
        try:
            page, block, par, line = (int(parts[i]) for i in (1, 2, 3, 4))
            left, top, width, height = (int(parts[i]) for i in (6, 7, 8, 9))
            conf = float(parts[10])
        except ValueError:
            continue
        out.setdefault(page - 1, []).append(Word(text, left, top, width, height, conf, (block, par, line)))
    return out


# ---------------------------------------------------------------------------
# Words → lines
# ---------------------------------------------------------------------------


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Tesseract's own lines (block, paragraph, line), top to bottom, words left to right."""
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    lines = [sorted(ws, key=lambda w: w.left) for ws in by_line.values()]
    lines.sort(key=lambda ws: (min(w.top for w in ws), ws[0].left))
    return lines


# Characters that are ruling lines or border specks read as text, never content at a
# line's edge in these documents. Quotes stay: '"' is a ditto mark.
_EDGE_JUNK = "|¦_[]{}~`"
_JUNK_TOKEN = re.compile(r"^[|¦_\[\]{}~`.,:;'‘’]+$")


def clean_words(ws: list[Word]) -> list[Word]:
    """Words of one line with OCR artefacts of ruling lines removed (no word is changed)."""
    out = [replace(w, text=w.text.replace("|", "").replace("¦", "")) for w in ws]
    out = [w for w in out if w.text]
    # A lone punctuation token at either end of a line is a border speck ("|", "_", "'");
    # a final "." "," ":" ";" alone may be real punctuation set apart by OCR and stays.
    while out and _JUNK_TOKEN.match(out[0].text):
        out.pop(0)
    while out and _JUNK_TOKEN.match(out[-1].text) and out[-1].text not in {".", ",", ":", ";"}:
        out.pop()
    if out:
        out[0] = replace(out[0], text=out[0].text.lstrip(_EDGE_JUNK))
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(_EDGE_JUNK))
    return [w for w in out if w.text]


def broken_line(a: list[Word], b: list[Word], inner: float) -> bool:
    """True when the break between lines a and b cuts a word too wide for its cell.

    A narrow column breaks such a word anywhere ("Thườn⏎g", "IV/201⏎7"): it fills line a
    alone, so not even the first character of line b would have fitted after it, and the cut
    leaves a piece that cannot stand alone (digits on both sides, a letter run without a
    vowel, a token ending in "/" or "&"). Same rule as the text-layer reader.
    """
    if len(a) != 1 or not b:
        return False
    last, first = a[0], b[0]
    ta, tb = last.text, first.text
    if not ta or not tb:
        return False
    first_char = first.width / max(1, len(tb))
    if inner - last.width >= first_char * 1.2:
        return False
    return broken_word(ta, tb)  # the same test as for a text layer


def cell_text(words: list[Word], inner_left: int, inner_right: int) -> str:
    """A cell's text: its lines joined by newlines, broken narrow-column words rejoined."""
    return cell_text_words(words, inner_left, inner_right)[0]


def cell_text_words(words: list[Word], inner_left: int, inner_right: int) -> tuple[str, list[Word]]:
    """``cell_text`` and the words it is made of, in reading order, with their confidence
    (what ``ocr_correct`` and the review page's low-confidence flag read)."""
    lines = [ws for ws in (clean_words(ws) for ws in group_lines(words)) if ws]
    if any(_has_alnum(ws) for ws in lines):
        # Lines with no letter or digit beside real text are specks (a lone ditto mark stays).
        lines = [ws for ws in lines if _has_alnum(ws) or _is_ditto(ws)]
    if not lines:
        return "", []
    lines = [ws for ws in drop_specks(lines) if ws]
    if not lines:
        return "", []
    pad = min(ws[0].left for ws in lines) - inner_left
    inner = (inner_right - inner_left) - 2 * max(pad, 0)
    out = ""
    prev: list[Word] | None = None
    for ws in lines:
        text = " ".join(w.text for w in ws)
        if prev is None:
            out = text
        elif broken_line(prev, ws, inner):
            out += text
        else:
            out += "\n" + text
        prev = ws
    kept = [replace(w, text=unicodedata.normalize("NFC", w.text)) for ws in lines for w in ws]
    return unicodedata.normalize("NFC", out), kept


# ---------------------------------------------------------------------------
# Stray punctuation from specks
# ---------------------------------------------------------------------------

# A token made only of these is punctuation standing alone; in running text it never is
# (Vietnamese sets no space before "." "," ":" ";"), so it is a speck read as a mark. Quotes
# (ditto marks), brackets, "+" and "*" are not here: they have readings of their own.
_PUNCT_RUN = re.compile(r"^[.,:;'‘’`´~ˆ^_¬=\-–—…·|]+$")
_DASHES = {"-", "–", "—"}
_QUOTE_RUN = re.compile(r"^[^\w(){}\[\]@&%+*#/]*[\"“”„‟][^\w(){}\[\]@&%+*#/]*$")
# A mark glued before a line's first word: no Vietnamese word starts with "." or "'".
_LEAD = re.compile(r"^[.'‘’`,](?=\w)")
SPECK_CONF = 30.0
# A dash between numbers is a range ("2026 - 2030", "I - II"), whatever its box looks like.
_NUM_END = re.compile(r"(\d|\b[IVX]+)[.,;)]?$")
_NUM_START = re.compile(r"^\(?(\d|[IVX]+\b)")
# A real dash is a thin bar near mid-height: width and height as shares of the line's
# letter height. Specks read as "-" come out as dots (a few pixels) or as tall blobs.
DASH_MIN_W, DASH_MAX_W, DASH_MAX_H = 0.15, 1.3, 0.3
LOW_CONF = 60.0  # Tesseract word confidence (0-100) under which a glued final mark is doubted
SHORT_CELL = 6  # words; an agency, a date, a deliverable: such a cell does not end with "." or "-"
# (nor does a longer list of names, ``_name_list``)
# "," ":" ";" may end a cell that a page break cuts ("Các sở, ngành," ⏎ next page): they stay.
_TRAIL = re.compile(r"^(.*?[^\W_])([.\-–—_~]+)$")
_NUMBERING = re.compile(r"^(\d+|[IVXLC]+|[a-zđ])$")


def drop_specks(lines: list[list[Word]]) -> list[list[Word]]:
    """A cell's lines without punctuation read from specks.

    Lines without a letter or digit are left alone (ditto marks, column numbers). In the
    others: a token of punctuation alone goes, except a dash that looks like one (thin, not
    a dot nor a blob) as a bullet, inside a name ("Lao động - Thương binh"), before a line
    break, or any dash between numbers; a mark glued to the cell's last word goes when the
    cell is short or the word doubtful; a "." glued before a lowercase word goes (no
    sentence starts in lowercase).
    """
    out: list[list[Word]] = []
    for li, ws in enumerate(lines):
        if not _has_alnum(ws):
            out.append(ws)
            continue
        height = _letter_height(ws)
        keep: list[Word] = []
        for i, w in enumerate(ws):
            if _QUOTE_RUN.match(w.text):
                # A quote set apart after text closes nothing: a speck (a ditto mark is a
                # cell, or a line, of its own).
                if i + 1 < len(ws) and w.conf >= LOW_CONF:
                    keep.append(w)
                continue
            if i == len(ws) - 1 and i > 0 and len(w.text) == 1 and w.text.isalpha() and w.conf < SPECK_CONF:
                continue  # a lone letter read from a speck after the text
            if i == 0:
                w = replace(w, text=_LEAD.sub("", w.text))
            if not _PUNCT_RUN.match(w.text):
                keep.append(w)
                continue
            prev = ws[i - 1].text if i > 0 else ""
            nxt = ws[i + 1].text if i + 1 < len(ws) else ""
            if w.text not in _DASHES:
                continue
            if _NUM_END.search(prev) and _NUM_START.match(nxt):
                keep.append(w)
            elif not _dash_shaped(w, height):
                continue
            elif nxt or li + 1 < len(lines):  # a bullet, inside a name, or before a line break
                keep.append(w)
        out.append(keep)
    out = [ws for ws in out if ws]
    at = [(li, i) for li, ws in enumerate(out) for i in range(len(ws))]
    n_words = sum(1 for ws in out for w in ws if any(ch.isalnum() for ch in w.text))
    for k, (li, i) in enumerate(at):
        w = out[li][i]
        nxt = out[at[k + 1][0]][at[k + 1][1]] if k + 1 < len(at) else None
        m = _TRAIL.match(w.text)
        if not m or "." in m.group(1):  # an abbreviation ("v.v.", "TP.") keeps its dot
            continue
        if nxt is None:
            if n_words == 1 and _NUMBERING.match(m.group(1)):
                continue  # "1." "II." "a." of a numbering column
            # A cell opening in lowercase is the rest of one a page break cut: its length
            # says nothing of the whole ("cho hệ thống." ends a long sentence).
            opening = out[0][0].text[:1]
            short = (n_words <= SHORT_CELL or _name_list(out)) and not opening.islower()
            if short or w.conf < LOW_CONF:
                out[li][i] = replace(w, text=m.group(1))
        elif m.group(2) == "." and nxt.text[:1].islower() and m.group(1).isalpha():
            out[li][i] = replace(w, text=m.group(1))
    return out


NAME_LIST_MAX = 12  # words


def _name_list(lines: list[list[Word]]) -> bool:
    """A list of names ("Văn phòng UBND tỉnh, Sở Tư pháp"): a few words in two or more
    parts, each capitalised (a sentence goes on in lowercase after its commas)."""
    words = [w.text for ws in lines for w in ws]
    if len(words) > NAME_LIST_MAX:
        return False
    parts = [p.strip() for p in re.split(r"[,;]", " ".join(words))]
    return len(parts) >= 2 and all(p[:1].isupper() for p in parts)


def _letter_height(ws: list[Word]) -> float:
    """Median box height of the line's words of two letters or more (0 if none)."""
    hs = sorted(w.height for w in ws if sum(ch.isalnum() for ch in w.text) >= 2)
    return float(hs[len(hs) // 2]) if hs else 0.0


def _dash_shaped(w: Word, height: float) -> bool:
    if height <= 0:
        return True  # nothing to compare with: trust the reading
    return DASH_MIN_W * height <= w.width <= DASH_MAX_W * height and w.height <= DASH_MAX_H * height


def _has_alnum(ws: list[Word]) -> bool:
    return any(ch.isalnum() for w in ws for ch in w.text)


def _is_ditto(ws: list[Word]) -> bool:
    return len(ws) == 1 and ws[0].text in {'"', "“", "”", "''", "„", "-", "–", "—"}
