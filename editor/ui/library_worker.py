"""Library work off the GUI thread: scans, refreshes, checks and body indexing, one at a time.

Jobs are plain functions of a progress callback, run in order on one worker thread. Progress is
reported at most every 50 ms; results come back through a queued signal, so the window only
ever touches them on its own thread. Starting a new generation (a new library was opened)
cancels the jobs of the old one: their progress callback raises, and a late result is dropped.
"""

from __future__ import annotations

import gc
import itertools
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

ProgressCallback = Callable[[int, int], None]
JobFunction = Callable[[ProgressCallback], Any]


class Cancelled(Exception):
    """Raised inside a job whose generation is over."""


@dataclass(frozen=True)
class Job:
    id: int
    name: str
    label: str  # what the status bar says while it runs ("Scanning library")
    generation: int
    function: JobFunction


# While a job runs Python on this thread, every call Qt makes into Python on the GUI thread
# (each data() of a repaint) must first get the GIL back from the job, which by default
# holds it for up to 5 ms: a repaint of the article list could then take seconds. A short
# switch interval makes that wait a few microseconds; it costs the job nothing
# while the GUI thread is idle (nobody asks for the GIL then).
JOB_SWITCH_INTERVAL = 0.00001


class _gentle_on_the_gui:
    """Short GIL turns and no full garbage collection while a job runs.

    A full collection walks every object (a 10,000-article library has a million) with
    the GIL held. None runs during a job; at its end what the job made (the library and its
    indexes, meant to live on) is frozen out of future collections instead of walked.
    """

    def __enter__(self) -> None:
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(JOB_SWITCH_INTERVAL)
        self._collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self._collecting:
            gc.freeze()  # what the job made lives on: keep it out of future collections
            gc.enable()
        sys.setswitchinterval(self._interval)


class _Runner(QObject):
    """Lives on the worker thread and runs the jobs it is sent."""

    progress = Signal(int, str, int, int)  # job id, label, done, total
    finished = Signal(int, str, object)  # job id, name, result
    failed = Signal(int, str, str)  # job id, name, one-line message
    run_job = Signal(object)

    def __init__(self, worker: LibraryWorker) -> None:
        super().__init__()
        self._worker = worker
        self.run_job.connect(self._run)

    @Slot(object)
    def _run(self, job: Job) -> None:
        if job.generation != self._worker.generation:
            return
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            if job.generation != self._worker.generation or self._worker.closing:
                raise Cancelled
            now = time.monotonic()
            if now - last >= 0.05 or done >= total:
                last = now
                self.progress.emit(job.id, job.label, done, total)

        with _gentle_on_the_gui():
            try:
                result = job.function(report)
            except Cancelled:
                return
            except Exception as error:  # a job's failure is reported, never a crash
                self.failed.emit(job.id, job.name, f"{type(error).__name__}: {error}")
                return
        if job.generation == self._worker.generation:
            self.finished.emit(job.id, job.name, result)


class LibraryWorker(QObject):
    """Runs library jobs one at a time on its own thread and reports back on the GUI thread."""

    progress = Signal(str, int, int)  # label, done, total
    finished = Signal(str, object)  # job name, result
    failed = Signal(str, str)  # job name, message
    idle = Signal()  # no job is waiting or running

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.closing = False
        self._ids = itertools.count(1)
        self._pending: set[int] = set()
        self._lock = threading.Lock()
        self._thread = QThread()
        self._thread.setObjectName("library worker")
        self._runner = _Runner(self)
        self._runner.moveToThread(self._thread)
        self._runner.progress.connect(self._on_progress)
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)
        self._thread.start()

    def submit(self, name: str, label: str, function: JobFunction) -> int:
        """Queue ``function(progress)``; its result arrives as ``finished(name, result)``."""
        job = Job(next(self._ids), name, label, self.generation, function)
        with self._lock:
            self._pending.add(job.id)
        self._runner.run_job.emit(job)
        return job.id

    def new_generation(self) -> None:
        """Cancel every queued and running job (their results will not arrive)."""
        self.generation += 1
        with self._lock:
            self._pending.clear()
        self.idle.emit()

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def shutdown(self) -> None:
        """Stop the thread (waits for the running job to notice, at its next progress)."""
        self.closing = True
        self.new_generation()
        self._thread.quit()
        self._thread.wait()

    def _done(self, job_id: int) -> None:
        with self._lock:
            self._pending.discard(job_id)
            empty = not self._pending
        if empty:
            self.idle.emit()

    def _on_progress(self, job_id: int, label: str, done: int, total: int) -> None:
        with self._lock:
            current = job_id in self._pending
        if current:
            self.progress.emit(label, done, total)

    def _on_finished(self, job_id: int, name: str, result: object) -> None:
        with self._lock:
            current = job_id in self._pending
        self._done(job_id)
        if current:
            self.finished.emit(name, result)

    def _on_failed(self, job_id: int, name: str, message: str) -> None:
        with self._lock:
            current = job_id in self._pending
        self._done(job_id)
        if current:
            self.failed.emit(name, message)
