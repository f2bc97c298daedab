"""Take the README's screenshots of the real window under Xvfb.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots.py

Opens a copy of the sample library on the seed article, waits for the preview, and saves
docs/main-window.png, docs/main-window-dark.png and docs/repair-review.png.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

DOCS = Path(__file__).resolve().parent
SAMPLES = DOCS.parent / "resources" / "samples"
SEED = "turning-setbacks-into-opportunities-interview-rejections.md"


def wait(app: QApplication, milliseconds: int) -> None:
    done = []
    QTimer.singleShot(milliseconds, lambda: done.append(True))
    while not done:
        app.processEvents()


def shoot(app: QApplication, widget: object, name: str) -> None:
    screen = app.primaryScreen()
    picture = screen.grabWindow(widget.winId())  # type: ignore[attr-defined]
    picture.save(str(DOCS / name))
    print("wrote", DOCS / name)


def main() -> int:
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    from editor.ui.main_window import MainWindow
    from editor.ui.theme import apply_theme

    with tempfile.TemporaryDirectory() as folder:
        library = Path(folder) / "samples"
        shutil.copytree(SAMPLES, library)
        for theme, name in (("light", "main-window.png"), ("dark", "main-window-dark.png")):
            os.environ["ARTICLE_EDITOR_THEME"] = theme  # as if the system were light or dark
            apply_theme(app)
            settings = QSettings(str(Path(folder) / f"{name}.ini"), QSettings.Format.IniFormat)
            window = MainWindow(library / SEED, settings=settings)
            window.resize(1580, 960)
            window.show()
            wait(app, 3500)
            shoot(app, window, name)
            if theme == "light":
                QTimer.singleShot(1500, lambda: review_shot(app))
                window.repair_banner.review()
            window.document.document.setModified(False)  # type: ignore[union-attr]
            window.close()
    return 0


def review_shot(app: QApplication) -> None:
    dialog = app.activeModalWidget()
    if isinstance(dialog, QDialog):
        shoot(app, dialog, "repair-review.png")
        dialog.reject()


if __name__ == "__main__":
    sys.exit(main())
