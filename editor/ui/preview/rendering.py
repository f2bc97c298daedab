"""The preview's HTML for an article; free of Qt so a render process can import it cheaply."""

from __future__ import annotations

import html
import json
from pathlib import Path

from editor.core.article import Article, ArticleError
from editor.core.render import render_article, render_body


def preview_html(article: Article) -> str:
    """The article's HTML, or an explanation when it cannot be rendered as it stands."""
    try:
        return render_article(article)
    except ArticleError as error:
        # Mid-edit front matter (an unclosed ---, a stray quote) must not blank the preview.
        notice = f'<p class="preview-error">{html.escape(str(error))}</p>\n'
        return notice + render_body(article.text)


def preview_html_of_text(text: str, path: Path | None) -> str:
    """:func:`preview_html` for a render process: only plain values cross the process boundary.

    ``ArticleError`` cannot be unpickled (its constructor takes three arguments), so every
    failure is turned into HTML here rather than sent back.
    """
    try:
        return preview_html(Article(text, path=path))
    except Exception as error:
        return f'<p class="preview-error">{html.escape(repr(error))}</p>'


def as_literal(html_text: str) -> str:
    """``html_text`` as a JavaScript string literal (JSON is a subset of JavaScript since
    ES2019), made where the HTML was rendered: for a 50 MB article the encoding takes a
    second that the GUI thread would otherwise spend."""
    return json.dumps(html_text, ensure_ascii=False)


def preview_literal_of_text(text: str, path: Path | None) -> str:
    """:func:`preview_html_of_text` as a string literal, for the render process."""
    return as_literal(preview_html_of_text(text, path))
