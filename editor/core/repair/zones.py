"""Zones: stretches of non-ASCII text holding candidate sequences, each judged once.

Every sequence lies inside a stretch of non-ASCII characters. Mojibake repeats the same
few strings, so each distinct zone is judged once and, where no paragraph context is
needed, decided once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from editor.core.repair.characters import is_mark, plausible, reads_as_word
from editor.core.repair.charsets import CHARSETS, LATIN1_ONLY, PAIR, PRIORITY, Charset
from editor.core.repair.clues import native_letters
from editor.core.repair.memo import memo
from editor.core.repair.runs import STRONG, Run, judged_group

# Zone text, reduced neighbours, and whether it is exactly one of our earlier repairs.
Key = tuple[str, str, str, bool]

# From the first possible sequence start in a stretch of non-ASCII text to its end.
_PAIR_TO_STRETCH_END = re.compile(PAIR.pattern + r"[^\x00-\x7f]*")


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


ASCII_CLASS = {chr(code): _ascii_class(chr(code)) for code in range(128)}


def neighbour(text: str, pos: int) -> str:
    """The character at ``pos`` reduced to what judging needs, so zones share verdicts."""
    if not 0 <= pos < len(text):
        return ""
    return ASCII_CLASS.get(text[pos], text[pos])


def document_zones(text: str) -> list[tuple[int, Key]]:
    """Whole non-ASCII stretches that hold at least one possible sequence start, with keys."""
    zones = []
    classes = ASCII_CLASS  # zones are whole non-ASCII stretches: neighbours are ASCII
    length = len(text)
    for match in _PAIR_TO_STRETCH_END.finditer(text):
        start, end = match.span()
        # Back to the start of the stretch: zones are words, so this is a short walk.
        while start and text[start - 1] >= "\x80":
            start -= 1
        left = classes[text[start - 1]] if start else ""
        right = classes[text[end]] if end < length else ""
        zones.append((start, (text[start:end], left, right, False)))
    return zones


def _group_adjacent(spans: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    group: list[tuple[int, int]] = []
    for span in spans:
        if group and group[-1][1] != span[0]:
            yield group
            group = []
        group.append(span)
    if group:
        yield group


def _runs_for_charset(
    text: str, charset: Charset, spans: list[tuple[int, int]], inner_zone: tuple[int, int] | None
) -> Iterator[Run]:
    for group in _group_adjacent(spans):
        start, end = group[0][0], group[-1][1]
        left, right = neighbour(text, start - 1), neighbour(text, end)
        whole_inner = inner_zone == (start, end)
        for run in judged_group(charset.kind, text[start:end], left, right, whole_inner):
            yield run.shifted(start)


def zone_runs(zone: str, left: str, right: str, inner: bool = False) -> tuple[Run, ...]:
    """Every candidate run of every charset in ``zone``, offsets relative to the zone.

    ``inner`` marks a zone that is exactly our own repair of an outer layer of damage.
    """
    whole = _whole_zone_run(zone, left, right, inner)
    if whole is not None:
        return (whole,)
    local = left + zone + right
    inner_zone = (len(left), len(left) + len(zone)) if inner else None
    end = len(left) + len(zone)
    starts = [m.start() for m in PAIR.finditer(local, len(left), end)]
    runs: list[Run] = []
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


def _whole_zone_run(zone: str, left: str, right: str, inner: bool) -> Run | None:
    """The common case, checked first at C speed: one charset reads the whole zone.

    Gives the same verdict as the full search, which would rank that charset first.
    """
    reading = whole_reading(zone)
    if reading is None:
        return None
    whole = word_run(zone, left)
    if whole is not None:
        return whole
    runs = judged_group(reading.charset, zone, left, right, inner)
    return runs[0] if _explained(runs, zone) else None


@memo
def word_run(zone: str, left: str) -> Run | None:
    """The zone as one strong run, when it reads as a word as a whole: several believable
    characters of one script. The word rule, without the piece-by-piece work (it would
    reach the same verdict), and the verdict whatever the rest of the document holds."""
    reading = whole_reading(zone)
    if reading is None or not reading.word:
        return None
    decoded = reading.decoded
    if is_mark(decoded[0]) and (not left or left.isspace()):
        return None
    return Run(reading.charset, 0, len(zone), decoded, STRONG, not LATIN1_ONLY.isdisjoint(zone))


class Reading(NamedTuple):
    """A zone read as a whole by the first charset that has all of its characters."""

    charset: str  # the kind of the charset
    decoded: str
    word: bool  # two or more believable characters that read as a word
    believable: bool  # every character believable


@memo
def whole_reading(zone: str) -> Reading | None:
    """How the first charset that has every character of the zone reads it, if it decodes
    the zone; or a later one that decodes it into believable characters where the first
    does not ("Ë®Ä„Å£" is Windows-1252 "ˮĄţ" but Mac Roman "言っ"). The neighbours play
    no part, so this is shared by every place the zone occurs."""
    first = None
    for charset in CHARSETS:
        if not charset.chars.issuperset(zone):
            continue
        try:
            decoded = zone.translate(charset.to_latin1).encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            continue
        believable = all(map(plausible, decoded))
        word = (
            len(decoded) >= 2
            and believable
            and reads_as_word(decoded)
            and not native_letters(charset.kind, zone, decoded)
        )
        reading = Reading(charset.kind, decoded, word, believable)
        if believable:
            return reading
        if first is None:
            first = reading
    return first


def _sequences(text: str, charset: Charset, starts: list[int]) -> list[tuple[int, int]]:
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


def _by_coverage(
    local: str, zone: str, starts: list[int]
) -> list[tuple[Charset, list[tuple[int, int]]]]:
    """Charsets that could read part of the zone, most coverage first, with their spans."""
    chars = set(zone)
    found = []
    for charset in CHARSETS:
        if not charset.leads.isdisjoint(chars):
            spans = _sequences(local, charset, starts)
            if spans:
                found.append((charset, spans))
    found.sort(key=lambda item: (-sum(e - s for s, e in item[1]), PRIORITY[item[0].kind]))
    return found


def _explained(runs: Sequence[Run], zone: str) -> bool:
    return (
        len(runs) == 1 and runs[0].strength == STRONG and runs[0].end - runs[0].start == len(zone)
    )
