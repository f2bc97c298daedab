"""Review dialog for encoding repairs and Webflow clean-up: every change in context, ticked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.text_edit import TextEdit

CONTEXT = 32


class ReviewableChange(Protocol):
    """An encoding repair or a clean-up change: where, what, and what kind."""

    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> str: ...
    @property
    def kind(self) -> str: ...


def _visible(text: str) -> str:
    """Invisible characters shown by name, so a reviewer sees what changes."""
    names = {"\u200d": "⟨ZWJ⟩", "\u00a0": "⟨nbsp⟩", "\n": "⏎", "\uf8ff": "⟨U+F8FF⟩", "": "∅"}
    return "".join(names.get(ch, ch) for ch in text) if text else names[""]


class ChangeReviewDialog(QDialog):
    """Lists changes with check boxes; ``edits()`` gives the TextEdits of the ticked ones."""

    def __init__(
        self,
        title: str,
        summary: str,
        text: str,
        changes: Sequence[ReviewableChange],
        edits_for: Callable[[list[int]], list[TextEdit]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 520)
        self._edits_for = edits_for
        heading = QLabel(summary, self)
        heading.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Changes")
        self.list.setHeaderLabels(["Change", "In context", "Kind"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        for change in changes:
            start = change.offset
            end = change.offset + change.length
            context = (
                "…"
                + text[max(0, start - CONTEXT) : start].replace("\n", " ")
                + f" [{_visible(change.before)} → {_visible(change.after)}] "
                + text[end : end + CONTEXT].replace("\n", " ")
                + "…"
            )
            item = QTreeWidgetItem(
                [f"{_visible(change.before)} → {_visible(change.after)}", context, change.kind]
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setToolTip(1, context)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        self.list.setColumnWidth(1, 560)
        select_all = QPushButton("Select all", self)
        select_none = QPushButton("Select none", self)
        select_all.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        select_none.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(
            "Apply selected", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._update_count)
        row = QHBoxLayout()
        row.addWidget(select_all)
        row.addWidget(select_none)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self._update_count()

    def _items(self) -> list[QTreeWidgetItem]:
        items = [self.list.topLevelItem(row) for row in range(self.list.topLevelItemCount())]
        return [item for item in items if item is not None]

    def _check_all(self, state: Qt.CheckState) -> None:
        for item in self._items():
            item.setCheckState(0, state)

    def accepted_indices(self) -> list[int]:
        return [
            row
            for row, item in enumerate(self._items())
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _update_count(self) -> None:
        count = len(self.accepted_indices())
        self.apply_button.setText(f"Apply {count} change{'s' if count != 1 else ''}")
        self.apply_button.setEnabled(count > 0)

    def edits(self) -> list[TextEdit]:
        return self._edits_for(self.accepted_indices())
