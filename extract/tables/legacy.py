"""Text typed in a legacy Vietnamese font encoding (TCVN3, VNI), converted before the
table is read: headers, numbers and agencies can only be recognised in Unicode."""

from __future__ import annotations

from phuluc.extract.encodings import fix_legacy
from phuluc.extract.model import Paragraph, RawDocument, RawTable, Warning


def decode_legacy(raw: RawDocument) -> None:
    """Convert legacy-encoded cells and paragraphs in place; rows keep their original cells.

    A first pass judges each string alone (conservatively); when it finds the document
    written in one legacy encoding, a second pass also converts the short strings ("Sè:")
    whose evidence alone was too weak.
    """
    found: dict[str, int] = {}
    _pass(raw, None, found)
    if len(found) == 1 and sum(found.values()) >= 3:
        _pass(raw, next(iter(found)), found)
    for enc, n in sorted(found.items()):
        raw.warnings.append(Warning("legacy-encoding", f"{n} cells or paragraphs typed in {enc.upper()} "
                                    "converted to Unicode"))


def _pass(raw: RawDocument, prior: str | None, found: dict[str, int]) -> None:
    # a table repeats its cells (bodies, times): each distinct one is judged once a pass
    seen: dict[str, tuple[str, str | None]] = {}
    for block in raw.blocks:
        if isinstance(block, Paragraph):
            text, enc = fix_legacy(block.text, prior)
            if enc:
                block.text = text
                found[enc] = found.get(enc, 0) + 1
        elif isinstance(block, RawTable):
            for row in block.rows:
                legacy = False
                for c in row.cells:
                    if c:
                        got = seen.get(c)
                        if got is None:
                            got = seen[c] = fix_legacy(c, prior)
                        legacy = legacy or got[1] is not None
                if not legacy:  # the usual row: nothing to convert
                    continue
                fixed = [seen[c] if c else (c, None) for c in row.cells]
                encs = {enc for _, enc in fixed if enc}
                if encs:
                    row.original = row.original or list(row.cells)
                    row.cells = [t for t, _ in fixed]
                    row.legacy = sorted(encs)[0]
                    for enc in encs:
                        found[enc] = found.get(enc, 0) + 1
