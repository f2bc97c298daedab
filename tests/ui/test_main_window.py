"""The main window on a copy of the seed, found by accessible names and driven like a person."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from editor.core.article import Article
from editor.core.encoding import repair_text
from editor.core.footer_blocks import find_footer
from editor.ui.main_window import MainWindow
from tests.ui.conftest import changed_lines

W = TypeVar("W", bound=QWidget)


def named(window: QWidget, kind: type[W], name: str) -> W:
    """The one widget of ``kind`` whose accessible name is ``name`` (as a screen reader sees)."""
    found = [w for w in window.findChildren(kind) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


def action(window: QWidget, shortcut: QKeySequence.StandardKey) -> QAction:
    wanted = QKeySequence(shortcut)
    found = [a for a in window.actions() if wanted in a.shortcuts()]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def window(qtbot: QtBot, seed_copy: Path, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(seed_copy, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def rendered_text(qtbot: QtBot, window: MainWindow) -> str:
    result: list[str] = []
    window.preview.rendered_text(result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10000)
    return result[0]


def test_seed_values_are_shown(window: MainWindow) -> None:
    """Ensure every field shows the seed's value, found by its accessible name."""
    assert named(window, QLineEdit, "Title").text() == (
        "Turning Setbacks into Opportunities: Interview Rejections"
    )
    assert named(window, QLineEdit, "Slug").text() == (
        "turning-setbacks-into-opportunities-interview-rejections"
    )
    assert named(window, QPlainTextEdit, "Description").toPlainText().startswith("Transforming")
    assert named(window, QLineEdit, "Canonical URL").text().startswith("https://jobsolv.com/blog/")
    assert named(window, QComboBox, "Category").currentText() == "interviewing"
    assert named(window, QCheckBox, "Draft").isChecked()
    assert not named(window, QCheckBox, "Archived").isChecked()
    assert named(window, QWidget, "Tags: intent").tags() == [  # type: ignore[attr-defined]
        "resume", "interview", "job-search", "salary",
    ]
    assert named(window, QComboBox, "Call to action").currentText() == (
        "Optimize your resume instantly"
    )
    assert named(window, QComboBox, "Career hub").currentText() == "Job Search Career Hub"
    assert named(window, QListWidget, "Related articles").count() == 5
    named(window, QWidget, "Articles")
    named(window, QLineEdit, "Search articles")
    named(window, QWidget, "Preview")
    body = named(window, QPlainTextEdit, "Body")
    assert body.textCursor().blockNumber() == 17  # the body's first line, not the front matter


def test_preview_renders_and_follows_typing(qtbot: QtBot, window: MainWindow) -> None:
    """Ensure the preview shows the seed and follows what is typed in the body."""
    qtbot.waitUntil(lambda: "Key Takeaways" in rendered_text(qtbot, window), timeout=15000)
    body = named(window, QPlainTextEdit, "Body")
    body.setFocus()
    with qtbot.waitSignal(window.preview.rendered, timeout=15000):
        qtbot.keyClicks(body, "Zebra crossing ")
    qtbot.waitUntil(lambda: "Zebra crossing" in rendered_text(qtbot, window), timeout=15000)


def test_title_edit_saved_as_one_line_and_undone(
    qtbot: QtBot, window: MainWindow, seed_copy: Path
) -> None:
    """Ensure a title edit saves as exactly one changed line and undo brings the original back."""
    original = seed_copy.read_bytes()
    title = named(window, QLineEdit, "Title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Bouncing Back After Interview Rejections")
    qtbot.keySequence(window, QKeySequence.StandardKey.Save)
    saved = seed_copy.read_bytes()
    assert changed_lines(original.decode(), saved.decode()) == [2]
    assert not window.isWindowModified()
    qtbot.keySequence(title, QKeySequence.StandardKey.Undo)
    assert window.document is not None
    assert window.document.file_bytes() == original
    qtbot.waitUntil(lambda: title.text().startswith("Turning Setbacks"))
    action(window, QKeySequence.StandardKey.Save).trigger()
    assert seed_copy.read_bytes() == original


def test_existing_slug_does_not_follow_title(qtbot: QtBot, window: MainWindow) -> None:
    """Ensure editing a published article's title leaves its slug alone."""
    title = named(window, QLineEdit, "Title")
    title.selectAll()
    qtbot.keyClicks(title, "Something else entirely")
    assert named(window, QLineEdit, "Slug").text() == (
        "turning-setbacks-into-opportunities-interview-rejections"
    )


def test_accepting_the_repair_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    """Ensure the banner's Repair all leaves no damage and one undo brings it back."""
    assert window.document is not None
    before = window.document.text()
    assert window.repair_banner.isVisible()
    assert "UTF-8 read as Mac Roman, 48 characters" in window.repair_banner.message.text()
    qtbot.mouseClick(named(window, QPushButton, "Repair all"), Qt.MouseButton.LeftButton)
    assert not repair_text(window.document.text()).damaged
    assert "‚Äô" not in window.document.text()
    action(window, QKeySequence.StandardKey.Undo).trigger()
    assert window.document.text() == before


def test_footer_changes_touch_only_the_footer(
    qtbot: QtBot, window: MainWindow, seed_copy: Path
) -> None:
    """Ensure changing the CTA and the related list changes only footer lines on disk."""
    original = seed_copy.read_text(encoding="utf-8")
    cta = named(window, QComboBox, "Call to action")
    cta.setCurrentIndex(cta.findText("None"))
    cta.activated.emit(cta.currentIndex())
    related = named(window, QListWidget, "Related articles")
    related.setFocus()
    related.setCurrentRow(4)
    qtbot.keyClick(related, Qt.Key.Key_Delete)
    action(window, QKeySequence.StandardKey.Save).trigger()
    saved = Article.load(seed_copy)
    footer = find_footer(saved, saved_config := window.config)
    assert footer.cta is None and footer.hub == "job-search" and len(footer.related) == 4
    cut = Article(original).body_start
    body_end = find_footer(Article(original), saved_config).blocks[0].start
    assert saved.text[:body_end] == original[:body_end]
    assert cut < body_end


def test_undo_walks_back_across_form_and_body(qtbot: QtBot, window: MainWindow) -> None:
    """Ensure one history: undo takes back a body edit, then a form edit, in order."""
    assert window.document is not None
    original = window.document.text()
    title = named(window, QLineEdit, "Title")
    title.setFocus()
    qtbot.keyClicks(title, " now")
    after_title = window.document.text()
    body = named(window, QPlainTextEdit, "Body")
    body.setFocus()
    qtbot.keyClicks(body, "Hello")
    assert window.document.text() != after_title
    undo = action(window, QKeySequence.StandardKey.Undo)
    undo.trigger()
    assert window.document.text() == after_title
    undo.trigger()
    assert window.document.text() == original
    action(window, QKeySequence.StandardKey.Redo).trigger()
    assert window.document.text() == after_title


def test_unsaved_changes_prompt_on_close(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, seed_copy: Path
) -> None:
    """Ensure closing with unsaved changes asks; Cancel keeps the window and the edits."""
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def ask(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
            asked.append(str(args[2]))
            return button

        return ask

    qtbot.keyClicks(named(window, QLineEdit, "Title"), "!")
    assert window.isWindowModified()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not window.close()
    assert asked and "Save your changes" in asked[0]
    assert window.isVisible()
    original = seed_copy.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    assert window.close()
    assert seed_copy.read_bytes() == original


def test_switching_articles_asks_and_save_keeps_other_lines(
    qtbot: QtBot, sample_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ensure switching with unsaved changes offers to save, and saving changes one line."""
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = sample_library / "remote-job-search-how-to-stand-out-from-anywhere.md"  # CRLF
    window = MainWindow(first, settings=settings)
    qtbot.addWidget(window)
    original = first.read_bytes()
    qtbot.keyClicks(named(window, QLineEdit, "Title"), " (2026)")
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save
    )
    window.open_article(sample_library / "recovering-from-job-search-burnout.md")
    saved = first.read_bytes()
    assert saved.count(b"\r\n") == original.count(b"\r\n")
    assert changed_lines(original.decode(), saved.decode()) == [2]
    assert window.document is not None and window.document.path is not None
    assert window.document.path.name == "recovering-from-job-search-burnout.md"


def test_last_library_and_recent_files_persist(
    qtbot: QtBot, sample_library: Path, tmp_path: Path
) -> None:
    """Ensure a second start with no path reopens the last library and lists recent files."""
    ini = str(tmp_path / "persist.ini")
    article = sample_library / "recovering-from-job-search-burnout.md"
    first = MainWindow(article, settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.splitter.setSizes([100, 400, 400, 400])
    sizes = first.splitter.sizes()
    assert first.close()
    second = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.library is not None and second.library.root == sample_library
    assert article in second.recent_files()
    assert second.splitter.sizes() == sizes
    second.recent_menu.aboutToShow.emit()
    assert second.recent_menu.actions()[0].text() == article.name


def test_review_dialog_applies_only_ticked_changes(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ensure the review lists all 48 changes and applying 47 leaves exactly one damaged."""
    from editor.ui.repair_dialog import ChangeReviewDialog

    def untick_first(dialog: ChangeReviewDialog) -> ChangeReviewDialog.DialogCode:
        assert dialog.list.topLevelItemCount() == 48
        first = dialog.list.topLevelItem(0)
        assert first is not None
        first.setCheckState(0, Qt.CheckState.Unchecked)
        assert dialog.apply_button.text() == "Apply 47 changes"
        return ChangeReviewDialog.DialogCode.Accepted

    monkeypatch.setattr(ChangeReviewDialog, "exec", untick_first)
    assert window.document is not None
    qtbot.mouseClick(named(window, QPushButton, "Review…"), Qt.MouseButton.LeftButton)
    left = repair_text(window.document.text())
    assert left.count == 1
    action(window, QKeySequence.StandardKey.Undo).trigger()
    assert repair_text(window.document.text()).count == 48
