"""Renaming a slug: the article, its file and canonical, and every link to it — nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.article import Article
from editor.core.batch_change import BatchError, apply_batch
from editor.core.config import load_config
from editor.core.footer_blocks import find_footer
from editor.core.library import Library
from editor.core.slug_rename import plan_slug_rename, retarget_url
from tests.conftest import SAMPLES
from tests.core.library_builder import changed_lines

OLD = "follow-up-emails-after-an-interview"
NEW = "interview-follow-up-emails"


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.md"))}


def test_retarget_url_keeps_the_spelling() -> None:
    """Ensure a URL keeps its host, scheme, fragment and query; other URLs are left alone."""
    config = load_config(SAMPLES / ".article-editor.yaml")
    assert retarget_url(f"https://www.jobsolv.com/blog/{OLD}#tips", OLD, NEW, config) == (
        f"https://www.jobsolv.com/blog/{NEW}#tips"
    )
    assert retarget_url(f"/blog/{OLD}/?a=1", OLD, NEW, config) == f"/blog/{NEW}/?a=1"
    assert retarget_url(f"https://example.com/blog/{OLD}", OLD, NEW, config) is None
    assert retarget_url(f"https://jobsolv.com/blog/{OLD}-2", OLD, NEW, config) is None


def test_slug_rename_across_the_library(sample_library: Path) -> None:
    """Ensure the article, its file, its canonical and every inbound link change, each file
    only on the lines that hold them, and a dry run (the plan) writes nothing."""
    before = _texts(sample_library)
    batch = plan_slug_rename(Library.scan(sample_library), OLD, NEW)
    assert _texts(sample_library) == before
    expected_sources = {
        "how-to-answer-tell-me-about-yourself.md",  # inline, www
        "networking-for-introverts-a-practical-guide.md",  # related
        "preparing-for-technical-interviews-as-a-software-engineer.md",  # related
        "salary-negotiation-scripts-that-work.md",  # inline and related
        "tracking-job-applications-with-a-simple-system.md",  # inline and related
        f"{OLD}.md",
    }
    assert {change.path.name for change in batch.changes} == expected_sources
    apply_batch(batch)
    after = _texts(sample_library)
    assert f"{OLD}.md" not in after and f"{NEW}.md" in after
    renamed = Article.load(sample_library / f"{NEW}.md")
    assert renamed.meta["slug"] == NEW
    # the canonical pointed at another slug (a planted problem): it is not this slug's URL
    assert renamed.meta["canonical"] == (
        "https://jobsolv.com/blog/thank-you-email-after-interview-templates"
    )
    assert changed_lines(before[f"{OLD}.md"], after[f"{NEW}.md"]) == [3]
    for name in expected_sources - {f"{OLD}.md"}:
        lines = changed_lines(before[name], after[name])
        assert lines, name
        for number in lines:
            old_line = before[name].splitlines()[number - 1]
            new_line = after[name].splitlines()[number - 1]
            assert old_line.replace(f"/blog/{OLD}", f"/blog/{NEW}") == new_line, name
    for name in set(before) - expected_sources:
        assert after[name] == before[name], name
    config = load_config(sample_library / ".article-editor.yaml")
    tracking = Article.load(sample_library / "tracking-job-applications-with-a-simple-system.md")
    related = [link.slug for link in find_footer(tracking, config).related]
    assert NEW in related and OLD not in related
    assert Library.scan(sample_library).find(OLD) is None


def test_canonical_follows_when_it_named_the_slug(sample_library: Path) -> None:
    """Ensure a canonical URL of the old slug becomes the new one, keeping its quotes."""
    old = "salary-negotiation-scripts-that-work"
    path = sample_library / f"{old}.md"
    before = path.read_text("utf-8")
    apply_batch(plan_slug_rename(Library.scan(sample_library), old, "salary-scripts"))
    after = (sample_library / "salary-scripts.md").read_text("utf-8")
    assert changed_lines(before, after) == [3, 5]
    assert 'canonical: "https://jobsolv.com/blog/salary-scripts"' in after


def test_refusals(sample_library: Path) -> None:
    """Ensure bad, taken, unknown or ambiguous slugs are refused before anything is written."""
    library = Library.scan(sample_library)
    with pytest.raises(BatchError, match="not a slug"):
        plan_slug_rename(library, OLD, "Not A Slug")
    with pytest.raises(BatchError, match="already used"):
        plan_slug_rename(library, OLD, "salary-negotiation-scripts-that-work")
    with pytest.raises(BatchError, match="no article has the slug"):
        plan_slug_rename(library, "no-such-slug", NEW)
    copy = sample_library / "copy.md"
    copy.write_bytes((sample_library / f"{OLD}.md").read_bytes())
    with pytest.raises(BatchError, match="used by 2 articles"):
        plan_slug_rename(Library.scan(sample_library), OLD, NEW)
