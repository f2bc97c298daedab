"""Related-article suggestions on a small library whose best answers are known."""

from __future__ import annotations

from pathlib import Path

from editor.core.article import Article
from editor.core.library import Library
from editor.core.suggestions import suggest_related
from tests.core.library_builder import write_article, write_config


def _library(tmp_path: Path) -> tuple[Library, Article]:
    write_config(tmp_path)
    source = write_article(
        tmp_path,
        "salary-talks-for-data-scientists",
        title="Salary Talks for Data Scientists",
        description="Scripts for the pay conversation when an offer for a data role arrives.",
        category="salary",
        roles=["data"],
        intents=["salary", "interview"],
    )
    write_article(  # shares both intents, the role, the category and words: the best
        tmp_path,
        "negotiating-a-data-scientist-salary",
        title="Negotiating a Data Scientist Salary",
        description="Counter-offers and timing when a data team makes you an offer.",
        category="salary",
        roles=["data"],
        intents=["salary", "interview"],
    )
    write_article(  # shares the rare role and one intent
        tmp_path,
        "interviews-for-data-roles",
        title="Interviews for Data Roles",
        description="SQL screens, case studies and take-home tasks, step by step.",
        category="interviewing",
        roles=["data"],
        intents=["interview"],
    )
    write_article(  # shares only the category
        tmp_path,
        "benefits-beyond-pay",
        title="Benefits Beyond Pay",
        description="Equity, leave, learning budgets and flexible hours, compared.",
        category="salary",
        roles=["general"],
        intents=["networking"],
    )
    write_article(  # shares only a common tag (every article but one has "interview")
        tmp_path,
        "panel-interviews",
        title="Panel Interviews",
        description="Five people in one hour, and keeping every interviewer engaged.",
        category="interviewing",
        roles=["general"],
        intents=["interview"],
    )
    for slug, flags in (("a-draft-twin", {"draft": True}), ("an-old-twin", {"archived": True})):
        write_article(
            tmp_path,
            slug,
            title="Salary Talks for Data Scientists, Again",
            description="Scripts for the pay conversation when an offer for a data role arrives.",
            category="salary",
            roles=["data"],
            intents=["salary", "interview"],
            **flags,  # type: ignore[arg-type]
        )
    write_article(
        tmp_path,
        "nothing-in-common",
        title="Remote Work Desk Setup",
        description="Chairs, screens and light for a home office that lasts.",
        category="remote-work",
        roles=["design"],
        intents=["remote-work"],
    )
    return Library.scan(tmp_path), Article.load(source)


def test_ranking_by_tags_category_and_words(tmp_path: Path) -> None:
    """Ensure the known best answers come first, in order, and nothing unrelated comes."""
    library, article = _library(tmp_path)
    slugs = [s.slug for s in suggest_related(article, library, 10)]
    assert slugs == [
        "negotiating-a-data-scientist-salary",
        "interviews-for-data-roles",
        "benefits-beyond-pay",
        "panel-interviews",
    ]


def test_drafts_archived_and_the_article_itself_are_never_suggested(tmp_path: Path) -> None:
    """Ensure unpublished twins (which share everything) and the article are left out."""
    library, article = _library(tmp_path)
    slugs = {s.slug for s in suggest_related(article, library, 10)}
    assert not slugs & {"a-draft-twin", "an-old-twin", "salary-talks-for-data-scientists"}


def test_count_and_stable_order(tmp_path: Path) -> None:
    """Ensure the count is respected and the same library always gives the same answer."""
    library, article = _library(tmp_path)
    first = suggest_related(article, library, 2)
    assert [s.slug for s in first] == [
        "negotiating-a-data-scientist-salary",
        "interviews-for-data-roles",
    ]
    assert first[0].score > first[1].score > 0
    assert suggest_related(article, Library.scan(tmp_path), 2) == first
    assert first[0].title == "Negotiating a Data Scientist Salary"


def test_suggestions_follow_library_changes(tmp_path: Path) -> None:
    """Ensure a refreshed library is used, not a stale index of it."""
    library, article = _library(tmp_path)
    suggest_related(article, library, 3)
    best = tmp_path / "negotiating-a-data-scientist-salary.md"
    best.write_text(best.read_text("utf-8").replace("draft: false", "draft: true"), "utf-8")
    library.refresh()
    slugs = [s.slug for s in suggest_related(article, library, 3)]
    assert "negotiating-a-data-scientist-salary" not in slugs
