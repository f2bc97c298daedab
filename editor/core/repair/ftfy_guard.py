"""What ftfy's second opinion may not do."""

from __future__ import annotations

import re
from collections.abc import Iterable

from editor.core.repair.changes import Change
from editor.core.repair.characters import fits_context, possible, reads_as_word
from editor.core.repair.charsets import LOST
from editor.core.repair.spans import Spans

_URL = re.compile(r"""\b(?:https?|ftp)://[^\s<>"']+|\b(?:href|src)=(?:"[^"]*"|'[^']*')""")


class Guard:
    """What ftfy's second opinion may not do: touch a place we protected, change ASCII
    inside a URL, or produce characters that cannot be typed or do not fit the script
    around them."""

    def __init__(self, text: str, protected: Iterable[tuple[int, int]]) -> None:
        self.text = text
        self._spans = Spans()
        for start, end in protected:
            self._spans.add(start, end)
        self._urls: Spans | None = None  # found when first needed: most lines never ask

    def refuses(self, change: Change, left: str, right: str) -> bool:
        """``left`` and ``right`` are the neighbours in ftfy's version of the line."""
        end = change.offset + change.length
        if self._spans.overlaps(change.offset, end + (change.length == 0)):
            return True
        touches_ascii = any(ch.isascii() for ch in change.before)
        if touches_ascii and self._url_spans().overlaps(change.offset, end):
            return True
        after = change.after.replace(LOST, "")
        if not after:
            return False
        if not all(possible(ch) and not "\x80" <= ch <= "\x9f" for ch in after):
            return True
        return not (reads_as_word(after) and fits_context(after, left, right))

    def _url_spans(self) -> Spans:
        if self._urls is None:
            self._urls = Spans()
            for match in _URL.finditer(self.text):
                self._urls.add(*match.span())
        return self._urls
