"""Saving over a file that changed on disk: ask Reload, Overwrite or Compare, never decide alone."""

from __future__ import annotations

import difflib
from enum import Enum
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core.article import Article, ArticleError
from editor.ui.article_document import ArticleDocument, LineEndings


class Choice(Enum):
    RELOAD = "reload"  # take the version on disk (the writer's edits can be redone)
    OVERWRITE = "overwrite"  # save the writer's version over it
    CANCEL = "cancel"


def diff_against_disk(path: Path, text: str, to_name: str) -> str:
    """A unified diff from the article at ``path`` (its line breaks as the window shows
    them) to ``text``; empty when they are the same. ArticleError when it cannot be read."""
    on_disk, _ = LineEndings.split(Article.load(path).text)
    lines = difflib.unified_diff(
        on_disk.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile="on disk",
        tofile=to_name,
    )
    return "".join(lines)


def disk_diff(document: ArticleDocument) -> str:
    """A unified diff from the file on disk to the open version."""
    assert document.path is not None
    try:
        diff = diff_against_disk(document.path, document.text(), "your version")
    except ArticleError as error:
        return f"The file on disk cannot be read: {error}"
    return diff or "The file on disk has the same text as yours."


class DiffDialog(QDialog):
    def __init__(self, title: str, diff: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 560)
        view = QPlainTextEdit(diff, self)
        view.setReadOnly(True)
        view.setAccessibleName("Differences")
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)


def ask_conflict(parent: QWidget, document: ArticleDocument) -> Choice:
    """Ask what to do about a file that changed on disk since it was opened."""
    name = document.path.name if document.path else "The article"
    while True:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Changed on disk")
        box.setText(f"“{name}” changed on disk since you opened it.")
        box.setInformativeText(
            "Reload takes the version on disk (undo brings yours back); Overwrite saves yours "
            "over it."
        )
        reload = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.AcceptRole)
        compare = box.addButton("Compare…", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is compare:
            DiffDialog(f"{name}: on disk and yours", disk_diff(document), parent).exec()
            continue
        if clicked is reload:
            return Choice.RELOAD
        if clicked is overwrite:
            return Choice.OVERWRITE
        return Choice.CANCEL
