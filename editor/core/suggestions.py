"""Related-article suggestions: shared tags (per group, rarer tags count more), the same
category, and words shared by title and description.

Only published articles are suggested, never the article itself. The library's postings (who
has which tag, category and word) are built once per state of the library, so a suggestion
among 10,000 articles scores only the articles that share something.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from editor.core.article import Article
from editor.core.library import ArticleSummary, Library, tag_groups

_WORD = re.compile(r"[a-z0-9]{3,}")
# fmt: off
_STOP_WORDS = frozenset({
    "the", "and", "for", "with", "your", "you", "how", "what", "that", "this", "from", "are",
    "into", "when", "why", "can", "job", "jobs",
})
# fmt: on
TAG_WEIGHT = 3.0  # a shared tag that every article has is worth about 1, a rare one up to 3
CATEGORY_WEIGHT = 2.0
WORDS_WEIGHT = 4.0  # times the share of words the two titles and descriptions have in common


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


class _Postings:
    """Who has which tag, category and word, among the articles that may be suggested."""

    def __init__(self, library: Library) -> None:
        self.fingerprint = _fingerprint(library)
        self.candidates = [
            s for s in library.articles if s.slug and s.error is None and s.published
        ]
        self.words = [_words(f"{s.title} {s.description}") for s in self.candidates]
        self.tags: dict[tuple[str, str], list[int]] = {}
        self.categories: dict[str, list[int]] = {}
        self.by_word: dict[str, list[int]] = {}
        for index, summary in enumerate(self.candidates):
            for group, values in summary.tags.items():
                for tag in dict.fromkeys(values):
                    self.tags.setdefault((group, tag), []).append(index)
            if summary.category:
                self.categories.setdefault(summary.category, []).append(index)
            for word in self.words[index]:
                self.by_word.setdefault(word, []).append(index)

    def tag_weight(self, group: str, tag: str) -> float:
        """Rarer tags say more: from about 1 (every article) to TAG_WEIGHT (one article)."""
        count = len(self.tags.get((group, tag), ()))
        total = len(self.candidates)
        if not count or not total:
            return 0.0
        return 1.0 + (TAG_WEIGHT - 1.0) * math.log(total / count) / math.log(total + 1)


_POSTINGS: weakref.WeakKeyDictionary[Library, _Postings] = weakref.WeakKeyDictionary()


def _fingerprint(library: Library) -> tuple[int, ...]:
    return (id(library.articles), *library.state)


def _postings(library: Library) -> _Postings:
    postings = _POSTINGS.get(library)
    if postings is None or postings.fingerprint != _fingerprint(library):
        postings = _POSTINGS[library] = _Postings(library)
    return postings


def suggest_related(article: Article, library: Library, count: int) -> list[Suggestion]:
    """The ``count`` best published articles to link from ``article``, best first.

    Ties break by title (then slug) so the same library always gives the same answer.
    """
    meta = article.meta
    return suggest_for(
        slug=str(meta.get("slug") or ""),
        tags=tag_groups(meta.get("tags")),
        category=str(meta.get("category") or ""),
        text=f"{meta.get('title') or ''} {meta.get('description') or ''}",
        library=library,
        count=count,
        path=article.path,
    )


def suggest_for(
    *,
    slug: str,
    tags: dict[str, tuple[str, ...]],
    category: str,
    text: str,
    library: Library,
    count: int,
    path: Any = None,
) -> list[Suggestion]:
    """Suggestions for an article described by its slug, tags, category and words."""
    postings = _postings(library)
    words = _words(text)
    scores: dict[int, float] = {}
    for group, values in tags.items():
        for tag in dict.fromkeys(values):
            weight = postings.tag_weight(group, tag)
            for index in postings.tags.get((group, tag), ()):
                scores[index] = scores.get(index, 0.0) + weight
    for index in postings.categories.get(category, ()) if category else ():
        scores[index] = scores.get(index, 0.0) + CATEGORY_WEIGHT
    sharing_words: set[int] = set()
    for word in words:
        sharing_words.update(postings.by_word.get(word, ()))
    for index in sharing_words:
        other = postings.words[index]
        share = len(words & other) / len(words | other)
        scores[index] = scores.get(index, 0.0) + WORDS_WEIGHT * share
    resolved = path.resolve() if path is not None else None
    ranked = []
    for index, score in scores.items():
        summary = postings.candidates[index]
        if score <= 0 or summary.slug == slug:
            continue
        if resolved is not None and _same_file(summary, resolved):
            continue
        ranked.append(Suggestion(summary, round(score, 9)))
    ranked.sort(key=lambda s: (-s.score, s.title.lower(), s.slug))
    return ranked[:count]


def _same_file(summary: ArticleSummary, resolved: Any) -> bool:
    if summary.path.name != resolved.name:
        return False
    return bool(summary.path == resolved or summary.path.resolve() == resolved)


def shared_reasons(a: ArticleSummary, b: ArticleSummary) -> Iterable[str]:
    """Why ``b`` is suggested for ``a``, in words (for a tooltip)."""
    for group, values in a.tags.items():
        shared = [v for v in values if v in b.tags.get(group, ())]
        if shared:
            yield f"{group or 'tags'}: {', '.join(shared)}"
    if a.category and a.category == b.category:
        yield f"category: {a.category}"
