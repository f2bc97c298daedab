"""Team configuration: defaults that match the seed, the file, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.config import DEFAULT_CONFIG, ConfigError, config_for, load_config, parse_config
from tests.conftest import SAMPLES


def test_defaults_match_the_seed_site() -> None:
    """Ensure defaults give the seed's URLs, alias, templates, tag groups and heading."""
    config = DEFAULT_CONFIG
    slug = "turning-setbacks-into-opportunities-interview-rejections"
    assert config.article_url(slug) == f"https://jobsolv.com/blog/{slug}"
    assert config.slug_from_url(f"https://www.jobsolv.com/blog/{slug}") == slug
    assert config.slug_from_url("https://example.com/blog/x") is None
    assert config.is_canonical(f"https://www.jobsolv.com/blog/{slug}", slug)
    assert not config.is_canonical(f"https://jobsolv.com/blog/{slug}?x=1", slug)
    assert set(config.tag_groups) == {"role", "intent"}
    assert config.ctas["resume-tailor"].heading == "Optimize your resume instantly"
    assert config.hubs["job-search"].name == "Job Search Career Hub"
    assert config.related_heading == "Related articles"


def test_sample_configuration_loads() -> None:
    """Ensure the bundled sample library's configuration is valid and complete."""
    config = load_config(SAMPLES / ".article-editor.yaml")
    assert set(config.ctas) == {"resume-tailor", "job-tracker"}
    assert config.hubs["career-growth"].text.startswith(
        "This article is part of the **Career Growth Career Hub**"
    )
    assert config.root == SAMPLES
    assert config_for(SAMPLES / "salary-negotiation-scripts-that-work.md").source == config.source


def test_placeholders_are_plain_substitution() -> None:
    """Ensure braces in user text are not format fields (no str.format on user data)."""
    config = parse_config(
        "footer:\n  hubs:\n    x:\n      name: 'A {0} hub'\n"
        "      text: 'Part of {name} {__class__}'\n      url: https://example.com/x\n"
    )
    assert config.hubs["x"].text == "Part of A {0} hub {__class__}"
    assert parse_config("site:\n  article_path: /p/{slug}/{slug}\n").article_url("s") == (
        "https://jobsolv.com/p/s/s"
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("site:\n  base_url: [x\n", 2, "expected"),
        ("site:\n  base_url: ftp://x\n", 2, "http(s)"),
        ("colours: red\n", 1, "unknown setting 'colours'"),
        ("footer:\n  ctas:\n    a:\n      heading: H\n      url: https://x\n", 4, "needs 'text'"),
        ("recommended_lengths:\n  title: {min: 80, max: 10}\n", 2, "min is above max"),
        ("- just\n- a list\n", 1, "must be a mapping"),
        ("tag_groups:\n  role: general\n", 2, "must be a list"),
    ],
)
def test_malformed_configuration_names_file_and_line(text: str, line: int, words: str) -> None:
    """Ensure a bad configuration gives one clear error with the file and line."""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("lib/.article-editor.yaml"))
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"lib/.article-editor.yaml:{line}: ")
