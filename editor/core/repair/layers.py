"""Double damage: repaired text that is itself mojibake is repaired again, layer by layer."""

from __future__ import annotations

import bisect
import itertools
import operator

from editor.core.repair.charsets import ANY_SEQUENCE, CP1252_ONLY, PAIR
from editor.core.repair.evidence import Plan, plan_repairs, settled_runs
from editor.core.repair.fixes import Fix, document_is_latin1
from editor.core.repair.memo import memo
from editor.core.repair.runs import Run
from editor.core.repair.zones import ASCII_CLASS, Key, neighbour, word_run


def peel_deeper_layers(text: str, fixes: list[Fix], isolated: bool = False) -> list[Fix]:
    """Text damaged twice decodes to more mojibake: repeat, inside what we repaired.

    Each further layer must be diagnosed on its own evidence, exactly like the first,
    so a single mis-decoding whose repair happens to look like mojibake stays put.
    ``isolated`` tells that no two repairs touch (one per zone: the uniform road's),
    which then needs no checking.
    """
    for _ in range(2):
        if isolated or _isolated(fixes):
            if not _peel_isolated(text, fixes):
                break
            isolated = True  # folded in place: no repair moved, so still none touch
            continue
        # Two repairs touch: a sequence may span them, so look deeper whatever they hold.
        current, outputs, zones = _repaired_zones(text, fixes)
        if not zones:
            break
        plan = plan_repairs(current, zones)
        if not plan.placed:
            break
        fixes = _compose(text, fixes, outputs, current, plan)
    return fixes


def _isolated(fixes: list[Fix]) -> bool:
    """No two repairs touch: each one's output is a zone of its own (the usual case)."""
    return all(a.offset + a.length < b.offset for a, b in itertools.pairwise(fixes))


def _peel_isolated(text: str, fixes: list[Fix]) -> bool:
    """One more layer for repairs that touch no other, folded in place; whether one was found.

    The general road's result, with less work: each output is a zone of its own, between
    the very neighbours its repair has in ``text``, and most verdicts need no document
    context, so the repaired text is built only when one does.
    """
    # Joined with a character that is part of no sequence, so no pair spans two repairs.
    if PAIR.search("\0".join([fix.after for fix in fixes])) is None:
        return False  # the usual case: single characters or plainly clean text
    inner: list[tuple[Fix, Key]] = []
    found: list[tuple[Fix, tuple[Run, ...]]] = []
    settled = True
    size = len(text)
    classes = ASCII_CLASS
    for fix in fixes:
        after = fix.after
        if len(after) < 2:
            continue  # a single character holds no sequence (most outputs)
        start, end = fix.offset, fix.offset + fix.length
        left = text[start - 1] if start else ""
        right = text[end] if end < size else ""
        left, right = classes.get(left, left), classes.get(right, right)
        fits, runs = inner_verdict(after, left, right)
        if not fits:
            continue  # no sequence fits (the usual repaired word): no runs, no verdict
        inner.append((fix, (after, left, right, True)))
        if runs is None:
            settled = False
        elif runs:
            found.append((fix, runs))
    if not settled:
        found = _planned(text, fixes, inner)
    if not found:
        return False
    latin1 = _latin1(found)
    for fix, runs in found:
        for run in reversed(runs):  # as _compose folds them: last first
            fix.after = fix.after[: run.start] + run.after + fix.after[run.end :]
            # run.kind, then the document's verdict on Latin-1, inline: this is hot.
            kind = run.charset
            if kind == "windows-1252" and (latin1 or run.has_c1):
                kind = "latin-1"
            if len(fix.layers) < 2 or fix.layers[-1] != kind:
                fix.layers = (*fix.layers, kind)
    return True


@memo
def inner_verdict(after: str, left: str, right: str) -> tuple[bool, tuple[Run, ...] | None]:
    """Whether a sequence fits in a repair's output ``after`` (between neighbours reduced
    as zones reduce them), and if so the runs it takes whatever the document holds, or
    None where the document decides. Outputs repeat as their damage does: judged once."""
    if PAIR.search(after) is None or ANY_SEQUENCE.search(after) is None:
        return False, ()
    word = word_run(after, left)
    return True, (word,) if word is not None else settled_runs((after, left, right, True))


def _latin1(found: list[tuple[Fix, tuple[Run, ...]]]) -> bool:
    """As document_is_latin1 decides it over every run placed in the outputs."""
    if not any(run.has_c1 for _, runs in found for run in runs):
        return False  # no run is Latin-1 (a Windows-1252 run with a C1 control)
    latin1 = False
    for fix, runs in found:
        for run in runs:
            if run.has_c1 and run.kind == "latin-1":
                latin1 = True
            elif run.kind == "windows-1252" and not CP1252_ONLY.isdisjoint(
                fix.after[run.start : run.end]
            ):
                return False
    return latin1


def _planned(
    text: str, fixes: list[Fix], inner: list[tuple[Fix, Key]]
) -> list[tuple[Fix, tuple[Run, ...]]]:
    """The runs that planning the repaired text as a whole accepts in each output."""
    pieces: list[str] = []
    output_start: dict[int, int] = {}  # fix offset -> where its output starts
    cursor = shift = 0
    for fix in fixes:
        pieces.append(text[cursor : fix.offset])
        pieces.append(fix.after)
        output_start[fix.offset] = fix.offset + shift
        cursor = fix.offset + fix.length
        shift += len(fix.after) - fix.length
    pieces.append(text[cursor:])
    by_start = {output_start[fix.offset]: fix for fix, _ in inner}
    plan = plan_repairs("".join(pieces), [(output_start[fix.offset], key) for fix, key in inner])
    # Placed zone by zone, in order: each output's runs come together.
    return [
        (by_start[start], tuple(run for _, run in placed))
        for start, placed in itertools.groupby(plan.placed, key=operator.itemgetter(0))
    ]


def _repaired_zones(
    text: str, fixes: list[Fix]
) -> tuple[str, list[tuple[int, int]], list[tuple[int, Key]]]:
    """The text with ``fixes`` applied, where each fix's output sits in it, and the zones
    that could hold another layer: adjacent outputs joined, single characters dropped (no
    sequence fits in one)."""
    pieces: list[str] = []
    outputs: list[tuple[int, int]] = []
    regions: list[list[int]] = []
    cursor = shift = 0
    for fix in fixes:
        pieces.append(text[cursor : fix.offset])
        pieces.append(fix.after)
        cursor = fix.offset + fix.length
        start = fix.offset + shift
        end = start + len(fix.after)
        outputs.append((start, end))
        shift = end - cursor
        if regions and regions[-1][1] == start:
            regions[-1][1] = end
        else:
            regions.append([start, end])
    pieces.append(text[cursor:])
    current = "".join(pieces)
    zones = [
        (start, (current[start:end], neighbour(current, start - 1), neighbour(current, end), True))
        for start, end in regions
        if end - start >= 2 and PAIR.search(current, start, end)
    ]
    return current, outputs, zones


def _compose(
    text: str, fixes: list[Fix], outputs: list[tuple[int, int]], current: str, plan: Plan
) -> list[Fix]:
    """Fold deeper repairs (found in ``current``) into the fixes whose output they touch.

    ``outputs`` are the fixes' output spans in ``current``.
    """
    latin1 = document_is_latin1(current, plan.placed)
    outputs = list(outputs)
    starts = [start for start, _ in outputs]
    result = list(fixes)
    for offset, run in reversed(plan.placed):
        run_start, run_end = offset + run.start, offset + run.end
        first = bisect.bisect_right(starts, run_start) - 1
        last = bisect.bisect_left(starts, run_end) - 1
        if first == last:
            merged = result[first]  # the usual case: the run lies inside one repair
        else:
            merged = _merge_fixes(text, result[first : last + 1])
            result[first : last + 1] = [merged]
            del starts[first + 1 : last + 1]
            del outputs[first + 1 : last + 1]
        out_start = outputs[first][0]
        merged.after = (
            merged.after[: run_start - out_start] + run.after + merged.after[run_end - out_start :]
        )
        kind = run.kind
        if latin1 and kind == "windows-1252":
            kind = "latin-1"
        if len(merged.layers) < 2 or merged.layers[-1] != kind:
            merged.layers = (*merged.layers, kind)
    return result


def _merge_fixes(text: str, fixes: list[Fix]) -> Fix:
    """One fix covering adjacent fixes (their outputs touch, so nothing lies between)."""
    offset = fixes[0].offset
    end = fixes[-1].offset + fixes[-1].length
    after = "".join(fix.after for fix in fixes)
    return Fix(offset, end - offset, text[offset:end], after, fixes[0].layers)
