"""The one error shape users see: which file, which line, what is wrong, on one line."""

from __future__ import annotations

from pathlib import Path


class LocatedError(Exception):
    """An error about a file; ``str()`` is ``path:line: message`` (line when known)."""

    unnamed = "<input>"  # what to call the file when there is no path

    def __init__(self, path: Path | None, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = str(path) if path else self.unnamed
        if line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}")
