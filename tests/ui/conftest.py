"""GUI test helpers: an open ArticleDocument on a copy of the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from editor.core.article import Article
from editor.core.config import config_for
from editor.ui.article_document import ArticleDocument


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ensure no test hangs on a modal question: unsaved work is discarded unless a test
    answers differently. The questions asked are recorded for tests that check them."""
    asked: list[str] = []

    def discard(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", discard)
    monkeypatch.setattr(QMessageBox, "warning", discard)
    return asked


@pytest.fixture
def seed_document(seed_copy: Path, qapp: object) -> ArticleDocument:
    return ArticleDocument(Article.load(seed_copy), config_for(seed_copy))


def changed_lines(before: str, after: str) -> list[int]:
    """1-based numbers of the lines that differ (same line count assumed)."""
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new), "line count changed"
    return [number for number, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b]
