"""Reading many files with worker processes, when that is faster than one process.

Measured on the 10,000-article benchmark: worker processes pay for themselves from about two
thousand files; below that, start-up costs more than it saves. Workers are forked, so only
where fork is safe and cheap: Linux, from a process with a single thread (the command line).
A program with threads (the window) reads in one process: a spawned worker would re-run the
program's main module, which in a frozen app or an unguarded script starts the app again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PARALLEL_MINIMUM = 2000  # fewer items than this: one process is faster
MAX_PROCESSES = 4
CHUNK = 250

Item = TypeVar("Item")
Result = TypeVar("Result")


def processes_for(count: int, workers: int | None) -> int:
    """How many processes to use for ``count`` items (``workers`` given: at most that many)."""
    if not _may_fork():
        return 1
    if workers is not None:
        return max(1, workers)
    if count < PARALLEL_MINIMUM:
        return 1
    return min(os.cpu_count() or 1, MAX_PROCESSES)


def _may_fork() -> bool:
    return (
        sys.platform == "linux"
        and not getattr(sys, "frozen", False)
        and threading.active_count() == 1
        and threading.current_thread() is threading.main_thread()
    )


def map_chunks(
    function: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    processes: int,
    chunk: int = CHUNK,
) -> Iterator[tuple[Sequence[Item], list[Result]]]:
    """``(chunk, function(chunk))`` for consecutive chunks of ``items``, in order.

    ``function`` must be a module-level function (it is sent to the workers by name). With
    one process, or when workers cannot start, the chunks run here, one by one.
    """
    chunks = [items[start : start + chunk] for start in range(0, len(items), chunk)]
    executor = _executor(processes) if processes > 1 and len(chunks) > 1 else None
    if executor is None:
        for part in chunks:
            yield part, function(part)
        return
    try:
        yield from zip(chunks, executor.map(function, chunks), strict=True)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _executor(processes: int) -> ProcessPoolExecutor | None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not _may_fork():
        return None
    try:
        return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ValueError):
        return None


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while reading thousands of files.

    Reading an article makes hundreds of short-lived containers; each few hundred start a
    collection that walks every young object, the summaries already kept among them, and
    every so often the whole heap: a sixth of a cold scan. The summaries hold no cycles.
    Pauses nest across threads; the collector runs again when the last one ends.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
