"""Real front-matter files from public sites (../shared/corpus), when that folder exists.

Test data only: the files are read in place and never copied into the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.article import Article, ArticleError
from editor.core.front_matter import same_value
from tests.conftest import CORPUS
from tests.core.test_front_matter import _changed_lines

FILES = sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else []
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not FILES, reason="../shared/corpus is not on this machine"),
]


def _editable(path: Path) -> Article | None:
    try:
        article = Article.load(path)
        _ = article.meta
    except ArticleError:
        return None
    return article


def test_corpus_round_trip_and_edits() -> None:
    """Ensure every corpus file saves byte-identical and a title/list edit stays in its lines."""
    checked = 0
    for path in FILES:
        article = _editable(path)
        assert article is not None, path
        assert article.to_bytes() == path.read_bytes(), path
        meta = article.meta
        for key, value in meta.items():
            if isinstance(value, str) and "\n" not in value:
                new: object = f"Edited: {value} ✓"
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                new = [*value, "edited-tag"]
            else:
                continue
            assert article.set_field((key,), value) == [], (path, key)
            edited = article.with_edits(article.set_field((key,), new))
            assert same_value(edited.meta[key], new), (path, key)
            assert edited.body == article.body
            first, last = article.front_matter.value_line_span((key,))  # type: ignore[misc]
            for line in _changed_lines(article.text, edited.text):
                assert first - 1 <= line <= last, (path, key, line)
            checked += 1
    assert checked > 1000
