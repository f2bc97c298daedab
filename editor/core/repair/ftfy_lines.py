"""Which lines still hold something that only ftfy knows how to repair."""

from __future__ import annotations

import bisect
import re
from collections.abc import Set as AbstractSet

from editor.core.repair.changes import Change
from editor.core.repair.charsets import CHARSETS, Charset
from editor.core.repair.clues import bad_near
from editor.core.repair.runs import Run


def _chars(charset: Charset, *ranges: tuple[int, int]) -> str:
    """The characters whose bytes lie in ``ranges``, escaped for a regex class."""
    found = [ch for ch, b in charset.to_byte.items() if any(lo <= b <= hi for lo, hi in ranges)]
    return "".join(re.escape(ch) for ch in sorted(found))


# Bytes that start the sequences ftfy's ALTERED_UTF8_RE knows to be completed by a space
# standing for byte A0.
_SPACE_LEADS = ((0xC2, 0xC3), (0xC5, 0xC5), (0xCE, 0xCE), (0xD0, 0xD0), (0xD9, 0xD9))
_SPACE_HINT_LEADS = (*_SPACE_LEADS, (0xE0, 0xE3), (0xF0, 0xF0))


def _space_hint_alternatives(charset: Charset) -> list[str]:
    """Those sequences in the characters of one charset, each checking with a look-behind
    that its first character (already matched) is one of its own."""
    two = _chars(charset, *_SPACE_LEADS)
    cont = _chars(charset, (0x80, 0x84), (0x86, 0x9F), (0xA1, 0xBF))
    any_ = _chars(charset, (0x80, 0xBF))
    e0_e3, e2_e3 = _chars(charset, (0xE0, 0xE3)), _chars(charset, (0xE2, 0xE3))
    f0 = _chars(charset, (0xF0, 0xF0))
    return [
        f"(?<=[{two}]) ",
        f"(?<=[{e2_e3}]) [{cont}]",
        f"(?<=[{e0_e3}])[{cont}] ",
        f"(?<=[{f0}]) [{any_}][{any_}]",
        f"(?<=[{f0}])[{any_}] [{any_}]",
        f"(?<=[{f0}])[{any_}][{any_}] ",
    ]


def _first_then(first: str, alternatives: list[str]) -> re.Pattern[str]:
    """One character of ``first``, then one of ``alternatives``: a pattern that starts with
    a single character class, so that scanning skips ahead at C speed."""
    return re.compile(f"[{first}](?:{'|'.join(alternatives)})")


# What ftfy's extra tricks may still repair after ours: C1 controls, lost bytes ("�",
# or "?" after a sequence start) and a no-break space that became a plain space.
_LEFTOVER = "\\x80-\\x9f\\ufffd"
_LEFTOVER_CHAR = re.compile(f"[{_LEFTOVER}]")
_LOST_AS_QUESTION = _first_then("?", ["(?<=[^\\x00-\\x7f]\\?)"])
_SPACE_HINTS = {
    charset.kind: _first_then(
        _chars(charset, *_SPACE_HINT_LEADS), _space_hint_alternatives(charset)
    )
    for charset in CHARSETS
}
# Any of them in one scan, to tell quickly that a text holds none (the usual case).
_ANY_HINT = {
    charset.kind: _first_then(
        _LEFTOVER + "?" + _chars(charset, *_SPACE_HINT_LEADS),
        [f"(?<=[{_LEFTOVER}])", "(?<=[^\\x00-\\x7f]\\?)", *_space_hint_alternatives(charset)],
    )
    for charset in CHARSETS
}


def leftover_hints(repaired: str, kinds: AbstractSet[str]) -> list[tuple[int, int]]:
    """Places in ``repaired`` that ftfy might still fix, given the kinds of damage found."""
    # A swallowed no-break space is only worth a look in a charset the document suffered
    # (or, in a document we left alone, the one that suffers it most).
    hint_kinds = kinds & _SPACE_HINTS.keys() or {"windows-1252"}
    for kind in hint_kinds:
        if _ANY_HINT[kind].search(repaired):
            break
    else:
        return []
    hints = [m.span() for m in _LEFTOVER_CHAR.finditer(repaired)]
    if "?" in repaired:
        hints += [(m.start() - 1, m.end()) for m in _LOST_AS_QUESTION.finditer(repaired)]
    for kind in hint_kinds:
        hints += [m.span() for m in _SPACE_HINTS[kind].finditer(repaired)]
    return hints


def line_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _changes_within(changes: list[Change], start: int, end: int) -> bool:
    index = bisect.bisect_left(changes, start, key=lambda change: change.offset)
    return index < len(changes) and changes[index].offset < end


def fallback_lines(
    text: str,
    repaired: str,
    declined: list[Run],
    changes: list[Change],
    hints: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Lines (of ``text``) that still hold something ftfy might fix: around places we
    declined, or around ``hints`` (from ``leftover_hints``) in the ``repaired`` text."""
    lines = set()
    for run in declined:
        line = line_of(text, run.start)
        # A doubtful place next to our repairs may need ftfy's view of the whole line.
        if _changes_within(changes, *line) or bad_near(text, run.start, run.end):
            lines.add(line)
    if hints:
        # Our repairs never add or remove a line break, so lines match by number.
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        repaired_starts = [0] + [m.end() for m in re.finditer("\n", repaired)]
        offsets = [change.offset for change in changes]  # in order
        for start, end in hints:
            number = bisect.bisect_right(repaired_starts, start) - 1
            line_start = starts[number]
            line_end = starts[number + 1] if number + 1 < len(starts) else len(text) + 1
            index = bisect.bisect_left(offsets, line_start)
            changed = index < len(offsets) and offsets[index] < line_end
            # A leftover next to our repairs may need ftfy's view of the whole line.
            if changed or bad_near(repaired, start, end):
                lines.add(line_of(text, line_start))
    return sorted(lines)
