"""Checking a whole library: each article's own problems plus the library's (duplicate slugs
and titles, broken and stale links, orphans), fast enough for 10,000 articles.

An article's own problems (fields, tags, encoding) depend only on its file and the team
configuration, so they are cached like the scan: by path, size, modification time, the
configuration and the checking code itself. The library's problems come from the link graph,
which reads no file. Front matter is read by the fast path (:func:`library.load_fast`).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from editor import __version__
from editor.core import parallel
from editor.core.article import ArticleError, read_article_bytes
from editor.core.config import TeamConfig
from editor.core.library import (
    DEFAULT_CACHE,
    CacheChoice,
    Library,
    Progress,
    load_fast,
    resolve_cache,
)
from editor.core.library_cache import BackgroundStore, LibraryCache
from editor.core.link_graph import LinkGraph
from editor.core.validation import Problem, validate

# What an article's own problems depend on besides the file and the configuration.
_CHECKER_MODULES = (
    "validation",
    "encoding",
    "repair",
    "footer_blocks",
    "front_matter",
    "yaml_safety",
    "schema",
    "config",
    "article",
    "file_encoding",
    "library",
    "quick_yaml",
    "library_check",
)


@dataclass
class CheckReport:
    """Problems in file order (each file's by line), and files that could not be read."""

    problems: list[tuple[Path, Problem]] = field(default_factory=list)
    unusable: list[tuple[Path, str]] = field(default_factory=list)  # (file, one-line error)
    checked: int = 0

    def counts(self) -> dict[Path, tuple[int, int]]:
        """(errors, warnings) of every file with problems; unreadable files count one error."""
        counts: dict[Path, tuple[int, int]] = {}
        for path, problem in self.problems:
            errors, warnings = counts.get(path, (0, 0))
            if problem.severity == "error":
                counts[path] = (errors + 1, warnings)
            else:
                counts[path] = (errors, warnings + 1)
        for path, _ in self.unusable:
            errors, warnings = counts.get(path, (0, 0))
            counts[path] = (errors + 1, warnings)
        return counts

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for _, p in self.problems) + len(self.unusable)


@lru_cache(maxsize=1)
def checker_version() -> str:
    """Changes whenever the code that finds an article's problems does."""
    digest = hashlib.sha1(__version__.encode())
    folder = Path(__file__).resolve().parent
    for name in _CHECKER_MODULES:
        target = folder / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]
        for path in files:
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(path.name.encode())  # frozen: the version above must do
    return digest.hexdigest()[:16]


def check_key(config: TeamConfig) -> str:
    return hashlib.sha1(f"{checker_version()}\x1f{config!r}".encode()).hexdigest()[:16]


def article_problems(path: Path, config: TeamConfig) -> list[Problem]:
    """The article's own problems (not the library's); ArticleError when it cannot be read."""
    article = load_fast(read_article_bytes(path), path)
    return validate(article, config, None)


def check_library(
    library: Library,
    paths: Iterable[Path] | None = None,
    *,
    cache: CacheChoice = DEFAULT_CACHE,
    progress: Progress | None = None,
    workers: int | None = None,
    graph: LinkGraph | None = None,
) -> CheckReport:
    """Every problem of the library's articles (only ``paths``, when given).

    ``progress(done, total)`` follows the articles checked; raising from it stops the check.
    """
    with parallel.gc_paused():
        return _check(library, paths, resolve_cache(cache), progress, workers, graph)


def _check(
    library: Library,
    paths: Iterable[Path] | None,
    store: LibraryCache | None,
    progress: Progress | None,
    workers: int | None,
    graph: LinkGraph | None,
) -> CheckReport:
    wanted = list(paths) if paths is not None else [s.path for s in library.articles]
    by_path = {summary.path: summary for summary in library.articles}
    key = check_key(library.config)
    linked: dict[Path, list[Problem]] = {}

    def library_problems() -> None:  # from the link graph, while workers read the files
        linked.update((graph or LinkGraph(library)).problems(wanted))

    own = _own_problems(library, wanted, by_path, store, key, progress, workers, library_problems)
    report = CheckReport(checked=len(wanted))
    for path in wanted:
        result = own.get(path)
        if isinstance(result, str):
            report.unusable.append((path, result))
            continue
        found = [*(result or []), *linked.get(path, [])]
        found.sort(key=lambda p: (p.line, p.column))
        report.problems += [(path, problem) for problem in found]
    return report


def _own_problems(
    library: Library,
    wanted: Sequence[Path],
    by_path: dict[Path, Any],
    store: LibraryCache | None,
    key: str,
    progress: Progress | None,
    workers: int | None,
    meanwhile: Callable[[], None],
) -> dict[Path, list[Problem] | str]:
    """Each wanted file's own problems, or its one-line error; from the cache when fresh.

    ``meanwhile`` is called once, while worker processes (if any) read the files.
    """
    cached = store.entries("problems", library.root, key) if store is not None else {}
    results: dict[Path, list[Problem] | str] = {}
    missing: list[Path] = []
    for path in wanted:
        summary = by_path.get(path)
        entry = cached.get(str(path)) if cached else None
        if (
            summary is not None
            and entry is not None
            and entry[0] == summary.size
            and entry[1] == summary.mtime_ns
        ):
            decoded = _decode(entry[2])
            if decoded is not None:
                results[path] = decoded
                continue
        missing.append(path)
    total = len(wanted)
    done = total - len(missing)
    if progress is not None:
        progress(done, total)
    if not missing:
        meanwhile()
        return results
    racy_after = time.time_ns() - 2_000_000_000  # too fresh to trust a same-size rewrite
    job = _CheckJob(library.config)
    processes = parallel.processes_for(len(missing), workers)
    run: Callable[[Sequence[Path]], list[tuple[int, int, str]]] = (
        partial(_check_chunk, job) if processes > 1 else job.run
    )
    chunks: Iterator[tuple[Sequence[Path], list[tuple[int, int, str]]]] = parallel.map_chunks(
        run, missing, processes, parallel.CHUNK if processes > 1 else 50
    )
    step = max(1, total // 100)
    writer = BackgroundStore(store, "problems", key) if store is not None else None
    waiting = True
    try:
        for batch, rows in chunks:
            if waiting:
                meanwhile()
                waiting = False
            for path, (size, mtime_ns, payload) in zip(batch, rows, strict=True):
                decoded = _decode(payload)
                results[path] = decoded if decoded is not None else "internal error: bad result"
                # a file without a time, or too fresh to trust, is not cached
                if writer is not None and 0 < mtime_ns < racy_after:
                    writer.add(path, size, mtime_ns, payload)
            done += len(batch)
            if progress is not None and (done % step < len(batch) or done == total):
                progress(done, total)
    finally:
        if writer is not None:
            writer.close()
    return results


@dataclass
class _CheckJob:
    """Finds articles' own problems; runs here or in a worker process."""

    config: TeamConfig

    def run(self, paths: Sequence[Path]) -> list[tuple[int, int, str]]:
        """(size, modification time, problems in their cached form) of each file."""
        rows = []
        for path in paths:
            try:
                stat = os.stat(path)
                size, mtime_ns = stat.st_size, stat.st_mtime_ns
            except OSError:
                size = mtime_ns = 0
            try:
                payload = _encode(article_problems(path, self.config))
            except ArticleError as error:
                payload = json.dumps({"error": str(error)}, ensure_ascii=False)
            rows.append((size, mtime_ns, payload))
        return rows


def _check_chunk(job: _CheckJob, paths: Sequence[Path]) -> list[tuple[int, int, str]]:
    return job.run(paths)


def _encode(problems: list[Problem]) -> str:
    rows = [[p.severity, p.field, p.message, p.line, p.column] for p in problems]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _decode(payload: str) -> list[Problem] | str | None:
    try:
        data = json.loads(payload)
        if isinstance(data, dict):
            return str(data["error"])
        return [Problem(*row) for row in data]
    except (ValueError, TypeError, KeyError):
        return None
