"""Links from an article to the site's own articles: the related list and links in the body.

Read from the article's UTF-8 bytes, because a library scan does this for thousands of files
and byte searches are several times faster than searches in wide Python strings. The related
list is read exactly as :func:`editor.core.footer_blocks.find_footer` reads it (its own
patterns, on the decoded tail of the file); a URL counts when ``TeamConfig.slug_from_url``
reads it as an article, on the site's host or an alias, with or without ``www``, and also
root-relative (``/blog/slug``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Literal, NamedTuple

from editor.core.article import Article
from editor.core.config import TeamConfig

# Read the related list with the footer's own patterns, so both always agree.
from editor.core.footer_blocks import _HEADING, _MARKDOWN_ESCAPE, _RELATED_ITEM, find_footer

LinkKind = Literal["related", "inline"]


class ArticleLink(NamedTuple):
    """A link to one of the site's articles and where its URL is written."""

    kind: LinkKind  # "related": an item of the related-articles list; "inline": in the body
    slug: str
    line: int  # 1-based file line and column (characters) where the URL starts
    column: int
    length: int  # characters of the URL
    title: str | None = None  # related links: the title the list shows


_new_link = tuple.__new__  # ArticleLink without its Python-level __new__: scans make many
_URL_DELIMITERS = frozenset(b"\"'()<>[] \n\t\r")
_URL_STOP = re.compile(r"[\s\"'<>()\[\]]")
_SLUG_CHARS = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_SEPARATOR_LINE = re.compile(r"---[ \t]*\r?\Z")
_NOT_IN_URL = re.compile(r"[()\s]")
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_PUNCTUATION = frozenset(b".,;:!?")
_first = itemgetter(0)


@dataclass(frozen=True)
class _Reader:
    """What finding a site's article links needs, prepared once per configuration."""

    pattern: re.Pattern[bytes]  # the literal path every article URL contains, and the rest
    prefix: bytes  # the article path before {slug} ("/blog/"); empty when too short to search
    suffix: str
    hosts: tuple[bytes, ...]  # b"https://host" spellings, longest first
    # The usual spelling, [https:]//host/blog/slug on the site's own hosts, slug captured:
    # ``exact`` as a whole URL (a related item's); ``inline`` from the // on, as a link in the
    # body ends (a delimiter or punctuation next). None when the article path or the hosts
    # are unusual: then the careful way reads every link.
    exact: re.Pattern[str] | None
    inline: re.Pattern[bytes] | None


@lru_cache(maxsize=16)
def _reader(article_path: str, hosts: frozenset[str]) -> _Reader:
    prefix, _, suffix = article_path.partition("{slug}")
    literal = prefix if len(prefix) > 1 else "//"
    pattern = re.compile(re.escape(literal.encode()) + rb"[^\s\"'<>()\[\]]*")
    spellings = {f"{scheme}//{host}" for host in hosts for scheme in ("https:", "http:", "")}
    ordered = tuple(s.encode() for s in sorted(spellings, key=lambda s: (-len(s), s)))
    exact = inline = None
    # (a host with a slash cannot be a URL's host; with one, read every link the careful way)
    if len(prefix) > 1 and not suffix and not any("/" in host for host in hosts):
        names = "|".join(re.escape(h) for h in sorted(hosts, key=lambda h: (-len(h), h)))
        slug = f"(?:{names}){re.escape(prefix)}([a-z0-9][a-z0-9-]*+)"
        exact = re.compile(f"(?:https?:)?//{slug}")
        after = re.escape(bytes(sorted(_URL_DELIMITERS | _PUNCTUATION))).decode("ascii")
        inline = re.compile(f"//{slug}(?![^{after}])".encode())
    literal_bytes = literal.encode() if len(prefix) > 1 else b""
    return _Reader(pattern, literal_bytes, suffix, ordered, exact, inline)


_last_reader: tuple[TeamConfig, _Reader] | None = None


def _reader_for(config: TeamConfig) -> _Reader:
    global _last_reader
    last = _last_reader  # one configuration at a time, asked for once per link: remember it
    if last is not None and last[0] is config:
        return last[1]
    reader = _reader(config.article_path, config.hosts)
    _last_reader = (config, reader)
    return reader


def slug_of_url(url: str, config: TeamConfig) -> str | None:
    """The article slug ``url`` names (root-relative URLs too), None for anything else."""
    if url.startswith("/") and not url.startswith("//"):
        url = config.base_url.rstrip("/") + url
    elif url.startswith("//"):
        url = "https:" + url
    slug = config.slug_from_url(url)
    if slug is None or "/" in slug:
        return None
    return slug


def find_links(article: Article, config: TeamConfig) -> tuple[ArticleLink, ...]:
    """Links from ``article``'s body to the site's articles: the related list, then inline."""
    text = article.text
    body_start = article.layout.body_start
    data = text.encode("utf-8", "surrogatepass")
    return links_in(data, len(text[:body_start].encode("utf-8", "surrogatepass")), config)


def links_in(data: bytes, body_start: int, config: TeamConfig) -> tuple[ArticleLink, ...]:
    """Links in ``data`` (an article's text as UTF-8) from byte ``body_start`` on."""
    related = _related_list(data, body_start, config)
    found: list[tuple[int, int, LinkKind, str, str | None]] = []  # (at, length, kind, ...)
    spans = [(body_start, len(data))]
    if related is not None:
        reader = _reader_for(config)
        block_start, block_end, items = related
        for title, url, at in items:
            slug = _slug_fast(url, reader) or slug_of_url(url, config)
            if slug is not None:
                found.append((at, len(url), "related", slug, title))
        spans = [(body_start, block_start), (block_end, len(data))]
    for start, end in spans:
        found += _inline(data, start, end, config)
    found.sort(key=_first)
    return _placed(data, found)


def _placed(
    data: bytes, found: list[tuple[int, int, LinkKind, str, str | None]]
) -> tuple[ArticleLink, ...]:
    """Byte offsets turned into lines and character columns, counting as we go."""
    related: list[ArticleLink] = []
    inline: list[ArticleLink] = []
    line, line_start, counted, wide = 1, 0, 0, 0  # wide: continuation bytes since line start
    for at, length, kind, slug, title in found:
        breaks = data.count(b"\n", counted, at)
        if breaks:
            line += breaks
            line_start = data.rfind(b"\n", counted, at) + 1
            counted, wide = line_start, 0
        segment = data[counted:at]
        if not segment.isascii():
            wide += len(segment) - len(segment.translate(None, _CONTINUATION_BYTES))
        counted = at
        link = _new_link(ArticleLink, (kind, slug, line, at - line_start - wide + 1, length, title))
        (related if kind == "related" else inline).append(link)
    return tuple(related + inline)


def _slug_fast(url: str, reader: _Reader) -> str | None:
    """The slug of a URL spelled exactly ``https://host/blog/slug``; None otherwise."""
    if reader.exact is None:
        return None
    match = reader.exact.fullmatch(url)
    return match.group(1) if match else None


def _inline(
    data: bytes, start: int, end: int, config: TeamConfig
) -> list[tuple[int, int, LinkKind, str, str | None]]:
    reader = _reader_for(config)
    found: list[tuple[int, int, LinkKind, str, str | None]] = []
    covered: set[int] = set()  # where the literal path of each link already read starts
    if reader.inline is not None:
        # The usual spelling, https://host/blog/slug, read entirely by one regex.
        for match in reader.inline.finditer(data, start, end):
            at = match.start()
            if data.startswith(b"https:", at - 6) and at - 6 >= start:
                at -= 6
            elif data.startswith(b"http:", at - 5) and at - 5 >= start:
                at -= 5
            if at > 0 and data[at - 1] not in _URL_DELIMITERS:
                continue
            found.append((at, match.end() - at, "inline", match[1].decode(), None))
            covered.add(match.start(1) - len(reader.prefix))
        if data.count(reader.prefix, start, end) == len(covered):
            return found
    last_end = -1
    for match in reader.pattern.finditer(data, start, end):
        at = match.start()
        if at < last_end or at in covered:
            continue
        token_start = -1
        for spelling in reader.hosts:
            begin = at - len(spelling)
            if begin >= 0 and data.startswith(spelling, begin):
                if begin == 0 or data[begin - 1] in _URL_DELIMITERS:
                    token_start = begin
                break
        if token_start < 0:
            if at == 0 or data[at - 1] in _URL_DELIMITERS:
                token_start = at  # root-relative: /blog/slug
            else:
                lookback = max(0, at - 300)
                token_start = max(data.rfind(bytes([c]), lookback, at) for c in _URL_DELIMITERS)
                token_start += 1
                if token_start == 0 and lookback > 0:
                    continue  # longer than any real URL: not a link we read
        try:
            url = data[token_start : match.end()].decode("utf-8")
        except UnicodeDecodeError:
            continue
        stop_at = _URL_STOP.search(url)  # Unicode spaces end a URL as ASCII ones do
        url = (url[: stop_at.start()] if stop_at else url).rstrip(".,;:!?")
        slug = slug_of_url(url, config)
        if slug is not None:
            last_end = token_start + len(url.encode("utf-8"))
            found.append((token_start, len(url), "inline", slug, None))
    return found


# --- the related list ----------------------------------------------------------------------

_FALLBACK = object()


def _related_list(
    data: bytes, body_start: int, config: TeamConfig
) -> tuple[int, int, list[tuple[str, str, int]]] | None:
    """(start, end, [(title, url, byte offset of url)]) of the related block, or None."""
    heading = config.related_heading
    needle = f"\n## {heading}".encode()
    first = data.find(needle, max(body_start - 1, 0))
    if first < 0:
        if data.find(heading.encode(), body_start) < 0:
            return None
        return _related_by_footer(data, body_start, config)
    separator = data.rfind(b"\n---", body_start, first)
    cut = data.rfind(b"\n", body_start, separator) + 1 if separator > body_start else -1
    if cut <= body_start:
        return _related_by_footer(data, body_start, config)
    tail = data[cut:].decode("utf-8", "surrogatepass")
    found = _related_in(tail, heading)
    if found is _FALLBACK:
        return _related_by_footer(data, body_start, config)
    if found is None:
        return None
    assert isinstance(found, tuple)
    start, end, items = found
    if len(tail) == len(data) - cut:  # all ASCII: characters are bytes
        return cut + start, cut + end, [(title, url, cut + at) for title, url, at in items]
    return (
        cut + _byte_length(tail, start),
        cut + _byte_length(tail, end),
        [(title, url, cut + _byte_length(tail, at)) for title, url, at in items],
    )


def _byte_length(text: str, end: int) -> int:
    return len(text[:end].encode("utf-8", "surrogatepass"))


def _related_by_footer(
    data: bytes, body_start: int, config: TeamConfig
) -> tuple[int, int, list[tuple[str, str, int]]] | None:
    """The careful way: decode everything and ask find_footer (same text, same body)."""
    text = data.decode("utf-8", "surrogatepass")
    block = find_footer(Article(text), config).block("related")
    if block is None:
        return None
    items: list[tuple[str, str, int]] = []
    position = block.start
    for link in block.links:
        at = text.find(link.url, position, block.end)
        if at >= 0:
            items.append((link.title, link.url, _byte_length(text, at)))
            position = at + len(link.url)
    return _byte_length(text, block.start), _byte_length(text, block.end), items


def _related_in(
    text: str, heading: str
) -> tuple[int, int, list[tuple[str, str, int]]] | object | None:
    """The related block in ``text`` (which starts one line above its ``---``), read the way
    :func:`find_footer` reads it; ``_FALLBACK`` when this shortcut is not sure."""
    needle = f"\n## {heading}"
    position = text.find(needle)
    while position >= 0:
        line_start = position + 1
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        match = _HEADING.match(text[line_start:line_end].rstrip("\r"))
        separator = _separator_above(text, position)
        if match and match.group("text") == heading and separator is not None:
            return separator, *_related_items(text, line_end + 1, line_end)
        position = text.find(needle, position + 1)
    return _FALLBACK


def _separator_above(text: str, heading_break: int) -> int | None:
    """Start of the footer ``---`` line above a heading (blank lines between), if any."""
    end = heading_break  # the line break that ends the line above the heading
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].rstrip("\r")
        if line.strip():
            if not _SEPARATOR_LINE.match(line) or start == 0:
                return None
            above = text.rfind("\n", 0, start - 1) + 1
            return start if not text[above:start].strip() else None
        end = start - 1
    return None


def _related_items(
    text: str, position: int, heading_end: int
) -> tuple[int, list[tuple[str, str, int]]]:
    end = min(heading_end + 1, len(text))
    items: list[tuple[str, str, int]] = []
    simple_line = _SIMPLE_ITEM_LINE.match
    while position < len(text):
        simple_match = simple_line(text, position)
        if simple_match is not None:  # the usual item, read in one go
            items.append((simple_match[2], simple_match[3], simple_match.start(3)))
            end = position = simple_match.end()
            continue
        line_end = text.find("\n", position)
        stop = len(text) if line_end < 0 else line_end + 1
        line = text[position:stop].rstrip("\r\n")
        stripped = line.strip()
        if not stripped and not items:
            position = stop
            continue
        indent = len(line) - len(line.lstrip())
        simple = _simple_item(stripped)
        if simple is not None:
            title, url, url_at = simple
        else:
            item = _RELATED_ITEM.match(stripped)
            if not item:
                break
            title = _MARKDOWN_ESCAPE.sub(r"\1", item.group("title"))
            url, url_at = item.group("url"), item.start("url")
        items.append((title, url, position + indent + url_at))
        end = stop
        position = stop
    return end, items


# A whole line holding the usual item, ``- [Title](url)``, as _simple_item reads it: no ``]``
# or escapes in the title; only spaces and tabs around (others go the careful way).
_SIMPLE_ITEM_LINE = re.compile(r"([ \t]*)- \[([^\]\\\n]*)\]\(([^()\s]+)\)[ \t\r]*(?:\n|\Z)")


def _simple_item(line: str) -> tuple[str, str, int] | None:
    """``- [Title](url)`` read without the regex, when the title has no ``]`` or escapes."""
    if not line.startswith("- [") or not line.endswith(")"):
        return None
    close = line.find("](", 3)
    if close < 0:
        return None
    title = line[3:close]
    url = line[close + 2 : -1]
    if "]" in title or "\\" in title or not url or _NOT_IN_URL.search(url):
        return None
    return title, url, close + 2
