"""The library check: every article's problems plus the library's, fast and cached."""

from __future__ import annotations

from pathlib import Path

import pytest

import editor.core.library_check as check_module
from editor.core.article import Article
from editor.core.library import Library
from editor.core.library_check import check_library
from editor.core.validation import validate
from tests.core.library_builder import SITE, write_article, write_config

SEED = "turning-setbacks-into-opportunities-interview-rejections.md"


def _found(report: check_module.CheckReport) -> set[tuple[str, int, str, str]]:
    return {(path.name, p.line, p.severity, p.message) for path, p in report.problems}


def test_sample_library_planted_problems(sample_library: Path) -> None:
    """Ensure the sample library's planted problems are all reported, at their lines."""
    report = check_library(Library.scan(sample_library))
    found = _found(report)
    expected = {
        (
            "follow-up-emails-after-an-interview.md",
            5,
            "error",
            "canonical URL does not match the slug; expected "
            "https://jobsolv.com/blog/follow-up-emails-after-an-interview",
        ),
        (
            "tracking-job-applications-with-a-simple-system.md",
            40,
            "error",
            "related article 'how-many-jobs-should-you-apply-to-per-week' does not exist in "
            "the library",
        ),
        (
            "tracking-job-applications-with-a-simple-system.md",
            4,
            "warning",
            "description is 215 characters; recommended 70–160",
        ),
        (
            "how-to-tailor-your-resume-for-every-job-application.md",
            12,
            "warning",
            "tag 'ai-tools' is not in the team's intent tags",
        ),
        (SEED, 18, "error", "damaged text: UTF-8 read as Mac Roman, 48 characters"),
        (
            "changing-careers-at-35-a-step-by-step-plan.md",
            40,
            "warning",
            "related article 'recovering-from-job-search-burnout' is archived, not on the site",
        ),
    }
    assert expected <= found
    assert report.unusable == []
    assert report.checked == 13


def test_same_article_problems_as_validate_with_the_library(sample_library: Path) -> None:
    """Ensure the check finds every problem the editor's validation finds with the library."""
    library = Library.scan(sample_library)
    found = {(path, p.line, p.message) for path, p in check_library(library).problems}
    for summary in library.articles:
        for problem in validate(Article.load(summary.path), library.config, library):
            assert (summary.path, problem.line, problem.message) in found, problem


def test_library_level_problems(tmp_path: Path) -> None:
    """Ensure duplicate slugs and titles, broken inline links and orphans are reported."""
    write_config(tmp_path)
    write_article(tmp_path, "twin", title="Twins Share More Than a Slug Here")
    write_article(tmp_path, "twin", name="twin-copy.md", title="Twins Share More Than a Slug Here")
    write_article(
        tmp_path,
        "linker",
        body=f'<p><a href="{SITE}twin">ok</a> <a href="https://www.jobsolv.com/blog/gone">x</a></p>',
    )
    report = check_library(Library.scan(tmp_path))
    found = _found(report)
    assert ("twin.md", 3, "error", "slug 'twin' is also used by twin-copy.md") in found
    assert ("twin-copy.md", 2, "warning", "title is also used by twin.md") in found
    assert (
        "linker.md",
        15,
        "error",
        "link to 'gone': no article with that slug in the library",
    ) in found
    orphan = "no other published article links to this one (orphan)"
    assert ("linker.md", 3, "warning", orphan) in found
    assert ("twin.md", 3, "warning", orphan) not in found


def test_unreadable_files_are_reported_not_raised(tmp_path: Path) -> None:
    """Ensure broken files are reported as unusable, one line each, and the rest is checked."""
    write_config(tmp_path)
    write_article(tmp_path, "fine")
    (tmp_path / "bad.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    report = check_library(Library.scan(tmp_path))
    assert [(p.name, message.count("\n")) for p, message in report.unusable] == [("bad.md", 0)]
    assert report.unusable[0][1].startswith(f"{tmp_path / 'bad.md'}:2:")
    assert report.counts()[tmp_path / "bad.md"] == (1, 0)


def test_second_check_reads_no_article(
    sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ensure an unchanged library is checked from the cache: same report, no file parsed;
    an edited file is checked again."""
    library = Library.scan(sample_library)
    first = check_library(library)
    checked: list[Path] = []
    real = check_module.article_problems

    def counting(path: Path, config: object) -> object:
        checked.append(path)
        return real(path, config)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "article_problems", counting)
    again = check_library(Library.scan(sample_library))
    assert checked == []
    assert again.problems == first.problems
    path = sample_library / "salary-negotiation-scripts-that-work.md"
    path.write_text(path.read_text("utf-8").replace("category: salary", "category: wages"), "utf-8")
    third = check_library(Library.scan(sample_library))
    assert checked == [path]
    assert (
        "salary-negotiation-scripts-that-work.md",
        6,
        "warning",
        "category 'wages' is not in the team's list",
    ) in _found(third)


def test_progress_follows_the_articles(sample_library: Path) -> None:
    """Ensure the check reports progress up to the number of articles."""
    reports: list[tuple[int, int]] = []
    check_library(Library.scan(sample_library), progress=lambda d, t: reports.append((d, t)))
    assert reports[-1] == (13, 13)
