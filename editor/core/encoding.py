"""Encoding repair: find text whose UTF-8 bytes were decoded with the wrong charset and undo it.

This is the public face; the engine lives in :mod:`editor.core.repair`, whose package
docstring explains how it works.
"""

from __future__ import annotations

from editor.core.repair.changes import KIND_LABELS, NO_DAMAGE, Change, Repair
from editor.core.repair.engine import repair_edits, repair_text
from editor.core.repair.simulate import simulate_damage

__all__ = [
    "KIND_LABELS",
    "NO_DAMAGE",
    "Change",
    "Repair",
    "repair_edits",
    "repair_text",
    "simulate_damage",
]
