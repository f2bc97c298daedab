"""Recovery files: written, listed newest first, compared with disk, removed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from editor.core.recovery import RecoveryStore, data_dir


def test_save_list_and_discard(tmp_path: Path) -> None:
    """Ensure unsaved text is kept per article and goes away when discarded."""
    store = RecoveryStore(tmp_path / "recovery")
    article = tmp_path / "a.md"
    article.write_bytes(b"---\ntitle: A\n---\n")
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    key = RecoveryStore.key(article, "x")
    store.save(key, article, "---\ntitle: A, edited\n---\n", digest)
    store.save(key, article, "---\ntitle: A, edited twice\n---\n", digest)
    (entry,) = store.entries()
    assert entry.path == article
    assert entry.text == "---\ntitle: A, edited twice\n---\n"
    assert not entry.article_changed_since()
    article.write_bytes(b"---\ntitle: changed by someone else\n---\n")
    assert entry.article_changed_since()
    store.discard(key)
    assert store.entries() == []


def test_new_articles_and_broken_files(tmp_path: Path) -> None:
    """Ensure unnamed articles are kept too, and a corrupt recovery file is skipped."""
    store = RecoveryStore(tmp_path)
    store.save(RecoveryStore.key(None, "1"), None, "new text", "")
    (tmp_path / "junk.json").write_text("{not json")
    (entry,) = store.entries()
    assert entry.path is None and entry.text == "new text"


def test_data_dir_follows_xdg(private_home: Path) -> None:
    """Ensure the recovery folder is under the user's data folder (here the test's own)."""
    assert str(data_dir()).startswith(str(private_home))
