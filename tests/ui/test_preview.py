"""The live preview: in-place updates, coalesced rendering, and a sandbox articles cannot leave."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QUrl
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript, QWebEngineUrlRequestInfo
from pytestqt.qtbot import QtBot

from editor.core.article import Article
from editor.ui.preview import PreviewView
from editor.ui.preview.interceptor import is_allowed
from editor.ui.preview.shell import shell_html

TIMEOUT = 20_000  # ms; the first test also starts Chromium
APPLICATION_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
ResourceType = QWebEngineUrlRequestInfo.ResourceType

HOSTILE = """---
title: Hostile
---
<p>Hostile paragraph</p>
<script>document.title='pwned'</script>
<img src=x onerror="document.title='pwned'">
<a href="javascript:alert(1)">run me</a>
<iframe src="https://example.com"></iframe>
<meta http-equiv="refresh" content="0;url=https://example.com">
<form action="https://example.com"><button>go</button></form>
<img src="http://tracker.example/pixel.gif">
<div style="background:url(https://beacon.example/x)">beacon</div>
"""


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[PreviewView]:
    preview = PreviewView()
    qtbot.addWidget(preview)
    preview.resize(800, 400)
    preview.show()
    yield preview
    # pytest-qt has closed the view and called deleteLater by now. Delete it while the
    # QApplication lives: a page left for exit outlives its profile's WebEngine context.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def seed(seed_copy: Path) -> Article:
    return Article.load(seed_copy)


def show(qtbot: QtBot, view: PreviewView, article: Article) -> int:
    with qtbot.waitSignal(view.rendered, timeout=TIMEOUT) as blocker:
        view.show_article(article)
    generation: int = blocker.args[0]
    return generation


def text_of(qtbot: QtBot, view: PreviewView) -> str:
    with qtbot.waitCallback(timeout=TIMEOUT) as callback:
        view.rendered_text(callback)
    text: str = callback.args[0]
    return text


def evaluate(qtbot: QtBot, view: PreviewView, script: str) -> Any:
    """Run ``script`` in the application world, as the preview's own scripts do."""
    with qtbot.waitCallback(timeout=TIMEOUT) as callback:
        view.page().runJavaScript(script, APPLICATION_WORLD, callback)
    return callback.args[0]


def edited(article: Article, line: str) -> Article:
    return article.with_text(article.text + f"\n{line}\n")


def test_seed_renders(qtbot: QtBot, view: PreviewView, seed: Article) -> None:
    """Ensure the seed's Webflow body and its Markdown footer both appear in the preview."""
    assert view.accessibleName() == "Preview"
    assert show(qtbot, view, seed) == 1
    text = text_of(qtbot, view)
    assert "Key Takeaways" in text
    assert "Optimize your resume instantly" in text


def test_update_keeps_the_page(qtbot: QtBot, view: PreviewView, seed: Article) -> None:
    """Ensure a second article is pushed into the loaded page instead of reloading it."""
    show(qtbot, view, seed)
    url = view.page().url()
    evaluate(qtbot, view, "window.survivesUpdates = 'kept'; 1")
    loads: list[bool] = []
    view.page().loadStarted.connect(lambda: loads.append(True))

    assert show(qtbot, view, edited(seed, "A freshly typed closing line.")) == 2

    assert "A freshly typed closing line." in text_of(qtbot, view)
    assert loads == []
    assert view.page().url() == url
    # A new document would have started a fresh application world without this variable.
    assert evaluate(qtbot, view, "window.survivesUpdates") == "kept"


def test_stylesheet_applies_in_place(qtbot: QtBot, view: PreviewView, seed: Article) -> None:
    """Ensure a new team stylesheet restyles the shown article without a reload."""
    show(qtbot, view, seed)
    loads: list[bool] = []
    view.page().loadStarted.connect(lambda: loads.append(True))

    view.set_stylesheet("#preview-article h2 { color: rgb(1, 2, 3); }")

    color = "getComputedStyle(document.querySelector('#preview-article h2')).color"
    qtbot.waitUntil(lambda: evaluate(qtbot, view, color) == "rgb(1, 2, 3)", timeout=TIMEOUT)
    assert loads == []


def test_stylesheet_cannot_close_its_element() -> None:
    """Ensure team CSS containing "</style>" stays inside the shell's style element."""
    page = shell_html("p::after { content: '</STYLE><script>alert(1)</script>'; }")
    # HTML end tags ignore case: only the shell's own closing tag may remain.
    assert page.lower().count("</style") == 1
    assert page.lower().count("</script") == 0


def test_crashed_renderer_is_recovered(qtbot: QtBot, view: PreviewView, seed: Article) -> None:
    """Ensure the shell is loaded again and the article shown after the renderer dies."""
    generation = show(qtbot, view, seed)
    evaluate(qtbot, view, "window.fromTheOldDocument = 'old'; 1")

    with qtbot.waitSignal(view.rendered, timeout=TIMEOUT) as blocker:
        view.page().renderProcessTerminated.emit(
            QWebEnginePage.RenderProcessTerminationStatus.CrashedTerminationStatus, 11
        )

    assert blocker.args == [generation]
    assert "Key Takeaways" in text_of(qtbot, view)
    assert evaluate(qtbot, view, "typeof window.fromTheOldDocument") == "undefined"


def test_burst_is_coalesced(qtbot: QtBot, view: PreviewView, seed: Article) -> None:
    """Ensure 20 quick show_article calls cost a couple of renders and show the last one."""
    show(qtbot, view, seed)
    generations: list[int] = []
    texts: list[str] = []

    def on_rendered(generation: int) -> None:
        generations.append(generation)
        view.rendered_text(lambda text: texts.append(text))

    view.rendered.connect(on_rendered)

    for number in range(20):
        view.show_article(edited(seed, f"Burst edit {number}."))

    qtbot.waitUntil(lambda: bool(texts) and "Burst edit 19." in texts[-1], timeout=TIMEOUT)
    # The first call starts a render; the other 19 replace one another while it runs.
    assert len(generations) <= 3
    assert generations == sorted(generations)
    assert "Burst edit 18." not in texts[-1]


@pytest.mark.parametrize("remote_images", [False, True])
def test_hostile_article_is_contained(qtbot: QtBot, view: PreviewView, remote_images: bool) -> None:
    """Ensure an article's scripts, refresh, frames, forms and trackers do nothing.

    With remote images on, the CSS beacon is an ordinary https image request: it is
    allowed like any <img>, so it is only expected among the blocked requests when off.
    """
    view.set_load_remote_images(remote_images)
    show(qtbot, view, Article(""))  # the shell is loaded and scripts have run once
    url = view.page().url()
    evaluate(qtbot, view, "window.survivesArticle = 'kept'; 1")
    # A refused navigation still emits loadStarted and loadFinished(False); only a
    # successful load would mean the page went somewhere.
    loads: list[bool] = []
    view.page().loadFinished.connect(lambda ok: loads.append(ok))

    show(qtbot, view, Article(HOSTILE))

    expected = ["https://example.com", "http://tracker.example/pixel.gif"]
    if not remote_images:
        expected.append("https://beacon.example/x")

    def all_blocked() -> bool:
        return all(any(u.startswith(e) for u in view.blocked_requests) for e in expected)

    qtbot.waitUntil(all_blocked, timeout=TIMEOUT)
    assert "Hostile paragraph" in text_of(qtbot, view)
    # The meta refresh never reached the document: it was removed before insertion.
    assert evaluate(qtbot, view, "document.querySelectorAll('#preview-article meta').length") == 0

    blocked = len(view.blocked_requests)
    evaluate(qtbot, view, "document.querySelector('a[href^=\"javascript:\"]').click(); 1")
    evaluate(qtbot, view, "document.querySelector('form button').click(); 1")
    # The form submission is refused (CSP form-action, then the navigation hook).
    qtbot.waitUntil(lambda: len(view.blocked_requests) > blocked, timeout=TIMEOUT)

    assert "pwned" not in view.page().title()
    assert evaluate(qtbot, view, "document.title") != "pwned"
    assert view.page().url() == url
    assert True not in loads
    assert evaluate(qtbot, view, "window.survivesArticle") == "kept"


def test_clicked_link_goes_to_the_system_browser(
    qtbot: QtBot, view: PreviewView, seed: Article
) -> None:
    """Ensure a clicked link is handed on through link_activated and the page stays put."""
    show(qtbot, view, seed)
    url = view.page().url()
    evaluate(qtbot, view, "window.survivesClicks = 'kept'; 1")
    href = evaluate(qtbot, view, "document.querySelector('#preview-article a').href")
    assert href.startswith("https://www.jobsolv.com/blog/")

    with qtbot.waitSignal(view.link_activated, timeout=TIMEOUT) as blocker:
        evaluate(qtbot, view, "document.querySelector('#preview-article a').click(); 1")

    assert blocker.args == [QUrl(href)]
    assert view.page().url() == url
    assert evaluate(qtbot, view, "window.survivesClicks") == "kept"


def test_file_link_is_refused(qtbot: QtBot, view: PreviewView) -> None:
    """Ensure a file: link is neither opened nor passed on, only recorded."""
    show(qtbot, view, Article('<p><a href="file:///etc/passwd">secrets</a></p>\n'))

    with qtbot.assertNotEmitted(view.link_activated):
        evaluate(qtbot, view, "document.querySelector('a').click(); 1")
        qtbot.waitUntil(lambda: "file:///etc/passwd" in view.blocked_requests, timeout=TIMEOUT)


def test_scroll_survives_updates(qtbot: QtBot, view: PreviewView, seed: Article) -> None:
    """Ensure scroll_to_line scrolls to the block, and the position survives an update."""
    show(qtbot, view, seed)
    heading_top = "document.querySelector('[data-source-line=\"22\"]').getBoundingClientRect().top"

    view.scroll_to_line(23)  # inside the "Optimize your resume instantly" section
    qtbot.waitUntil(lambda: abs(evaluate(qtbot, view, heading_top)) < 1, timeout=TIMEOUT)
    scrolled = evaluate(qtbot, view, "window.scrollY")
    assert scrolled > 0

    show(qtbot, view, edited(seed, "Typed at the very end."))
    assert evaluate(qtbot, view, "window.scrollY") == scrolled
    qtbot.waitUntil(lambda: view.page().scrollPosition().y() == scrolled, timeout=TIMEOUT)

    view.scroll_to_line(1)
    qtbot.waitUntil(lambda: evaluate(qtbot, view, "window.scrollY") == 0, timeout=TIMEOUT)
    view.scroll_to_line(22)
    qtbot.waitUntil(lambda: abs(evaluate(qtbot, view, heading_top)) < 1, timeout=TIMEOUT)
    view.scroll_to_line(18)  # the body's first line: the page's top, the title in view
    qtbot.waitUntil(lambda: evaluate(qtbot, view, "window.scrollY") == 0, timeout=TIMEOUT)


def test_big_article_does_not_block(qtbot: QtBot, view: PreviewView, seed: Article) -> None:
    """Ensure show_article returns at once for a 1 MB article, which still gets shown."""
    show(qtbot, view, seed)
    paragraphs = "\n\n".join(
        f"Paragraph {n} with *emphasis* and a [link](https://x.example)." for n in range(20_000)
    )
    big = seed.with_text(seed.text + "\n" + paragraphs + "\n\nThe very last paragraph.\n")
    assert len(big.text) > 1_000_000

    started = time.perf_counter()
    with qtbot.waitSignal(view.rendered, timeout=60_000):
        view.show_article(big)
        returned_after = time.perf_counter() - started

    assert returned_after < 0.05
    assert "The very last paragraph." in text_of(qtbot, view)


def test_render_process_imports_no_qt() -> None:
    """Ensure the module a render process imports loads neither Qt nor QtWebEngine."""
    script = (
        "import sys, editor.ui.preview.rendering\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


@pytest.mark.parametrize(
    ("scheme", "resource_type", "remote_images", "allowed"),
    [
        ("data", ResourceType.ResourceTypeImage, False, True),
        ("https", ResourceType.ResourceTypeImage, True, True),
        ("https", ResourceType.ResourceTypeImage, False, False),
        ("http", ResourceType.ResourceTypeImage, True, False),
        ("file", ResourceType.ResourceTypeImage, True, False),
        ("https", ResourceType.ResourceTypeScript, True, False),
        ("https", ResourceType.ResourceTypeStylesheet, True, False),
        ("https", ResourceType.ResourceTypeFontResource, True, False),
        ("https", ResourceType.ResourceTypeXhr, True, False),
        ("https", ResourceType.ResourceTypeSubFrame, True, False),
        ("data", ResourceType.ResourceTypeSubFrame, True, False),
        ("https", ResourceType.ResourceTypeMainFrame, True, False),
        ("data", ResourceType.ResourceTypeMainFrame, True, False),
    ],
)
def test_request_policy(
    scheme: str, resource_type: ResourceType, remote_images: bool, allowed: bool
) -> None:
    """Ensure only inline data and, when wanted, https images may load after the shell."""
    assert (
        is_allowed(scheme, resource_type, shell_expected=False, remote_images=remote_images)
        is allowed
    )


def test_request_policy_lets_the_shell_load() -> None:
    """Ensure the expected shell load (a data: main frame) is the one frame allowed."""
    main_frame = ResourceType.ResourceTypeMainFrame
    assert is_allowed("data", main_frame, shell_expected=True, remote_images=False)
    assert not is_allowed("https", main_frame, shell_expected=True, remote_images=True)
