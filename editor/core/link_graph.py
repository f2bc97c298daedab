"""How the library's articles link to each other: inbound links, orphans and link problems.

Built from the scan's summaries (no file is read). Problems are reported where the writer fixes
them: a broken or stale link at the link's line, a duplicate slug or title at that field, an
orphan at its slug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.article_links import ArticleLink
from editor.core.library import ArticleSummary, Library
from editor.core.schema import SLUG_PATTERN

if TYPE_CHECKING:
    from editor.core.validation import Problem, Severity


@dataclass(frozen=True)
class Inbound:
    """An article that links to another one, and how (its links to it)."""

    source: ArticleSummary
    links: tuple[ArticleLink, ...]


class LinkGraph:
    """Who links to whom in a library, as it was when the graph was built."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.by_slug = library.by_slug()
        articles = library.articles
        # slug -> {index of the linking article: its links to that slug}; indices, not
        # paths, because a graph of 10,000 articles compares them often
        links_to: dict[str, dict[int, list[ArticleLink]]] = {}
        for index, summary in enumerate(articles):
            for link in summary.links:
                links_to.setdefault(link.slug, {}).setdefault(index, []).append(link)
        self._links_to = links_to
        self._published = sum(1 for s in articles if s.published and s.slug)
        self._title_index: dict[str, list[ArticleSummary]] | None = None

    def target(self, slug: str) -> ArticleSummary | None:
        found = self.by_slug.get(slug)
        return found[0] if found else None

    def _sources(self, slug: str) -> list[tuple[int, list[ArticleLink]]]:
        """(index, links) of the articles linking to ``slug``, the slug's own left out."""
        articles = self.library.articles
        return [
            (index, links)
            for index, links in self._links_to.get(slug, {}).items()
            if articles[index].slug != slug
        ]

    def inbound(self, slug: str, *, exclude: Path | None = None) -> list[Inbound]:
        """Articles linking to ``slug`` (the article itself, at ``exclude``, left out)."""
        articles = self.library.articles
        return [
            Inbound(articles[index], tuple(links))
            for index, links in self._sources(slug)
            if articles[index].path != exclude
        ]

    def linked_from(self, summary: ArticleSummary) -> list[ArticleSummary]:
        """The other articles that link to ``summary``, in library order."""
        if not summary.slug:
            return []
        return [entry.source for entry in self.inbound(summary.slug, exclude=summary.path)]

    def orphans(self) -> list[ArticleSummary]:
        """Published articles no other published article links to.

        A library with a single published article has no orphans: nothing could link to it.
        """
        return [summary for summary in self.library.articles if self.is_orphan(summary)]

    def is_orphan(self, summary: ArticleSummary) -> bool:
        if not (summary.published and summary.slug) or self._published < 2:
            return False
        articles = self.library.articles
        return not any(articles[index].published for index, _ in self._sources(summary.slug))

    # --- problems --------------------------------------------------------------------------

    def problems(self, paths: Iterable[Path] | None = None) -> dict[Path, list[Problem]]:
        """Link and library problems of each article (of ``paths`` only, when given)."""
        wanted = set(paths) if paths is not None else None
        titles = self._titles()
        result: dict[Path, list[Problem]] = {}
        for summary in self.library.articles:
            if summary.error is not None or (wanted is not None and summary.path not in wanted):
                continue
            found = self.problems_of(summary, summary.links)
            found += self._duplicates(summary, titles)
            if self.is_orphan(summary):
                found.append(_problem("warning", "links", _ORPHAN, summary.slug_line))
            if found:
                result[summary.path] = sorted(found, key=lambda p: (p.line, p.column))
        return result

    def problems_for(self, summary: ArticleSummary) -> list[Problem]:
        """Every link and library problem of ``summary``, which may describe unsaved text
        (the open article) rather than the scanned file."""
        found = self.problems_of(summary, summary.links)
        found += self._duplicates(summary, self._titles())
        if self.is_orphan(summary):
            found.append(_problem("warning", "links", _ORPHAN, summary.slug_line))
        return sorted(found, key=lambda p: (p.line, p.column))

    def _titles(self) -> dict[str, list[ArticleSummary]]:
        if self._title_index is None:
            titles: dict[str, list[ArticleSummary]] = {}
            for summary in self.library.articles:
                if summary.title.strip() and summary.error is None:
                    titles.setdefault(summary.title.strip().casefold(), []).append(summary)
            self._title_index = titles
        return self._title_index

    def problems_of(self, summary: ArticleSummary, links: Iterable[ArticleLink]) -> list[Problem]:
        """Problems of ``links`` written in the article ``summary`` (possibly unsaved)."""
        found: list[Problem] = []
        for link in links:
            target = self.target(link.slug)
            if (
                target is not None
                and target.path == summary.path
                and len(self.by_slug[link.slug]) > 1
            ):
                target = next(s for s in self.by_slug[link.slug] if s.path != summary.path)
            related = link.kind == "related"
            field = "footer" if related else "links"
            if target is None:
                message = (
                    f"related article '{link.slug}' does not exist in the library"
                    if related
                    else f"link to '{link.slug}': no article with that slug in the library"
                )
                found.append(_problem("error", field, message, link.line, link.column))
                continue
            if target.path == summary.path:
                continue
            if summary.published and not target.published:
                state = "archived" if target.archived else "a draft"
                message = (
                    f"related article '{link.slug}' is {state}, not on the site"
                    if related
                    else f"link to '{link.slug}', an article that is {state}, not on the site"
                )
                found.append(_problem("warning", field, message, link.line, link.column))
            if related and link.title is not None and link.title != target.title and target.title:
                message = (
                    f"related title '{link.title}' is out of date; "
                    f"the article is now '{target.title}'"
                )
                found.append(_problem("warning", field, message, link.line, link.column))
        return found

    def _duplicates(
        self, summary: ArticleSummary, titles: dict[str, list[ArticleSummary]]
    ) -> list[Problem]:
        found: list[Problem] = []
        if summary.slug and SLUG_PATTERN.match(summary.slug):
            others = [s.path for s in self.by_slug.get(summary.slug, []) if s.path != summary.path]
            if others:
                message = f"slug '{summary.slug}' is also used by {self._names(others)}"
                found.append(_problem("error", "slug", message, summary.slug_line))
        key = summary.title.strip().casefold()
        if key:
            others = [s.path for s in titles.get(key, []) if s.path != summary.path]
            if others:
                message = f"title is also used by {self._names(others)}"
                found.append(_problem("warning", "title", message, summary.title_line))
        return found

    def _names(self, paths: list[Path]) -> str:
        names = ", ".join(_relative(path, self.library.root) for path in paths[:3])
        if len(paths) > 3:
            names += f" and {len(paths) - 3} more"
        return names


_ORPHAN = "no other published article links to this one (orphan)"


def _problem(severity: Severity, field: str, message: str, line: int, column: int = 1) -> Problem:
    from editor.core.validation import Problem

    return Problem(severity, field, message, line, column)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
