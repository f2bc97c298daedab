"""Start the application: QApplication set-up and the main window, nothing else."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _prepare_environment() -> None:
    """Chromium refuses to run as root with its sandbox: turn it off only in that case."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(
        prog="article-editor",
        description="Open the editor on a library folder or an article. "
        "Commands: check, set, footer, render, fix (see article-editor COMMAND --help).",
    )
    parser.add_argument("path", nargs="?", type=Path, help="a folder of articles or one article")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check headless that this installation works (preview, repair, saving); "
        "exit 0 when every check passes",
    )
    options = parser.parse_args(list(argv))
    if options.self_test:
        from editor.self_test import run

        return run()
    if options.path is not None and not options.path.exists():
        print(f"article-editor: {options.path}: no such file or folder", file=sys.stderr)
        return 2
    _prepare_environment()

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from editor import __version__
    from editor.core.resources import resource
    from editor.ui.main_window import APP_NAME, ORGANIZATION, MainWindow
    from editor.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("article-editor")
    app.setWindowIcon(QIcon(str(resource("icons/article-editor.svg"))))
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    window = MainWindow(options.path)
    window.show()
    return app.exec()
