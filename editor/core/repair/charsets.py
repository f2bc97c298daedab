"""The single-byte charsets UTF-8 is mistaken for, and regexes for their UTF-8 sequences."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ftfy import bad_codecs

bad_codecs.ok()  # importing it registers ftfy's "sloppy-windows-125x" codecs

# A byte an earlier decoder already threw away.
LOST = "\ufffd"


@dataclass(frozen=True)
class Charset:
    """One charset: each character's byte, and the sequences its characters can spell."""

    kind: str
    to_byte: Mapping[str, int]
    leads: frozenset[str]
    sequence: re.Pattern[str]
    # Any number of sequences in a row. At each position at most one alternative of
    # ``sequence`` can match (their first two bytes never overlap), so this matches
    # exactly where reading one sequence after another would.
    sequences: re.Pattern[str]
    # For str.translate: each character to the Latin-1 character of its byte, so that
    # ``.encode("latin-1")`` yields the raw bytes at C speed.
    to_latin1: Mapping[int, str]
    chars: frozenset[str]

    def __repr__(self) -> str:
        # The generated repr would print every table.
        return f"<charset {self.kind}>"


def _char_class(to_byte: Mapping[str, int], low: int, high: int, extra: str = "") -> str:
    chars = sorted(ch for ch, byte in to_byte.items() if low <= byte <= high) + list(extra)
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


def _sequence_pattern(to_byte: Mapping[str, int]) -> str:
    """Characters whose bytes form one well-formed UTF-8 multi-byte sequence.

    Second-byte ranges follow RFC 3629 so overlong forms never match. A CESU-8 surrogate
    pair (how Java and old MySQL store emoji) comes first so it wins. A continuation byte
    may also be "�" where an earlier decoder already threw the byte away.
    """

    def byte(low: int, high: int | None = None) -> str:
        return _char_class(to_byte, low, low if high is None else high)

    cont = _char_class(to_byte, 0x80, 0xBF, LOST)
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
    return "|".join(alternatives)


def _build_charset(kind: str, codec: str, with_latin1: bool = False) -> Charset:
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
    sequence = _sequence_pattern(to_byte)
    return Charset(
        kind,
        to_byte,
        leads,
        re.compile(sequence),
        re.compile(f"(?:{sequence})*"),
        to_latin1,
        chars,
    )


# Order breaks ties: the most common real-world mix-ups come first.
CHARSETS: tuple[Charset, ...] = (
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
CHARSET_BY_KIND = {charset.kind: charset for charset in CHARSETS}
PRIORITY = {charset.kind: index for index, charset in enumerate(CHARSETS)}


def _union_classes() -> tuple[str, str]:
    """Regex classes of every charset's lead and continuation characters."""
    leads: set[str] = set()
    conts: set[str] = {LOST}
    for charset in CHARSETS:
        leads |= charset.leads
        conts |= {ch for ch, byte in charset.to_byte.items() if byte < 0xC0}
    return (
        "".join(re.escape(ch) for ch in sorted(leads)),
        "".join(re.escape(ch) for ch in sorted(conts)),
    )


LEAD_CLASS, CONT_CLASS = _union_classes()
# Where any charset could start a sequence: one cheap scan instead of nine. Leading with a
# character class lets the regex engine skip ahead at C speed.
PAIR = re.compile(f"[{LEAD_CLASS}](?=[{CONT_CLASS}])")

# A well-formed sequence of any charset: where PAIR only says one might start (a lead of
# one charset before a continuation of another), this says one is there.
ANY_SEQUENCE = re.compile("|".join(f"(?:{charset.sequence.pattern})" for charset in CHARSETS))

CP1252_ONLY = frozenset("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
# C1 controls where Windows-1252 has a character: proof of Latin-1. (Windows-1252 leaves
# 81, 8D, 8F, 90 and 9D undefined, so those show up in both.)
LATIN1_ONLY = frozenset(
    chr(b) for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)


def family(kind: str) -> str:
    """Latin-1 and Windows-1252 share one table: one family."""
    return "windows-1252" if kind == "latin-1" else kind


def decode(charset: Charset, source: str) -> str:
    """Decode well-formed sequences of ``charset`` (one, or several in a row)."""
    if LOST in source:
        return LOST
    raw = source.translate(charset.to_latin1).encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Only CESU-8 surrogate pairs get here; join the halves into one character.
        halves = raw.decode("utf-8", "surrogatepass")
        return halves.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def full_decode(charset: Charset, source: str) -> str | None:
    """Decode ``source`` only if it consists entirely of sequences of ``charset``."""
    if LOST in source or not charset.chars.issuperset(source):
        return None
    try:
        # Bytes of 80 and above that are well-formed UTF-8 are sequences one after another
        # (the usual case, told at C speed); otherwise only the regex knows (CESU-8 pairs).
        return source.translate(charset.to_latin1).encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not charset.sequences.fullmatch(source):
        return None
    return decode(charset, source)
