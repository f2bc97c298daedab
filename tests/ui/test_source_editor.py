"""The body source editor on the seed: folded front matter, shared undo, find, go to line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from editor.core.article import Article
from editor.core.config import DEFAULT_CONFIG
from editor.ui.article_document import ArticleDocument, qt_position
from editor.ui.find_bar import FindBar
from editor.ui.highlighter import MarkupHighlighter
from editor.ui.source_editor import SourceEditor
from tests.conftest import SEED

MOJIBAKE = "‚Äô"
BODY_LINE = 18  # the seed's body starts on file line 18


class Window(QWidget):
    """What the main window does for the editor: lay it out with its find bar, own actions."""

    def __init__(self, document: ArticleDocument) -> None:
        super().__init__()
        self.editor = SourceEditor(document)
        self.find_bar = FindBar(self.editor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(self.find_bar)
        self.addAction(self.find_bar.create_find_action(self))
        self.addAction(self.find_bar.create_replace_action(self))
        self.addAction(self.editor.create_go_to_line_action(self))
        self.resize(900, 600)


@pytest.fixture
def document(qapp: object) -> ArticleDocument:
    return ArticleDocument(Article.load(SEED), DEFAULT_CONFIG)


@pytest.fixture
def window(qtbot: QtBot, document: ArticleDocument) -> Iterator[Window]:
    window = Window(document)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.editor.setFocus()
    yield window


def body_position(document: ArticleDocument) -> int:
    return qt_position(document.text(), document.article().layout.body_start)


def press(qtbot: QtBot, widget: QWidget, keys: QKeySequence.StandardKey | str) -> None:
    """Press a shortcut as the platform defines it (Ctrl+H or Ctrl+R for Replace, ...)."""
    sequence = QKeySequence(keys) if isinstance(keys, str) else QKeySequence.keyBindings(keys)[0]
    combination = sequence[0]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; characters with no key of their own come as the key's text.

    QTest.keyClicks only knows ASCII (it aborts on "‚"), while a writer gets "’" from an
    input method or a compose key: a key event that carries the character as its text.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )


def test_editor_shows_the_body_and_hides_the_front_matter(
    window: Window, document: ArticleDocument
) -> None:
    """Ensure the front matter lines are folded away and the cursor starts at the body."""
    editor = window.editor
    assert editor.accessibleName() == "Body"
    assert editor.document() is document.document  # the same document, not a copy
    blocks = [document.document.findBlockByNumber(n) for n in range(document.document.blockCount())]
    assert [block.isVisible() for block in blocks[: BODY_LINE - 1]] == [False] * (BODY_LINE - 1)
    first_shown = next(block for block in blocks if block.isVisible())
    assert first_shown.blockNumber() + 1 == BODY_LINE
    assert first_shown.text().startswith('<p id="">Applying for jobs')
    assert all(block.isVisible() for block in blocks[BODY_LINE - 1 :])
    assert editor.textCursor().position() == body_position(document)
    # The hidden lines take no room: the body's first line is drawn at the top.
    assert editor.cursorRect().top() < editor.fontMetrics().height()


def test_typing_lands_in_the_body_and_undo_takes_it_back(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure typing edits the shared document at the cursor, and Ctrl+Z undoes it."""
    before = document.text()
    start = document.article().layout.body_start
    with qtbot.waitSignal(document.changed):
        qtbot.keyClicks(window.editor, "Hello ")
    assert document.text() == before[:start] + "Hello " + before[start:]
    assert document.is_modified
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.text() == before
    assert window.editor.textCursor().position() == body_position(document)


def test_cursor_never_rests_in_the_front_matter(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure Ctrl+Home, Up, Left, Backspace and Select All stay out of the front matter."""
    editor = window.editor
    before = document.text()
    body = body_position(document)
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert editor.textCursor().position() == body
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Left, Qt.Key.Key_PageUp):
        qtbot.keyClick(editor, key)
        assert editor.textCursor().position() == body
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # would join the body to the closing ---
    assert document.text() == before
    press(qtbot, editor, QKeySequence.StandardKey.SelectAll)
    cursor = editor.textCursor()
    assert cursor.selectionStart() == body
    assert cursor.selectionEnd() == document.document.characterCount() - 1
    qtbot.keyClicks(editor, "x")  # replacing "everything" replaces the body only
    assert document.text() == before[: document.article().layout.body_start] + "x"


def test_a_new_front_matter_line_is_hidden_too(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure a key added by the form is folded away and the body stays shown."""
    editor = window.editor
    with qtbot.waitSignal(document.changed):
        document.apply(document.article().set_field(("author",), "Dana"))
    new_body_line = BODY_LINE + 1
    assert "author: Dana" in document.text().split("\n")[: new_body_line - 1]
    blocks = [document.document.findBlockByNumber(n) for n in range(new_body_line)]
    assert not any(block.isVisible() for block in blocks[:-1])
    assert blocks[-1].isVisible() and blocks[-1].text().startswith('<p id="">')
    assert editor.first_body_line() == new_body_line
    assert editor.textCursor().position() == body_position(document)
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert editor.textCursor().blockNumber() + 1 == new_body_line
    document.document.undo()  # and when it goes again, the old body line is shown again
    assert editor.first_body_line() == BODY_LINE
    assert document.document.findBlockByNumber(BODY_LINE - 1).isVisible()
    assert not document.document.findBlockByNumber(BODY_LINE - 2).isVisible()


def test_line_numbers_are_the_file_lines(window: Window, document: ArticleDocument) -> None:
    """Ensure the gutter numbers lines as the file does (the body starts at 18)."""
    editor = window.editor
    body = document.document.findBlockByNumber(BODY_LINE - 1)
    assert editor.line_label(body) == "18"
    assert editor.cursor_file_line() == BODY_LINE
    assert editor.line_label(document.document.lastBlock()) == str(document.document.blockCount())
    assert editor.gutter_width() > 0
    window.editor.viewport().repaint()  # painting the gutter on a 22 KB line must not fail


def test_find_selects_a_phrase_in_the_body(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure Ctrl+F opens the bar and typing selects the match in the body."""
    press(qtbot, window.editor, QKeySequence.StandardKey.Find)
    bar = window.find_bar
    assert bar.isVisible() and bar.find_field.hasFocus()
    with qtbot.waitSignal(bar.matches_changed, check_params_cb=lambda _, total: total == 1):
        qtbot.keyClicks(bar.find_field, "Key Takeaways")
    cursor = window.editor.textCursor()
    assert cursor.selectedText() == "Key Takeaways"
    assert cursor.selectionStart() > body_position(document)
    assert bar.status.text() == "1 of 1"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.editor.hasFocus()
    bar.show_find()  # Escape in the editor closes the bar as well
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_find_never_looks_in_the_front_matter(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure a word that only the front matter holds is not found."""
    assert "interviewing" in document.text()
    bar = window.find_bar
    bar.show_find()
    qtbot.keyClicks(bar.find_field, "interviewing")
    assert bar.matches() == []
    assert bar.status.text() == "No matches"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert not window.editor.textCursor().hasSelection()


def test_next_and_previous_walk_the_matches(qtbot: QtBot, window: Window) -> None:
    """Ensure Next (Enter) and Previous (Shift+Enter) move through matches and wrap."""
    bar = window.find_bar
    bar.show_find()
    qtbot.keyClicks(bar.find_field, "key takeaways")  # case-insensitive by default
    assert bar.status.text() == "1 of 1"
    qtbot.mouseClick(bar.match_case, Qt.MouseButton.LeftButton)
    assert bar.status.text() == "No matches"
    qtbot.mouseClick(bar.match_case, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    bar.find_field.selectAll()
    qtbot.keyClicks(bar.find_field, "<h2")
    assert bar.status.text() == "1 of 23"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 23"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == "23 of 23"  # wrapped round to the last
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert bar.status.text() == "1 of 23"


def test_replace_all_is_one_undo_step(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure replacing the 42 mojibake apostrophes is one step that one Ctrl+Z reverts."""
    before = document.text()
    assert not document.document.isUndoAvailable()
    press(qtbot, window.editor, QKeySequence.StandardKey.Replace)
    bar = window.find_bar
    assert bar.replace_field.isVisible()
    type_text(qtbot, bar.find_field, MOJIBAKE)
    assert bar.status.text() == "1 of 42"
    type_text(qtbot, bar.replace_field, "’")
    with qtbot.waitSignal(bar.replaced) as blocker:
        qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [42]
    after = document.text()
    assert MOJIBAKE not in after
    assert after == before.replace(MOJIBAKE, "’")
    assert bar.status.text() == "Replaced 42"
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.text() == before
    assert not document.document.isUndoAvailable()  # that one Ctrl+Z was the whole step
    press(qtbot, window.editor, QKeySequence.StandardKey.Redo)
    assert document.text() == after


def test_replace_one_then_regular_expression_replace_all(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure Replace changes the selected match only and regex groups expand."""
    before = document.text()
    bar = window.find_bar
    bar.show_replace()
    qtbot.keyClicks(bar.find_field, '<h2 id="">')
    qtbot.keyClicks(bar.replace_field, "<h2>")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return)
    assert document.text() == before.replace('<h2 id="">', "<h2>", 1)
    assert bar.status.text() == "1 of 22"
    bar.find_field.clear()
    bar.replace_field.clear()
    qtbot.mouseClick(bar.regular_expression, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_field, r"<h2( id=\"\")?>([^<]*)</h2>")
    qtbot.keyClicks(bar.replace_field, r"<h3>\2</h3>")
    assert bar.replace_all() == 23
    assert "<h2" not in document.text()
    assert "<h3>Key Takeaways</h3>" in document.text()
    assert document.text().split("\n")[: BODY_LINE - 1] == before.split("\n")[: BODY_LINE - 1]


def test_go_to_line(qtbot: QtBot, window: Window, document: ArticleDocument) -> None:
    """Ensure go_to_line uses file lines and never enters the front matter."""
    editor = window.editor
    with qtbot.waitSignal(editor.file_line_changed) as blocker:
        assert editor.go_to_line(40) == 40
    assert blocker.args == [40]
    assert editor.textCursor().block().text().startswith("- [7 Essential Steps")
    assert editor.cursor_file_line() == 40
    assert editor.go_to_line(3) == BODY_LINE
    assert editor.textCursor().position() == body_position(document)
    assert editor.go_to_line(10_000) == document.document.blockCount()


def test_go_to_line_dialog(qtbot: QtBot, window: Window) -> None:
    """Ensure Ctrl+L asks for a line and Enter goes there."""
    press(qtbot, window.editor, "Ctrl+L")
    dialog = window.findChild(QWidget, "go_to_line_dialog")
    assert dialog is not None and dialog.isVisible()
    spin_box = dialog.spin_box  # type: ignore[attr-defined]
    assert (spin_box.minimum(), spin_box.maximum()) == (BODY_LINE, 45)  # 45: after the last \n
    qtbot.keyClicks(spin_box, "40")
    with qtbot.waitSignal(dialog.finished):  # type: ignore[attr-defined]
        qtbot.keyClick(spin_box, Qt.Key.Key_Return)
    assert window.editor.cursor_file_line() == 40


def test_formatted_view_is_read_only_and_changes_nothing(
    qtbot: QtBot, window: Window, document: ArticleDocument
) -> None:
    """Ensure the formatted HTML view is a separate read-only text and going back is exact."""
    editor = window.editor
    before = document.text()
    steps = document.document.availableUndoSteps()
    editor.go_to_line(40)
    with qtbot.waitSignal(editor.formatted_view_changed) as blocker:
        editor.set_formatted_view(True)
    assert blocker.args == [True]
    assert editor.isReadOnly()
    assert editor.document() is not document.document
    shown = editor.document().toPlainText()
    assert '\n<h2 id="">Key Takeaways</h2>\n<ul id="">\n  <li id="">Understanding' in shown
    assert "title:" not in shown  # the front matter is not part of the view
    assert editor.cursor_file_line() == 40  # the cursor kept its place
    first = editor.document().firstBlock()
    assert editor.line_label(first) == "18"
    assert editor.line_label(first.next()) == ""  # a continuation of file line 18
    qtbot.keyClicks(editor, "typing is ignored")
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert document.text() == before
    editor.set_formatted_view(False)
    assert editor.document() is document.document
    assert not editor.isReadOnly()
    assert document.text() == before
    assert not document.is_modified
    assert document.document.availableUndoSteps() == steps
    assert not document.document.findBlockByNumber(0).isVisible()
    assert editor.cursor_file_line() == 40


def test_formatted_view_maps_the_cursor_back(qtbot: QtBot, window: Window) -> None:
    """Ensure a place chosen in the formatted view is where the real cursor lands."""
    editor = window.editor
    editor.set_formatted_view(True)
    cursor = editor.document().find("Key Takeaways")
    editor.setTextCursor(QTextCursor(cursor.block()))  # the start of the <h2> line
    editor.set_formatted_view(False)
    real = editor.textCursor()
    assert real.block().text()[real.positionInBlock() :].startswith('<h2 id="">Key Takeaways')


def test_highlighter_colours_tags_and_dims_webflow_ids(window: Window) -> None:
    """Ensure tags, attributes and empty ids get formats, at Qt positions after emoji."""
    document = window.editor.document()
    body = document.findBlockByNumber(BODY_LINE - 1)
    ranges = body.layout().formats()
    formats = {(r.start, r.length): QTextCharFormat(r.format) for r in ranges}
    tag = next(f for (start, _), f in formats.items() if start == 0)  # "<p" of <p id="">
    debris = formats[(3, 5)]  # id="" in <p id="">
    assert tag.foreground().color() != debris.foreground().color()
    emoji = QTextDocument("👉 https://jobsolv.com/resume-tailor")
    highlighter = MarkupHighlighter(emoji)
    highlighter.rehighlight()
    ranges = emoji.firstBlock().layout().formats()
    assert [(r.start, r.length) for r in ranges] == [(3, 33)]  # after 2 UTF-16 units + space


def test_a_giant_line_stays_plain_and_the_next_is_coloured(qapp: object) -> None:
    """Ensure a line longer than the colouring limit (a whole Webflow article on one line)
    gets no formats, which would double what each keystroke costs, and the line after it
    is coloured as usual."""
    giant = '<p id="">word</p>' * (MarkupHighlighter.LONGEST_COLOURED_LINE // 17 + 1)
    document = QTextDocument(f"{giant}\n<p>after</p>")
    MarkupHighlighter(document).rehighlight()
    assert document.firstBlock().layout().formats() == []
    assert document.lastBlock().layout().formats() != []


def test_switching_to_an_article_without_front_matter(qtbot: QtBot, window: Window) -> None:
    """Ensure another article replaces the fold: nothing hidden when it has no front matter."""
    editor = window.editor
    plain = ArticleDocument(Article("# Title\n\nBody text\n"), DEFAULT_CONFIG)
    editor.set_article_document(plain)
    assert editor.document() is plain.document
    assert editor.first_body_line() == 1
    assert plain.document.firstBlock().isVisible()
    assert editor.textCursor().position() == 0
    qtbot.keyClicks(editor, "A ")
    assert plain.text() == "A # Title\n\nBody text\n"


def test_front_matter_without_a_body_keeps_its_closing_line_visible(qtbot: QtBot) -> None:
    """Ensure a file ending at the closing --- leaves the cursor a visible place to rest."""
    document = ArticleDocument(Article("---\ntitle: T\n---"), DEFAULT_CONFIG)
    editor = SourceEditor(document)
    qtbot.addWidget(editor)
    blocks = [document.document.findBlockByNumber(n) for n in range(3)]
    assert [block.isVisible() for block in blocks] == [False, False, True]
    assert editor.textCursor().blockNumber() == 2
