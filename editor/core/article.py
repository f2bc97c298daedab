"""An article as its exact text: encoding, newlines, front-matter span and body."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from editor.core.errors import LocatedError
from editor.core.file_encoding import UTF8, BinaryFileError, FileEncoding, decode
from editor.core.front_matter import FrontMatter, FrontMatterError, KeyPath
from editor.core.text_edit import TextEdit, apply_edits

# The lines that open and close front matter (the library's fast reader uses them on bytes).
OPENING_LINE = r"---[ \t]*\r?\n"
CLOSING_LINE = r"^(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)"  # with re.MULTILINE
_OPENING = re.compile(OPENING_LINE)
_CLOSING = re.compile(CLOSING_LINE, re.MULTILINE)


class ArticleError(LocatedError):
    """An article that cannot be used as asked; ``str()`` is one line naming file and line."""

    unnamed = "<article>"


@dataclass(frozen=True)
class Layout:
    """Where the parts of an article lie in its text (character offsets)."""

    has_front_matter: bool
    yaml_start: int  # first character of the YAML (after the opening ---)
    yaml_end: int  # start of the closing --- line
    body_start: int  # first character after the closing line


@dataclass(frozen=True)
class Article:
    """Immutable article text plus what is needed to write it back byte for byte."""

    text: str
    encoding: FileEncoding = UTF8
    path: Path | None = field(default=None, compare=False)

    @classmethod
    def from_bytes(cls, data: bytes, path: Path | None = None) -> Article:
        try:
            text, encoding = decode(data)
        except BinaryFileError as error:
            raise ArticleError(path, None, f"not a text file: {error}") from error
        return cls(text, encoding, path)

    @classmethod
    def load(cls, path: Path) -> Article:
        return cls.from_bytes(read_article_bytes(path), path)

    def to_bytes(self) -> bytes:
        return self.encoding.encode(self.text)

    def with_text(self, text: str) -> Article:
        return Article(text, self.encoding, self.path)

    def with_edits(self, edits: Iterable[TextEdit]) -> Article:
        return self.with_text(apply_edits(self.text, edits))

    @property
    def newline(self) -> str:
        """The line break new lines get: the file's most common one."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    @cached_property
    def layout(self) -> Layout:
        opening = _OPENING.match(self.text)
        if not opening:
            return Layout(False, 0, 0, 0)
        closing = _CLOSING.search(self.text, opening.end())
        if not closing:
            raise ArticleError(
                self.path, 1, "front matter starts with --- but has no closing --- line"
            )
        return Layout(True, opening.end(), closing.start(), closing.end())

    @cached_property
    def front_matter(self) -> FrontMatter:
        """The parsed front matter (empty when the article has none)."""
        layout = self.layout
        if not layout.has_front_matter:
            return FrontMatter.parse("", 0, 1)
        try:
            source = self.text[layout.yaml_start : layout.yaml_end]
            return FrontMatter.parse(source, layout.yaml_start, 2)
        except FrontMatterError as error:
            raise ArticleError(self.path, error.line, error.message) from error

    @property
    def meta(self) -> dict[str, Any]:
        return self.front_matter.values

    @property
    def body_start(self) -> int:
        return self.layout.body_start

    @property
    def body(self) -> str:
        return self.text[self.layout.body_start :]

    def line_at(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return self.text.count("\n", 0, offset) + 1

    def set_field(self, path: KeyPath, value: Any) -> list[TextEdit]:
        """Edits giving the front-matter key at ``path`` the value ``value``.

        An article without front matter gets a new front-matter block at the top.
        """
        try:
            if not self.layout.has_front_matter:
                nl = self.newline
                yaml_text = apply_edits("", FrontMatter.parse("").set(path, value))
                return [TextEdit(0, 0, f"---{nl}{yaml_text.replace(chr(10), nl)}---{nl}")]
            return self.front_matter.set(path, value)
        except FrontMatterError as error:
            raise ArticleError(self.path, error.line, error.message) from error

    def remove_field(self, path: KeyPath) -> list[TextEdit]:
        try:
            return self.front_matter.remove(path)
        except FrontMatterError as error:
            raise ArticleError(self.path, error.line, error.message) from error


def read_article_bytes(path: Path) -> bytes:
    """The bytes of the article file at ``path``; ArticleError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except IsADirectoryError as error:
        raise ArticleError(path, None, "is a folder, not an article") from error
    except OSError as error:
        raise ArticleError(path, None, f"cannot read: {error.strerror or error}") from error
