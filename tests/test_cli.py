"""The article-editor command, run as a writer's script or the team's CI would run it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.article import Article
from editor.core.config import load_config
from editor.core.footer_blocks import find_footer
from tests.conftest import FIXTURES, SAMPLES

PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+$"
)


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "editor", *map(str, args)], capture_output=True, cwd=cwd, check=False
    )


def assert_one_line_error(result: subprocess.CompletedProcess[bytes], *words: str) -> str:
    message = result.stderr.decode()
    assert "Traceback" not in message
    assert message.count("\n") == 1, message
    for word in words:
        assert word in message
    return message


def test_check_reports_in_linter_format(sample_library: Path) -> None:
    """Ensure check prints path:line:col: severity: message and exits 1 on problems."""
    result = run("check", sample_library)
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines and all(PROBLEM_LINE.match(line) for line in lines)
    assert any(
        "follow-up-emails-after-an-interview.md:5:1: error: canonical URL does not match" in line
        for line in lines
    )


def test_check_json(sample_library: Path) -> None:
    """Ensure --json gives the same problems as data."""
    result = run("check", sample_library, "--json")
    document = json.loads(result.stdout)
    assert result.returncode == 1
    fields = {(Path(p["path"]).name, p["field"]) for p in document["problems"]}
    assert ("tracking-job-applications-with-a-simple-system.md", "description") in fields
    assert document["unusable"] == []


def test_check_clean_file_exits_zero(tmp_path: Path) -> None:
    """Ensure a clean article gives no output and exit 0."""
    good = FIXTURES / "front_matter" / "block-lists-4.md"
    target = tmp_path / "a.md"
    text = (
        "---\ntitle: A title that is long enough to pass the check\nslug: a-good-slug\n"
        "description: A description that is comfortably inside the recommended range of seventy "
        "to one hundred sixty characters.\ncanonical: https://jobsolv.com/blog/a-good-slug\n"
        "category: interviewing\ndraft: false\narchived: false\n---\nBody\n"
    )
    target.write_text(text, encoding="utf-8")
    result = run("check", target)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert good.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"---\ntitle: [broken\n---\nBody\n", ("bad.md:2:",)),
        (b"---\ntitle: never closed\n", ("bad.md:1:", "no closing ---")),
        (b"\x00\x01binary\x00", ("bad.md", "not a text file")),
        (
            b"---\nx: !!python/object/apply:os.system [touch /tmp/pwned]\n---\n",
            ("bad.md:2:", "not allowed"),
        ),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes, words: tuple[str, ...]
) -> None:
    """Ensure malformed files give exit 2 and a one-line error naming the file, in every command."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    for args in (
        ("check", bad),
        ("set", bad, "title=x"),
        ("footer", bad, "--cta", "none"),
        ("render", bad),
    ):
        result = run(*args)
        assert result.returncode == 2, args
        assert_one_line_error(result, *words)
        assert bad.read_bytes() == content


def test_missing_file_and_bad_config(tmp_path: Path) -> None:
    """Ensure a missing path and a malformed configuration are reported in one line."""
    assert_one_line_error(run("check", tmp_path / "nope.md"), "nope.md", "no such file")
    (tmp_path / ".article-editor.yaml").write_text("site:\n  base_url: [oops\n")
    (tmp_path / "a.md").write_text("---\ntitle: T\n---\n")
    result = run("check", tmp_path / "a.md")
    assert result.returncode == 2
    assert_one_line_error(result, ".article-editor.yaml:2:")


TITLED = [
    path
    for path in [*sorted((FIXTURES / "front_matter").glob("*.md")), FIXTURES / "seed.md"]
    if Article.load(path).meta.get("title")
]


@pytest.mark.parametrize("path", TITLED, ids=lambda p: p.name)
def test_set_same_title_prints_file_byte_for_byte(path: Path) -> None:
    """Ensure setting a field to its current value prints the original bytes exactly."""
    title = Article.load(path).meta["title"]
    result = run("set", path, f"title={title}", "--stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout == path.read_bytes()


def test_set_writes_only_the_fields_lines(seed_copy: Path) -> None:
    """Ensure set writes in place and only the edited lines differ."""
    before = seed_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    result = run(
        "set",
        seed_copy,
        "title=Bouncing Back: Lessons From Rejection",
        "draft=false",
        "tags.intent=resume,interview",
    )
    assert result.returncode == 0, result.stderr
    after = seed_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
    assert changed[:2] == [1, 6]
    article = Article.load(seed_copy)
    assert article.meta["title"] == "Bouncing Back: Lessons From Rejection"
    assert article.meta["draft"] is False
    assert article.meta["tags"]["intent"] == ["resume", "interview"]
    assert after[-1] == before[-1] and len(after) == len(before) - 2


def test_set_types_and_refusals(seed_copy: Path) -> None:
    """Ensure values take their field's type, and wrong or empty values are refused."""
    original = seed_copy.read_bytes()
    result = run("set", seed_copy, "draft=maybe")
    assert result.returncode == 2
    assert_one_line_error(result, f"{seed_copy}:7:", "draft must be true or false")
    result = run("set", seed_copy, "title=")
    assert_one_line_error(result, "--allow-empty")
    assert seed_copy.read_bytes() == original
    result = run("set", seed_copy, "tags=a,b")
    assert_one_line_error(result, "set one group at a time", "tags.role=a,b")
    result = run("set", seed_copy, "author=Dana Whitfield", "reading_minutes=7", "--stdout")
    assert result.returncode == 0
    assert result.stdout.endswith(
        b'    - salary\nauthor: Dana Whitfield\nreading_minutes: "7"\n---\n'
        + original.split(b"\n---\n", 1)[1]
    )


def test_set_flat_tags_of_another_site(tmp_path: Path) -> None:
    """Ensure a site whose tags are a flat list is edited in its own terms."""
    path = tmp_path / "post.md"
    path.write_bytes(
        b'---\ntitle: Post\ndate: 2020-11-01\ntags: ["related-pagination"]\n---\nBody\n'
    )
    result = run("set", path, "tags=related-pagination,edited-tag", "date=2021-01-02", "--stdout")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout == b"---\ntitle: Post\ndate: 2021-01-02\n"
        b'tags: ["related-pagination", "edited-tag"]\n---\nBody\n'
    )


def test_footer_command(sample_library: Path) -> None:
    """Ensure footer sets CTA, hub and related links from the library, or auto-suggests."""
    path = sample_library / "turning-setbacks-into-opportunities-interview-rejections.md"
    result = run(
        "footer",
        path,
        "--cta",
        "job-tracker",
        "--hub",
        "none",
        "--related",
        "recovering-from-job-search-burnout,how-to-answer-tell-me-about-yourself",
    )
    assert result.returncode == 0, result.stderr
    config = load_config(sample_library / ".article-editor.yaml")
    footer = find_footer(Article.load(path), config)
    assert (footer.cta, footer.hub) == ("job-tracker", None)
    assert [link.title for link in footer.related] == [
        "Recovering From Job Search Burnout Without Losing Momentum",
        "How to Answer “Tell Me About Yourself” Without Rambling",
    ]
    result = run("footer", path, "--related", "auto", "--stdout")
    assert result.returncode == 0, result.stderr
    suggested = find_footer(Article.from_bytes(result.stdout), config).related
    assert 0 < len(suggested) <= config.related_count
    statuses = {
        s: Article.load(sample_library / f"{s}.md").meta for s in (link.slug for link in suggested)
    }
    assert all(meta["draft"] is False and meta["archived"] is False for meta in statuses.values())
    assert_one_line_error(run("footer", path, "--related", "no-such-article"), "no-such-article")
    assert_one_line_error(run("footer", path, "--cta", "nope"), "no call to action 'nope'")


def test_render_writes_a_page(seed_copy: Path, tmp_path: Path) -> None:
    """Ensure render writes a standalone page, or prints it."""
    out = tmp_path / "page.html"
    assert run("render", seed_copy, "-o", out).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert '<h1 class="article-title">Turning Setbacks' in page
    assert run("render", seed_copy).stdout.decode("utf-8") == page


def test_cli_never_loads_qt() -> None:
    """Ensure the commands run without importing Qt (fast start, works without a display)."""
    code = (
        "import sys, editor.cli; editor.cli.main(['check', sys.argv[1]]); "
        "print('PySide6' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLES)], capture_output=True, check=False
    )
    assert result.stdout.decode().strip().splitlines()[-1] == "False"


def test_help_lists_the_commands() -> None:
    """Ensure --help names every command."""
    out = run("--help").stdout.decode()
    for command in ("check", "set", "footer", "render"):
        assert command in out


def test_fix_reports_diffs_and_writes(seed_copy: Path) -> None:
    """Ensure fix reports, --diff shows and writes nothing, --write repairs all 48 in place."""
    original = seed_copy.read_bytes()
    report = run("fix", seed_copy)
    assert report.returncode == 1
    assert report.stdout.decode().strip() == (
        f"{seed_copy}: would repair UTF-8 read as Mac Roman, 48 characters"
    )
    diff = run("fix", seed_copy.parent, "--diff")
    assert diff.returncode == 1
    text = diff.stdout.decode()
    assert text.startswith(f"--- {seed_copy}\n+++ {seed_copy}\n")
    assert '+<p id="">Applying for jobs can feel like a <strong id="">rollercoaster' in text
    assert "especially when you’re faced" in text
    assert seed_copy.read_bytes() == original
    written = run("fix", seed_copy, "--write")
    assert written.returncode == 0, written.stderr
    expected = (FIXTURES / "encoding" / "seed.repaired.md").read_bytes()
    assert seed_copy.read_bytes() == expected
    assert run("fix", seed_copy).returncode == 0


def test_fix_clean_html_and_check(seed_copy: Path) -> None:
    """Ensure --clean-html also removes Webflow debris, and check stops reporting damage."""
    damaged = run("check", seed_copy).stdout.decode()
    assert (
        f"{seed_copy}:18:1: error: damaged text: UTF-8 read as Mac Roman, 48 characters" in damaged
    )
    result = run("fix", seed_copy, "--write", "--clean-html")
    assert result.returncode == 0, result.stderr
    text = seed_copy.read_text(encoding="utf-8")
    assert 'id=""' not in text and "<p>\u200d</p>" not in text and "‚Äô" not in text
    assert text.count("’") == 42
    assert Article.load(seed_copy).meta["tags"]["intent"] == [
        "resume",
        "interview",
        "job-search",
        "salary",
    ]
    assert "damaged text" not in run("check", seed_copy).stdout.decode()


def test_fix_rejects_bad_input_without_writing(tmp_path: Path) -> None:
    """Ensure fix refuses malformed files with one line and exit 2, writing nothing."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\ntitle: [it\xe2\x80\x9a\xc3\x84\xc3\xb4s broken\n---\n")
    result = run("fix", bad, "--write")
    assert result.returncode == 2
    assert_one_line_error(result, "bad.md:2:")
    assert bad.read_bytes().startswith(b"---\ntitle: [it\xe2\x80\x9a")


# --- the library at scale: check, taxonomy and slug renames -------------------------------


def _planted_library(folder: Path) -> Path:
    """The sample library plus a duplicate slug and a broken body link on the www alias."""
    shutil.copytree(SAMPLES, folder)
    twin = folder / "salary-copy.md"
    twin.write_bytes((folder / "salary-negotiation-scripts-that-work.md").read_bytes())
    linker = folder / "recovering-from-job-search-burnout.md"
    text = linker.read_text("utf-8").replace(
        "https://www.jobsolv.com/blog/tracking-job-applications-with-a-simple-system",
        "https://www.jobsolv.com/blog/a-retired-article",
    )
    linker.write_text(text, encoding="utf-8")
    return folder


def test_check_reports_library_problems(tmp_path: Path) -> None:
    """Ensure check FOLDER adds duplicate slugs and broken links in the same line format, and
    --json carries them too."""
    library = _planted_library(tmp_path / "library")
    result = run("check", library)
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines)
    assert (
        f"{library / 'salary-copy.md'}:3:1: error: slug 'salary-negotiation-scripts-that-work' "
        "is also used by salary-negotiation-scripts-that-work.md"
    ) in lines
    broken = [line for line in lines if "a-retired-article" in line]
    assert len(broken) == 1 and broken[0].startswith(
        f"{library / 'recovering-from-job-search-burnout.md'}:16:"
    )
    assert ": error: link to 'a-retired-article': no article with that slug" in broken[0]
    document = json.loads(run("check", library, "--json").stdout)
    messages = {p["message"] for p in document["problems"]}
    assert "link to 'a-retired-article': no article with that slug in the library" in messages


def test_check_one_file_reports_only_that_file(tmp_path: Path) -> None:
    """Ensure checking one file of a library reports its problems only, library ones included."""
    library = _planted_library(tmp_path / "library")
    result = run("check", library / "salary-copy.md")
    lines = result.stdout.decode().splitlines()
    assert lines and all(line.startswith(str(library / "salary-copy.md")) for line in lines)
    assert any("is also used by" in line for line in lines)


def test_taxonomy_rename_dry_run_then_for_real(sample_library: Path) -> None:
    """Ensure --dry-run shows every change and writes nothing; the real run changes only the
    tag's lines in every file (the team configuration's list included)."""
    before = {p.name: p.read_bytes() for p in sample_library.iterdir()}
    dry = run(
        "taxonomy", "rename", "tags.intent", "interview", "interviews", sample_library, "--dry-run"
    )
    assert dry.returncode == 0, dry.stderr
    out = dry.stdout.decode()
    assert "-    - interview\n+    - interviews\n" in out
    assert "nothing written (dry run)" in out
    assert {p.name: p.read_bytes() for p in sample_library.iterdir()} == before
    real = run("taxonomy", "rename", "tags.intent", "interview", "interviews", sample_library)
    assert real.returncode == 0, real.stderr
    assert "changed" in real.stdout.decode().splitlines()[-1]
    changed = 0
    for path in sample_library.iterdir():
        old, new = before[path.name].decode(), path.read_text("utf-8")
        if old == new:
            continue
        changed += 1
        diff = [(a, b) for a, b in zip(old.splitlines(), new.splitlines(), strict=True) if a != b]
        assert diff == [(a, a.replace("- interview", "- interviews")) for a, _ in diff], path
    assert changed == 7  # six articles and the team configuration
    again = run("taxonomy", "rename", "tags.intent", "interview", "interviews", sample_library)
    assert again.returncode == 1
    assert_one_line_error(again, "no article has tags.intent 'interview'")


def test_taxonomy_list(sample_library: Path) -> None:
    """Ensure taxonomy list prints every field's values with counts (and as JSON)."""
    out = run("taxonomy", "list", sample_library).stdout.decode()
    assert "category:\n" in out and "  interviewing\t4\n" in out
    document = json.loads(run("taxonomy", "list", sample_library, "--json").stdout)
    assert document["tags.intent"]["ai-tools"] == 1


def test_rename_slug_command(sample_library: Path) -> None:
    """Ensure rename-slug previews with --dry-run, then renames file, slug and inbound links."""
    old, new = "how-to-answer-tell-me-about-yourself", "tell-me-about-yourself"
    before = {p.name: p.read_bytes() for p in sample_library.iterdir()}
    dry = run("rename-slug", sample_library, old, new, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"rename {sample_library / (old + '.md')} → {sample_library / (new + '.md')}" in (
        dry.stdout.decode()
    )
    assert {p.name: p.read_bytes() for p in sample_library.iterdir()} == before
    result = run("rename-slug", sample_library, old, new)
    assert result.returncode == 0, result.stderr
    assert not (sample_library / f"{old}.md").exists()
    renamed = Article.load(sample_library / f"{new}.md").meta
    assert renamed["slug"] == new
    assert renamed["canonical"] == f"https://jobsolv.com/blog/{new}"
    for name in (
        "follow-up-emails-after-an-interview.md",
        "preparing-for-technical-interviews-as-a-software-engineer.md",
    ):
        assert f"/blog/{old}" not in (sample_library / name).read_text("utf-8")
        assert f"/blog/{new}" in (sample_library / name).read_text("utf-8")
    refused = run("rename-slug", sample_library, new, "Bad Slug")
    assert refused.returncode == 2
    assert_one_line_error(refused, "not a slug")
