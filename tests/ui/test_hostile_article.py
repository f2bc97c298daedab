"""A hostile article opened in the real window: its scripts cannot change the page or leave it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from pytestqt.qtbot import QtBot

from editor.ui.main_window import MainWindow

HOSTILE = """---
title: A perfectly normal article
slug: perfectly-normal
---
<p id="">Read me.</p>
<script>document.title = 'pwned'; location.href = 'https://evil.example/';</script>
<img src="x" onerror="document.title='pwned'; window.location='https://evil.example/'">
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<a id="go" href="javascript:document.title='pwned'">click</a>
<iframe src="https://evil.example/frame"></iframe>
<object data="file:///etc/passwd"></object>
<form action="https://evil.example/post"><input name="q"><button>send</button></form>
<a href="file:///etc/passwd">local file</a>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
"""


def test_hostile_article_runs_nothing_and_goes_nowhere(qtbot: QtBot, tmp_path: Path) -> None:
    """Ensure the article's scripts neither retitle the page nor navigate it, in MainWindow."""
    path = tmp_path / "library" / "perfectly-normal.md"
    path.parent.mkdir()
    path.write_text(HOSTILE, encoding="utf-8")
    window = MainWindow(
        path, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    page = window.preview.page()
    texts: list[str] = []

    def rendered_now() -> bool:
        window.preview.rendered_text(texts.append)
        return any("Read me." in text for text in texts)

    qtbot.waitUntil(rendered_now, timeout=20000)
    shell_url = page.url()
    titles: list[str] = []
    page.runJavaScript("document.title", 0, titles.append)
    qtbot.waitUntil(lambda: bool(titles), timeout=10000)
    qtbot.wait(500)  # let any timer- or load-driven script have its chance
    assert "pwned" not in page.title() and "pwned" not in titles[0]
    assert page.url() == shell_url
    assert "evil.example" not in page.url().toString()
    assert any("evil.example" in url for url in window.preview.blocked_requests)
    window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
