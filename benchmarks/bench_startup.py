"""Start-up: the CLI against bare Python, the window against an empty Qt window, same run.

    python benchmarks/bench_startup.py [--runs 5]

"Usable window" is measured from process start to the main window shown with the seed's
fields filled (the preview keeps loading in the background); "preview ready" is when the
first render reached the page. Run offscreen (QT_QPA_PLATFORM=offscreen is set here).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "fixtures" / "seed.md"

EMPTY_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.show(); app.processEvents()
print(time.time())
"""

EDITOR_WINDOW = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from editor.ui.main_window import MainWindow
w = MainWindow(Path(sys.argv[1]), settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.show(); app.processEvents()
assert w.form.title.text().startswith("Turning Setbacks")
usable = time.time()
done = []
w.preview.rendered.connect(lambda _: done.append(time.time()))
while not done:
    app.processEvents()
print(usable, done[0])
w.document.document.setModified(False)
"""


def _timed(args: list[str]) -> list[float]:
    start = time.time()
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=os.environ).stdout
    return [float(x) - start for x in out.split()]


def _wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "lib" / SEED.name
        article.parent.mkdir()
        shutil.copy(SEED, article)
        settings = str(Path(folder) / "s.ini")
        rows = {
            "python -c pass (baseline)": [_wall([python, "-c", "pass"]) for _ in range(runs)],
            "article-editor set (no change) --stdout": [
                _wall([python, "-m", "editor", "set", str(article), "draft=true", "--stdout"])
                for _ in range(runs)
            ],
            "article-editor check FILE": [
                _wall([python, "-m", "editor", "check", str(article)]) for _ in range(runs)
            ],
            "empty Qt window shown (baseline)": [
                _timed([python, "-c", EMPTY_WINDOW])[0] for _ in range(runs)
            ],
        }
        windows = [
            _timed([python, "-c", EDITOR_WINDOW, str(article), settings]) for _ in range(runs)
        ]
        rows["editor window usable (seed open)"] = [w[0] for w in windows]
        rows["editor window, first preview rendered"] = [w[1] for w in windows]
    print(f"{'what':44} {'median s':>9} {'max s':>7}")
    for name, values in rows.items():
        print(f"{name:44} {statistics.median(values):9.3f} {max(values):7.3f}")


if __name__ == "__main__":
    main()
