"""The library panel on the sample library: filters, search while typing, sorting."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from editor.core.library import Library
from editor.core.library_cache import LibraryCache
from editor.core.library_search import LibrarySearch, index_bodies
from editor.ui.library_panel import ArticleTableModel, LibraryPanel
from tests.ui.test_main_window import named


@pytest.fixture
def panel(qtbot: QtBot, sample_library: Path) -> LibraryPanel:
    library = Library.scan(sample_library)
    cache = LibraryCache()
    index_bodies(library, cache)
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_articles(library.articles, LibrarySearch(library, cache))
    panel.resize(700, 500)
    panel.show()
    return panel


def shown(panel: LibraryPanel) -> list[str]:
    return sorted(path.name for path in panel.visible_paths())


def choose(qtbot: QtBot, panel: LibraryPanel, combo: QComboBox, text: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        combo.setCurrentIndex(index)


def test_columns_and_every_article(panel: LibraryPanel) -> None:
    """Ensure the list has its five columns and shows all thirteen articles."""
    model = panel.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Title", "Category", "Status", "Modified", "Problems"]
    assert len(panel.visible_paths()) == 13
    assert named(panel, QWidget, "Articles") is panel.view
    assert panel.count.text() == "13 articles"


def test_search_answers_while_typing(qtbot: QtBot, panel: LibraryPanel) -> None:
    """Ensure typing in the search box filters by title, slug and description words."""
    search = named(panel, QLineEdit, "Search articles")
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        qtbot.keyClicks(search, "Burnout")  # in one title, and in three articles' text
    assert shown(panel) == [
        "changing-careers-at-35-a-step-by-step-plan.md",
        "recovering-from-job-search-burnout.md",
        "tracking-job-applications-with-a-simple-system.md",
        "turning-setbacks-into-opportunities-interview-rejections.md",
    ]
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        qtbot.keyClicks(search, " momentum")  # every word must match: the seed has no "momentum"
    assert shown(panel) == [
        "changing-careers-at-35-a-step-by-step-plan.md",  # its related list has the title
        "recovering-from-job-search-burnout.md",
        "tracking-job-applications-with-a-simple-system.md",
    ]
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        search.clear()
    assert len(panel.visible_paths()) == 13
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        qtbot.keyClicks(search, "s-that-wor")  # part of a slug (and its links elsewhere)
    assert "salary-negotiation-scripts-that-work.md" in shown(panel)
    assert "cover-letters-hiring-managers-actually-read.md" not in shown(panel)


def test_search_finds_body_text(qtbot: QtBot, panel: LibraryPanel) -> None:
    """Ensure words only in an article's body text find it (and every word must match)."""
    search = named(panel, QLineEdit, "Search articles")
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        qtbot.keyClicks(search, "rollercoast")  # the seed's first paragraph, a word start
    assert shown(panel) == ["turning-setbacks-into-opportunities-interview-rejections.md"]
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        qtbot.keyClicks(search, " zzzunknown")
    assert shown(panel) == []
    assert panel.count.text() == "0 of 13 articles"


def test_filters_by_category_tag_status_and_problems(qtbot: QtBot, panel: LibraryPanel) -> None:
    """Ensure each filter narrows the list, and they combine."""
    category = named(panel, QComboBox, "Filter by category")
    tag = named(panel, QComboBox, "Filter by tag")
    status = named(panel, QComboBox, "Filter by status")
    problems = named(panel, QCheckBox, "Only articles with problems")
    choose(qtbot, panel, category, "interviewing (4)")
    assert len(shown(panel)) == 4
    choose(qtbot, panel, status, "Draft")
    assert shown(panel) == [
        "how-to-answer-tell-me-about-yourself.md",
        "turning-setbacks-into-opportunities-interview-rejections.md",
    ]
    choose(qtbot, panel, category, "All categories")
    choose(qtbot, panel, status, "Archived")
    assert shown(panel) == ["recovering-from-job-search-burnout.md"]
    choose(qtbot, panel, status, "Any status")
    choose(qtbot, panel, tag, "intent: ai-tools (1)")
    assert shown(panel) == ["how-to-tailor-your-resume-for-every-job-application.md"]
    choose(qtbot, panel, tag, "All tags")
    seed = panel.model.articles()[0].path.parent / "salary-negotiation-scripts-that-work.md"
    panel.model.set_problem_counts(seed, 1, 0)
    with qtbot.waitSignal(panel.filtered, timeout=2000):
        qtbot.mouseClick(problems, Qt.MouseButton.LeftButton)
    assert shown(panel) == ["salary-negotiation-scripts-that-work.md"]


def test_sorting_by_a_column_keeps_the_selection(qtbot: QtBot, panel: LibraryPanel) -> None:
    """Ensure a header click sorts the rows and the selected article stays selected."""
    target = next(s.path for s in panel.model.articles() if s.status == "archived")
    panel.select(target)
    header = panel.view.horizontalHeader()
    x = header.sectionViewportPosition(ArticleTableModel.STATUS) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    statuses = [panel.model.summary(row).status for row in range(panel.model.rowCount())]
    assert statuses == sorted(statuses) or statuses == sorted(statuses, reverse=True)
    assert panel.current_path() == target


def test_activating_a_row_asks_to_open_it(qtbot: QtBot, panel: LibraryPanel) -> None:
    """Ensure clicking a row emits the file to open."""
    index = panel.view.model().index(0, 0)
    rect = panel.view.visualRect(index)
    with qtbot.waitSignal(panel.article_activated, timeout=2000) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [panel.visible_paths()[0]]
