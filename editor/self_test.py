"""``article-editor --self-test``: prove headless, in one run, that this installation works.

It runs the same way from a checkout, from the PyInstaller bundle and from the installed
package: it opens a copy of the bundled seed article in a temporary folder (never writing
into the installation), checks the encoding repair and a byte-for-byte save with the core,
then opens the real main window offscreen, waits for the preview to be rendered by the web
engine, reads the rendered text back, and saves an edit and its undo through the window.
One line per check (``ok   ...`` or ``FAIL ...``); the exit code is 0 only when all pass.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from editor import __version__

SEED_NAME = "turning-setbacks-into-opportunities-interview-rejections.md"
SEED_DAMAGED_CHARACTERS = 48  # UTF-8 read as Mac Roman; see resources/samples
RENDERED_HEADING = "Key Takeaways"  # a heading deep in the seed's body
EDITED_TITLE = "Self-test title"
WAIT_SECONDS = 60  # for one thing the web engine does: a broken engine fails, never hangs
WATCHDOG_SECONDS = 240  # for the whole run, should something block outside an event loop


class Report:
    """Prints each check as it is decided and remembers whether all passed."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def ok(self, what: str) -> None:
        self.passed += 1
        print(f"ok   {what}", flush=True)

    def fail(self, what: str) -> None:
        self.failed += 1
        print(f"FAIL {what}", flush=True)

    def check(self, condition: bool, what: str, why: str) -> bool:
        if condition:
            self.ok(what)
        else:
            self.fail(f"{what}: {why}")
        return condition

    @property
    def exit_code(self) -> int:
        return 0 if self.failed == 0 and self.passed > 0 else 1


def run() -> int:
    """Run every check; 0 when all pass, 1 otherwise."""
    # A crash in Qt or Chromium then leaves every thread's Python stack in the log.
    faulthandler.enable(all_threads=True)
    _start_watchdog()
    # Headless whatever the desktop: set before any QApplication exists.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    report = Report()
    where = f"bundle in {Path(sys.executable).parent}" if _frozen() else f"source in {_checkout()}"
    print(
        f"article-editor {__version__} self-test ({where}, Python {sys.version.split()[0]})",
        flush=True,
    )
    with tempfile.TemporaryDirectory(
        prefix="article-editor-self-test-", ignore_cleanup_errors=True
    ) as folder:
        scratch = Path(folder)
        _private_user_folders(scratch)
        seed = _core_checks(report, scratch / "library")
        if seed is not None:
            try:
                _window_checks(report, seed, scratch)
            except Exception as error:  # a crash in one check must still give a verdict
                report.fail(f"window checks stopped: {type(error).__name__}: {error}")
    verdict = "passed" if report.exit_code == 0 else "FAILED"
    print(f"self-test {verdict}: {report.passed} ok, {report.failed} failed", flush=True)
    return report.exit_code


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _checkout() -> Path:
    return Path(__file__).resolve().parent.parent


def _start_watchdog() -> None:
    def expire() -> None:
        print(f"FAIL self-test did not finish within {WATCHDOG_SECONDS} s", flush=True)
        os._exit(1)

    timer = threading.Timer(WATCHDOG_SECONDS, expire)
    timer.daemon = True
    timer.start()


def _private_user_folders(scratch: Path) -> None:
    # Settings, caches and data of this run go to the temporary folder, not the user's.
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        path = scratch / "user" / variable.lower()
        path.mkdir(parents=True, exist_ok=True)
        os.environ[variable] = str(path)


# --- core: no Qt ---------------------------------------------------------------------------


def _core_checks(report: Report, library: Path) -> Path | None:
    """Copy the sample library, check repair and an unchanged save; the seed copy's path."""
    from editor.core.article import Article, ArticleError
    from editor.core.encoding import repair_text
    from editor.core.resources import resources_dir
    from editor.core.storage import StorageError, atomic_write

    samples = resources_dir() / "samples"
    if not (samples / SEED_NAME).is_file():
        report.fail(f"resources: no {SEED_NAME} in {samples}")
        return None
    shutil.copytree(samples, library)
    articles = sorted(library.glob("*.md"))
    report.ok(f"resources found in {resources_dir()} ({len(articles)} sample articles)")

    seed = library / SEED_NAME
    original = seed.read_bytes()
    try:
        article = Article.load(seed)
        title = str(article.meta.get("title", ""))
    except ArticleError as error:
        report.fail(f"seed article: {error}")
        return None
    report.ok(f'opened seed article "{title}" ({len(original)} bytes)')

    repair = repair_text(article.text)
    report.check(
        repair.count == SEED_DAMAGED_CHARACTERS and "‚Äô" not in repair.text,
        f"repair finds {repair.count} damaged characters ({repair.diagnosis})",
        f"expected {SEED_DAMAGED_CHARACTERS} and no ‚Äô left",
    )

    try:
        atomic_write(seed, Article.load(seed).to_bytes())
        saved = seed.read_bytes()
    except (ArticleError, StorageError) as error:
        report.fail(f"lossless save: {error}")
        return None
    report.check(
        saved == original,
        f"open and save without edits gives the same {len(saved)} bytes",
        f"{_first_difference(original, saved)}",
    )
    return seed


def _first_difference(before: bytes, after: bytes) -> str:
    for index, (old, new) in enumerate(zip(before, after, strict=False)):
        if old != new:
            return f"first difference at byte {index}"
    return f"length {len(before)} became {len(after)}"


# --- the window, offscreen -----------------------------------------------------------------


def _window_checks(report: Report, seed: Path, scratch: Path) -> None:
    from editor.app import _prepare_environment

    _prepare_environment()  # the Chromium sandbox off only when running as root

    from PySide6.QtCore import QSettings, QTimer, qVersion
    from PySide6.QtWidgets import QApplication

    # Imported before the QApplication exists, as QtWebEngine requires.
    from editor.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "article-editor"])
    assert isinstance(app, QApplication)
    sandbox = (
        "on" if "--no-sandbox" not in os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "") else "off"
    )
    report.ok(f"Qt {qVersion()} started ({app.platformName()} platform, web sandbox {sandbox})")

    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    outcome: list[Exception] = []

    def checks() -> None:
        try:
            window = MainWindow(seed, settings=settings)
            try:
                window.show()
                _check_window(report, window, seed)
            finally:
                window.close()
                window.deleteLater()
        except Exception as error:
            outcome.append(error)
        finally:
            app.quit()

    # Inside exec(), as in the real application: quitting then releases the web engine
    # page before the application object goes (see PreviewView._release).
    QTimer.singleShot(0, checks)
    app.exec()
    if outcome:
        raise outcome[0]


def _check_window(report: Report, window: Any, seed: Path) -> None:
    document = window.document
    if not report.check(
        document is not None and document.path == seed,
        f'window opened "{document.title if document else ""}"',
        "no article open",
    ):
        return
    _check_preview(report, window)
    _check_window_save(report, window, seed)


def _check_preview(report: Report, window: Any) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    preview = window.preview
    deadline = time.monotonic() + WAIT_SECONDS
    rendered = False
    text = ""
    # The first render may precede the team stylesheet or a re-render; read until the
    # heading shows or the time is up.
    while time.monotonic() < deadline:
        rendered = rendered or _wait(preview.rendered.connect, 0.5)
        if not rendered:
            continue
        answer: list[str] = []
        loop = QEventLoop()

        def read(value: str, answer: list[str] = answer, loop: QEventLoop = loop) -> None:
            answer.append(value)
            loop.quit()

        preview.rendered_text(read)
        if not answer:
            QTimer.singleShot(int(max(deadline - time.monotonic(), 0.1) * 1000), loop.quit)
            loop.exec()
        text = answer[0] if answer else ""
        if RENDERED_HEADING in text:
            break
    report.check(
        RENDERED_HEADING in text and "<p" not in text,
        f'preview rendered "{RENDERED_HEADING}" ({len(text)} characters read back)',
        "the web engine rendered nothing" if not rendered else f"read back {text[:80]!r}",
    )


def _wait(connect: Callable[[Callable[..., None]], object], seconds: float) -> bool:
    """Run the event loop until the signal behind ``connect`` fires or ``seconds`` pass."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    connect(done)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    return bool(fired)


def _check_window_save(report: Report, window: Any, seed: Path) -> None:
    """An edit saves only its line; undo and save give back the original bytes."""
    document = window.document
    original = seed.read_bytes()
    title_line = next(
        number for number, line in enumerate(original.splitlines(), 1) if line.startswith(b"title:")
    )
    document.apply(document.article().set_field(("title",), EDITED_TITLE))
    edited_saved = window.save()
    edited = seed.read_bytes()
    changed = [
        number
        for number, (old, new) in enumerate(
            zip(original.splitlines(), edited.splitlines(), strict=False), 1
        )
        if old != new
    ]
    document.document.undo()
    undone_saved = window.save()
    restored = seed.read_bytes()
    report.check(
        edited_saved
        and undone_saved
        and changed == [title_line]
        and EDITED_TITLE.encode() in edited
        and restored == original,
        f"window saved a title edit on line {title_line} only, and its undo byte for byte",
        f"saved={edited_saved}/{undone_saved}, changed lines {changed[:5]}, "
        f"undo restored the file: {restored == original}",
    )
