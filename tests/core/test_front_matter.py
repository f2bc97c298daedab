"""Front-matter edits: only the edited key's lines change, in the file's own style."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.article import Article
from editor.core.front_matter import FrontMatter, FrontMatterError, same_value
from editor.core.text_edit import apply_edits
from tests.conftest import FIXTURES

FM = FIXTURES / "front_matter"
CASES = yaml.safe_load((FM / "cases.yaml").read_text(encoding="utf-8"))


def _expected_path(case: dict[str, Any]) -> Path:
    return FM / "expected" / f"{Path(case['file']).stem}.{case['name']}.md"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{Path(c['file']).stem}.{c['name']}")
def test_edit_matches_expected_file(case: dict[str, Any]) -> None:
    """Ensure each fixture edit gives exactly the hand-checked expected file."""
    article = Article.load(FM / case["file"])
    for key, value in case["set"].items():
        article = article.with_edits(article.set_field(tuple(key.split(".")), value))
    assert article.to_bytes() == _expected_path(case).read_bytes()
    for key, value in case["set"].items():
        assert same_value(article.front_matter.get(tuple(key.split("."))), value)


def _changed_lines(old: str, new: str) -> list[int]:
    """0-based old line numbers that a line diff touches (insertions count where they land)."""
    touched: list[int] = []
    matcher = difflib.SequenceMatcher(None, old.split("\n"), new.split("\n"), autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            touched += list(range(i1, i2)) if i2 > i1 else [i1]
    return touched


EDITABLE = [p for p in sorted(FM.glob("*.md")) if p.name != "no-front-matter.md"]


@pytest.mark.parametrize("path", [*EDITABLE, FIXTURES / "seed.md"], ids=lambda p: p.name)
def test_every_top_level_key_edit_stays_in_its_lines(path: Path) -> None:
    """Ensure editing any top-level key of any fixture changes only that key's lines."""
    article = Article.load(path)
    front_matter = article.front_matter
    for key, value in front_matter.values.items():
        new = _another_value(value)
        edited = article.with_edits(article.set_field((key,), new))
        assert same_value(edited.meta[key], new)
        others = {k: v for k, v in edited.meta.items() if k != key}
        assert same_value(others, {k: v for k, v in article.meta.items() if k != key})
        assert edited.body == article.body
        first, last = front_matter.value_line_span((key,))  # type: ignore[misc]
        for line in _changed_lines(article.text, edited.text):
            assert first - 1 <= line <= last, f"{key}: line {line + 1} outside {first}-{last}"


def _another_value(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 2
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, list):
        return [*value, "edited-tag"]
    if isinstance(value, dict):
        return {**value, "added": "yes: really"}
    return f"Edited: {value} ✓"


def test_same_value_changes_nothing() -> None:
    """Ensure setting a field to its current value returns no edits at all."""
    article = Article.load(FIXTURES / "seed.md")
    for key, value in article.meta.items():
        assert article.set_field((key,), value) == []


def test_remove_key_takes_only_its_lines() -> None:
    """Ensure removing a key deletes its lines and nothing else."""
    article = Article.load(FIXTURES / "seed.md")
    edited = article.with_edits(article.remove_field(("tags", "role")))
    assert edited.meta["tags"] == {"intent": ["resume", "interview", "job-search", "salary"]}
    assert article.text.replace("  role:\n    - general\n", "", 1) == edited.text


def test_text_edits_are_small() -> None:
    """Ensure an edit's span covers only the changed characters, for a tidy undo."""
    article = Article.load(FIXTURES / "seed.md")
    (edit,) = article.set_field(("draft",), False)
    assert article.text[edit.start : edit.end] == "tru" and edit.replacement == "fals"


def test_type_change_rewrites_the_value() -> None:
    """Ensure a scalar that becomes a list is written as a list under its key."""
    fm = FrontMatter.parse("title: T\ntags: general\nslug: s\n")
    out = apply_edits(fm.source, fm.set(("tags",), ["a", "b"]))
    assert out == "title: T\ntags:\n  - a\n  - b\nslug: s\n"


def test_unsafe_value_types_are_refused() -> None:
    """Ensure objects that YAML cannot spell plainly are refused, not dumped."""
    fm = FrontMatter.parse("a: 1\n")
    with pytest.raises(TypeError):
        fm.set(("a",), object())


def test_edit_of_scalar_parent_is_refused_cleanly() -> None:
    """Ensure reaching into a key that is not a mapping gives a clear error."""
    fm = FrontMatter.parse("tags: [a]\n")
    edits = fm.set(("tags", "role"), ["x"])  # a list becomes a mapping of groups
    assert FrontMatter.parse(apply_edits(fm.source, edits)).values == {"tags": {"role": ["x"]}}
    with pytest.raises(FrontMatterError):
        FrontMatter.parse("a: {b: 1}\n").remove(("a", "b"))


# --- properties ------------------------------------------------------------------------

_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85"
    ),
    max_size=30,
)
_key = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_scalar = st.one_of(_text, st.booleans(), st.integers(-(10**6), 10**6), st.dates(), st.none())
_value = st.one_of(_scalar, st.lists(_text.filter(bool), max_size=4))


def _document(data: dict[str, Any], nl: str, indent: int, flow: bool) -> str:
    """Write a front matter by hand in a chosen style (the thing users' files vary in)."""
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            if flow or not value:
                lines.append(
                    f"{key}: "
                    + yaml.safe_dump(
                        value, default_flow_style=True, allow_unicode=True, width=10**6
                    ).strip()
                )
            else:
                lines.append(f"{key}:")
                lines += [
                    " " * indent
                    + "- "
                    + yaml.safe_dump(item, allow_unicode=True, width=10**6)
                    .strip()
                    .removesuffix("\n...")
                    .removesuffix("...")
                    .strip()
                    for item in value
                ]
        else:
            dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10**6).strip()
            lines.append(dumped.removesuffix("\n...").removesuffix("..."))
    return nl.join(lines) + nl if lines else ""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(_key, _value, max_size=6),
    body=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"),
        max_size=60,
    ),
    nl=st.sampled_from(["\n", "\r\n"]),
    indent=st.sampled_from([0, 2, 4]),
    flow=st.booleans(),
    key=_key,
    new=_value,
)
def test_round_trip_and_set_get(
    data: dict[str, Any], body: str, nl: str, indent: int, flow: bool, key: str, new: Any
) -> None:
    """Ensure load → save is the identity and set → get returns the value, for any file."""
    source = _document(data, nl, indent, flow)
    text = f"---{nl}{source}---{nl}{body}"
    article = Article.from_bytes(text.encode("utf-8"))
    assert article.to_bytes() == text.encode("utf-8")
    assert same_value(article.meta, yaml.safe_load(source) or {})
    edited = article.with_edits(article.set_field((key,), new))
    assert same_value(edited.meta[key], new)
    assert same_value(
        {k: v for k, v in edited.meta.items() if k != key},
        {k: v for k, v in article.meta.items() if k != key},
    )
    assert edited.body == article.body
