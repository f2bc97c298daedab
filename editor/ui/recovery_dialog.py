"""Offer unsaved work found after a crash: each article, what differs, restore or discard."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.article import ArticleError
from editor.core.recovery import RecoveryEntry
from editor.ui.conflict_dialog import diff_against_disk


def recovery_diff(entry: RecoveryEntry) -> str:
    """A unified diff from the article on disk to the recovered text."""
    if entry.path is None:
        return entry.text
    try:
        diff = diff_against_disk(entry.path, entry.text, "your unsaved version")
    except ArticleError as error:
        return f"(the article cannot be read now: {error})\n\n{entry.text}"
    return diff or "(no difference from the file on disk)"


class RecoveryDialog(QDialog):
    """Lists recovered articles with check boxes and shows what each would change."""

    def __init__(self, entries: Sequence[RecoveryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = list(entries)
        self.setWindowTitle("Recover unsaved work")
        self.resize(860, 560)
        intro = QLabel(
            "Article Editor closed before these edits were saved. Tick the ones to restore: "
            "they open with your edits, unsaved, so you can review and save them.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Unsaved articles")
        for entry in self.entries:
            name = entry.path.name if entry.path else "New article (never saved)"
            note = "  — changed on disk since" if entry.article_changed_since() else ""
            item = QListWidgetItem(name + note)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(str(entry.path) if entry.path else "")
            self.list.addItem(item)
        self.diff = QPlainTextEdit(self)
        self.diff.setReadOnly(True)
        self.diff.setAccessibleName("Differences")
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.list.currentRowChanged.connect(self._show_diff)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.diff)
        splitter.setSizes([160, 380])
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            "Restore selected", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.discard_button = buttons.addButton(
            "Discard all", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.addButton("Decide later", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.accept)
        self.discard_button.clicked.connect(self._discard_all)
        buttons.rejected.connect(self.reject)
        self.discard_all = False
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)

    def _show_diff(self, row: int) -> None:
        self.diff.setPlainText(
            recovery_diff(self.entries[row]) if 0 <= row < len(self.entries) else ""
        )

    def _discard_all(self) -> None:
        self.discard_all = True
        self.accept()

    def chosen(self) -> list[RecoveryEntry]:
        """The ticked entries (none when the user discarded all)."""
        if self.discard_all:
            return []
        return [
            entry
            for row, entry in enumerate(self.entries)
            if (item := self.list.item(row)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]
