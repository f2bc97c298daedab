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
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
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
        "resume",
        "interview",
        "job-search",
        "salary",
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
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
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


# --- the library: background scan, inbound links, library tools ---------------------------


@pytest.fixture
def library_window(qtbot: QtBot, sample_library: Path, tmp_path: Path) -> MainWindow:
    """The window on the sample library, once its scan and problem check have finished."""
    settings = QSettings(str(tmp_path / "library.ini"), QSettings.Format.IniFormat)
    window = MainWindow(sample_library / "follow-up-emails-after-an-interview.md", settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.worker.idle, timeout=20000):
        window.show()
    qtbot.waitUntil(lambda: window.library_panel.model.rowCount() == 13, timeout=20000)
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)
    return window


def test_library_scan_fills_the_list_without_blocking(
    qtbot: QtBot, sample_library: Path, tmp_path: Path
) -> None:
    """Ensure opening a library returns at once and the list fills when the worker is done."""
    settings = QSettings(str(tmp_path / "scan.ini"), QSettings.Format.IniFormat)
    window = MainWindow(sample_library, settings)
    qtbot.addWidget(window)
    assert window.library is not None and window.library.root == sample_library
    with qtbot.waitSignal(window.worker.finished, timeout=20000) as scanned:
        window.show()
    assert scanned.args[0] == "scan"
    qtbot.waitUntil(lambda: window.library_panel.model.rowCount() == 13, timeout=20000)
    qtbot.waitUntil(lambda: window.document is not None, timeout=20000)  # the first article
    qtbot.waitUntil(lambda: not window.library_progress.isVisible(), timeout=20000)
    assert named(window, QLabel, "Library status").text() == "13 articles"


def test_inbound_links_of_the_open_article(qtbot: QtBot, library_window: MainWindow) -> None:
    """Ensure the status bar says how many articles link here, and its menu opens one."""
    button = named(library_window, QToolButton, "Linked from")
    qtbot.waitUntil(lambda: button.isVisible(), timeout=10000)
    assert button.text() == "Linked from 5 articles"
    menu = button.menu()
    titles = [action.text() for action in menu.actions()]
    assert "Salary Negotiation: Scripts That Work Without Burning Bridges" in titles
    menu.actions()[
        titles.index("Salary Negotiation: Scripts That Work Without Burning Bridges")
    ].trigger()
    assert library_window.document is not None
    assert library_window.document.path is not None
    assert library_window.document.path.name == "salary-negotiation-scripts-that-work.md"
    qtbot.waitUntil(lambda: button.text() == "Linked from 1 article", timeout=10000)


def test_problem_counts_for_every_article(qtbot: QtBot, library_window: MainWindow) -> None:
    """Ensure the Problems column fills for articles that are not open (the background check)."""
    model = library_window.library_panel.model
    tracking = library_window.library.find("tracking-job-applications-with-a-simple-system")  # type: ignore[union-attr]
    assert tracking is not None
    qtbot.waitUntil(lambda: model.problem_counts(tracking.path)[0] >= 1, timeout=20000)
    errors, warnings = model.problem_counts(tracking.path)
    assert (errors, warnings) >= (1, 1)


def test_check_library_dialog(
    qtbot: QtBot, library_window: MainWindow, sample_library: Path
) -> None:
    """Ensure Tools → Check Library shows progress, then every problem; double-click opens."""
    from editor.ui.library_check import LibraryCheckDialog

    action = library_window.actions_by_id["check_library"]
    assert action in library_window.menuBar().actions()[3].menu().actions()
    with qtbot.waitSignal(library_window.worker.finished, timeout=20000):
        action.trigger()
    dialog = library_window.findChild(LibraryCheckDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=20000)
    assert "error(s)" in named(dialog, QLabel, "Check summary").text()
    rows = [dialog.model.row(r) for r in range(dialog.model.rowCount())]
    target = next(r for r in range(len(rows)) if "how-many-jobs-should-you-apply" in rows[r][4])
    index = dialog.model.index(target, 0)
    dialog.table.scrollTo(index)
    rect = dialog.table.visualRect(index)
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert library_window.document is not None and library_window.document.path is not None
    assert library_window.document.path.name == "tracking-job-applications-with-a-simple-system.md"
    assert library_window.editor.textCursor().blockNumber() + 1 == 40


def test_a_file_added_on_disk_appears(
    qtbot: QtBot, library_window: MainWindow, sample_library: Path
) -> None:
    """Ensure the watched folder brings in an article another program wrote."""
    source = (sample_library / "salary-negotiation-scripts-that-work.md").read_text("utf-8")
    new = sample_library / "a-new-article.md"
    new.write_text(
        source.replace("slug: salary-negotiation-scripts-that-work", "slug: a-new-article"), "utf-8"
    )
    qtbot.waitUntil(lambda: library_window.library_panel.model.rowCount() == 14, timeout=20000)
    assert library_window.library is not None
    assert library_window.library.find("a-new-article") is not None


def test_rename_a_category_from_the_window(
    qtbot: QtBot, library_window: MainWindow, sample_library: Path
) -> None:
    """Ensure Tools → Tags and Categories previews every change and applies it to the files,
    reopening the open article with its new value."""
    dialog = library_window.library_commands.edit_taxonomy()
    assert dialog is not None
    assert dialog.select("category", "interviewing")
    qtbot.keyClicks(named(dialog, QLineEdit, "New name"), "interviews")
    with qtbot.waitSignal(library_window.worker.finished, timeout=20000):
        qtbot.mouseClick(named(dialog, QPushButton, "Preview"), Qt.MouseButton.LeftButton)
    assert dialog.batch is not None and len(dialog.batch.changes) == 5
    assert named(dialog, QWidget, "Changes").topLevelItemCount() == 5  # type: ignore[attr-defined]
    assert "interviewing" in (sample_library / "follow-up-emails-after-an-interview.md").read_text(
        "utf-8"
    )
    with qtbot.waitSignal(library_window.worker.finished, timeout=20000):
        qtbot.mouseClick(named(dialog, QPushButton, "Apply"), Qt.MouseButton.LeftButton)
    text = (sample_library / "follow-up-emails-after-an-interview.md").read_text("utf-8")
    assert "category: interviews\n" in text
    assert library_window.document is not None
    assert library_window.document.article().meta["category"] == "interviews"
    qtbot.waitUntil(lambda: library_window.library.categories()["interviews"] == 4, timeout=20000)  # type: ignore[union-attr]


def test_batch_change_refused_over_unsaved_edits(
    qtbot: QtBot, library_window: MainWindow, sample_library: Path
) -> None:
    """Ensure a library change touching an article with unsaved edits writes nothing."""
    path = sample_library / "follow-up-emails-after-an-interview.md"
    before = path.read_bytes()
    qtbot.keyClicks(named(library_window, QLineEdit, "Title"), "!")
    dialog = library_window.library_commands.edit_taxonomy()
    assert dialog is not None and dialog.select("category", "interviewing")
    qtbot.keyClicks(named(dialog, QLineEdit, "New name"), "interviews")
    with qtbot.waitSignal(library_window.worker.finished, timeout=20000):
        qtbot.mouseClick(named(dialog, QPushButton, "Preview"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(dialog, QPushButton, "Apply"), Qt.MouseButton.LeftButton)
    assert "unsaved changes" in named(dialog, QLabel, "Change summary").text()
    assert path.read_bytes() == before


def test_rename_slug_from_the_window(
    qtbot: QtBot, library_window: MainWindow, sample_library: Path
) -> None:
    """Ensure Tools → Rename Slug renames the open article's file and links, and reopens it."""
    dialog = library_window.library_commands.rename_slug()
    assert dialog is not None
    slug = named(dialog, QLineEdit, "New slug")
    slug.selectAll()
    qtbot.keyClicks(slug, "interview-follow-up-emails")
    with qtbot.waitSignal(library_window.worker.finished, timeout=20000):
        qtbot.mouseClick(named(dialog, QPushButton, "Preview"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(library_window.worker.finished, timeout=20000):
        qtbot.mouseClick(named(dialog, QPushButton, "Apply"), Qt.MouseButton.LeftButton)
    assert (sample_library / "interview-follow-up-emails.md").exists()
    assert not (sample_library / "follow-up-emails-after-an-interview.md").exists()
    assert library_window.document is not None and library_window.document.path is not None
    assert library_window.document.path.name == "interview-follow-up-emails.md"
    tracking = (sample_library / "tracking-job-applications-with-a-simple-system.md").read_text(
        "utf-8"
    )
    assert "/blog/interview-follow-up-emails" in tracking


def test_many_broken_links_are_counted_not_listed(
    qtbot: QtBot, sample_library: Path, tmp_path: Path
) -> None:
    """Ensure an article with 40 links to missing articles lists the first few under Links,
    each with its line, then a count of the rest; and following a line's link (Tab to it,
    Enter) puts the cursor on that line of the source."""
    links = "".join(f"See [part {n}](https://jobsolv.com/blog/missing-{n}).\n\n" for n in range(40))
    path = sample_library / "link-heavy.md"
    path.write_text(f"---\ntitle: Link heavy\nslug: link-heavy\n---\n{links}", encoding="utf-8")
    settings = QSettings(str(tmp_path / "links.ini"), QSettings.Format.IniFormat)
    window = MainWindow(path, settings)
    qtbot.addWidget(window)
    window.show()
    label = named(window, QLabel, "Link problems")
    qtbot.waitUntil(lambda: "more like these" in label.text(), timeout=20000)
    lines = label.text().split("<br>")
    assert len(lines) == 7
    assert lines[0].startswith('✖ <a href="3:1">line 3</a>: no other published article')
    assert lines[1] == (
        '✖ <a href="5:14">line 5</a>: link to &#x27;missing-0&#x27;: '
        "no article with that slug in the library"
    )
    assert lines[-1] == "… and 35 more like these"
    assert window.editor.textCursor().blockNumber() + 1 == 5  # the body's first line
    label.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(4):
        qtbot.keyClick(label, Qt.Key.Key_Tab)  # link by link to the fourth: line 9
    qtbot.keyClick(label, Qt.Key.Key_Return)
    cursor = window.editor.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock() + 1) == (9, 14)
    assert window.editor.hasFocus()
