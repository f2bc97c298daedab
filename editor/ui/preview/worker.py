"""Rendering off the GUI thread, coalesced so a burst of keystrokes costs one more render."""

from __future__ import annotations

import html
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, QThread, Signal, Slot

from editor.core.article import Article
from editor.ui.preview.rendering import as_literal, preview_html, preview_literal_of_text

log = logging.getLogger(__name__)

# Articles at least this long (in characters) render in a separate process. A render thread
# is not enough for them: markdown-it-py is pure Python, so the render shares the GIL with
# the GUI thread, and the cyclic garbage collector, walking the parser's many tokens, stops
# every thread at once. Measured on 1 MB of Markdown: GUI stalls of 60-120 ms in a thread,
# about 20 ms at 400 KB (benchmarks/bench_preview.py). Below it, a thread costs nothing extra.
PROCESS_THRESHOLD = 256 * 1024


class _RenderProcess:
    """One spawned render process shared by every preview, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def render(self, article: Article) -> str:
        with self._lock:
            if self._executor is None:
                # spawn, never fork: forking a process that runs Chromium and Qt threads
                # copies locks held by other threads.
                self._executor = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
            executor = self._executor
        try:
            return executor.submit(preview_literal_of_text, article.text, article.path).result()
        except BrokenProcessPool:
            log.warning("the render process died; rendering in a thread this time")
            with self._lock:
                if self._executor is executor:
                    self._executor = None
            return as_literal(preview_html(article))


_render_process = _RenderProcess()


class _RenderJob(QObject):
    """Lives in the render thread; renders whatever it is handed."""

    finished = Signal(int, str)

    @Slot(int, object)
    def render(self, generation: int, article: Article) -> None:
        try:
            if len(article.text) >= PROCESS_THRESHOLD:
                result = _render_process.render(article)
            else:
                result = as_literal(preview_html(article))
        except Exception as error:  # a renderer bug must not leave the preview waiting forever
            log.exception("rendering the preview failed")
            result = as_literal(f'<p class="preview-error">{html.escape(repr(error))}</p>')
        self.finished.emit(generation, result)


def _stop(thread: QThread) -> None:
    thread.quit()
    thread.wait()


class PreviewRenderer(QObject):
    """Renders articles in one background thread, at most one at a time.

    While a render runs, further requests only replace the pending article ("render again",
    as ghostwriter does): when it finishes, one more render of the latest article starts.
    Results arrive on the GUI thread as ``html_ready(generation, literal)``: the HTML as a
    JavaScript string literal, ready to go into the page's update script.
    """

    html_ready = Signal(int, str)
    _render_requested = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._busy = False
        self._pending: Article | None = None
        self._thread = QThread(self)
        self._thread.setObjectName("preview-render")
        self._job = _RenderJob()
        self._job.moveToThread(self._thread)
        self._render_requested.connect(self._job.render)
        self._job.finished.connect(self._on_finished)
        self._thread.start()
        # A running QThread must not be destroyed: stop it as soon as this object starts to
        # go (destroyed is emitted before the children, the thread among them, are deleted).
        thread = self._thread
        self.destroyed.connect(lambda: _stop(thread))

    @property
    def generation(self) -> int:
        """How many renders have been started."""
        return self._generation

    def request(self, article: Article) -> None:
        self._pending = article
        if not self._busy:
            self._start()

    def shutdown(self) -> None:
        """Stop the render thread once the render in progress, if any, is done."""
        self._pending = None
        _stop(self._thread)

    def _start(self) -> None:
        article, self._pending = self._pending, None
        if article is None:
            return
        self._busy = True
        self._generation += 1
        self._render_requested.emit(self._generation, article)

    @Slot(int, str)
    def _on_finished(self, generation: int, result: str) -> None:
        self._busy = False
        self.html_ready.emit(generation, result)
        self._start()
