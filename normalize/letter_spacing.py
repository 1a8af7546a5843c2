"""Letter-spaced text layers: "Q uý III/2026", "N ăm 2026", "S ở Tài chính" read as a reader would.

Some PDFs space the first letter of a word off the rest. A capital standing alone before
a lower-case rest is joined to it when the joined word is a word of the time vocabulary or of
the gazetteer and the rest alone is not ("Y tế" stays: "tế" is a word and "Ytế" is none).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex as re

from phuluc.extract.text_keys import fold_key
from phuluc.normalize import yaml_data
from phuluc.normalize.gazetteer import DATA, Gazetteer

_SPACED = re.compile(r"(?<![\p{L}\p{M}\d])(\p{Lu}) ([\p{L}][\p{L}\p{M}]*)")
_WORD = re.compile(r"[\p{L}\p{M}]+")


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    data = yaml_data.load_file(DATA / "time_words.yaml")
    return frozenset(fold_key(w) for s in _strings(data) for w in _WORD.findall(s))


@lru_cache(maxsize=8)
def reading_words(g: Gazetteer) -> frozenset[str]:
    """Words a letter-spaced word may be rejoined into: time words and words of bodies' names."""
    names = [e.name for e in g.entries] + [t.name for t in (*g.kinds, *g.levels)] + list(g.heads)
    return _time_words() | {fold_key(w) for n in names for w in _WORD.findall(n)} | g.vocab


def join_spaced_letters(text: str, words: frozenset[str]) -> str:
    """``text`` with each capital spaced off its word joined back to it (see the module doc)."""
    if not text or " " not in text:
        return text

    def join(m: re.Match[str]) -> str:
        joined = m.group(1) + m.group(2)
        if fold_key(joined) in words and fold_key(m.group(2)) not in words:
            return joined
        return m.group(0)

    return _SPACED.sub(join, text)
