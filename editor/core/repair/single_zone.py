"""A text whose only non-ASCII stretch is one zone (most short strings): decided once per zone.

Everything the repair of such a text weighs is the zone itself and the kinds of its two
ASCII neighbours: the zone's reading and verdict, the layers beneath it, and the
paragraph it fills alone. So the outcome is worked out once, on a stand-in text with
neighbours of the same kinds, by the very steps a full repair takes, and then only
placed. What still depends on the rest of the text is checked on the text itself: that
no other non-ASCII character stands outside the zone, and that nothing is left for ftfy.
"""

from __future__ import annotations

from functools import lru_cache

from editor.core.repair.changes import KIND_LABELS, Repair, new_change
from editor.core.repair.diagnosis import describe_layers, n_characters
from editor.core.repair.ftfy_lines import leftover_hints
from editor.core.repair.layers import peel_deeper_layers
from editor.core.repair.uniform import uniform_fixes
from editor.core.repair.zones import Key

# A character of each kind of ASCII neighbour (see zones.ASCII_CLASS), and of none.
_STAND_IN = {"": "", "a": "a", "A": "A", "0": "0", " ": " ", ".": ".", "#": "#"}


def single_zone_repair(text: str, start: int, key: Key) -> Repair | None:
    """The repair of ``text``, whose only zone is ``key`` at ``start``; None when the text
    needs the full road after all (something outside the zone, or left for ftfy)."""
    zone = key[0]
    if len(zone) != len(text) - len(text.encode("ascii", "ignore")):
        return None  # non-ASCII characters outside the zone
    outcome = _outcome(zone, key[1], key[2])
    if outcome is None:
        return None
    after, layers = outcome
    end = start + len(zone)
    repaired = text[:start] + after + text[end:]
    if leftover_hints(repaired, set(layers)):
        return None
    if len(layers) > 1:
        kind, label = "double", describe_layers(layers)
    else:
        kind = layers[0]
        label = KIND_LABELS.get(kind, kind)
    change = new_change(start, len(zone), zone, after, kind)
    return Repair(repaired, (change,), f"{label}, {n_characters(len(after) or 1)}")


@lru_cache(maxsize=16384)
def _outcome(zone: str, left: str, right: str) -> tuple[str, tuple[str, ...]] | None:
    """What the zone becomes and the wrong decodings undone, when the uniform road takes
    it; None when it does not (the full road decides such texts)."""
    stand_in = _STAND_IN[left] + zone + _STAND_IN[right]
    fixes = uniform_fixes(stand_in, [(len(_STAND_IN[left]), (zone, left, right, False))])
    if fixes is None:
        return None
    (fix,) = peel_deeper_layers(stand_in, fixes)
    return fix.after, fix.layers
