"""Formatting one-line Webflow HTML for reading: only whitespace added, exactly reversible."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from editor.core.article import Article
from editor.core.html_format import (
    format_breaks,
    format_html,
    formatted_offset,
    source_offset,
    unformat_html,
)
from tests.conftest import SEED

# Deliberately simpler than the formatter's own scanner, so the two check each other.
_TOKEN = re.compile(r"<[^>]*>|[^<]+")


def tokens(html: str) -> list[str]:
    """Tags and text runs in order, whitespace at their ends ignored, blank runs dropped."""
    return [token.strip() for token in _TOKEN.findall(html) if token.strip()]


def seed_html() -> str:
    return Article.load(SEED).body.split("\n")[0]


def test_seed_keeps_every_tag_and_text_in_order() -> None:
    """Ensure formatting the seed body changes no tag, attribute or text, only layout."""
    html = seed_html()
    assert len(html) > 20_000 and "\n" not in html
    formatted = format_html(html)
    assert tokens(formatted) == tokens(html)
    assert re.sub(r"\s+", "", formatted) == re.sub(r"\s+", "", html)
    assert formatted.count("\n") > 80  # it really was laid out


def test_seed_round_trips_byte_for_byte() -> None:
    """Ensure unformatting the formatted seed gives the exact original; formatting is stable."""
    html = seed_html()
    formatted = format_html(html)
    assert unformat_html(formatted) == html
    assert unformat_html(formatted).encode() == html.encode()
    assert format_html(formatted) == formatted


def test_seed_layout_puts_blocks_on_lines_and_indents_lists() -> None:
    """Ensure paragraphs and headings get lines of their own and list items are indented."""
    lines = format_html(seed_html()).split("\n")
    assert lines[0].startswith('<p id="">Applying for jobs') and lines[0].endswith("</p>")
    assert lines[2] == '<h2 id="">Key Takeaways</h2>'
    assert lines[3] == '<ul id="">'
    assert lines[4].startswith('  <li id="">Understanding why') and lines[4].endswith("</li>")
    assert lines[7] == "</ul>"
    assert all(line.startswith("<") or line.startswith("  <") for line in lines)


def test_small_documents_lay_out_as_expected() -> None:
    """Ensure nesting, implied end tags, comments and stray inline tags are placed sensibly."""
    html = '<div class="x"><p>a<p>b<ul><li>x<li>y</ul></div><!-- c --><hr><p>z</p><em>q</em>'
    assert format_html(html) == (
        '<div class="x">\n'
        "  <p>a\n"
        "  <p>b\n"
        "  <ul>\n"
        "    <li>x\n"
        "    <li>y\n"
        "  </ul>\n"
        "</div>\n"
        "<!-- c -->\n"
        "<hr>\n"
        "<p>z</p>\n"
        "<em>q</em>"
    )
    assert format_html('<a title="a > b"><p>x</p></a>') == '<a title="a > b">\n<p>x</p>\n</a>'


def test_must_not_change_cases() -> None:
    """Ensure Markdown, inline-only HTML, raw text and formatted HTML are left exactly alone."""
    unchanged = [
        "",
        "## Related articles",
        "- [A guide](https://jobsolv.com/blog/a-guide) and **bold**",
        'Plain <strong id="">inline</strong> text with <a href="x">a link</a>.',
        "<p>one paragraph</p>",
        "<pre><p>not</p><p>markup</p></pre>",
        '<script>if (a<b) { x = "<p>"; }</script>',
        '<a title="a > b">a quoted > is not the end of the tag</a>',
        "<p>a</p>\n<p>b</p>",
        "x < y and y > z",
    ]
    for html in unchanged:
        assert format_html(html) == html, html


def test_offsets_map_both_ways() -> None:
    """Ensure every input offset maps to the same character in the formatted text and back."""
    html = '<ul id=""><li>x <strong>y</strong></li><li>z</li></ul><p>w</p>'
    breaks = format_breaks(html)
    formatted = format_html(html)
    for offset in range(len(html)):
        moved = formatted_offset(breaks, offset)
        assert formatted[moved] == html[offset]
        assert source_offset(breaks, moved) == offset
    inside_indent = formatted.index("\n  <li>z") + 1
    assert html[source_offset(breaks, inside_indent) :].startswith("<li>z")


_PIECES = st.sampled_from(
    [
        "<p>", "</p>", '<p id="">', "<ul>", "</ul>", "<li>", "</li>", "<h2>", "</h2>",
        "<div>", "</div>", "<strong>", "</strong>", '<a href="u">', "</a>", "<br>", "<hr>",
        "<!-- c -->", "<pre>", "</pre>", "text", " ", "  ", "&amp;", "<", ">", "’",
    ]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_one_line_html_round_trips(html: str) -> None:
    """Ensure for any line without breaks, formatting only adds whitespace and reverses exactly."""
    formatted = format_html(html)
    assert unformat_html(formatted) == html
    assert re.sub(r"\s+", "", formatted) == re.sub(r"\s+", "", html)
    assert format_html(formatted) == formatted
