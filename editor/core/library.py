"""The library: every article in a folder with its links and vocabulary, read fast and cached.

Scanning reads only what the list and the link graph need: the front matter (by a fast reader
for plain YAML, libyaml behind a bounded safe path, or the full parser for anything odd), the
related-articles block and the links to the site's articles. A file that cannot be read becomes
a summary with an ``error``, never an exception. Summaries are cached by path, size and
modification time, so a second scan reads only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property, partial
from itertools import repeat
from pathlib import Path
from typing import Any

import yaml

from editor import __version__
from editor.core import parallel, quick_yaml
from editor.core.article import CLOSING_LINE, OPENING_LINE, Article, ArticleError
from editor.core.article_links import ArticleLink, links_in
from editor.core.config import TeamConfig, config_for
from editor.core.file_encoding import UTF8, BinaryFileError, FileEncoding, decode
from editor.core.front_matter import FrontMatter, KeyPath
from editor.core.library_cache import BackgroundStore, LibraryCache
from editor.core.text_edit import TextEdit
from editor.core.yaml_safety import YamlInputError, construct

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".txt"})
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})
SUMMARY_FORMAT = 5  # bump when ArticleSummary or how it is read changes: cached ones go stale

Progress = Callable[[int, int], None]  # (done, total); raising from it cancels the work


def article_files(root: Path, *, recursive: bool = True) -> Iterator[Path]:
    """Article files under ``root`` (a file is its own list), hidden folders skipped."""
    for _, path in _article_files(root, recursive):
        yield path


def _article_files(root: Path, recursive: bool) -> Iterator[tuple[str, Path]]:
    """:func:`article_files`, each with its path as a string (what stat and the cache take)."""
    if root.is_file():
        yield str(root), root
        return
    join = os.path.join
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if recursive and not name.startswith(".") and name not in _SKIPPED_FOLDERS
        )
        base = Path(folder)
        for name in sorted(files):
            dot = name.rfind(".")
            if dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES and name[0] != ".":
                yield join(folder, name), base / name


def article_folders(root: Path) -> list[Path]:
    """``root`` and every folder under it that a scan looks into (what a watcher watches)."""
    folders = [root]
    for folder, subfolders, _ in os.walk(root):
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(".") and name not in _SKIPPED_FOLDERS
        )
        folders += [Path(folder) / name for name in subfolders]
    return folders


@dataclass(frozen=True)
class ArticleSummary:
    """What the library needs to know about one article without keeping its text."""

    path: Path
    title: str = ""
    slug: str = ""
    description: str = ""
    category: str = ""
    draft: bool = False
    archived: bool = False
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    error: str | None = None  # why the article could not be read, if it could not
    size: int = 0
    mtime_ns: int = 0
    links: tuple[ArticleLink, ...] = ()
    title_line: int = 1
    slug_line: int = 1

    @property
    def status(self) -> str:
        if self.archived:
            return "archived"
        return "draft" if self.draft else "published"

    @property
    def published(self) -> bool:
        return not self.draft and not self.archived and self.error is None

    @property
    def modified(self) -> float:
        """Modification time in seconds since the epoch (0 when unknown)."""
        return self.mtime_ns / 1e9

    @classmethod
    def of(
        cls,
        article: Article,
        config: TeamConfig | None = None,
        *,
        stat: os.stat_result | None = None,
    ) -> ArticleSummary:
        """The summary of a loaded article, read by the full parser (ArticleError if bad)."""
        assert article.path is not None
        if config is None:
            config = config_for(article.path)
        if stat is None:
            try:
                stat = article.path.stat()
            except OSError:
                stat = None
        return _summarize(article, article.meta, config, stat)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def tag_groups(value: Any) -> dict[str, tuple[str, ...]]:
    """Tags as groups; a flat list (other sites' style) becomes the group ``""``."""
    if isinstance(value, dict):
        return {
            str(group): tuple(str(tag) for tag in tags) if isinstance(tags, list) else (str(tags),)
            for group, tags in value.items()
            if tags is not None
        }
    if isinstance(value, list):
        return {"": tuple(str(tag) for tag in value)}
    if isinstance(value, str) and value:
        return {"": (value,)}
    return {}


# --- reading one article fast --------------------------------------------------------------


def read_summary(
    path: Path, config: TeamConfig, stat: os.stat_result | None = None
) -> ArticleSummary:
    """The summary of the article at ``path``; an unreadable file gives one with ``error``."""
    try:
        if stat is None:
            stat = path.stat()
        data = _read_file(path, stat.st_size)
    except IsADirectoryError:
        return _failed(path, stat, ArticleError(path, None, "is a folder, not an article"))
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        return _failed(path, stat, ArticleError(path, None, message))
    summary = _summary_of_plain(path, data, config, stat)
    if summary is not None:
        return summary
    try:
        text, encoding = decode_fast(data)
    except BinaryFileError as error:
        return _failed(path, stat, ArticleError(path, None, f"not a text file: {error}"))
    utf8 = data if encoding == UTF8 else None  # then the file's bytes are the text's UTF-8
    try:
        return _summarize(Article(text, encoding, path), None, config, stat, utf8)
    except ArticleError as error:
        return _failed(path, stat, error)


_OPENING = re.compile(OPENING_LINE.encode())  # as Article.layout reads the text, in bytes
_CLOSING = re.compile(CLOSING_LINE.encode(), re.MULTILINE)


def _summary_of_plain(
    path: Path, data: bytes, config: TeamConfig, stat: os.stat_result
) -> ArticleSummary | None:
    """The summary of the usual article straight from its bytes: UTF-8 that
    :func:`decode_fast` takes as it is, with front matter :mod:`quick_yaml` reads.
    None for anything else (the caller reads it the careful way)."""
    if not _plain_utf8(data):
        return None
    opening = _OPENING.match(data)
    if opening is None:
        meta: dict[str, Any] = {}
        located: quick_yaml.KeyLines = {}
        body_start = first_line = 0
    else:
        closing = _CLOSING.search(data, opening.end())
        if closing is None:
            return None  # the careful way says what is wrong
        found = quick_yaml.read_located(data[opening.end() : closing.start()].decode("utf-8"))
        if found is None:
            return None
        meta, located = found
        body_start = closing.end()
        first_line = data.count(b"\n", 0, opening.end()) + 1
    title, slug = located.get("title"), located.get("slug")
    return ArticleSummary(
        path,
        _text(meta.get("title")),
        _text(meta.get("slug")),
        _text(meta.get("description")),
        _text(meta.get("category")),
        meta.get("draft") is True,
        meta.get("archived") is True,
        tag_groups(meta.get("tags")),
        None,
        stat.st_size,
        stat.st_mtime_ns,
        links_in(data, body_start, config),
        first_line + title[0] if title else 1,
        first_line + slug[0] if slug else 1,
    )


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def _read_file(path: Path, size: int) -> bytes:
    """The bytes of the file at ``path``, expected to be ``size`` long (read without the
    buffered file object ``open`` makes: a scan reads thousands of small files)."""
    handle = os.open(path, _READ_FLAGS)
    try:
        chunks = [os.read(handle, size + 1)]
        while chunks[-1]:  # to the end, however the file changed since its size was taken
            chunks.append(os.read(handle, max(size, 1 << 16)))
    finally:
        os.close(handle)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def _failed(path: Path, stat: os.stat_result | None, error: ArticleError) -> ArticleSummary:
    size, mtime = (stat.st_size, stat.st_mtime_ns) if stat else (0, 0)
    return ArticleSummary(path=path, error=str(error), size=size, mtime_ns=mtime)


def load_fast(data: bytes, path: Path | None = None) -> Article:
    """The article in ``data`` with its front matter already read the fast way.

    The result is an ordinary Article: ``meta`` and ``front_matter.line_of`` answer as the
    full parser would (ArticleError when the front matter is bad, with the full parser's
    message and line), but for plain front matter without composing it in pure Python.
    """
    try:
        text, encoding = decode_fast(data)
    except BinaryFileError as error:
        raise ArticleError(path, None, f"not a text file: {error}") from error
    article = Article(text, encoding, path)
    layout = article.layout  # ArticleError when the closing --- is missing
    if layout.has_front_matter:
        source = text[layout.yaml_start : layout.yaml_end]
        front = _front_matter_fast(source, layout.yaml_start)
        if front is not None:
            # Article caches its parsed front matter in this slot (a cached_property):
            # filling it here is what a first access would do, without the slow composer.
            article.__dict__["front_matter"] = front
    return article


_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}))
_CAREFUL_STARTS = (b"\xef", b"\xff", b"\xfe", b"\x00")  # BOMs, and binary


def decode_fast(data: bytes) -> tuple[str, FileEncoding]:
    """What :func:`editor.core.file_encoding.decode` returns, skipping its slow path for
    the usual case (no BOM, no NUL, few control bytes, valid UTF-8)."""
    if data[:1] in _CAREFUL_STARTS or b"\x00" in data:
        return decode(data)  # a BOM, or binary: the careful path
    sample = data[:8192]
    if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) >= 8:
        return decode(data)
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        return decode(data)


def _plain_utf8(data: bytes) -> bool:
    """Whether :func:`decode_fast` reads ``data`` as UTF-8 without its careful path."""
    if data[:1] in _CAREFUL_STARTS or b"\x00" in data:
        return False
    sample = data[:8192]
    if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) >= 8:
        return False
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _front_matter_fast(source: str, offset: int) -> FrontMatter | None:
    """A FrontMatter for ``source`` read by :mod:`quick_yaml` or libyaml, or None to leave
    it to the full parser."""
    found = quick_yaml.read_located(source)
    if found is not None:
        return _LocatedFrontMatter(source, offset, 2, None, found[0], found[1])
    node = _compose_c(source)
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        try:
            data = construct(node)
        except YamlInputError:
            return None
        return FrontMatter(source, offset, 2, node, data)
    return None


@dataclass(frozen=True)
class _LocatedFrontMatter(FrontMatter):
    """Front matter read by :mod:`quick_yaml`: its values and the line of each key, without
    PyYAML's nodes. What needs the nodes (edits, value spans) asks the full parser, once."""

    located: quick_yaml.KeyLines = field(default_factory=dict, compare=False)

    def line_of(self, path: KeyPath) -> int | None:
        line = quick_yaml.line_of(self.located, path)
        return None if line is None else self.first_line + line

    @cached_property
    def _parsed(self) -> FrontMatter:
        return FrontMatter.parse(self.source, self.offset, self.first_line)

    def value_line_span(self, path: KeyPath) -> tuple[int, int] | None:
        return self._parsed.value_line_span(path)

    def _locate(self, path: KeyPath) -> tuple[yaml.Node, yaml.Node] | None:
        return self._parsed._locate(path)

    def set(self, path: KeyPath, value: Any) -> list[TextEdit]:
        return self._parsed.set(path, value)

    def remove(self, path: KeyPath) -> list[TextEdit]:
        return self._parsed.remove(path)


_SAFE_TAGS = frozenset(yaml.SafeLoader.yaml_constructors) - {None}
_C_LOADER: Any = getattr(yaml, "CSafeLoader", None)
# libyaml's composer recurses in C: only hand it text that cannot nest deeply. Each level of
# nesting needs one of these characters, so their count bounds the depth.
_NESTING_BUDGET = 200


def _compose_c(source: str) -> yaml.Node | None:
    """The node tree of ``source`` by libyaml when that is safe and equivalent, else None.

    Refused here (left to :func:`editor.core.yaml_safety.compose_safely`, which explains):
    aliases (so no alias bombs), unknown tags, nesting past the full parser's limit, errors.
    """
    if _C_LOADER is None or "*" in source or not source.strip():
        return None
    budget = sum(source.count(c) for c in "[{-:?")
    if budget > _NESTING_BUDGET:
        return None
    try:
        node: yaml.Node | None = yaml.compose(source, Loader=_C_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if node is None or not _tree_ok(node):
        return None
    return node


def _tree_ok(root: yaml.Node) -> bool:
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > quick_yaml.MAX_DEPTH or node.tag not in _SAFE_TAGS:
            return False
        if isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value]
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [(key, depth + 1), (value, depth + 1)]
    return True


def read_meta_fast(source: str) -> dict[str, Any] | None:
    """The values of plain front matter without the full parser, or None to use it."""
    values = quick_yaml.read(source)
    if values is not None:
        return values
    node = _compose_c(source)
    if isinstance(node, yaml.MappingNode):
        try:
            data = construct(node)
        except YamlInputError:
            return None
        return data if isinstance(data, dict) else None
    return None


def _summarize(
    article: Article,
    meta: dict[str, Any] | None,
    config: TeamConfig,
    stat: os.stat_result | None,
    utf8: bytes | None = None,
) -> ArticleSummary:
    """Summary of an article whose front matter parses (``meta``; read here when None).

    ``utf8`` is the article's text as UTF-8 when the caller has it (the file's own bytes).
    """
    assert article.path is not None
    layout = article.layout
    source = article.text[layout.yaml_start : layout.yaml_end] if layout.has_front_matter else ""
    if meta is None:
        meta = read_meta_fast(source) if layout.has_front_matter else {}
        if meta is None:
            meta = article.meta
    title_line, slug_line = _key_lines(source, article.text.count("\n", 0, layout.yaml_start) + 1)
    head = article.text[: layout.body_start].encode("utf-8", "surrogatepass")
    if utf8 is None:
        utf8 = article.text.encode("utf-8", "surrogatepass")
    return ArticleSummary(
        path=article.path,
        title=_text(meta.get("title")),
        slug=_text(meta.get("slug")),
        description=_text(meta.get("description")),
        category=_text(meta.get("category")),
        draft=meta.get("draft") is True,
        archived=meta.get("archived") is True,
        tags=tag_groups(meta.get("tags")),
        size=stat.st_size if stat else 0,
        mtime_ns=stat.st_mtime_ns if stat else 0,
        links=links_in(utf8, len(head), config),
        title_line=title_line,
        slug_line=slug_line,
    )


_KEY_LINE = re.compile(r"^(title|slug)[ \t]*:", re.MULTILINE)


def _key_lines(source: str, first_line: int) -> tuple[int, int]:
    """File lines of the top-level ``title`` and ``slug`` keys (the last of duplicates)."""
    found = {"title": 1, "slug": 1}
    for match in _KEY_LINE.finditer(source):
        found[match.group(1)] = first_line + source.count("\n", 0, match.start())
    return found["title"], found["slug"]


# --- the library -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryChanges:
    """What a refresh found on disk."""

    added: tuple[ArticleSummary, ...] = ()
    changed: tuple[ArticleSummary, ...] = ()
    removed: tuple[Path, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class _DefaultCache:
    """Marker: use the cache in the user cache folder."""


DEFAULT_CACHE = _DefaultCache()
CacheChoice = LibraryCache | _DefaultCache | None
_shared_caches: dict[Path, LibraryCache] = {}


def resolve_cache(cache: CacheChoice) -> LibraryCache | None:
    if isinstance(cache, _DefaultCache):
        shared = LibraryCache()
        return _shared_caches.setdefault(shared.path, shared)
    return cache


def summary_key(config: TeamConfig) -> str:
    """What cached summaries depend on besides the file: the reader and the site's links."""
    parts = [
        str(SUMMARY_FORMAT),
        __version__,
        config.base_url,
        config.article_path,
        ",".join(sorted(config.hosts)),
        config.related_heading,
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(eq=False)
class Library:
    """The articles of one library folder, as summaries, with lookups by slug and path.

    Change ``articles`` through :meth:`refresh`, :meth:`update_paths` and :meth:`add` (the
    lookups are rebuilt after those). A library another thread may be reading is refreshed as
    a :meth:`copy`, which then replaces it.
    """

    root: Path
    config: TeamConfig
    articles: list[ArticleSummary]
    recursive: bool = True

    def __post_init__(self) -> None:
        self._version = 0
        self._slug_index: tuple[tuple[int, int], dict[str, list[ArticleSummary]]] | None = None
        self._path_index: tuple[tuple[int, int], dict[Path, int]] | None = None

    @classmethod
    def scan(
        cls,
        root: Path,
        config: TeamConfig | None = None,
        *,
        cache: CacheChoice = DEFAULT_CACHE,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> Library:
        """Every article under ``root``; given a file, the library it belongs to.

        A file's library is the folder of its team configuration (all subfolders); without
        one, only the file's own folder, so a stray file never scans a whole home folder.
        Files unchanged since the last scan (same size and modification time) come from
        the cache; ``progress(done, total)`` is called as files are read. ``workers``: how
        many processes read files (None: decide by the number of files and processors).
        """
        config = config or config_for(root)
        recursive = root.is_dir() or config.root is not None
        if root.is_file():
            root = config.root or root.parent
        library = cls(root, config, [], recursive)
        found = list(_article_files(root, recursive))
        paths, names = [path for _, path in found], [name for name, _ in found]
        store = resolve_cache(cache)
        library.articles = library._read(paths, {}, store, progress, workers, names)
        return library

    def _read(
        self,
        paths: Sequence[Path],
        known: dict[Path, ArticleSummary],
        cache: LibraryCache | None,
        progress: Progress | None,
        workers: int | None = None,
        names: Sequence[str] | None = None,
    ) -> list[ArticleSummary]:
        """Summaries of ``paths`` (``names``: the same as strings): from ``known`` or the
        cache when unchanged, else read."""
        with parallel.gc_paused():
            return self._read_paused(paths, known, cache, progress, workers, names)

    def _read_paused(
        self,
        paths: Sequence[Path],
        known: dict[Path, ArticleSummary],
        cache: LibraryCache | None,
        progress: Progress | None,
        workers: int | None,
        names: Sequence[str] | None,
    ) -> list[ArticleSummary]:
        key = summary_key(self.config)
        cached = cache.entries("summary", self.root, key) if cache is not None else {}
        racy_after = time.time_ns() - 2_000_000_000  # too fresh to trust a same-size rewrite
        total = len(paths)
        if names is None:
            names = [str(path) for path in paths]
        summaries: list[ArticleSummary | None] = [None] * total
        missing: list[int] = []
        stats: dict[int, os.stat_result] = {}  # of the files to read, by position
        stat = os.stat
        for index, name in enumerate(names):
            try:
                info = stat(name)
            except OSError:
                missing.append(index)
                continue
            if known:
                previous = known.get(paths[index])
                if _unchanged(previous, info) and info.st_mtime_ns < racy_after:
                    summaries[index] = previous
                    continue
            entry = cached.get(name) if cached else None
            if entry is not None and entry[0] == info.st_size and entry[1] == info.st_mtime_ns:
                summary = _from_payload(paths[index], *entry)
                if summary is not None:
                    summaries[index] = summary
                    continue
            missing.append(index)
            stats[index] = info
        done = total - len(missing)
        if progress is not None:
            progress(done, total)
        if missing:
            job = _ReadJob(self.config)
            processes = parallel.processes_for(len(missing), workers)
            run: Callable[[Sequence[Path]], list[Any]]
            if processes > 1:
                run = partial(_read_chunk, job)
            else:  # reuse the stat calls just made
                known_stats = {id(paths[i]): stats.get(i) for i in missing}

                def run(chunk: Sequence[Path]) -> list[Any]:
                    return job.run(chunk, [known_stats.get(id(path)) for path in chunk])

            step = max(1, total // 100)
            chunk = parallel.CHUNK if processes > 1 else 50
            positions = iter(missing)
            chunks: Iterator[tuple[Sequence[Path], list[Any]]] = parallel.map_chunks(
                run, [paths[i] for i in missing], processes, chunk
            )
            store = BackgroundStore(cache, "summary", key) if cache is not None else None
            try:
                for batch, read in chunks:
                    for path, item in zip(batch, read, strict=True):
                        if isinstance(item, ArticleSummary):
                            summary, payload = item, None
                        else:  # from a worker process, in its cached form
                            payload = item[2]
                            summary = _from_payload(path, *item) or read_summary(path, self.config)
                        summaries[next(positions)] = summary
                        # a file without a time, or too fresh to trust, is not cached
                        if store is not None and 0 < summary.mtime_ns < racy_after:
                            payload = payload or _to_payload(summary)
                            if payload is not None:
                                store.add(path, summary.size, summary.mtime_ns, payload)
                    done += len(batch)
                    if progress is not None and (done % step < len(batch) or done == total):
                        progress(done, total)
            finally:
                if store is not None:
                    store.close()
        return [summary for summary in summaries if summary is not None]

    # --- changes on disk -----------------------------------------------------------------

    def refresh(
        self,
        *,
        cache: CacheChoice = DEFAULT_CACHE,
        progress: Progress | None = None,
    ) -> LibraryChanges:
        """Bring the library up to date with the folder; what was added, changed, removed."""
        paths = list(article_files(self.root, recursive=self.recursive))
        known = {summary.path: summary for summary in self.articles}
        listed = set(paths)
        extra = [p for p in known if p not in listed and p.exists()]  # opened by hand
        summaries = self._read([*paths, *extra], known, resolve_cache(cache), progress)
        return self._adopt(summaries, known)

    def update_paths(
        self, paths: Iterable[Path], *, cache: CacheChoice = DEFAULT_CACHE
    ) -> LibraryChanges:
        """Re-read the given files (saved, renamed, created or deleted by the app)."""
        known = {summary.path: summary for summary in self.articles}
        wanted = list(dict.fromkeys(paths))
        present = [p for p in wanted if p.is_file()]
        fresh = {s.path: s for s in self._read(present, {}, resolve_cache(cache), None)}
        summaries = [fresh.get(s.path, s) for s in self.articles if s.path not in wanted]
        summaries += [fresh[p] for p in wanted if p in fresh]
        order = {s.path: i for i, s in enumerate(self.articles)}
        summaries.sort(key=lambda s: order.get(s.path, len(order)))
        return self._adopt(summaries, known)

    def _adopt(
        self, summaries: list[ArticleSummary], known: dict[Path, ArticleSummary]
    ) -> LibraryChanges:
        now = {s.path for s in summaries}
        added = tuple(s for s in summaries if s.path not in known)
        changed = tuple(
            s
            for s in summaries
            if s.path in known and known[s.path] is not s and known[s.path] != s
        )
        removed = tuple(p for p in known if p not in now)
        self.articles = summaries
        self._version += 1
        return LibraryChanges(added, changed, removed)

    def copy(self) -> Library:
        """A library with the same articles, to refresh on another thread while this one
        stays as it is for whoever reads it."""
        return Library(self.root, self.config, list(self.articles), self.recursive)

    def add(self, summary: ArticleSummary) -> None:
        """Add (or replace, by path) one article's summary."""
        index = self._paths().get(summary.path)
        if index is None:
            self.articles.append(summary)
        else:
            self.articles[index] = summary
        self._version += 1

    # --- lookups ---------------------------------------------------------------------------

    @property
    def state(self) -> tuple[int, int]:
        """Changes whenever the articles do (through this class): for caches of lookups."""
        return self._version, len(self.articles)

    def _fingerprint(self) -> tuple[int, int]:
        return self.state

    def by_slug(self) -> dict[str, list[ArticleSummary]]:
        fingerprint = self._fingerprint()
        if self._slug_index is None or self._slug_index[0] != fingerprint:
            index: dict[str, list[ArticleSummary]] = {}
            for summary in self.articles:
                if summary.slug:
                    index.setdefault(summary.slug, []).append(summary)
            self._slug_index = (fingerprint, index)
        return self._slug_index[1]

    def _paths(self) -> dict[Path, int]:
        fingerprint = self._fingerprint()
        if self._path_index is None or self._path_index[0] != fingerprint:
            self._path_index = (fingerprint, {s.path: i for i, s in enumerate(self.articles)})
        return self._path_index[1]

    def find(self, slug: str) -> ArticleSummary | None:
        matches = self.by_slug().get(slug)
        return matches[0] if matches else None

    def summary_for(self, path: Path) -> ArticleSummary | None:
        """The summary of the file at ``path`` (compared as given, then resolved)."""
        index = self._paths().get(path)
        if index is None:
            resolved = path.resolve()
            index = next(
                (
                    i
                    for i, s in enumerate(self.articles)
                    if s.path.name == path.name and s.path.resolve() == resolved
                ),
                None,
            )
        return self.articles[index] if index is not None else None

    def prepare(self) -> None:
        """Build the lookups by slug and path now (on a worker thread, not when first used)."""
        self.by_slug()
        self._paths()

    # --- vocabulary ------------------------------------------------------------------------

    def categories(self) -> Counter[str]:
        return Counter(s.category for s in self.articles if s.category)

    def tag_values(self, group: str) -> Counter[str]:
        return Counter(tag for s in self.articles for tag in s.tags.get(group, ()))

    def tag_counts(self) -> dict[str, Counter[str]]:
        """Every tag group with its values and how many articles use each."""
        counts: dict[str, Counter[str]] = {}
        for summary in self.articles:
            for group, values in summary.tags.items():
                counts.setdefault(group, Counter()).update(dict.fromkeys(values, 1))
        return counts


# --- reading many files --------------------------------------------------------------------


@dataclass
class _ReadJob:
    """Reads articles; runs here or in a worker process."""

    config: TeamConfig

    def run(
        self, paths: Sequence[Path], stats: Sequence[os.stat_result | None] | None = None
    ) -> list[ArticleSummary]:
        summaries = []
        for number, path in enumerate(paths):
            stat = stats[number] if stats is not None else None
            if stat is None:
                try:
                    stat = os.stat(path)
                except OSError:
                    stat = None
            summaries.append(read_summary(path, self.config, stat))
        return summaries


def _read_chunk(job: _ReadJob, paths: Sequence[Path]) -> list[tuple[int, int, str | None]]:
    """In a worker process: read a chunk and send it back in its cached form (a summary
    travels faster as that JSON text than pickled, and this process stores it as it is)."""
    return [(s.size, s.mtime_ns, _to_payload(s)) for s in job.run(paths)]


def _unchanged(previous: ArticleSummary | None, stat: os.stat_result) -> bool:
    return (
        previous is not None
        and previous.size == stat.st_size
        and previous.mtime_ns == stat.st_mtime_ns
        and previous.mtime_ns != 0
    )


# --- the cached form of a summary ----------------------------------------------------------

# One flat JSON array, flat because a warm scan decodes 10,000 of them (the fewer objects, the
# faster): title, slug, description, category, draft, archived, tags, error, title line,
# slug line, the number of related links; then slug, line, column, length and title of each
# related link, and slug, line, column and length of each inline link (links_in gives the
# related ones first).
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# decode() without its handling of whitespace around the value, which payloads never have
_scan_json: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_FIELDS = tuple(f.name for f in fields(ArticleSummary))
_new_summary = object.__new__
_make_link = partial(tuple.__new__, ArticleLink)  # no Python-level __new__: warm scans make many


def _to_payload(summary: ArticleSummary) -> str | None:
    """The cached form of ``summary``; None if its links are not in the usual order."""
    values: list[Any] = [
        summary.title,
        summary.slug,
        summary.description,
        summary.category,
        summary.draft,
        summary.archived,
        summary.tags,
        summary.error,
        summary.title_line,
        summary.slug_line,
        0,
    ]
    related = True
    for kind, slug, line, column, length, title in summary.links:
        if kind == "related" and related:
            values += (slug, line, column, length, title)
            values[10] += 1
        elif kind == "inline" and title is None:
            values += (slug, line, column, length)
            related = False
        else:
            return None
    return _encode_json(values)


def _from_payload(
    path: Path, size: int, mtime_ns: int, payload: str | None
) -> ArticleSummary | None:
    """The summary :func:`_to_payload` wrote; None for anything else."""
    if payload is None:
        return None
    try:
        values, end = _scan_json(payload, 0)
        related = 11 + 5 * values[10]
        if end != len(payload) or (len(values) - related) % 4 or related > len(values):
            return None
        tags = values[6]
        first, rest = iter(values[11:related]), iter(values[related:])
        links = (
            *map(_make_link, zip(repeat("related"), *[first] * 5, strict=False)),
            *map(_make_link, zip(repeat("inline"), *[rest] * 4, repeat(None), strict=False)),
        )
        summary = _new_summary(ArticleSummary)
        # A frozen dataclass's __init__ sets each field through object.__setattr__: five
        # times slower than this, which a warm scan of 10,000 articles notices.
        summary.__dict__.update(
            zip(
                _FIELDS,
                (
                    path,
                    *values[:6],
                    dict(zip(tags, map(tuple, tags.values()), strict=True)),
                    values[7],
                    size,
                    mtime_ns,
                    links,
                    values[8],
                    values[9],
                ),
                strict=True,
            )
        )
        return summary
    except (ValueError, TypeError, AttributeError, IndexError, StopIteration):
        return None  # an entry from another version or damaged: read the file instead
