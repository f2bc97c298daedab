"""TextEdit: the one currency of change between the core and its callers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class TextEdit:
    """Replace ``text[start:end]`` with ``replacement``.

    Offsets count Python characters (code points) in the article's decoded text.
    Every core operation returns a list of these instead of new text, so the
    caller decides how to apply them (the GUI puts them on its undo stack).
    """

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """Return ``text`` with non-overlapping ``edits`` applied (in any order)."""
    ordered = sorted(edits)
    pieces: list[str] = []
    cursor = 0
    for edit in ordered:
        if edit.start < cursor:
            raise ValueError(f"overlapping edits at {edit.start}")
        if edit.end > len(text):
            raise ValueError(f"edit {edit.start}..{edit.end} beyond text of {len(text)}")
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def minimal_edit(text: str, start: int, end: int, replacement: str) -> TextEdit | None:
    """Shrink a replacement of ``text[start:end]`` to the part that really differs.

    Returns None when the replacement changes nothing. Trimming the common prefix
    and suffix keeps undo steps and cursor moves as small as the change itself.
    """
    old = text[start:end]
    if old == replacement:
        return None
    prefix = 0
    limit = min(len(old), len(replacement))
    while prefix < limit and old[prefix] == replacement[prefix]:
        prefix += 1
    suffix = 0
    limit -= prefix
    while suffix < limit and old[-1 - suffix] == replacement[-1 - suffix]:
        suffix += 1
    return TextEdit(start + prefix, end - suffix, replacement[prefix : len(replacement) - suffix])
