"""The library cache: what was read from each file, kept by path, size and modification time.

One SQLite file in the user cache folder (``$XDG_CACHE_HOME/article-editor``) serves every
library. It is only ever a shortcut: any failure to open, read or write it is swallowed and the
caller reads the files instead. Each thread gets its own connection (SQLite's rule); WAL mode
lets the window search while a worker writes.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple

SCHEMA_VERSION = 4
_FILE_NAME = "library.sqlite3"


def default_cache_path() -> Path:
    """Where the cache lives: ``$XDG_CACHE_HOME`` when set, else the platform's cache folder."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        base = Path(xdg)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    return base / "article-editor" / _FILE_NAME


class CachedEntry(NamedTuple):
    size: int
    mtime_ns: int
    payload: str


_entry = partial(tuple.__new__, CachedEntry)


class LibraryCache:
    """Entries of a few kinds ("summary", "problems"), each keyed by file path.

    An entry counts only when the file's size, modification time and the reader's ``key``
    (configuration and code version) all match what was stored with it.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self._local = threading.local()
        self._broken = False
        self._fts: bool | None = None

    # --- connection ----------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection | None:
        """This thread's connection, opened (and the schema made) on first use."""
        if self._broken:
            return None
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            return db
        try:
            db = self._open()
        except (sqlite3.Error, OSError):
            with contextlib.suppress(OSError):
                self.path.unlink()  # a damaged cache is rebuilt, never trusted
            try:
                db = self._open()
            except (sqlite3.Error, OSError):
                self._broken = True
                return None
        self._local.db = db
        return db

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            db.executescript(
                """
                DROP TABLE IF EXISTS entries;
                DROP TABLE IF EXISTS body_docs;
                DROP TABLE IF EXISTS bodies;
                """
            )
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS entries (
                kind TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL,
                mtime_ns INTEGER NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS entries_by_path ON entries (kind, path);
            CREATE TABLE IF NOT EXISTS body_docs (
                id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,
                size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL
            );
            """
        )
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        return db

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # --- entries -------------------------------------------------------------------------

    def entries(self, kind: str, root: Path, key: str) -> dict[str, CachedEntry]:
        """Every entry of ``kind`` for files under ``root`` stored with ``key``, by path."""
        db = self.connection()
        if db is None:
            return {}
        low, high = _prefix_range(root)
        try:
            rows = db.execute(
                "SELECT path, size, mtime_ns, payload FROM entries "
                "WHERE kind = ? AND path >= ? AND path < ? AND key = ?",
                (kind, low, high, key),
            ).fetchall()
        except sqlite3.Error:
            return {}
        return {path: _entry((size, mtime, payload)) for path, size, mtime, payload in rows}

    def store(
        self,
        kind: str,
        key: str,
        entries: Iterable[tuple[Path, int, int, str]],
        removed: Iterable[Path] = (),
    ) -> None:
        """Save ``(path, size, mtime_ns, payload)`` entries and forget ``removed`` paths."""
        db = self.connection()
        if db is None:
            return
        rows = [(kind, str(p), size, mtime, key, payload) for p, size, mtime, payload in entries]
        try:
            with _transaction(db):
                # Many rows to a statement: SQLite then works through a whole batch without
                # Python's lock (another thread reads on meanwhile) and without a round trip
                # from Python for each row.
                for start in range(0, len(rows), _ROWS_PER_INSERT):
                    batch = rows[start : start + _ROWS_PER_INSERT]
                    db.execute(_insert_rows(len(batch)), [v for row in batch for v in row])
                db.executemany(
                    "DELETE FROM entries WHERE kind = ? AND path = ?",
                    ((kind, str(path)) for path in removed),
                )
        except sqlite3.Error:
            pass

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database after a large write: reads that would
        otherwise look pages up in a log of tens of megabytes stay fast."""
        db = self.connection()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- body text (full-text search) ----------------------------------------------------

    def has_full_text(self) -> bool:
        """Whether this SQLite has FTS5 (then body text is searchable by word prefix)."""
        if self._fts is not None:
            return self._fts
        db = self.connection()
        if db is None:
            return False
        try:
            db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS bodies USING fts5("
                "text, tokenize = 'unicode61 remove_diacritics 2', detail = none, "
                "prefix = '2 3')"
            )
            self._fts = True
        except sqlite3.Error:
            self._fts = False
        return self._fts

    def body_stamps(self, root: Path) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of each file under ``root`` whose body text is indexed."""
        db = self.connection()
        if db is None or not self.has_full_text():
            return {}
        low, high = _prefix_range(root)
        try:
            rows = db.execute(
                "SELECT path, size, mtime_ns FROM body_docs WHERE path >= ? AND path < ?",
                (low, high),
            ).fetchall()
        except sqlite3.Error:
            return {}
        return {path: (size, mtime) for path, size, mtime in rows}

    def store_bodies(
        self, bodies: Iterable[tuple[Path, int, int, str]], removed: Iterable[Path] = ()
    ) -> None:
        """Index ``(path, size, mtime_ns, plain text)`` bodies; forget ``removed`` paths."""
        db = self.connection()
        if db is None or not self.has_full_text():
            return
        try:
            with _transaction(db):
                for path in removed:
                    self._drop_body(db, str(path))
                for path, size, mtime, text in bodies:
                    self._drop_body(db, str(path))
                    cursor = db.execute(
                        "INSERT INTO body_docs (path, size, mtime_ns) VALUES (?, ?, ?)",
                        (str(path), size, mtime),
                    )
                    db.execute(
                        "INSERT INTO bodies (rowid, text) VALUES (?, ?)", (cursor.lastrowid, text)
                    )
        except sqlite3.Error:
            pass

    @staticmethod
    def _drop_body(db: sqlite3.Connection, path: str) -> None:
        row = db.execute("SELECT id FROM body_docs WHERE path = ?", (path,)).fetchone()
        if row:
            db.execute("DELETE FROM bodies WHERE rowid = ?", row)
            db.execute("DELETE FROM body_docs WHERE id = ?", row)

    def search_bodies(self, root: Path, query: str) -> set[str] | None:
        """Paths under ``root`` whose body matches the FTS5 ``query``; None if unavailable."""
        db = self.connection()
        if db is None or not self.has_full_text():
            return None
        low, high = _prefix_range(root)
        try:
            rows = db.execute(
                "SELECT d.path FROM bodies JOIN body_docs d ON d.id = bodies.rowid "
                "WHERE bodies MATCH ? AND d.path >= ? AND d.path < ?",
                (query, low, high),
            ).fetchall()
        except sqlite3.Error:
            return None
        return {path for (path,) in rows}


# At most 999 parameters to a statement before SQLite 3.32, 32766 since: six to a row.
_ROWS_PER_INSERT = 500 if sqlite3.sqlite_version_info >= (3, 32) else 166


@lru_cache(maxsize=8)
def _insert_rows(count: int) -> str:
    return "INSERT OR REPLACE INTO entries VALUES " + ",".join(["(?, ?, ?, ?, ?, ?)"] * count)


class BackgroundStore:
    """Entries of one kind stored on a thread of its own while the caller goes on reading.

    SQLite writes without holding Python's lock, so with a second processor core the caller
    hardly waits for the cache. :meth:`close` waits until everything given is written.
    """

    BATCH = 500

    def __init__(self, cache: LibraryCache, kind: str, key: str) -> None:
        self.cache = cache
        self.kind = kind
        self.key = key
        self.count = 0
        self._pending: list[tuple[Path, int, int, str]] = []
        self._queue: queue.SimpleQueue[list[tuple[Path, int, int, str]] | None] = (
            queue.SimpleQueue()
        )
        self._thread: threading.Thread | None = None

    def add(self, path: Path, size: int, mtime_ns: int, payload: str) -> None:
        self._pending.append((path, size, mtime_ns, payload))
        if len(self._pending) >= self.BATCH:
            self._send()

    def _send(self) -> None:
        if not self._pending:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._write, name="library cache", daemon=True)
            self._thread.start()
        self.count += len(self._pending)
        self._queue.put(self._pending)
        self._pending = []

    def _write(self) -> None:
        try:
            while (batch := self._queue.get()) is not None:
                self.cache.store(self.kind, self.key, batch)
            if self.count >= 1000:
                self.cache.checkpoint()
        finally:
            self.cache.close()  # this thread's connection

    def close(self) -> None:
        """Write what is left and wait until all is written."""
        self._send()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None


def _prefix_range(root: Path) -> tuple[str, str]:
    """Bounds that select every path string inside ``root`` (a folder), by index range."""
    prefix = str(root).rstrip(os.sep) + os.sep
    return prefix, prefix[:-1] + chr(ord(os.sep) + 1)


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
