"""Tags and categories across a library: their counts, and renaming or merging a value.

A rename changes, in every article that uses the value, only the lines of that field (through
the lossless front-matter writer); renaming to a value an article already has merges the two.
The team configuration's list of allowed values follows, when it lists the old value.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from editor.core.article import Article, ArticleError
from editor.core.batch_change import BatchChange, BatchError, FileChange
from editor.core.config import CONFIG_FILE_NAME
from editor.core.front_matter import FrontMatter, FrontMatterError, KeyPath
from editor.core.library import Library


def vocabulary(library: Library) -> dict[str, Counter[str]]:
    """Every taxonomy field with its values and how many articles use each.

    Fields are ``category`` and ``tags.GROUP`` (``tags`` for a flat tag list).
    """
    fields: dict[str, Counter[str]] = {"category": library.categories()}
    for group, counts in sorted(library.tag_counts().items()):
        fields[f"tags.{group}" if group else "tags"] = counts
    return fields


def field_path(name: str) -> KeyPath:
    """``tags.intent`` as a key path; BatchError for names that are not a field."""
    path = tuple(part.strip() for part in name.split("."))
    if not name or not all(path):
        raise BatchError(f"'{name}' is not a field name (like category or tags.intent)")
    return path


def _renamed(value: Any, old: str, new: str) -> Any:
    """``value`` with ``old`` replaced by ``new`` (lists: merged, first place kept); or the
    same object when ``old`` is not in it."""
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, list) and any(isinstance(v, str) and v == old for v in value):
        result: list[Any] = []
        for item in value:
            item = new if isinstance(item, str) and item == old else item
            if not (isinstance(item, str) and item == new and new in result):
                result.append(item)
        return result
    return value


def plan_rename(library: Library, name: str, old: str, new: str) -> BatchChange:
    """Every file change that renames ``old`` to ``new`` in field ``name`` (a merge when an
    article already has ``new``). Reads each file now; the index only says where to look."""
    path = field_path(name)
    old, new = old.strip(), new.strip()
    if not old or not new:
        raise BatchError("the old and the new value must not be empty")
    if old == new:
        raise BatchError(f"'{old}' is already called that")
    changes: list[FileChange] = []
    notes: list[str] = []
    for summary in library.articles:
        if summary.error is not None or not _may_use(summary, path, old):
            continue
        try:
            article = Article.load(summary.path)
            current = article.front_matter.get(path)
            value = _renamed(current, old, new)
            if value is current:
                continue
            edited = article.with_edits(article.set_field(path, value))
        except ArticleError as error:
            notes.append(f"{error}: left unchanged")
            continue
        changes.append(FileChange(summary.path, article, edited))
    config_change = _config_change(library, path, old, new)
    if config_change is not None:
        changes.append(config_change)
    verb = "merge" if _in_use(library, path, new) else "rename"
    return BatchChange(f"{verb} {name} '{old}' → '{new}'", tuple(changes), tuple(notes))


def _may_use(summary: Any, path: KeyPath, old: str) -> bool:
    """Whether the index says the article may have ``old`` in ``path`` (cheap pre-filter)."""
    if path == ("category",):
        return bool(summary.category == old)
    if path[0] == "tags" and len(path) <= 2:
        group = path[1] if len(path) == 2 else ""
        return old in summary.tags.get(group, ())
    return True  # other fields are not in the index: read the file


def _in_use(library: Library, path: KeyPath, value: str) -> bool:
    if path == ("category",):
        return value in library.categories()
    if path[0] == "tags" and len(path) <= 2:
        return value in library.tag_values(path[1] if len(path) == 2 else "")
    return False


def _config_change(library: Library, path: KeyPath, old: str, new: str) -> FileChange | None:
    """The team configuration's allowed values, renamed the same way, when it lists ``old``."""
    source = library.config.source
    if source is None or source.name != CONFIG_FILE_NAME:
        return None
    if path == ("category",):
        key: KeyPath = ("categories",)
    elif path[0] == "tags" and len(path) == 2:
        key = ("tag_groups", path[1])
    else:
        return None
    try:
        config = Article.load(Path(source))
        front = FrontMatter.parse(config.text)
        current = front.get(key)
        value = _renamed(current, old, new)
        if value is current:
            return None
        edits = front.set(key, value)
    except (ArticleError, FrontMatterError):
        return None  # the configuration is not ours to force: leave it as it is
    return FileChange(Path(source), config, config.with_edits(edits))
