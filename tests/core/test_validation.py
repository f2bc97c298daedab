"""Validation rules over the seed, the sample library and small hand-made articles."""

from __future__ import annotations

from pathlib import Path

from editor.core.article import Article
from editor.core.config import DEFAULT_CONFIG, load_config
from editor.core.library import Library
from editor.core.validation import Problem, validate
from tests.conftest import SAMPLES, SEED


def _problems(front_matter: str, library: Library | None = None) -> list[Problem]:
    article = Article.from_bytes(f"---\n{front_matter}---\nBody\n".encode(), Path("a.md"))
    return validate(article, DEFAULT_CONFIG, library)


def _messages(problems: list[Problem]) -> list[str]:
    return [f"{p.line}:{p.severity}:{p.field}:{p.message}" for p in problems]


GOOD = (
    "title: A title that is long enough to pass the check\n"
    "slug: a-good-slug\n"
    "description: A description that is comfortably inside the recommended range of "
    "seventy to one hundred sixty characters.\n"
    "canonical: https://jobsolv.com/blog/a-good-slug\n"
    "category: interviewing\n"
    "draft: false\n"
    "archived: false\n"
    "tags:\n  role: [general]\n  intent: [resume]\n"
)


def test_good_article_has_no_problems() -> None:
    """Ensure a complete, well-formed article passes without a single problem."""
    assert _problems(GOOD) == []


def test_front_matter_rules() -> None:
    """Ensure each rule reports the right severity, field and line."""
    text = (
        "title: Short\n"
        "slug: Not_A_Slug\n"
        "canonical: https://jobsolv.com/blog/other\n"
        "category: gardening\n"
        "draft: yes please\n"
        "tags:\n  role: [general, astronaut]\n  mood: [happy]\n"
    )
    messages = _messages(_problems(text))
    assert "2:warning:title:title is 5 characters; recommended 30–70" in messages
    assert "3:error:slug:slug 'Not_A_Slug' must be lower-case words joined by hyphens" in messages
    assert "1:error:description:description is missing" in messages
    assert "5:warning:category:category 'gardening' is not in the team's list" in messages
    assert "6:error:draft:draft must be true or false, not 'yes please'" in messages
    assert "8:warning:tags.role:tag 'astronaut' is not in the team's role tags" in messages
    assert "9:warning:tags.mood:tag group 'mood' is not in the team's list" in messages


def test_canonical_must_match_the_slug_but_aliases_are_fine() -> None:
    """Ensure a canonical for another slug is an error and the www alias is accepted."""
    wrong = GOOD.replace("blog/a-good-slug", "blog/old-slug")
    assert any("does not match the slug" in p.message for p in _problems(wrong))
    alias = GOOD.replace("https://jobsolv.com", "https://www.jobsolv.com")
    assert _problems(alias) == []


def test_draft_and_archived_together_is_a_warning() -> None:
    """Ensure an article both draft and archived is flagged as a warning."""
    text = GOOD.replace("draft: false", "draft: true").replace("archived: false", "archived: true")
    assert _messages(_problems(text)) == ["8:warning:archived:article is both a draft and archived"]


def test_duplicate_slug_in_library(tmp_path: Path) -> None:
    """Ensure two articles with one slug are both reported, naming the other file."""
    for name in ("one.md", "two.md"):
        (tmp_path / name).write_text(f"---\n{GOOD}---\nBody\n", encoding="utf-8")
    library = Library.scan(tmp_path, DEFAULT_CONFIG)
    problems = validate(Article.load(tmp_path / "one.md"), DEFAULT_CONFIG, library)
    assert _messages(problems) == ["3:error:slug:slug 'a-good-slug' is also used by two.md"]


def test_seed_and_sample_library_problems() -> None:
    """Ensure the seed passes the field rules and the samples' planted problems are found."""
    config = load_config(SAMPLES / ".article-editor.yaml")
    assert _messages(validate(Article.load(SEED), config)) == [
        "18:error:encoding:damaged text: UTF-8 read as Mac Roman, 48 characters"
    ]
    library = Library.scan(SAMPLES, config)
    found = {
        (s.path.name, p.field, p.severity)
        for s in library.articles
        for p in validate(Article.load(s.path), config, library)
    }
    assert ("follow-up-emails-after-an-interview.md", "canonical", "error") in found
    assert ("tracking-job-applications-with-a-simple-system.md", "description", "warning") in found
    assert ("tracking-job-applications-with-a-simple-system.md", "footer", "error") in found
    assert (
        "how-to-tailor-your-resume-for-every-job-application.md",
        "tags.intent",
        "warning",
    ) in found
    damaged = {name for name, field, _ in found if field == "encoding"}
    assert damaged == {
        "turning-setbacks-into-opportunities-interview-rejections.md",
        "salary-negotiation-scripts-that-work.md",
        "networking-for-introverts-a-practical-guide.md",
        "changing-careers-at-35-a-step-by-step-plan.md",
    }
