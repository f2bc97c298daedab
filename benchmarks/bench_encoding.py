"""Benchmark: encoding repair (ours) against ftfy on the same generated cases, in one run.

``--baseline REV`` adds the engine as it was at a git revision, so before and after are
measured in the same run: ``python benchmarks/bench_encoding.py --baseline HEAD``.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run standalone, without installing the project

import ftfy  # noqa: E402

from editor.core.encoding import repair_text  # noqa: E402

Engine = Callable[[str], str]


def _load_corpus() -> ModuleType:
    path = ROOT / "tests" / "fixtures" / "encoding" / "corpus.py"
    spec = importlib.util.spec_from_file_location("encoding_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _ours(text: str) -> str:
    return repair_text(text).text


def _ftfy_encoding(text: str) -> str:
    # ftfy's encoding step alone, applied per line as fix_text does: the fairer rival,
    # since fix_text also straightens quotes and rewrites width, ligatures and NFC.
    return "".join(ftfy.fix_encoding(line) for line in text.splitlines(keepends=True))


ENGINES: dict[str, Engine] = {
    "ours (repair_text)": _ours,
    "ftfy.fix_text": ftfy.fix_text,
    "ftfy.fix_encoding": _ftfy_encoding,
}


def _baseline(revision: str) -> Engine:
    """repair_text as it was at ``revision``, loaded beside today's under another name.

    The engine's files at that revision (``editor/core/encoding.py``, and the
    ``editor/core/repair`` package where it exists) are copied into a package of their
    own, their imports of each other pointed at it, so both versions run in one process.
    """
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", revision, "editor/core/repair"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    paths = ["editor/core/encoding.py", *(p for p in listed if p.endswith(".py"))]
    package = "encoding_baseline"
    folder = Path(tempfile.mkdtemp(prefix="bench-encoding-"))
    atexit.register(shutil.rmtree, folder, True)
    root = folder / package
    for path in paths:
        source = subprocess.run(
            ["git", "show", f"{revision}:{path}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        source = source.replace("editor.core.repair", f"{package}.repair")
        source = source.replace("editor.core.encoding", f"{package}.encoding")
        target = root / Path(path).relative_to("editor/core")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    (root / "__init__.py").touch()
    sys.path.insert(0, str(folder))
    module = importlib.import_module(f"{package}.encoding")
    repair: Callable[[str], Any] = module.repair_text
    return lambda text: str(repair(text).text)


@dataclass
class Score:
    """One engine's results over the whole run."""

    repaired: int = 0
    damaged: int = 0
    kept: int = 0
    clean: int = 0
    seconds: float = 0.0
    megabytes: float = 0.0

    @property
    def speed(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0


def _run(engine: Engine, pairs: Sequence[tuple[str, str]], score: Score, damaged: bool) -> None:
    for given, expected in pairs:
        started = time.perf_counter()
        result = engine(given)
        score.seconds += time.perf_counter() - started
        score.megabytes += len(given.encode("utf-8")) / 1e6
        ok = result == expected
        if damaged:
            score.damaged += 1
            score.repaired += ok
        else:
            score.clean += 1
            score.kept += ok


def _ftfy_labelled(path: str | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """ftfy's own labelled cases, split into damaged and must-not-change (local copy only)."""
    if not path or not Path(path).is_file():
        return [], []
    cases = json.loads(Path(path).read_text(encoding="utf-8"))
    pairs = [(c["original"], c.get("fixed-encoding", c["fixed"])) for c in cases]
    return [p for p in pairs if p[0] != p[1]], [p for p in pairs if p[0] == p[1]]


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "-"


def _table(title: str, scores: dict[str, Score]) -> None:
    print(f"\n{title}")
    header = (
        f"{'engine':<20} {'cases':>6}  {'exact repairs':>22}  {'clean unchanged':>20}  {'MB/s':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, score in scores.items():
        cases = score.damaged + score.clean
        repaired = _percent(score.repaired, score.damaged)
        kept = _percent(score.kept, score.clean)
        print(f"{name:<20} {cases:>6}  {repaired:>22}  {kept:>20}  {score.speed:>6.2f}")


def _shape_table(scores: dict[str, dict[str, Score]]) -> None:
    """The same run broken down by shape: MB/s, then exact repairs (clean: kept unchanged)."""
    shapes = list(next(iter(scores.values())))
    print("\nSame run by shape: MB/s and exact repairs (clean: unchanged), then the whole mix")
    header = f"{'engine':<20}" + "".join(f"{shape:>24}" for shape in [*shapes, "all"])
    print(header)
    print("-" * len(header))
    for name, by_shape in scores.items():
        cells = [_cell(score) for score in [*by_shape.values(), _total(by_shape)]]
        print(f"{name:<20}" + "".join(f"{cell:>24}" for cell in cells))


def _cell(score: Score) -> str:
    ok, cases = score.repaired + score.kept, score.damaged + score.clean
    return f"{score.speed:6.2f} {_percent(ok, cases):>17}"


def _total(parts: dict[str, Score]) -> Score:
    total = Score()
    for part in parts.values():
        for name in ("repaired", "damaged", "kept", "clean", "seconds", "megabytes"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


def _language_tables(engines: dict[str, Engine], corpus: ModuleType) -> None:
    """Exact repairs of the language fixtures: by language and by family, shape by shape
    (clean: kept unchanged), then the cases an engine gets wrong."""
    cases = list(corpus.language_cases())
    clean = list(corpus.language_clean_cases())
    shapes = list(corpus.LANGUAGE_SHAPES)
    for name, engine in engines.items():
        by_language: dict[str, dict[str, list[int]]] = {}
        by_family: dict[str, dict[str, list[int]]] = {}
        wrong: list[str] = []
        for case in cases:
            ok = engine(case.damaged) == case.original
            for table, row in ((by_language, case.source), (by_family, case.family)):
                cell = table.setdefault(row, {}).setdefault(case.shape, [0, 0])
                cell[0] += ok
                cell[1] += 1
            if not ok:
                wrong.append(f"{case.source} {case.family} {case.shape}: {case.damaged[:60]!r}")
        for source, text in clean:
            ok = engine(text) == text
            cell = by_language.setdefault(source, {}).setdefault("clean", [0, 0])
            cell[0] += ok
            cell[1] += 1
            if not ok:
                wrong.append(f"{source} clean: {text[:60]!r}")
        for title, table, columns in (
            ("language", by_language, [*shapes, "clean"]),
            ("family", by_family, shapes),
        ):
            print(f"\nLanguage fixtures, {name}: exact repairs by {title} and shape")
            print(f"{title:<30}" + "".join(f"{column:>12}" for column in columns))
            for row, cells in table.items():
                print(
                    f"{row:<30}"
                    + "".join(f"{'{}/{}'.format(*cells.get(c, [0, 0])):>12}" for c in columns)
                )
        print(f"\n{name}: {len(wrong)} wrong")
        for line in wrong:
            print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--ftfy-cases",
        default=os.environ.get("FTFY_TEST_CASES"),
        help="path to ftfy's tests/test_cases.json (also read from $FTFY_TEST_CASES)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also run repair_text as it was at this git revision (before/after in one run)",
    )
    parser.add_argument(
        "--languages",
        action="store_true",
        help="also print exact repairs of the language fixtures by language, family and shape",
    )
    args = parser.parse_args()
    engines = dict(ENGINES)
    if args.baseline:
        engines = {f"baseline {args.baseline}"[:20]: _baseline(args.baseline), **engines}
    corpus = _load_corpus()
    shapes: dict[str, list[tuple[str, str]]] = {}
    for case in corpus.generated_cases():
        shapes.setdefault(case.shape, []).append((case.damaged, case.original))
    clean = [(text, text) for _, text in corpus.clean_cases()]
    # One pass per engine over everything, so caches warm up as they would in use.
    by_shape: dict[str, dict[str, Score]] = {}
    for name, engine in engines.items():
        by_shape[name] = {shape: Score() for shape in shapes}
        for shape, pairs in shapes.items():
            _run(engine, pairs, by_shape[name][shape], damaged=True)
        by_shape[name]["clean"] = Score()
        _run(engine, clean, by_shape[name]["clean"], damaged=False)
    totals = {name: _total(parts) for name, parts in by_shape.items()}
    _table("Generated cases (every family x shape) and clean multilingual texts", totals)
    _shape_table(by_shape)
    if args.languages:
        ours = {name: engine for name, engine in engines.items() if not name.startswith("ftfy")}
        _language_tables(ours, corpus)
    ftfy_damaged, ftfy_clean = _ftfy_labelled(args.ftfy_cases)
    if ftfy_damaged:
        labelled = {name: Score() for name in engines}
        for name, engine in engines.items():
            _run(engine, ftfy_damaged, labelled[name], damaged=True)
            _run(engine, ftfy_clean, labelled[name], damaged=False)
        _table("ftfy's labelled test cases (expected: fixed-encoding, else fixed)", labelled)


if __name__ == "__main__":
    main()
