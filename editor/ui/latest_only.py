"""Work on the open article run off the GUI thread, newest request only.

A very large article's check takes seconds; it must neither freeze the window nor queue
behind library jobs (a scan, a library check) on the library worker. Requests that arrive
while one runs replace each other: only the newest text is worth checking next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class LatestOnly(QObject):
    """Runs the newest of the functions it is given, one at a time, on a thread of its own."""

    finished = Signal(object)  # the function's result, delivered on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._next: Callable[[], object] | None = None
        self._running = False

    def request(self, function: Callable[[], object]) -> None:
        with self._lock:
            self._next = function
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="article check", daemon=True).start()

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    def _run(self) -> None:
        while True:
            with self._lock:
                function, self._next = self._next, None
                if function is None:
                    self._running = False
                    return
            self.finished.emit(function())  # queued to the GUI thread: self lives there
