"""Candidate runs: adjacent sequences of one charset, decoded and rated strong, firm or weak."""

from __future__ import annotations

import itertools
import operator
from typing import NamedTuple

from editor.core.repair.characters import fits_context, is_mark, plausible, possible, reads_as_word
from editor.core.repair.charsets import (
    CHARSET_BY_KIND,
    CHARSETS,
    LATIN1_ONLY,
    LOST,
    Charset,
    decode,
    full_decode,
)
from editor.core.repair.clues import (
    LEGIT_NEIGHBOURS,
    firm,
    native_letters,
    protected,
    strong_alone,
)
from editor.core.repair.memo import memo

# How sure a run is: strong runs are repaired anywhere; firm ones wherever their paragraph
# is damaged throughout; weak ones only there and only once the charset is proven.
STRONG, FIRM, WEAK = 3, 2, 1


class Run(NamedTuple):
    """Adjacent sequences of one charset and what they decode to.

    A named tuple rather than a dataclass: thousands are made per document. It holds the
    charset's kind rather than the charset, so a cached run is a tuple of strings and
    numbers, which the garbage collector stops tracking.
    """

    charset: str  # the kind of the charset that reads it
    start: int
    end: int
    after: str
    strength: int
    has_c1: bool = False
    protected: bool = False

    @property
    def kind(self) -> str:
        if self.charset == "windows-1252" and self.has_c1:
            return "latin-1"
        return self.charset

    def shifted(self, delta: int) -> Run:
        charset, start, end, after, strength, has_c1, protected = self
        return Run(charset, start + delta, end + delta, after, strength, has_c1, protected)


_C1_CHARS = frozenset(map(chr, range(0x80, 0xA0)))


@memo
def judged_group(
    kind: str, group: str, left: str, right: str, whole_inner: bool
) -> tuple[Run, ...]:
    """Runs in one group of adjacent sequences, relative to the group (cached: they repeat).

    ``whole_inner`` marks a group that is exactly one of our own earlier repairs.
    """
    charset = CHARSET_BY_KIND[kind]
    local = left + group + right
    offset = len(left)
    spans, chars = _pieces(local, charset, group, offset)
    if whole_inner and all(map(plausible, chars)):
        # ``whole_inner`` only ever excuses a rare character: share the verdict with the
        # same group met as a first layer (the inner layer of double damage usually is).
        return judged_group(kind, group, left, right, False)
    # C1 controls are only believable as the inner layer of text damaged twice.
    inner = not _C1_CHARS.isdisjoint(chars) and decodes_further(chars)
    runs = []
    for first, last in _possible_chunks(chars, inner):
        whole = whole_inner and last - first == len(spans)
        run = _single_layer_run(local, offset, charset, spans[first:last], chars[first:last], whole)
        if run is not None:
            runs.append(run)
    return tuple(runs)


def _pieces(
    local: str, charset: Charset, group: str, offset: int
) -> tuple[list[tuple[int, int]], str]:
    """Where each sequence of the group sits in ``local``, and the character it decodes to.

    Each sequence decodes to exactly one character (a lost byte to "�", a CESU-8 pair to
    one emoji), so the pieces are held as their spans and a string of their characters.
    """
    if LOST not in group:
        raw = group.translate(charset.to_latin1).encode("latin-1")
        try:
            chars = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass  # a CESU-8 pair, which the regex knows how to find
        else:
            # Well-formed UTF-8, every byte 80 or above: the sequences follow one another,
            # each from a lead byte (C0 or above) to the next, just where the regex would
            # find them, and each decodes to one character. Found at C speed.
            if len(chars) == 1:
                return [(offset, offset + len(group))], chars  # the usual group: one
            conts = raw.translate(_LEAD_BYTES).split(b"\1")[1:]
            sizes = map(operator.add, map(len, conts), itertools.repeat(1))
            ends = list(itertools.accumulate(sizes, initial=offset))
            return list(itertools.pairwise(ends)), chars
    # Sequences start inside the group (a neighbour is too short to hold one).
    spans = [match.span() for match in charset.sequence.finditer(local, offset)]
    decoded = decode(charset, group) if LOST not in group else ""
    if len(decoded) != len(spans):
        decoded = "".join(decode(charset, local[start:end]) for start, end in spans)
    return spans, decoded


# For bytes.translate: a lead byte becomes 1, any other 0.
_LEAD_BYTES = bytes(int(byte >= 0xC0) for byte in range(256))


def _possible_chunks(chars: str, inner: bool) -> list[tuple[int, int]]:
    """Index ranges of the pieces between those that decode to impossible characters."""
    if all(map(possible, chars)) and (inner or _C1_CHARS.isdisjoint(chars)):
        return [(0, len(chars))] if chars else []  # the usual case, at C speed
    chunks = []
    first = -1
    for index, ch in enumerate(chars):
        if possible(ch) and (inner or ch not in _C1_CHARS):
            if first < 0:
                first = index
        elif first >= 0:
            chunks.append((first, index))
            first = -1
    if first >= 0:
        chunks.append((first, len(chars)))
    return chunks


def _single_layer_run(
    text: str,
    offset: int,
    charset: Charset,
    spans: list[tuple[int, int]],
    chars: str,
    whole_inner: bool,
) -> Run | None:
    """The run of adjacent pieces (``spans`` decoding to ``chars``), if it fits its place;
    made relative to ``offset``, where the group starts in ``text``."""
    start, end = spans[0][0], spans[-1][1]
    left, right = text[start - 1 : start], text[end : end + 1]
    word = _is_word(chars) and not native_letters(charset.kind, text[start:end], chars)
    if is_mark(chars[0]) and (not left or left.isspace()):
        return None
    if not word and not fits_context(chars, left, right):
        return None
    source = text[start:end]
    has_c1 = not LATIN1_ONLY.isdisjoint(source)
    if _garbled(charset, left) or (len(spans) == 1 and protected(source, left)):
        return Run(charset.kind, start - offset, end - offset, chars, WEAK, has_c1, protected=True)
    if not word and len(chars) >= 2 and not _C1_CHARS.isdisjoint(chars):
        word = _deeper_word(chars)
    strength = STRONG if word else _chunk_strength(text, charset.kind, spans, chars, whole_inner)
    return Run(charset.kind, start - offset, end - offset, chars, strength, has_c1)


@memo
def decodes_further(decoded: str) -> bool:
    """Odd characters are fine when they are themselves mojibake of believable text."""
    for charset in CHARSETS:
        deeper = full_decode(charset, decoded)
        if deeper is not None and all(possible(ch) and ch >= "\xa0" for ch in deeper):
            return True
    return False


@memo
def _deeper_word(decoded: str) -> bool:
    """Several sequences whose C1 controls are the bytes of believable text read wrongly
    once more ("√∞¬ü¬ò¬Ä" is "ð\x9f\x98\x80", which is "😀"): a word of the inner layer."""
    for charset in CHARSETS:
        deeper = full_decode(charset, decoded)
        if deeper is not None:
            return all(map(plausible, deeper)) and reads_as_word(deeper)
    return False


def _garbled(charset: Charset, left: str) -> bool:
    """A stray continuation byte (or a character foreign to the charset) just before:
    part of a garble we cannot decode.

    Fixing a piece of such a garble makes it worse (ftfy's rule too), so leave it.
    """
    if left.isascii() or left in LEGIT_NEIGHBOURS:
        return False
    byte = charset.to_byte.get(left)
    return byte is None or 0x80 <= byte <= 0xBF


def _is_word(chars: str) -> bool:
    """Several sequences in a row decoding to one script: never happens by chance."""
    real = chars.replace(LOST, "")
    return len(real) >= 2 and all(map(plausible, real)) and reads_as_word(real)


def _chunk_strength(
    text: str, kind: str, spans: list[tuple[int, int]], chars: str, whole_inner: bool
) -> int:
    """The strongest clue among the pieces, for a chunk that does not read as a word
    (several sequences in a row that do are strong already).

    A piece decoding to a rare character is no clue by itself (its oddness is what makes
    it look like mojibake); it may only ride along with clues from its neighbours. Inside
    text we already repaired once, a piece that is the whole repaired output counts.
    """
    # Odd characters are fine when they are themselves mojibake of believable text.
    inner = not all(map(plausible, chars)) and decodes_further(chars)
    strength = WEAK
    for (start, end), decoded in zip(spans, chars, strict=True):
        if decoded == LOST:
            continue
        rare = not (inner or plausible(decoded))
        source = text[start:end]
        left, right = text[start - 1 : start], text[end : end + 1]
        if strong_alone(kind, source, decoded, left, right) and (whole_inner or not rare):
            return STRONG
        if not rare and firm(kind, source, decoded, left, right):
            strength = FIRM
    return strength
