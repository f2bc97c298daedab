"""The library: every article in a folder, indexed by slug, with its vocabulary."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.article import Article, ArticleError
from editor.core.config import TeamConfig, config_for

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".txt"})
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})


def article_files(root: Path, *, recursive: bool = True) -> Iterator[Path]:
    """Article files under ``root`` (a file is its own list), hidden folders skipped."""
    if root.is_file():
        yield root
        return
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if recursive and not name.startswith(".") and name not in _SKIPPED_FOLDERS
        )
        for name in sorted(files):
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES and not name.startswith("."):
                yield Path(folder) / name


@dataclass(frozen=True)
class ArticleSummary:
    """What the library needs to know about one article without keeping its text."""

    path: Path
    title: str = ""
    slug: str = ""
    description: str = ""
    category: str = ""
    draft: bool = False
    archived: bool = False
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    error: str | None = None  # why the article could not be read, if it could not

    @property
    def status(self) -> str:
        if self.archived:
            return "archived"
        return "draft" if self.draft else "published"

    @classmethod
    def of(cls, article: Article) -> ArticleSummary:
        assert article.path is not None
        meta = article.meta
        return cls(
            path=article.path,
            title=_text(meta.get("title")),
            slug=_text(meta.get("slug")),
            description=_text(meta.get("description")),
            category=_text(meta.get("category")),
            draft=meta.get("draft") is True,
            archived=meta.get("archived") is True,
            tags=tag_groups(meta.get("tags")),
        )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def tag_groups(value: Any) -> dict[str, tuple[str, ...]]:
    """Tags as groups; a flat list (other sites' style) becomes the group ``""``."""
    if isinstance(value, dict):
        return {
            str(group): tuple(str(tag) for tag in tags) if isinstance(tags, list) else (str(tags),)
            for group, tags in value.items()
            if tags is not None
        }
    if isinstance(value, list):
        return {"": tuple(str(tag) for tag in value)}
    if isinstance(value, str) and value:
        return {"": (value,)}
    return {}


@dataclass
class Library:
    root: Path
    config: TeamConfig
    articles: list[ArticleSummary]

    @classmethod
    def scan(cls, root: Path, config: TeamConfig | None = None) -> Library:
        """Every article under ``root``; given a file, the library it belongs to.

        A file's library is the folder of its team configuration (all subfolders); without
        one, only the file's own folder, so a stray file never scans a whole home folder.
        """
        config = config or config_for(root)
        recursive = root.is_dir() or config.root is not None
        if root.is_file():
            root = config.root or root.parent
        summaries = []
        for path in article_files(root, recursive=recursive):
            try:
                summaries.append(ArticleSummary.of(Article.load(path)))
            except ArticleError as error:
                summaries.append(ArticleSummary(path=path, error=str(error)))
        return cls(root, config, summaries)

    def by_slug(self) -> dict[str, list[ArticleSummary]]:
        index: dict[str, list[ArticleSummary]] = {}
        for summary in self.articles:
            if summary.slug:
                index.setdefault(summary.slug, []).append(summary)
        return index

    def find(self, slug: str) -> ArticleSummary | None:
        matches = self.by_slug().get(slug)
        return matches[0] if matches else None

    def categories(self) -> Counter[str]:
        return Counter(s.category for s in self.articles if s.category)

    def tag_values(self, group: str) -> Counter[str]:
        return Counter(tag for s in self.articles for tag in s.tags.get(group, ()))
