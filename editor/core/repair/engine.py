"""repair_text and repair_edits: the steps of a repair, in order."""

from __future__ import annotations

import gc
from collections.abc import Collection

from editor.core.repair.changes import NO_DAMAGE, Repair, apply_changes, new_change
from editor.core.repair.diagnosis import diagnose
from editor.core.repair.evidence import plan_repairs
from editor.core.repair.fixes import fixes_from_plan
from editor.core.repair.ftfy_lines import fallback_lines, leftover_hints
from editor.core.repair.ftfy_merge import with_fallback
from editor.core.repair.layers import peel_deeper_layers
from editor.core.repair.legacy_c1 import legacy_c1_fixes
from editor.core.repair.runs import Run
from editor.core.repair.single_zone import single_zone_repair
from editor.core.repair.swallowed_spaces import swallowed_space_fixes
from editor.core.repair.uniform import uniform_fixes
from editor.core.repair.zones import document_zones
from editor.core.text_edit import TextEdit


def repair_text(text: str) -> Repair:
    """Diagnose which wrong decoding(s) ``text`` suffered and undo them where certain.

    A text that one charset decodes as a whole takes the uniform road; anything else is
    planned zone by zone against the evidence of the whole document (the full road).
    """
    if text.isascii():
        return Repair(text, (), NO_DAMAGE)
    if not gc.isenabled():
        return _repair(text)
    # A repair makes thousands of small objects that die young and form no cycles, while
    # its caches hold thousands that live long: the collector's passes over the latter
    # cost a document a quarter of its time. They wait until the repair is done.
    gc.disable()
    try:
        return _repair(text)
    finally:
        gc.enable()


def _repair(text: str) -> Repair:
    zones = document_zones(text)
    if not zones and not leftover_hints(text, set()):
        # Nothing could be a sequence, and nothing is left for ftfy: the usual clean text.
        return Repair(text, (), NO_DAMAGE)
    if len(zones) == 1:
        # Most short strings: decided once per zone.
        repair = single_zone_repair(text, *zones[0])
        if repair is not None:
            return repair
    uniform = uniform_fixes(text, zones)
    declined: list[Run] = []
    if uniform is not None:
        fixes = peel_deeper_layers(text, uniform)
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
    return Repair(repaired, tuple(changes), diagnose(text, changes, fixes, declined))


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
