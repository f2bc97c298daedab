"""A chip editor for one tag group: chips with remove buttons and an input with completion."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolButton, QWidget

from editor.ui.flow_layout import FlowLayout


class TagChip(QToolButton):
    """One tag: click (or Delete/Backspace while focused) removes it."""

    remove_requested = Signal(str)

    def __init__(self, tag: str, known: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setText(f"{tag}  ×")
        self.setAccessibleName(f"Remove tag {tag}")
        tip = f"Remove “{tag}”" if known else f"“{tag}” is not in the team's list. Click to remove."
        self.setToolTip(tip)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("unknown", not known)
        self.setAutoRaise(False)
        self.clicked.connect(lambda: self.remove_requested.emit(self.tag))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit(self.tag)
            return
        super().keyPressEvent(event)


class TagGroupEditor(QWidget):
    """Edits the list of one tag group. ``tags_changed`` fires on every user change."""

    tags_changed = Signal(list)

    def __init__(self, group: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self._tags: list[str] = []
        self._vocabulary: list[str] = []
        self.setAccessibleName(f"Tags: {group}")
        self._layout = FlowLayout(self, spacing=4)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.input = QLineEdit(self)
        self.input.setPlaceholderText(f"Add {group} tag…")
        self.input.setAccessibleName(f"Add tag to {group}")
        self.input.setToolTip(
            "Type a tag and press Enter or comma. Backspace on empty removes the last."
        )
        self.input.setMinimumWidth(110)
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._add_from_completer)
        self.input.setCompleter(completer)
        self.input.returnPressed.connect(self._add_from_input)
        self.input.textEdited.connect(self._on_text_edited)
        self.input.installEventFilter(self)
        self._layout.addWidget(self.input)
        self.setFocusProxy(self.input)

    # --- the model -----------------------------------------------------------------

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_tags(self, tags: Sequence[str]) -> None:
        """Show ``tags`` (from the document); does not emit ``tags_changed``."""
        if list(tags) == self._tags:
            return
        self._tags = list(tags)
        self._rebuild()

    def set_vocabulary(self, values: Iterable[str]) -> None:
        self._vocabulary = sorted(set(values))
        self._update_completions()
        self._rebuild()

    def _update_completions(self) -> None:
        self._completions.setStringList([v for v in self._vocabulary if v not in self._tags])

    def _rebuild(self) -> None:
        focused_tag = next((w.tag for w in self.findChildren(TagChip) if w.hasFocus()), None)
        for chip in self.findChildren(TagChip):
            self._layout.removeWidget(chip)
            chip.deleteLater()
        known = set(self._vocabulary)
        for index, tag in enumerate(self._tags):
            chip = TagChip(tag, not known or tag in known, self)
            chip.remove_requested.connect(self._remove)
            self._layout.insertWidget(index, chip)
            if tag == focused_tag:
                chip.setFocus()
        self.setAccessibleDescription(", ".join(self._tags) or "no tags")
        self._update_completions()
        self._layout.invalidate()

    # --- user actions ----------------------------------------------------------------

    def _change(self, tags: list[str]) -> None:
        self._tags = tags
        self._rebuild()
        self.tags_changed.emit(list(tags))

    def _add(self, text: str) -> None:
        tag = text.strip().strip(",").strip()
        self.input.clear()
        if tag and tag not in self._tags:
            self._change([*self._tags, tag])

    def _add_from_input(self) -> None:
        self._add(self.input.text())

    def _add_from_completer(self, text: str) -> None:
        self._add(text)

    def _on_text_edited(self, text: str) -> None:
        if "," in text:
            for part in text.split(","):
                self._add(part)

    def _remove(self, tag: str) -> None:
        if tag in self._tags:
            index = self._tags.index(tag)
            self._change([t for t in self._tags if t != tag])
            chips = self.findChildren(TagChip)
            target: QWidget = chips[min(index, len(chips) - 1)] if chips else self.input
            target.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Backspace
            and not self.input.text()
            and self._tags
        ):
            self._change(self._tags[:-1])
            return True
        return super().eventFilter(watched, event)
