"""ArticleDocument: the file's own line breaks kept, its text always current, and what a
very large article turns off until asked."""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor.core.article import Article
from editor.core.config import TeamConfig
from editor.core.text_edit import TextEdit
from editor.ui.article_document import ArticleDocument, LineEndings
from editor.ui.repair_banner import RepairBanner
from editor.ui.source_editor import SourceEditor
from tests.conftest import SAMPLES

_LINES = st.lists(st.text(st.sampled_from("ab é👉"), max_size=5), min_size=1, max_size=8)
_BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\u2029"])


@settings(max_examples=300, deadline=None)
@given(lines=_LINES, data=st.data())
def test_line_breaks_come_back_as_the_file_had_them(lines: list[str], data: st.DataObject) -> None:
    """Ensure a file with any mix of breaks is shown with \\n only and joined back byte for
    byte, and a changed line keeps its own break while every other line keeps theirs."""
    breaks = [data.draw(_BREAKS) for _ in lines[:-1]]
    text = "".join(line + brk for line, brk in zip(lines, [*breaks, ""], strict=True))
    normalized, endings = LineEndings.split(text)
    assume(len(normalized.split("\n")) == len(lines))  # "\r" then "\n" is one CRLF
    assert "\r" not in normalized and "\u2029" not in normalized
    assert endings.join(normalized) == text
    changed = data.draw(st.integers(0, len(lines) - 1))
    edited_lines = normalized.split("\n")
    edited_lines[changed] += "X"
    expected = list(lines)
    expected[changed] += "X"
    joined = "".join(line + brk for line, brk in zip(expected, [*breaks, ""], strict=True))
    assert endings.join("\n".join(edited_lines)) == joined
    inserted = data.draw(st.integers(0, len(lines)))  # a new line: the others keep theirs
    grown = [*lines[:inserted], "new", *lines[inserted:]]
    result = endings.join("\n".join(grown))
    ended = [*breaks, ""]
    before = "".join(
        line + brk for line, brk in zip(lines[:inserted], ended[:inserted], strict=True)
    )
    after = "".join(
        line + brk for line, brk in zip(lines[inserted:], ended[inserted:], strict=True)
    )
    if inserted == len(lines):  # the old last line gains a break: the file's usual one
        assert result == text + endings.dominant + "new"
    else:
        assert result == before + "new" + endings.dominant + after


def test_text_follows_edits_undo_and_redo(seed_document: ArticleDocument) -> None:
    """Ensure the text the core reads is the document's after an edit, an undo and a redo
    (it is kept between changes, so a stale copy would show here)."""
    before = seed_document.text()
    at = before.index("Turning Setbacks")
    seed_document.apply([TextEdit(at, at + 7, "Turning")])  # nothing changes: no step
    seed_document.apply([TextEdit(at, at + len("Turning"), "Facing")])
    after = seed_document.text()
    assert after == before.replace("Turning Setbacks", "Facing Setbacks", 1)
    assert seed_document.article().meta["title"].startswith("Facing")
    seed_document.document.undo()
    assert seed_document.text() == before
    seed_document.document.redo()
    assert seed_document.text() == after


def test_a_very_large_article_skips_colouring_and_waits_to_be_checked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ensure an article over the large threshold opens without syntax colouring, and its
    damaged characters are looked for only when the writer clicks the button."""
    paragraph = "<p>It‚Äôs a long article about interviews and more.</p>\n"
    text = "---\ntitle: Huge\n---\n" + paragraph * (ArticleDocument.LARGE // len(paragraph) + 1)
    document = ArticleDocument(Article(text, path=tmp_path / "huge.md"), TeamConfig())
    assert document.is_large
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_article_document(document)
    assert editor._highlighter is None
    banner = RepairBanner()
    qtbot.addWidget(banner)
    banner.show()
    banner.set_document(document)
    assert banner.check_button.isVisible() and not banner.repair_all_button.isVisible()
    qtbot.mouseClick(banner.check_button, Qt.MouseButton.LeftButton)
    assert banner.repair_all_button.isVisible() and not banner.check_button.isVisible()
    assert "Damaged characters found" in banner.message.text()


def test_title_is_read_from_the_front_matter_alone(qapp: object) -> None:
    """Ensure the window title (read from the first lines only) is the title the whole
    article gives, for every sample, and falls back to the file name when there is none or
    the front matter cannot be read (unclosed, broken YAML)."""
    for path in sorted(SAMPLES.glob("*.md")):
        article = Article.load(path)
        document = ArticleDocument(article, TeamConfig())
        assert document.title == (str(article.meta.get("title") or "") or path.stem), path
    for text in ("No front matter.\n", "---\ntitle: [unclosed\n---\n", "---\ntitle: x\n"):
        document = ArticleDocument(Article(text, path=Path("odd.md")), TeamConfig())
        assert document.title == "odd", text
