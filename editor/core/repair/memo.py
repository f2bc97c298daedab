"""Verdict caches: plain dictionaries (``functools.cache``), emptied when they grow large.

``lru_cache`` with a bound reorders a linked list on every hit; the verdicts repeat so
often that a plain dictionary, emptied now and then, is both faster and enough. What the
caches hold is strings, numbers and tuples of them, which the garbage collector stops
tracking after its first look, so long-lived verdicts cost its passes almost nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

_Function = TypeVar("_Function", bound=Callable[..., Any])

# Entries per cache before it is emptied: far more than a long document needs, and small
# enough that a long session's memory stays bounded.
LIMIT = 50_000
# How many repairs pass between looks at the caches' sizes (the look costs a little), and
# the length of a text that may fill them alone, after which they are looked at at once.
_CHECK_EVERY = 256
_LONG_TEXT = 20_000

_caches: list[Any] = []
_calls = 0


def memo(function: _Function) -> _Function:
    """``function`` with its results remembered (its arguments must be hashable)."""
    cached = functools.cache(function)
    _caches.append(cached)
    return cached  # type: ignore[return-value]


def trim(length: int) -> None:
    """Empty any cache grown past ``LIMIT``: called before each repair, with the length of
    its text, it looks every so often, and at once after a long text."""
    global _calls
    _calls += 1
    if _calls < _CHECK_EVERY and length < _LONG_TEXT:
        return
    _calls = 0
    for cached in _caches:
        if cached.cache_info().currsize > LIMIT:
            cached.cache_clear()
