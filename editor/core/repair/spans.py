"""Spans: non-overlapping spans kept sorted, with a fast overlap test."""

from __future__ import annotations

import bisect


class Spans:
    """Non-overlapping spans kept sorted, with a fast overlap test."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._starts, end)
        return index > 0 and self._ends[index - 1] > start
