"""Repair of a whole article (front matter and body alike) as TextEdits, proven safe."""

from __future__ import annotations

from dataclasses import dataclass

from editor.core.article import Article, ArticleError
from editor.core.cleanup import CleanupChange, cleanup_edits, find_webflow_debris
from editor.core.encoding import Repair, repair_edits, repair_text
from editor.core.text_edit import TextEdit, apply_edits, compose_edits


@dataclass(frozen=True)
class ArticleRepair:
    """What repairing an article changes: the encoding repair, then the optional clean-up."""

    repair: Repair
    debris: tuple[CleanupChange, ...]
    edits: tuple[TextEdit, ...]  # all of it, in the original article's offsets
    text: str  # the article's text afterwards

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def repair_article(article: Article, *, clean_html: bool = False) -> ArticleRepair:
    """Repair encoding damage everywhere in ``article`` (and Webflow debris if asked).

    The result must still have readable front matter with the same keys, or ArticleError
    is raised and nothing should be written.
    """
    repair = repair_text(article.text)
    edits = repair_edits(repair)
    text = apply_edits(article.text, edits)
    debris: tuple[CleanupChange, ...] = ()
    if clean_html:
        repaired = Article(text, article.encoding, article.path)
        body_start = repaired.body_start
        debris = tuple(c for c in find_webflow_debris(text) if c.offset >= body_start)
        cleanup = cleanup_edits(debris)
        text = apply_edits(text, cleanup)
        edits = compose_edits(article.text, edits, cleanup)
    _check_front_matter(article, text)
    return ArticleRepair(repair, debris, tuple(edits), text)


def _check_front_matter(before: Article, text: str) -> None:
    if not before.layout.has_front_matter:
        return
    after = Article(text, before.encoding, before.path)
    try:
        keys_before, keys_after = set(before.meta), set(after.meta)
    except ArticleError as error:
        message = f"repair would break the front matter: {error.message}"
        raise ArticleError(before.path, error.line, message) from error
    if keys_before != keys_after:
        raise ArticleError(before.path, 1, "repair would change the front-matter keys")
