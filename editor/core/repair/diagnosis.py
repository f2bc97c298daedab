"""The words: what a repair says it found, changed and left alone."""

from __future__ import annotations

import bisect
from collections import Counter

from editor.core.repair.changes import KIND_LABELS, NO_DAMAGE, Change
from editor.core.repair.clues import bad_near
from editor.core.repair.fixes import Fix
from editor.core.repair.memo import memo
from editor.core.repair.runs import FIRM, Run

_LAYER_NAMES = {kind: label.removeprefix("UTF-8 read as ") for kind, label in KIND_LABELS.items()}


@memo
def describe_layers(layers: tuple[str, ...]) -> str:
    """Words for the diagnosis, in the order the damage happened."""
    names = [_LAYER_NAMES[layer] for layer in reversed(layers)]
    if len(set(names)) == 1 and len(names) > 1:
        times = {2: "twice", 3: "three times"}.get(len(names), f"{len(names)} times")
        return f"UTF-8 read as {names[0]} {times}"
    return "UTF-8 read as " + ", then as ".join(names)


def diagnose(text: str, changes: list[Change], fixes: list[Fix], declined: list[Run]) -> str:
    """Each wrong decoding with the characters repaired, then any doubtful places left."""
    counts = _counts_by_label(changes, fixes)
    ranked = list(counts.items())
    if len(ranked) == 1 and not declined:
        label, n = ranked[0]
        return f"{label}, {n_characters(n)}"  # the usual diagnosis, without the bookkeeping
    # Most characters first; ties in order of appearance (a stable sort, as most_common).
    if len(ranked) > 1:
        ranked.sort(key=lambda item: item[1], reverse=True)
    parts = [f"{label}, {n_characters(n)}" for label, n in ranked]
    doubtful = [run for run in declined if _suspicious(text, run) and not _touched(changes, run)]
    if doubtful:
        parts.append(_doubt(doubtful))
    return "; ".join(parts) if parts else NO_DAMAGE


def _counts_by_label(changes: list[Change], fixes: list[Fix]) -> dict[str, int]:
    """Repaired characters (as ``repaired_count`` counts them) under each label."""
    layered = {fix.offset: fix for fix in fixes if len(fix.layers) > 1}
    if not layered:
        # The usual case: each kind has its own label.
        kinds = {change.kind for change in changes}
        if len(kinds) == 1:
            (kind,) = kinds
            afters = [change.after for change in changes]
            return {KIND_LABELS.get(kind, kind): sum(map(len, afters)) + afters.count("")}
        by_kind: dict[str, int] = {}
        for change in changes:
            by_kind[change.kind] = by_kind.get(change.kind, 0) + (len(change.after) or 1)
        return {KIND_LABELS.get(kind, kind): n for kind, n in by_kind.items()}
    counts: dict[str, int] = {}
    for change in changes:
        fix = layered.get(change.offset)
        if fix is not None and fix.length == change.length:
            label = describe_layers(fix.layers)
        else:
            label = KIND_LABELS.get(change.kind, change.kind)
        counts[label] = counts.get(label, 0) + (len(change.after) or 1)
    return counts


def _suspicious(text: str, run: Run) -> bool:
    """Worth telling the writer about: more than the chance look-alikes of clean text."""
    return run.strength == FIRM or run.protected or bad_near(text, run.start, run.end)


def _touched(changes: list[Change], run: Run) -> bool:
    """Whether a change (in order, not overlapping) overlaps ``run``."""
    index = bisect.bisect_left(changes, run.end, key=lambda change: change.offset)
    if index == 0:
        return False
    change = changes[index - 1]
    return change.offset + max(1, change.length) > run.start


def n_characters(count: int) -> str:
    """ "1 character", "2 characters"..."""
    return f"{count} character" + ("" if count == 1 else "s")


def _doubt(runs: list[Run]) -> str:
    label = KIND_LABELS[Counter(run.kind for run in runs).most_common(1)[0][0]]
    runs = sorted({run.start: run for run in runs}.values(), key=lambda run: run.start)
    places = f"{len(runs)} place" + ("" if len(runs) == 1 else "s")
    where = f"the first at character {runs[0].start}"
    return f"ambiguous: {places} may be {label} ({where}), left unchanged"
