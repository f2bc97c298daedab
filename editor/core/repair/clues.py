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


def strong_alone(kind: str, source: str, decoded: str, left: str, right: str = "") -> bool:
    """Evidence that needs no wider context: this can only be mojibake."""
    if not _UNTYPABLE.isdisjoint(source):
        return True
    if len(source) >= 3:
        # Mac Roman starts three-byte sequences with punctuation ("‚Äô") that no real
        # word has in front of two accented letters.
        if not _legit_looking(source) or (kind == "mac-roman" and not source[0].isalpha()):
            return True
        if kind == "windows-1252" and source[0].isalpha() and source[1] in _OPENING_AFTER_LETTER:
            return True  # "â„–" is "№": opening punctuation after a letter
        return _lone_syllable(kind, source, decoded, left, right) or _inside_word(
            kind, source, decoded, left, right
        )
    if decoded in _COMMON_ACCENTS and left.isalpha() and kind in _ACCENT_KINDS:
        return True
    if kind == "mac-roman" and source[0] == "√":
        return source[1] not in _MATH_AFTER_ROOT or left.isalpha()
    if _foreign_inside_word(source, decoded, left):
        return True
    if _letter_shapes(kind, source, decoded, left, right):
        return True
    if kind == "mac-roman" and source[0] in "Œœ" and not _mac_greek(decoded, left):
        return False
    return ftfy_bad(source) and not ftfy_bad(decoded)


# Code pages whose high characters are Western European letters and symbols, so that
# letters of them glued into a word are what mojibake looks like. In the others (Central
# European, Cyrillic, Greek...) the same characters are the everyday letters of the text.
LATIN_KINDS = frozenset(["windows-1252", "mac-roman", "cp437"])
# Where a decoded accent after a letter is the damage of NFD text. In Windows-1250 and
# ISO-8859-2 the same bytes are everyday capitals ("TĚŠÍ", "ROVNĚŽ"), not damage.
_ACCENT_KINDS = frozenset(["windows-1252", "mac-roman"])
# Punctuation that opens: real text never glues it to the end of a letter ("Ä„", "Å¡").
_OPENING_AFTER_LETTER = frozenset("‚„¡¿")
# Mac Roman leads of Hebrew and Arabic letters: a lozenge and two Y-diaereses.
_MAC_RTL_LEADS = frozenset("◊ÿŸ")
_RTL_SCRIPTS = frozenset(["HEBREW", "ARABIC"])
# Scripts whose every letter is a syllable or a word: one alone is a word.
_SYLLABLE_SCRIPTS = frozenset(["CJK", "HANGUL", "HIRAGANA", "KATAKANA"])
# Punctuation that may close a word ending in an accented letter ("Olá»…", "Bä“…").
_CLOSING = frozenset("»”“’‘›…")
_AFTER_CLOSING = _CLOSING | frozenset("–—\xa0")


def _letter_shapes(kind: str, source: str, decoded: str, left: str, right: str) -> bool:
    """A single two-character sequence that decodes to a letter, in a place where its own
    characters cannot stand in real text."""
    if not decoded.isalpha():
        return False
    lead, cont = source[0], source[1]
    if kind == "windows-1252":
        if lead.isalpha() and cont in _OPENING_AFTER_LETTER:
            return True  # "Ä„", "Å¡", "Ï‚": opening punctuation after a letter
        if left.islower() and lead.isupper() and lead != "Ã" and decoded.islower():
            # "siÄ™": a capital inside a lowercase word. ("DrÃ¥ber" stays: ftfy's case of
            # inconsistent damage, and Latin-1 letters have ftfy's rules.)
            return compatible(left, decoded)
    if kind == "mac-roman":
        if lead in _MAC_RTL_LEADS and script(decoded) in _RTL_SCRIPTS:
            return True  # "◊ú", "Ÿà": a lone Hebrew or Arabic letter
        if lead in "ƒ≈" and cont.isalpha() and not cont.isascii():
            return True  # "ƒû" is "Ğ": a florin or "≈" before an accented letter
    return _inside_word(kind, source, decoded, left, right)


def _inside_word(kind: str, source: str, decoded: str, left: str, right: str) -> bool:
    """Punctuation between letters ("Nguyá»…n", "cÅ“ur", "p≈ôi"), where a letter that
    belongs there reads a real word."""
    if kind not in _ACCENT_KINDS or not (left.isalpha() and right.isalpha()):
        return False
    if not decoded.isalpha() or source.isalpha() or not _NOT_IN_WORDS.isdisjoint(source):
        return False
    if source[0] == "Ã" and source[-1] == "’":
        return False  # "IRMÃ’S": an English possessive after a Portuguese capital
    if source[-1] == "\xa0" and decoded not in _NBSP_LETTERS:
        return False  # "SELKÄ\xa0EDELLÄ": a no-break space between two words
    return compatible(left, decoded) and compatible(decoded, right)


# Leetspeak writes letters with currency signs ("MÄ£ÄM").
_NOT_IN_WORDS = frozenset("£¥¢€¤")
# Common letters whose second byte is a no-break space (Windows-1252 "Å\xa0", "Æ\xa0").
_NBSP_LETTERS = frozenset("ŠƠ")


def _lone_syllable(kind: str, source: str, decoded: str, left: str, right: str) -> bool:
    """A three-character sequence of letters and everyday punctuation that decodes to a
    syllable of CJK or Korean, which makes a word alone ("Îäî", "ë‚´"), or to a letter of
    Vietnamese glued to a word ("dá»…" is "dễ"), unless it could be an accented letter
    closing a quotation ("Olá»…")."""
    if kind not in _ACCENT_KINDS:
        return False
    if kind == "windows-1252" and "\u1ea0" <= decoded <= "\u1ef9":
        return left.isalpha() or right.isalpha()
    if script(decoded) not in _SYLLABLE_SCRIPTS:
        return False
    return kind == "mac-roman" or not (source[1] in _CLOSING and source[2] in _AFTER_CLOSING)


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
        # In the Central European and other native-letter code pages "Š", "Ž", "š"... are
        # everyday letters after a capital ("DĹŽKA", "ROVNĚŽ"): no clue there.
        return kind in LATIN_KINDS or not source.isalpha()
    if (
        kind == "windows-1252"
        and source[-1] == "\xa0"
        and decoded in _NBSP_LETTERS
        and (
            (left.isalpha() and compatible(left, decoded))
            or (right.isalpha() and compatible(decoded, right))
        )
    ):
        return True  # "Å\xa0uma": a no-break space glued to a word is an "Š" or an "Ơ"
    if decoded in "¿¡" and right.isalpha() and not left.isalnum():
        return True  # Spanish opening marks: "┬┐que" (code page 437) is "¿que"
    rule = _FIRM_RULES.get(kind)
    verdict = rule(source, decoded, left, right) if rule else None
    if verdict is not None:
        return verdict
    return ftfy_bad(left + source + right) and not ftfy_bad(left + decoded + right)


def _firm_windows_1252(source: str, decoded: str, left: str, right: str) -> bool | None:
    lead, cont = source[0], source[-1]
    if lead in "ÄÅÈ" and decoded.isalpha():
        # Latin Extended letters: a sign glued to a capital ("JUÅ»", "DOMÅ®", "AÈ™") or a
        # quote that opens after one ("NÅ‘") is a letter of Central European or Romanian.
        # ("AHÅ™" stays: ftfy's Swedish product name.)
        if (cont in "®©»" or (cont == "™" and lead == "È")) and (left.isupper() or not left):
            return True
        if lead == "Å" and cont == "‘" and not left.islower():
            return True
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


def native_letters(kind: str, source: str, decoded: str) -> bool:
    """Letters of a native-letter code page ("ВІТІ" in Windows-1251) that decode to
    something other than letters ("²Ҳ"): a real word of that script, not its damage."""
    return kind not in LATIN_KINDS and source.isalpha() and not decoded.isalpha()


def protected(source: str, left: str) -> bool:
    """Real spellings that merely look like mojibake, such as "MISUTÂ AJIKKO"."""
    return source == "Â\xa0" and bool(_UPPER_BEFORE.match(left))
