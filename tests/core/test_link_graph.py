"""The link graph: links resolved to slugs (aliases, www, relative), inbound links, orphans and
the problems a writer fixes (missing, unpublished and stale targets, duplicates)."""

from __future__ import annotations

from pathlib import Path

from editor.core.config import config_for
from editor.core.library import Library, read_summary
from editor.core.link_graph import LinkGraph
from tests.core.library_builder import SITE, write_article, write_config

BODY_LINKS = (
    '<p>See <a href="https://www.jobsolv.com/blog/target-one">one</a>, '
    '<a href="http://jobsolv.com/blog/target-two#part">two</a>, '
    '<a href="//www.jobsolv.com/blog/target-three/">three</a>, '
    '<a href="/blog/target-four?x=1">four</a> and [five](https://WWW.jobsolv.com/blog/target-five).'
    ' Not these: <a href="https://example.com/blog/target-one">elsewhere</a>, '
    '<a href="https://jobsolv.com/resume-tailor">a tool</a>, '
    '<a href="https://jobsolv.com/blog/category/resumes">a section</a>.</p>\n'
    "A bare one: https://jobsolv.com/blog/target-six.\n"
)


def test_links_resolve_with_aliases_and_relative_urls(tmp_path: Path) -> None:
    """Ensure body links on the site or its alias, any scheme, relative or with a fragment,
    resolve to slugs, and links elsewhere do not count."""
    write_config(tmp_path)
    path = write_article(tmp_path, "source", body=BODY_LINKS)
    summary = read_summary(path, config_for(path))
    assert [link.slug for link in summary.links] == [
        "target-one",
        "target-two",
        "target-three",
        "target-four",
        "target-five",
        "target-six",
    ]
    lines = path.read_text("utf-8").splitlines()
    urls = [
        lines[link.line - 1][link.column - 1 : link.column - 1 + link.length]
        for link in summary.links
    ]
    assert urls == [
        "https://www.jobsolv.com/blog/target-one",
        "http://jobsolv.com/blog/target-two#part",
        "//www.jobsolv.com/blog/target-three/",
        "/blog/target-four?x=1",
        "https://WWW.jobsolv.com/blog/target-five",
        "https://jobsolv.com/blog/target-six",
    ]


def _library(tmp_path: Path) -> Library:
    """hub <- a, b (published), c (draft); lonely: nobody links to it; d links to missing,
    a draft, an archived article and with a stale title."""
    write_config(tmp_path)
    write_article(tmp_path, "hub", title="The Hub Article Everyone Links To")
    write_article(tmp_path, "lonely")
    write_article(tmp_path, "draft-one", draft=True)
    write_article(tmp_path, "old-one", archived=True)
    for slug, draft in (("a", False), ("b", False), ("c", True)):
        write_article(
            tmp_path,
            f"links-{slug}",
            body=f'<p><a href="{SITE}hub">hub</a></p>',
            draft=draft,
            related=[("The Hub Article Everyone Links To", SITE + "hub")],
        )
    write_article(
        tmp_path,
        "links-d",
        related=[
            ("Gone", SITE + "no-such-article"),
            ("Draft one for the library tests", SITE + "draft-one"),
            ("Old one for the library tests", SITE + "old-one"),
            ("The Hub (old title)", SITE + "hub"),
        ],
    )
    return Library.scan(tmp_path)


def test_inbound_links_and_orphans(tmp_path: Path) -> None:
    """Ensure inbound links count each linking article once and orphans are the published
    articles no other published article links to."""
    library = _library(tmp_path)
    graph = LinkGraph(library)
    hub = library.find("hub")
    assert hub is not None
    assert sorted(s.slug for s in graph.linked_from(hub)) == [
        "links-a",
        "links-b",
        "links-c",
        "links-d",
    ]
    assert sorted(s.slug for s in graph.orphans()) == [
        "links-a",
        "links-b",
        "links-d",
        "lonely",
    ]


def test_link_problems(tmp_path: Path) -> None:
    """Ensure missing, unpublished and stale-titled targets are reported at the link's line."""
    library = _library(tmp_path)
    problems = LinkGraph(library).problems()
    found = [(p.line, p.severity, p.field, p.message) for p in problems[tmp_path / "links-d.md"]]
    assert found == [
        (3, "warning", "links", "no other published article links to this one (orphan)"),
        (21, "error", "footer", "related article 'no-such-article' does not exist in the library"),
        (22, "warning", "footer", "related article 'draft-one' is a draft, not on the site"),
        (23, "warning", "footer", "related article 'old-one' is archived, not on the site"),
        (
            24,
            "warning",
            "footer",
            "related title 'The Hub (old title)' is out of date; "
            "the article is now 'The Hub Article Everyone Links To'",
        ),
    ]
    assert tmp_path / "hub.md" not in problems
    assert [p.message for p in problems[tmp_path / "lonely.md"]] == [
        "no other published article links to this one (orphan)"
    ]


def test_duplicate_slugs_and_titles(tmp_path: Path) -> None:
    """Ensure two files with one slug are both errors and two with one title both warnings."""
    write_config(tmp_path)
    write_article(tmp_path, "same-slug", title="First of Two Articles With One Slug")
    write_article(tmp_path, "same-slug", name="copy.md", title="Second of Two With One Slug")
    write_article(tmp_path, "title-one", title="One Title Used Twice in This Library")
    write_article(tmp_path, "title-two", title="one title used twice in this library ")
    problems = LinkGraph(Library.scan(tmp_path)).problems()

    def messages(name: str) -> list[str]:
        return [p.message for p in problems[tmp_path / name] if "orphan" not in p.message]

    assert messages("copy.md") == ["slug 'same-slug' is also used by same-slug.md"]
    assert messages("same-slug.md") == ["slug 'same-slug' is also used by copy.md"]
    assert messages("title-one.md") == ["title is also used by title-two.md"]
    assert [p.line for p in problems[tmp_path / "title-two.md"] if "title" in p.message] == [2]


def test_a_lone_article_is_no_orphan(tmp_path: Path) -> None:
    """Ensure a library with one published article reports no orphan (nothing could link)."""
    write_config(tmp_path)
    write_article(tmp_path, "only-one")
    assert LinkGraph(Library.scan(tmp_path)).problems() == {}
