"""GUI test helpers: an open ArticleDocument on a copy of the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.article import Article
from editor.core.config import config_for
from editor.ui.article_document import ArticleDocument


@pytest.fixture
def seed_document(seed_copy: Path, qapp: object) -> ArticleDocument:
    return ArticleDocument(Article.load(seed_copy), config_for(seed_copy))


def changed_lines(before: str, after: str) -> list[int]:
    """1-based numbers of the lines that differ (same line count assumed)."""
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new), "line count changed"
    return [number for number, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b]
