"""Word count and reading time, and the counter the window reuses as the writer types."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.text_stats import WordCounter, reading_minutes, word_count


def test_words_are_counted_as_a_reader_sees_them() -> None:
    """Ensure tags, entities and Markdown marks are not words, and it's, follow-up and
    words in any script are one word each."""
    body = (
        '<p class="lead">It’s a <b>follow-up</b>&nbsp;guide.</p>\n'
        "## Résumé tips\n\n- **Write** it's\n- 日本語 and русский\n"
    )
    assert word_count(body) == 11


def test_reading_time_rounds_up() -> None:
    """Ensure any text reads in at least a minute, and 239 words take two."""
    assert (reading_minutes(0), reading_minutes(1), reading_minutes(238)) == (0, 1, 1)
    assert reading_minutes(239) == 2


_PIECES = st.sampled_from(
    ["word", " ", "\n", "<a\nhref='x'>", "</a>", "&amp;", "it’s", "-", "_", "é", "\n\n", "<"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=30).map("".join), min_size=1, max_size=6))
def test_counter_agrees_with_a_fresh_count_after_every_edit(texts: list[str]) -> None:
    """Ensure the counter that recounts only changed lines gives word_count's answer for each
    text of an editing session, tags across line breaks included."""
    counter = WordCounter()
    for text in texts:
        assert counter.count(text) == word_count(text), text
