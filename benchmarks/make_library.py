"""Build a synthetic library of N articles from the bundled samples, for benchmarks and checks.

    python benchmarks/make_library.py 10000 [--out DIR] [--seed 1]

Every article is one of the 13 samples with a new title and slug, re-drawn tags, category
and status, and its inline and related links pointed at other generated articles (with and
without ``www``). Some damage is planted on purpose and listed in ``planted.json`` beside the
articles (not an article suffix, so it is never scanned): links to missing articles, stale
related titles, duplicate slugs and titles, broken YAML, an unterminated front matter and a
binary file. The samples' own encoding damage comes along with them. Same N and seed, same
library, byte for byte (modification times included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "resources" / "samples"
sys.path.insert(0, str(REPO))

from editor.core.article import Article  # noqa: E402
from editor.core.config import load_config  # noqa: E402
from editor.core.footer_blocks import find_footer  # noqa: E402

# fmt: off
OPENERS = [
    "How to", "Why You Should", "A Practical Guide to", "The Complete Checklist for",
    "Seven Ways to", "What Recruiters Think About", "Mistakes to Avoid When",
    "A Beginner's Plan to", "Field Notes on", "The Quiet Art of",
]
TOPICS = [
    "Negotiate a Raise", "Write a Cover Letter", "Ace a Panel Interview", "Switch Industries",
    "Ask for Feedback", "Work Remotely", "Build a Portfolio", "Network Online",
    "Track Applications", "Prepare References", "Handle Rejection", "Explain a Career Gap",
    "Pitch Yourself",
    "Follow Up After Silence", "Choose Between Offers", "Learn on the Job", "Find a Mentor",
    "Plan Your First 90 Days", "Write a Resume Summary", "Answer Behavioural Questions",
]
AUDIENCES = [
    "in 2026", "as a New Graduate", "After a Layoff", "in Tech", "in Healthcare", "in Sales",
    "Without Burning Out", "on a Deadline", "as an Introvert", "Across Time Zones",
]
# fmt: on
_ARTICLE_LINK = re.compile(r"https://(?:www\.)?jobsolv\.com/blog/[a-z0-9-]+")


@dataclass
class Planted:
    broken_inline_links: list[str] = field(default_factory=list)  # "file -> slug"
    broken_related_links: list[str] = field(default_factory=list)
    stale_related_titles: list[str] = field(default_factory=list)
    duplicate_slugs: list[list[str]] = field(default_factory=list)
    duplicate_titles: list[list[str]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    drafts: int = 0
    archived: int = 0


@dataclass
class Spec:
    name: str
    title: str
    slug: str
    category: str
    draft: bool
    archived: bool
    roles: list[str]
    intents: list[str]
    template: int


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _front_matter(spec: Spec, config_url: str, rng: random.Random, flow: bool) -> str:
    title = _quoted(spec.title) if rng.random() < 0.6 or ":" in spec.title else spec.title
    lines = [
        "---",
        f"title: {title}",
        f"slug: {spec.slug}",
        f"description: {_description(spec)}",
        f'canonical: "{config_url}{spec.slug}"',
        f"category: {spec.category}",
    ]
    if rng.random() < 0.1:
        lines.append("author: Dana Whitfield")
    lines += [f"draft: {str(spec.draft).lower()}", f"archived: {str(spec.archived).lower()}"]
    if rng.random() < 0.05:
        lines.append("# reviewed by editorial")
    if flow:
        roles, intents = ", ".join(spec.roles), ", ".join(spec.intents)
        lines += ["tags:", f"  role: [{roles}]", f"  intent: [{intents}]"]
    else:
        lines += ["tags:", "  role:", *[f"    - {r}" for r in spec.roles], "  intent:"]
        lines += [f"    - {i}" for i in spec.intents]
    lines.append("---")
    return "\n".join(lines) + "\n"


def _description(spec: Spec) -> str:
    text = (
        f"{spec.title}, with practical steps, examples and scripts for "
        f"{spec.category.replace('-', ' ')} that you can use this week."
    )
    return _quoted(text) if ": " in text or " #" in text else text


def _title(rng: random.Random, index: int) -> str:
    return f"{rng.choice(OPENERS)} {rng.choice(TOPICS)} {rng.choice(AUDIENCES)} ({index})"


def build(count: int, out: Path, seed: int) -> Planted:
    rng = random.Random(seed)
    config = load_config(SAMPLES / ".article-editor.yaml")
    templates = [Article.load(path) for path in sorted(SAMPLES.glob("*.md"))]
    bodies: list[tuple[str, str]] = []  # (body without footer, footer text)
    for article in templates:
        footer = find_footer(article, config)
        cut = footer.blocks[0].start if footer.blocks else len(article.text)
        head = article.text[article.body_start : cut]
        rest = article.text[cut:]
        related = footer.block("related")
        if related is not None:  # the related list is written fresh for each article
            rest = article.text[cut : related.start]
        bodies.append((head, rest))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copyfile(SAMPLES / ".article-editor.yaml", out / ".article-editor.yaml")

    specs: list[Spec] = []
    for index in range(count):
        title = _title(rng, index)
        slug = slugify(title)
        draft = rng.random() < 0.1
        specs.append(
            Spec(
                name=f"{slug}.md",
                title=title,
                slug=slug,
                category=rng.choice(config.categories),
                draft=draft,
                archived=not draft and rng.random() < 0.05,
                roles=rng.sample(config.tag_groups["role"], rng.randint(1, 3)),
                intents=rng.sample(config.tag_groups["intent"], rng.randint(1, 3)),
                template=index % len(templates),
            )
        )
    planted = Planted()
    planted.drafts = sum(s.draft for s in specs)
    planted.archived = sum(s.archived for s in specs)
    # Duplicates: every 997th article takes the slug (and sometimes the title) of the next.
    for index in range(0, count - 1, 997):
        first, second = specs[index], specs[index + 1]
        second.slug = first.slug
        second.name = f"{first.slug}-copy.md"
        planted.duplicate_slugs.append([first.name, second.name])
        if index % 2 == 0:
            second.title = first.title
            planted.duplicate_titles.append([first.name, second.name])
    base = config.article_url("")

    for index, spec in enumerate(specs):
        head, footer_rest = bodies[spec.template]

        def retarget(match: re.Match[str], spec: Spec = spec) -> str:
            if rng.random() < 0.005:
                missing = f"no-such-article-{rng.randint(0, 10**6)}"
                planted.broken_inline_links.append(f"{spec.name} -> {missing}")
                return f"https://jobsolv.com/blog/{missing}"
            target = rng.choice(specs)
            host = "www.jobsolv.com" if rng.random() < 0.5 else "jobsolv.com"
            return f"https://{host}/blog/{target.slug}"

        body = _ARTICLE_LINK.sub(retarget, head)
        links = []
        for _ in range(rng.randint(2, 5)):
            target = rng.choice(specs)
            title = target.title
            roll = rng.random()
            if roll < 0.01:
                missing = f"retired-article-{rng.randint(0, 10**6)}"
                planted.broken_related_links.append(f"{spec.name} -> {missing}")
                links.append(f"- [{title}]({base}{missing})")
                continue
            if roll < 0.04:
                title = f"{title} (old title)"
                planted.stale_related_titles.append(f"{spec.name} -> {target.slug}")
            links.append(f"- [{title}]({base}{target.slug})")
        related = f"---\n\n## {config.related_heading}\n\n" + "\n".join(links) + "\n"
        if not (body + footer_rest).endswith("\n\n"):
            related = "\n" + related  # a footer block follows a blank line
        front = _front_matter(spec, base, rng, flow=rng.random() < 0.1)
        if index % 2503 == 17:  # a YAML syntax error
            front = front.replace("\ncategory: ", "\ncategory: [unclosed ", 1)
            planted.unreadable.append(spec.name)
        elif index % 4001 == 29:  # the closing --- line lost (and no footer to close it)
            front = front[: -len("---\n")]
            footer_rest = related = ""
            planted.unreadable.append(spec.name)
        text = front + body + footer_rest + related
        if rng.random() < 0.05:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        path = out / spec.name
        path.write_bytes(data)
        stamp = 1_700_000_000 + rng.randint(0, 60 * 60 * 24 * 365)
        os.utime(path, (stamp, stamp))
    unreadable = set(planted.unreadable)  # their links cannot be read, so are not planted
    for kind in ("broken_inline_links", "broken_related_links", "stale_related_titles"):
        entries = getattr(planted, kind)
        setattr(planted, kind, [e for e in entries if e.split(" -> ")[0] not in unreadable])
    binary = out / "corrupted-export.md"
    binary.write_bytes(b"\x00\x01\x02binary export\x00" * 10)
    planted.unreadable.append(binary.name)
    (out / "planted.json").write_text(
        json.dumps(planted.__dict__, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return planted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, metavar="N")
    parser.add_argument("--out", type=Path, help="folder to (re)create; default under /tmp")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    out = options.out or Path(f"/tmp/article-editor-library-{options.count}")
    planted = build(options.count, out, options.seed)
    print(
        f"{out}: {options.count} articles (+1 binary); {len(planted.duplicate_slugs)} duplicate "
        f"slugs, {len(planted.broken_inline_links) + len(planted.broken_related_links)} broken "
        f"links, {len(planted.unreadable)} unreadable files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
