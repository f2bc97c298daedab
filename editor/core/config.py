"""Team configuration (``.article-editor.yaml``): defaults, loading and validation.

The file is data only. Placeholders (``{slug}``, ``{name}``) are plain substitutions:
user text never goes through ``str.format``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from editor.core.errors import LocatedError
from editor.core.yaml_safety import YamlInputError, compose_safely

CONFIG_FILE_NAME = ".article-editor.yaml"


class ConfigError(LocatedError):
    """A configuration file that cannot be used; ``str()`` is one line naming file and line."""

    unnamed = CONFIG_FILE_NAME


@dataclass(frozen=True)
class LengthRange:
    min: int
    max: int

    def contains(self, length: int) -> bool:
        return self.min <= length <= self.max


@dataclass(frozen=True)
class CtaTemplate:
    """A call-to-action block: heading, one paragraph and a link."""

    key: str
    heading: str
    text: str
    url: str


@dataclass(frozen=True)
class HubTemplate:
    """A career hub the article belongs to; ``text`` has ``{name}`` already substituted."""

    key: str
    name: str
    text: str
    url: str


@dataclass(frozen=True)
class TeamConfig:
    base_url: str = "https://jobsolv.com"
    article_path: str = "/blog/{slug}"
    host_aliases: tuple[str, ...] = ("www.jobsolv.com",)
    categories: tuple[str, ...] = ()
    tag_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    title_length: LengthRange = LengthRange(30, 70)
    description_length: LengthRange = LengthRange(70, 160)
    link_marker: str = "👉"
    ctas: Mapping[str, CtaTemplate] = field(default_factory=dict)
    hub_heading: str = "Related career guidance"
    hubs: Mapping[str, HubTemplate] = field(default_factory=dict)
    related_heading: str = "Related articles"
    related_count: int = 5
    stylesheet: Path | None = None
    source: Path | None = None

    @property
    def root(self) -> Path | None:
        """The library folder the configuration belongs to."""
        return self.source.parent if self.source else None

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({urlsplit(self.base_url).netloc.lower(), *self.host_aliases})

    def article_url(self, slug: str) -> str:
        return self.base_url.rstrip("/") + self.article_path.replace("{slug}", slug)

    def slug_from_url(self, url: str) -> str | None:
        """The slug an article URL points at, when it is one of this site's articles."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https", "") or parts.netloc.lower() not in self.hosts:
            return None
        prefix, _, suffix = self.article_path.partition("{slug}")
        path = parts.path
        if not path.startswith(prefix) or not path.endswith(suffix):
            return None
        slug = path[len(prefix) : len(path) - len(suffix) if suffix else None].strip("/")
        return slug or None

    def is_canonical(self, url: str, slug: str) -> bool:
        """True when ``url`` is the article URL of ``slug`` on the site or one of its aliases."""
        parts = urlsplit(url.strip())
        expected = urlsplit(self.article_url(slug))
        return (
            parts.scheme == expected.scheme
            and parts.netloc.lower() in self.hosts
            and parts.path == expected.path
            and not parts.query
            and not parts.fragment
        )


_DEFAULT_HUB_TEXT = (
    "This article is part of the **{name}**, where we cover resumes, interviews, "
    "and job search strategies."
)

DEFAULT_CONFIG = TeamConfig(
    categories=(
        "career-growth",
        "interviewing",
        "job-search",
        "networking",
        "remote-work",
        "resume",
        "salary",
    ),
    tag_groups={
        "role": ("general",),
        "intent": ("resume", "interview", "job-search", "salary", "networking", "career-change"),
    },
    ctas={
        "resume-tailor": CtaTemplate(
            key="resume-tailor",
            heading="Optimize your resume instantly",
            text="Use Jobsolv's AI-powered Resume Tailor to customize your resume "
            "for each role in minutes.",
            url="https://jobsolv.com/resume-tailor",
        )
    },
    hubs={
        "job-search": HubTemplate(
            key="job-search",
            name="Job Search Career Hub",
            text=_DEFAULT_HUB_TEXT.replace("{name}", "Job Search Career Hub"),
            url="https://jobsolv.com/career-hub/job-search",
        )
    },
)


def find_config(start: Path) -> Path | None:
    """The nearest ``.article-editor.yaml`` in ``start`` (a file or folder) or its parents."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder.resolve(), *folder.resolve().parents):
        path = candidate / CONFIG_FILE_NAME
        if path.is_file():
            return path
    return None


def config_for(start: Path) -> TeamConfig:
    """The configuration that applies to an article or library at ``start``."""
    path = find_config(start)
    return load_config(path) if path else DEFAULT_CONFIG


def load_config(path: Path) -> TeamConfig:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, None, f"cannot read: {error}") from error
    return parse_config(text, path)


def parse_config(text: str, path: Path | None = None) -> TeamConfig:
    try:
        node = compose_safely(text)
    except YamlInputError as error:
        raise ConfigError(path, error.line, error.message) from error
    if node is None:
        return replace(DEFAULT_CONFIG, source=path)
    reader = _Reader(path, node)
    return reader.config()


class _Reader:
    """Validates the composed YAML tree, so every error can name its line."""

    _TOP_KEYS = frozenset(
        {"site", "categories", "tag_groups", "recommended_lengths", "footer", "preview"}
    )

    def __init__(self, path: Path | None, root: yaml.Node) -> None:
        self.path = path
        self.root = self._mapping(root, "the configuration")

    def fail(self, node: yaml.Node, message: str) -> ConfigError:
        return ConfigError(self.path, node.start_mark.line + 1, message)

    def _mapping(self, node: yaml.Node, what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of names to values")
        result: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, f"{what}: keys must be plain names")
            result[key.value] = value
        return result

    def _known(self, mapping: dict[str, yaml.Node], allowed: frozenset[str], what: str) -> None:
        for name, node in mapping.items():
            if name not in allowed:
                options = ", ".join(sorted(allowed))
                raise self.fail(node, f"unknown setting '{name}' in {what} (known: {options})")

    def _string(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            if allow_empty and isinstance(node, yaml.ScalarNode):
                return ""
            raise self.fail(node, f"{what} must be text")
        value = str(node.value)
        if not value and not allow_empty:
            raise self.fail(node, f"{what} must not be empty")
        return value

    def _strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return tuple(self._string(item, f"an entry of {what}") for item in node.value)

    def _integer(self, node: yaml.Node, what: str) -> int:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            raise self.fail(node, f"{what} must be a whole number")
        value = int(node.value)
        if value < 0:
            raise self.fail(node, f"{what} must not be negative")
        return value

    def config(self) -> TeamConfig:
        self._known(self.root, self._TOP_KEYS, "the configuration")
        config = replace(DEFAULT_CONFIG, source=self.path)
        if "site" in self.root:
            config = self._site(config, self.root["site"])
        if "categories" in self.root:
            config = replace(
                config, categories=self._strings(self.root["categories"], "categories")
            )
        if "tag_groups" in self.root:
            groups = self._mapping(self.root["tag_groups"], "tag_groups")
            config = replace(
                config,
                tag_groups={
                    name: self._strings(values, f"tag group '{name}'")
                    for name, values in groups.items()
                },
            )
        if "recommended_lengths" in self.root:
            config = self._lengths(config, self.root["recommended_lengths"])
        if "footer" in self.root:
            config = self._footer(config, self.root["footer"])
        if "preview" in self.root:
            preview = self._mapping(self.root["preview"], "preview")
            self._known(preview, frozenset({"stylesheet"}), "preview")
            if "stylesheet" in preview:
                name = self._string(preview["stylesheet"], "preview.stylesheet", allow_empty=True)
                if name:
                    base = self.path.parent if self.path else Path.cwd()
                    config = replace(config, stylesheet=base / name)
        return config

    def _site(self, config: TeamConfig, node: yaml.Node) -> TeamConfig:
        site = self._mapping(node, "site")
        self._known(site, frozenset({"base_url", "article_path", "host_aliases"}), "site")
        if "base_url" in site:
            base_url = self._string(site["base_url"], "site.base_url")
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise self.fail(site["base_url"], "site.base_url must be an http(s) address")
            config = replace(config, base_url=base_url)
        if "article_path" in site:
            article_path = self._string(site["article_path"], "site.article_path")
            if "{slug}" not in article_path or not article_path.startswith("/"):
                raise self.fail(
                    site["article_path"], "site.article_path must start with / and hold {slug}"
                )
            config = replace(config, article_path=article_path)
        if "host_aliases" in site:
            aliases = self._strings(site["host_aliases"], "site.host_aliases")
            config = replace(config, host_aliases=tuple(alias.lower() for alias in aliases))
        return config

    def _lengths(self, config: TeamConfig, node: yaml.Node) -> TeamConfig:
        lengths = self._mapping(node, "recommended_lengths")
        self._known(lengths, frozenset({"title", "description"}), "recommended_lengths")
        for name, range_node in lengths.items():
            bounds = self._mapping(range_node, f"recommended_lengths.{name}")
            self._known(bounds, frozenset({"min", "max"}), f"recommended_lengths.{name}")
            current: LengthRange = getattr(config, f"{name}_length")
            low = self._integer(bounds["min"], "min") if "min" in bounds else current.min
            high = self._integer(bounds["max"], "max") if "max" in bounds else current.max
            if low > high:
                raise self.fail(range_node, f"recommended_lengths.{name}: min is above max")
            if name == "title":
                config = replace(config, title_length=LengthRange(low, high))
            else:
                config = replace(config, description_length=LengthRange(low, high))
        return config

    def _footer(self, config: TeamConfig, node: yaml.Node) -> TeamConfig:
        footer = self._mapping(node, "footer")
        known = {"link_marker", "ctas", "hub_heading", "hubs", "related_heading", "related_count"}
        self._known(footer, frozenset(known), "footer")
        changes: dict[str, Any] = {}
        for name in ("link_marker", "hub_heading", "related_heading"):
            if name in footer:
                changes[name] = self._string(footer[name], f"footer.{name}")
        if "related_count" in footer:
            changes["related_count"] = self._integer(footer["related_count"], "related_count")
        if "ctas" in footer:
            changes["ctas"] = {
                key: CtaTemplate(key=key, **self._template(value, f"CTA '{key}'", "heading"))
                for key, value in self._mapping(footer["ctas"], "footer.ctas").items()
            }
        if "hubs" in footer:
            hubs: dict[str, HubTemplate] = {}
            for key, value in self._mapping(footer["hubs"], "footer.hubs").items():
                fields = self._template(value, f"hub '{key}'", "name")
                fields["text"] = fields["text"].replace("{name}", fields["name"])
                hubs[key] = HubTemplate(key=key, **fields)
            changes["hubs"] = hubs
        return replace(config, **changes)

    def _template(self, node: yaml.Node, what: str, title_field: str) -> dict[str, str]:
        fields = self._mapping(node, what)
        required = frozenset({title_field, "text", "url"})
        self._known(fields, required, what)
        for name in sorted(required - fields.keys()):
            raise self.fail(node, f"{what} needs '{name}'")
        values = {name: self._string(fields[name], f"{what}.{name}") for name in required}
        if "\n" in values[title_field] or "\n" in values["url"]:
            raise self.fail(node, f"{what}: {title_field} and url must fit on one line")
        return values
