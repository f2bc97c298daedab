"""A very large article in the window: it opens, the writer types and saves, and the
seconds of checking it needs happen off the GUI thread (figures: benchmarks/
bench_large_article.py, 50 MB)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from editor.core.text_stats import word_count
from editor.ui.article_document import ArticleDocument
from editor.ui.main_window import MainWindow
from tests.conftest import SEED


def test_a_large_article_is_checked_off_the_gui_thread_and_saved_as_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ensure an article over the large threshold (the seed's body repeated, its links all
    broken in a one-article library) shows its word count and problems from the background
    check, renders the preview on opening, F5 and saving (never while typing), and saves
    exactly what was typed."""
    body = SEED.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    copies = ArticleDocument.LARGE // len(body) + 1
    path = tmp_path / "library" / "huge.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: Huge\nslug: huge\n---\n" + body * copies, encoding="utf-8")
    original = path.read_bytes()
    window = MainWindow(path, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert window.document is not None and window.document.is_large
    label = window.form.link_problems
    qtbot.waitUntil(lambda: "more like these" in label.text(), timeout=60000)
    assert "no article with that slug" in label.text()
    assert window.words_label.text().endswith("min read")
    assert window.words_label.text().startswith(f"{word_count(body) * copies:,} words")

    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    shown: list[int] = []  # each article handed to the preview (then rendered as usual)
    show_article = window.preview.show_article
    window.preview.show_article = lambda article: (shown.append(1), show_article(article))  # type: ignore[method-assign]
    qtbot.keyClicks(window.editor, "The end.")
    qtbot.wait(ArticleDocument.SETTLE_MS * 3)
    assert shown == []  # not while typing, nor when it pauses
    qtbot.keyClick(window, Qt.Key.Key_F5)  # Refresh Preview
    assert len(shown) == 1

    window.form.title.setFocus()
    window.form.title.end(False)
    qtbot.keyClick(window.form.title, Qt.Key.Key_S)
    assert window.save()
    assert len(shown) == 2  # saving refreshes it too
    assert path.read_bytes() == original.replace(b"title: Huge", b"title: Huges", 1) + (b"The end.")
