"""Library-wide changes with a preview: renaming or merging a tag or category, renaming a slug.

Each dialog asks what to change, shows every file and line the change touches (planned by the
core on the library worker), and applies it only when the writer says so. The dialogs hold no
rules: they emit what was asked and show what the window hands back.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.batch_change import BatchChange

_VALUE_ROLE = Qt.ItemDataRole.UserRole


class ChangePreview(QTreeWidget):
    """Every file of a planned change, and under it each line: ``-old`` then ``+new``."""

    MAX_FILES = 500  # beyond this the list says how many more (the change applies to all)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Changes")
        self.setHeaderLabels(["File and line", "Change"])
        self.setUniformRowHeights(True)
        self.setColumnWidth(0, 260)

    def show_batch(self, batch: BatchChange, root: Path) -> None:
        self.clear()
        for change in batch.changes[: self.MAX_FILES]:
            name = _relative(change.path, root)
            if change.new_path is not None:
                name += f" → {change.new_path.name}"
            item = QTreeWidgetItem([name, f"{len(change.lines)} line(s)"])
            for line in change.lines:
                if line.old is not None:
                    item.addChild(QTreeWidgetItem([f"line {line.line}", f"− {line.old}"]))
                if line.new is not None:
                    item.addChild(QTreeWidgetItem([f"line {line.line}", f"+ {line.new}"]))
            self.addTopLevelItem(item)
            item.setExpanded(len(batch.changes) <= 20)
        hidden = len(batch.changes) - self.MAX_FILES
        if hidden > 0:
            self.addTopLevelItem(QTreeWidgetItem([f"… and {hidden:,} more files", ""]))


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


class _BatchDialog(QDialog):
    """The shared part: a question on top, the preview, and Preview / Apply buttons."""

    apply_requested = Signal()

    def __init__(self, title: str, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 560)
        self.root = root
        self.batch: BatchChange | None = None
        self.preview = ChangePreview(self)
        self.status = QLabel(self)
        self.status.setAccessibleName("Change summary")
        self.status.setWordWrap(True)
        self.preview_button = QPushButton("Preview", self)
        self.preview_button.setAccessibleName("Preview")
        self.apply_button = QPushButton("Apply", self)
        self.apply_button.setAccessibleName("Apply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self._apply)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

    def _layout(self, question: QWidget) -> None:
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(question, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 2)
        layout.addLayout(row)

    def show_plan(self, batch: BatchChange) -> None:
        """Show a planned change; Apply becomes possible when it changes something."""
        self.batch = batch
        self.preview.show_batch(batch, self.root)
        notes = "\n".join(batch.notes)
        if batch:
            text = (
                f"{batch.description}: {batch.line_count:,} line(s) in "
                f"{len(batch.changes):,} file(s) will change."
            )
        else:
            text = "Nothing to change."
        self.status.setText(f"{text}\n{notes}".strip())
        self.apply_button.setEnabled(bool(batch))

    def show_message(self, message: str) -> None:
        self.batch = None
        self.preview.clear()
        self.status.setText(message)
        self.apply_button.setEnabled(False)

    def show_applied(self, count: int) -> None:
        self.status.setText(f"Done: {count:,} file(s) changed.")
        self.apply_button.setEnabled(False)
        self.batch = None

    def _apply(self) -> None:
        if self.batch:
            self.apply_button.setEnabled(False)
            self.apply_requested.emit()


class TaxonomyDialog(_BatchDialog):
    """Tags and categories with their counts; rename or merge the selected value."""

    preview_requested = Signal(str, str, str)  # field, old value, new value

    def __init__(
        self, vocabulary: dict[str, Counter[str]], root: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__("Tags and Categories", root, parent)
        self.values = QTreeWidget(self)
        self.values.setAccessibleName("Tags and categories")
        self.values.setHeaderLabels(["Value", "Articles"])
        self.values.setColumnWidth(0, 260)
        self.values.currentItemChanged.connect(self._chosen)
        self.new_name = QLineEdit(self)
        self.new_name.setAccessibleName("New name")
        self.new_name.setPlaceholderText("New name (an existing one merges the two)")
        self.new_name.returnPressed.connect(self._ask_preview)
        self.chosen = QLabel("Choose a value on the left", self)
        self.preview_button.clicked.connect(self._ask_preview)
        self.set_vocabulary(vocabulary)
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.addRow("Rename", self.chosen)
        form.addRow("To", self.new_name)
        split = QSplitter(self)
        split.addWidget(self.values)
        split.addWidget(form_widget)
        self._layout(split)

    def set_vocabulary(self, vocabulary: dict[str, Counter[str]]) -> None:
        self.values.clear()
        for field, counts in vocabulary.items():
            parent = QTreeWidgetItem([field, str(sum(counts.values()))])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                child = QTreeWidgetItem([value, str(count)])
                child.setData(0, _VALUE_ROLE, (field, value))
                parent.addChild(child)
            self.values.addTopLevelItem(parent)
            parent.setExpanded(True)

    def select(self, field: str, value: str) -> bool:
        for top in range(self.values.topLevelItemCount()):
            parent = self.values.topLevelItem(top)
            for row in range(parent.childCount() if parent is not None else 0):
                child = parent.child(row) if parent is not None else None
                if child is not None and child.data(0, _VALUE_ROLE) == (field, value):
                    self.values.setCurrentItem(child)
                    return True
        return False

    def current_value(self) -> tuple[str, str] | None:
        item = self.values.currentItem()
        data = item.data(0, _VALUE_ROLE) if item is not None else None
        return (str(data[0]), str(data[1])) if data else None

    def _chosen(self, *_: object) -> None:
        current = self.current_value()
        self.chosen.setText(f"{current[0]}: {current[1]}" if current else "Choose a value")
        self.show_message("")

    def _ask_preview(self) -> None:
        current = self.current_value()
        if current is None or not self.new_name.text().strip():
            self.show_message("Choose a value and type its new name.")
            return
        self.status.setText("Working out the changes…")
        self.preview_requested.emit(current[0], current[1], self.new_name.text().strip())


class SlugRenameDialog(_BatchDialog):
    """A new slug for the open article, with every link to it in the library."""

    preview_requested = Signal(str, str)  # old slug, new slug

    def __init__(self, slug: str, inbound: int, root: Path, parent: QWidget | None = None) -> None:
        super().__init__("Rename Slug", root, parent)
        self.old = slug
        self.new_slug = QLineEdit(slug, self)
        self.new_slug.setAccessibleName("New slug")
        self.new_slug.selectAll()
        self.new_slug.returnPressed.connect(self._ask_preview)
        self.preview_button.clicked.connect(self._ask_preview)
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.addRow("Current slug", QLabel(slug, self))
        form.addRow("Linked from", QLabel(f"{inbound} article(s)", self))
        form.addRow("New slug", self.new_slug)
        self._layout(form_widget)

    def _ask_preview(self) -> None:
        new = self.new_slug.text().strip()
        if not new or new == self.old:
            self.show_message("Type the new slug.")
            return
        self.status.setText("Working out the changes…")
        self.preview_requested.emit(self.old, new)
