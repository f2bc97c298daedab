"""What a repair reports: each Change, the whole Repair, and names for the kinds of damage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NO_DAMAGE = "No encoding damage found"

# Human names for Change.kind, used in the diagnosis.
KIND_LABELS: Mapping[str, str] = {
    "mac-roman": "UTF-8 read as Mac Roman",
    "windows-1252": "UTF-8 read as Windows-1252",
    "latin-1": "UTF-8 read as Latin-1",
    "windows-1250": "UTF-8 read as Windows-1250 (Central European)",
    "windows-1251": "UTF-8 read as Windows-1251 (Cyrillic)",
    "windows-1253": "UTF-8 read as Windows-1253 (Greek)",
    "windows-1254": "UTF-8 read as Windows-1254 (Turkish)",
    "windows-1257": "UTF-8 read as Windows-1257 (Baltic)",
    "iso-8859-2": "UTF-8 read as ISO-8859-2 (Central European)",
    "cp437": "UTF-8 read as DOS code page 437",
    "double": "UTF-8 decoded wrongly more than once",
    "c1-controls": "Windows-1252 punctuation read as Latin-1 control characters",
    "mac-roman-as-latin-1": "Mac Roman letters read as Latin-1 control characters",
    "lossy": "UTF-8 read wrongly with bytes already lost (now �)",
    "mixed": "Mixed encoding damage",
}


@dataclass(frozen=True)
class Change:
    """One repaired place: ``before`` at ``offset`` (``length`` characters) becomes ``after``.

    Offsets and lengths count Python characters in the original text.
    """

    offset: int
    length: int
    before: str
    after: str
    kind: str


@dataclass(frozen=True)
class Repair:
    """The outcome of :func:`~editor.core.encoding.repair_text`.

    ``diagnosis`` is exactly :data:`NO_DAMAGE` ("No encoding damage found") when nothing was
    changed and nothing looked doubtful. Otherwise it names each wrong decoding with the
    number of characters repaired ("UTF-8 read as Mac Roman, 48 characters") and, when
    some places were left alone because the evidence was ambiguous, says so.
    """

    text: str
    changes: tuple[Change, ...]
    diagnosis: str

    @property
    def damaged(self) -> bool:
        """True when at least one change was made."""
        return bool(self.changes)

    @property
    def count(self) -> int:
        """Number of repaired characters in the result (48 for the seed article)."""
        return sum(repaired_count(change) for change in self.changes)


_new = object.__new__
_set = object.__setattr__


def new_change(offset: int, length: int, before: str, after: str, kind: str) -> Change:
    """``Change(offset, length, before, after, kind)``, built faster.

    A frozen dataclass sets each field through ``object.__setattr__``; filling the instance
    dict at once gives the same object in half the time, and a document can need
    thousands.
    """
    change: Change = _new(Change)
    _set(
        change,
        "__dict__",
        {"offset": offset, "length": length, "before": before, "after": after, "kind": kind},
    )
    return change


def new_repair(text: str, changes: tuple[Change, ...], diagnosis: str) -> Repair:
    """``Repair(text, changes, diagnosis)``, built as ``new_change`` builds a change: most
    repairs are of short strings, where the three ``__setattr__`` calls show."""
    repair: Repair = _new(Repair)
    _set(repair, "__dict__", {"text": text, "changes": changes, "diagnosis": diagnosis})
    return repair


def repaired_count(change: Change) -> int:
    # Restoring a swallowed no-break space shortens the text without adding a character.
    return max(1, len(change.after))


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """``text`` with ``changes`` (in order, never overlapping) applied."""
    pieces: list[str] = []
    cursor = 0
    for change in changes:
        pieces.append(text[cursor : change.offset])
        pieces.append(change.after)
        cursor = change.offset + change.length
    pieces.append(text[cursor:])
    return "".join(pieces)


def shifted(change: Change, delta: int) -> Change:
    """``change`` moved by ``delta`` characters."""
    return Change(change.offset + delta, change.length, change.before, change.after, change.kind)
