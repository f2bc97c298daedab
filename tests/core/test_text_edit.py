"""TextEdit helpers: applying, shrinking and composing edits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.text_edit import TextEdit, _common_length, apply_edits, compose_edits, minimal_edit


def test_apply_in_any_order_and_refuse_overlaps() -> None:
    """Ensure edits apply by position whatever their order, and overlaps are refused."""
    edits = [TextEdit(4, 5, "E"), TextEdit(0, 1, "A")]
    assert apply_edits("abcdef", edits) == "AbcdEf"
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [TextEdit(0, 3, ""), TextEdit(2, 4, "")])


def test_minimal_edit_trims_common_ends() -> None:
    """Ensure a replacement shrinks to the characters that differ, or to nothing."""
    assert minimal_edit("draft: true", 7, 11, "false") == TextEdit(7, 10, "fals")
    assert minimal_edit("same", 0, 4, "same") is None


@st.composite
def _edits_on(draw: st.DrawFn, text: str) -> list[TextEdit]:
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    pairs = zip(points[::2], points[1::2], strict=False)
    return [TextEdit(a, b, draw(st.text(alphabet="xyz", max_size=3))) for a, b in pairs]


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_compose_equals_applying_in_turn(data: st.DataObject) -> None:
    """Ensure two passes of edits compose into one set with the same result."""
    text = data.draw(st.text(alphabet="abcd", max_size=20))
    first = data.draw(_edits_on(text))
    middle = apply_edits(text, first)
    then = data.draw(_edits_on(middle))
    assert apply_edits(text, compose_edits(text, first, then)) == apply_edits(middle, then)


@settings(max_examples=300, deadline=None)
@given(
    a=st.text(alphabet="ab", max_size=60),
    b=st.text(alphabet="ab", max_size=60),
    chunk=st.sampled_from([1, 2, 3, 7, 64, 1 << 16]),
    from_end=st.booleans(),
)
def test_common_length_in_chunks_equals_one_by_one(
    a: str, b: str, chunk: int, from_end: bool
) -> None:
    """Ensure the chunked comparison behind minimal_edit (what keeps a 50 MB article's edits
    fast) finds the same common prefix and suffix as comparing character by character."""
    limit = min(len(a), len(b))
    x, y = (a[::-1], b[::-1]) if from_end else (a, b)
    expected = next((i for i in range(limit) if x[i] != y[i]), limit)
    assert _common_length(a, b, limit, from_end=from_end, chunk=chunk) == expected
