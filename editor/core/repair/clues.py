"""How strongly one decoded sequence points to mojibake: rules for strong, firm, protected."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ftfy.badness import BADNESS_RE

from editor.core.repair.characters import compatible, is_mark, script

# Everyday punctuation; "´" and "¨" included as people type them for quotes ("lá´´").
_COMMON_PUNCT = frozenset("\xa0’‘“”«»–—…•·„‚¡¿´¨")
# Mac Roman "√" (byte C3) starts every Latin-1 letter; only these read as real maths.
_MATH_AFTER_ROOT = frozenset("π∑∞")
# Continuation characters that real prose never puts right after an accented letter.
_WEIRD_AFTER_LETTER = frozenset("€ƒ†‡ˆ‰‹›˜¢¤¥¦§ª¬\xad¯±²³µ¶¸¹º¼½¾ŠšŒœŽžŸ")
# Mac Roman symbols that start a sequence and never stand before a letter in prose.
_MAC_SYMBOL_LEADS = frozenset("ƒ≈∆◊⁄»")
# Windows-1252 "Ã" and one of these spells Å, Ñ, Ó, Ô, Õ, Ò... ("Ã’s" stays: ftfy's case).
_GLUED_PUNCT = frozenset("…‘“”•")
# Windows-1252 "Ð"/"Ñ" start every Cyrillic letter; no real word puts them before a dash,
# quote or ellipsis (an Icelandic "ÞAÐ…" fails the script check instead).
_CYRILLIC_LEADS = frozenset("ÐÑ")
# Accents an NFD text puts after a base letter.
_COMMON_ACCENTS = frozenset(
    "\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c\u0327\u0328"
)
# Punctuation that sits next to mojibake in half-repaired text without being part of it.
LEGIT_NEIGHBOURS = frozenset("\xa0‘’“”–—…•‚„")
_UPPER_BEFORE = re.compile(r"[A-ZÀ-Þ]")


def _legit_looking(source: str) -> bool:
    """Letters and everyday punctuation only: could be a real word."""
    return all(ch.isalpha() or is_mark(ch) or ch in _COMMON_PUNCT for ch in source)


def ftfy_bad(text: str) -> bool:
    return BADNESS_RE.search(text) is not None


def bad_near(text: str, start: int, end: int) -> bool:
    """ftfy's badness test on a small window: cheap, unlike testing whole lines."""
    return ftfy_bad(text[max(0, start - 3) : end + 3])


# C1 controls and Apple's logo (Mac Roman F0): nobody types them.
_UNTYPABLE = frozenset([*map(chr, range(0x80, 0xA0)), "\uf8ff"])


def strong_alone(kind: str, source: str, decoded: str, left: str) -> bool:
    """Evidence that needs no wider context: this can only be mojibake."""
    if not _UNTYPABLE.isdisjoint(source):
        return True
    if len(source) >= 3:
        # Mac Roman starts three-byte sequences with punctuation ("‚Äô") that no real
        # word has in front of two accented letters.
        return not _legit_looking(source) or (kind == "mac-roman" and not source[0].isalpha())
    if decoded in _COMMON_ACCENTS and left.isalpha():
        return True
    if kind == "mac-roman" and source[0] == "√":
        return source[1] not in _MATH_AFTER_ROOT or left.isalpha()
    if _foreign_inside_word(source, decoded, left):
        return True
    if kind == "mac-roman" and source[0] in "Œœ" and not _mac_greek(decoded, left):
        return False
    return ftfy_bad(source) and not ftfy_bad(decoded)


def _mac_greek(decoded: str, left: str) -> bool:
    """ftfy's "œ before a non-letter" rule is evidence in Mac Roman only for a Greek letter
    that does not sit glued to a Latin word (French writes "cœur", never "cœé")."""
    return "\u0386" <= decoded <= "\u03ce" and script(left) != "LATIN"


def _foreign_inside_word(source: str, decoded: str, left: str) -> bool:
    """A letter of another alphabet glued inside a word ("mГ©dicament"), which decodes to
    a letter that belongs there, is how Windows-1251 shows "é"; real text never does it."""
    if not left.isalpha() or compatible(left, source[0]):
        return False
    return bool(script(source[0])) and compatible(left, decoded[0])


def firm(kind: str, source: str, decoded: str, left: str, right: str) -> bool:
    """Evidence strong enough on its own, but only in a paragraph that is damaged throughout.

    Inconsistent text ("Bremer/Mccoy – DrÃ¥ber", where the dash is intact) stays as is.
    """
    if source[0].isalpha() and source[-1] in _WEIRD_AFTER_LETTER:
        return True
    if decoded in "¿¡" and right.isalpha() and not left.isalnum():
        return True  # Spanish opening marks: "┬┐que" (code page 437) is "¿que"
    rule = _FIRM_RULES.get(kind)
    verdict = rule(source, decoded, left, right) if rule else None
    if verdict is not None:
        return verdict
    return ftfy_bad(left + source + right) and not ftfy_bad(left + decoded + right)


def _firm_windows_1252(source: str, decoded: str, left: str, right: str) -> bool | None:
    lead, cont = source[0], source[-1]
    if lead in _CYRILLIC_LEADS and script(decoded) == "CYRILLIC":
        return True
    if lead == "Ã" and cont in _GLUED_PUNCT and right.isalpha():
        return True  # "Ã…land": punctuation glued to the next word is an Å, Ó, Ñ...
    return None


def _firm_mac_roman(source: str, decoded: str, left: str, right: str) -> bool | None:
    lead, cont = source[0], source[-1]
    if lead in "Œœ":
        return None if _mac_greek(decoded, left) else False
    if lead in _MAC_SYMBOL_LEADS:
        return left.isalpha() or right.isalpha() or None
    if lead == "√" and cont == "∑":
        return not right.isalnum() or None  # "12 √∑ 4" is "12 ÷ 4"; "√∑x" may be maths
    if lead == "¬":
        # "¬´" is "«", unless it is the frown of a kaomoji such as "`¬´".
        return cont != "´" or not left or left.isalpha() or left.isspace()
    if lead in "–—" and cont != "∞" and script(decoded) == "CYRILLIC":
        # A lone Cyrillic letter ("—ñ" is і); a dash glued to a word or number is prose.
        return not (left.isalnum() or right.isalnum())
    return None


_FIRM_RULES: Mapping[str, Callable[[str, str, str, str], bool | None]] = {
    "windows-1252": _firm_windows_1252,
    "mac-roman": _firm_mac_roman,
}


def protected(source: str, left: str) -> bool:
    """Real spellings that merely look like mojibake, such as "MISUTÂ AJIKKO"."""
    return source == "Â\xa0" and bool(_UPPER_BEFORE.match(left))
