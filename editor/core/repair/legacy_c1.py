"""C1 controls left over: legacy 8-bit text read as Latin-1, not UTF-8."""

from __future__ import annotations

import bisect
import re

from editor.core.repair.fixes import Fix, merge_new

# C1 controls left over are whole legacy 8-bit text read as Latin-1, not UTF-8. ftfy reads
# them as Windows-1252 punctuation, which is right for quotes and dashes around words; but
# inside a word, where Windows-1252 gives punctuation that cannot be there ("tur’stico",
# "Coatl‡n"), they are Mac Roman letters ("turístico", "Coatlán").
_C1 = re.compile(r"[\x80-\x9f]")
_CP1252_LETTERS = frozenset("\x83\x8a\x8c\x8e\x9a\x9c\x9e\x9f")  # ƒ Š Œ Ž š œ ž Ÿ
_CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve)\b", re.IGNORECASE)


def legacy_c1_fixes(text: str, fixes: list[Fix]) -> list[Fix]:
    if not _C1.search(text) or not _C1.search(_outside(text, fixes)):
        return fixes  # the usual case: none, or all inside our repairs
    offsets = [fix.offset for fix in fixes]
    controls = [match.start() for match in _C1.finditer(text)]
    leftovers = [pos for pos in controls if not _inside_fix(fixes, offsets, pos)]
    if not leftovers or not all(_mac_roman_letter(text, pos) for pos in leftovers):
        return fixes
    kind = ("mac-roman-as-latin-1",)
    added = [
        Fix(pos, 1, text[pos], text[pos].encode("latin-1").decode("mac_roman"), kind)
        for pos in leftovers
    ]
    return merge_new(fixes, added)


def _outside(text: str, fixes: list[Fix]) -> str:
    """``text`` without the parts that ``fixes`` (in order, not overlapping) replace."""
    pieces = []
    cursor = 0
    for fix in fixes:
        pieces.append(text[cursor : fix.offset])
        cursor = fix.offset + fix.length
    pieces.append(text[cursor:])
    return "".join(pieces)


def _inside_fix(fixes: list[Fix], offsets: list[int], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``fixes`` (in order, not overlapping, at ``offsets``)."""
    index = bisect.bisect_right(offsets, pos)
    return index > 0 and fixes[index - 1].offset + fixes[index - 1].length > pos


def _mac_roman_letter(text: str, pos: int) -> bool:
    """Inside a word, where Windows-1252 would put punctuation or a capital letter."""
    left, right = text[pos - 1 : pos], text[pos + 1 : pos + 2]
    if not (left.isalpha() and right.isalpha()):
        return False
    if text[pos] in _CP1252_LETTERS:
        # "Dvo\x9aák" is Windows-1252 "Dvořák"; "M\x8exico" is not "MŽxico".
        return text[pos].encode("latin-1").decode("cp1252").isupper() and right.islower()
    return not (text[pos] == "\x92" and _CONTRACTION.match(text, pos + 1))
