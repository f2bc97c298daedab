"""repair_text and repair_edits: the steps of a repair, in order."""

from __future__ import annotations

import gc
from collections.abc import Collection

from editor.core.repair.changes import (
    KIND_LABELS,
    NO_DAMAGE,
    Repair,
    apply_changes,
    new_change,
    new_repair,
)
from editor.core.repair.charsets import PAIR
from editor.core.repair.diagnosis import diagnose, n_characters
from editor.core.repair.evidence import plan_repairs
from editor.core.repair.fixes import Fix, fixes_from_plan
from editor.core.repair.ftfy_lines import fallback_lines, leftover_hints
from editor.core.repair.ftfy_merge import with_fallback
from editor.core.repair.layers import peel_deeper_layers
from editor.core.repair.legacy_c1 import legacy_c1_fixes
from editor.core.repair.memo import trim
from editor.core.repair.runs import Run
from editor.core.repair.single_zone import single_zone_repair
from editor.core.repair.swallowed_spaces import swallowed_space_fixes
from editor.core.repair.uniform import uniform_outputs
from editor.core.repair.zones import Key, document_zones
from editor.core.text_edit import TextEdit


def repair_text(text: str) -> Repair:
    """Diagnose which wrong decoding(s) ``text`` suffered and undo them where certain.

    A text that one charset decodes as a whole takes the uniform road; anything else is
    planned zone by zone against the evidence of the whole document (the full road).
    """
    if text.isascii():
        return new_repair(text, (), NO_DAMAGE)
    trim(len(text))
    if len(text) < _LONG or not gc.isenabled():
        return _repair(text)
    # A long document makes thousands of repairs that live until it is done, so the
    # collector would promote them and then pass over everything long-lived (the caches
    # included), a fifth of the document's time. It waits until the repair is done. Short
    # texts make too few objects for that, and are spared the process-wide switch.
    gc.disable()
    try:
        return _repair(text)
    finally:
        gc.enable()


# Characters from which a text is long enough for the collector to matter (a page).
_LONG = 4096


def _repair(text: str) -> Repair:
    zones = document_zones(text)
    if not zones and not leftover_hints(text, set()):
        # Nothing could be a sequence, and nothing is left for ftfy: the usual clean text.
        return new_repair(text, (), NO_DAMAGE)
    if len(zones) == 1:
        # Most short strings: decided once per zone.
        repair = single_zone_repair(text, *zones[0])
        if repair is not None:
            return repair
    uniform = uniform_outputs(text, zones)
    declined: list[Run] = []
    if uniform is not None:
        layers, outputs = uniform
        if not _deeper_layer(outputs):
            return _one_layer(text, zones, layers[0], outputs)
        fixes = [
            Fix(start, len(key[0]), key[0], after, layers)
            for (start, key), after in zip(zones, outputs, strict=True)
        ]
        # Zones are whole non-ASCII stretches, so no two of their repairs touch.
        fixes = peel_deeper_layers(text, fixes, isolated=True)
    else:
        plan = plan_repairs(text, zones)
        declined = plan.declined
        fixes = peel_deeper_layers(text, fixes_from_plan(text, plan))
        fixes = swallowed_space_fixes(text, fixes)
        fixes = legacy_c1_fixes(text, fixes)
    changes = [new_change(f.offset, f.length, f.before, f.after, f.kind) for f in fixes]
    repaired = apply_changes(text, changes)
    kinds = {kind for fix in fixes for kind in fix.layers}
    # ftfy gets a say where something is left for it (rarely: asked cheaply first).
    hints = leftover_hints(repaired, kinds)
    if hints or declined:
        lines = fallback_lines(text, repaired, declined, changes, hints)
        if lines:
            changes = with_fallback(text, declined, changes, lines)
            repaired = apply_changes(text, changes)
    return new_repair(repaired, tuple(changes), diagnose(text, changes, fixes, declined))


def _deeper_layer(outputs: list[str]) -> bool:
    """Whether some output could hide a further layer (it holds a possible sequence)."""
    # Joined with a character that is part of no sequence, so no pair spans two outputs.
    return PAIR.search("\0".join(outputs)) is not None


def _one_layer(text: str, zones: list[tuple[int, Key]], kind: str, outputs: list[str]) -> Repair:
    """The uniform road's repair when no output hides a further layer (the usual damaged
    text): each zone becomes its output, and the diagnosis names one wrong decoding.

    What the general steps make of it, without their bookkeeping: peeling finds nothing,
    and the diagnosis is the one label with the characters repaired.
    """
    changes = []
    pieces = []
    cursor = 0
    for (start, key), after in zip(zones, outputs, strict=True):
        zone = key[0]
        pieces.append(text[cursor:start])
        pieces.append(after)
        cursor = start + len(zone)
        changes.append(new_change(start, len(zone), zone, after, kind))
    pieces.append(text[cursor:])
    repaired = "".join(pieces)
    hints = leftover_hints(repaired, {kind})
    if hints:
        lines = fallback_lines(text, repaired, [], changes, hints)
        if lines:
            changes = with_fallback(text, [], changes, lines)
            return new_repair(
                apply_changes(text, changes), tuple(changes), diagnose(text, changes, [], [])
            )
    # Outputs are never empty: each counts its characters.
    count = sum(map(len, outputs))
    return new_repair(
        repaired, tuple(changes), f"{KIND_LABELS.get(kind, kind)}, {n_characters(count)}"
    )


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
