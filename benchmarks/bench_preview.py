"""Keystroke-to-preview latency and GUI stalls of the live preview, against a full reload."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

# Headless, and Chromium refuses to run as root unless its sandbox is off (as in the tests).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    _flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in _flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{_flags} --no-sandbox".strip()

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer, QUrl, SignalInstance
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWidgets import QApplication

from editor.core.article import Article
from editor.core.config import TeamConfig
from editor.core.render import render_article, render_page
from editor.ui.preview import PreviewView, worker

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed.md"
MEGABYTE = 1_000_000
KEYSTROKES = 30
WARM_UP = 3
STALL_SECONDS = 4.0
TIMEOUT_MS = 60_000
TYPED = "Resilience matters. " * 10


def big_article(seed: Article, markdown_only: bool, size: int = MEGABYTE) -> Article:
    """The seed's front matter and its body paragraphs repeated to at least ``size``.

    ``markdown_only`` keeps only the Markdown paragraphs (the footer): the worst case for a
    pure-Python renderer, for which the one-line Webflow HTML is a cheap raw block.
    """
    blocks = [block for block in seed.body.split("\n\n") if block.strip()]
    if markdown_only:
        blocks = [block for block in blocks if not block.lstrip().startswith("<")]
    parts: list[str] = []
    total = 0
    while total < size:
        for block in blocks:
            parts.append(block)
            total += len(block) + 2
    return seed.with_text(seed.text[: seed.body_start] + "\n\n".join(parts) + "\n")


def keystrokes(article: Article, count: int) -> Iterator[Article]:
    """The article as a writer types ``count`` characters into the middle of its body."""
    middle = article.body_start + len(article.body) // 2
    # Typing in a paragraph of its own: every keystroke changes one small block.
    at = article.text.rfind("\n\n", article.body_start, middle)
    at = middle if at < 0 else at + 2
    for typed in range(1, count + 1):
        text = TYPED[: typed % len(TYPED) + 1] + "\n\n"
        yield article.with_text(article.text[:at] + text + article.text[at:])


def wait_for(signal: SignalInstance, start: Callable[[], None]) -> None:
    """Call ``start`` and spin the event loop until ``signal`` fires."""
    loop = QEventLoop()

    def done(*_: object) -> None:
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(TIMEOUT_MS, loop.quit)
    start()
    loop.exec()
    signal.disconnect(done)


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class StallMeter:
    """Records the gaps between ticks of a 5 ms timer: how long the GUI thread was busy."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def __enter__(self) -> StallMeter:
        self.gaps.clear()
        self._clock.start()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        self.gaps.append(self._clock.nsecsElapsed() / 1e6)
        self._clock.restart()

    @property
    def worst(self) -> float:
        return max(self.gaps, default=0.0)

    @property
    def p99(self) -> float:
        return percentile(self.gaps, 99)


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@dataclass
class Row:
    article: str
    method: str
    p50: float
    p95: float
    stall: float
    note: str = ""


@dataclass
class Loop:
    article: str
    where: str
    render_ms: float
    renders: int
    meter: StallMeter


def measure_preview(view: PreviewView, article: Article) -> Row:
    """show_article() to ``rendered``, one keystroke at a time."""
    latencies: list[float] = []
    with StallMeter() as meter:
        for index, typed in enumerate(keystrokes(article, WARM_UP + KEYSTROKES)):
            started = time.perf_counter()
            wait_for(view.rendered, partial(view.show_article, typed))
            if index >= WARM_UP:
                latencies.append((time.perf_counter() - started) * 1000)
    return Row("", "", statistics.median(latencies), percentile(latencies, 95), meter.worst)


def baseline_page() -> QWebEnginePage:
    profile = QWebEngineProfile()
    page = QWebEnginePage(profile)
    profile.setParent(page)  # the profile must outlive the page
    page.settings().setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
    return page


def measure_reload(page: QWebEnginePage, article: Article, config: TeamConfig, folder: Path) -> Row:
    """The naive preview: render on the GUI thread, then reload the whole page.

    setHtml turns the page into a percent-encoded data: URL, which Chromium caps at 2 MB;
    past that a reload has to go through a file.
    """
    latencies: list[float] = []
    note = ""
    ok: list[bool] = []

    def finished(success: bool) -> None:
        # Not ok.append itself: PySide6 6.12 drops a reference when a bool signal calls a
        # builtin, and the interpreter aborts at exit ("bool_dealloc").
        ok.append(success)

    page.loadFinished.connect(finished)
    with StallMeter() as meter:
        for index, typed in enumerate(keystrokes(article, WARM_UP + KEYSTROKES)):
            started = time.perf_counter()
            html = render_page(typed, config)
            if note:
                target = folder / "page.html"
                target.write_text(html, encoding="utf-8")
                wait_for(page.loadFinished, partial(page.load, QUrl.fromLocalFile(target)))
            else:
                wait_for(page.loadFinished, partial(page.setHtml, html))
                if not ok[-1]:
                    note = "setHtml fails (page over 2 MB as a data: URL): reloads a file"
                    continue
            if index >= WARM_UP:
                latencies.append((time.perf_counter() - started) * 1000)
    page.loadFinished.disconnect(finished)
    return Row("", "", statistics.median(latencies), percentile(latencies, 95), meter.worst, note)


def measure_render_loop(view: PreviewView, article: Article) -> tuple[int, StallMeter]:
    """The GUI thread's stalls while the preview re-renders ``article`` non-stop."""
    versions = keystrokes(article, 100_000)
    running = True
    renders = 0

    def again(_generation: int = 0) -> None:
        nonlocal renders
        renders += 1
        if running:
            view.show_article(next(versions))

    view.rendered.connect(again)
    with StallMeter() as meter:
        again()
        spin(STALL_SECONDS)
        running = False
        wait_for(view.rendered, lambda: None)  # one render is always in flight: let it land
    view.rendered.disconnect(again)
    return renders - 1, meter


def render_time(article: Article) -> float:
    started = time.perf_counter()
    render_article(article)
    return (time.perf_counter() - started) * 1000


def print_tables(rows: list[Row], idle: StallMeter, loops: list[Loop], first: float) -> None:
    print()
    print("Keystroke to preview, ms (show_article() to rendered; baseline: to loadFinished)")
    header = f"{'article':<24} {'method':<30} {'p50':>8} {'p95':>8} {'worst GUI stall':>16}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.article:<24} {row.method:<30} {row.p50:>8.1f} {row.p95:>8.1f} {row.stall:>16.1f}"
        )
        if row.note:
            print(f"{'':<24}   note: {row.note}")
    print(f"first big render, including starting the render process: {first:.0f} ms")
    print()
    print(f"GUI event loop while the preview re-renders for {STALL_SECONDS:.0f} s (5 ms timer)")
    header = (
        f"{'article':<24} {'rendered in':<12} {'render_article ms':>18} {'renders':>8} "
        f"{'p99 gap ms':>11} {'worst gap ms':>13}"
    )
    print(header)
    print("-" * len(header))
    print(
        f"{'idle (reference)':<24} {'':<12} {'':>18} {'':>8} {idle.p99:>11.1f} {idle.worst:>13.1f}"
    )
    for loop in loops:
        print(
            f"{loop.article:<24} {loop.where:<12} {loop.render_ms:>18.1f} {loop.renders:>8} "
            f"{loop.meter.p99:>11.1f} {loop.meter.worst:>13.1f}"
        )


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    seed = Article.load(SEED)
    articles = {
        "seed (24 KB)": seed,
        "1 MB, seed paragraphs": big_article(seed, markdown_only=False),
        "1 MB, Markdown only": big_article(seed, markdown_only=True),
    }
    config = TeamConfig()
    view = PreviewView()
    view.resize(1000, 800)
    view.show()
    wait_for(view.rendered, lambda: view.show_article(seed))
    page = baseline_page()
    with StallMeter() as idle:
        spin(1.0)

    started = time.perf_counter()
    wait_for(view.rendered, lambda: view.show_article(articles["1 MB, Markdown only"]))
    first = (time.perf_counter() - started) * 1000

    rows: list[Row] = []
    loops: list[Loop] = []
    shipped = worker.PROCESS_THRESHOLD
    with tempfile.TemporaryDirectory() as folder:
        for name, article in articles.items():
            print(f"measuring {name} ({len(article.text) / 1000:,.0f} KB) …", file=sys.stderr)
            big = len(article.text) >= shipped
            # Big articles twice: as shipped (render process) and forced into the thread,
            # the numbers behind the choice.
            modes = (
                [("process", shipped), ("thread", sys.maxsize)] if big else [("thread", shipped)]
            )
            for where, threshold in modes:
                worker.PROCESS_THRESHOLD = threshold
                row = measure_preview(view, article)
                row.article, row.method = name, f"preview, rendered in {where}"
                rows.append(row)
                if big:
                    renders, meter = measure_render_loop(view, article)
                    loops.append(Loop(name, where, render_time(article), renders, meter))
            worker.PROCESS_THRESHOLD = shipped
            row = measure_reload(page, article, config, Path(folder))
            row.article, row.method = name, "baseline: render + reload"
            rows.append(row)

    print_tables(rows, idle, loops, first)
    # Delete the pages while the application lives: QtWebEngine releases every profile
    # when the QApplication goes, and a page alive then makes Qt warn or crash at exit.
    shiboken6.delete(view)
    shiboken6.delete(page)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
