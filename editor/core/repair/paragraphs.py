"""Paragraph boundaries, so weak evidence is trusted only inside uniformly damaged text."""

from __future__ import annotations

import bisect
import re

_BLOCK_BREAK = re.compile(
    r"\n|</?(?:p|h[1-6]|li|ul|ol|div|blockquote|pre|td|th|tr|table|figure|figcaption|br)\b[^>]*>",
    re.IGNORECASE,
)


class Blocks:
    """Paragraph boundaries and how many non-ASCII characters each holds."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [match.end() for match in _BLOCK_BREAK.finditer(text)]
        self._non_ascii: dict[int, int] = {}

    def indexes(self, positions: list[int]) -> list[int]:
        """The block of each position."""
        starts = self._starts
        return [bisect.bisect_right(starts, pos) - 1 for pos in positions]

    def non_ascii(self, index: int) -> int:
        if index not in self._non_ascii:
            end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._text)
            block = self._text[self._starts[index] : end]
            self._non_ascii[index] = len(block) - len(block.encode("ascii", "ignore"))
        return self._non_ascii[index]
