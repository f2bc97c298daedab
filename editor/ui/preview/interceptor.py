"""The preview's network policy: the shell, inline data and (optionally) https images only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

ResourceType = QWebEngineUrlRequestInfo.ResourceType

_FRAMES = (ResourceType.ResourceTypeMainFrame, ResourceType.ResourceTypeSubFrame)


def is_allowed(
    scheme: str, resource_type: ResourceType, *, shell_expected: bool, remote_images: bool
) -> bool:
    """Whether the preview may make this request; everything not listed here is refused.

    ``setHtml`` loads the shell as a ``data:`` main frame, so a main frame is allowed only
    while the shell load is expected; any other frame (iframes, navigations) never loads.
    """
    if resource_type in _FRAMES:
        return resource_type == ResourceType.ResourceTypeMainFrame and (
            shell_expected and scheme == "data"
        )
    if scheme == "data":
        return True
    return remote_images and scheme == "https" and resource_type == ResourceType.ResourceTypeImage


class RequestInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks and records every request the policy refuses.

    In Qt 6 ``interceptRequest`` runs on the GUI thread, so the flags need no locking.
    A CSS ``background: url(https://…)`` is an image request like ``<img>``: the interceptor
    cannot tell them apart, so "load remote images" governs both.
    """

    def __init__(self, record: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._record = record
        self._shell_expected = False
        self.load_remote_images = True

    def expect_shell(self) -> None:
        """Let the next ``data:`` main-frame request through: the shell ``setHtml`` loads."""
        self._shell_expected = True

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        resource_type = info.resourceType()
        if is_allowed(
            url.scheme(),
            resource_type,
            shell_expected=self._shell_expected,
            remote_images=self.load_remote_images,
        ):
            if resource_type == ResourceType.ResourceTypeMainFrame:
                self._shell_expected = False
            return
        info.block(True)
        self._record(url.toString())
