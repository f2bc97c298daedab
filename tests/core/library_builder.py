"""Small libraries written into a temporary folder, in the seed's format, for library tests."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from tests.conftest import SAMPLES

SITE = "https://jobsolv.com/blog/"


def write_config(folder: Path) -> Path:
    """The sample library's team configuration (site, categories, tag groups, footer)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ".article-editor.yaml"
    shutil.copyfile(SAMPLES / ".article-editor.yaml", target)
    return target


def write_article(
    folder: Path,
    slug: str,
    *,
    title: str | None = None,
    description: str = "A description that is long enough to be within the recommended "
    "range for the library tests.",
    category: str = "interviewing",
    roles: Sequence[str] = ("general",),
    intents: Sequence[str] = ("interview",),
    draft: bool = False,
    archived: bool = False,
    body: str = "<p>Body text.</p>",
    related: Sequence[tuple[str, str]] = (),
    name: str | None = None,
    canonical: str | None = None,
) -> Path:
    """An article file ``<slug>.md`` in the seed's layout; ``related`` is (title, url) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    title = title or slug.replace("-", " ").capitalize() + " for the library tests"
    lines = [
        "---",
        f'title: "{title}"',
        f"slug: {slug}",
        f"description: {description}",
        f'canonical: "{canonical if canonical is not None else SITE + slug}"',
        f"category: {category}",
        f"draft: {str(draft).lower()}",
        f"archived: {str(archived).lower()}",
        "tags:",
        "  role:",
        *[f"    - {role}" for role in roles],
        "  intent:",
        *[f"    - {intent}" for intent in intents],
        "---",
        body,
    ]
    text = "\n".join(lines) + "\n"
    if related:
        items = "".join(f"- [{t}]({url})\n" for t, url in related)
        text += f"\n---\n\n## Related articles\n\n{items}"
    path = folder / (name or f"{slug}.md")
    path.write_text(text, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> list[int]:
    """1-based numbers of the lines that differ (same number of lines)."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), "the number of lines changed"
    return [n for n, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b]
