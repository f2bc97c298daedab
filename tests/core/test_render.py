"""Rendering: CommonMark + tables + raw HTML, with source lines for scroll sync."""

from __future__ import annotations

from editor.core.article import Article
from editor.core.config import DEFAULT_CONFIG
from editor.core.render import render_body, render_page
from tests.conftest import SEED


def test_markdown_tables_and_source_lines() -> None:
    """Ensure blocks carry their 1-based file line and tables render."""
    html = render_body("# Title\n\nPara\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", line_offset=4)
    assert '<h1 data-source-line="5">Title</h1>' in html
    assert '<p data-source-line="7">Para</p>' in html
    assert '<table data-source-line="9">' in html and "<td>2</td>" in html


def test_raw_html_passes_through_with_a_line_marker() -> None:
    """Ensure Webflow HTML is kept as written and still marked with its line."""
    html = render_body('<p id="">Raw <strong id="">html</strong></p>\n', line_offset=17)
    assert (
        html == '<span data-source-line="18"></span><p id="">Raw <strong id="">html</strong></p>\n'
    )


def test_seed_page_is_standalone_and_locked_down() -> None:
    """Ensure the seed renders to a full page with its title, footer and a strict CSP."""
    page = render_page(Article.load(SEED), DEFAULT_CONFIG)
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page
    assert (
        '<h1 class="article-title">Turning Setbacks into Opportunities: Interview Rejections</h1>'
        in page
    )
    assert '<h2 data-source-line="22">Optimize your resume instantly</h2>' in page
    assert (
        '<li data-source-line="40"><a href="https://jobsolv.com/blog/7-essential-steps-in-navigating-the-right-career-path">'
        in page
    )
    assert "--accent" in page  # the stylesheet is inlined
