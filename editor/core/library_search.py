"""Search over a library while the writer types: titles, slugs, descriptions and body text.

Every word of the query must match: as a substring of the title, slug, description or file
name (kept in memory as one lower-case string, searched at C speed), or as the start of a word
in the body text (query words shorter than three letters, or with punctuation inside like
part of a slug, are looked for in the details only). Body text lives in the cache's
full-text index (SQLite FTS5), filled in the background by :func:`index_bodies`; until then,
or without FTS5, the body is not searched.
"""

from __future__ import annotations

import bisect
import html
import re
from pathlib import Path

from editor.core.library import (
    DEFAULT_CACHE,
    CacheChoice,
    Library,
    Progress,
    decode_fast,
    resolve_cache,
)
from editor.core.library_cache import LibraryCache

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
_SEPARATOR = "\x00"
MIN_BODY_WORD = 3  # shorter query words are looked for in the details only


def plain_text(markup: str) -> str:
    """Body text without HTML tags or entities (what a reader sees, roughly)."""
    text = _TAG.sub(" ", markup)
    return html.unescape(text) if "&" in text else text


class LibrarySearch:
    """Answers queries for one state of a library (make a new one when it changes)."""

    def __init__(self, library: Library, cache: LibraryCache | None = None) -> None:
        self.library = library
        self.cache = cache
        parts = []
        self._starts: list[int] = []
        position = 0
        for summary in library.articles:
            entry = "\x1f".join(
                (summary.title, summary.slug, summary.description, summary.path.name)
            ).lower()
            self._starts.append(position)
            parts.append(entry)
            position += len(entry) + 1
        self._text = _SEPARATOR.join(parts)
        self._index = {str(summary.path): i for i, summary in enumerate(library.articles)}

    def matching(self, query: str) -> set[int] | None:
        """Indices (in ``library.articles``) of the articles matching every word of
        ``query``; None when the query is empty (everything matches)."""
        words = query.lower().split()
        if not words:
            return None
        result: set[int] | None = None
        for word in sorted(set(words), key=len, reverse=True):  # long words narrow fastest
            found = self._in_details(word) | self._in_bodies(word)
            result = found if result is None else result & found
            if not result:
                return set()
        return result

    def _in_details(self, word: str) -> set[int]:
        found: set[int] = set()
        text, starts = self._text, self._starts
        position = text.find(word)
        while position >= 0:
            index = bisect.bisect_right(starts, position) - 1
            found.add(index)
            # skip to the next article: one hit per article is enough
            following = starts[index + 1] if index + 1 < len(starts) else len(text)
            position = text.find(word, following)
        return found

    def _in_bodies(self, word: str) -> set[int]:
        if self.cache is None:
            return set()
        tokens = _WORD.findall(word)
        if len(word) < MIN_BODY_WORD:
            return set()  # "s", "sa" start a word in nearly every article: the details decide
        if len(tokens) != 1:
            # "s-that-wor" is part of a slug or URL, not words of the text: as separate word
            # starts ("s", "that", "wor") it would match nearly every article
            return set()
        query = f'"{tokens[0]}"*'
        paths = self.cache.search_bodies(self.library.root, query)
        if not paths:
            return set()
        index = self._index
        return {index[path] for path in paths if path in index}


def index_bodies(
    library: Library, cache: CacheChoice = DEFAULT_CACHE, progress: Progress | None = None
) -> int:
    """Put the body text of every changed article into the full-text index; how many.

    Files are compared by size and modification time with what was indexed; articles gone
    from the library are dropped from the index.
    """
    store = resolve_cache(cache)
    if store is None or not store.has_full_text():
        return 0
    indexed = store.body_stamps(library.root)
    current = {str(s.path): s for s in library.articles if s.error is None}
    stale = [
        summary
        for name, summary in current.items()
        if indexed.get(name) != (summary.size, summary.mtime_ns)
    ]
    removed = [Path(name) for name in indexed if name not in current]
    total = len(stale)
    if progress is not None:
        progress(0, total)
    batch: list[tuple[Path, int, int, str]] = []
    for done, summary in enumerate(stale, 1):
        try:
            with open(summary.path, "rb") as handle:
                text, _ = decode_fast(handle.read())
        except (OSError, ValueError):
            continue
        body = _body(text)
        batch.append((summary.path, summary.size, summary.mtime_ns, plain_text(body)))
        if len(batch) >= 200:
            store.store_bodies(batch, removed)
            batch, removed = [], []
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)
    store.store_bodies(batch, removed)
    if total:
        store.checkpoint()
        # The first search after a large write pays for reading the index afresh (measured:
        # 60 ms instead of 10); pay it here, on the worker, not while the writer types.
        store.search_bodies(library.root, '"the"')
    return total


def _body(text: str) -> str:
    """The text after the front matter (all of it when there is none or it is unclosed)."""
    if not text.startswith("---"):
        return text
    end = re.search(r"^(?:---|\.\.\.)[ \t]*\r?$", text[3:], re.MULTILINE)
    return text[3 + end.end() :] if end else text
