"""Document metadata (kind, number, issuer, place, date, title, signer) from body text.

The input is the document's text outside the task tables, in reading order, as any
reader gives it: text-file lines (possibly markdown/HTML), Word paragraphs and header
table cells (with "\\n" inside), or PDF lines. The layout follows Nghị định 30/2020, one
module per part of it:

- ``header``: a two-column header (issuer | quốc hiệu, number | place and date) and the
  type name in capitals;
- ``title``: the trích yếu under the type name;
- ``signature``: the signature block, which readers often interleave with "Nơi nhận";
- ``references``: text renditions may put the whole header on one line, or start at the
  title; then the appendix heading "(Kèm theo … số … ngày … của …)" and body phrases stand
  in for the missing header.

Their words are data: normalize/data/document_format.yaml (``vocabulary``).
"""

from __future__ import annotations

import regex

from phuluc.extract.model import DocumentInfo, Paragraph
from phuluc.normalize.metadata.header import (
    HEADER_WITHOUT_TYPE_LINE,
    code_kind,
    find_type_line,
    header_number,
    header_texts,
    issuer_from_caps,
    issuer_segments,
    kind_name,
    place_and_date,
)
from phuluc.normalize.metadata.lines import lines_of, place_key, provinces
from phuluc.normalize.metadata.references import attached_refs, issuer_fallback, own_ref
from phuluc.normalize.metadata.signature import signature
from phuluc.normalize.metadata.title import subject_line, title_of

__all__ = ["extract_metadata"]


def extract_metadata(paragraphs: list[Paragraph]) -> DocumentInfo:
    """Read kind, number, issuer, place, date, title and signer from a document's body text."""
    lines = lines_of(paragraphs)
    info = DocumentInfo()
    if not lines:
        return info
    # 1. The header block above the type line: number, place and date, issuer.
    tl = find_type_line(lines)
    header = header_texts(lines, tl)
    info.number = header_number(header)
    info.place, info.date = place_and_date(header)
    issuer, complete = issuer_from_caps(issuer_segments(header))
    # 2. Kind: the type line, else the number's code; the title under the type line.
    info.kind = kind_name(tl) or code_kind(info.number)
    info.title = title_of(lines, tl, issuer)
    if info.kind is None and info.number and tl.index is None:
        subject = subject_line(lines, HEADER_WITHOUT_TYPE_LINE)  # Công văn: "V/v …" under the number
        if subject:
            info.kind, info.title = "Công văn", subject
    # 3. Signature block (after the title, so header capitals are never taken for it).
    info.signer, info.signer_position, collective = signature(lines, (tl.index + 1) if tl.index is not None else 0)
    # 4. Gaps filled from "(Kèm theo … số … ngày … của …)" and body phrases.
    refs = attached_refs(lines)
    ref = own_ref(refs, info.kind, info.number)
    if ref is not None:
        info.kind = info.kind or ref.kind
        if info.number is None and ref.number and ref.kind == info.kind:
            info.number = ref.number
        if info.date is None and info.place is None:  # no date line at all (not a blank draft date)
            info.date = ref.date
    if issuer is None or not complete:
        fallback = issuer_fallback(lines, refs, collective, info.place, info.number)
        # An incomplete header ("ỦY BAN NHÂN DÂN" alone) is only ever completed, never replaced.
        if fallback and (issuer is None or fallback.startswith(issuer)):
            issuer = fallback
    info.issuer = issuer
    if info.place is None and info.issuer:
        m = regex.search(r"(?:tỉnh|thành phố)\s+(.+)$", info.issuer)
        if m and place_key(m.group(1)) in provinces():
            info.place = m.group(1)
    return info
