"""Recovery files: unsaved work kept on disk so a crash never loses it.

Each open article with unsaved edits has one JSON file in the user's data folder holding
its path, its current text and a digest of the file as it was loaded. The files go away
when the article is saved or its edits discarded; after a crash the next start finds them.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from editor.core.storage import atomic_write, differs_from

_FORMAT = 1


def data_dir() -> Path:
    """The per-user data folder of the app (XDG on Linux, the platform's own elsewhere)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "article-editor"


@dataclass(frozen=True)
class RecoveryEntry:
    """Unsaved work found on disk: the article it belongs to and the text it had."""

    file: Path  # the recovery file itself
    path: Path | None  # the article (None for a new article never saved)
    text: str  # the text as it was being edited (``\\n`` line breaks)
    loaded_digest: str  # sha256 of the article file when editing began
    saved_at: float

    def article_changed_since(self) -> bool:
        """Whether the article on disk differs from what the edits were based on."""
        return self.path is not None and differs_from(self.path, self.loaded_digest)


class RecoveryStore:
    """Reads and writes recovery files in one folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_dir() / "recovery"

    def _file_for(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".json")

    @staticmethod
    def key(path: Path | None, fallback: str) -> str:
        return str(path.resolve()) if path else f"new:{fallback}"

    def save(self, key: str, path: Path | None, text: str, loaded_digest: str) -> Path:
        """Keep ``text`` for the article ``key`` (atomically: a crash mid-write loses nothing)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "format": _FORMAT,
            "path": str(path) if path else None,
            "text": text,
            "loaded_digest": loaded_digest,
            "saved_at": time.time(),
        }
        target = self._file_for(key)
        atomic_write(target, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return target

    def discard(self, key: str) -> None:
        self._file_for(key).unlink(missing_ok=True)

    def entries(self) -> list[RecoveryEntry]:
        """Every readable recovery file, newest first; unreadable ones are skipped, not lost."""
        if not self.folder.is_dir():
            return []
        found = []
        for file in self.folder.glob("*.json"):
            try:
                record = json.loads(file.read_text(encoding="utf-8"))
                if record.get("format") != _FORMAT:
                    continue
                path = Path(record["path"]) if record.get("path") else None
                found.append(
                    RecoveryEntry(
                        file=file,
                        path=path,
                        text=str(record["text"]),
                        loaded_digest=str(record.get("loaded_digest", "")),
                        saved_at=float(record.get("saved_at", 0)),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(found, key=lambda entry: -entry.saved_at)

    def remove(self, entry: RecoveryEntry) -> None:
        entry.file.unlink(missing_ok=True)
