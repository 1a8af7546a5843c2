"""Domain correction of OCR'd table cells: a doubtful word put right when only one word of
the column's vocabulary fits it.

Tesseract gives every word a confidence (``ocr_text.Word.conf``). In a column whose
vocabulary is closed — times ("Thường xuyên", "Quý", "Tháng"), agencies (the gazetteer's
names) — a low-confidence word that is not a vocabulary word is replaced when exactly one
vocabulary word lies within a small edit distance ("Thườn" → "Thường"); a low-confidence
scrap of one or two characters between two words that form a vocabulary phrase without it
goes ("Thườn 5 xuyên" → "Thường xuyên"). Free text (content, deliverable, notes) is never
touched, nor are numbers. The row keeps the raw OCR cells in ``RawRow.original`` (so
``source.cells`` shows them) and marks the cell in ``RawRow.corrected``; reconstruction
flags the task ``ocr-corrected:<field>``.

Where this lives, and why: the column's field is known from the table's header, which the
reader has (``tables.headers.field_for`` is a pure function of the header text, part of
the same extract stage); the word confidences exist only here, in the reader. The
vocabularies are normalisation's data files (``normalize/data/time_words.yaml`` and
``agencies.yaml``), read as data: extract never imports normalize, and one vocabulary is
kept in one place.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

from ..model import Block, RawRow, RawTable
from ..tables.headers import field_for, is_header_row
from .ocr_text import Word

LOW_CONF = 60.0  # Tesseract word confidence (0-100) under which a word is doubted
MIN_LEN = 4  # shorter words are too ambiguous to correct
SCRAP_LEN = 2  # a doubtful token this short between two phrase words is a scrap
DATA = Path(__file__).resolve().parents[2] / "normalize" / "data"

# Contract fields of a column → the vocabulary that closes it.
VOCABULARY_OF = {"time": "time", "start": "time", "end": "time", "lead_text": "agency", "partners_text": "agency"}


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]  # folded (NFC, lower case)
    phrases: frozenset[tuple[str, str]]  # adjacent word pairs of multi-word entries


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).lower()


def _strings(node: object) -> list[str]:
    """Every string in a YAML tree (keys and values)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (_strings(k) + _strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _vocabulary(phrases: list[str]) -> Vocabulary:
    words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for p in phrases:
        toks = [t for t in re.findall(r"[^\W\d_]+", _fold(p))]
        words.update(t for t in toks if len(t) >= 2)
        pairs.update(zip(toks, toks[1:], strict=False))
    return Vocabulary(frozenset(words), frozenset(pairs))


def _load(path: Path) -> object:
    # libyaml's loader when installed: the gazetteer is large.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.lru_cache(maxsize=1)
def vocabularies() -> dict[str, Vocabulary]:
    """The closed vocabularies by name, from normalisation's data files (empty if absent)."""
    out: dict[str, Vocabulary] = {}
    time_file, agency_file = DATA / "time_words.yaml", DATA / "agencies.yaml"
    if time_file.exists():
        out["time"] = _vocabulary(_strings(_load(time_file)))
    if agency_file.exists():
        data = _load(agency_file) or {}
        names = [s for a in data.get("agencies", []) for s in [a.get("name", ""), *a.get("variants", [])]]
        out["agency"] = _vocabulary([n for n in names if isinstance(n, str)])
    return out


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def correct_word(token: str, vocab: Vocabulary) -> str | None:
    """The one vocabulary word that fits a doubtful token, or None."""
    m = re.fullmatch(r"(\W*)([^\W\d_]+)(\W*)", token)
    if not m or len(m.group(2)) < MIN_LEN:
        return None
    core = _fold(m.group(2))
    if core in vocab.words:
        return None
    limit = 1 if len(core) < 7 else 2
    best: list[str] = []
    best_d = limit + 1
    for w in vocab.words:
        if abs(len(w) - len(core)) > limit:
            continue
        d = Levenshtein.distance(core, w, score_cutoff=limit)
        if d < best_d:
            best, best_d = [w], d
        elif d == best_d:
            best.append(w)
    if len(best) != 1 or best_d > limit:
        return None
    return m.group(1) + _match_case(best[0], m.group(2)) + m.group(3)


def correct_cell(text: str, words: list[Word], vocab: Vocabulary) -> str:
    """A cell's text with its doubtful words put right (the text itself when nothing fits).

    ``words`` are the cell's OCR words in reading order; the cell is left alone when they do
    not pair up one to one with its tokens (a word rejoined across a line break).
    """
    lines = text.split("\n")
    tokens = [t for ln in lines for t in ln.split()]
    if len(tokens) != len(words) or any(t != w.text for t, w in zip(tokens, words, strict=True)):
        return text
    conf = [w.conf for w in words]
    fixed = list(tokens)
    for i, t in enumerate(tokens):
        if conf[i] < LOW_CONF:
            c = correct_word(t, vocab)
            if c is not None:
                fixed[i] = c
    keep = [True] * len(fixed)
    for i in range(1, len(fixed) - 1):
        core = re.sub(r"\W", "", fixed[i])
        if conf[i] < LOW_CONF and 0 < len(fixed[i]) <= SCRAP_LEN and _fold(core) not in vocab.words:
            pair = (_fold(fixed[i - 1].strip(",;.")), _fold(fixed[i + 1].strip(",;.")))
            if pair in vocab.phrases:
                keep[i] = False
    if fixed == tokens and all(keep):
        return text
    # Put the tokens back on their lines.
    out_lines = []
    k = 0
    for ln in lines:
        n = len(ln.split())
        out_lines.append(" ".join(fixed[j] for j in range(k, k + n) if keep[j]))
        k += n
    return "\n".join(out_lines)


def correct_tables(blocks: list[Block], cell_words: dict[tuple[int, str], list[Word]]) -> int:
    """Correct the doubtful words of closed-vocabulary columns in the document's OCR'd
    tables, in place. ``cell_words`` maps (page, cell text) to the cell's OCR words.
    Returns the number of cells corrected."""
    if not any(w.conf < LOW_CONF for ws in cell_words.values() for w in ws):
        return 0
    vocabs = vocabularies()
    if not vocabs:
        return 0
    fields: list[str | None] | None = None
    n = 0
    for b in blocks:
        if not isinstance(b, RawTable):
            continue
        if not b.continues or fields is None or len(fields) != len(b.rows[0].cells if b.rows else []):
            fields = None
        fixes: dict[int, tuple[str, str]] = {}  # column -> (raw, corrected) of the last fix
        for row in b.rows:
            if is_header_row(row.cells):
                fields = [field_for(c) for c in row.cells]
                continue
            if fields is None or len(fields) != len(row.cells):
                continue
            n += _correct_row(row, fields, vocabs, cell_words, fixes)
    return n


def _correct_row(row: RawRow, fields: list[str | None], vocabs: dict[str, Vocabulary],
                 cell_words: dict[tuple[int, str], list[Word]], fixes: dict[int, tuple[str, str]]) -> int:
    n = 0
    for i, (cell, f) in enumerate(zip(row.cells, fields, strict=True)):
        vocab = vocabs.get(VOCABULARY_OF.get(f or "", ""))
        if vocab is None or not cell:
            continue
        if i < len(row.merged) and row.merged[i]:
            # The copy of a merged cell gets the correction of the cell it copies.
            new = fixes[i][1] if i in fixes and fixes[i][0] == cell else cell
        else:
            words = cell_words.get((row.page or 0, cell))
            new = correct_cell(cell, words, vocab) if words else cell
        if new != cell:
            row.original = row.original or list(row.cells)
            if len(row.corrected) < len(row.cells):
                row.corrected = row.corrected + [False] * (len(row.cells) - len(row.corrected))
            row.cells[i] = new
            row.corrected[i] = True
            fixes[i] = (cell, new)
            n += 1
    return n
