"""Never lose a writer's work: changes on disk, save conflicts, crash recovery, new articles."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from editor.core.article import Article
from editor.core.recovery import RecoveryStore
from editor.core.text_edit import TextEdit
from editor.ui import safety_net
from editor.ui.conflict_dialog import Choice
from editor.ui.main_window import MainWindow
from editor.ui.recovery_dialog import RecoveryDialog

TITLE_LINE = b'title: "Turning Setbacks into Opportunities: Interview Rejections"\n'


def _window(qtbot: QtBot, path: Path, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _retitle_on_disk(path: Path, title: bytes) -> None:
    data = path.read_bytes().replace(TITLE_LINE, b"title: " + title + b"\n")
    path.write_bytes(data)


def test_unedited_article_follows_the_disk(qtbot: QtBot, seed_copy: Path, tmp_path: Path) -> None:
    """Ensure a file changed by another program is reloaded when the writer has no edits."""
    window = _window(qtbot, seed_copy, tmp_path)
    assert window.document is not None
    _retitle_on_disk(seed_copy, b"Changed by git pull")
    qtbot.waitUntil(lambda: "Changed by git pull" in window.document.text(), timeout=5000)  # type: ignore[union-attr]
    assert not window.document.is_modified
    assert "Reloaded" in window.statusBar().currentMessage()
    assert window.document.file_bytes() == seed_copy.read_bytes()


def test_edited_article_gets_a_notice_and_reload_is_undoable(
    qtbot: QtBot, seed_copy: Path, tmp_path: Path
) -> None:
    """Ensure edits are never overwritten by a change on disk: a notice offers the choice."""
    window = _window(qtbot, seed_copy, tmp_path)
    document = window.document
    assert document is not None
    window.form.title.setFocus()
    qtbot.keyClicks(window.form.title, " (mine)")
    mine = document.text()
    _retitle_on_disk(seed_copy, b"Theirs")
    qtbot.waitUntil(lambda: window.notice_bar.isVisible(), timeout=5000)
    assert "changed on disk" in window.notice_bar.message.text()
    assert document.text() == mine  # nothing replaced behind the writer's back
    labels = [b.text() for b in window.notice_bar.buttons()]
    assert labels == ["Reload from disk", "Keep mine", "Compare…"]
    window.notice_bar.buttons()[0].click()
    assert Article(document.text()).meta["title"] == "Theirs"
    assert not document.is_modified
    document.document.undo()
    assert document.text() == mine


def test_save_over_a_changed_file_asks(
    qtbot: QtBot, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ensure saving over a file changed on disk asks, and each answer does what it says."""
    window = _window(qtbot, seed_copy, tmp_path)
    document = window.document
    assert document is not None
    qtbot.keyClicks(window.form.title, " (mine)")
    _retitle_on_disk(seed_copy, b"Theirs")
    theirs = seed_copy.read_bytes()
    answers = [Choice.CANCEL, Choice.OVERWRITE]
    asked: list[str] = []

    def ask(parent: object, doc: object) -> Choice:
        asked.append("asked")
        return answers.pop(0)

    monkeypatch.setattr(safety_net, "ask_conflict", ask)
    assert not window.save()
    assert seed_copy.read_bytes() == theirs
    assert window.save()
    assert b"(mine)" in seed_copy.read_bytes()
    assert asked == ["asked", "asked"]


def test_deleted_file_is_noticed(qtbot: QtBot, seed_copy: Path, tmp_path: Path) -> None:
    """Ensure deleting the open article's file is noticed, and saving writes it back."""
    window = _window(qtbot, seed_copy, tmp_path)
    original = seed_copy.read_bytes()
    seed_copy.unlink()
    qtbot.waitUntil(lambda: window.notice_bar.isVisible(), timeout=5000)
    assert "deleted or moved" in window.notice_bar.message.text()
    assert window.save()
    assert seed_copy.read_bytes() == original


CRASHING_SESSION = """
import os, signal, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from editor.ui.main_window import MainWindow
window = MainWindow(Path(sys.argv[1]), settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
QTest.keyClicks(window.form.title, " - unsaved at the crash")
recovery = window.documents.recovery.folder
deadline = time.monotonic() + 30
while not list(recovery.glob("*.json")) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.05)
print("recovery written" if list(recovery.glob("*.json")) else "no recovery", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_killed_app_offers_the_unsaved_edits_next_time(
    qtbot: QtBot, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ensure edits typed before a SIGKILL come back at the next start, unsaved, file untouched."""
    original = seed_copy.read_bytes()
    settings = str(tmp_path / "settings.ini")
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASHING_SESSION), str(seed_copy), settings],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        check=False,
    )
    assert result.returncode == -9, result.stderr[-2000:]
    assert "recovery written" in result.stdout
    assert seed_copy.read_bytes() == original
    window = _window(qtbot, seed_copy, tmp_path)
    qtbot.waitUntil(lambda: window.notice_bar.kind == "recovery", timeout=5000)
    assert "Unsaved work found" in window.notice_bar.message.text()

    def accept_all(dialog: RecoveryDialog) -> int:
        assert dialog.list.count() == 1
        assert "unsaved at the crash" in dialog.diff.toPlainText()
        return RecoveryDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryDialog, "exec", accept_all)
    window.notice_bar.buttons()[0].click()
    document = window.document
    assert document is not None
    assert "- unsaved at the crash" in document.article().meta["title"]
    assert document.is_modified
    assert seed_copy.read_bytes() == original
    assert not window.notice_bar.isVisible()
    document.document.undo()
    assert document.file_bytes() == original


def test_recovery_files_go_away_on_save_and_discard(
    qtbot: QtBot, seed_copy: Path, tmp_path: Path
) -> None:
    """Ensure recovery files exist only while edits are unsaved."""
    window = _window(qtbot, seed_copy, tmp_path)
    store: RecoveryStore = window.documents.recovery
    qtbot.keyClicks(window.form.title, "!")
    window.documents.write_recovery()
    assert len(store.entries()) == 1
    assert window.save()
    assert store.entries() == []
    qtbot.keyClicks(window.form.title, "?")
    window.documents.write_recovery()
    assert len(store.entries()) == 1
    window.document.document.undo()  # type: ignore[union-attr]
    assert store.entries() == []


def test_new_article_is_saved_under_its_slug(qtbot: QtBot, seed_copy: Path, tmp_path: Path) -> None:
    """Ensure a new article takes its slug from the title and is saved as <slug>.md."""
    window = _window(qtbot, seed_copy, tmp_path)
    window.actions_by_id["new"].trigger()
    qtbot.keyClicks(window.form.title, "Ask Better Questions in Interviews")
    assert window.save()
    path = seed_copy.parent / "ask-better-questions-in-interviews.md"
    article = Article.load(path)
    assert article.meta["slug"] == "ask-better-questions-in-interviews"
    assert (
        article.meta["canonical"] == "https://jobsolv.com/blog/ask-better-questions-in-interviews"
    )
    qtbot.keyClicks(window.form.title, " Today")
    assert window.document is not None
    assert window.document.article().meta["slug"] == "ask-better-questions-in-interviews"


def test_compare_shows_what_differs_from_the_file_on_disk(
    seed_copy: Path, tmp_path: Path, qapp: object
) -> None:
    """Ensure Compare (a save conflict) and the recovery dialog show a diff from the file on
    disk to the writer's text, say so when there is no difference, and say why when the file
    cannot be read."""
    from editor.core.config import config_for
    from editor.core.recovery import RecoveryEntry
    from editor.ui.article_document import ArticleDocument
    from editor.ui.conflict_dialog import disk_diff
    from editor.ui.recovery_dialog import recovery_diff

    document = ArticleDocument(Article.load(seed_copy), config_for(seed_copy))
    assert disk_diff(document) == "The file on disk has the same text as yours."
    at = document.text().index("Turning Setbacks")
    document.apply([TextEdit(at, at + len("Turning"), "Facing")])
    diff = disk_diff(document).splitlines()
    assert diff[:2] == ["--- on disk", "+++ your version"]
    assert [line[:16] for line in diff if line[:1] in "+-" and line[1:2] != line[:1]] == [
        '-title: "Turning',
        '+title: "Facing ',
    ]
    entry = RecoveryEntry(tmp_path / "r.json", seed_copy, document.text(), "", 0.0)
    assert "+++ your unsaved version" in recovery_diff(entry)
    seed_copy.write_bytes(b"\x00\x01 binary")  # refused as not a text file
    assert disk_diff(document).startswith("The file on disk cannot be read: ")
    assert recovery_diff(entry).startswith("(the article cannot be read now: ")
