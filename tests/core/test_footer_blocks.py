"""Footer blocks: recognised in the seed, changed one block at a time, in the seed's format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.article import Article
from editor.core.config import DEFAULT_CONFIG, load_config
from editor.core.footer_blocks import (
    FooterError,
    find_footer,
    related_link,
    render_cta,
    render_hub,
    reorder_blocks,
    set_cta,
    set_hub,
    set_related,
)
from tests.conftest import FIXTURES, SAMPLES, SEED

FOOTER = FIXTURES / "footer"
CONFIG = load_config(SAMPLES / ".article-editor.yaml")
CASES = yaml.safe_load((FOOTER / "cases.yaml").read_text(encoding="utf-8"))


def test_seed_blocks_are_recognised_with_damaged_emoji() -> None:
    """Ensure the seed's three blocks are found although its 👉 is mojibake."""
    article = Article.load(SEED)
    footer = find_footer(article, DEFAULT_CONFIG)
    assert [block.kind for block in footer.blocks] == ["cta", "hub", "related"]
    assert footer.cta == "resume-tailor"
    assert footer.hub == "job-search"
    assert len(footer.related) == 5
    first = footer.related[0]
    assert first.title == "7 Essential Steps to Navigate the Right Career Path"
    assert first.slug == "7-essential-steps-in-navigating-the-right-career-path"
    assert article.text[footer.blocks[0].start :].startswith("---\n\n## Optimize your resume")
    assert footer.blocks[-1].end == len(article.text)
    assert "\uf8ffüëâ" in article.text[footer.blocks[0].start : footer.blocks[0].end]


def test_defaults_render_the_seed_blocks_exactly() -> None:
    """Ensure the default templates reproduce the seed's blocks byte for byte (emoji repaired)."""
    text = SEED.read_text(encoding="utf-8").replace("\uf8ffüëâ", "👉")
    assert render_cta(DEFAULT_CONFIG, "resume-tailor") in text
    assert render_hub(DEFAULT_CONFIG, "job-search") in text


def test_setting_the_current_template_keeps_the_bytes() -> None:
    """Ensure choosing the template a block already has changes nothing, damage included."""
    article = Article.load(SEED)
    assert set_cta(article, DEFAULT_CONFIG, "resume-tailor") == []
    assert set_hub(article, DEFAULT_CONFIG, "job-search") == []
    assert set_related(article, DEFAULT_CONFIG, find_footer(article, DEFAULT_CONFIG).related) == []


def _apply(case: dict[str, Any]) -> Article:
    article = Article.load(FOOTER / case["file"])
    titles = {link.slug: link.title for link in find_footer(Article.load(SEED), CONFIG).related}
    titles["turning-setbacks-into-opportunities-interview-rejections"] = Article.load(SEED).meta[
        "title"
    ]
    for operation in ("cta", "hub", "related"):
        if operation not in case:
            continue
        value = case[operation]
        if operation == "cta":
            edits = set_cta(article, CONFIG, None if value == "none" else value)
        elif operation == "hub":
            edits = set_hub(article, CONFIG, None if value == "none" else value)
        else:
            edits = set_related(
                article, CONFIG, [related_link(CONFIG, s, titles[s]) for s in value]
            )
        article = article.with_edits(edits)
    return article


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_footer_change_matches_expected_file(case: dict[str, Any]) -> None:
    """Ensure each footer change gives exactly the hand-checked expected file."""
    article = _apply(case)
    assert article.to_bytes() == (FOOTER / "expected" / f"{case['name']}.md").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_footer_change_leaves_front_matter_and_other_blocks(case: dict[str, Any]) -> None:
    """Ensure a footer change touches neither the front matter nor untouched blocks' bytes."""
    before = Article.load(FOOTER / case["file"])
    after = _apply(case)
    assert after.text[: before.body_start] == before.text[: before.body_start]
    changed = {kind for kind in ("cta", "hub", "related") if kind in case}
    old_blocks = {b.kind: before.text[b.start : b.end] for b in find_footer(before, CONFIG).blocks}
    new_blocks = {b.kind: after.text[b.start : b.end] for b in find_footer(after, CONFIG).blocks}
    for kind, text in old_blocks.items():
        if kind not in changed:
            assert new_blocks[kind] == text


def test_added_footer_is_read_back() -> None:
    """Ensure blocks added to an article without footer are recognised afterwards."""
    article = _apply(CASES[7])
    footer = find_footer(article, CONFIG)
    assert (footer.cta, footer.hub) == ("resume-tailor", "job-search")
    assert [link.slug for link in footer.related] == [
        "turning-setbacks-into-opportunities-interview-rejections"
    ]


def test_unknown_block_and_setext_heading_stay_body() -> None:
    """Ensure text that is not a known block (a setext underline, a Newsletter) is body."""
    article = Article.load(FOOTER / "unknown-block.md")
    assert [b.kind for b in find_footer(article, CONFIG).blocks] == ["cta"]


def test_reorder_blocks() -> None:
    """Ensure blocks can be put in another order and back, byte for byte."""
    article = Article.load(SEED)
    reordered = article.with_edits(
        reorder_blocks(article, DEFAULT_CONFIG, ["related", "cta", "hub"])
    )
    assert [b.kind for b in find_footer(reordered, DEFAULT_CONFIG).blocks] == [
        "related",
        "cta",
        "hub",
    ]
    back = reordered.with_edits(
        reorder_blocks(reordered, DEFAULT_CONFIG, ["cta", "hub", "related"])
    )
    assert back.text == article.text


def test_unknown_template_is_refused() -> None:
    """Ensure asking for a CTA the configuration does not have is a clear error."""
    with pytest.raises(FooterError, match="no call to action 'nope'"):
        set_cta(Article.load(SEED), CONFIG, "nope")


def test_title_with_brackets_round_trips(tmp_path: Path) -> None:
    """Ensure a related title with [brackets] is escaped and read back unchanged."""
    article = Article.load(FOOTER / "no-footer.md")
    link = related_link(CONFIG, "some-slug", "Resumes [2026 edition]")
    article = article.with_edits(set_related(article, CONFIG, [link]))
    assert "- [Resumes \\[2026 edition\\]](https://jobsolv.com/blog/some-slug)" in article.text
    assert find_footer(article, CONFIG).related == (link,)


@settings(max_examples=400, deadline=None)
@given(
    lines=st.lists(st.sampled_from(["---", "----", "--- x", "x ---", "", "text", "---  "])),
    cut=st.integers(0, 3),
)
def test_separators_found_from_the_end_are_the_last_ones(lines: list[str], cut: int) -> None:
    """Ensure reading separators back from the end (what keeps a 50 MB article's footer
    cheap) finds the same ones as reading the body from its start, up to the limit."""
    from editor.core.footer_blocks import (
        _SEPARATOR,
        MAX_SEPARATORS,
        _last_separators,
        _previous_line_blank,
    )

    text = "\n".join(lines)
    body_start = sum(len(line) + 1 for line in lines[: min(cut, len(lines))])
    body_start = min(body_start, len(text))
    forward = [
        m.start()
        for m in _SEPARATOR.finditer(text, body_start)
        if _previous_line_blank(text, m.start(), body_start)
    ]
    assert _last_separators(text, body_start) == forward[-MAX_SEPARATORS:]
