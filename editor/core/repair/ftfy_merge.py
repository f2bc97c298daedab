"""ftfy's second opinion on a line, merged with our repairs piece by piece."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import ftfy

from editor.core.repair.changes import Change, apply_changes, shifted
from editor.core.repair.charsets import CHARSETS, LOST, family
from editor.core.repair.clues import ftfy_bad
from editor.core.repair.ftfy_guard import Guard
from editor.core.repair.runs import Run

_ANCHOR = re.compile(r"[A-Za-z0-9]+")


def with_fallback(
    text: str, declined: list[Run], changes: list[Change], lines: list[tuple[int, int]]
) -> list[Change]:
    """Let ftfy repair what our engine left, without overruling a place it protected."""
    guard = Guard(text, [(run.start, run.end) for run in declined if run.protected])
    result = list(changes)
    offsets = [change.offset for change in result]
    replaced: dict[tuple[int, int], list[Change]] = {}
    for start, end in lines:
        ours = result[bisect.bisect_left(offsets, start) : bisect.bisect_left(offsets, end)]
        line = text[start:end]
        mine = apply_changes(line, [shifted(change, -start) for change in ours])
        if not (ftfy_bad(mine) or ftfy_bad(line)):
            continue
        merged = _merge_line(_Line(line, start, ours, mine), guard)
        if merged is not None:
            replaced[(start, end)] = merged
    for start, end in sorted(replaced, reverse=True):
        low, high = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
        result[low:high] = replaced[(start, end)]
        offsets[low:high] = [change.offset for change in replaced[(start, end)]]
    return result


@dataclass(frozen=True)
class _Line:
    """One line of the original, our changes to it, and the line with them applied."""

    text: str
    offset: int
    ours: list[Change]
    mine: str


def _merge_line(line: _Line, guard: Guard) -> list[Change] | None:
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
    line: _Line, theirs: str, kind: str, guard: Guard, prefer_theirs: bool
) -> list[Change] | None:
    old_parts, anchors = _ANCHOR.split(line.text), _ANCHOR.findall(line.text)
    own_parts, their_parts = _ANCHOR.split(line.mine), _ANCHOR.split(theirs)
    if not anchors == _ANCHOR.findall(line.mine) == _ANCHOR.findall(theirs):
        return None
    changes: list[Change] = []
    pos = line.offset
    for old, own, their, anchor in zip(
        old_parts, own_parts, their_parts, [*anchors, ""], strict=True
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
    segment: _Segment, own_changes: list[Change], kind: str, guard: Guard, prefer_theirs: bool
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
    if ftfy_bad(segment.own) and not ftfy_bad(segment.their):
        return True
    # A repair of ours that undid several layers ("double") went further than ftfy's
    # single layer of the same damage, which it begins with: ours stays.
    return all(
        change.kind != "double" and family(change.kind) != family(kind) for change in own_changes
    )


def _extra_changes(
    segment: _Segment, own_changes: list[Change], kind: str, guard: Guard
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
        if any((s < i2 and i1 < e) or s < i1 < e for s, e in outputs):
            return None
        if i1 == i2 and any(s <= i1 <= e for s, e in outputs):
            return None  # an insertion against one of ours: where it goes is not clear
        before_count = sum(1 for _, e in outputs if e <= i1)
        start = i1 - (shifts[before_count - 1] if before_count else 0)
        before, after = segment.old[start : start + i2 - i1], segment.their[j1:j2]
        change = Change(segment.pos + start, i2 - i1, before, after, classify(before, after, kind))
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
    change = Change(segment.pos + prefix, len(before), before, after, classify(before, after, kind))
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


def classify(before: str, after: str, default: str) -> str:
    """Name a change found by diffing, by finding the charset that explains it."""
    if LOST in after and LOST not in before:
        return "lossy"
    for charset in CHARSETS:
        if all(ch in charset.to_byte for ch in before):
            raw = bytes(charset.to_byte[ch] for ch in before)
            if raw.decode("utf-8", "replace") == after:
                latin1 = charset.kind == "windows-1252" and any(
                    "\x80" <= c <= "\x9f" for c in before
                )
                return "latin-1" if latin1 else charset.kind
    return default
