"""Tags and categories: counts, and renames and merges that change only that field's lines."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from editor.core.article import Article
from editor.core.batch_change import BatchError, apply_batch
from editor.core.config import load_config
from editor.core.library import Library
from editor.core.taxonomy import plan_rename, vocabulary
from tests.core.library_builder import changed_lines

SEED = "turning-setbacks-into-opportunities-interview-rejections.md"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_vocabulary_counts(sample_library: Path) -> None:
    """Ensure every taxonomy field lists its values with how many articles use each."""
    fields = vocabulary(Library.scan(sample_library))
    assert list(fields) == ["category", "tags.intent", "tags.role"]
    assert fields["category"]["interviewing"] == 4
    assert fields["tags.intent"]["ai-tools"] == 1
    assert fields["tags.role"]["general"] == 10


def test_rename_a_category_changes_only_that_line(sample_library: Path) -> None:
    """Ensure renaming a category rewrites one line in each article using it, plus the team's
    list of categories, and nothing else; a preview writes nothing."""
    before = _snapshot(sample_library)
    batch = plan_rename(Library.scan(sample_library), "category", "interviewing", "interviews")
    assert _snapshot(sample_library) == before  # planning writes nothing
    names = sorted(change.path.name for change in batch.changes)
    assert names == [
        ".article-editor.yaml",
        "follow-up-emails-after-an-interview.md",
        "how-to-answer-tell-me-about-yourself.md",
        "preparing-for-technical-interviews-as-a-software-engineer.md",
        SEED,
    ]
    preview = list(batch.preview())
    assert f"{sample_library / SEED}:6: -category: interviewing" in preview
    assert f"{sample_library / SEED}:6: +category: interviews" in preview
    apply_batch(batch)
    after = _snapshot(sample_library)
    for name in names:
        lines = changed_lines(before[name].decode("utf-8"), after[name].decode("utf-8"))
        assert len(lines) == 1, name
    crlf = "remote-job-search-how-to-stand-out-from-anywhere.md"
    assert after[crlf] == before[crlf]
    config = load_config(sample_library / ".article-editor.yaml")
    assert "interviews" in config.categories and "interviewing" not in config.categories
    assert Article.load(sample_library / SEED).meta["category"] == "interviews"
    for name in set(before) - set(names):
        assert after[name] == before[name], name


def test_merge_a_tag_into_one_already_there(tmp_path: Path, sample_library: Path) -> None:
    """Ensure renaming a tag to one an article already has merges them (no duplicate), and
    only the list's lines change."""
    path = sample_library / SEED  # intent: resume, interview, job-search, salary
    before = path.read_text("utf-8")
    batch = plan_rename(Library.scan(sample_library), "tags.intent", "salary", "job-search")
    assert batch.description.startswith("merge")
    apply_batch(batch)
    after = path.read_text("utf-8")
    assert Article.load(path).meta["tags"]["intent"] == ["resume", "interview", "job-search"]
    assert after.replace("    - salary\n", "", 1) == before.replace("    - salary\n", "", 1)
    assert len(after.splitlines()) == len(before.splitlines()) - 1


def test_rename_keeps_the_file_style(tmp_path: Path) -> None:
    """Ensure CRLF files, flow lists and quoted values keep their style."""
    folder = tmp_path / "blog"
    folder.mkdir()
    shutil.copyfile(
        Path(__file__).parents[2] / "resources" / "samples" / ".article-editor.yaml",
        folder / ".article-editor.yaml",
    )
    (folder / "flow.md").write_bytes(
        b'---\r\ntitle: "Flow"\r\nslug: flow\r\ncategory: "resume"\r\n'
        b"tags:\r\n  intent: [resume, interview]\r\n---\r\nBody\r\n"
    )
    apply_batch(plan_rename(Library.scan(folder), "tags.intent", "resume", "resumes"))
    apply_batch(plan_rename(Library.scan(folder), "category", "resume", "resumes"))
    assert (folder / "flow.md").read_bytes() == (
        b'---\r\ntitle: "Flow"\r\nslug: flow\r\ncategory: "resumes"\r\n'
        b"tags:\r\n  intent: [resumes, interview]\r\n---\r\nBody\r\n"
    )


def test_nothing_to_rename_and_refusals(sample_library: Path) -> None:
    """Ensure an unused value plans no change, and nonsense is refused."""
    library = Library.scan(sample_library)
    assert not plan_rename(library, "tags.intent", "no-such-tag", "other")
    with pytest.raises(BatchError):
        plan_rename(library, "category", "resume", "resume")
    with pytest.raises(BatchError):
        plan_rename(library, "tags..intent", "a", "b")
    with pytest.raises(BatchError):
        plan_rename(library, "category", "resume", " ")


def test_a_file_changed_after_the_preview_stops_everything(sample_library: Path) -> None:
    """Ensure applying refuses (writing nothing) when a file changed since the preview."""
    batch = plan_rename(Library.scan(sample_library), "category", "salary", "pay")
    target = batch.changes[0].path
    target.write_bytes(target.read_bytes() + b"\n")
    before = _snapshot(sample_library)
    with pytest.raises(BatchError, match="changed on disk"):
        apply_batch(batch)
    assert _snapshot(sample_library) == before


def test_a_failed_write_puts_back_what_was_written(
    sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ensure a write that fails part way restores the files already written."""
    import editor.core.batch_change as batch_module

    batch = plan_rename(Library.scan(sample_library), "category", "interviewing", "interviews")
    before = _snapshot(sample_library)
    real = batch_module.atomic_write
    calls: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise batch_module.StorageError(f"{path}: cannot save: disk full")
        real(path, data)

    monkeypatch.setattr(batch_module, "atomic_write", failing)
    with pytest.raises(BatchError, match="disk full"):
        apply_batch(batch)
    assert _snapshot(sample_library) == before
    assert os.listdir(sample_library) == os.listdir(sample_library)  # no temporary files left
    assert not [name for name in os.listdir(sample_library) if name.endswith(".tmp")]
