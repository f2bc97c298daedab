"""TextEdit helpers: applying, shrinking and composing edits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.text_edit import TextEdit, apply_edits, compose_edits, minimal_edit


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
