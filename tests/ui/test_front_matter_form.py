"""The front-matter form on the seed, driven as a writer would: type, click, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor.ui.article_document import ArticleDocument
from editor.ui.front_matter_form import FrontMatterForm
from tests.ui.conftest import changed_lines


def _form(qtbot: QtBot, document: ArticleDocument) -> FrontMatterForm:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_vocabulary(
        ["interviewing", "resume"],
        {"role": ["general", "data"], "intent": ["resume", "interview", "salary", "networking"]},
    )
    form.set_document(document)
    form.show()
    return form


def test_fields_show_the_seed(qtbot: QtBot, seed_document: ArticleDocument) -> None:
    """Ensure every field shows the seed's value."""
    form = _form(qtbot, seed_document)
    assert form.title.text() == "Turning Setbacks into Opportunities: Interview Rejections"
    assert form.slug.text() == "turning-setbacks-into-opportunities-interview-rejections"
    assert form.description.toPlainText().startswith("Transforming setbacks")
    assert form.canonical.text().endswith(
        "/blog/turning-setbacks-into-opportunities-interview-rejections"
    )
    assert form.category.currentText() == "interviewing"
    assert form.draft.isChecked() and not form.archived.isChecked()
    assert form.tag_editor("role").tags() == ["general"]
    assert form.tag_editor("intent").tags() == ["resume", "interview", "job-search", "salary"]
    assert form.description_count.text() == "91 characters · recommended 70–160"
    assert not form.canonical_fix.isVisible()


def test_typing_a_title_changes_only_its_line_and_undoes_in_one_step(
    qtbot: QtBot, seed_document: ArticleDocument
) -> None:
    """Ensure typing in Title rewrites only line 2 and one undo restores the original."""
    form = _form(qtbot, seed_document)
    original = seed_document.text()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Bouncing Back: A Guide")
    assert changed_lines(original, seed_document.text()) == [2]
    assert seed_document.article().meta["title"] == "Bouncing Back: A Guide"
    seed_document.document.undo()
    assert seed_document.text() == original
    with qtbot.waitSignal(seed_document.settled):
        pass
    assert form.title.text() == "Turning Setbacks into Opportunities: Interview Rejections"


def test_existing_slug_never_follows_the_title(
    qtbot: QtBot, seed_document: ArticleDocument
) -> None:
    """Ensure a published article's slug stays when its title changes."""
    form = _form(qtbot, seed_document)
    qtbot.keyClicks(form.title, " (updated)")
    assert (
        seed_document.article().meta["slug"]
        == "turning-setbacks-into-opportunities-interview-rejections"
    )


def test_new_article_slug_follows_title_until_edited(
    qtbot: QtBot, seed_document: ArticleDocument
) -> None:
    """Ensure a new article's slug and canonical follow the title, until the slug is typed."""
    form = _form(qtbot, seed_document)
    form.set_document(seed_document, is_new=True)
    form.title.clear()
    qtbot.keyClicks(form.title, "Ask Better Questions")
    meta = seed_document.article().meta
    assert meta["slug"] == "ask-better-questions"
    assert meta["canonical"] == "https://jobsolv.com/blog/ask-better-questions"
    form.slug.selectAll()
    qtbot.keyClicks(form.slug, "questions")
    qtbot.keyClicks(form.title, "!")
    assert seed_document.article().meta["slug"] == "questions"


def test_switches_and_category(qtbot: QtBot, seed_document: ArticleDocument) -> None:
    """Ensure clicking Draft and typing a category each change one line."""
    form = _form(qtbot, seed_document)
    original = seed_document.text()
    qtbot.mouseClick(form.draft, Qt.MouseButton.LeftButton)
    assert changed_lines(original, seed_document.text()) == [7]
    assert seed_document.article().meta["draft"] is False
    form.category.lineEdit().selectAll()
    qtbot.keyClicks(form.category.lineEdit(), "resume")
    assert changed_lines(original, seed_document.text()) == [6, 7]


def test_tag_chips_by_keyboard(qtbot: QtBot, seed_document: ArticleDocument) -> None:
    """Ensure tags are added with Enter, removed with Backspace, each touching only its lines."""
    form = _form(qtbot, seed_document)
    intent = form.tag_editor("intent")
    qtbot.keyClicks(intent.input, "networking")
    qtbot.keyClick(intent.input, Qt.Key.Key_Return)
    assert seed_document.article().meta["tags"]["intent"][-1] == "networking"
    assert "    - salary\n    - networking\n---\n" in seed_document.text()
    qtbot.keyClick(intent.input, Qt.Key.Key_Backspace)
    assert seed_document.article().meta["tags"]["intent"] == [
        "resume",
        "interview",
        "job-search",
        "salary",
    ]
    role = form.tag_editor("role")
    qtbot.keyClicks(role.input, "data,")
    assert seed_document.article().meta["tags"]["role"] == ["general", "data"]


def test_canonical_fix_button(qtbot: QtBot, seed_document: ArticleDocument) -> None:
    """Ensure a canonical that disagrees with the slug is flagged and fixed in one click."""
    form = _form(qtbot, seed_document)
    form.canonical.selectAll()
    qtbot.keyClicks(form.canonical, "https://jobsolv.com/blog/old")
    assert form.canonical_fix.isVisible()
    qtbot.mouseClick(form.canonical_fix, Qt.MouseButton.LeftButton)
    assert seed_document.article().meta["canonical"] == (
        "https://jobsolv.com/blog/turning-setbacks-into-opportunities-interview-rejections"
    )
    assert not form.canonical_fix.isVisible()


def test_other_keys_as_raw_yaml(qtbot: QtBot, seed_document: ArticleDocument) -> None:
    """Ensure unknown keys are edited as YAML, validated, and written in the file's style."""
    form = _form(qtbot, seed_document)
    assert form.other_keys.toPlainText() == ""
    form.other_keys.setFocus()
    qtbot.keyClicks(form.other_keys, "author: [")
    with qtbot.waitSignal(form._other_keys_timer.timeout, timeout=3000):
        pass
    assert "✖" in form._problem_labels["other"].text()
    assert "author" not in seed_document.article().meta
    form.other_keys.setPlainText("author: Dana Whitfield\n")
    with qtbot.waitSignal(form._other_keys_timer.timeout, timeout=3000):
        pass
    assert seed_document.article().meta["author"] == "Dana Whitfield"
    assert seed_document.text().count("author: Dana Whitfield\n---\n") == 1


def test_a_passing_space_does_not_leave_the_value_quoted(
    qtbot: QtBot, seed_document: ArticleDocument
) -> None:
    """Ensure typing "Expert guidance" (a trailing space on the way) keeps a plain value plain."""
    form = _form(qtbot, seed_document)
    form.slug.selectAll()
    qtbot.keyClicks(form.slug, "new slug")  # "new " needs quotes on the way, "new slug" not
    assert "\nslug: new slug\n" in seed_document.text()


def test_other_edits_between_keystrokes_are_kept(
    qtbot: QtBot, seed_document: ArticleDocument
) -> None:
    """Ensure a change made elsewhere between two keystrokes in a field is not undone."""
    form = _form(qtbot, seed_document)
    qtbot.keyClicks(form.title, "A")
    cursor = seed_document.document.find("Applying for jobs")
    cursor.insertText("Looking for work")  # as find-and-replace would, without focus moving
    qtbot.keyClicks(form.title, "B")
    assert "Looking for work" in seed_document.text()
    assert seed_document.article().meta["title"].startswith("AB")
