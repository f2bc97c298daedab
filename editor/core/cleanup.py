"""Webflow clean-up: leftovers of Webflow's HTML export that carry no content."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from editor.core.text_edit import TextEdit

# Kinds of debris, with the words a writer sees in a review list.
CLEANUP_LABELS = {
    "empty-id": 'empty id="" attribute',
    "empty-paragraph": "paragraph holding only an invisible character",
    "stray-joiner": "zero-width joiner left at the edge of a paragraph or link",
}


@dataclass(frozen=True)
class CleanupChange:
    """Remove or replace ``before`` at ``offset`` (``length`` characters) with ``after``."""

    offset: int
    length: int
    before: str
    after: str
    kind: str


# Webflow writes a zero-width joiner or no-break space into paragraphs it wants to keep
# "empty", as a character or as an HTML entity; either way the paragraph shows nothing.
_INVISIBLE = r"(?:\u200d|\u00a0|&zwj;|&#8205;|&#x200[dD];|&nbsp;|&#160;|&#x[aA]0;)"
_EMPTY_PARAGRAPH = re.compile(rf"<p\b[^<>]*>[ \t]*(?:{_INVISIBLE}[ \t]*)+</p>", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_EMPTY_ID = re.compile(r'\s+id=(?:""|\'\')')
# A joiner only joins when it sits between two visible characters (as inside 👨‍👩‍👧);
# next to markup it joins nothing.
_STRAY_JOINER = re.compile(r"\u200d+(?=</(?:p|a|li|h[1-6]|strong|em|span)>)|(?<=>)\u200d+(?=<)")


def find_webflow_debris(text: str) -> tuple[CleanupChange, ...]:
    """Every piece of Webflow debris in ``text``, in order, never overlapping."""
    paragraphs = list(_empty_paragraphs(text))
    taken = [(change.offset, change.offset + change.length) for change in paragraphs]
    others = [
        change
        for change in _chain(_empty_ids(text), _stray_joiners(text))
        if not any(start <= change.offset < end for start, end in taken)
    ]
    return tuple(sorted(paragraphs + others, key=lambda change: change.offset))


def _chain(*groups: Iterable[CleanupChange]) -> Iterator[CleanupChange]:
    for group in groups:
        yield from group


def _empty_paragraphs(text: str) -> Iterator[CleanupChange]:
    for match in _EMPTY_PARAGRAPH.finditer(text):
        yield CleanupChange(match.start(), len(match.group()), match.group(), "", "empty-paragraph")


def _empty_ids(text: str) -> Iterator[CleanupChange]:
    # Only inside tags: prose or code samples that mention id="" stay as written.
    for tag in _TAG.finditer(text):
        for match in _EMPTY_ID.finditer(tag.group()):
            offset = tag.start() + match.start()
            yield CleanupChange(offset, len(match.group()), match.group(), "", "empty-id")


def _stray_joiners(text: str) -> Iterator[CleanupChange]:
    for match in _STRAY_JOINER.finditer(text):
        yield CleanupChange(match.start(), len(match.group()), match.group(), "", "stray-joiner")


def cleanup_edits(
    changes: Sequence[CleanupChange], accepted: Collection[int] | None = None
) -> list[TextEdit]:
    """Text edits for all ``changes``, or only those whose index is in ``accepted``."""
    return [
        TextEdit(change.offset, change.offset + change.length, change.after)
        for index, change in enumerate(changes)
        if accepted is None or index in accepted
    ]


def describe(changes: Sequence[CleanupChange]) -> str:
    """A one-line summary for the writer, e.g. "3 empty id="" attributes"."""
    if not changes:
        return "No Webflow debris found"
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    parts = [f"{n} × {CLEANUP_LABELS[kind]}" for kind, n in counts.items()]
    return "; ".join(parts)
