"""Tests for the Webflow clean-up (editor.core.cleanup)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from editor.core.cleanup import CleanupChange, cleanup_edits, describe, find_webflow_debris
from editor.core.encoding import repair_text
from editor.core.text_edit import apply_edits

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "encoding"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _clean(text: str) -> str:
    return apply_edits(text, cleanup_edits(find_webflow_debris(text)))


def test_fixture_is_cleaned_exactly() -> None:
    """Ensure the Webflow sample becomes the hand-written clean version."""
    assert _clean(_read("webflow.html")) == _read("webflow.cleaned.html")


def test_seed_debris_is_found_after_encoding_repair() -> None:
    """Ensure the repaired seed article yields its empty ids and joiner paragraph."""
    text = repair_text(_read("seed.md")).text
    kinds = Counter(change.kind for change in find_webflow_debris(text))
    assert kinds == Counter({"empty-id": 212, "empty-paragraph": 1, "stray-joiner": 1})
    cleaned = _clean(text)
    assert 'id=""' not in cleaned
    assert "\u200d" not in cleaned
    assert cleaned.count("’") == text.count("’")


@pytest.mark.parametrize(
    "paragraph",
    ["<p>\u200d</p>", "<p>\u00a0</p>", '<p id="">&nbsp;</p>', "<p>&#8205;</p>", "<P> &zwj; </P>"],
)
def test_empty_paragraph_is_removed(paragraph: str) -> None:
    """Ensure a paragraph holding only an invisible character is removed whole."""
    text = f"<p>Before</p>{paragraph}<p>After</p>"
    changes = find_webflow_debris(text)
    assert [change.kind for change in changes] == ["empty-paragraph"]
    assert _clean(text) == "<p>Before</p><p>After</p>"


@pytest.mark.parametrize(
    "text",
    [
        "<p>Family: 👨\u200d👩\u200d👧</p>",
        '<p data-id="">x</p>',
        '<p id="main">x</p>',
        'Write id="" in prose.',
        "<p> </p>",
        "<p>Text</p>",
    ],
)
def test_content_is_left_alone(text: str) -> None:
    """Ensure joined emoji, real ids, prose and visible paragraphs are not debris."""
    assert find_webflow_debris(text) == ()


def test_changes_describe_the_original() -> None:
    """Ensure offsets point into the text and empty ids inside removed paragraphs are merged."""
    text = '<p id="">\u200d</p><b id="">x</b>'
    assert find_webflow_debris(text) == (
        CleanupChange(0, 14, '<p id="">\u200d</p>', "", "empty-paragraph"),
        CleanupChange(16, 6, ' id=""', "", "empty-id"),
    )


def test_edits_for_accepted_changes_only() -> None:
    """Ensure a review dialog can apply a chosen subset of the clean-up."""
    text = '<p id="">a</p><p id="">b</p>'
    changes = find_webflow_debris(text)
    assert apply_edits(text, cleanup_edits(changes, accepted={1})) == '<p id="">a</p><p>b</p>'


def test_describe_counts_kinds() -> None:
    """Ensure the summary names what was found in words a writer understands."""
    text = '<p id="">a</p><p>\u200d</p>'
    assert describe(find_webflow_debris(text)) == (
        '1 × empty id="" attribute; 1 × paragraph holding only an invisible character'
    )
    assert describe(()) == "No Webflow debris found"
