"""Related-article suggestions: shared tags, same category, similar words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.core.article import Article
from editor.core.library import ArticleSummary, Library, tag_groups

_WORD = re.compile(r"[a-z0-9]{3,}")
# fmt: off
_STOP_WORDS = frozenset({
    "the", "and", "for", "with", "your", "you", "how", "what", "that", "this", "from", "are",
    "into", "when", "why", "can", "job", "jobs",
})
# fmt: on
TAG_WEIGHT = 3.0
CATEGORY_WEIGHT = 2.0
WORDS_WEIGHT = 4.0


@dataclass(frozen=True)
class Suggestion:
    summary: ArticleSummary
    score: float

    @property
    def slug(self) -> str:
        return self.summary.slug

    @property
    def title(self) -> str:
        return self.summary.title


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP_WORDS)


def suggest_related(article: Article, library: Library, count: int) -> list[Suggestion]:
    """The ``count`` best published articles to link from ``article``, best first.

    Ties break by title so the same library always gives the same answer.
    """
    meta = article.meta
    own_slug = str(meta.get("slug") or "")
    tags = tag_groups(meta.get("tags"))
    category = str(meta.get("category") or "")
    words = _words(f"{meta.get('title') or ''} {meta.get('description') or ''}")
    scored = []
    for other in library.articles:
        if other.error or not other.slug or other.slug == own_slug or other.draft or other.archived:
            continue
        if article.path is not None and other.path.resolve() == article.path.resolve():
            continue
        shared = sum(
            len(set(values) & set(other.tags.get(group, ()))) for group, values in tags.items()
        )
        score = TAG_WEIGHT * shared
        if category and other.category == category:
            score += CATEGORY_WEIGHT
        other_words = _words(f"{other.title} {other.description}")
        if words and other_words:
            score += WORDS_WEIGHT * len(words & other_words) / len(words | other_words)
        if score > 0:
            scored.append(Suggestion(other, score))
    scored.sort(key=lambda s: (-s.score, s.title))
    return scored[:count]
