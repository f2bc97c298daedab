"""The library index: a scan of real files, unreadable files as entries, vocabulary, progress."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core import quick_yaml
from editor.core.article import Article, ArticleError
from editor.core.config import config_for, load_config
from editor.core.front_matter import same_value
from editor.core.library import ArticleSummary, Library, article_folders, read_summary
from tests.conftest import CORPUS, FIXTURES, SAMPLES
from tests.core.library_builder import write_article, write_config


def _by_name(library: Library) -> dict[str, ArticleSummary]:
    return {summary.path.name: summary for summary in library.articles}


def test_scan_of_the_sample_library(sample_library: Path) -> None:
    """Ensure a scan lists every sample article with the fields the list shows."""
    library = Library.scan(sample_library)
    articles = _by_name(library)
    assert len(articles) == 13
    seed = articles["turning-setbacks-into-opportunities-interview-rejections.md"]
    assert seed.title == "Turning Setbacks into Opportunities: Interview Rejections"
    assert seed.slug == "turning-setbacks-into-opportunities-interview-rejections"
    assert (seed.category, seed.status) == ("interviewing", "draft")
    assert seed.tags == {
        "role": ("general",),
        "intent": ("resume", "interview", "job-search", "salary"),
    }
    assert (seed.title_line, seed.slug_line) == (2, 3)
    assert seed.size == seed.path.stat().st_size and seed.modified > 0
    assert articles["recovering-from-job-search-burnout.md"].status == "archived"
    assert library.categories()["interviewing"] == 4
    assert library.tag_counts()["intent"]["job-search"] == 8
    assert library.find("salary-negotiation-scripts-that-work") is not None


def test_links_are_read_with_their_place(sample_library: Path) -> None:
    """Ensure related-list items and body links (www or not) become links with line and column."""
    path = sample_library / "changing-careers-at-35-a-step-by-step-plan.md"
    summary = read_summary(path, config_for(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    related = [link for link in summary.links if link.kind == "related"]
    inline = [link for link in summary.links if link.kind == "inline"]
    assert [link.slug for link in related] == [
        "how-to-tailor-your-resume-for-every-job-application",
        "recovering-from-job-search-burnout",
        "turning-setbacks-into-opportunities-interview-rejections",
    ]
    assert related[0].title == "How to Tailor Your Resume for Every Job Application"
    assert [link.slug for link in inline] == [
        "how-to-tailor-your-resume-for-every-job-application",
        "recovering-from-job-search-burnout",
    ]
    for link in summary.links:
        url = lines[link.line - 1][link.column - 1 : link.column - 1 + link.length]
        assert url.endswith("/blog/" + link.slug), (link, url)
    assert lines[inline[0].line - 1][inline[0].column - 1 :].startswith("https://www.jobsolv.com")


def test_unreadable_files_are_entries_with_an_error(tmp_path: Path) -> None:
    """Ensure bad YAML, an unclosed front matter and a binary file never stop a scan."""
    write_config(tmp_path)
    write_article(tmp_path, "a-good-one")
    (tmp_path / "bad-yaml.md").write_text("---\ntitle: [broken\n---\nBody\n", encoding="utf-8")
    (tmp_path / "unclosed.md").write_text("---\ntitle: never closed\n", encoding="utf-8")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "unsafe.md").write_text(
        "---\nx: !!python/object/apply:os.system [touch /tmp/pwned]\n---\n", encoding="utf-8"
    )
    articles = _by_name(Library.scan(tmp_path))
    assert articles["a-good-one.md"].error is None
    for name in ("bad-yaml.md", "unclosed.md", "binary.md", "unsafe.md"):
        with pytest.raises(ArticleError) as expected:
            _ = Article.load(tmp_path / name).meta
        assert articles[name].error == str(expected.value), name
    assert "not allowed" in (articles["unsafe.md"].error or "")
    assert not Path("/tmp/pwned").exists()


def test_alias_bombs_and_deep_nesting_take_the_careful_path(tmp_path: Path) -> None:
    """Ensure the fast readers refuse what the safe parser refuses, with its message."""
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(8)
        )
        + "---\n"
    )
    (tmp_path / "bomb.md").write_text(bomb, encoding="utf-8")
    (tmp_path / "deep.md").write_text("---\nx: " + "[" * 100 + "]" * 100 + "\n---\n")
    articles = _by_name(Library.scan(tmp_path))
    assert "unreasonably large" in (articles["bomb.md"].error or "")
    assert "nesting" in (articles["deep.md"].error or "")


REAL_FILES = [
    *sorted(SAMPLES.glob("*.md")),
    *sorted(FIXTURES.rglob("*.md")),
    *(sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else []),
]


def test_fast_reading_agrees_with_the_full_parser() -> None:
    """Ensure the scan's fast path gives the same summary as the editor's full parse, on the
    samples, every fixture and (when present) the real-world corpus."""
    for path in REAL_FILES:
        config = (
            config_for(path)
            if path.is_relative_to(SAMPLES)
            else load_config(SAMPLES / ".article-editor.yaml")
        )
        fast = read_summary(path, config)
        try:
            full = ArticleSummary.of(Article.load(path), config)
        except ArticleError as error:
            assert fast.error == str(error), path
            continue
        assert fast == full, path


def test_non_recursive_for_a_stray_file_and_hidden_folders_skipped(tmp_path: Path) -> None:
    """Ensure a file without a team configuration scans only its folder, and hidden folders
    and node_modules are never scanned."""
    write_article(tmp_path / "blog", "top-level")
    write_article(tmp_path / "blog" / "nested", "nested-one")
    write_article(tmp_path / "blog" / ".git", "hidden")
    write_article(tmp_path / "blog" / "node_modules", "package-readme")
    stray = Library.scan(tmp_path / "blog" / "top-level.md")
    assert [s.slug for s in stray.articles] == ["top-level"]
    folder = Library.scan(tmp_path / "blog")
    assert sorted(s.slug for s in folder.articles) == ["nested-one", "top-level"]
    assert sorted(p.name for p in article_folders(tmp_path / "blog")) == ["blog", "nested"]


def test_progress_is_reported(sample_library: Path) -> None:
    """Ensure a scan reports its progress up to the number of files."""
    reports: list[tuple[int, int]] = []
    Library.scan(sample_library, progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (13, 13)
    assert all(done <= total for done, total in reports)


def test_progress_can_cancel(sample_library: Path) -> None:
    """Ensure raising from the progress callback stops the scan (how the window cancels)."""

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        if done:
            raise Stop

    with pytest.raises(Stop):
        Library.scan(sample_library, cache=None, progress=stop)


def test_worker_processes_give_the_same_library(tmp_path: Path) -> None:
    """Ensure reading with two worker processes gives exactly what one process gives."""
    for index in range(30):
        shutil.copyfile(
            SAMPLES / "salary-negotiation-scripts-that-work.md", tmp_path / f"copy-{index}.md"
        )
    shutil.copyfile(SAMPLES / ".article-editor.yaml", tmp_path / ".article-editor.yaml")
    one = Library.scan(tmp_path, cache=None, workers=1)
    two = Library.scan(tmp_path, cache=None, workers=2)
    assert one.articles == two.articles


# --- the fast YAML reader against PyYAML ----------------------------------------------------

_SCALARS = st.one_of(
    st.sampled_from(
        [
            "true",
            "no",
            "On",
            "null",
            "~",
            "12",
            "0x1A",
            "1_000",
            "1.5",
            ".inf",
            "2024-02-30",
            "2024-01-05",
            "12:30",
            "-5",
            "a: b",
            "a:b",
            "x #c",
            "x#c",
            "'q''s'",
            '"d q"',
            '"a\\nb"',
            "[a, b]",
            "[]",
            "{}",
            "[a, [b]]",
            "&a x",
            "*a",
            "!!str 5",
            "| x",
            "> x",
            "@x",
            "%x",
            "- x",
            "?",
            "'",
            '"',
            "C#",
            "50% off",
            "né",
            "\u2028",
            "\x85",
            "\ufeff",
            "[a, 'b, c']",
            "[a,]",
            "[x: y]",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
)
_KEYS = st.sampled_from(["title", "slug", "tags", "role", "yes", "a.b", "_x", "k-1", "1"])


@st.composite
def _front_matter(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2, 4]))
        kind = draw(st.sampled_from(["key", "key", "item", "nested", "comment", "blank"]))
        if kind == "key":
            lines.append(f"{indent}{draw(_KEYS)}: {draw(_SCALARS)}")
        elif kind == "nested":
            lines.append(f"{indent}{draw(_KEYS)}:")
        elif kind == "item":
            lines.append(f"{indent}- {draw(_SCALARS)}")
        elif kind == "comment":
            lines.append(f"{indent}# {draw(_SCALARS)}")
        else:
            lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline


@st.composite
def _well_formed(draw: st.DrawFn) -> str:
    """Front matter shaped like real files (so the fast reader answers), odd values inside."""
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(_KEYS)
        shape = draw(st.sampled_from(["scalar", "list", "indentless", "group"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(_SCALARS)}")
        elif shape in ("list", "indentless"):
            lines.append(f"{key}:")
            pad = "  " if shape == "list" else ""
            lines += [f"{pad}- {draw(_SCALARS)}" for _ in range(draw(st.integers(1, 3)))]
        else:
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(1, 3))):
                lines.append(f"  {draw(_KEYS)}:")
                lines += [f"    - {draw(_SCALARS)}" for _ in range(draw(st.integers(0, 2)))]
    return "\n".join(lines) + "\n"


@settings(max_examples=800, deadline=None)
@given(st.one_of(_front_matter(), _well_formed()))
def test_quick_yaml_reads_as_pyyaml_or_declines(text: str) -> None:
    """Ensure the fast reader, whenever it answers, answers exactly what PyYAML answers, and
    never answers for text PyYAML refuses."""
    answer = quick_yaml.read(text)
    if answer is None:
        return
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        pytest.fail(f"read {text!r} that PyYAML refuses")
    assert same_value(answer, expected if expected is not None else {}), text


def _node_lines(node: yaml.MappingNode) -> quick_yaml.KeyLines:
    """Where PyYAML's composer puts each key (the last of duplicates, as its values)."""
    located: quick_yaml.KeyLines = {}
    for key, value in node.value:
        inner = _node_lines(value) if isinstance(value, yaml.MappingNode) else None
        located[key.value] = (key.start_mark.line, inner)
    return located


@settings(max_examples=400, deadline=None)
@given(_well_formed())
def test_quick_yaml_places_keys_where_pyyaml_does(text: str) -> None:
    """Ensure the line the fast reader gives each key (what the library list jumps to and
    problems point at) is the line PyYAML's nodes give it."""
    found = quick_yaml.read_located(text)
    if found is None:
        return
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    expected = _node_lines(node) if isinstance(node, yaml.MappingNode) else {}
    assert found[1] == expected, text
