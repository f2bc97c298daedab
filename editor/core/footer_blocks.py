"""Footer blocks: the call to action, career hub and related articles at an article's end.

A block starts at a ``---`` line (after a blank line) whose next heading is one the team
configuration knows. Blocks are found in any order; what is not recognised stays body.
Changing a block re-renders only that block, in the exact layout of the seed article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from editor.core.article import Article, ArticleError
from editor.core.config import TeamConfig
from editor.core.text_edit import TextEdit, minimal_edit

BlockKind = Literal["cta", "hub", "related"]
BLOCK_ORDER: tuple[BlockKind, ...] = ("cta", "hub", "related")

_SEPARATOR = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_HEADING = re.compile(r"##[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*\Z")
# "👉 https://…" — any marker token, so a damaged emoji ("\uf8ffüëâ") still counts.
_LINK_LINE = re.compile(r"(?P<marker>\S+)[ \t]+(?P<url>https?://\S+)[ \t]*\Z")
_RELATED_ITEM = re.compile(
    r"[-*][ \t]+\[(?P<title>(?:\\.|[^\]\\])*)\]\((?P<url>[^()\s]+)\)[ \t]*\Z"
)
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")


class FooterError(ValueError):
    """A footer change that cannot be made as asked."""


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str
    slug: str | None = None


@dataclass(frozen=True)
class FooterBlock:
    """One recognised block; ``start`` is its ``---`` line, ``end`` follows its last line."""

    kind: BlockKind
    start: int
    end: int
    heading: str
    key: str | None = None  # the CTA or hub template it matches, if any
    url: str | None = None  # the CTA or hub link
    links: tuple[RelatedLink, ...] = ()


@dataclass(frozen=True)
class Footer:
    blocks: tuple[FooterBlock, ...]

    def block(self, kind: BlockKind) -> FooterBlock | None:
        return next((block for block in self.blocks if block.kind == kind), None)

    @property
    def cta(self) -> str | None:
        block = self.block("cta")
        return block.key if block else None

    @property
    def hub(self) -> str | None:
        block = self.block("hub")
        return block.key if block else None

    @property
    def related(self) -> tuple[RelatedLink, ...]:
        block = self.block("related")
        return block.links if block else ()


# --- reading ---------------------------------------------------------------------------


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(line start, line end after its break, content without break) for text[start:end]."""
    result = []
    pos = start
    while pos < end:
        brk = text.find("\n", pos, end)
        stop = end if brk < 0 else brk + 1
        result.append((pos, stop, text[pos:stop].rstrip("\r\n")))
        pos = stop
    return result


# Footer blocks sit at an article's end: only the last separators are looked at, so a
# 50 MB article with thousands of --- lines costs no more than a short one.
MAX_SEPARATORS = 16


def find_footer(article: Article, config: TeamConfig) -> Footer:
    text = article.text
    body_start = article.body_start
    separators = _last_separators(text, body_start)
    blocks = []
    for index, start in enumerate(separators):
        limit = separators[index + 1] if index + 1 < len(separators) else len(text)
        block = _read_block(text, start, limit, config)
        if block:
            blocks.append(block)
    return Footer(tuple(blocks))


def _last_separators(text: str, body_start: int) -> list[int]:
    """Where the last ``MAX_SEPARATORS`` separator lines of the body start, in order, found
    from the end of the text back (a long body is never read from its start)."""
    found: list[int] = []
    end = len(text)
    while len(found) < MAX_SEPARATORS:
        at = text.rfind("---", body_start, end)
        if at < 0:
            break
        line_start = text.rfind("\n", body_start, at) + 1 or body_start
        if at != line_start:
            end = line_start + 3  # only the line's start could begin a separator
            continue
        end = at + 2  # on to the lines before
        if _SEPARATOR.match(text, at) and _previous_line_blank(text, at, body_start):
            found.append(at)
    found.reverse()
    return found


def _previous_line_blank(text: str, line_start: int, floor: int) -> bool:
    """A ``---`` after a blank line is a thematic break, not a setext heading underline."""
    if line_start <= floor:
        return True
    previous = text.rfind("\n", floor, line_start - 1) + 1
    return not text[max(previous, floor) : line_start].strip()


def _read_block(text: str, start: int, limit: int, config: TeamConfig) -> FooterBlock | None:
    lines = _lines(text, start, limit)[1:]  # skip the --- line
    while lines and not lines[0][2].strip():
        lines.pop(0)
    heading_match = _HEADING.match(lines[0][2]) if lines else None
    if not heading_match:
        return None
    heading = heading_match.group("text")
    content = lines[1:]
    if heading == config.related_heading:
        return _read_related(start, lines[0][1], content, heading, config)
    cta = next((c for c in config.ctas.values() if c.heading == heading), None)
    if cta is None and heading != config.hub_heading:
        return None
    end, url, paragraph = _read_link_block(lines[0][1], content)
    if cta is not None:
        key = next(
            (c.key for c in config.ctas.values() if c.heading == heading and c.url == url),
            cta.key,
        )
        return FooterBlock("cta", start, end, heading, key, url)
    hub_key = next((h.key for h in config.hubs.values() if h.url == url), None)
    if hub_key is None:
        hub_key = next((h.key for h in config.hubs.values() if f"**{h.name}**" in paragraph), None)
    return FooterBlock("hub", start, end, heading, hub_key, url)


def _read_link_block(
    heading_end: int, content: list[tuple[int, int, str]]
) -> tuple[int, str | None, str]:
    """End, link and paragraph of a CTA or hub block: it ends at its marker-and-link line."""
    end = heading_end
    paragraph: list[str] = []
    for _, line_end, line in content:
        if not line.strip():
            continue
        end = line_end
        link = _LINK_LINE.match(line.strip())
        if link:
            return end, link.group("url"), " ".join(paragraph)
        paragraph.append(line.strip())
    return end, None, " ".join(paragraph)


def _read_related(
    start: int,
    heading_end: int,
    content: list[tuple[int, int, str]],
    heading: str,
    config: TeamConfig,
) -> FooterBlock:
    """The related list ends at its last link item; any text after it stays body."""
    end = heading_end
    links: list[RelatedLink] = []
    for _, line_end, line in content:
        if not line.strip() and not links:
            continue
        item = _RELATED_ITEM.match(line.strip())
        if not item:
            break
        title = _MARKDOWN_ESCAPE.sub(r"\1", item.group("title"))
        url = item.group("url")
        links.append(RelatedLink(title, url, config.slug_from_url(url)))
        end = line_end
    return FooterBlock("related", start, end, heading, links=tuple(links))


# --- rendering -------------------------------------------------------------------------


def render_cta(config: TeamConfig, key: str, nl: str = "\n") -> str:
    template = config.ctas.get(key)
    if template is None:
        raise FooterError(f"no call to action '{key}' in the team configuration")
    return _link_block(template.heading, template.text, config.link_marker, template.url, nl)


def render_hub(config: TeamConfig, key: str, nl: str = "\n") -> str:
    hub = config.hubs.get(key)
    if hub is None:
        raise FooterError(f"no career hub '{key}' in the team configuration")
    return _link_block(config.hub_heading, hub.text, config.link_marker, hub.url, nl)


def render_related(config: TeamConfig, links: Sequence[RelatedLink], nl: str = "\n") -> str:
    items = "".join(f"- [{_escape_title(link.title)}]({link.url}){nl}" for link in links)
    return f"---{nl}{nl}## {config.related_heading}{nl}{nl}{items}"


def _link_block(heading: str, text: str, marker: str, url: str, nl: str) -> str:
    return f"---{nl}{nl}## {heading}{nl}{nl}{text}{nl}{nl}{marker} {url}{nl}"


def _escape_title(title: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", title)


def related_link(config: TeamConfig, slug: str, title: str) -> RelatedLink:
    return RelatedLink(title, config.article_url(slug), slug)


# --- changing --------------------------------------------------------------------------


def set_cta(article: Article, config: TeamConfig, key: str | None) -> list[TextEdit]:
    """Edits that make the call to action ``key`` (None removes it)."""
    rendered = render_cta(config, key, article.newline) if key else None
    return _set_block(article, config, "cta", rendered)


def set_hub(article: Article, config: TeamConfig, key: str | None) -> list[TextEdit]:
    """Edits that make the career hub ``key`` (None removes it)."""
    rendered = render_hub(config, key, article.newline) if key else None
    return _set_block(article, config, "hub", rendered)


def set_related(
    article: Article, config: TeamConfig, links: Sequence[RelatedLink]
) -> list[TextEdit]:
    """Edits that make the related list ``links`` (an empty list removes the block)."""
    footer = find_footer(article, config)
    block = footer.block("related")
    if block and tuple(links) == block.links:
        return []
    rendered = render_related(config, links, article.newline) if links else None
    return _set_block(article, config, "related", rendered, footer)


def _set_block(
    article: Article,
    config: TeamConfig,
    kind: BlockKind,
    rendered: str | None,
    footer: Footer | None = None,
) -> list[TextEdit]:
    footer = footer or find_footer(article, config)
    block = footer.block(kind)
    text = article.text
    if block is not None:
        if rendered is None:
            edits = [TextEdit(_removal_start(text, block, article.body_start), block.end, "")]
        elif kind != "related" and _same_block(text[block.start : block.end], rendered):
            return []  # same template: keep the block's bytes, damaged emoji and all
        else:
            edit = minimal_edit(
                text, block.start, block.end, _with_final_break(text, block, rendered)
            )
            edits = [edit] if edit else []
    elif rendered is None:
        return []
    else:
        edits = [_insertion(article, footer, kind, rendered)]
    _prove(article, config, edits, kind, rendered)
    return edits


def _prove(
    article: Article,
    config: TeamConfig,
    edits: list[TextEdit],
    kind: BlockKind,
    rendered: str | None,
) -> None:
    """Refuse a change that would not read back as asked (a body that is only "---", say)."""
    after = article.with_edits(edits)
    try:
        same_front_matter = after.text[: after.body_start] == article.text[: article.body_start]
    except ArticleError:
        same_front_matter = False
    block = find_footer(after, config).block(kind) if same_front_matter else None
    if not same_front_matter or (block is None) != (rendered is None):
        raise FooterError(f"the {kind} block cannot be changed in this article's layout")


def _same_block(old: str, rendered: str) -> bool:
    """Equal apart from the link marker, which encoding repair (not the footer) fixes."""

    def normalise(block: str) -> list[str]:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        return [m.group("url") if (m := _LINK_LINE.match(line)) else line for line in lines]

    return normalise(old) == normalise(rendered)


def _with_final_break(text: str, block: FooterBlock, rendered: str) -> str:
    """A block that ended the file without a line break keeps ending it that way."""
    if block.end == len(text) and not text.endswith("\n"):
        return rendered.rstrip("\r\n")
    return rendered


def _removal_start(text: str, block: FooterBlock, floor: int) -> int:
    """A removed block takes the blank lines before it, unless text follows it directly."""
    following = text[block.end : text.find("\n", block.end) + 1 or len(text)]
    if following.strip():
        return block.start  # keep the blank line that will separate what follows
    pos = block.start
    while pos > floor:
        previous = text.rfind("\n", floor, pos - 1) + 1
        previous = max(previous, floor)
        if text[previous:pos].strip():
            break
        pos = previous
    return pos


def _insertion(article: Article, footer: Footer, kind: BlockKind, rendered: str) -> TextEdit:
    """Put a new block in the canonical order CTA, hub, related around the existing ones."""
    text = article.text
    nl = article.newline
    rank = BLOCK_ORDER.index(kind)
    following = [b for b in footer.blocks if BLOCK_ORDER.index(b.kind) > rank]
    if following:
        at = following[0].start
        return TextEdit(at, at, rendered + nl)
    if footer.blocks:
        at = footer.blocks[-1].end
        lead = nl if text[at - 1 : at] == "\n" else nl + nl
        return TextEdit(at, at, lead + rendered)
    at = len(text)
    if at == 0:
        lead = nl  # a file may not start with "---": that would read as front matter
    elif text.endswith(("\n\n", "\n\r\n")) or at == article.body_start:
        lead = ""
    elif text.endswith("\n"):
        lead = nl
    else:
        lead = nl + nl
    return TextEdit(at, at, lead + rendered)


def reorder_blocks(
    article: Article, config: TeamConfig, order: Sequence[BlockKind]
) -> list[TextEdit]:
    """Edits that put the footer's blocks in ``order`` (kinds absent from it keep their place)."""
    footer = find_footer(article, config)
    blocks = list(footer.blocks)
    if len(blocks) < 2:
        return []
    text = article.text
    for before, after in pairwise(blocks):
        if text[before.end : after.start].strip():
            raise FooterError("the footer blocks are separated by other text; reorder by hand")
    rank = {kind: i for i, kind in enumerate(order)}
    ordered = sorted(blocks, key=lambda b: rank.get(b.kind, len(order) + blocks.index(b)))
    chunks = [text[b.start : b.end] for b in ordered]
    nl = article.newline
    chunks = [chunk if chunk.endswith("\n") else chunk + nl for chunk in chunks]
    joined = nl.join(chunks)
    if not text.endswith("\n") and blocks[-1].end == len(text):
        joined = joined.rstrip("\r\n")
    edit = minimal_edit(text, blocks[0].start, blocks[-1].end, joined)
    return [edit] if edit else []
