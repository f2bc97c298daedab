"""Article model: exact bytes back, encodings, newlines and the front-matter span."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.article import Article, ArticleError
from tests.conftest import FIXTURES, SEED

ALL_FIXTURES = [*sorted((FIXTURES / "front_matter").glob("*.md")), SEED]


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_unchanged_save_is_byte_identical(path: Path) -> None:
    """Ensure loading and saving without edits gives back exactly the same bytes."""
    data = path.read_bytes()
    assert Article.from_bytes(data, path).to_bytes() == data


def test_seed_parts() -> None:
    """Ensure the seed's front matter, body and newline style are found."""
    article = Article.load(SEED)
    assert article.encoding.label == "UTF-8"
    assert article.newline == "\n"
    assert article.meta["slug"] == "turning-setbacks-into-opportunities-interview-rejections"
    assert article.meta["tags"] == {
        "role": ["general"],
        "intent": ["resume", "interview", "job-search", "salary"],
    }
    assert article.body.startswith('<p id="">Applying for jobs')
    assert article.line_at(article.body_start) == 18


def test_bom_is_kept_and_hidden_from_the_text() -> None:
    """Ensure a UTF-8 BOM is remembered for saving but not part of the text."""
    article = Article.load(FIXTURES / "front_matter" / "bom.md")
    assert article.encoding.label == "UTF-8 with BOM"
    assert article.text.startswith("---\n")
    assert article.meta["title"] == "Byte order mark"


def test_crlf_and_mixed_newlines_are_kept() -> None:
    """Ensure CRLF is detected and a file mixing newlines keeps each as it was."""
    crlf = Article.load(FIXTURES / "front_matter" / "crlf.md")
    assert crlf.newline == "\r\n"
    assert crlf.meta["title"] == "Working remotely"
    mixed = b"---\r\ntitle: Mixed\n---\r\nBody\nline\r\n"
    article = Article.from_bytes(mixed)
    assert article.meta == {"title": "Mixed"}
    assert article.to_bytes() == mixed


def test_legacy_encoding_is_detected_and_kept() -> None:
    """Ensure a Windows-1252 file is read as such and written back in it."""
    article = Article.load(FIXTURES / "front_matter" / "windows-1252.md")
    assert article.encoding.label == "Windows-1252"
    assert article.meta["title"] == "Café culture"
    edited = article.with_edits(article.set_field(("title",), "Café society"))
    assert (
        edited.to_bytes()
        == (FIXTURES / "front_matter" / "expected" / "windows-1252.title.md").read_bytes()
    )


def test_no_front_matter_and_empty_front_matter() -> None:
    """Ensure articles without front matter, or with an empty one, read as empty."""
    none = Article.load(FIXTURES / "front_matter" / "no-front-matter.md")
    assert not none.layout.has_front_matter
    assert none.meta == {}
    assert none.body == none.text
    empty = Article.load(FIXTURES / "front_matter" / "empty-front-matter.md")
    assert empty.layout.has_front_matter
    assert empty.meta == {}
    assert empty.body == "# Empty front matter\n"


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"---\ntitle: [unclosed\n---\nBody\n", 2, "expected"),
        (b"---\ntitle: ok\nbad line\n---\n", 3, "could not find expected ':'"),
        (b"---\n- a list\n---\n", 2, "not a single value or list"),
        (b"---\ntitle: never closed\n", 1, "no closing --- line"),
        (b"---\nx: !!python/object/apply:os.system [echo hi]\n---\n", 2, "is not allowed"),
    ],
)
def test_bad_front_matter_names_its_line(data: bytes, line: int, words: str) -> None:
    """Ensure unusable front matter raises one error naming the file and line."""
    article = Article.from_bytes(data, Path("bad.md"))
    with pytest.raises(ArticleError) as caught:
        _ = article.meta
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"bad.md:{line}: ")


def test_binary_file_is_refused() -> None:
    """Ensure bytes with NULs are refused instead of being opened as text."""
    with pytest.raises(ArticleError, match="not a text file"):
        Article.from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00", Path("image.md"))
