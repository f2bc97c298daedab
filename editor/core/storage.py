"""Safe file writing: the old file or the new one on disk, never a torn mix."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from pathlib import Path


class StorageError(OSError):
    """A write that did not happen; the original file is untouched. ``str()`` is one line."""


def digest(data: bytes) -> str:
    """A content fingerprint: two files are the same when their digests are."""
    return hashlib.sha256(data).hexdigest()


def differs_from(path: Path, expected_digest: str) -> bool:
    """Whether the file at ``path`` is no longer the one with ``expected_digest`` (or is gone)."""
    try:
        return digest(path.read_bytes()) != expected_digest
    except OSError:
        return True


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the file's permissions.

    Writes a temporary file in the same folder, flushes it to disk, then renames it
    over the original, so a crash at any moment leaves either the old or the new file.
    """
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise StorageError(f"{path}: cannot save: {error.strerror or error}") from error
    if path.exists() and not os.access(path, os.W_OK):
        raise StorageError(f"{path}: cannot save: the file is read-only")
    descriptor = -1
    temporary = ""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(descriptor, "wb") as handle:
            descriptor = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = ""
        _sync_folder(folder)
    except OSError as error:
        raise StorageError(f"{path}: cannot save: {error.strerror or error}") from error
    finally:
        if descriptor >= 0:
            os.close(descriptor)
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
