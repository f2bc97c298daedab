"""The live preview widget: one shell page, content pushed in as the writer types."""

from __future__ import annotations

import atexit
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QWidget

from editor.core.article import Article
from editor.core.resources import resource
from editor.ui.preview.page import SandboxedPage
from editor.ui.preview.shell import APPLICATION_SCRIPT, call, shell_html, update_call
from editor.ui.preview.worker import PreviewRenderer

_APPLICATION_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
_Callback = Callable[[Any], None]


# Every live preview, so that one still alive when the interpreter exits can be released first.
_live_views: weakref.WeakSet[PreviewView] = weakref.WeakSet()


@atexit.register
def _release_live_views() -> None:
    # A preview left for the interpreter's exit (a window closed with deleteLater that never
    # ran, as in tests) would outlive QtWebEngine: the QApplication, and with it every
    # WebEngine profile, is destroyed first ("Release of profile requested but WebEnginePage
    # still not deleted"), then deleting the page crashes. atexit runs while Qt still lives.
    for view in list(_live_views):
        if shiboken6.isValid(view):
            view._release()


def _default_stylesheet() -> str:
    try:
        return resource("preview.css").read_text(encoding="utf-8")
    except OSError:
        return ""


def _application_script() -> QWebEngineScript:
    script = QWebEngineScript()
    script.setName("article-preview")
    script.setWorldId(_APPLICATION_WORLD)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setRunsOnSubFrames(False)
    script.setSourceCode(APPLICATION_SCRIPT)
    return script


class PreviewView(QWebEngineView):
    """Shows an article as it will be published, updated in place as it changes.

    ``show_article`` only queues work: rendering runs in a background thread, and the HTML
    is pushed into the already loaded shell by a script in the application world. The page
    is never reloaded, so the scroll position and loaded images survive every update.
    """

    rendered = Signal(int)
    link_activated = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Preview")
        self.setAcceptDrops(False)
        self._stylesheet = _default_stylesheet()
        self._shell_ready = False
        self._queued_scripts: list[tuple[str, _Callback | None]] = []
        self._next_html: tuple[int, str] | None = None  # rendered (as a literal), not yet shown
        self._shown: tuple[int, str] | None = None  # what the page shows now (as a literal)
        self._updating = False  # an update script is in flight
        self._replace_all = False  # the next update replaces every block
        self._pending_scroll_line: int | None = None

        self._page = SandboxedPage(self)
        self._page.scripts().insert(_application_script())
        self._page.link_activated.connect(self.link_activated)
        self._page.loadFinished.connect(self._on_load_finished)
        self._page.renderProcessTerminated.connect(self._on_render_process_terminated)
        self.setPage(self._page)

        self._renderer = PreviewRenderer(self)
        self._renderer.html_ready.connect(self._on_html_ready)
        self._page.load_shell(shell_html(self._stylesheet))

        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self._release)
        _live_views.add(self)

    # -- public API ---------------------------------------------------------------------

    def set_stylesheet(self, css: str) -> None:
        """Apply the team stylesheet in place; the page is not reloaded."""
        self._stylesheet = css
        self._run_script(call("setStylesheet", css))

    def show_article(self, article: Article) -> None:
        """Queue a render of ``article``; returns at once."""
        self._renderer.request(article)

    def scroll_to_line(self, line: int) -> None:
        """Scroll the block of the nearest source line at or before ``line`` to the top."""
        if self._shown is None:
            self._pending_scroll_line = line  # nothing to scroll yet: do it after the first update
            return
        self._run_script(call("scrollToLine", line))

    def set_load_remote_images(self, on: bool) -> None:
        """Allow or refuse https images; what is shown is re-inserted so the choice applies."""
        self._page.interceptor.load_remote_images = on
        # Blocks kept by the in-place update would keep their (loaded or broken) images.
        # Images already in the renderer's memory cache may still show after turning off.
        self._replace_all = True
        if self._next_html is None:
            self._next_html = self._shown
        self._push()

    @property
    def blocked_requests(self) -> list[str]:
        """URLs refused by the interceptor, the shell's CSP or the navigation hook."""
        return self._page.blocked_requests

    def rendered_text(self, callback: Callable[[str], None]) -> None:
        """Call ``callback`` with the text of the article as the page shows it."""
        self._run_script(call("text"), lambda text: callback(text if isinstance(text, str) else ""))

    # -- Qt overrides ---------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # The stock menu offers Back, Reload, View Source and Save Page: all meaningless or
        # refused here. Keep what a reader needs.
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in (
            QWebEnginePage.WebAction.Copy,
            QWebEnginePage.WebAction.CopyLinkToClipboard,
            QWebEnginePage.WebAction.SelectAll,
        ):
            menu.addAction(self.pageAction(action))
        menu.popup(event.globalPos())

    # -- internals ------------------------------------------------------------------------

    def _release(self) -> None:
        # QtWebEngine releases every profile when the application object goes; a page still
        # alive then ("Release of profile requested but WebEnginePage still not deleted")
        # may crash. Delete the page, and with it its profile, while the loop still runs.
        self._renderer.shutdown()
        self._shell_ready = False  # later calls only queue: nothing is left to run them
        if shiboken6.isValid(self._page):
            shiboken6.delete(self._page)

    def _run_script(self, script: str, callback: _Callback | None = None) -> None:
        if not self._shell_ready:
            self._queued_scripts.append((script, callback))
        elif callback is None:
            self._page.runJavaScript(script, _APPLICATION_WORLD)
        else:
            self._page.runJavaScript(script, _APPLICATION_WORLD, callback)

    def _on_load_finished(self, ok: bool) -> None:
        # Refused navigations (a clicked link, a meta refresh) also end in loadFinished(False)
        # while the shell stays loaded: only a successful load changes readiness.
        if not ok or self._shell_ready:
            return
        self._shell_ready = True
        queued, self._queued_scripts = self._queued_scripts, []
        for script, callback in queued:
            self._run_script(script, callback)
        self._push()

    def _on_render_process_terminated(
        self, status: QWebEnginePage.RenderProcessTerminationStatus, exit_code: int
    ) -> None:
        # A crashed renderer takes the shell with it: load it again and show the last HTML.
        self._shell_ready = False
        self._updating = False
        if self._shown is not None and self._next_html is None:
            self._next_html = self._shown
        self._shown = None
        self._page.load_shell(shell_html(self._stylesheet))

    def _on_html_ready(self, generation: int, html: str) -> None:
        # Coalesce here too: if the page is still applying an update, only the newest HTML
        # waits for it; older ones are dropped.
        self._next_html = (generation, html)
        self._push()

    def _push(self) -> None:
        if not self._shell_ready or self._updating or self._next_html is None:
            return
        generation, html = self._next_html
        self._next_html = None
        self._updating = True
        replace_all, self._replace_all = self._replace_all, False
        self._page.runJavaScript(
            update_call(html, generation, replace_all),
            _APPLICATION_WORLD,
            partial(self._on_updated, generation, html),
        )

    def _on_updated(self, generation: int, html: str, result: object) -> None:
        # Qt answers pending scripts with an empty result while the page is being deleted,
        # possibly after this view's C++ side is gone.
        if not shiboken6.isValid(self):
            return
        self._updating = False
        if result != generation:  # the script failed: the page does not show this HTML
            self._push()
            return
        # A re-insertion of what was already shown (a policy change) is not a new render.
        is_new = self._shown is None or generation > self._shown[0]
        self._shown = (generation, html)
        if self._pending_scroll_line is not None:
            line, self._pending_scroll_line = self._pending_scroll_line, None
            self._run_script(call("scrollToLine", line))
        if is_new:
            self.rendered.emit(generation)
        self._push()
