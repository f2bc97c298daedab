"""The ``article-editor`` command: scripted checks and edits over editor.core, or the app.

Commands never import Qt. Exit codes: 0 clean, 1 problems found, 2 unusable input.
Every error is one line on stderr naming the file (and line), never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor import __version__
from editor.core.article import Article, ArticleError
from editor.core.batch_change import BatchChange, BatchError, apply_batch
from editor.core.config import ConfigError, TeamConfig, config_for
from editor.core.footer_blocks import (
    FooterError,
    RelatedLink,
    find_footer,
    related_link,
    set_cta,
    set_hub,
    set_related,
)
from editor.core.library import Library, article_files, read_summary
from editor.core.storage import StorageError, atomic_write
from editor.core.text_edit import TextEdit
from editor.core.values import parse_value

if TYPE_CHECKING:
    from editor.core.article_repair import ArticleRepair
    from editor.core.validation import Problem

# Commands import what only they need (repair tables, Markdown, validation) when they run,
# so a scripted `set` starts fast.

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
COMMANDS = ("check", "set", "footer", "render", "fix", "taxonomy", "rename-slug")


class UsageError(Exception):
    """Input the command cannot use; the message is the whole one-line report."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in (*COMMANDS, "-h", "--help", "--version"):
        from editor.app import main as app_main  # the window: the only path that loads Qt

        return app_main(args)
    parser = _parser()
    options = parser.parse_args(args)
    try:
        run: Callable[[argparse.Namespace], int] = options.run
        return run(options)
    except (UsageError, ArticleError, ConfigError, StorageError, FooterError, BatchError) as error:
        _error(str(error))
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug must still not spill a traceback on a writer
        _error(f"internal error: {type(error).__name__}: {error}")
        return EXIT_UNUSABLE


def _error(message: str) -> None:
    print(f"article-editor: {message}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-editor",
        description="Edit Markdown articles with YAML front matter without damaging them. "
        "With no command, opens the editor on PATH.",
    )
    parser.add_argument("--version", action="version", version=f"article-editor {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser("check", help="report problems in articles or folders")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--json", action="store_true", help="print problems as JSON")
    check.add_argument("--errors-only", action="store_true", help="leave out warnings")
    check.set_defaults(run=run_check)

    set_ = commands.add_parser("set", help="set front-matter fields, changing only their lines")
    set_.add_argument("file", type=Path, metavar="FILE")
    set_.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    set_.add_argument("--stdout", action="store_true", help="print the result, write nothing")
    set_.add_argument("--allow-empty", action="store_true", help="allow FIELD= (empty value)")
    set_.set_defaults(run=run_set)

    footer = commands.add_parser("footer", help="set the call to action, hub and related list")
    footer.add_argument("file", type=Path, metavar="FILE")
    footer.add_argument("--cta", metavar="KEY|none")
    footer.add_argument("--hub", metavar="KEY|none")
    footer.add_argument("--related", metavar="SLUG,...|auto|none")
    footer.add_argument("--stdout", action="store_true", help="print the result, write nothing")
    footer.set_defaults(run=run_footer)

    fix = commands.add_parser("fix", help="repair encoding damage (and Webflow debris)")
    fix.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    mode = fix.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    mode.add_argument("--write", action="store_true", help="save the repaired files atomically")
    fix.add_argument("--clean-html", action="store_true", help='also remove id="" and empty <p>')
    fix.set_defaults(run=run_fix)

    taxonomy = commands.add_parser("taxonomy", help="list, rename or merge tags and categories")
    actions = taxonomy.add_subparsers(title="actions", metavar="ACTION")
    listing = actions.add_parser("list", help="every category and tag with its article count")
    listing.add_argument("path", type=Path, metavar="PATH", nargs="?", default=Path("."))
    listing.add_argument("--json", action="store_true", help="print the counts as JSON")
    listing.set_defaults(run=run_taxonomy_list)
    rename = actions.add_parser(
        "rename", help="rename a value in every article (a merge when NEW is in use)"
    )
    rename.add_argument("field", metavar="FIELD", help="category, or tags.GROUP like tags.intent")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.add_argument("path", type=Path, metavar="PATH", help="the library folder")
    rename.add_argument("--dry-run", action="store_true", help="show every change, write nothing")
    rename.set_defaults(run=run_taxonomy_rename)
    taxonomy.set_defaults(run=lambda _: _usage("taxonomy: choose an action: list or rename"))

    slug = commands.add_parser(
        "rename-slug", help="rename an article's slug, its file, canonical and inbound links"
    )
    slug.add_argument("path", type=Path, metavar="PATH", help="the library folder (or an article)")
    slug.add_argument("old", metavar="OLD")
    slug.add_argument("new", metavar="NEW")
    slug.add_argument("--dry-run", action="store_true", help="show every change, write nothing")
    slug.set_defaults(run=run_rename_slug)

    render = commands.add_parser("render", help="write the preview as a standalone HTML page")
    render.add_argument("file", type=Path, metavar="FILE")
    render.add_argument("-o", "--output", type=Path, metavar="OUT.html")
    render.set_defaults(run=run_render)
    return parser


# --- check -----------------------------------------------------------------------------


@dataclass
class _Report:
    problems: list[tuple[Path, Problem]]
    unusable: list[str]


def run_check(options: argparse.Namespace) -> int:
    from editor.core.library_check import check_library

    report = _Report([], [])
    libraries: dict[Path, Library] = {}  # one scan per library, however many paths in it
    for root in options.paths:
        if not root.exists():
            report.unusable.append(f"{root}: no such file or folder")
            continue
        try:
            config = config_for(root)
        except ConfigError as error:
            report.unusable.append(str(error))
            continue
        key = config.root or (root if root.is_dir() else root.parent)
        library = libraries.get(key)
        if library is None:
            library = libraries[key] = Library.scan(root, config)
        wanted = root if root == library.root else article_files(root)
        spelled = _in_library(library, wanted)  # library path -> as given
        checked = check_library(library, list(spelled))
        problems = [(spelled[path], p) for path, p in checked.problems]
        if options.errors_only:
            problems = [(path, p) for path, p in problems if p.severity == "error"]
        report.problems += problems
        report.unusable += [message for _, message in checked.unusable]
    _print_report(report, options.json)
    if report.unusable:
        return EXIT_UNUSABLE
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def _in_library(library: Library, paths: Path | Iterable[Path]) -> dict[Path, Path]:
    """The library's own path of each of ``paths`` (however spelled), to the path as given."""
    known = {summary.path: summary.path for summary in library.articles}
    if isinstance(paths, Path) and paths == library.root:
        return known  # the whole library, as scanned
    result: dict[Path, Path] = {}
    for path in [paths] if isinstance(paths, Path) else paths:
        own = path
        if path not in known:
            summary = library.summary_for(path)
            if summary is None:
                library.add(read_summary(path, library.config))
            else:
                own = summary.path
        result[own] = path
    return result


def _print_report(report: _Report, as_json: bool) -> None:
    if as_json:
        document = {
            "problems": [{"path": str(path), **p.to_json()} for path, p in report.problems],
            "unusable": report.unusable,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for path, p in report.problems:
            print(f"{path}:{p.line}:{p.column}: {p.severity}: {p.message}")
    for message in report.unusable:
        _error(message)


# --- set and footer --------------------------------------------------------------------


def _load(path: Path) -> Article:
    """An article whose front matter is known to parse (ArticleError otherwise)."""
    article = Article.load(path)
    _ = article.meta
    return article


def run_set(options: argparse.Namespace) -> int:
    original = _load(options.file)
    article = original
    for assignment in options.assignments:
        name, equals, raw = assignment.partition("=")
        path = tuple(part.strip() for part in name.split("."))
        if not equals or not all(path):
            raise UsageError(f"'{assignment}': expected FIELD=VALUE, like title=\"New title\"")
        if raw == "" and not options.allow_empty:
            raise UsageError(f"{name}: refusing an empty value (add --allow-empty to mean it)")
        front_matter = article.front_matter
        try:
            value = parse_value(raw, path, front_matter.get(path), front_matter.has(path))
        except ValueError as error:
            raise ArticleError(original.path, front_matter.line_of(path), str(error)) from None
        article = article.with_edits(article.set_field(path, value))
    return _finish(original, article, options.stdout)


def run_footer(options: argparse.Namespace) -> int:
    original = _load(options.file)
    config = config_for(options.file)
    article = original
    steps: list[Callable[[Article], list[TextEdit]]] = []
    if options.cta is not None:
        cta = None if options.cta == "none" else _choice(options.cta, config.ctas, "call to action")
        steps.append(lambda a: set_cta(a, config, cta))
    if options.hub is not None:
        hub = None if options.hub == "none" else _choice(options.hub, config.hubs, "career hub")
        steps.append(lambda a: set_hub(a, config, hub))
    if options.related is not None:
        steps.append(lambda a: set_related(a, config, _related_links(a, config, options.related)))
    if not steps:
        raise UsageError("footer: say what to change with --cta, --hub or --related")
    for step in steps:
        article = article.with_edits(step(article))
    return _finish(original, article, options.stdout)


def _choice(key: str, templates: Mapping[str, object], what: str) -> str:
    if key not in templates:
        known = ", ".join(sorted(templates)) or "none configured"
        raise UsageError(f"no {what} '{key}' (known: {known}, or none)")
    return key


def _related_links(article: Article, config: TeamConfig, spec: str) -> list[RelatedLink]:
    if spec == "none":
        return []
    assert article.path is not None
    library = Library.scan(article.path, config)
    if spec == "auto":
        from editor.core.suggestions import suggest_related

        return [
            related_link(config, s.slug, s.title)
            for s in suggest_related(article, library, config.related_count)
        ]
    current = {link.slug: link for link in find_footer(article, config).related}
    links = []
    for slug in (part.strip() for part in spec.split(",") if part.strip()):
        target = library.find(slug)
        if target is not None:
            links.append(related_link(config, slug, target.title))
        elif slug in current:
            links.append(current[slug])  # keep a link we cannot look up rather than drop it
        else:
            raise UsageError(f"--related: no article with slug '{slug}' in {library.root}")
    return links


def _finish(original: Article, article: Article, to_stdout: bool) -> int:
    """Print or save the result; an unchanged article is written back byte for byte."""
    path = original.path
    assert path is not None
    if article.text == original.text:
        data = original.to_bytes() if to_stdout else b""
    else:
        try:
            data = article.to_bytes()
        except UnicodeEncodeError as error:
            raise UsageError(
                f"{path}: '{error.object[error.start : error.end]}' cannot be saved in "
                f"{original.encoding.label}, the file's encoding"
            ) from None
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif article.text != original.text:
        atomic_write(path, data)
    return EXIT_OK


# --- fix -------------------------------------------------------------------------------


def run_fix(options: argparse.Namespace) -> int:
    """Report, diff or write repairs. Exit 1 when repairs are pending (report or diff)."""
    from editor.core.article_repair import repair_article

    pending = unusable = False
    for root in options.paths:
        if not root.exists():
            _error(f"{root}: no such file or folder")
            unusable = True
            continue
        for path in article_files(root):
            try:
                article = _load(path)
                result = repair_article(article, clean_html=options.clean_html)
                if result.changed and options.write:
                    atomic_write(path, article.with_text(result.text).to_bytes())
            except (ArticleError, StorageError) as error:
                _error(str(error))
                unusable = True
                continue
            except UnicodeEncodeError:
                _error(f"{path}: the repaired text cannot be saved in {article.encoding.label}")
                unusable = True
                continue
            if not result.changed:
                continue
            if options.diff:
                _print_diff(path, article.text, result.text)
                pending = True
            else:
                verb = "repaired" if options.write else "would repair"
                print(f"{path}: {verb} {_summary(result)}")
                pending = pending or not options.write
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_PROBLEMS if pending else EXIT_OK


def _summary(result: ArticleRepair) -> str:
    from editor.core.cleanup import describe

    parts = []
    if result.repair.damaged:
        parts.append(result.repair.diagnosis)
    if result.debris:
        parts.append(describe(result.debris))
    return "; ".join(parts)


def _print_diff(path: Path, before: str, after: str) -> None:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=str(path) if path.is_absolute() else f"a/{path}",
        tofile=str(path) if path.is_absolute() else f"b/{path}",
    )
    for line in lines:
        sys.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")


# --- taxonomy and slug renames ----------------------------------------------------------


def _usage(message: str) -> int:
    raise UsageError(message)


def _library_at(path: Path) -> Library:
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    return Library.scan(path, config_for(path))


def run_taxonomy_list(options: argparse.Namespace) -> int:
    from editor.core.taxonomy import vocabulary

    fields = vocabulary(_library_at(options.path))
    if options.json:
        document = {name: dict(counts.most_common()) for name, counts in fields.items()}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    for name, counts in fields.items():
        print(f"{name}:")
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {value}\t{count}")
    return EXIT_OK


def run_taxonomy_rename(options: argparse.Namespace) -> int:
    from editor.core.taxonomy import plan_rename

    library = _library_at(options.path)
    batch = plan_rename(library, options.field, options.old, options.new)
    return _run_batch(batch, options.dry_run, f"no article has {options.field} '{options.old}'")


def run_rename_slug(options: argparse.Namespace) -> int:
    from editor.core.slug_rename import plan_slug_rename

    library = _library_at(options.path)
    batch = plan_slug_rename(library, options.old, options.new)
    return _run_batch(batch, options.dry_run, "nothing to change")


def _run_batch(batch: BatchChange, dry_run: bool, nothing: str) -> int:
    """Print the plan as a diff; write it unless a dry run. Exit 1 when nothing matched."""
    for note in batch.notes:
        _error(note)
    if not batch:
        _error(nothing)
        return EXIT_PROBLEMS
    for change in batch.changes:
        sys.stdout.write(change.diff())
        if change.new_path is not None:
            print(f"rename {change.path} → {change.new_path}")
    if dry_run:
        print(
            f"{batch.description}: would change {batch.line_count} line(s) in "
            f"{len(batch.changes)} file(s); nothing written (dry run)"
        )
        return EXIT_OK
    apply_batch(batch)
    print(
        f"{batch.description}: changed {batch.line_count} line(s) in {len(batch.changes)} file(s)"
    )
    return EXIT_OK


# --- render ----------------------------------------------------------------------------


def run_render(options: argparse.Namespace) -> int:
    from editor.core.render import render_page

    article = _load(options.file)
    page = render_page(article, config_for(options.file))
    if options.output:
        atomic_write(options.output, page.encode("utf-8"))
    else:
        sys.stdout.write(page)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
