"""Changes to many files at once (a tag renamed, a slug renamed): preview, then write.

A plan holds each file's old and new bytes. The preview lists every line that changes; applying
first checks that no file changed on disk since the plan was made, then writes each file
atomically, and puts back the ones already written if a later one fails.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.article import Article
from editor.core.storage import StorageError, atomic_write


class BatchError(Exception):
    """A batch change that cannot be planned or applied; ``str()`` is one line."""


@dataclass(frozen=True)
class LineChange:
    """One changed line: ``old`` None for an added line, ``new`` None for a removed one."""

    line: int  # 1-based, in the old file (added lines: the line they follow, plus one)
    old: str | None
    new: str | None


@dataclass(frozen=True)
class FileChange:
    path: Path
    before: Article
    after: Article
    new_path: Path | None = None  # the file is renamed too

    @property
    def lines(self) -> list[LineChange]:
        """Every changed line, in file order."""
        old = self.before.text.splitlines()
        new = self.after.text.splitlines()
        changes: list[LineChange] = []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for offset in range(max(i2 - i1, j2 - j1)):
                before = old[i1 + offset] if i1 + offset < i2 else None
                after = new[j1 + offset] if j1 + offset < j2 else None
                changes.append(LineChange(i1 + offset + 1, before, after))
        return changes

    def diff(self) -> str:
        """A unified diff of the change (file renames shown as ``a/old`` to ``b/new``)."""
        target = self.new_path or self.path
        lines = difflib.unified_diff(
            self.before.text.splitlines(keepends=True),
            self.after.text.splitlines(keepends=True),
            fromfile=str(self.path),
            tofile=str(target),
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class BatchChange:
    """What a batch operation will do; nothing is written until :func:`apply_batch`."""

    description: str
    changes: tuple[FileChange, ...]
    notes: tuple[str, ...] = field(default=())  # things left alone, one line each

    def __bool__(self) -> bool:
        return bool(self.changes)

    @property
    def line_count(self) -> int:
        return sum(len(change.lines) for change in self.changes)

    def preview(self) -> Iterator[str]:
        """``path:line: -old`` / ``+new`` lines for every change, file by file."""
        for change in self.changes:
            if change.new_path is not None:
                yield f"{change.path}: rename to {change.new_path.name}"
            for line in change.lines:
                if line.old is not None:
                    yield f"{change.path}:{line.line}: -{line.old}"
                if line.new is not None:
                    yield f"{change.path}:{line.line}: +{line.new}"


def apply_batch(batch: BatchChange) -> list[Path]:
    """Write every file of ``batch`` (atomically each); the files written, new names included.

    Refuses (BatchError, nothing written) when a file changed on disk since the plan was
    made or a renamed file's new name is taken. If a write fails part way, the files already
    written get their old bytes back and the error names the file that failed.
    """
    for change in batch.changes:
        try:
            on_disk = change.path.read_bytes()
        except OSError as error:
            raise BatchError(f"{change.path}: cannot read: {error.strerror or error}") from error
        if on_disk != change.before.to_bytes():
            raise BatchError(f"{change.path}: changed on disk since the preview; preview again")
        if change.new_path is not None and change.new_path.exists():
            raise BatchError(f"{change.new_path}: already exists")
    done: list[FileChange] = []
    try:
        for change in batch.changes:
            try:
                data = change.after.to_bytes()
            except UnicodeEncodeError as error:
                raise BatchError(
                    f"{change.path}: the change cannot be saved in {change.before.encoding.label}"
                ) from error
            atomic_write(change.path, data)
            done.append(change)
            if change.new_path is not None:
                try:
                    os.rename(change.path, change.new_path)
                except OSError as error:
                    raise StorageError(
                        f"{change.path}: cannot rename to {change.new_path.name}: "
                        f"{error.strerror or error}"
                    ) from error
    except (StorageError, BatchError) as error:
        _undo(done)
        raise BatchError(str(error)) from error
    return [change.new_path or change.path for change in batch.changes]


def _undo(done: list[FileChange]) -> None:
    for change in reversed(done):
        with contextlib.suppress(OSError):
            if change.new_path is not None and change.new_path.exists():
                os.rename(change.new_path, change.path)
            atomic_write(change.path, change.before.to_bytes())
