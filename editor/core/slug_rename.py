"""Renaming an article's slug: its front matter, its file and every link to it in the library.

The article gets the new slug, its canonical URL follows (keeping its host and spelling), and
a file named after the old slug is renamed. Every related-list item and body link that names
the old slug, in any article, is rewritten to the new one; link titles are left alone.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from editor.core.article import Article, ArticleError
from editor.core.article_links import ArticleLink, find_links
from editor.core.batch_change import BatchChange, BatchError, FileChange
from editor.core.config import TeamConfig
from editor.core.library import Library
from editor.core.schema import SLUG_PATTERN
from editor.core.text_edit import TextEdit


def retarget_url(url: str, old: str, new: str, config: TeamConfig) -> str | None:
    """``url`` pointing at slug ``new`` instead of ``old`` (same host, scheme, query and
    fragment); None when ``url`` is not a link to ``old``."""
    from editor.core.article_links import slug_of_url

    if slug_of_url(url, config) != old:
        return None
    parts = urlsplit(url)
    prefix, _, suffix = config.article_path.partition("{slug}")
    path = parts.path
    if not path.startswith(prefix + old):
        return None
    rest = path[len(prefix) + len(old) :]
    if rest not in (suffix, suffix + "/", "/"):
        return None
    return urlunsplit(parts._replace(path=prefix + new + rest))


def plan_slug_rename(library: Library, old: str, new: str) -> BatchChange:
    """Every file change that renames slug ``old`` to ``new`` (BatchError when it cannot)."""
    config = library.config
    if not SLUG_PATTERN.match(new):
        raise BatchError(f"'{new}' is not a slug: use lower-case words joined by hyphens")
    if new == old:
        raise BatchError(f"the slug is already '{old}'")
    owners = library.by_slug().get(old, [])
    if not owners:
        raise BatchError(f"no article has the slug '{old}' in {library.root}")
    if len(owners) > 1:
        names = ", ".join(owner.path.name for owner in owners)
        raise BatchError(
            f"slug '{old}' is used by {len(owners)} articles ({names}); fix that first"
        )
    if library.by_slug().get(new):
        taken = library.by_slug()[new][0].path.name
        raise BatchError(f"slug '{new}' is already used by {taken}")
    owner = owners[0]
    changes: list[FileChange] = []
    notes: list[str] = []
    sources = {owner.path} | {
        summary.path
        for summary in library.articles
        if summary.error is None and any(link.slug == old for link in summary.links)
    }
    for summary in library.articles:
        if summary.path not in sources:
            continue
        try:
            article = Article.load(summary.path)
            edited = _with_links_renamed(article, old, new, config)
            new_path = None
            if summary.path == owner.path:
                edited = _with_slug_renamed(edited, old, new, config)
                if summary.path.stem == old:
                    new_path = summary.path.with_name(new + summary.path.suffix)
                    if new_path.exists():
                        raise BatchError(f"{new_path}: already exists")
        except ArticleError as error:
            if summary.path == owner.path:
                raise BatchError(str(error)) from error
            notes.append(f"{error}: its links were left unchanged")
            continue
        if edited.text != article.text or new_path is not None:
            changes.append(FileChange(summary.path, article, edited, new_path))
    inbound = len(sources - {owner.path})
    description = f"rename slug '{old}' → '{new}' ({inbound} linking article(s))"
    return BatchChange(description, tuple(changes), tuple(notes))


def _with_slug_renamed(article: Article, old: str, new: str, config: TeamConfig) -> Article:
    article = article.with_edits(article.set_field(("slug",), new))
    canonical = article.meta.get("canonical")
    if isinstance(canonical, str) and canonical.strip():
        url = retarget_url(canonical.strip(), old, new, config)
        if url is not None:
            article = article.with_edits(article.set_field(("canonical",), url))
    return article


def _with_links_renamed(article: Article, old: str, new: str, config: TeamConfig) -> Article:
    text = article.text
    starts = _line_starts(text)
    edits: list[TextEdit] = []
    for link in find_links(article, config):
        if link.slug != old:
            continue
        start = _offset(starts, link)
        url = text[start : start + link.length]
        new_url = retarget_url(url, old, new, config)
        if new_url is not None and new_url != url:
            edits.append(TextEdit(start, start + link.length, new_url))
    return article.with_edits(edits) if edits else article


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _offset(starts: list[int], link: ArticleLink) -> int:
    return starts[link.line - 1] + link.column - 1
