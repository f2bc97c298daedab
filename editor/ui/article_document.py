"""The open article: one QTextDocument that is the single source of truth and its undo history.

The form, the footer panel and the repair never keep a copy of the article: they ask the
core for TextEdits and hand them to :meth:`ArticleDocument.apply`, which performs them in
one edit block. Body typing, form edits, footer changes and repairs therefore share one
undo stack, and a save writes exactly the text the user sees, in the file's own encoding
and line endings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from editor.core.article import Article, ArticleError
from editor.core.config import TeamConfig
from editor.core.file_encoding import FileEncoding
from editor.core.storage import atomic_write, differs_from, digest
from editor.core.text_edit import TextEdit, minimal_edit

_LINE_BREAK = re.compile(r"(\r\n|\r|\n|\u2029)")  # captured: re.split keeps the breaks
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class LineEndings:
    """The file's own line breaks, so a document that only knows ``\\n`` saves them back.

    Qt turns every break into a paragraph separator; this keeps, per line, the break the
    file had. Lines the user did not touch keep theirs exactly (mixed files included);
    new lines get the file's most common break.
    """

    lines: tuple[str, ...]  # the text of each line, without its break
    breaks: tuple[str, ...]  # the break after each line ("" for a last line without one)

    @classmethod
    def split(cls, text: str) -> tuple[str, LineEndings]:
        if "\r" not in text and "\u2029" not in text:  # the usual file, split in C
            lines = text.split("\n")
            breaks = ["\n"] * (len(lines) - 1) + [""]
            return text, cls(tuple(lines), tuple(breaks))
        parts = _LINE_BREAK.split(text)  # line, break, line, break, ..., last line
        lines, breaks = parts[0::2], [*parts[1::2], ""]
        return "\n".join(lines), cls(tuple(lines), tuple(breaks))

    @cached_property
    def uniform(self) -> str | None:
        """The one break every line ends with (the usual file), or None for mixed breaks."""
        kinds = set(self.breaks[:-1])
        return kinds.pop() if len(kinds) == 1 else "\n" if not kinds else None

    @cached_property
    def dominant(self) -> str:
        counted = Counter(self.breaks)
        del counted[""]
        return max(sorted(counted), key=counted.__getitem__) if counted else "\n"

    def join(self, normalized: str) -> str:
        """``normalized`` (``\\n`` breaks) with each line's own break restored."""
        if self.uniform is not None:  # one kind of break throughout: new lines get it too
            return normalized if self.uniform == "\n" else normalized.replace("\n", self.uniform)
        old, new = self.lines, normalized.split("\n")
        if len(new) == len(old):  # lines edited in place (the usual edit): break by position
            return "".join(line + brk for line, brk in zip(new, self.breaks, strict=True))
        # Lines added or removed: the unchanged lines before and after keep their breaks by
        # position; only the changed middle is aligned (where blank lines are alike, an
        # alignment of the whole could give an untouched line its neighbour's break).
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        dominant = self.dominant
        breaks = [*self.breaks[:head], *[dominant] * (len(new) - head - tail)]
        breaks += self.breaks[len(old) - tail :]
        old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
        matcher = SequenceMatcher(None, old_middle, new_middle, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for offset in range(j2 - j1):
                    breaks[head + j1 + offset] = self.breaks[head + i1 + offset]
        # Only the last line has no break (the old last line may have gained a successor).
        breaks = [brk or dominant for brk in breaks[:-1]] + [""]
        return "".join(line + brk for line, brk in zip(new, breaks, strict=True))


def qt_position(text: str, offset: int) -> int:
    """A Python character offset as a Qt position (UTF-16 units: emoji count twice)."""
    return offset + len(_ASTRAL.findall(text, 0, offset))


def python_offset(text: str, position: int) -> int:
    """A Qt position as a Python character offset in ``text``."""
    offset = position
    while qt_position(text, offset) > position:
        offset -= 1
    return offset


class ArticleDocument(QObject):
    """Owns one article's QTextDocument, its file identity, undo history and saving."""

    changed = Signal()  # the text changed (any source); consumers debounce
    settled = Signal()  # the text stopped changing for a moment: re-read views, validate
    modification_changed = Signal(bool)
    saved = Signal()

    SETTLE_MS = 150
    # Above this size (characters) the window turns off what grows with the text: syntax
    # colouring and automatic whole-text scans; the writer asks for them instead.
    LARGE = 2_000_000

    def __init__(self, article: Article, config: TeamConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = article.path
        self.encoding: FileEncoding = article.encoding
        self.config = config
        normalized, self.line_endings = LineEndings.split(article.text)
        self.loaded_digest = digest(article.to_bytes())
        self.document = QTextDocument(self)
        self.document.setDocumentLayout(QPlainTextDocumentLayout(self.document))
        self.document.setPlainText(normalized)
        self.document.setModified(False)
        self.document.clearUndoRedoStacks()
        self._cached: tuple[tuple[int, Path | None, FileEncoding], Article] | None = None
        self._text: str | None = None  # text() until the next change (0.3 s for 50 MB)
        self._merge_key: str | None = None
        self._settle = QTimer(self, singleShot=True, interval=self.SETTLE_MS)
        self._settle.timeout.connect(self.settled)
        self.document.contentsChange.connect(self._forget_text)
        self.document.contentsChanged.connect(self._on_contents_changed)
        self.document.modificationChanged.connect(self.modification_changed)

    # --- reading ---------------------------------------------------------------------

    def text(self) -> str:
        """The text as the core sees it (``\\n`` line breaks, nbsp kept)."""
        if self._text is None:
            self._text = self.document.toRawText().replace("\u2029", "\n")
        return self._text

    def _forget_text(self, *_: int) -> None:
        self._text = None

    def article(self) -> Article:
        """The current text as a core Article (cached until the next change)."""
        key = self._article_key()
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, Article(self.text(), self.encoding, self.path))
        return self._cached[1]

    def is_current(self, article: Article) -> bool:
        """Whether ``article`` is what :meth:`article` gives now, without making it (a
        late result for an older text is recognised without copying the new one)."""
        return (
            self._cached is not None
            and self._cached[1] is article
            and (self._cached[0] == self._article_key())
        )

    def _article_key(self) -> tuple[int, Path | None, FileEncoding]:
        return (self.document.revision(), self.path, self.encoding)

    def file_text(self) -> str:
        """The text as it will be written: the file's own line endings restored."""
        return self.line_endings.join(self.text())

    def file_bytes(self) -> bytes:
        return self.encoding.encode(self.file_text())

    @property
    def is_large(self) -> bool:
        return self.document.characterCount() > self.LARGE

    @property
    def is_modified(self) -> bool:
        return self.document.isModified()

    @property
    def title(self) -> str:
        head = self._head()
        article = head if head is not None else self.article()
        try:
            title = article.meta.get("title")
        except Exception:
            title = None
        return str(title) if title else (self.path.stem if self.path else "Untitled")

    HEAD_LINES = 500  # front matter longer than this is read with the whole text

    def _head(self) -> Article | None:
        """The article's first HEAD_LINES lines, read from the document's blocks, when they
        hold its whole front matter (or it has none): the window title needs no more, and
        copying a 50 MB text out of Qt takes a third of a second. The core's own layout
        decides where the front matter ends; None when it does not end within them."""
        lines: list[str] = []
        block = self.document.firstBlock()
        while block.isValid() and len(lines) < self.HEAD_LINES:
            lines.append(block.text())
            block = block.next()
        head = Article("\n".join(lines) + "\n", self.encoding, self.path)
        if block.isValid():  # more follows: a front matter still open may close there
            try:
                _ = head.layout
            except ArticleError:
                return None
        return head

    # --- changing --------------------------------------------------------------------

    def apply(self, edits: Sequence[TextEdit], merge_key: str | None = None) -> None:
        """Perform ``edits`` (offsets in :meth:`text`) as one undo step.

        Consecutive calls with the same ``merge_key`` (typing in one form field) join
        the previous undo step, so one undo takes back a whole field edit.
        """
        if not edits:
            return
        text = self.text()
        cursor = QTextCursor(self.document)
        if merge_key is not None and merge_key == self._merge_key:
            cursor.joinPreviousEditBlock()
        else:
            cursor.beginEditBlock()
        for edit in sorted(edits, reverse=True):  # from the end, so earlier offsets hold
            cursor.setPosition(qt_position(text, edit.start))
            cursor.setPosition(qt_position(text, edit.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(edit.replacement)
        cursor.endEditBlock()
        self._merge_key = merge_key

    @property
    def merge_key(self) -> str | None:
        """The field whose typing the next edit with the same key joins (None: a new step)."""
        return self._merge_key

    def end_merge(self) -> None:
        """The next edit starts a new undo step (a field lost focus, a command ran)."""
        self._merge_key = None

    def _on_contents_changed(self) -> None:
        self.changed.emit()
        self._settle.start()

    # --- saving ----------------------------------------------------------------------

    def disk_changed(self) -> bool:
        """Whether the file on disk differs from what was loaded or last saved."""
        return self.path is not None and differs_from(self.path, self.loaded_digest)

    def reload_from_disk(self) -> None:
        """Take the file's current text as one undoable step (undo brings the edits back).

        Raises ArticleError when the file cannot be read; nothing changes then.
        """
        if self.path is None:
            return
        article = Article.load(self.path)
        normalized, endings = LineEndings.split(article.text)
        self.end_merge()
        edit = minimal_edit(self.text(), 0, len(self.text()), normalized)
        if edit:
            self.apply([edit])
        self.end_merge()
        self.line_endings = endings
        self.encoding = article.encoding
        self.loaded_digest = digest(article.to_bytes())
        self.document.setModified(False)

    def save(self) -> None:
        """Write the document atomically (StorageError on failure; nothing changes then)."""
        if self.path is None:
            raise ValueError("the article has no file to save to")
        data = self.file_bytes()
        atomic_write(self.path, data)
        self.loaded_digest = digest(data)
        normalized, self.line_endings = LineEndings.split(self.file_text())
        assert normalized == self.text()
        self.document.setModified(False)
        self.end_merge()
        self.saved.emit()
