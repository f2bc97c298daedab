"""The word "à" whose no-break space byte a careless program turned into a space."""

from __future__ import annotations

import re

from editor.core.repair.charsets import CHARSETS, Charset, family
from editor.core.repair.fixes import Fix, merge_new


def _grave(charset: Charset) -> str:
    return next(ch for ch, byte in charset.to_byte.items() if byte == 0xC3) + " "


def _grave_pattern(charset: Charset) -> re.Pattern[str]:
    # "Ã" (byte C3) starting a word and followed by a space: the word "à", whose second
    # byte A0 a careless program turned into a space (ftfy's A_GRAVE_WORD_RE).
    return re.compile(rf"(?<![^\s'’]){re.escape(_grave(charset))}")


# Mac Roman has no no-break space at A0 ("à" is "√†" there) and code page 437 neither.
_GRAVE_CHARSETS = [charset for charset in CHARSETS if charset.kind not in ("mac-roman", "cp437")]
_GRAVE_PATTERNS = {charset.kind: _grave_pattern(charset) for charset in _GRAVE_CHARSETS}
# The two characters themselves: the pattern's look-behind makes it slow to scan, and most
# texts lack them.
_GRAVES = {charset.kind: _grave(charset) for charset in _GRAVE_CHARSETS}
# Portuguese words that start with "à" and lose their space with it ("àquele", "às").
_GRAVE_JOINS = ("quele", "quela", "quilo", "s ")


def swallowed_space_fixes(text: str, fixes: list[Fix]) -> list[Fix]:
    """The word "à" written "Ã " in lines already found damaged by the same charset."""
    families = {family(fix.layers[0]) for fix in fixes if len(fix.layers) == 1}
    if not any(
        kind in _GRAVES and _GRAVES[kind] in text and _GRAVE_PATTERNS[kind].search(text)
        for kind in families
    ):
        return fixes
    lines: dict[str, dict[int, str]] = {}  # charset -> line start -> kind named there
    for fix in fixes:
        if len(fix.layers) == 1:
            line = text.rfind("\n", 0, fix.offset) + 1
            lines.setdefault(family(fix.layers[0]), {})[line] = fix.layers[0]
    added = []
    for name, kinds in lines.items():
        pattern = _GRAVE_PATTERNS.get(name)
        for match in pattern.finditer(text) if pattern else ():
            kind = kinds.get(text.rfind("\n", 0, match.start()) + 1)
            grave = _grave_fix(text, match, kind) if kind else None
            if grave is not None:
                added.append(grave)
    return merge_new(fixes, added)


def _grave_fix(text: str, match: re.Match[str], kind: str) -> Fix | None:
    following = text[match.end() : match.end() + 5]
    if not following or not (following[0].isalpha() or following[0] == " "):
        return None
    # The space was the A0 byte itself when a second space or a joined word follows.
    consumed = following[0] == " " or following.startswith(_GRAVE_JOINS)
    length = 2 if consumed else 1
    return Fix(match.start(), length, text[match.start() : match.start() + length], "à", (kind,))
