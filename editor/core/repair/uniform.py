"""The common case at C speed: the whole text damaged once, by one charset."""

from __future__ import annotations

from editor.core.repair.characters import fits_context, is_mark, plausible, reads_as_word
from editor.core.repair.charsets import CHARSET_BY_KIND, CHARSETS, CP1252_ONLY, LATIN1_ONLY, Charset
from editor.core.repair.clues import protected
from editor.core.repair.evidence import analysis
from editor.core.repair.fixes import Fix
from editor.core.repair.memo import memo
from editor.core.repair.zones import Key, whole_reading, word_run


def uniform_fixes(text: str, zones: list[tuple[int, Key]]) -> list[Fix] | None:
    """Fixes for a text that one charset decodes as a whole into believable text.

    This is ftfy's first question too. Our verdicts would be the same: every non-ASCII
    character is part of a sequence, so every paragraph is damaged throughout, and one
    strong run proves the charset; weak and firm runs are then all repaired. Anything
    less clear-cut (an odd character, a protected spelling) returns None and takes the
    full road. Further layers are looked for afterwards, as on the full road.
    """
    found = uniform_outputs(text, zones)
    if found is None:
        return None
    layers, outputs = found
    return [
        Fix(start, len(key[0]), key[0], after, layers)
        for (start, key), after in zip(zones, outputs, strict=True)
    ]


def uniform_outputs(text: str, zones: list[tuple[int, Key]]) -> tuple[tuple[str], list[str]] | None:
    """What ``uniform_fixes`` decides, without the fixes: the one wrong decoding undone
    and each zone's output, in order (a text whose outputs hide no further layer needs
    nothing more)."""
    if not zones:
        return None
    strings = [key[0] for _, key in zones]
    if sum(map(len, strings)) != len(text) - len(text.encode("ascii", "ignore")):
        return None  # some non-ASCII character is not part of any sequence
    found = _zones_charset(strings) if len(strings) > 1 else _one_zone_charset(strings[0])
    if found is None:
        return None
    for _, key in zones:
        if word_run(key[0], key[1]) is not None or analysis(key).evidence:
            break  # one strong run proves the charset
    else:
        return None
    charset, decoded = found
    for (_, (zone, left, right, _)), after in zip(zones, decoded, strict=True):
        if not _fits_uniform(zone, after, left, right):
            return None
    latin1 = charset.kind == "windows-1252" and uniform_latin1(text)
    return ("latin-1",) if latin1 else (charset.kind,), decoded


def _zones_charset(zones: list[str]) -> tuple[Charset, list[str]] | None:
    """The first charset that decodes every zone into believable characters."""
    # Zones hold no ASCII, so a NUL between them keeps them apart through the decoding
    # and lets it run once, at C speed, for all of them.
    joined = "\0".join(zones)
    chars = set(joined)
    chars.discard("\0")
    for charset in CHARSETS:
        if not charset.chars.issuperset(chars):
            continue
        try:
            decoded = joined.translate(charset.to_latin1).encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            continue
        believable = set(decoded)
        believable.discard("\0")
        if all(map(plausible, believable)):
            return charset, decoded.split("\0")
        if _C1.isdisjoint(believable) or not all(map(plausible, believable - _C1)):
            return None
        # C1 controls are believable as the inner layer of double damage: where every
        # zone holding one decodes further, as a word, the outer layer is uniform too.
        outputs = decoded.split("\0")
        if all(_C1.isdisjoint(out) or _inner_word(out) for out in outputs):
            return charset, outputs
        return None
    return None


_C1 = frozenset(map(chr, range(0x80, 0xA0)))


def _inner_word(output: str) -> bool:
    """An output holding C1 controls that is itself text damaged once more, read as a
    whole by one charset into a word (so its own verdict is strong)."""
    reading = whole_reading(output)
    return reading is not None and reading.word


def _one_zone_charset(zone: str) -> tuple[Charset, list[str]] | None:
    """``_zones_charset`` for a single zone: its whole reading (shared with its verdict)."""
    reading = whole_reading(zone)
    if reading is None or not reading.believable:
        return None
    return CHARSET_BY_KIND[reading.charset], [reading.decoded]


@memo
def _fits_uniform(zone: str, after: str, left: str, right: str) -> bool:
    if is_mark(after[0]) and (not left or left.isspace()):
        return False
    if len(after) > 1:
        return reads_as_word(after)
    return fits_context(after, left, right) and not protected(zone, left)


def uniform_latin1(text: str) -> bool:
    return not LATIN1_ONLY.isdisjoint(text) and CP1252_ONLY.isdisjoint(text)
