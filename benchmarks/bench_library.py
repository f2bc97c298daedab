"""The library at scale: scans, search, check, memory and GUI stalls, against a naive baseline.

    python benchmarks/bench_library.py [--count 10000] [--library DIR] [--runs 3]

Builds the synthetic library with make_library.py (unless --library is given), then measures,
each in a fresh process (so peak memory is that process's, and caches are cold or warm on
purpose):

- baseline: python-frontmatter ``load`` of every article in a loop (the naive index);
- cold scan (empty cache; one process, and with worker processes), warm scan (cache filled);
- one search query (median and worst of a set of queries typed into the search box);
- ``article-editor check FOLDER``, cold and warm cache;
- the longest GUI event-loop stall while the window scans the library (a 5 ms timer's worst
  gap), cold and warm, against the same timer in an idle window and against the naive way
  (the baseline loop run on the GUI thread, whose stall is its whole duration).

Every time is the best of ``--runs``; ratios compare with the baseline of the same run.
Also checks that ``check`` finds every problem make_library.py planted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BASELINE = """
import sys, time, frontmatter
from pathlib import Path
from editor.core.library import article_files
paths = list(article_files(Path(sys.argv[1])))
start = time.perf_counter()
posts = []
for path in paths:
    try:
        posts.append(frontmatter.load(path))
    except Exception:
        posts.append(None)
print(json.dumps({"seconds": time.perf_counter() - start, "files": len(paths)}))
"""

SCAN = """
import sys, time
from pathlib import Path
from editor.core.library import Library
from editor.core.library_cache import LibraryCache
workers = None if sys.argv[3] == "auto" else int(sys.argv[3])
start = time.perf_counter()
library = Library.scan(Path(sys.argv[1]), cache=LibraryCache(Path(sys.argv[2])), workers=workers)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "files": len(library.articles)}))
"""

SEARCH = """
import sys, time, statistics
from pathlib import Path
from editor.core.library import Library
from editor.core.library_cache import LibraryCache
from editor.core.library_search import LibrarySearch, index_bodies
cache = LibraryCache(Path(sys.argv[2]))  # a fresh one: the body text is indexed from scratch
library = Library.scan(Path(sys.argv[1]), cache=cache)
start = time.perf_counter()
index_bodies(library, cache)
indexing = time.perf_counter() - start
search = LibrarySearch(library, cache)
queries = ["s", "sa", "sal", "sala", "salary", "salary neg", "salary negotiation", "interview",
           "burnout", "remote work", "zebra", "a-beginner", "linkedin profile", "negot"]
times = []
for query in queries:
    start = time.perf_counter()
    search.matching(query)
    times.append(time.perf_counter() - start)
worst = queries[times.index(max(times))]
print(json.dumps({"median": statistics.median(times), "worst": max(times),
                  "indexing": indexing, "worst_query": worst}))
"""

GUI = """
import os, sys, time, json
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
from pathlib import Path
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
mode, root, settings = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
clock = QElapsedTimer(); clock.start()
gaps = []  # (gap ms, at ms)
last = [0]
def tick():
    now = clock.elapsed(); gaps.append((now - last[0], now)); last[0] = now
state = {"loaded": None, "done": None}
def worst(start, end):
    inside = [g for g, at in gaps if start < at <= end]
    return max(inside) if inside else 0
if mode == "idle":
    window = QMainWindow(); window.show(); app.processEvents()
    timer = QTimer(); timer.timeout.connect(tick); last[0] = clock.elapsed(); timer.start(5)
    QTimer.singleShot(3000, app.quit); app.exec()
    print(json.dumps({"scan": worst(0, 3000), "after": 0}))
    sys.exit(0)
if mode == "empty":  # the editor window on an empty folder: the window's own noise
    from editor.ui import main_window
    window = main_window.MainWindow(root, settings=QSettings(settings, QSettings.Format.IniFormat))
    window.show(); app.processEvents()
    timer = QTimer(); timer.timeout.connect(tick); last[0] = clock.elapsed(); timer.start(5)
    QTimer.singleShot(3000, app.quit); app.exec()
    print(json.dumps({"scan": worst(0, 3000), "after": 0}))
    window.worker.shutdown()
    sys.exit(0)
if mode == "naive":
    import frontmatter
    from editor.core.library import article_files
    window = QMainWindow(); window.show(); app.processEvents()
    timer = QTimer(); timer.timeout.connect(tick)
    def scan():
        for path in article_files(root):
            try: frontmatter.load(path)
            except Exception: pass
        state["loaded"] = clock.elapsed()
        QTimer.singleShot(200, app.quit)
    last[0] = clock.elapsed(); timer.start(5)
    QTimer.singleShot(20, scan); app.exec()
    print(json.dumps({"scan": worst(0, state["loaded"] + 10), "after": 0}))
    sys.exit(0)
from editor.ui import main_window
# Opening the first article (editor, highlighting, preview) is the editor's cost, not the
# library's: leave it out here (it is the same whatever the size of the library).
main_window.MainWindow._open_if_none = lambda self, path: None
window = main_window.MainWindow(root, settings=QSettings(settings, QSettings.Format.IniFormat))
window.show(); app.processEvents()
timer = QTimer(); timer.timeout.connect(tick)
start = clock.elapsed(); last[0] = start; timer.start(5)
def finished(name, result):
    if name == "scan": state["loaded"] = clock.elapsed()
window.worker.finished.connect(finished)
def idle():
    if state["loaded"] is not None and not window.worker.busy and state["done"] is None:
        state["done"] = clock.elapsed(); QTimer.singleShot(300, app.quit)
window.worker.idle.connect(idle)
QTimer.singleShot(180000, app.quit)
app.exec()
loaded, done = state["loaded"] or clock.elapsed(), state["done"] or clock.elapsed()
print(json.dumps({"scan": worst(start, loaded + 100), "after": worst(loaded + 100, done + 300),
                  "loaded": (loaded - start) / 1000, "done": (done - start) / 1000}))
window.worker.shutdown()
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    data: dict[str, float]


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> Measure:
    """Run ``code`` in a fresh interpreter; its JSON output, wall time and peak memory."""
    script = "import json\n" + code
    start = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    lines = out.decode().strip().splitlines()
    data = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return Measure(data.get("seconds", wall), usage.ru_maxrss / 1024, data)


def _best(runs: int, make: object) -> Measure:
    results = [make() for _ in range(runs)]  # type: ignore[operator]
    return min(results, key=lambda m: m.seconds)


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _cli(folder: Path, cache_home: Path) -> tuple[Measure, bytes]:
    """``article-editor check FOLDER --json``: its time, peak memory and output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-m", "editor", "check", str(folder), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )
    assert process.stdout is not None
    out = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    return Measure(time.perf_counter() - start, usage.ru_maxrss / 1024, {}), out


def _planted_found(folder: Path, report: dict[str, object]) -> tuple[int, int]:
    """(planted problems, found by check) for make_library.py's planted.json."""
    planted = json.loads((folder / "planted.json").read_text("utf-8"))
    problems = {(Path(p["path"]).name, p["message"]) for p in report["problems"]}  # type: ignore[attr-defined, index]
    unusable = {Path(u.split(":")[0]).name for u in report["unusable"]}  # type: ignore[attr-defined]

    def has(name: str, needle: str) -> bool:
        return any(n == name and needle in m for n, m in problems)

    wanted: list[bool] = []
    for item in planted["broken_inline_links"]:
        name, slug = item.split(" -> ")
        wanted.append(has(name, f"link to '{slug}'"))
    for item in planted["broken_related_links"]:
        name, slug = item.split(" -> ")
        wanted.append(has(name, f"related article '{slug}' does not exist"))
    for item in planted["stale_related_titles"]:
        wanted.append(has(item.split(" -> ")[0], "is out of date"))
    for pair in planted["duplicate_slugs"]:
        wanted += [has(name, "is also used by") for name in pair]
    for pair in planted["duplicate_titles"]:
        wanted += [has(name, "title is also used by") for name in pair]
    wanted += [name in unusable for name in planted["unreadable"]]
    return len(wanted), sum(wanted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--library", type=Path, help="an existing library (else one is built)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-gui", action="store_true", help="skip the window measurements")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-library-"))
    folder = options.library
    if folder is None:
        folder = work / "library"
        subprocess.run(
            [
                PYTHON,
                str(REPO / "benchmarks" / "make_library.py"),
                str(options.count),
                "--out",
                str(folder),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    cache = work / "cache.sqlite3"
    runs = options.runs
    print(f"library: {folder} ({options.count} articles), best of {runs} runs", file=sys.stderr)

    baseline = _best(runs, lambda: _run(BASELINE, str(folder)))
    cold1 = _best(runs, lambda: _run(SCAN, str(folder), str(_fresh(cache)), "1"))
    cold = _best(runs, lambda: _run(SCAN, str(folder), str(_fresh(cache)), "auto"))
    warm = _best(runs, lambda: _run(SCAN, str(folder), str(cache), "1"))
    search = _best(runs, lambda: _run(SEARCH, str(folder), str(_fresh(work / "search.sqlite3"))))
    homes = work / "homes"
    check_cold = min(
        (_cli(folder, _fresh_home(homes / f"cold{i}"))[0] for i in range(runs)),
        key=lambda m: m.seconds,
    )
    warm_home = _fresh_home(homes / "warm")
    _cli(folder, warm_home)
    warm_runs = [_cli(folder, warm_home) for _ in range(runs)]
    check_warm = min((m for m, _ in warm_runs), key=lambda m: m.seconds)
    report = json.loads(warm_runs[0][1])
    planted, found = (
        _planted_found(folder, report) if (folder / "planted.json").exists() else (0, 0)
    )

    rows = [
        ("cold scan, 1 process", cold1.seconds, "1.5 s", cold1.peak_mb),
        ("cold scan, worker processes", cold.seconds, "1.5 s", cold.peak_mb),
        ("warm scan (cache)", warm.seconds, "0.3 s", warm.peak_mb),
        ("check FOLDER, cold cache", check_cold.seconds, "", check_cold.peak_mb),
        ("check FOLDER, warm cache", check_warm.seconds, "", check_warm.peak_mb),
    ]
    print(
        f"\n| N = {options.count:,} | ours | baseline (frontmatter loop) | ratio | target "
        "| peak MB (ours / baseline) |"
    )
    print("|---|---|---|---|---|---|")
    for label, seconds, target, peak in rows:
        print(
            f"| {label} | {seconds:.3f} s | {baseline.seconds:.3f} s | "
            f"{seconds / baseline.seconds:.2f}× | {target or '—'} | "
            f"{peak:.0f} / {baseline.peak_mb:.0f} |"
        )
    print(
        f"| one search query (median / worst of 14, worst: {search.data['worst_query']!r}) | "
        f"{search.data['median'] * 1000:.1f} / "
        f"{search.data['worst'] * 1000:.1f} ms | {baseline.seconds * 1000:.0f} ms (a new loop) | "
        f"{search.data['worst'] / baseline.seconds:.3f}× | 50 ms | — |"
    )
    print(f"| body text indexing (background, once) | {search.data['indexing']:.2f} s | | | | |")
    if not options.no_gui:
        settings = work / "gui.ini"
        idle = _run(GUI, "idle", str(folder), str(settings))
        empty_folder = work / "empty"
        empty_folder.mkdir()
        empty = _run(GUI, "empty", str(empty_folder), str(settings))
        naive = _run(GUI, "naive", str(folder), str(settings))
        colds = [
            _run(
                GUI,
                "window",
                str(folder),
                str(settings),
                env={"XDG_CACHE_HOME": str(_fresh_home(homes / f"gui{i}"))},
            )
            for i in range(runs)
        ]
        warms = [
            _run(
                GUI,
                "window",
                str(folder),
                str(settings),
                env={"XDG_CACHE_HOME": str(homes / "gui0")},
            )
            for _ in range(runs)
        ]
        for label, results in (("cold", colds), ("warm", warms)):
            scans = sorted(r.data["scan"] for r in results)
            afters = sorted(r.data["after"] for r in results)
            loaded = statistics.median(r.data.get("loaded", 0) for r in results)
            done = statistics.median(r.data.get("done", 0) for r in results)
            middle = scans[len(scans) // 2]
            print(
                f"| longest GUI stall, window scan {label} (list shown at {loaded:.2f} s; "
                f"median of {runs}, worst {scans[-1]:.0f} ms) | {middle:.0f} ms | "
                f"{naive.data['scan']:.0f} ms (loop on the GUI thread) | "
                f"{middle / max(naive.data['scan'], 1):.3f}× | 50 ms | "
                f"{results[0].peak_mb:.0f} / — |"
            )
            print(
                f"| longest GUI stall, {label}, while checking and indexing (done at "
                f"{done:.2f} s; worst {afters[-1]:.0f} ms) | {afters[len(afters) // 2]:.0f} ms "
                "| | | 50 ms | |"
            )
        print(
            f"| idle window, same 5 ms timer (noise floor) | {idle.data['scan']:.0f} ms | | | | |"
        )
        print(
            f"| the editor window on an empty folder, first 3 s | {empty.data['scan']:.0f} ms "
            "| | | | |"
        )
    if planted:
        print(f"\nplanted problems found by check: {found} of {planted}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _fresh_home(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
