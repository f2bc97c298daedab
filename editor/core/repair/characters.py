"""Which decoded characters an author could have typed, and which can share a word."""

from __future__ import annotations

import itertools
import unicodedata

from editor.core.repair.memo import memo

_IMPLAUSIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0080, 0x009F),  # C1 controls
    (0x0180, 0x024F),  # Latin Extended-B (exceptions below)
    (0x0250, 0x02AF),  # IPA extensions
    (0x02B0, 0x02FF),  # spacing modifier letters
    (0x0300, 0x036F),  # combining marks (the accents NFD text uses are exceptions below)
    (0x0370, 0x0383),  # archaic Greek letters and numeral signs
    (0x03D7, 0x03FF),  # Coptic and archaic Greek letters (ϐ ϑ ϕ ϖ of maths stay)
    (0x0460, 0x0489),  # historic Cyrillic letters, combining Cyrillic
    (0x0500, 0x052F),  # Cyrillic supplement
    (0x0700, 0x08FF),  # Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic extensions
    (0x1800, 0x18AF),  # Mongolian
    (0x1D00, 0x1D2B),  # phonetic extensions (small capitals)
    (0x1D6B, 0x1DFF),  # phonetic extensions, combining supplement (modifiers stay: "XVIIᵉ")
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xAB30, 0xAB6F),  # Latin Extended-E
    (0xE000, 0xF8FF),  # private use
    (0xFFF0, 0xFFFC),  # specials
)
_PLAUSIBLE_EXCEPTIONS = frozenset(
    [
        *(0x018F, 0x0192, 0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x0259, 0x02BB, 0x02BC, 0x02C6, 0x02C7),
        *range(0x01CD, 0x01DD),  # pinyin tones
        *range(0x0218, 0x021C),  # Romanian comma-below letters
        *range(0x02D8, 0x02DE),  # spacing accents
        # Accents of NFD text: Latin and Vietnamese letters, Greek polytonic, Romanian.
        *range(0x0300, 0x030D),
        *(0x030F, 0x0311, 0x031B, 0x0323, 0x0324, 0x0325, 0x0326, 0x0327, 0x0328, 0x0331),
        *range(0x0342, 0x0346),
        *(0x0313, 0x0314, 0x03F5),  # and ϵ, a maths epsilon
    ]
)
# Emoji newer than this Python's Unicode tables are still real characters.
_EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0xE0020, 0xE007F))

# First words of Unicode letter names that name a script.
_SCRIPT_WORDS = frozenset(
    (  # noqa: SIM905 - a list of 52 words reads better as text
        "LATIN GREEK CYRILLIC ARMENIAN HEBREW ARABIC DEVANAGARI BENGALI GURMUKHI GUJARATI "
        "ORIYA TAMIL TELUGU KANNADA MALAYALAM SINHALA THAI LAO TIBETAN MYANMAR GEORGIAN "
        "HANGUL ETHIOPIC CHEROKEE KHMER HIRAGANA KATAKANA CJK BOPOMOFO YI SYRIAC THAANA NKO "
        "SAMARITAN MANDAIC MONGOLIAN COPTIC RUNIC OGHAM CANADIAN TIFINAGH GLAGOLITIC LIMBU "
        "TAI BUGINESE BALINESE SUNDANESE LEPCHA VAI BAMUM JAVANESE CHAM"
    ).split()
)
# Scripts that really do sit next to each other without a space (science, CJK prose).
_FRIENDLY_SCRIPTS = frozenset(
    ["LATIN", "GREEK", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"]
)


@memo
def possible(ch: str) -> bool:
    """Whether an author could have typed this character at all."""
    category = unicodedata.category(ch)
    if category == "Cn":
        return any(low <= ord(ch) <= high for low, high in _EMOJI_RANGES)
    # C1 controls pass: they are what the inner layer of double damage decodes to.
    return category not in ("Cc", "Cs") or "\x80" <= ch <= "\x9f"


@memo
def plausible(ch: str) -> bool:
    """Whether this character is common enough to be believed on little evidence."""
    code = ord(ch)
    if code in _PLAUSIBLE_EXCEPTIONS:
        return True
    if any(low <= code <= high for low, high in _IMPLAUSIBLE_RANGES):
        return False
    return possible(ch) and unicodedata.category(ch) != "Co"


@memo
def script(ch: str) -> str:
    """The script a character belongs to by name ("" for shared punctuation, symbols...).

    Letters may name it anywhere ("MODIFIER LETTER SMALL GREEK GAMMA"); other characters
    only up front ("ARABIC-INDIC DIGIT ZERO", "HEBREW POINT SEGOL").
    """
    if len(ch) != 1:
        return ""
    words = unicodedata.name(ch, "").replace("-", " ").split(" ")
    if not unicodedata.category(ch).startswith("L"):
        words = words[:1]
    for word in words:
        if word in _SCRIPT_WORDS:
            return word
    return ""


def compatible(left: str, right: str) -> bool:
    """Whether two adjacent characters can share a word in real text."""
    a, b = script(left), script(right)
    if not a or not b or a == b:
        return True
    return a in _FRIENDLY_SCRIPTS and b in _FRIENDLY_SCRIPTS


@memo
def is_mark(ch: str) -> bool:
    return len(ch) == 1 and unicodedata.category(ch).startswith("M")


def fits_context(decoded: str, left: str, right: str) -> bool:
    """Decoded characters must make sense between their neighbours."""
    if is_mark(decoded[0]) and (not left or left.isspace()):
        return False
    return compatible(left, decoded[0]) and compatible(decoded[-1], right)


def reads_as_word(decoded: str) -> bool:
    """Every neighbouring pair of characters could share a word."""
    scripts = set(map(script, decoded))
    scripts.discard("")
    if len(scripts) < 2 or scripts <= _FRIENDLY_SCRIPTS:
        return True  # no pair can clash: the usual word, checked without the pairs
    return all(compatible(a, b) for a, b in itertools.pairwise(decoded))
