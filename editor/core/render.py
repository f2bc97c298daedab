"""Markdown to HTML for the preview and ``article-editor render``."""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from editor.core.article import Article
from editor.core.config import TeamConfig
from editor.core.resources import resource

SOURCE_LINE_ATTRIBUTE = "data-source-line"

# The standalone page may hold an article's raw HTML: forbid scripts, frames and requests
# other than images and styles, so opening it in a browser runs nothing from the article.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; "
    "form-action 'none'; frame-src 'none'; base-uri 'none'"
)


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    parser.add_render_rule("html_block", _html_block_with_line)
    return parser


def _html_block_with_line(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    # Raw HTML blocks cannot carry an attribute; a marker before them keeps scroll sync.
    token = tokens[idx]
    if not token.map:
        return token.content
    line = token.map[0] + env.get("line_offset", 0) + 1
    return f'<span {SOURCE_LINE_ATTRIBUTE}="{line}"></span>' + token.content


def render_body(markdown: str, line_offset: int = 0) -> str:
    """HTML for a Markdown body; block elements carry their 1-based source line.

    ``line_offset`` is the number of file lines before the body, so lines are the file's.
    """
    parser = markdown_parser()
    env: dict[str, int] = {"line_offset": line_offset}
    tokens = parser.parse(markdown, env)
    for token in tokens:
        if token.map and token.nesting >= 0 and token.type != "html_block":
            token.attrSet(SOURCE_LINE_ATTRIBUTE, str(token.map[0] + line_offset + 1))
    rendered: str = parser.renderer.render(tokens, parser.options, env)
    return rendered


def render_article(article: Article) -> str:
    """The article as it will appear: its title as the heading, then the body."""
    title = article.meta.get("title")
    heading = f'<h1 class="article-title">{html.escape(str(title))}</h1>\n' if title else ""
    line_offset = article.line_at(article.body_start) - 1
    return heading + render_body(article.body, line_offset)


def stylesheet(config: TeamConfig) -> str:
    """The preview stylesheet: the team's when configured and readable, else ours."""
    if config.stylesheet is not None:
        try:
            return config.stylesheet.read_text(encoding="utf-8")
        except OSError:
            pass
    return resource("preview.css").read_text(encoding="utf-8")


def render_page(article: Article, config: TeamConfig) -> str:
    """A standalone HTML page of the article with the preview stylesheet inlined."""
    title = html.escape(str(article.meta.get("title") or _name(article.path)))
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        f"<title>{title}</title>\n<style>\n{stylesheet(config)}</style>\n</head>\n"
        f'<body>\n<article class="article">\n{render_article(article)}</article>\n'
        "</body>\n</html>\n"
    )


def _name(path: Path | None) -> str:
    return path.stem if path else "Article"
