"""Mapping tables for the legacy Vietnamese font encodings TCVN3 (ABC) and VNI-Windows.

Data only. Every entry maps a Unicode (NFC) Vietnamese letter to the text a reader shows
when the legacy font's byte is decoded as Windows-1252/Latin-1 (what python-docx, pdfplumber
and xlrd hand us when the .VnTime / VNI-Times font is missing).

Layout follows the 12 vowels x 6 tones order: base, huyền (grave), hỏi (hook),
ngã (tilde), sắc (acute), nặng (dot below). Written out from the TCVN 5712:1993 VN3 layout
and the VNI-Windows keyboard/font layout (see shared/spec/encodings.md for sources).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# TCVN3 (ABC, .VnTime): one byte per letter. Only lower-case letters and the seven
# plain capitals Ă Â Ê Ô Ơ Ư Đ have codes; accented capitals are typed in the companion
# ".VnTimeH" font, which draws the *lower-case* code as a capital.
# ---------------------------------------------------------------------------

TCVN3_LOWER: dict[str, str] = {
    # a
    "a": "a", "à": "\u00b5", "ả": "\u00b6", "ã": "\u00b7", "á": "\u00b8", "ạ": "\u00b9",
    # ă
    "ă": "\u00a8", "ằ": "\u00bb", "ẳ": "\u00bc", "ẵ": "\u00bd", "ắ": "\u00be", "ặ": "\u00c6",
    # â
    "â": "\u00a9", "ầ": "\u00c7", "ẩ": "\u00c8", "ẫ": "\u00c9", "ấ": "\u00ca", "ậ": "\u00cb",
    # e
    "e": "e", "è": "\u00cc", "ẻ": "\u00ce", "ẽ": "\u00cf", "é": "\u00d0", "ẹ": "\u00d1",
    # ê
    "ê": "\u00aa", "ề": "\u00d2", "ể": "\u00d3", "ễ": "\u00d4", "ế": "\u00d5", "ệ": "\u00d6",
    # i
    "i": "i", "ì": "\u00d7", "ỉ": "\u00d8", "ĩ": "\u00dc", "í": "\u00dd", "ị": "\u00de",
    # o
    "o": "o", "ò": "\u00df", "ỏ": "\u00e1", "õ": "\u00e2", "ó": "\u00e3", "ọ": "\u00e4",
    # ô
    "ô": "\u00ab", "ồ": "\u00e5", "ổ": "\u00e6", "ỗ": "\u00e7", "ố": "\u00e8", "ộ": "\u00e9",
    # ơ
    "ơ": "\u00ac", "ờ": "\u00ea", "ở": "\u00eb", "ỡ": "\u00ec", "ớ": "\u00ed", "ợ": "\u00ee",
    # u
    "u": "u", "ù": "\u00ef", "ủ": "\u00f1", "ũ": "\u00f2", "ú": "\u00f3", "ụ": "\u00f4",
    # ư  (0xAD is the soft hyphen: many tools drop it)
    "ư": "\u00ad", "ừ": "\u00f5", "ử": "\u00f6", "ữ": "\u00f7", "ứ": "\u00f8", "ự": "\u00f9",
    # y
    "y": "y", "ỳ": "\u00fa", "ỷ": "\u00fb", "ỹ": "\u00fc", "ý": "\u00fd", "ỵ": "\u00fe",
    # đ
    "đ": "\u00ae",
}

# The seven plain capitals with codes of their own (0xA1-0xA7).
TCVN3_CAPITALS: dict[str, str] = {
    "Ă": "\u00a1", "Â": "\u00a2", "Ê": "\u00a3", "Ô": "\u00a4", "Ơ": "\u00a5", "Ư": "\u00a6",
    "Đ": "\u00a7",
}

# Precomposed capitals that TCVN 5712 places in the holes of the lower-case layout.
# Decode-only: typists of .VnTime documents use the ...H font instead, and the encoder
# below follows that practice.
TCVN3_GAP_CAPITALS: dict[str, str] = {
    "\u00af": "Ằ", "\u00ba": "Ẳ", "\u00bf": "Ẵ", "\u00c0": "Ắ", "\u00c1": "Ầ", "\u00c2": "Ẩ",
    "\u00c3": "Ẫ", "\u00c4": "Ấ", "\u00c5": "Ề", "\u00cd": "Ể", "\u00d9": "Ễ", "\u00da": "Ế",
    "\u00db": "Ồ", "\u00e0": "Ổ", "\u00f0": "Ỗ", "\u00ff": "Ố",
}

# ---------------------------------------------------------------------------
# VNI-Windows: ASCII base letter + a Latin-1 "modifier" byte; a few letters are single
# bytes (ơ ư đ and the i-tones, ỵ). Capitals use capital bases and capital modifiers.
# ---------------------------------------------------------------------------

VNI_LOWER: dict[str, str] = {
    # a
    "a": "a", "à": "a\u00f8", "ả": "a\u00fb", "ã": "a\u00f5", "á": "a\u00f9", "ạ": "a\u00ef",
    # ă
    "ă": "a\u00ea", "ằ": "a\u00e8", "ẳ": "a\u00fa", "ẵ": "a\u00fc", "ắ": "a\u00e9", "ặ": "a\u00eb",
    # â
    "â": "a\u00e2", "ầ": "a\u00e0", "ẩ": "a\u00e5", "ẫ": "a\u00e3", "ấ": "a\u00e1", "ậ": "a\u00e4",
    # e
    "e": "e", "è": "e\u00f8", "ẻ": "e\u00fb", "ẽ": "e\u00f5", "é": "e\u00f9", "ẹ": "e\u00ef",
    # ê
    "ê": "e\u00e2", "ề": "e\u00e0", "ể": "e\u00e5", "ễ": "e\u00e3", "ế": "e\u00e1", "ệ": "e\u00e4",
    # i (single bytes)
    "i": "i", "ì": "\u00ec", "ỉ": "\u00e6", "ĩ": "\u00f3", "í": "\u00ed", "ị": "\u00f2",
    # o
    "o": "o", "ò": "o\u00f8", "ỏ": "o\u00fb", "õ": "o\u00f5", "ó": "o\u00f9", "ọ": "o\u00ef",
    # ô
    "ô": "o\u00e2", "ồ": "o\u00e0", "ổ": "o\u00e5", "ỗ": "o\u00e3", "ố": "o\u00e1", "ộ": "o\u00e4",
    # ơ (base byte 0xF4)
    "ơ": "\u00f4", "ờ": "\u00f4\u00f8", "ở": "\u00f4\u00fb", "ỡ": "\u00f4\u00f5", "ớ": "\u00f4\u00f9",
    "ợ": "\u00f4\u00ef",
    # u
    "u": "u", "ù": "u\u00f8", "ủ": "u\u00fb", "ũ": "u\u00f5", "ú": "u\u00f9", "ụ": "u\u00ef",
    # ư (base byte 0xF6)
    "ư": "\u00f6", "ừ": "\u00f6\u00f8", "ử": "\u00f6\u00fb", "ữ": "\u00f6\u00f5", "ứ": "\u00f6\u00f9",
    "ự": "\u00f6\u00ef",
    # y (ỵ is a single byte)
    "y": "y", "ỳ": "y\u00f8", "ỷ": "y\u00fb", "ỹ": "y\u00f5", "ý": "y\u00f9", "ỵ": "\u00ee",
    # đ
    "đ": "\u00f1",
}

VNI_UPPER: dict[str, str] = {
    # A
    "A": "A", "À": "A\u00d8", "Ả": "A\u00db", "Ã": "A\u00d5", "Á": "A\u00d9", "Ạ": "A\u00cf",
    # Ă
    "Ă": "A\u00ca", "Ằ": "A\u00c8", "Ẳ": "A\u00da", "Ẵ": "A\u00dc", "Ắ": "A\u00c9", "Ặ": "A\u00cb",
    # Â
    "Â": "A\u00c2", "Ầ": "A\u00c0", "Ẩ": "A\u00c5", "Ẫ": "A\u00c3", "Ấ": "A\u00c1", "Ậ": "A\u00c4",
    # E
    "E": "E", "È": "E\u00d8", "Ẻ": "E\u00db", "Ẽ": "E\u00d5", "É": "E\u00d9", "Ẹ": "E\u00cf",
    # Ê
    "Ê": "E\u00c2", "Ề": "E\u00c0", "Ể": "E\u00c5", "Ễ": "E\u00c3", "Ế": "E\u00c1", "Ệ": "E\u00c4",
    # I
    "I": "I", "Ì": "\u00cc", "Ỉ": "\u00c6", "Ĩ": "\u00d3", "Í": "\u00cd", "Ị": "\u00d2",
    # O
    "O": "O", "Ò": "O\u00d8", "Ỏ": "O\u00db", "Õ": "O\u00d5", "Ó": "O\u00d9", "Ọ": "O\u00cf",
    # Ô
    "Ô": "O\u00c2", "Ồ": "O\u00c0", "Ổ": "O\u00c5", "Ỗ": "O\u00c3", "Ố": "O\u00c1", "Ộ": "O\u00c4",
    # Ơ
    "Ơ": "\u00d4", "Ờ": "\u00d4\u00d8", "Ở": "\u00d4\u00db", "Ỡ": "\u00d4\u00d5", "Ớ": "\u00d4\u00d9",
    "Ợ": "\u00d4\u00cf",
    # U
    "U": "U", "Ù": "U\u00d8", "Ủ": "U\u00db", "Ũ": "U\u00d5", "Ú": "U\u00d9", "Ụ": "U\u00cf",
    # Ư
    "Ư": "\u00d6", "Ừ": "\u00d6\u00d8", "Ử": "\u00d6\u00db", "Ữ": "\u00d6\u00d5", "Ứ": "\u00d6\u00d9",
    "Ự": "\u00d6\u00cf",
    # Y
    "Y": "Y", "Ỳ": "Y\u00d8", "Ỷ": "Y\u00db", "Ỹ": "Y\u00d5", "Ý": "Y\u00d9", "Ỵ": "\u00ce",
    # Đ
    "Đ": "\u00d1",
}
