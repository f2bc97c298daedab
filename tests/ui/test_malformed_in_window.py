"""Malformed articles in the window: a clear message, a raw view to fix them, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from editor.ui.main_window import MainWindow

CASES = {
    "yaml-error.md": (b"---\ntitle: [unclosed\nslug: x\n---\n<p>Body</p>\n", "line 2"),
    "not-a-mapping.md": (b"---\n- a list\n---\n<p>Body</p>\n", "key: value"),
    "unterminated.md": (b"---\ntitle: T\n<p>Body without an end</p>\n", "no closing ---"),
    "python-tag.md": (b"---\ntitle: !!python/object:os.system x\n---\nBody\n", "not allowed"),
}


def _open(qtbot: QtBot, tmp_path: Path, name: str, data: bytes) -> tuple[MainWindow, Path]:
    path = tmp_path / "library" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    window = MainWindow(
        path, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    return window, path


@pytest.mark.parametrize("name", sorted(CASES))
def test_unreadable_front_matter_opens_raw(qtbot: QtBot, tmp_path: Path, name: str) -> None:
    """Ensure broken front matter opens in raw mode with the reason shown, file untouched."""
    data, words = CASES[name]
    window, path = _open(qtbot, tmp_path, name, data)
    assert window.document is not None and window.document.text() == data.decode()
    qtbot.waitUntil(lambda: window.form.error_banner.isVisible(), timeout=5000)
    assert words in window.form.error_banner.text()
    qtbot.waitUntil(lambda: window.editor.shows_front_matter, timeout=5000)
    first = window.editor.document().firstBlock()
    assert first.isVisible() and first.text() == "---"
    assert path.read_bytes() == data


def test_fixing_the_yaml_in_the_source_brings_the_form_back(qtbot: QtBot, tmp_path: Path) -> None:
    """Ensure the writer can fix the YAML in the source: the form reads it again, and saving
    writes exactly the fix."""
    data = b'---\ntitle: "Unclosed quote\nslug: x\n---\n<p>Body</p>\n'
    window, path = _open(qtbot, tmp_path, "quote.md", data)
    qtbot.waitUntil(lambda: window.editor.shows_front_matter, timeout=5000)
    cursor = window.editor.textCursor()
    block = window.editor.document().findBlockByNumber(1)
    cursor.setPosition(block.position() + block.length() - 1)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, '"')
    qtbot.waitUntil(lambda: window.form.title.text() == "Unclosed quote", timeout=5000)
    qtbot.waitUntil(lambda: not window.editor.shows_front_matter, timeout=5000)
    assert window.save()
    assert path.read_bytes() == data.replace(b"quote\n", b'quote"\n')


def test_binary_file_is_refused_with_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    """Ensure a binary file is not opened as text; the window says why and stays usable."""
    window, path = _open(qtbot, tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert window.document is None or window.document.path != path
    assert "not a text file" in window.statusBar().currentMessage()


def test_legacy_encoding_is_saved_back_in_it(qtbot: QtBot, tmp_path: Path) -> None:
    """Ensure a Windows-1252 article is edited and saved in Windows-1252, one line changed."""
    data = "---\ntitle: Café\nslug: cafe\n---\nNaïve ’quotes’\n".encode("cp1252")
    window, path = _open(qtbot, tmp_path, "legacy.md", data)
    assert "Windows-1252" in window.file_label.text()
    window.form.title.selectAll()
    qtbot.keyClicks(window.form.title, "Cafe society")
    assert window.save()
    assert path.read_bytes() == data.replace("title: Café".encode("cp1252"), b"title: Cafe society")
