"""A very large article in the window, against a bare Qt text editor on the same text.

    python benchmarks/bench_large_article.py [--megabytes 50] [--runs 2]

The article is the seed's body, one paragraph to a line, repeated to the size asked for
(about 220,000 links, all to articles missing from its one-article library: a worst case
for the link check). Each run is a fresh process, offscreen. Measured:

- open: from creating the window to it shown with the title field filled; the baseline is a
  bare QPlainTextEdit given the same text and shown (Qt's own floor for a text this big);
- the longest event-loop stall (a 5 ms timer's worst gap) in the 10 s after opening, while
  the window counts words, checks the article on its worker thread and shows the problems;
- when the article's problems are shown (first few, then a count), from opening;
- one keystroke in the title field (the front matter rewritten), and two in the body at its
  end (the first marks the document modified), each until the event loop is idle again;
  the baseline types into the bare editor;
- the longest stall in the 5 s after typing (the settle: word count, check);
- Save, and that the file on disk then differs from the original only where typed;
- then 20 keystrokes in the middle of the longest line (p50 and p95), as in the bare editor.

``--shape`` chooses how the body is laid out in lines (see SHAPES): Qt lays out a whole
line again at each keystroke, so the longest line decides what typing costs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "fixtures" / "seed.md"

COMMON = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])

def longest_stall(seconds, watch=None):
    # the worst gap of a 5 ms timer; and when watch() first held, if given
    gaps, last, seen = [0.0], [time.perf_counter()], [None]
    def tick():
        now = time.perf_counter(); gaps.append(now - last[0]); last[0] = now
        if watch is not None and seen[0] is None and watch():
            seen[0] = now
    timer = QTimer(); timer.timeout.connect(tick); timer.start(5)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
    timer.stop()
    return max(gaps) if watch is None else (max(gaps), seen[0])

def timed(action):
    start = time.perf_counter(); action(); app.processEvents()
    return time.perf_counter() - start

def typing_in_longest_line(editor, keys=20):
    document = editor.document()
    block = max((document.findBlockByNumber(n) for n in range(document.blockCount())),
                key=lambda b: b.length())
    cursor = editor.textCursor(); cursor.setPosition(block.position() + block.length() // 2)
    editor.setTextCursor(cursor); editor.setFocus()
    times = sorted(timed(lambda: QTest.keyClick(editor, Qt.Key.Key_A)) for _ in range(keys))
    return {"typing p50": times[len(times) // 2], "typing p95": times[int(len(times) * 0.95)],
            "longest line": block.length()}
"""

BARE = (
    COMMON
    + """
from PySide6.QtWidgets import QPlainTextEdit
text = Path(sys.argv[1]).read_text(encoding="utf-8")
start = time.perf_counter()
editor = QPlainTextEdit(); editor.setPlainText(text); editor.resize(1200, 800); editor.show()
app.processEvents()
result = {"open": time.perf_counter() - start, "stall after open": longest_stall(3)}
editor.setFocus(); editor.moveCursor(editor.textCursor().MoveOperation.End)
result["first body key"] = timed(lambda: QTest.keyClick(editor, Qt.Key.Key_X))
result["body key"] = timed(lambda: QTest.keyClick(editor, Qt.Key.Key_X))
result.update(typing_in_longest_line(editor))
print(json.dumps(result))
"""
)

WINDOW = (
    COMMON
    + """
from PySide6.QtCore import QSettings
from editor.ui.main_window import MainWindow
path = Path(sys.argv[1]); original = path.read_bytes()
start = time.perf_counter()
window = MainWindow(path, settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1400, 900); window.show(); app.processEvents()
assert window.form.title.text() == "Huge"
result = {"open": time.perf_counter() - start}
label = window.form.link_problems
result["stall after open"], shown = longest_stall(10, lambda: label.isVisible())
while shown is None and time.perf_counter() - start < 120:
    app.processEvents()
    shown = time.perf_counter() if label.isVisible() else None
result["problems shown"] = shown - start
window.form.title.setFocus(); window.form.title.end(False)
result["title key"] = timed(lambda: QTest.keyClick(window.form.title, Qt.Key.Key_X))
window.editor.setFocus(); window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
result["first body key"] = timed(lambda: QTest.keyClick(window.editor, Qt.Key.Key_Y))
result["body key"] = timed(lambda: QTest.keyClick(window.editor, Qt.Key.Key_Z))
result["stall after typing"] = longest_stall(5)
result["save"] = timed(window.save)
saved = path.read_bytes()
expected = original.replace(b"title: Huge", b"title: Hugex", 1) + b"yz"
result["saved as typed"] = saved == expected
result.update(typing_in_longest_line(window.editor))
window.document.document.setModified(False)
print(json.dumps(result))
window.close()
"""
)


SHAPES = {
    "paragraphs": "one paragraph to a line",
    "webflow": "as Webflow writes it, as in the seed: each copy's HTML on one 22 KB line",
    "one-line": "all of the HTML on a single line",
}


def build(folder: Path, megabytes: int, shape: str) -> Path:
    seed = SEED.read_text(encoding="utf-8")
    body = seed.split("\n---\n", 1)[1]  # all after the front matter, footer included
    if shape == "paragraphs":
        body = body.replace("</p>", "</p>\n")
    elif shape == "one-line":
        body = body.replace("\n", " ")
    copies = megabytes * 1_000_000 // len(body.encode()) + 1
    path = folder / "library" / "huge.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: Huge\nslug: huge\n---\n" + body * copies, encoding="utf-8")
    return path


def run(script: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
        timeout=900,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--shape", choices=SHAPES, default="paragraphs")
    options = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    with tempfile.TemporaryDirectory() as folder:
        original = build(Path(folder), options.megabytes, options.shape)
        size = original.stat().st_size / 1e6
        bare, ours = [], []
        for number in range(options.runs):
            path = original.with_name(f"huge-{number}.md")
            path.write_bytes(original.read_bytes())
            bare.append(run(BARE, str(path)))
            ours.append(run(WINDOW, str(path), str(Path(folder) / f"settings-{number}.ini")))
            path.unlink()
    longest = ours[0]["longest line"]
    print(f"article: {size:.1f} MB, {SHAPES[options.shape]} (longest line {longest:,} characters)")
    print(f"median of {options.runs} runs, a fresh process each\n")
    print("| what | ours | bare QPlainTextEdit | ratio |")
    print("|---|---|---|---|")
    keys = ("open", "stall after open", "problems shown", "title key", "first body key")
    for key in (*keys, "body key", "typing p50", "typing p95", "stall after typing", "save"):
        value = statistics.median(r[key] for r in ours)
        base = [r[key] for r in bare if key in r]
        if base:
            floor = statistics.median(base)
            print(f"| {key} | {value:.3f} s | {floor:.3f} s | {value / floor:.2f}× |")
        else:
            print(f"| {key} | {value:.3f} s | | |")
    print(f"saved file differs only where typed: {all(r['saved as typed'] for r in ours)}")


if __name__ == "__main__":
    main()
