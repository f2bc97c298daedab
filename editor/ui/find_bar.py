"""Find and replace in the body a SourceEditor shows (never in the hidden front matter)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from editor.ui.source_editor import SourceEditor

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Marking every match costs an extra selection each; past this many only the count is shown.
MAX_MARKED = 500


@dataclass(frozen=True)
class _Search:
    """The matches of one pattern in one state of the text, in Python offsets."""

    text: str
    pattern: re.Pattern[str]
    starts: list[int]
    ends: list[int]
    astral: list[int]  # offsets of characters Qt counts twice

    def qt(self, offset: int) -> int:
        return offset + bisect_left(self.astral, offset)

    def python(self, position: int) -> int:
        # Each astral character before the offset adds one Qt unit; walk back past them.
        offset = position
        while self.qt(offset) > position:
            offset -= 1
        return offset

    def span(self, index: int) -> tuple[int, int]:
        """Qt positions of match ``index``."""
        return self.qt(self.starts[index]), self.qt(self.ends[index])

    def __len__(self) -> int:
        return len(self.starts)


class FindBar(QWidget):
    """A find/replace strip for a :class:`SourceEditor`; the window places and shows it."""

    matches_changed = Signal(int, int)  # current match (1-based, 0 when none), total
    replaced = Signal(int)  # how many matches a Replace or Replace all changed

    def __init__(self, editor: SourceEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.setAccessibleName("Find and replace")
        self._editor = editor
        self._search: _Search | None = None
        self._error = ""

        self.find_field = QLineEdit(self)
        self.find_field.setAccessibleName("Find")
        self.find_field.setPlaceholderText("Find in body")
        self.find_field.setClearButtonEnabled(True)
        self.replace_field = QLineEdit(self)
        self.replace_field.setAccessibleName("Replace with")
        self.replace_field.setPlaceholderText("Replace with")
        self.previous_button = QPushButton("Previous", self)
        self.next_button = QPushButton("Next", self)
        self.replace_button = QPushButton("Replace", self)
        self.replace_all_button = QPushButton("Replace all", self)
        self.match_case = QCheckBox("Match case", self)
        self.regular_expression = QCheckBox("Regular expression", self)
        self.status = QLabel(self)
        self.status.setAccessibleName("Matches")
        self.status.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 of 0000"))
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAccessibleName("Close find bar")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAutoRaise(True)

        layout = QGridLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.find_field, 0, 0)
        layout.addWidget(self.previous_button, 0, 1)
        layout.addWidget(self.next_button, 0, 2)
        layout.addWidget(self.match_case, 0, 3)
        layout.addWidget(self.regular_expression, 0, 4)
        layout.addWidget(self.status, 0, 5)
        layout.addWidget(self.close_button, 0, 6)
        layout.addWidget(self.replace_field, 1, 0)
        layout.addWidget(self.replace_button, 1, 1)
        layout.addWidget(self.replace_all_button, 1, 2)
        layout.setColumnStretch(0, 1)
        self._replace_row = (self.replace_field, self.replace_button, self.replace_all_button)

        self._refresh = QTimer(self, singleShot=True, interval=200)
        self._refresh.timeout.connect(self._update_status)
        self.find_field.textChanged.connect(self._search_as_typed)
        self.match_case.toggled.connect(self._search_as_typed)
        self.regular_expression.toggled.connect(self._search_as_typed)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        self.find_field.installEventFilter(self)
        self.replace_field.installEventFilter(self)
        editor.installEventFilter(self)
        editor.textChanged.connect(self._text_changed)
        editor.formatted_view_changed.connect(self._view_changed)
        self.hide()

    # --- showing -----------------------------------------------------------------------

    def show_find(self) -> None:
        """Show the bar with the Find field focused (the selection, if short, prefilled)."""
        self._open(replace=False)

    def show_replace(self) -> None:
        """Show the bar with the Replace row too."""
        self._open(replace=True)

    def _open(self, *, replace: bool) -> None:
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 200:
            self.find_field.blockSignals(True)  # the selection is already the match
            self.find_field.setText(
                re.escape(selected) if self.regular_expression.isChecked() else selected
            )
            self.find_field.blockSignals(False)
            self._search = None
        for widget in self._replace_row:
            widget.setVisible(replace)
        self._enable_replace()
        self.show()
        self.find_field.setFocus()
        self.find_field.selectAll()
        self._update_status()

    def close_bar(self) -> None:
        """Hide the bar and give the keyboard back to the editor."""
        self.hide()
        self._editor.set_search_highlights([])
        self._editor.setFocus()

    def create_find_action(self, parent: QObject) -> QAction:
        action = QAction("&Find…", parent)
        action.setShortcuts(QKeySequence.StandardKey.Find)
        action.triggered.connect(self.show_find)
        return action

    def create_replace_action(self, parent: QObject) -> QAction:
        action = QAction("R&eplace…", parent)
        action.setShortcuts(QKeySequence.StandardKey.Replace)
        action.triggered.connect(self.show_replace)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape and self.isVisible():
            self.close_bar()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.find_field:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if watched is self.replace_field:
                self.replace()
                return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    # --- searching ---------------------------------------------------------------------

    def matches(self) -> list[tuple[int, int]]:
        """Every match as Qt ``(start, end)`` positions in the editor's document."""
        search = self._current()
        return [search.span(index) for index in range(len(search))] if search else []

    def _current(self) -> _Search | None:
        """The matches for the current pattern and text, computed when first needed."""
        if self._search is not None:
            return self._search
        needle = self.find_field.text()
        self._error = ""
        if not needle:
            return None
        flags = re.MULTILINE | (0 if self.match_case.isChecked() else re.IGNORECASE)
        try:
            source = needle if self.regular_expression.isChecked() else re.escape(needle)
            pattern = re.compile(source, flags)
        except re.error as error:
            self._error = str(error)
            return None
        document = self._editor.document()
        text = document.toRawText().replace("\u2029", "\n")
        astral = [match.start() for match in _ASTRAL.finditer(text)]
        search = _Search(text, pattern, [], [], astral)
        # Start at the body: the hidden front matter is the form's, never searched.
        start = search.python(self._editor.body_position())
        for match in pattern.finditer(text, start):
            if match.end() > match.start():  # an empty match cannot be selected or replaced
                search.starts.append(match.start())
                search.ends.append(match.end())
        self._search = search
        return search

    def _search_as_typed(self) -> None:
        """Select the first match from where the cursor is, so the search grows in place."""
        self._search = None
        search = self._current()
        cursor = self._editor.textCursor()
        if search and len(search):
            origin = search.python(cursor.selectionStart())
            index = bisect_left(search.starts, origin)
            self._select(index % len(search))
        elif cursor.hasSelection():
            # Nothing matches any more: do not leave the last partial match selected.
            cursor.setPosition(cursor.selectionStart())
            self._editor.setTextCursor(cursor)
        self._update_status()

    def find_next(self) -> bool:
        """Select the next match after the cursor (wrapping round); False when none."""
        search = self._current()
        if not search or not len(search):
            self._update_status()
            return False
        end = search.python(self._editor.textCursor().selectionEnd())
        index = bisect_left(search.starts, end)
        self._select(index % len(search))
        self._update_status()
        return True

    def find_previous(self) -> bool:
        """Select the match before the cursor (wrapping round); False when none."""
        search = self._current()
        if not search or not len(search):
            self._update_status()
            return False
        start = search.python(self._editor.textCursor().selectionStart())
        index = bisect_left(search.starts, start) - 1
        self._select(index % len(search))
        self._update_status()
        return True

    def _select(self, index: int) -> None:
        search = self._search
        assert search is not None
        start, end = search.span(index)
        cursor = self._editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()

    def _current_index(self) -> int | None:
        """The index of the match the selection covers exactly, if any."""
        search = self._current()
        cursor = self._editor.textCursor()
        if not search or not cursor.hasSelection():
            return None
        start = search.python(cursor.selectionStart())
        index = bisect_left(search.starts, start)
        if index < len(search) and search.span(index) == (
            cursor.selectionStart(),
            cursor.selectionEnd(),
        ):
            return index
        return None

    # --- replacing ---------------------------------------------------------------------

    def _replacement(self, search: _Search, index: int) -> str:
        replacement = self.replace_field.text()
        if not self.regular_expression.isChecked():
            return replacement
        match = search.pattern.match(search.text, search.starts[index])
        # \1, \g<name> and \n in the replacement, as Python's re.sub reads them.
        return match.expand(replacement) if match else replacement

    def replace(self) -> bool:
        """Replace the selected match and select the next one; False when nothing changed."""
        if self._editor.isReadOnly():
            return False
        index = self._current_index()
        search = self._search
        if index is None or search is None:
            self.find_next()  # first show the writer what would be replaced
            return False
        replacement = self._replacement(search, index)
        self._end_form_merge()
        cursor = self._editor.textCursor()
        cursor.insertText(replacement)
        self._editor.setTextCursor(cursor)
        self._search = None
        self.replaced.emit(1)
        self.find_next()
        return True

    def replace_all(self) -> int:
        """Replace every match in the body as one undo step; returns how many."""
        search = self._current()
        if self._editor.isReadOnly() or not search or not len(search):
            self._update_status()
            return 0
        replacements = [self._replacement(search, index) for index in range(len(search))]
        self._end_form_merge()
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        # From the end, so the positions of the matches still to do stay valid.
        for index in reversed(range(len(search))):
            start, end = search.span(index)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(replacements[index])
        cursor.endEditBlock()
        count = len(search)
        self._search = None
        self._update_status()
        self.status.setText(f"Replaced {count}")
        self.replaced.emit(count)
        return count

    def _end_form_merge(self) -> None:
        # A replacement is its own undo step, never merged into a form field's typing.
        document = self._editor.article_document
        if document is not None:
            document.end_merge()

    # --- keeping the bar current -----------------------------------------------------

    def _text_changed(self) -> None:
        self._search = None
        if self.isVisible():
            self._refresh.start()

    def _view_changed(self) -> None:
        self._search = None
        self._enable_replace()
        if self.isVisible():
            self._update_status()

    def _enable_replace(self) -> None:
        editable = not self._editor.isReadOnly()
        for widget in self._replace_row:
            widget.setEnabled(editable)

    def _update_status(self) -> None:
        search = self._current()
        total = len(search) if search else 0
        index = self._current_index() if total else None
        if self._error:
            self.status.setText("Invalid expression")
            self.status.setToolTip(self._error)
        elif not self.find_field.text():
            self.status.setText("")
        elif total == 0:
            self.status.setText("No matches")
        elif index is None:
            self.status.setText(f"{total} matches" if total > 1 else "1 match")
        else:
            self.status.setText(f"{index + 1} of {total}")
        if not self._error:
            self.status.setToolTip("")
        self._mark(search if self.isVisible() else None)
        self.matches_changed.emit(0 if index is None else index + 1, total)

    def _mark(self, search: _Search | None) -> None:
        cursors: list[QTextCursor] = []
        if search is not None and len(search) <= MAX_MARKED:
            document = self._editor.document()
            for index in range(len(search)):
                start, end = search.span(index)
                cursor = QTextCursor(document)
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursors.append(cursor)
        self._editor.set_search_highlights(cursors)
