"""A text whose only non-ASCII stretch is one zone (most short strings): decided once per zone.

Everything the repair of such a text weighs is the zone itself and the kinds of its two
ASCII neighbours: the zone's reading and verdict, the layers beneath it, and the
paragraph it fills alone. So the outcome is worked out once, on a stand-in text with
neighbours of the same kinds, by the very steps a full repair takes, and then only
placed. What still depends on the rest of the text is checked on the text itself: that
no other non-ASCII character stands outside the zone, and that nothing is left for ftfy.
"""

from __future__ import annotations

from editor.core.repair.changes import KIND_LABELS, Repair, new_change, new_repair
from editor.core.repair.charsets import ANY_SEQUENCE, PAIR
from editor.core.repair.diagnosis import describe_layers, n_characters
from editor.core.repair.ftfy_lines import leftover_hints
from editor.core.repair.layers import peel_deeper_layers
from editor.core.repair.memo import memo
from editor.core.repair.uniform import uniform_fixes, uniform_latin1
from editor.core.repair.zones import Key, word_run

# A character of each kind of ASCII neighbour (see zones.ASCII_CLASS), and of none.
_STAND_IN = {"": "", "a": "a", "A": "A", "0": "0", " ": " ", ".": ".", "#": "#"}


def single_zone_repair(text: str, start: int, key: Key) -> Repair | None:
    """The repair of ``text``, whose only zone is ``key`` at ``start``; None when the text
    needs the full road after all (something outside the zone, or left for ftfy)."""
    zone = key[0]
    if len(zone) != len(text) - len(text.encode("ascii", "ignore")):
        return None  # non-ASCII characters outside the zone
    outcome = _placed_outcome(zone, key[1], key[2])
    if outcome is None:
        return None
    after, kinds, kind, diagnosis = outcome
    repaired = text[:start] + after + text[start + len(zone) :]
    if leftover_hints(repaired, kinds):
        return None
    return new_repair(repaired, (new_change(start, len(zone), zone, after, kind),), diagnosis)


@memo
def _placed_outcome(
    zone: str, left: str, right: str
) -> tuple[str, frozenset[str], str, str] | None:
    """``_outcome`` with what placing it needs worked out once: the output, the wrong
    decodings undone (as a set, for the leftover scan), the change's kind and the
    diagnosis."""
    outcome = _outcome(zone, left, right)
    if outcome is None:
        return None
    after, layers = outcome
    if len(layers) > 1:
        kind, label = "double", describe_layers(layers)
    else:
        kind = layers[0]
        label = KIND_LABELS.get(kind, kind)
    return after, frozenset(layers), kind, f"{label}, {n_characters(len(after) or 1)}"


def _word_layers(zone: str, left: str) -> tuple[str, tuple[str, ...]] | None:
    """The outcome for the usual zone, several sequences that read as a word, layer after
    layer of words: the uniform road takes it on its own evidence and peels each layer as
    a word of its own, and stops where no sequence hides in what it decoded. Found without
    building the stand-in and its fixes; None where a layer is no word (the steps decide)."""
    run = word_run(zone, left)
    if run is None:
        return None
    kind = run.charset
    layers = ["latin-1" if kind == "windows-1252" and uniform_latin1(zone) else kind]
    after = run.after
    for _ in range(2):
        if PAIR.search(after) is None or ANY_SEQUENCE.search(after) is None:
            break
        run = word_run(after, left)
        if run is None:
            return None
        kind = run.kind  # "latin-1" for a Windows-1252 run holding C1 controls
        if len(layers) < 2 or layers[-1] != kind:
            layers.append(kind)
        after = run.after
    return after, tuple(layers)


def _outcome(zone: str, left: str, right: str) -> tuple[str, tuple[str, ...]] | None:
    """What the zone becomes and the wrong decodings undone, when the uniform road takes
    it; None when it does not (the full road decides such texts). Asked once per zone
    and neighbours, by ``_placed_outcome``."""
    found = _word_layers(zone, left)
    if found is not None:
        return found
    stand_in = _STAND_IN[left] + zone + _STAND_IN[right]
    fixes = uniform_fixes(stand_in, [(len(_STAND_IN[left]), (zone, left, right, False))])
    if fixes is None:
        return None
    (fix,) = fixes
    if PAIR.search(fix.after) is None:
        return fix.after, fix.layers  # no sequence in the output: no layer beneath
    (fix,) = peel_deeper_layers(stand_in, fixes, isolated=True)
    return fix.after, fix.layers
