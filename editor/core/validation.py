"""Problems in an article, as data the window and ``article-editor check`` both show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from editor.core.article import Article
from editor.core.config import LengthRange, TeamConfig
from editor.core.encoding import repair_text
from editor.core.footer_blocks import find_footer
from editor.core.library import Library, tag_groups
from editor.core.schema import SLUG_PATTERN

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    field: str | None  # a front-matter key (dotted for tag groups), "encoding" or "footer"
    message: str
    line: int  # 1-based line in the file
    column: int = 1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class _Checker:
    def __init__(self, article: Article, config: TeamConfig, library: Library | None) -> None:
        self.article = article
        self.config = config
        self.library = library
        self.meta = article.meta
        self.problems: list[Problem] = []

    def line(self, *path: str) -> int:
        return self.article.front_matter.line_of(path) or 1

    def add(self, severity: Severity, key: str, message: str, line: int | None = None) -> None:
        where = line if line is not None else self.line(*key.split("."))
        self.problems.append(Problem(severity, key, message, where))

    def text_field(self, key: str, label: str, lengths: LengthRange) -> None:
        value = self.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add("error", key, f"{label} is missing")
            return
        if not isinstance(value, str):
            self.add("error", key, f"{label} must be text")
            return
        length = len(value)
        if not lengths.contains(length):
            self.add(
                "warning",
                key,
                f"{label} is {length} characters; recommended {lengths.min}–{lengths.max}",
            )

    def slug(self) -> None:
        slug = self.meta.get("slug")
        if slug is None or slug == "":
            self.add("error", "slug", "slug is missing")
            return
        if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
            self.add("error", "slug", f"slug '{slug}' must be lower-case words joined by hyphens")
            return
        if self.library is None:
            return
        others = [
            s.path
            for s in self.library.by_slug().get(slug, [])
            if self.article.path is None or s.path.resolve() != self.article.path.resolve()
        ]
        if others:
            names = ", ".join(_relative(path, self.library) for path in others[:3])
            if len(others) > 3:
                names += f" and {len(others) - 3} more"
            self.add("error", "slug", f"slug '{slug}' is also used by {names}")

    def canonical(self) -> None:
        slug = self.meta.get("slug")
        canonical = self.meta.get("canonical")
        if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
            return
        expected = self.config.article_url(slug)
        if canonical is None or canonical == "":
            self.add("warning", "canonical", f"canonical URL is missing; expected {expected}")
        elif not isinstance(canonical, str) or not self.config.is_canonical(canonical, slug):
            self.add(
                "error", "canonical", f"canonical URL does not match the slug; expected {expected}"
            )

    def category(self) -> None:
        category = self.meta.get("category")
        if category is None or category == "":
            self.add("warning", "category", "category is missing")
        elif self.config.categories and category not in self.config.categories:
            self.add("warning", "category", f"category '{category}' is not in the team's list")

    def switches(self) -> None:
        for key in ("draft", "archived"):
            if key in self.meta and not isinstance(self.meta[key], bool):
                self.add("error", key, f"{key} must be true or false, not '{self.meta[key]}'")
        if self.meta.get("draft") is True and self.meta.get("archived") is True:
            self.add("warning", "archived", "article is both a draft and archived")

    def tags(self) -> None:
        if "tags" not in self.meta or not self.config.tag_groups:
            return
        value = self.meta["tags"]
        if value is not None and not isinstance(value, dict):
            groups = ", ".join(self.config.tag_groups)
            self.add("warning", "tags", f"tags are not grouped; the team groups them by {groups}")
            return
        for group, values in tag_groups(value).items():
            allowed = self.config.tag_groups.get(group)
            if allowed is None:
                self.add(
                    "warning", f"tags.{group}", f"tag group '{group}' is not in the team's list"
                )
                continue
            for tag in values:
                if tag not in allowed:
                    self.add(
                        "warning",
                        f"tags.{group}",
                        f"tag '{tag}' is not in the team's {group} tags",
                    )

    def encoding(self) -> None:
        repair = repair_text(self.article.text)
        if repair.damaged:
            line = self.article.line_at(repair.changes[0].offset)
            self.add("error", "encoding", f"damaged text: {repair.diagnosis}", line)

    def related(self) -> None:
        if self.library is None:
            return
        footer = find_footer(self.article, self.config)
        block = footer.block("related")
        if block is None:
            return
        known = self.library.by_slug()
        first_line = self.article.line_at(block.start)
        for link in block.links:
            if link.slug is None or link.slug in known:
                continue
            line = self.article.line_at(self.article.text.find(link.url, block.start))
            self.add(
                "error",
                "footer",
                f"related article '{link.slug}' does not exist in the library",
                line if line >= first_line else first_line,
            )


def _relative(path: Any, library: Library) -> str:
    try:
        return str(path.relative_to(library.root))
    except ValueError:
        return str(path)


CHECKS: tuple[Callable[[_Checker], None], ...] = (
    lambda c: c.text_field("title", "title", c.config.title_length),
    _Checker.slug,
    lambda c: c.text_field("description", "description", c.config.description_length),
    _Checker.canonical,
    _Checker.category,
    _Checker.switches,
    _Checker.tags,
    _Checker.related,
    _Checker.encoding,
)


def validate(
    article: Article,
    config: TeamConfig,
    library: Library | None = None,
    *,
    encoding: bool = True,
) -> list[Problem]:
    """Every problem in ``article`` (front matter must parse: ArticleError otherwise).

    ``encoding=False`` leaves out the damaged-text scan, which the window runs on its own
    for very large articles.
    """
    checker = _Checker(article, config, library)
    for check in CHECKS:
        if encoding or check is not _Checker.encoding:
            check(checker)
    return sorted(checker.problems, key=lambda p: (p.line, p.column))
