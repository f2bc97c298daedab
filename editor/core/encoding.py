"""Encoding repair: find text whose UTF-8 bytes were decoded with the wrong charset and undo it."""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import ftfy
from ftfy import bad_codecs
from ftfy.badness import BADNESS_RE

from editor.core.text_edit import TextEdit

bad_codecs.ok()  # importing it registers ftfy's "sloppy-windows-125x" codecs

# How it works. UTF-8 read with a single-byte charset turns each non-ASCII character into
# two to four characters whose bytes in that charset are a well-formed UTF-8 sequence
# ("’" -> "‚Äô" in Mac Roman). For each charset we know, candidate sequences are found
# with compiled regexes (only inside stretches of non-ASCII text, so clean text costs a
# regex scan), decoded, and judged:
#
# * strong: mojibake beyond doubt ("‚Äô", "Ã©", an emoji, several in a row that read as
#   one word). Repaired wherever found.
# * firm: convincing, but real text could look like it in a text that is partly intact
#   ("DrÃ¥ber" next to an intact dash). Repaired where its paragraph is damaged throughout.
# * weak: plausible ("Â" before a no-break space). Repaired only where the document has
#   strong evidence for the same charset and the paragraph is damaged throughout.
#
# The charset with the most strong evidence in the document claims overlapping readings;
# repairs are then searched again for a second (and third) layer of damage. Finally ftfy
# gets a say on lines with leftovers only it knows how to handle (bytes already lost as
# "�", no-break spaces turned into spaces, C1 controls), under a guard that keeps it off
# places we judged ambiguous, off URL syntax, and away from unlikely characters.
#
# Speed: a text that one charset decodes as a whole (the usual damaged article) is
# repaired at C speed after a single strong verdict; otherwise, since mojibake repeats
# itself, every distinct stretch is judged once and the verdict cached.

NO_DAMAGE = "No encoding damage found"

# Human names for Change.kind, used in the diagnosis.
KIND_LABELS: Mapping[str, str] = {
    "mac-roman": "UTF-8 read as Mac Roman",
    "windows-1252": "UTF-8 read as Windows-1252",
    "latin-1": "UTF-8 read as Latin-1",
    "windows-1250": "UTF-8 read as Windows-1250 (Central European)",
    "windows-1251": "UTF-8 read as Windows-1251 (Cyrillic)",
    "windows-1253": "UTF-8 read as Windows-1253 (Greek)",
    "windows-1254": "UTF-8 read as Windows-1254 (Turkish)",
    "windows-1257": "UTF-8 read as Windows-1257 (Baltic)",
    "iso-8859-2": "UTF-8 read as ISO-8859-2 (Central European)",
    "cp437": "UTF-8 read as DOS code page 437",
    "double": "UTF-8 decoded wrongly more than once",
    "c1-controls": "Windows-1252 punctuation read as Latin-1 control characters",
    "mac-roman-as-latin-1": "Mac Roman letters read as Latin-1 control characters",
    "lossy": "UTF-8 read wrongly with bytes already lost (now �)",
    "mixed": "Mixed encoding damage",
}


@dataclass(frozen=True)
class Change:
    """One repaired place: ``before`` at ``offset`` (``length`` characters) becomes ``after``.

    Offsets and lengths count Python characters in the original text.
    """

    offset: int
    length: int
    before: str
    after: str
    kind: str


@dataclass(frozen=True)
class Repair:
    """The outcome of :func:`repair_text`.

    ``diagnosis`` is exactly :data:`NO_DAMAGE` ("No encoding damage found") when nothing was
    changed and nothing looked doubtful. Otherwise it names each wrong decoding with the
    number of characters repaired ("UTF-8 read as Mac Roman, 48 characters") and, when
    some places were left alone because the evidence was ambiguous, says so.
    """

    text: str
    changes: tuple[Change, ...]
    diagnosis: str

    @property
    def damaged(self) -> bool:
        """True when at least one change was made."""
        return bool(self.changes)

    @property
    def count(self) -> int:
        """Number of repaired characters in the result (48 for the seed article)."""
        return sum(_repaired_count(change) for change in self.changes)


def _repaired_count(change: Change) -> int:
    # Restoring a swallowed no-break space shortens the text without adding a character.
    return max(1, len(change.after))


# --------------------------------------------------------------------------------------
# Small helpers


class _Spans:
    """Non-overlapping spans kept sorted, with a fast overlap test."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._starts, end)
        return index > 0 and self._ends[index - 1] > start


def _apply(text: str, changes: Iterable[Change]) -> str:
    """``text`` with ``changes`` (in order, never overlapping) applied."""
    pieces: list[str] = []
    cursor = 0
    for change in changes:
        pieces.append(text[cursor : change.offset])
        pieces.append(change.after)
        cursor = change.offset + change.length
    pieces.append(text[cursor:])
    return "".join(pieces)


# --------------------------------------------------------------------------------------
# Charsets


@dataclass(frozen=True)
class _Charset:
    kind: str
    to_byte: Mapping[str, int]
    leads: frozenset[str]
    sequence: re.Pattern[str]
    # For str.translate: each character to the Latin-1 character of its byte, so that
    # ``.encode("latin-1")`` yields the raw bytes at C speed.
    to_latin1: Mapping[int, str]
    chars: frozenset[str]

    def __repr__(self) -> str:
        return f"<charset {self.kind}>"


_LOST = "\ufffd"


def _char_class(to_byte: Mapping[str, int], low: int, high: int, extra: str = "") -> str:
    chars = sorted(ch for ch, byte in to_byte.items() if low <= byte <= high) + list(extra)
    if not chars:
        return "(?!)"
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


def _sequence_pattern(to_byte: Mapping[str, int]) -> re.Pattern[str]:
    """Characters whose bytes form one well-formed UTF-8 multi-byte sequence.

    Second-byte ranges follow RFC 3629 so overlong forms never match. A CESU-8 surrogate
    pair (how Java and old MySQL store emoji) comes first so it wins. A continuation byte
    may also be "�" where an earlier decoder already threw the byte away.
    """

    def byte(low: int, high: int | None = None) -> str:
        return _char_class(to_byte, low, low if high is None else high)

    cont = _char_class(to_byte, 0x80, 0xBF, _LOST)
    alternatives = [
        byte(0xED) + byte(0xA0, 0xAF) + cont + byte(0xED) + byte(0xB0, 0xBF) + cont,
        byte(0xF0) + byte(0x90, 0xBF) + cont + cont,
        byte(0xF1, 0xF3) + cont + cont + cont,
        byte(0xF4) + byte(0x80, 0x8F) + cont + cont,
        byte(0xE0) + byte(0xA0, 0xBF) + cont,
        byte(0xE1, 0xEC) + cont + cont,
        byte(0xED) + byte(0x80, 0x9F) + cont,
        byte(0xEE, 0xEF) + cont + cont,
        byte(0xC2, 0xDF) + cont,
    ]
    return re.compile("|".join(alternatives))


def _build_charset(kind: str, codec: str, with_latin1: bool = False) -> _Charset:
    to_byte: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        to_byte.setdefault(bytes([byte]).decode(codec), byte)
    if with_latin1:
        # Latin-1 differs from Windows-1252 only in 0x80-0x9F, where it has C1 controls:
        # one table covers both, and the mixed documents ftfy's authors met in the wild.
        for byte in range(0x80, 0xA0):
            to_byte.setdefault(chr(byte), byte)
    leads = frozenset(ch for ch, byte in to_byte.items() if 0xC2 <= byte <= 0xF4)
    to_latin1 = {ord(ch): chr(byte) for ch, byte in to_byte.items()}
    chars = frozenset(to_byte)
    return _Charset(kind, to_byte, leads, _sequence_pattern(to_byte), to_latin1, chars)


# Order breaks ties: the most common real-world mix-ups come first.
_CHARSETS: tuple[_Charset, ...] = (
    _build_charset("windows-1252", "sloppy-windows-1252", with_latin1=True),
    _build_charset("mac-roman", "mac_roman"),
    _build_charset("windows-1251", "sloppy-windows-1251"),
    _build_charset("windows-1250", "sloppy-windows-1250"),
    _build_charset("iso-8859-2", "iso-8859-2"),
    _build_charset("windows-1253", "sloppy-windows-1253"),
    _build_charset("windows-1254", "sloppy-windows-1254"),
    _build_charset("windows-1257", "sloppy-windows-1257"),
    _build_charset("cp437", "cp437"),
)
_CHARSET_BY_KIND = {charset.kind: charset for charset in _CHARSETS}
_PRIORITY = {charset.kind: index for index, charset in enumerate(_CHARSETS)}


def _union_classes() -> tuple[str, str]:
    """Regex classes of every charset's lead and continuation characters."""
    leads: set[str] = set()
    conts: set[str] = {_LOST}
    for charset in _CHARSETS:
        leads |= charset.leads
        conts |= {ch for ch, byte in charset.to_byte.items() if byte < 0xC0}
    return (
        "".join(re.escape(ch) for ch in sorted(leads)),
        "".join(re.escape(ch) for ch in sorted(conts)),
    )


_LEAD_CLASS, _CONT_CLASS = _union_classes()
# Where any charset could start a sequence: one cheap scan instead of nine.
_PAIR_START = re.compile(f"(?=[{_LEAD_CLASS}][{_CONT_CLASS}])")


# --------------------------------------------------------------------------------------
# Which decoded characters are believable

# Blocks that UTF-8 mojibake lands in by accident but real prose almost never uses.
_IMPLAUSIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0080, 0x009F),  # C1 controls
    (0x0180, 0x024F),  # Latin Extended-B (exceptions below)
    (0x0250, 0x02AF),  # IPA extensions
    (0x02B0, 0x02FF),  # spacing modifier letters
    (0x0483, 0x0489),  # combining Cyrillic
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
    [0x018F, 0x0192, 0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x0259, 0x02BB, 0x02BC, 0x02C6, 0x02C7]
    + list(range(0x01CD, 0x01DD))  # pinyin tones
    + list(range(0x0218, 0x021C))  # Romanian comma-below letters
    + list(range(0x02D8, 0x02DE))  # spacing accents
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


@lru_cache(maxsize=8192)
def _possible(ch: str) -> bool:
    """Whether an author could have typed this character at all."""
    category = unicodedata.category(ch)
    if category == "Cn":
        return any(low <= ord(ch) <= high for low, high in _EMOJI_RANGES)
    # C1 controls pass: they are what the inner layer of double damage decodes to.
    return category not in ("Cc", "Cs") or "\x80" <= ch <= "\x9f"


@lru_cache(maxsize=8192)
def _plausible(ch: str) -> bool:
    """Whether this character is common enough to be believed on little evidence."""
    code = ord(ch)
    if code in _PLAUSIBLE_EXCEPTIONS:
        return True
    if any(low <= code <= high for low, high in _IMPLAUSIBLE_RANGES):
        return False
    return _possible(ch) and unicodedata.category(ch) != "Co"


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
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


def _compatible(left: str, right: str) -> bool:
    """Whether two adjacent characters can share a word in real text."""
    a, b = _script(left), _script(right)
    if not a or not b or a == b:
        return True
    return a in _FRIENDLY_SCRIPTS and b in _FRIENDLY_SCRIPTS


@lru_cache(maxsize=8192)
def _is_mark(ch: str) -> bool:
    return len(ch) == 1 and unicodedata.category(ch).startswith("M")


def _fits_context(decoded: str, left: str, right: str) -> bool:
    """Decoded characters must make sense between their neighbours."""
    if _is_mark(decoded[0]) and (not left or left.isspace()):
        return False
    return _compatible(left, decoded[0]) and _compatible(decoded[-1], right)


# --------------------------------------------------------------------------------------
# How suspicious the source characters are

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
_LEGIT_NEIGHBOURS = frozenset("\xa0‘’“”–—…•‚„")
_UPPER_BEFORE = re.compile(r"[A-ZÀ-Þ]")


def _legit_looking(source: str) -> bool:
    """Letters and everyday punctuation only: could be a real word."""
    return all(ch.isalpha() or _is_mark(ch) or ch in _COMMON_PUNCT for ch in source)


def _ftfy_bad(text: str) -> bool:
    return BADNESS_RE.search(text) is not None


def _strong_alone(kind: str, source: str, decoded: str, left: str) -> bool:
    """Evidence that needs no wider context: this can only be mojibake."""
    if any("\x80" <= ch <= "\x9f" or ch == "\uf8ff" for ch in source):
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
    return _ftfy_bad(source) and not _ftfy_bad(decoded)


def _mac_greek(decoded: str, left: str) -> bool:
    """ftfy's "œ before a non-letter" rule is evidence in Mac Roman only for a Greek letter
    that does not sit glued to a Latin word (French writes "cœur", never "cœé")."""
    return "\u0386" <= decoded <= "\u03ce" and _script(left) != "LATIN"


def _foreign_inside_word(source: str, decoded: str, left: str) -> bool:
    """A letter of another alphabet glued inside a word ("mГ©dicament"), which decodes to
    a letter that belongs there, is how Windows-1251 shows "é"; real text never does it."""
    if not left.isalpha() or _compatible(left, source[0]):
        return False
    return bool(_script(source[0])) and _compatible(left, decoded[0])


def _firm(kind: str, source: str, decoded: str, left: str, right: str) -> bool:
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
    return _ftfy_bad(left + source + right) and not _ftfy_bad(left + decoded + right)


def _firm_windows_1252(source: str, decoded: str, left: str, right: str) -> bool | None:
    lead, cont = source[0], source[-1]
    if lead in _CYRILLIC_LEADS and _script(decoded) == "CYRILLIC":
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
    if lead in "–—" and cont != "∞" and _script(decoded) == "CYRILLIC":
        # A lone Cyrillic letter ("—ñ" is і); a dash glued to a word or number is prose.
        return not (left.isalnum() or right.isalnum())
    return None


_FIRM_RULES: Mapping[str, Callable[[str, str, str, str], bool | None]] = {
    "windows-1252": _firm_windows_1252,
    "mac-roman": _firm_mac_roman,
}


def _protected(source: str, left: str) -> bool:
    """Real spellings that merely look like mojibake, such as "MISUTÂ AJIKKO"."""
    return source == "Â\xa0" and bool(_UPPER_BEFORE.match(left))


# --------------------------------------------------------------------------------------
# Candidate runs

# How sure a run is: strong runs are repaired anywhere; firm ones wherever their paragraph
# is damaged throughout; weak ones only there and only once the charset is proven.
_STRONG, _FIRM, _WEAK = 3, 2, 1


@dataclass(frozen=True, slots=True)
class _Run:
    """Adjacent sequences of one charset and what they decode to."""

    charset: _Charset
    start: int
    end: int
    after: str
    strength: int
    has_c1: bool = False
    protected: bool = False

    @property
    def kind(self) -> str:
        if self.charset.kind == "windows-1252" and self.has_c1:
            return "latin-1"
        return self.charset.kind

    def shifted(self, delta: int) -> _Run:
        return _Run(
            self.charset,
            self.start + delta,
            self.end + delta,
            self.after,
            self.strength,
            self.has_c1,
            self.protected,
        )


def _decode(charset: _Charset, source: str) -> str:
    """Decode well-formed sequences of ``charset`` (one, or several in a row)."""
    if _LOST in source:
        return _LOST
    raw = source.translate(charset.to_latin1).encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Only CESU-8 surrogate pairs get here; join the halves into one character.
        halves = raw.decode("utf-8", "surrogatepass")
        return halves.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _sequences(text: str, charset: _Charset, starts: Iterable[int]) -> list[tuple[int, int]]:
    """Spans of well-formed sequences, scanning like ``finditer`` but only at ``starts``."""
    spans: list[tuple[int, int]] = []
    last_end = 0
    for pos in starts:
        if pos < last_end or text[pos] not in charset.leads:
            continue
        match = charset.sequence.match(text, pos)
        if match:
            spans.append(match.span())
            last_end = match.end()
    return spans


def _group_adjacent(spans: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    group: list[tuple[int, int]] = []
    for span in spans:
        if group and group[-1][1] != span[0]:
            yield group
            group = []
        group.append(span)
    if group:
        yield group


@dataclass(frozen=True, slots=True)
class _Piece:
    """One sequence and what it decodes to."""

    start: int
    end: int
    decoded: str


def _runs_for_charset(
    text: str, charset: _Charset, spans: list[tuple[int, int]], inner_zone: tuple[int, int] | None
) -> Iterator[_Run]:
    for group in _group_adjacent(spans):
        start, end = group[0][0], group[-1][1]
        left, right = _neighbour(text, start - 1), _neighbour(text, end)
        whole_inner = inner_zone == (start, end)
        for run in _judged_group(charset.kind, text[start:end], left, right, whole_inner):
            yield run.shifted(start)


@lru_cache(maxsize=16384)
def _judged_group(
    kind: str, group: str, left: str, right: str, whole_inner: bool
) -> tuple[_Run, ...]:
    """Runs in one group of adjacent sequences, relative to the group (cached: they repeat).

    ``whole_inner`` marks a group that is exactly one of our own earlier repairs.
    """
    charset = _CHARSET_BY_KIND[kind]
    local = left + group + right
    offset = len(left)
    spans = _sequences(local, charset, range(offset, offset + len(group)))
    pieces = _pieces(local, charset, spans, group)
    # C1 controls are only believable as the inner layer of text damaged twice.
    has_c1 = any("\x80" <= piece.decoded <= "\x9f" for piece in pieces)
    inner = has_c1 and _decodes_further("".join(piece.decoded for piece in pieces))
    runs = []
    for chunk in _split_impossible(pieces, inner):
        whole = whole_inner and len(chunk) == len(pieces)
        run = _single_layer_run(local, charset, chunk, whole)
        if run is not None:
            runs.append(run.shifted(-offset))
    return tuple(runs)


def _pieces(
    local: str, charset: _Charset, spans: list[tuple[int, int]], group: str
) -> list[_Piece]:
    # Decoding the group at once is much faster; it yields one character per sequence
    # unless a lost byte or a surrogate pair is involved.
    decoded = _decode(charset, group) if _LOST not in group else ""
    if len(decoded) == len(spans):
        return [_Piece(s, e, ch) for (s, e), ch in zip(spans, decoded, strict=True)]
    return [_Piece(s, e, _decode(charset, local[s:e])) for s, e in spans]


def _split_impossible(pieces: list[_Piece], inner: bool) -> Iterator[list[_Piece]]:
    chunk: list[_Piece] = []
    for piece in pieces:
        if _possible(piece.decoded) and (inner or not "\x80" <= piece.decoded <= "\x9f"):
            chunk.append(piece)
        elif chunk:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _single_layer_run(
    text: str, charset: _Charset, chunk: list[_Piece], whole_inner: bool = False
) -> _Run | None:
    start, end = chunk[0].start, chunk[-1].end
    after = "".join(piece.decoded for piece in chunk)
    left, right = text[start - 1 : start], text[end : end + 1]
    word = _is_word(chunk)
    if _is_mark(after[0]) and (not left or left.isspace()):
        return None
    if not word and not _fits_context(after, left, right):
        return None
    source = text[start:end]
    has_c1 = not _LATIN1_ONLY.isdisjoint(source)
    if _garbled(charset, left) or (len(chunk) == 1 and _protected(source, left)):
        return _Run(charset, start, end, after, _WEAK, has_c1, protected=True)
    strength = _chunk_strength(text, charset.kind, chunk, whole_inner)
    return _Run(charset, start, end, after, strength, has_c1)


def _decodes_further(decoded: str) -> bool:
    """Odd characters are fine when they are themselves mojibake of believable text."""
    for charset in _CHARSETS:
        deeper = _full_decode(charset, decoded)
        if deeper is not None and all(_possible(ch) and ch >= "\xa0" for ch in deeper):
            return True
    return False


def _full_decode(charset: _Charset, source: str) -> str | None:
    """Decode ``source`` only if it consists entirely of sequences of ``charset``."""
    pos = 0
    pieces: list[str] = []
    while pos < len(source):
        match = charset.sequence.match(source, pos) if source[pos] in charset.leads else None
        if match is None or _LOST in match.group():
            return None
        pieces.append(_decode(charset, match.group()))
        pos = match.end()
    return "".join(pieces)


def _garbled(charset: _Charset, left: str) -> bool:
    """A stray continuation byte (or a character foreign to the charset) just before:
    part of a garble we cannot decode.

    Fixing a piece of such a garble makes it worse (ftfy's rule too), so leave it.
    """
    if left.isascii() or left in _LEGIT_NEIGHBOURS:
        return False
    byte = charset.to_byte.get(left)
    return byte is None or 0x80 <= byte <= 0xBF


def _is_word(chunk: list[_Piece]) -> bool:
    """Several sequences in a row decoding to one script: never happens by chance."""
    real = [piece.decoded for piece in chunk if piece.decoded != _LOST]
    return len(real) >= 2 and all(map(_plausible, real)) and _reads_as_word("".join(real))


def _chunk_strength(text: str, kind: str, chunk: list[_Piece], whole_inner: bool) -> int:
    """The strongest clue among the pieces.

    A piece decoding to a rare character is no clue by itself (its oddness is what makes
    it look like mojibake); it may only ride along with clues from its neighbours. Inside
    text we already repaired once, a piece that is the whole repaired output counts.
    """
    if _is_word(chunk):
        return _STRONG
    # Odd characters are fine when they are themselves mojibake of believable text.
    decoded = "".join(piece.decoded for piece in chunk)
    inner = not all(map(_plausible, decoded)) and _decodes_further(decoded)
    strength = _WEAK
    for piece in chunk:
        if piece.decoded == _LOST:
            continue
        rare = not (inner or all(map(_plausible, piece.decoded)))
        source = text[piece.start : piece.end]
        left, right = text[piece.start - 1 : piece.start], text[piece.end : piece.end + 1]
        if _strong_alone(kind, source, piece.decoded, left) and (whole_inner or not rare):
            return _STRONG
        if not rare and _firm(kind, source, piece.decoded, left, right):
            strength = _FIRM
    return strength


def _reads_as_word(decoded: str) -> bool:
    return all(_compatible(a, b) for a, b in zip(decoded, decoded[1:], strict=False))


# --------------------------------------------------------------------------------------
# Blocks: paragraphs, so weak evidence is trusted only inside uniformly damaged text

_BLOCK_BREAK = re.compile(
    r"\n|</?(?:p|h[1-6]|li|ul|ol|div|blockquote|pre|td|th|tr|table|figure|figcaption|br)\b[^>]*>",
    re.IGNORECASE,
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class _Blocks:
    """Paragraph boundaries and how many non-ASCII characters each holds."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [match.end() for match in _BLOCK_BREAK.finditer(text)]
        self._non_ascii: dict[int, int] = {}

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self._starts, pos) - 1

    def non_ascii(self, index: int) -> int:
        if index not in self._non_ascii:
            end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._text)
            self._non_ascii[index] = len(_NON_ASCII.findall(self._text, self._starts[index], end))
        return self._non_ascii[index]


# --------------------------------------------------------------------------------------
# Zones: every sequence lies inside a stretch of non-ASCII characters. Mojibake repeats
# the same few strings, so each distinct zone is judged once and, where no paragraph
# context is needed, decided once.

# Zone text, reduced neighbours, and whether it is exactly one of our earlier repairs.
_Key = tuple[str, str, str, bool]


def _zone_pattern() -> re.Pattern[str]:
    """Whole non-ASCII stretches that hold at least one possible sequence start.

    The look-behind pins each match to the start of a stretch, so a long stretch of
    CJK text without candidates is scanned once, not once per character.
    """
    return re.compile(
        f"(?<![^\\x00-\\x7f])[^\\x00-\\x7f]*?[{_LEAD_CLASS}](?=[{_CONT_CLASS}])[^\\x00-\\x7f]*"
    )


_ZONE = _zone_pattern()


def _ascii_class(ch: str) -> str:
    """A stand-in with the same meaning for the rules (ftfy's included): letter case,
    digit, space, sentence punctuation, anything else."""
    if ch.isalpha():
        return "A" if ch.isupper() else "a"
    if ch.isdigit():
        return "0"
    if ch.isspace():
        return " "
    return "." if ch in ".,?!" else "#"


_ASCII_CLASS = {chr(code): _ascii_class(chr(code)) for code in range(128)}


def _neighbour(text: str, pos: int) -> str:
    """The character at ``pos`` reduced to what judging needs, so zones share verdicts."""
    if not 0 <= pos < len(text):
        return ""
    return _ASCII_CLASS.get(text[pos], text[pos])


def _document_zones(text: str) -> list[tuple[int, _Key]]:
    zones = []
    classes = _ASCII_CLASS  # zones are whole non-ASCII stretches: neighbours are ASCII
    for match in _ZONE.finditer(text):
        start, end = match.span()
        left = classes[text[start - 1]] if start else ""
        right = classes[text[end]] if end < len(text) else ""
        zones.append((start, (match.group(), left, right, False)))
    return zones


@lru_cache(maxsize=16384)
def _zone_runs(zone: str, left: str, right: str, inner: bool = False) -> tuple[_Run, ...]:
    """Every candidate run of every charset in ``zone``, offsets relative to the zone.

    ``inner`` marks a zone that is exactly our own repair of an outer layer of damage.
    """
    whole = _whole_zone_run(zone, left, right, inner)
    if whole is not None:
        return (whole,)
    local = left + zone + right
    inner_zone = (len(left), len(left) + len(zone)) if inner else None
    end = len(left) + len(zone)
    starts = [m.start() for m in _PAIR_START.finditer(local, len(left), end)]
    runs: list[_Run] = []
    seen: set[tuple[int, int, str, int]] = set()
    for charset, spans in _by_coverage(local, zone, starts):
        if _explained(runs, zone):
            break  # one charset already reads the whole zone unmistakably
        for run in _runs_for_charset(local, charset, spans, inner_zone):
            # Windows code pages agree on most characters; a later charset that reads a
            # run exactly like an earlier one adds nothing but work.
            key = (run.start, run.end, run.after, run.strength)
            if run.end <= end and key not in seen:
                seen.add(key)
                runs.append(run.shifted(-len(left)))
    return tuple(runs)


def _whole_zone_run(zone: str, left: str, right: str, inner: bool) -> _Run | None:
    """The common case, checked first at C speed: one charset reads the whole zone.

    Gives the same verdict as the full search, which would rank that charset first.
    """
    for charset in _CHARSETS:
        if not charset.chars.issuperset(zone):
            continue
        try:
            decoded = zone.translate(charset.to_latin1).encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _plain_word(decoded, left):
            # Several believable characters of one script: the word rule, without the
            # piece-by-piece work (it would reach the same verdict).
            has_c1 = not _LATIN1_ONLY.isdisjoint(zone)
            return _Run(charset, 0, len(zone), decoded, _STRONG, has_c1)
        runs = _judged_group(charset.kind, zone, left, right, inner)
        if _explained(list(runs), zone):
            return runs[0]
        return None
    return None


def _plain_word(decoded: str, left: str) -> bool:
    if len(decoded) < 2 or not all(map(_plausible, decoded)):
        return False
    if _is_mark(decoded[0]) and (not left or left.isspace()):
        return False
    return _reads_as_word(decoded)


def _by_coverage(
    local: str, zone: str, starts: list[int]
) -> list[tuple[_Charset, list[tuple[int, int]]]]:
    """Charsets that could read part of the zone, most coverage first, with their spans."""
    chars = set(zone)
    found = []
    for charset in _CHARSETS:
        if not charset.leads.isdisjoint(chars):
            spans = _sequences(local, charset, starts)
            if spans:
                found.append((charset, spans))
    found.sort(key=lambda item: (-sum(e - s for s, e in item[1]), _PRIORITY[item[0].kind]))
    return found


def _explained(runs: list[_Run], zone: str) -> bool:
    return (
        len(runs) == 1 and runs[0].strength == _STRONG and runs[0].end - runs[0].start == len(zone)
    )


# --------------------------------------------------------------------------------------
# Choosing what to apply


@dataclass
class _Plan:
    """Accepted runs as (zone offset, run relative to the zone), and declined ones."""

    placed: list[tuple[int, _Run]] = field(default_factory=list)
    declined: list[_Run] = field(default_factory=list)

    @property
    def runs(self) -> list[_Run]:
        return [run.shifted(offset) for offset, run in self.placed]


@dataclass(frozen=True)
class _Decision:
    """What to do with one distinct zone, or ``pending`` runs that need paragraph context."""

    accepted: tuple[_Run, ...] = ()
    declined: tuple[_Run, ...] = ()
    pending: tuple[_Run, ...] = ()


@dataclass(frozen=True)
class _Analysis:
    """A distinct zone's runs, its unmistakable evidence per charset, and, when no
    document context can change it, its decision."""

    runs: tuple[_Run, ...]
    evidence: tuple[tuple[str, int], ...]
    fixed: _Decision | None


@lru_cache(maxsize=16384)
def _analysis(key: _Key) -> _Analysis:
    runs = _zone_runs(*key)
    evidence: Counter[str] = Counter()
    for run in runs:
        if run.strength == _STRONG:
            evidence[run.charset.kind] += run.end - run.start
    fixed = None
    if len(runs) == 1 and runs[0].strength == _STRONG:
        fixed = _Decision(accepted=runs)
    elif runs and all(run.protected for run in runs):
        fixed = _Decision(declined=runs)
    return _Analysis(runs, tuple(evidence.items()), fixed)


def _plan(text: str, zones: list[tuple[int, _Key]]) -> _Plan:
    """The best-evidenced charset claims its runs first; the others fill the gaps."""
    counts: dict[_Key, int] = {}
    for _, key in zones:
        counts[key] = counts.get(key, 0) + 1
    analyses = {key: _analysis(key) for key in counts}
    evidence: Counter[str] = Counter()
    for key, found in analyses.items():
        for kind, chars in found.evidence:
            evidence[kind] += counts[key] * chars
    decisions = {
        key: found.fixed or _decide(_ranked(found.runs, evidence), evidence)
        for key, found in analyses.items()
        if found.runs
    }
    support = None
    if any(decision.pending for decision in decisions.values()):
        runs = {key: found.runs for key, found in analyses.items()}
        support = _Support(text, zones, runs, decisions, evidence)
    plan = _Plan()
    placed = plan.placed
    for index, (start, key) in enumerate(zones):
        decision = decisions.get(key)
        if decision is None:
            continue
        if decision.pending and support is not None:
            decision = support.settle(decision.pending, index)
        for run in decision.accepted:
            placed.append((start, run))
        if decision.declined:
            plan.declined.extend(run.shifted(start) for run in decision.declined)
    return plan


def _ranked(runs: tuple[_Run, ...], evidence: Counter[str]) -> tuple[_Run, ...]:
    if len(runs) == 1:
        return runs
    return tuple(
        sorted(runs, key=lambda r: (-evidence[r.charset.kind], _PRIORITY[r.charset.kind], r.start))
    )


def _could_be_supported(run: _Run, evidence: Counter[str]) -> bool:
    return run.strength == _WEAK and not run.protected and evidence[run.charset.kind] > 0


def _decide(ranked: tuple[_Run, ...], evidence: Counter[str]) -> _Decision:
    if any(run.strength == _FIRM or _could_be_supported(run, evidence) for run in ranked):
        return _Decision(pending=ranked)
    if len(ranked) == 1:
        if ranked[0].strength == _STRONG:
            return _Decision(accepted=ranked)
        return _Decision(declined=ranked)
    accepted, declined = _take(ranked, lambda run: run.strength == _STRONG)
    return _Decision(accepted, declined)


def _take(
    ranked: Iterable[_Run], accept: Callable[[_Run], bool]
) -> tuple[tuple[_Run, ...], tuple[_Run, ...]]:
    """Accept runs in rank order, skipping any that overlap one already taken."""
    accepted: list[_Run] = []
    declined: list[_Run] = []
    for run in ranked:
        if any(a.start < run.end and run.start < a.end for a in accepted):
            continue
        (accepted if accept(run) else declined).append(run)
    declined = [
        d for d in declined if not any(a.start < d.end and d.start < a.end for a in accepted)
    ]
    return tuple(sorted(accepted, key=lambda run: run.start)), tuple(declined)


class _Support:
    """Paragraph context for weak runs: trusted only where the whole paragraph is damaged."""

    def __init__(
        self,
        text: str,
        zones: list[tuple[int, _Key]],
        analyses: Mapping[_Key, tuple[_Run, ...]],
        decisions: Mapping[_Key, _Decision],
        evidence: Counter[str],
    ) -> None:
        self._blocks = _Blocks(text)
        self._zone_blocks = [self._blocks.index(start) for start, _ in zones]
        wanted = {
            block
            for (_, key), block in zip(zones, self._zone_blocks, strict=True)
            if key in decisions and decisions[key].pending
        }
        self._coverage: Counter[tuple[str, int]] = Counter()
        for (_, key), block in zip(zones, self._zone_blocks, strict=True):
            if block in wanted:
                for run in analyses[key]:
                    self._coverage[(run.charset.kind, block)] += run.end - run.start
        self._evidence = evidence

    def settle(self, ranked: tuple[_Run, ...], zone_index: int) -> _Decision:
        block = self._zone_blocks[zone_index]
        uniform = self._blocks.non_ascii(block)

        def accept(run: _Run) -> bool:
            if run.strength == _STRONG:
                return True
            if self._coverage[(run.charset.kind, block)] < uniform:
                return False
            return run.strength == _FIRM or _could_be_supported(run, self._evidence)

        accepted, declined = _take(ranked, accept)
        return _Decision(accepted, declined)


@dataclass
class _Fix:
    """A repair in progress: ``layers`` lists the wrong decodings undone, outermost first."""

    offset: int
    length: int
    before: str
    after: str
    layers: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "double" if len(self.layers) > 1 else self.layers[0]

    @property
    def description(self) -> str:
        return _description(self.layers)

    def change(self) -> Change:
        return Change(self.offset, self.length, self.before, self.after, self.kind)


_LAYER_NAMES = {kind: label.removeprefix("UTF-8 read as ") for kind, label in KIND_LABELS.items()}


@lru_cache(maxsize=256)
def _description(layers: tuple[str, ...]) -> str:
    """Words for the diagnosis, in the order the damage happened."""
    names = [_LAYER_NAMES[layer] for layer in reversed(layers)]
    if len(set(names)) == 1 and len(names) > 1:
        times = {2: "twice", 3: "three times"}.get(len(names), f"{len(names)} times")
        return f"UTF-8 read as {names[0]} {times}"
    return "UTF-8 read as " + ", then as ".join(names)


def _fixes_from_plan(text: str, plan: _Plan) -> list[_Fix]:
    latin1 = _document_is_latin1(text, plan.placed)
    fixes = []
    for offset, run in plan.placed:  # already in text order
        kind = "latin-1" if latin1 and run.kind == "windows-1252" else run.kind
        start, end = offset + run.start, offset + run.end
        fixes.append(_Fix(start, end - start, text[start:end], run.after, (kind,)))
    return fixes


_CP1252_ONLY = frozenset("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
# C1 controls where Windows-1252 has a character: proof of Latin-1. (Windows-1252 leaves
# 81, 8D, 8F, 90 and 9D undefined, so those show up in both.)
_LATIN1_ONLY = frozenset(
    chr(b) for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)


def _document_is_latin1(text: str, placed: list[tuple[int, _Run]]) -> bool:
    """Latin-1 and Windows-1252 share most characters; the C1 controls tell them apart."""
    if not any(run.kind == "latin-1" for _, run in placed):
        return False
    return not any(
        run.kind == "windows-1252"
        and not _CP1252_ONLY.isdisjoint(text[offset + run.start : offset + run.end])
        for offset, run in placed
    )


def _peel_deeper_layers(text: str, fixes: list[_Fix]) -> list[_Fix]:
    """Text damaged twice decodes to more mojibake: repeat, inside what we repaired.

    Each further layer must be diagnosed on its own evidence, exactly like the first,
    so a single mis-decoding whose repair happens to look like mojibake stays put.
    """
    for _ in range(2):
        outputs = _output_spans(fixes)
        regions = _merged_regions(outputs)
        if not regions or not _could_go_deeper(fixes, outputs):
            break
        current = _apply_fixes(text, fixes)
        plan = _plan(current, _zones_within(current, regions))
        if not plan.placed:
            break
        fixes = _compose(text, fixes, current, plan)
    return fixes


def _apply_fixes(text: str, fixes: list[_Fix]) -> str:
    pieces: list[str] = []
    cursor = 0
    for fix in fixes:
        pieces.append(text[cursor : fix.offset])
        pieces.append(fix.after)
        cursor = fix.offset + fix.length
    pieces.append(text[cursor:])
    return "".join(pieces)


def _zones_within(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, _Key]]:
    """Our earlier repairs that could hold another layer of sequences, as zones."""
    return [
        (start, (text[start:end], _neighbour(text, start - 1), _neighbour(text, end), True))
        for start, end in regions
        if _PAIR_START.search(text, start, end)
    ]


def _could_go_deeper(fixes: list[_Fix], outputs: list[tuple[int, int]]) -> bool:
    """Cheap test first: most repairs are single characters or plainly clean text."""
    if any(len(fix.after) > 1 and _PAIR_START.search(fix.after) for fix in fixes):
        return True
    # A sequence may also span two adjacent repairs.
    return any(a[1] == b[0] for a, b in zip(outputs, outputs[1:], strict=False))


def _output_spans(fixes: list[_Fix]) -> list[tuple[int, int]]:
    """Where each fix's output sits in the repaired text, in order of ``fixes``."""
    spans = []
    shift = 0
    for fix in fixes:
        start = fix.offset + shift
        spans.append((start, start + len(fix.after)))
        shift += len(fix.after) - fix.length
    return spans


def _merged_regions(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent outputs joined; single characters dropped, as no sequence fits in one."""
    regions: list[tuple[int, int]] = []
    for start, end in spans:
        if regions and regions[-1][1] == start:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return [(start, end) for start, end in regions if end - start >= 2]


def _compose(text: str, fixes: list[_Fix], current: str, plan: _Plan) -> list[_Fix]:
    """Fold deeper repairs (found in ``current``) into the fixes whose output they touch."""
    latin1 = _document_is_latin1(current, plan.placed)
    outputs = _output_spans(fixes)
    starts = [start for start, _ in outputs]
    result = list(fixes)
    for run in reversed(plan.runs):
        first = bisect.bisect_right(starts, run.start) - 1
        last = bisect.bisect_left(starts, run.end) - 1
        merged = _merge_fixes(text, result[first : last + 1])
        out_start = outputs[first][0]
        merged.after = (
            merged.after[: run.start - out_start] + run.after + merged.after[run.end - out_start :]
        )
        kind = "latin-1" if latin1 and run.kind == "windows-1252" else run.kind
        if len(merged.layers) < 2 or merged.layers[-1] != kind:
            merged.layers = (*merged.layers, kind)
        result[first : last + 1] = [merged]
        del starts[first + 1 : last + 1]
        del outputs[first + 1 : last + 1]
    return result


def _merge_fixes(text: str, fixes: list[_Fix]) -> _Fix:
    """One fix covering adjacent fixes (their outputs touch, so nothing lies between)."""
    if len(fixes) == 1:
        return fixes[0]
    offset = fixes[0].offset
    end = fixes[-1].offset + fixes[-1].length
    after = "".join(fix.after for fix in fixes)
    return _Fix(offset, end - offset, text[offset:end], after, fixes[0].layers)


# --------------------------------------------------------------------------------------
# The common case at C speed: the whole text damaged once, by one charset


def _uniform_fixes(text: str, zones: list[tuple[int, _Key]]) -> list[_Fix] | None:
    """Fixes for a text that one charset decodes as a whole into believable text.

    This is ftfy's first question too. Our verdicts would be the same: every non-ASCII
    character is part of a sequence, so every paragraph is damaged throughout, and one
    strong run proves the charset; weak and firm runs are then all repaired. Anything
    less clear-cut (an odd character, a protected spelling) returns None and takes the
    full road. Further layers are looked for afterwards, as on the full road.
    """
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not zones or sum(len(key[0]) for _, key in zones) != non_ascii:
        return None  # some non-ASCII character is not part of any sequence
    found = _zones_charset([key[0] for _, key in zones])
    if found is None or not any(_analysis(key).evidence for _, key in zones):
        return None
    charset, decoded = found
    fixes = []
    for (start, (zone, left, right, _)), after in zip(zones, decoded, strict=True):
        if not _fits_uniform(zone, after, left, right):
            return None
        fixes.append(_Fix(start, len(zone), zone, after, (charset.kind,)))
    if charset.kind == "windows-1252" and _uniform_latin1(text):
        for fix in fixes:
            fix.layers = ("latin-1",)
    return fixes


def _zones_charset(zones: list[str]) -> tuple[_Charset, list[str]] | None:
    """The first charset that decodes every zone into believable characters."""
    chars = set().union(*zones)
    for charset in _CHARSETS:
        if not charset.chars.issuperset(chars):
            continue
        try:
            decoded = [
                zone.translate(charset.to_latin1).encode("latin-1").decode("utf-8")
                for zone in zones
            ]
        except UnicodeDecodeError:
            continue
        if all(_plausible(ch) for ch in set().union(*decoded)):
            return charset, decoded
        return None
    return None


def _fits_uniform(zone: str, after: str, left: str, right: str) -> bool:
    if _is_mark(after[0]) and (not left or left.isspace()):
        return False
    if len(after) > 1:
        return _reads_as_word(after)
    return _fits_context(after, left, right) and not _protected(zone, left)


def _uniform_latin1(text: str) -> bool:
    return not _LATIN1_ONLY.isdisjoint(text) and _CP1252_ONLY.isdisjoint(text)


# --------------------------------------------------------------------------------------
# Damage that is not a run of sequences


def _grave_pattern(charset: _Charset) -> re.Pattern[str]:
    lead = next(ch for ch, byte in charset.to_byte.items() if byte == 0xC3)
    # "Ã" (byte C3) starting a word and followed by a space: the word "à", whose second
    # byte A0 a careless program turned into a space (ftfy's A_GRAVE_WORD_RE).
    return re.compile(rf"(?<![^\s'’]){re.escape(lead)} ")


# Mac Roman has no no-break space at A0 ("à" is "√†" there) and code page 437 neither.
_GRAVE_PATTERNS = {
    charset.kind: _grave_pattern(charset)
    for charset in _CHARSETS
    if charset.kind not in ("mac-roman", "cp437")
}
# Portuguese words that start with "à" and lose their space with it ("àquele", "às").
_GRAVE_JOINS = ("quele", "quela", "quilo", "s ")


def _swallowed_space_fixes(text: str, fixes: list[_Fix]) -> list[_Fix]:
    """The word "à" written "Ã " in lines already found damaged by the same charset."""
    families = {_family(fix.layers[0]) for fix in fixes if len(fix.layers) == 1}
    if not any(kind in _GRAVE_PATTERNS and _GRAVE_PATTERNS[kind].search(text) for kind in families):
        return fixes
    lines: dict[str, dict[int, str]] = {}  # charset -> line start -> kind named there
    for fix in fixes:
        if len(fix.layers) == 1:
            line = text.rfind("\n", 0, fix.offset) + 1
            lines.setdefault(_family(fix.layers[0]), {})[line] = fix.layers[0]
    added = []
    for family, kinds in lines.items():
        pattern = _GRAVE_PATTERNS.get(family)
        for match in pattern.finditer(text) if pattern else ():
            kind = kinds.get(text.rfind("\n", 0, match.start()) + 1)
            grave = _grave_fix(text, match, kind) if kind else None
            if grave is not None:
                added.append(grave)
    return _merge_new(fixes, added)


def _grave_fix(text: str, match: re.Match[str], kind: str) -> _Fix | None:
    following = text[match.end() : match.end() + 5]
    if not following or not (following[0].isalpha() or following[0] == " "):
        return None
    # The space was the A0 byte itself when a second space or a joined word follows.
    consumed = following[0] == " " or following.startswith(_GRAVE_JOINS)
    length = 2 if consumed else 1
    return _Fix(match.start(), length, text[match.start() : match.start() + length], "à", (kind,))


def _merge_new(fixes: list[_Fix], added: list[_Fix]) -> list[_Fix]:
    """``fixes`` plus those of ``added`` that overlap none of them, in text order."""
    if not added:
        return fixes
    taken = _Spans()
    for fix in fixes:
        taken.add(fix.offset, fix.offset + fix.length)
    fresh = [fix for fix in added if not taken.overlaps(fix.offset, fix.offset + fix.length)]
    return sorted(fixes + fresh, key=lambda fix: fix.offset)


# C1 controls left over are whole legacy 8-bit text read as Latin-1, not UTF-8. ftfy reads
# them as Windows-1252 punctuation, which is right for quotes and dashes around words; but
# inside a word, where Windows-1252 gives punctuation that cannot be there ("tur’stico",
# "Coatl‡n"), they are Mac Roman letters ("turístico", "Coatlán").
_C1 = re.compile(r"[\x80-\x9f]")
_CP1252_LETTERS = frozenset("\x83\x8a\x8c\x8e\x9a\x9c\x9e\x9f")  # ƒ Š Œ Ž š œ ž Ÿ
_CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve)\b", re.IGNORECASE)


def _legacy_c1_fixes(text: str, fixes: list[_Fix]) -> list[_Fix]:
    controls = [match.start() for match in _C1.finditer(text)]
    leftovers = [pos for pos in controls if not _inside_fix(fixes, pos)]
    if not leftovers or not all(_mac_roman_letter(text, pos) for pos in leftovers):
        return fixes
    kind = ("mac-roman-as-latin-1",)
    added = [
        _Fix(pos, 1, text[pos], text[pos].encode("latin-1").decode("mac_roman"), kind)
        for pos in leftovers
    ]
    return _merge_new(fixes, added)


def _inside_fix(fixes: list[_Fix], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``fixes`` (in order, not overlapping)."""
    index = bisect.bisect_right(fixes, pos, key=lambda fix: fix.offset)
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


# --------------------------------------------------------------------------------------
# ftfy as a second opinion on lines our engine could not settle


def _space_hint(charset: _Charset) -> re.Pattern[str]:
    """Sequences completed by a space standing for byte A0, as ftfy's ALTERED_UTF8_RE has
    them, in the characters of one charset."""

    def chars(*ranges: tuple[int, int]) -> str:
        found = [ch for ch, b in charset.to_byte.items() if any(lo <= b <= hi for lo, hi in ranges)]
        return "[" + "".join(re.escape(ch) for ch in sorted(found)) + "]" if found else "(?!)"

    two = chars((0xC2, 0xC3), (0xC5, 0xC5), (0xCE, 0xCE), (0xD0, 0xD0), (0xD9, 0xD9))
    cont = chars((0x80, 0x84), (0x86, 0x9F), (0xA1, 0xBF))
    any_cont = chars((0x80, 0xBF))
    f0 = chars((0xF0, 0xF0))
    return re.compile(
        f"{two} |{chars((0xE2, 0xE3))} {cont}|{chars((0xE0, 0xE3))}{cont} "
        f"|{f0} {any_cont}{any_cont}|{f0}{any_cont} {any_cont}|{f0}{any_cont}{any_cont} "
    )


# What ftfy's extra tricks may still repair after ours: C1 controls, lost bytes ("�",
# or "?" after a sequence start) and a no-break space that became a plain space.
_LEFTOVER_CHAR = re.compile(r"[\x80-\x9f\ufffd]")
_LOST_AS_QUESTION = re.compile(r"[^\x00-\x7f]\?")
_SPACE_HINTS = {charset.kind: _space_hint(charset) for charset in _CHARSETS}
_SPACE_HINT_LEADS = {
    kind: re.compile(
        "["
        + "".join(
            re.escape(ch)
            for ch, b in _CHARSET_BY_KIND[kind].to_byte.items()
            if b in (0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9) or 0xE0 <= b <= 0xE3 or b == 0xF0
        )
        + "]"
    )
    for kind in _SPACE_HINTS
}


def _leftover_hints(text: str) -> list[tuple[int, int]]:
    hints = [m.span() for m in _LEFTOVER_CHAR.finditer(text)]
    if "?" in text:
        hints += [m.span() for m in _LOST_AS_QUESTION.finditer(text)]
    return hints


_ANCHOR = re.compile(r"[A-Za-z0-9]+")


def _line_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _changes_within(changes: list[Change], start: int, end: int) -> bool:
    index = bisect.bisect_left(changes, start, key=lambda change: change.offset)
    return index < len(changes) and changes[index].offset < end


def _bad_near(text: str, start: int, end: int) -> bool:
    """ftfy's badness test on a small window: cheap, unlike testing whole lines."""
    return _ftfy_bad(text[max(0, start - 3) : end + 3])


def _fallback_lines(
    text: str, repaired: str, plan: _Plan, changes: list[Change], kinds: set[str]
) -> list[tuple[int, int]]:
    """Lines (of ``text``) that still hold something ftfy might fix."""
    lines = set()
    for run in plan.declined:
        line = _line_of(text, run.start)
        # A doubtful place next to our repairs may need ftfy's view of the whole line.
        if _changes_within(changes, *line) or _bad_near(text, run.start, run.end):
            lines.add(line)
    hints = _leftover_hints(repaired)
    # A swallowed no-break space is only worth a look in a charset the document suffered
    # (or, in a document we left alone, the one that suffers it most).
    for kind in kinds & _SPACE_HINTS.keys() or {"windows-1252"}:
        # The full pattern is slow to scan; most texts lack all of its first characters.
        if _SPACE_HINT_LEADS[kind].search(repaired):
            hints += [m.span() for m in _SPACE_HINTS[kind].finditer(repaired)]
    if hints:
        # Our repairs never add or remove a line break, so lines match by number.
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        repaired_starts = [0] + [m.end() for m in re.finditer("\n", repaired)]
        changed = {bisect.bisect_right(starts, change.offset) - 1 for change in changes}
        for start, end in hints:
            number = bisect.bisect_right(repaired_starts, start) - 1
            # A leftover next to our repairs may need ftfy's view of the whole line.
            if number in changed or _bad_near(repaired, start, end):
                lines.add(_line_of(text, starts[number]))
    return sorted(lines)


def _with_fallback(
    text: str, plan: _Plan, changes: list[Change], lines: list[tuple[int, int]]
) -> list[Change]:
    """Let ftfy repair what our engine left, without overruling a place it protected."""
    guard = _Guard(text, [(run.start, run.end) for run in plan.declined if run.protected])
    result = list(changes)
    offsets = [change.offset for change in result]
    replaced: dict[tuple[int, int], list[Change]] = {}
    for start, end in lines:
        ours = result[bisect.bisect_left(offsets, start) : bisect.bisect_left(offsets, end)]
        line = text[start:end]
        mine = _apply(line, [_shifted(change, -start) for change in ours])
        if not (_ftfy_bad(mine) or _ftfy_bad(line)):
            continue
        merged = _merge_line(_Line(line, start, ours, mine), guard)
        if merged is not None:
            replaced[(start, end)] = merged
    for start, end in sorted(replaced, reverse=True):
        low, high = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
        result[low:high] = replaced[(start, end)]
        offsets[low:high] = [change.offset for change in replaced[(start, end)]]
    return result


def _shifted(change: Change, delta: int) -> Change:
    return Change(change.offset + delta, change.length, change.before, change.after, change.kind)


@dataclass(frozen=True)
class _Line:
    """One line of the original, our changes to it, and the line with them applied."""

    text: str
    offset: int
    ours: list[Change]
    mine: str


def _merge_line(line: _Line, guard: _Guard) -> list[Change] | None:
    """Combine our changes with ftfy's, piece by piece between unchanged ASCII words.

    ftfy first sees the original line: it needs the raw characters for lost-byte and
    swallowed-space repairs. When it explains the whole line with one consistent
    decoding, that reading wins; otherwise it may only add to ours.
    """
    for candidate in (line.text, line.mine):
        fixed, steps = ftfy.fix_encoding_and_explain(candidate)
        if fixed == candidate:
            continue
        whole = candidate is line.text and _explains_whole_line(steps)
        merged = _segment_merge(line, fixed, _plan_kind(steps), guard, whole)
        if merged is not None:
            return merged
    return None


def _explains_whole_line(steps: Sequence[tuple[str, str]] | None) -> bool:
    actions = [action for action, _ in steps or []]
    return "encode" in actions and "apply" not in actions


def _segment_merge(
    line: _Line, theirs: str, kind: str, guard: _Guard, prefer_theirs: bool
) -> list[Change] | None:
    old_parts, anchors = _ANCHOR.split(line.text), _ANCHOR.findall(line.text)
    own_parts, their_parts = _ANCHOR.split(line.mine), _ANCHOR.split(theirs)
    if not anchors == _ANCHOR.findall(line.mine) == _ANCHOR.findall(theirs):
        return None
    changes: list[Change] = []
    pos = line.offset
    for old, own, their, anchor in zip(
        old_parts, own_parts, their_parts, anchors + [""], strict=True
    ):
        segment = _Segment(old, own, their, pos)
        own_changes = [c for c in line.ours if pos <= c.offset < pos + len(old)]
        changes.extend(_merge_segment(segment, own_changes, kind, guard, prefer_theirs))
        pos += len(old) + len(anchor)
    return changes


@dataclass(frozen=True)
class _Segment:
    """The text between two unchanged ASCII words: original, ours, ftfy's; and where."""

    old: str
    own: str
    their: str
    pos: int


def _merge_segment(
    segment: _Segment, own_changes: list[Change], kind: str, guard: _Guard, prefer_theirs: bool
) -> list[Change]:
    if segment.their == segment.own:
        return own_changes
    if not own_changes or (prefer_theirs and _theirs_is_better(segment, own_changes, kind)):
        change, left, right = _trimmed(segment, kind, guard.text)
        return own_changes if guard.refuses(change, left, right) else [change]
    extra = _extra_changes(segment, own_changes, kind, guard)
    if extra is None:
        return own_changes
    return sorted(own_changes + extra, key=lambda change: change.offset)


def _theirs_is_better(segment: _Segment, own_changes: list[Change], kind: str) -> bool:
    """ftfy's consistent whole-line reading beats a piece we left broken or read otherwise."""
    if _ftfy_bad(segment.own) and not _ftfy_bad(segment.their):
        return True
    return all(_family(change.kind) != _family(kind) for change in own_changes)


def _family(kind: str) -> str:
    return "windows-1252" if kind == "latin-1" else kind


# URLs and link attributes: their ASCII is syntax ("?" starts a query), never lost bytes.
_URL = re.compile(r"""\b(?:https?|ftp)://[^\s<>"']+|\b(?:href|src)=(?:"[^"]*"|'[^']*')""")


class _Guard:
    """What ftfy's second opinion may not do: touch a place we protected, change ASCII
    inside a URL, or produce characters that cannot be typed or do not fit the script
    around them."""

    def __init__(self, text: str, protected: Iterable[tuple[int, int]]) -> None:
        self.text = text
        self._spans = _Spans()
        for start, end in protected:
            self._spans.add(start, end)
        self._urls = _Spans()
        for match in _URL.finditer(text):
            self._urls.add(*match.span())

    def refuses(self, change: Change, left: str, right: str) -> bool:
        """``left`` and ``right`` are the neighbours in ftfy's version of the line."""
        end = change.offset + change.length
        if self._spans.overlaps(change.offset, end + (change.length == 0)):
            return True
        touches_ascii = any(ch.isascii() for ch in change.before)
        if touches_ascii and self._urls.overlaps(change.offset, end):
            return True
        after = change.after.replace(_LOST, "")
        if not after:
            return False
        if not all(_possible(ch) and not "\x80" <= ch <= "\x9f" for ch in after):
            return True
        return not (_reads_as_word(after) and _fits_context(after, left, right))


def _extra_changes(
    segment: _Segment, own_changes: list[Change], kind: str, guard: _Guard
) -> list[Change] | None:
    """ftfy's edits to our version of a segment, if they leave our own repairs intact."""
    outputs: list[tuple[int, int]] = []  # where our repairs sit in ``own``
    shifts: list[int] = []  # how far ``own`` has moved from ``old`` after each of them
    shift = 0
    for change in sorted(own_changes, key=lambda c: c.offset):
        start = change.offset - segment.pos + shift
        outputs.append((start, start + len(change.after)))
        shift += len(change.after) - change.length
        shifts.append(shift)
    matcher = difflib.SequenceMatcher(None, segment.own, segment.their, autojunk=False)
    extra: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if any(s < i2 and i1 < e or s < i1 < e for s, e in outputs):
            return None
        before_count = sum(1 for _, e in outputs if e <= i1)
        start = i1 - (shifts[before_count - 1] if before_count else 0)
        before, after = segment.old[start : start + i2 - i1], segment.their[j1:j2]
        change = Change(segment.pos + start, i2 - i1, before, after, _classify(before, after, kind))
        left = segment.their[j1 - 1] if j1 else guard.text[segment.pos - 1 : segment.pos]
        right = segment.their[j2] if j2 < len(segment.their) else _char_after(guard.text, segment)
        if guard.refuses(change, left, right):
            return None
        extra.append(change)
    return extra


def _char_after(text: str, segment: _Segment) -> str:
    end = segment.pos + len(segment.old)
    return text[end : end + 1]


def _trimmed(segment: _Segment, kind: str, text: str) -> tuple[Change, str, str]:
    """The smallest change turning the segment into ftfy's, keeping the repaired character.

    Also returns the change's neighbours in ftfy's version, for the guard.
    """
    old, new = segment.old, segment.their
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    if suffix and len(new) - prefix - suffix == 0:
        suffix -= 1  # "Â " -> " " keeps the space as the repaired character
    before = old[prefix : len(old) - suffix]
    after = new[prefix : len(new) - suffix]
    change = Change(
        segment.pos + prefix, len(before), before, after, _classify(before, after, kind)
    )
    left = new[prefix - 1] if prefix else text[segment.pos - 1 : segment.pos]
    right = new[len(new) - suffix] if suffix else _char_after(text, segment)
    return change, left, right


def _plan_kind(steps: Sequence[tuple[str, str]] | None) -> str:
    decodings = [parameter for action, parameter in steps or [] if action == "decode"]
    if decodings and not decodings[-1].startswith("utf-8"):
        return "c1-controls"  # legacy 8-bit text read as Latin-1, not UTF-8 at all
    encodings = [parameter for action, parameter in steps or [] if action == "encode"]
    if len(encodings) > 1:
        return "double"
    if encodings:
        name = encodings[0].removeprefix("sloppy-")
        return {"macroman": "mac-roman"}.get(name, name)
    if any(parameter == "fix_c1_controls" for _, parameter in steps or []):
        return "c1-controls"
    return "mixed"


def _classify(before: str, after: str, default: str) -> str:
    """Name a change found by diffing, by finding the charset that explains it."""
    if _LOST in after and _LOST not in before:
        return "lossy"
    for charset in _CHARSETS:
        if all(ch in charset.to_byte for ch in before):
            raw = bytes(charset.to_byte[ch] for ch in before)
            if raw.decode("utf-8", "replace") == after:
                latin1 = charset.kind == "windows-1252" and any(
                    "\x80" <= c <= "\x9f" for c in before
                )
                return "latin-1" if latin1 else charset.kind
    return default


# --------------------------------------------------------------------------------------
# Diagnosis


def _diagnosis(text: str, changes: list[Change], fixes: list[_Fix], declined: list[_Run]) -> str:
    layered = {fix.offset: fix for fix in fixes if len(fix.layers) > 1}
    counts: Counter[str] = Counter()
    for change in changes:
        fix = layered.get(change.offset)
        if fix is not None and fix.length == change.length:
            label = fix.description
        else:
            label = KIND_LABELS.get(change.kind, change.kind)
        counts[label] += _repaired_count(change)
    parts = [f"{label}, {_characters(n)}" for label, n in counts.most_common()]
    doubtful = [run for run in declined if _suspicious(text, run) and not _touched(changes, run)]
    if doubtful:
        parts.append(_doubt(doubtful))
    return "; ".join(parts) if parts else NO_DAMAGE


def _suspicious(text: str, run: _Run) -> bool:
    """Worth telling the writer about: more than the chance look-alikes of clean text."""
    return run.strength == _FIRM or run.protected or _bad_near(text, run.start, run.end)


def _touched(changes: list[Change], run: _Run) -> bool:
    """Whether a change (in order, not overlapping) overlaps ``run``."""
    index = bisect.bisect_left(changes, run.end, key=lambda change: change.offset)
    if index == 0:
        return False
    change = changes[index - 1]
    return change.offset + max(1, change.length) > run.start


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


def _doubt(runs: list[_Run]) -> str:
    label = KIND_LABELS[Counter(run.kind for run in runs).most_common(1)[0][0]]
    runs = sorted({run.start: run for run in runs}.values(), key=lambda run: run.start)
    places = f"{len(runs)} place" + ("" if len(runs) == 1 else "s")
    where = f"the first at character {runs[0].start}"
    return f"ambiguous: {places} may be {label} ({where}), left unchanged"


# --------------------------------------------------------------------------------------
# Public entry points


def repair_text(text: str) -> Repair:
    """Diagnose which wrong decoding(s) ``text`` suffered and undo them where certain."""
    if text.isascii():
        return Repair(text, (), NO_DAMAGE)
    zones = _document_zones(text)
    uniform = _uniform_fixes(text, zones)
    if uniform is not None:
        plan, fixes = _Plan(), _peel_deeper_layers(text, uniform)
    else:
        plan = _plan(text, zones)
        fixes = _peel_deeper_layers(text, _fixes_from_plan(text, plan))
        fixes = _swallowed_space_fixes(text, fixes)
        fixes = _legacy_c1_fixes(text, fixes)
    changes = [fix.change() for fix in fixes]
    repaired = _apply(text, changes)
    kinds = {kind for fix in fixes for kind in fix.layers}
    lines = _fallback_lines(text, repaired, plan, changes, kinds)
    if lines:
        changes = _with_fallback(text, plan, changes, lines)
        repaired = _apply(text, changes)
    return Repair(repaired, tuple(changes), _diagnosis(text, changes, fixes, plan.declined))


def repair_edits(repair: Repair, accepted: Collection[int] | None = None) -> list[TextEdit]:
    """Text edits for all of ``repair.changes``, or only those whose index is in ``accepted``.

    The edits refer to the original text and do not overlap, so an editor can apply
    them together as one undo step.
    """
    return [
        TextEdit(change.offset, change.offset + change.length, change.after)
        for index, change in enumerate(repair.changes)
        if accepted is None or index in accepted
    ]


def simulate_damage(text: str, kind: str) -> str:
    """Damage ``text`` the way a wrong decoding would (for tests, benchmarks and demos).

    ``kind`` is a charset kind ("mac-roman", "windows-1252", "latin-1", ...) or several
    joined by "+" for repeated damage, e.g. "windows-1252+windows-1252". Windows code
    pages keep their undefined bytes as C1 controls, as browsers and ftfy do.
    """
    for step in kind.split("+"):
        text = _damage_once(text, step)
    return text


def _damage_once(text: str, kind: str) -> str:
    raw = text.encode("utf-8")
    if kind == "latin-1":
        return raw.decode("latin-1")
    charset = _CHARSET_BY_KIND[kind]
    table = {byte: ch for ch, byte in charset.to_byte.items() if not "\x80" <= ch <= "\x9f"}
    table.update({byte: chr(byte) for byte in range(0x80, 0xA0) if byte not in table})
    return "".join(table[b] if b >= 0x80 else chr(b) for b in raw)
