"""Property tests: parser, writer, footer blocks and repair never fail but in documented ways."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.article import Article, ArticleError
from editor.core.config import DEFAULT_CONFIG
from editor.core.encoding import repair_edits, repair_text
from editor.core.footer_blocks import (
    FooterError,
    find_footer,
    related_link,
    set_cta,
    set_hub,
    set_related,
)
from editor.core.front_matter import same_value
from editor.core.text_edit import apply_edits

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces real files are made of, so random documents hit the interesting paths.
_LINES = st.sampled_from(
    [
        "---",
        "...",
        "title: T",
        "title: 'quoted: yes'",
        'slug: "s"',
        "tags:",
        "  - a",
        "    - b",
        "  role:",
        "  intent: [x, y]",
        "draft: true",
        "# comment",
        "",
        "key:",
        "description: >-",
        "  folded",
        "x: &a [1]",
        "y: *a",
        "- item",
        "[",
        "{a: 1}",
        "## Related articles",
        "## Optimize your resume instantly",
        "- [T](https://jobsolv.com/blog/t)",
        "👉 https://jobsolv.com/resume-tailor",
        "\uf8ffüëâ https://x",
        '<p id="">it‚Äôs</p>',
        "Body text.",
        "\t",
        "title: !!python/object:os.system x",
        "---   ",
        "\r",
    ]
)
_documents = st.lists(_LINES, max_size=25).map("\n".join)
_newlines = st.sampled_from(["\n", "\r\n"])


@FAST
@given(data=st.binary(max_size=400))
def test_any_bytes_load_or_refuse(data: bytes) -> None:
    """Ensure any bytes either load (and save back identical) or raise ArticleError."""
    try:
        article = Article.from_bytes(data)
    except ArticleError:
        return
    assert article.to_bytes() == data
    try:
        assert isinstance(article.meta, dict)
    except ArticleError as error:
        assert error.message


@FAST
@given(
    document=_documents,
    newline=_newlines,
    value=st.text(max_size=20),
    key=st.sampled_from(["title", "tags", "new_key", "draft"]),
)
def test_writer_on_real_looking_documents(
    document: str, newline: str, value: str, key: str
) -> None:
    """Ensure set_field on any document either refuses cleanly or sets exactly that key."""
    article = Article(document.replace("\n", newline))
    try:
        before = article.meta
        edits = article.set_field((key,), value)
    except ArticleError:
        return
    after = article.with_edits(edits)
    assert same_value(after.meta[key], value)
    assert same_value(
        {k: v for k, v in after.meta.items() if k != key},
        {k: v for k, v in before.items() if k != key},
    )
    assert after.body == article.body


@FAST
@given(
    document=_documents,
    cta=st.sampled_from([None, "resume-tailor"]),
    hub=st.sampled_from([None, "job-search"]),
    slugs=st.lists(
        st.from_regex(r"[a-z]{1,6}(-[a-z]{1,6})?", fullmatch=True), max_size=3, unique=True
    ),
)
def test_footer_changes_always_read_back(
    document: str, cta: str | None, hub: str | None, slugs: list[str]
) -> None:
    """Ensure footer edits on any document read back as set and leave text before them alone."""
    article = Article(document)
    try:
        _ = article.body_start
    except ArticleError:
        return
    links = [related_link(DEFAULT_CONFIG, slug, slug.title()) for slug in slugs]
    result = article
    try:
        for change in (
            lambda a: set_cta(a, DEFAULT_CONFIG, cta),
            lambda a: set_hub(a, DEFAULT_CONFIG, hub),
            lambda a: set_related(a, DEFAULT_CONFIG, links),
        ):
            result = result.with_edits(change(result))
    except FooterError:
        return  # the documented refusal: the change would not read back
    footer = find_footer(result, DEFAULT_CONFIG)
    assert footer.cta == cta
    assert footer.hub == hub
    assert list(footer.related) == links
    assert result.text[: result.body_start] == article.text[: article.body_start]


@FAST
@given(text=st.text(max_size=300))
def test_repair_never_fails_and_its_edits_agree(text: str) -> None:
    """Ensure repair_text takes any text and its edits produce exactly its result."""
    repair = repair_text(text)
    assert apply_edits(text, repair_edits(repair)) == repair.text
    assert repair.damaged == bool(repair.changes)
