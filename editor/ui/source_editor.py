"""The body source editor: a view on the article's one QTextDocument, front matter folded away."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core.html_format import format_breaks, formatted_offset, source_offset
from editor.ui.article_document import ArticleDocument, python_offset, qt_position
from editor.ui.highlighter import MarkupHighlighter, blend, is_dark

# The same lines the core's Article.layout accepts as the opening and closing of front
# matter (the document holds "\n"-separated blocks, so no "\r" can appear here).
_OPENING = re.compile(r"---[ \t]*")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*")
_PREFERRED_FONTS = [
    "JetBrains Mono",
    "Cascadia Code",
    "SF Mono",
    "Menlo",
    "Consolas",
    "Source Code Pro",
    "Noto Sans Mono",
    "DejaVu Sans Mono",
]


def front_matter_block_count(document: QTextDocument) -> int:
    """How many leading blocks are front matter (the opening line to the closing line).

    0 when there is none, or when it is never closed (the article is broken then and the
    writer should see all of it). When nothing follows the closing line, that line stays
    out of the count so the cursor has a visible place to rest.
    """
    block = document.firstBlock()
    if not _OPENING.fullmatch(block.text()):
        return 0
    block = block.next()
    while block.isValid():
        if _CLOSING.fullmatch(block.text()):
            return block.blockNumber() + (1 if block.next().isValid() else 0)
        block = block.next()
    return 0


def editor_font() -> QFont:
    """A fixed-pitch font at the application's reading size."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setFamilies([*_PREFERRED_FONTS, font.family()])
    font.setStyleHint(QFont.StyleHint.Monospace)
    size = QGuiApplication.font().pointSizeF()
    if size > 0:
        font.setPointSizeF(size)
    return font


@dataclass
class _FormattedView:
    """The read-only "Formatted HTML" document and how its lines map to the file's."""

    document: QTextDocument
    highlighter: MarkupHighlighter
    first_line: int  # the file line of the body's first line
    sources: list[str]  # the body's lines as in the file
    breaks: list[list[tuple[int, str]]]  # per source line: what formatting inserted
    first_block: list[int] = field(default_factory=list)  # per source line: its first block
    line_of_block: list[int | None] = field(default_factory=list)  # file line, or None

    @classmethod
    def build(cls, body: str, first_line: int, parent: QObject) -> _FormattedView:
        sources = body.split("\n")
        breaks = [format_breaks(line) for line in sources]
        pieces: list[str] = []
        first_block: list[int] = []
        line_of_block: list[int | None] = []
        for number, (line, inserted) in enumerate(zip(sources, breaks, strict=True)):
            first_block.append(len(line_of_block))
            line_of_block.append(first_line + number)
            line_of_block.extend([None] * len(inserted))
            position = 0
            for offset, text in inserted:
                pieces.append(line[position:offset])
                pieces.append(text)
                position = offset
            pieces.append(line[position:])
            pieces.append("\n")
        document = QTextDocument(parent)
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setUndoRedoEnabled(False)  # nothing to undo: it cannot be edited
        document.setPlainText("".join(pieces)[:-1])
        return cls(
            document,
            MarkupHighlighter(document),
            first_line,
            sources,
            breaks,
            first_block,
            line_of_block,
        )

    def position_of(self, file_line: int, offset: int) -> int:
        """The view position of ``offset`` (Python characters) in the file line."""
        index = min(max(file_line - self.first_line, 0), len(self.sources) - 1)
        target = formatted_offset(self.breaks[index], offset)
        start = self.document.findBlockByNumber(self.first_block[index])
        formatted = self._formatted_line(index)
        return start.position() + qt_position(formatted, min(target, len(formatted)))

    def source_of(self, position: int) -> tuple[int, int]:
        """The file line and Python offset in it shown at view ``position``."""
        block = self.document.findBlock(position)
        number = block.blockNumber()
        while self.line_of_block[number] is None:
            number -= 1
        file_line = self.line_of_block[number]
        assert file_line is not None
        index = file_line - self.first_line
        start = self.document.findBlockByNumber(number).position()
        formatted = self._formatted_line(index)
        offset = python_offset(formatted, position - start)
        return file_line, source_offset(self.breaks[index], offset)

    def _formatted_line(self, index: int) -> str:
        line = self.sources[index]
        pieces: list[str] = []
        position = 0
        for offset, text in self.breaks[index]:
            pieces.append(line[position:offset])
            pieces.append(text)
            position = offset
        pieces.append(line[position:])
        return "".join(pieces)


class _Gutter(QWidget):
    """The line-number strip; the editor paints it (it knows the block geometry)."""

    def __init__(self, editor: SourceEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_gutter(event)


class SourceEditor(QPlainTextEdit):
    """Edits the article body in place in the shared document; front matter is hidden."""

    formatted_view_changed = Signal(bool)
    file_line_changed = Signal(int)  # 1-based file line of the cursor (for preview sync)

    FORMATTED_REFRESH_MS = 300

    def __init__(
        self, article_document: ArticleDocument | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("source_editor")
        self.setAccessibleName("Body")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Long URLs have no spaces: without "Anywhere" they would overflow the width.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFont(editor_font())
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self._article_document: ArticleDocument | None = None
        self._real: QTextDocument | None = None
        self._highlighter: MarkupHighlighter | None = None
        self._hidden = 0  # leading blocks of the real document that are hidden
        self._raw = False  # raw mode: front matter shown (it cannot be read by the form)
        self._formatted: _FormattedView | None = None
        self._saved_cursor: QTextCursor | None = None
        self._formatted_start = 0
        self._last_line = 0
        self._search_selections: list[QTextEdit.ExtraSelection] = []
        self._gutter = _Gutter(self)
        self._refresh_formatted = QTimer(self, singleShot=True, interval=self.FORMATTED_REFRESH_MS)
        self._refresh_formatted.timeout.connect(self._rebuild_formatted)
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.selectionChanged.connect(self._keep_cursor_in_body)
        self._update_gutter_width()
        if article_document is not None:
            self.set_article_document(article_document)

    # --- the document ----------------------------------------------------------------

    @property
    def article_document(self) -> ArticleDocument | None:
        return self._article_document

    def set_article_document(self, article_document: ArticleDocument) -> None:
        """Show ``article_document``'s own QTextDocument: typing edits the article itself."""
        self.set_formatted_view(False)
        if self._real is not None:
            self._real.contentsChange.disconnect(self._on_contents_change)
            self._real.contentsChanged.disconnect(self._on_real_changed)
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
            self._highlighter.deleteLater()
        self._article_document = article_document
        self._real = article_document.document
        self._hidden = 0
        # Connected before setDocument so the fold is up to date before the editor's own
        # handlers (cursor, scrolling) see a change.
        self._real.contentsChange.connect(self._on_contents_change)
        self._real.contentsChanged.connect(self._on_real_changed)
        # Colouring a very large article would take seconds and is of little help there.
        self._highlighter = None if article_document.is_large else MarkupHighlighter(self._real)
        self.setDocument(self._real)
        self.setReadOnly(False)
        self._hide_front_matter()
        self.move_to_body_start()

    def show_front_matter(self, on: bool) -> None:
        """Raw mode: show the front matter too, so YAML the form cannot read can be fixed here."""
        if on == self._raw:
            return
        self._raw = on
        self._hide_front_matter()

    @property
    def shows_front_matter(self) -> bool:
        return self._raw

    def body_position(self) -> int:
        """The Qt position where the shown text starts (the body, or 0 when formatted)."""
        if self._formatted is not None or self._real is None or self._hidden == 0:
            return 0
        return self._real.findBlockByNumber(self._hidden).position()

    def first_body_line(self) -> int:
        """The file line of the first line this editor shows."""
        if self._formatted is not None:
            return self._formatted.first_line
        return self._hidden + 1

    def move_to_body_start(self) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.body_position())
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _hide_front_matter(self) -> None:
        """Fold away the front matter blocks (and unfold blocks that are no longer in it)."""
        document = self._real
        if document is None:
            return
        count = 0 if self._raw else front_matter_block_count(document)
        # Blocks split off a hidden block may inherit its visibility, so the block after
        # the front matter is checked as well.
        limit = max(count, self._hidden) + 1
        first_changed = last_changed = -1
        block = document.firstBlock()
        while block.isValid() and block.blockNumber() <= limit:
            visible = block.blockNumber() >= count
            if block.isVisible() != visible:
                block.setVisible(visible)
                if first_changed < 0:
                    first_changed = block.position()
                last_changed = block.position() + block.length()
            block = block.next()
        self._hidden = count
        if first_changed >= 0:
            # The layout only notices visibility when the blocks are marked dirty.
            document.markContentsDirty(first_changed, last_changed - first_changed)
            self.viewport().update()
            self._gutter.update()

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        document = self._real
        if document is None:
            return
        body = document.findBlockByNumber(self._hidden).position() if self._hidden else 0
        if position <= body or front_matter_block_count(document) != self._hidden:
            self._hide_front_matter()
            return
        if added and self._hidden:
            # New lines typed or pasted in the body must never inherit a hidden state.
            block = document.findBlock(position)
            end = document.findBlock(position + added)
            while block.isValid() and block.blockNumber() <= end.blockNumber():
                if not block.isVisible():
                    self._show_blocks(block, end)
                    break
                block = block.next()

    def _show_blocks(self, start: QTextBlock, end: QTextBlock) -> None:
        document = self._real
        assert document is not None
        block = start
        while block.isValid() and block.blockNumber() <= end.blockNumber():
            block.setVisible(True)
            block = block.next()
        document.markContentsDirty(
            start.position(), end.position() + end.length() - start.position()
        )

    # --- keeping the cursor in the body ----------------------------------------------

    def _keep_cursor_in_body(self) -> None:
        lowest = self.body_position()
        cursor = self.textCursor()
        if cursor.anchor() >= lowest and cursor.position() >= lowest:
            return
        moved = QTextCursor(cursor)
        moved.setPosition(max(cursor.anchor(), lowest))
        moved.setPosition(max(cursor.position(), lowest), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(moved)
        self.ensureCursorVisible()

    def _on_cursor_moved(self) -> None:
        self._keep_cursor_in_body()
        self._highlight_current_line()
        line = self.cursor_file_line()
        if line != self._last_line:
            self._last_line = line
            self.file_line_changed.emit(line)

    def cursor_file_line(self) -> int:
        """The file line the cursor is on (in the formatted view: the line it came from)."""
        cursor = self.textCursor()
        if self._formatted is not None:
            return self._formatted.source_of(cursor.position())[0]
        return cursor.blockNumber() + 1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        cursor = self.textCursor()
        at_body_start = (
            not cursor.hasSelection()
            and self.body_position() > 0
            and cursor.position() == self.body_position()
        )
        if at_body_start and event.key() == Qt.Key.Key_Backspace:
            # It would join the body to the closing --- line and break the front matter.
            event.accept()
            return
        if (
            event.matches(QKeySequence.StandardKey.DeleteCompleteLine)
            and self._hidden
            and cursor.blockNumber() == self._hidden
            and not self.isReadOnly()
        ):
            # Qt deletes the line with the break before it, which is the closing line's.
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.removeSelectedText()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Focus here means a form field lost it: its typing must not merge with ours.
        if self._article_document is not None:
            self._article_document.end_merge()
        super().focusInEvent(event)

    # --- go to line --------------------------------------------------------------------

    def go_to_line(self, line: int, column: int = 1) -> int:
        """Put the cursor on file line ``line`` at ``column`` (1-based, in characters, as
        problems give it); returns the line reached.

        Lines in the hidden front matter go to the body's first line; past the end,
        to the last line.
        """
        document = self.document()
        last = self._file_line_count()
        line = min(max(line, self.first_body_line()), last)
        if self._formatted is not None:
            position = self._formatted.position_of(line, column - 1)
        else:
            block = document.findBlockByNumber(line - 1)
            text = block.text()
            position = block.position() + qt_position(text, min(max(column - 1, 0), len(text)))
        cursor = self.textCursor()
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        self.centerCursor()
        return line

    def _file_line_count(self) -> int:
        if self._formatted is not None:
            return self._formatted.first_line + len(self._formatted.sources) - 1
        return self.document().blockCount()

    def ask_go_to_line(self) -> GoToLineDialog:
        """Open the small "Go to line" dialog (window-modal, not blocking) and return it."""
        dialog = GoToLineDialog(
            self.cursor_file_line(), self.first_body_line(), self._file_line_count(), self
        )
        dialog.line_chosen.connect(self.go_to_line)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def create_go_to_line_action(self, parent: QObject) -> QAction:
        """A "Go to Line…" action on Ctrl+L for the window's menus."""
        action = QAction("&Go to Line…", parent)
        action.setShortcut(QKeySequence("Ctrl+L"))
        action.triggered.connect(self.ask_go_to_line)
        return action

    # --- the formatted (read-only) view ------------------------------------------------

    def is_formatted_view(self) -> bool:
        return self._formatted is not None

    def set_formatted_view(self, on: bool) -> None:
        """Show the body's HTML laid out for reading (read-only), or the real text again.

        The laid-out text lives in a separate document: the article is never changed,
        and going back shows the real document with its cursor and undo history intact.
        """
        if on == (self._formatted is not None) or self._real is None:
            return
        if on:
            self._saved_cursor = QTextCursor(self.textCursor())
            self._show_formatted(self._saved_cursor)
        else:
            formatted = self._formatted
            assert formatted is not None
            moved = self.textCursor().position() != self._formatted_start
            file_line, offset = formatted.source_of(self.textCursor().position())
            self._refresh_formatted.stop()
            self._formatted = None
            self.setDocument(self._real)
            self.setReadOnly(False)
            formatted.highlighter.setDocument(None)
            formatted.document.deleteLater()
            if moved:
                block = self._real.findBlockByNumber(file_line - 1)
                cursor = QTextCursor(self._real)
                cursor.setPosition(block.position() + qt_position(block.text(), offset))
                self.setTextCursor(cursor)
            elif self._saved_cursor is not None:
                self.setTextCursor(self._saved_cursor)  # it followed any edits meanwhile
            self._saved_cursor = None
            self._keep_cursor_in_body()
            self.ensureCursorVisible()
        self._update_gutter_width()
        self.formatted_view_changed.emit(on)

    def _body_text(self) -> str:
        assert self._real is not None
        start = self._real.findBlockByNumber(self._hidden).position() if self._hidden else 0
        text = self._real.toRawText().replace("\u2029", "\n")
        return text[python_offset(text, start) :]

    def _show_formatted(self, anchor: QTextCursor) -> None:
        formatted = _FormattedView.build(self._body_text(), self._hidden + 1, self)
        self._formatted = formatted
        self.setDocument(formatted.document)
        self.setReadOnly(True)
        block = anchor.block()
        line = max(block.blockNumber() + 1, formatted.first_line)
        offset = python_offset(block.text(), anchor.positionInBlock())
        cursor = QTextCursor(formatted.document)
        cursor.setPosition(formatted.position_of(line, offset))
        self._formatted_start = cursor.position()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _on_real_changed(self) -> None:
        if self._formatted is not None:
            self._refresh_formatted.start()

    def _rebuild_formatted(self) -> None:
        """Lay the body out again after the article changed under the formatted view."""
        old = self._formatted
        if old is None or self._real is None:
            return
        scroll = self.verticalScrollBar().value()
        line, offset = old.source_of(self.textCursor().position())
        block = self._real.findBlockByNumber(min(line, self._real.blockCount()) - 1)
        cursor = QTextCursor(self._real)
        text = block.text()
        cursor.setPosition(block.position() + qt_position(text, min(offset, len(text))))
        self._show_formatted(cursor)
        old.highlighter.setDocument(None)
        old.document.deleteLater()
        self.verticalScrollBar().setValue(scroll)

    # --- painting ----------------------------------------------------------------------

    def set_search_highlights(self, cursors: list[QTextCursor]) -> None:
        """Mark these ranges (find matches) softly, beside the current-line highlight."""
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(60)
        selections = []
        for cursor in cursors:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format.setBackground(colour)
            selections.append(selection)
        self._search_selections = selections
        self._highlight_current_line()

    def _highlight_current_line(self) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        towards = palette.color(
            QPalette.ColorRole.Text if is_dark(palette) else QPalette.ColorRole.Highlight
        )
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(blend(base, towards, 0.07))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = self.textCursor()
        cursor.clearSelection()
        selection.cursor = cursor
        self.setExtraSelections([selection, *self._search_selections])

    def gutter_width(self) -> int:
        digits = len(str(max(self._file_line_count() if self._real else 1, 1)))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(digits, 2)

    def _update_gutter_width(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_gutter_width()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            highlighters = [self._highlighter]
            if self._formatted is not None:
                highlighters.append(self._formatted.highlighter)
            for highlighter in highlighters:
                if highlighter is not None:
                    highlighter.refresh_colours()
            self._highlight_current_line()

    def line_label(self, block: QTextBlock) -> str:
        if self._formatted is not None:
            line = self._formatted.line_of_block[block.blockNumber()]
            return "" if line is None else str(line)
        return str(block.blockNumber() + 1)

    def paint_gutter(self, event: QPaintEvent) -> None:
        """Paint the numbers of the blocks on screen only: cheap however long the file."""
        palette = self.palette()
        painter = QPainter(self._gutter)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(event.rect(), blend(base, palette.color(QPalette.ColorRole.Window), 0.5))
        muted = blend(text, base, 0.55)
        current = self.textCursor().blockNumber()
        height = self.fontMetrics().height()
        width = self._gutter.width() - 8
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        bottom_limit = event.rect().bottom()
        while block.isValid() and top <= bottom_limit:
            bottom = top + self.blockBoundingRect(block).height()
            if block.isVisible() and bottom >= event.rect().top():
                painter.setPen(text if block.blockNumber() == current else muted)
                painter.drawText(
                    0, int(top), width, height, Qt.AlignmentFlag.AlignRight, self.line_label(block)
                )
            block = block.next()
            top = bottom
        painter.end()


class GoToLineDialog(QDialog):
    """Asks for a file line number within the lines the editor shows."""

    line_chosen = Signal(int)

    def __init__(self, current: int, first: int, last: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("go_to_line_dialog")
        self.setWindowTitle("Go to Line")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.spin_box = QSpinBox(self)
        self.spin_box.setAccessibleName("Line number")
        self.spin_box.setRange(first, last)
        self.spin_box.setValue(min(max(current, first), last))
        self.spin_box.selectAll()
        label = QLabel(f"&Line ({first}–{last}):", self)
        label.setBuddy(self.spin_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.spin_box)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: self.line_chosen.emit(self.spin_box.value()))
