"""A sandboxed web page: no article scripts, no navigation, no windows, no stray requests."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEnginePermission,
    QWebEngineProfile,
    QWebEngineSettings,
)

from editor.ui.preview.interceptor import RequestInterceptor

log = logging.getLogger(__name__)

# Schemes a clicked link may hand to the system browser; a file: or custom-scheme link in an
# article could otherwise start a local program through QDesktopServices.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# Chromium reports what the shell's CSP refused only on the console, e.g.
# "Refused to frame 'https://example.com/' because it violates the following Content
# Security Policy directive: …". These requests never reach the interceptor.
_CSP_REFUSAL = re.compile(r"^Refused to [^']*'([^']+)' because it violates .*Content Security")

_WebAttribute = QWebEngineSettings.WebAttribute

# Only the application world runs JavaScript; everything that could reach out, store data
# or open windows on the article's behalf is off.
_SETTINGS: dict[QWebEngineSettings.WebAttribute, bool] = {
    _WebAttribute.JavascriptEnabled: False,
    _WebAttribute.JavascriptCanOpenWindows: False,
    _WebAttribute.JavascriptCanAccessClipboard: False,
    _WebAttribute.JavascriptCanPaste: False,
    _WebAttribute.AllowWindowActivationFromJavaScript: False,
    _WebAttribute.LocalContentCanAccessRemoteUrls: False,
    _WebAttribute.LocalContentCanAccessFileUrls: False,
    _WebAttribute.LocalStorageEnabled: False,
    _WebAttribute.PluginsEnabled: False,
    _WebAttribute.PdfViewerEnabled: False,
    _WebAttribute.HyperlinkAuditingEnabled: False,
    _WebAttribute.DnsPrefetchEnabled: False,
    _WebAttribute.AllowRunningInsecureContent: False,
    _WebAttribute.AllowGeolocationOnInsecureOrigins: False,
    _WebAttribute.ScreenCaptureEnabled: False,
    _WebAttribute.WebGLEnabled: False,
    _WebAttribute.WebRTCPublicInterfacesOnly: True,
    _WebAttribute.PlaybackRequiresUserGesture: True,
    _WebAttribute.NavigateOnDropEnabled: False,
    _WebAttribute.FocusOnNavigationEnabled: False,
    _WebAttribute.AutoLoadIconsForPage: False,
    _WebAttribute.TouchIconsEnabled: False,
    _WebAttribute.ReadingFromCanvasEnabled: False,
}


def _deny(permission: QWebEnginePermission) -> None:
    # With JavaScript off nothing should ask; should anything, the answer is no.
    permission.deny()


def _private_profile() -> QWebEngineProfile:
    # No storage name: off the record, so nothing an article loads reaches the disk and no
    # cookie or cache is shared with any other web view in the application.
    profile = QWebEngineProfile()
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(
        QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
    )
    profile.setSpellCheckEnabled(False)
    profile.setPushServiceEnabled(False)
    return profile


class SandboxedPage(QWebEnginePage):
    """The preview's page on a profile of its own, with a request interceptor.

    It loads one document, the shell, and refuses every later navigation; a clicked
    http(s)/mailto link becomes ``link_activated`` for the application to open elsewhere.
    """

    link_activated = Signal(QUrl)

    def __init__(self, parent: QObject | None = None) -> None:
        profile = _private_profile()
        super().__init__(profile, parent)
        # A profile must outlive its pages (else Qt warns "Release of profile requested but
        # WebEnginePage still not deleted"). As the page's child it is deleted right after
        # the page's own destructor has run, whoever deletes the page.
        profile.setParent(self)
        # Insertion-ordered and without repeats: every re-render of a block re-requests its
        # images, and a long editing session must not grow this without bound.
        self._blocked: dict[str, None] = {}
        self._shell_expected = False
        self.interceptor = RequestInterceptor(self._record, profile)
        profile.setUrlRequestInterceptor(self.interceptor)
        for attribute, on in _SETTINGS.items():
            self.settings().setAttribute(attribute, on)
        self.permissionRequested.connect(_deny)
        self.newWindowRequested.connect(self._on_new_window_requested)

    @property
    def blocked_requests(self) -> list[str]:
        return list(self._blocked)

    def _record(self, url: str) -> None:
        self._blocked[url] = None

    def load_shell(self, html: str) -> None:
        """Load the shell document: the one navigation this page ever accepts."""
        self._shell_expected = True
        self.interceptor.expect_shell()
        # No base URL: relative URLs in an article then resolve to nothing and load nothing.
        self.setHtml(html, QUrl())

    def acceptNavigationRequest(
        self, url: QUrl | str, type: QWebEnginePage.NavigationType, isMainFrame: bool
    ) -> bool:
        url = QUrl(url)
        if self._shell_expected and isMainFrame and url.scheme() == "data":
            self._shell_expected = False
            return True
        # Main-world JavaScript is off, so a "link clicked" navigation comes from a person.
        if (
            type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked
            and isMainFrame
            and url.scheme() in LINK_SCHEMES
        ):
            self.link_activated.emit(url)
            return False
        # Meta refreshes, form submissions, file: links and anything else: refuse and record.
        self._record(url.toString())
        return False

    def createWindow(  # type: ignore[override]  # Qt documents nullptr as "no window"
        self, type: QWebEnginePage.WebWindowType
    ) -> QWebEnginePage | None:
        # No popups or new windows; a person's ctrl- or middle-click still reaches
        # newWindowRequested below and becomes an ordinary activated link.
        return None

    def _on_new_window_requested(self, request: QWebEngineNewWindowRequest) -> None:
        url = request.requestedUrl()
        if request.isUserInitiated() and url.scheme() in LINK_SCHEMES:
            self.link_activated.emit(url)
        else:
            self._record(url.toString())

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        lineNumber: int,
        sourceID: str,
    ) -> None:
        # Not printed to stderr (the default): an article's markup would fill the log.
        refusal = _CSP_REFUSAL.match(message)
        if refusal:
            self._record(refusal.group(1))
        else:
            log.debug("preview console: %s", message)
