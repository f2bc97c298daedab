"""The library cache: a second scan reads only changed files; edits, additions, deletions and
renames are all noticed; a damaged cache is rebuilt, never trusted."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import editor.core.library as library_module
from editor.core.library import Library
from editor.core.library_cache import LibraryCache, default_cache_path
from tests.core.library_builder import write_article, write_config

OLD = time.time() - 3600  # files dated an hour back: old enough for the cache to trust


def _age(path: Path, when: float = OLD) -> None:
    os.utime(path, (when, when))


@pytest.fixture
def library_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    write_config(folder)
    for slug in ("first-article", "second-article", "third-article"):
        _age(write_article(folder, slug))
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files a scan actually reads (the others came from the cache)."""
    seen: list[Path] = []
    real = library_module.read_summary

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        seen.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library_module, "read_summary", counting)
    return seen


def test_cache_lives_in_the_user_cache_folder(private_home: Path) -> None:
    """Ensure the cache is under XDG_CACHE_HOME (the test's private one)."""
    assert default_cache_path() == private_home / "xdg_cache_home" / "article-editor" / (
        "library.sqlite3"
    )


def test_second_scan_reads_nothing(library_folder: Path, reads: list[Path]) -> None:
    """Ensure an unchanged library comes entirely from the cache, identical."""
    first = Library.scan(library_folder)
    assert len(reads) == 3
    reads.clear()
    second = Library.scan(library_folder)
    assert reads == []
    assert second.articles == first.articles


def test_edit_add_delete_rename_are_noticed(library_folder: Path, reads: list[Path]) -> None:
    """Ensure each kind of change on disk gives the new summary and only changed files are read."""
    Library.scan(library_folder)
    reads.clear()
    edited = library_folder / "first-article.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("category: interviewing", "category: salary"), "utf-8")
    _age(edited, OLD + 10)
    write_article(library_folder, "fourth-article")
    (library_folder / "second-article.md").unlink()
    (library_folder / "third-article.md").rename(library_folder / "renamed.md")
    library = Library.scan(library_folder)
    assert sorted(p.name for p in reads) == ["first-article.md", "fourth-article.md", "renamed.md"]
    summaries = {s.path.name: s for s in library.articles}
    assert sorted(summaries) == ["first-article.md", "fourth-article.md", "renamed.md"]
    assert summaries["first-article.md"].category == "salary"
    assert summaries["renamed.md"].slug == "third-article"


def test_same_size_edit_with_a_new_time_is_noticed(library_folder: Path) -> None:
    """Ensure an edit that keeps the size is still seen (the modification time differs)."""
    Library.scan(library_folder)
    path = library_folder / "first-article.md"
    path.write_text(path.read_text("utf-8").replace("interviewing", "interviewinG"), "utf-8")
    _age(path, OLD + 20)
    assert Library.scan(library_folder).find("first-article").category == "interviewinG"  # type: ignore[union-attr]


def test_refresh_reports_what_changed(library_folder: Path) -> None:
    """Ensure refresh (the window's watcher) says what was added, changed and removed."""
    library = Library.scan(library_folder)
    (library_folder / "second-article.md").unlink()
    write_article(library_folder, "new-article")
    third = library_folder / "third-article.md"
    third.write_text(third.read_text("utf-8").replace("draft: false", "draft: true"), "utf-8")
    changes = library.refresh()
    assert [s.slug for s in changes.added] == ["new-article"]
    assert [s.slug for s in changes.changed] == ["third-article"]
    assert [p.name for p in changes.removed] == ["second-article.md"]
    assert library.find("third-article").draft  # type: ignore[union-attr]
    assert library.find("second-article") is None
    assert not library.refresh()


def test_a_new_configuration_reads_again(library_folder: Path, reads: list[Path]) -> None:
    """Ensure summaries cached under one site configuration are not used under another."""
    Library.scan(library_folder)
    reads.clear()
    config = library_folder / ".article-editor.yaml"
    config.write_text(config.read_text("utf-8").replace("jobsolv.com", "example.org"), "utf-8")
    Library.scan(library_folder)
    assert len(reads) == 3


def test_damaged_cache_is_rebuilt(library_folder: Path, tmp_path: Path) -> None:
    """Ensure a cache file that is not a database is replaced, and the scan still works."""
    path = tmp_path / "cache" / "library.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database" * 100)
    cache = LibraryCache(path)
    library = Library.scan(library_folder, cache=cache)
    assert len(library.articles) == 3
    assert Library.scan(library_folder, cache=LibraryCache(path)).articles == library.articles


def test_unwritable_cache_folder_is_no_obstacle(library_folder: Path, tmp_path: Path) -> None:
    """Ensure a cache that cannot be created only costs speed."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    library = Library.scan(library_folder, cache=LibraryCache(blocker / "library.sqlite3"))
    assert len(library.articles) == 3
