"""Benchmark: encoding repair (ours) against ftfy on the same generated cases, in one run.

``--baseline REV`` adds the engine as it was at a git revision (one where
``editor/core/encoding.py`` is still self-contained), so before and after are measured in
the same run: ``python benchmarks/bench_encoding.py --baseline c258c68``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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
    """repair_text as it was at ``revision``, loaded beside today's under another name."""
    source = subprocess.run(
        ["git", "show", f"{revision}:editor/core/encoding.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "editor.core.repair" in source:
        sys.exit(f"{revision}: encoding.py is not self-contained there; pick an older revision")
    with tempfile.TemporaryDirectory(prefix="bench-encoding-") as folder:
        path = Path(folder) / "encoding_baseline.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("encoding_baseline", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
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
    ftfy_damaged, ftfy_clean = _ftfy_labelled(args.ftfy_cases)
    if ftfy_damaged:
        labelled = {name: Score() for name in engines}
        for name, engine in engines.items():
            _run(engine, ftfy_damaged, labelled[name], damaged=True)
            _run(engine, ftfy_clean, labelled[name], damaged=False)
        _table("ftfy's labelled test cases (expected: fixed-encoding, else fixed)", labelled)


if __name__ == "__main__":
    main()
