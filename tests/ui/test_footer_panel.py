"""The footer panel on the seed: template combos, related list editing, flags."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor.core.article import Article
from editor.core.config import config_for
from editor.core.footer_blocks import find_footer, set_related
from editor.core.library import Library
from editor.ui.article_document import ArticleDocument
from editor.ui.footer_panel import FooterPanel


def _panel(qtbot: QtBot, sample_library: Path) -> tuple[FooterPanel, ArticleDocument]:
    path = sample_library / "turning-setbacks-into-opportunities-interview-rejections.md"
    config = config_for(path)
    document = ArticleDocument(Article.load(path), config)
    panel = FooterPanel()
    qtbot.addWidget(panel)
    panel.set_library(Library.scan(sample_library, config))
    panel.set_document(document)
    panel.show()
    return panel, document


def test_panel_shows_the_seed_footer(qtbot: QtBot, sample_library: Path) -> None:
    """Ensure the combos and the related list show the seed's three blocks."""
    panel, _ = _panel(qtbot, sample_library)
    assert panel.cta.currentData() == "resume-tailor"
    assert panel.hub.currentData() == "job-search"
    assert panel.related.count() == 5
    first = panel.related.item(0)
    assert first.text() == "7 Essential Steps to Navigate the Right Career Path"
    assert not first.icon().isNull()  # flagged: not in the library
    assert "No article “7-essential-steps" in first.toolTip()
    assert "5 link(s) to articles that do not exist" in panel.status.text()


def test_changing_the_cta_changes_only_its_block(qtbot: QtBot, sample_library: Path) -> None:
    """Ensure choosing another CTA re-renders that block alone, as one undo step."""
    panel, document = _panel(qtbot, sample_library)
    before = document.text()
    panel.cta.setCurrentIndex(panel.cta.findData("job-tracker"))
    panel.cta.activated.emit(panel.cta.currentIndex())
    after = document.text()
    assert find_footer(document.article(), document.config).cta == "job-tracker"
    old_cta = find_footer(Article(before), document.config).block("cta")
    new_cta = find_footer(document.article(), document.config).block("cta")
    assert old_cta is not None and new_cta is not None
    assert before[: old_cta.start] == after[: new_cta.start]
    assert before[old_cta.end :] == after[new_cta.end :]
    document.document.undo()
    assert document.text() == before


def test_related_list_keyboard_reorder_remove_add(qtbot: QtBot, sample_library: Path) -> None:
    """Ensure Alt+Down moves, Delete removes and the search box adds a library article."""
    panel, document = _panel(qtbot, sample_library)
    first = panel.related.item(0).data(Qt.ItemDataRole.UserRole)
    panel.related.setFocus()
    panel.related.setCurrentRow(0)
    qtbot.keyClick(panel.related, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    related = find_footer(document.article(), document.config).related
    assert related[1] == first
    qtbot.keyClick(panel.related, Qt.Key.Key_Delete)
    assert len(find_footer(document.article(), document.config).related) == 4
    qtbot.keyClicks(panel.add_input, "recovering-from-job-search-burnout")
    qtbot.keyClick(panel.add_input, Qt.Key.Key_Return)
    related = find_footer(document.article(), document.config).related
    assert related[-1].title == "Recovering From Job Search Burnout Without Losing Momentum"
    assert panel.related.item(4).icon().isNull()


def test_suggest_fills_from_library(qtbot: QtBot, sample_library: Path) -> None:
    """Ensure Suggest replaces nothing and adds published articles up to the count."""
    panel, document = _panel(qtbot, sample_library)
    document.apply(set_related(document.article(), document.config, []))
    panel.refresh()
    assert panel.related.count() == 0
    qtbot.mouseClick(panel.suggest, Qt.MouseButton.LeftButton)
    related = find_footer(document.article(), document.config).related
    assert 0 < len(related) <= 5
    assert all(link.slug for link in related)
