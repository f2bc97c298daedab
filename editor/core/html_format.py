"""Lay out one-line Webflow HTML for reading by inserting line breaks only; nothing is removed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Elements that start a line of their own when formatted. Everything else (strong, a, em,
# span, img, br, ...) stays in the flow of its paragraph, so a paragraph reads as one line.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe",
        "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "script", "section", "style",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "video",
    }
)  # fmt: skip
VOID_TAGS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    }
)  # fmt: skip
# Their content is not markup (or its whitespace matters): it is passed through whole.
RAW_TEXT_TAGS = frozenset({"script", "style", "pre", "textarea"})
# An opening tag that implicitly closes these still-open elements (HTML's optional end tags).
_IMPLIED_CLOSE = {
    "li": frozenset({"li", "p"}),
    "dt": frozenset({"dt", "dd", "p"}),
    "dd": frozenset({"dt", "dd", "p"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
}
_CLOSES_P = frozenset({"p"})  # a block inside a paragraph ends the paragraph
INDENT = "  "

_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment (an unterminated one runs to the end)
    r"|<[!?][^>]*>"  # doctype, processing instruction
    r"|</?[A-Za-z][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",  # tag; quoted values may hold >
    re.DOTALL,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")


@dataclass
class _Open:
    """An open block element, and whether a block child already went on its own line."""

    name: str
    broken: bool = False


@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    name: str  # lower case; "" for comments and declarations
    closing: bool
    void: bool

    @property
    def is_block(self) -> bool:
        return self.name in BLOCK_TAGS


@cache
def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)


def _markup(html: str) -> list[_Tag]:
    """The tags and comments of ``html`` in order; text is whatever lies between them."""
    tags: list[_Tag] = []
    position = 0
    while (match := _MARKUP.search(html, position)) is not None:
        source = match.group()
        name_match = _TAG_NAME.match(source)
        if name_match is None:
            tags.append(_Tag(match.start(), match.end(), "", False, True))
            position = match.end()
            continue
        name = name_match.group(1).lower()
        closing = source.startswith("</")
        void = name in VOID_TAGS or source.endswith("/>")
        tags.append(_Tag(match.start(), match.end(), name, closing, void))
        position = match.end()
        if name in RAW_TEXT_TAGS and not closing and not void:
            # Skip to the end tag so `<` inside a script or a pre is never read as markup.
            end = _end_tag(name).search(html, position)
            if end is not None:
                position = end.start()
    return tags


def format_breaks(html: str) -> list[tuple[int, str]]:
    """Where formatting inserts text: ``(offset, "\\n" + indentation)`` pairs, in order.

    Breaks go only directly before a ``<``, so removing them gives the input back
    exactly (see :func:`unformat_html`). Existing line breaks are respected: a tag that
    already starts a line is not broken again, which also makes formatting idempotent.
    """
    breaks: list[tuple[int, str]] = []
    stack: list[_Open] = []
    previous: _Tag | None = None
    at_line_start = True  # nothing but whitespace since the last line break (or the start)
    position = 0
    for tag in _markup(html):
        between = html[position : tag.start]
        if between:
            if "\n" in between:
                at_line_start = not between[between.rfind("\n") + 1 :].strip()
            else:
                at_line_start = at_line_start and not between.strip()
            if between.strip():
                previous = None  # text separates this tag from the previous one
        depth: int | None = None  # where to break, if at all
        if tag.is_block and not tag.closing:
            closes = _IMPLIED_CLOSE.get(tag.name, _CLOSES_P)
            while stack and stack[-1].name in closes:
                stack.pop()
            if stack:
                stack[-1].broken = True
            depth = len(stack)
            if not tag.void:
                stack.append(_Open(tag.name))
        elif tag.is_block and tag.closing:
            names = [entry.name for entry in stack]
            if tag.name in names:
                index = len(names) - 1 - names[::-1].index(tag.name)
                if stack[index].broken:
                    depth = index
                del stack[index:]
        elif previous is not None and previous.is_block and (previous.closing or previous.void):
            depth = len(stack)  # inline markup after a closed block: a line of its own
        if depth is not None and not at_line_start:
            breaks.append((tag.start, "\n" + INDENT * depth))
            at_line_start = True
        if tag.end > tag.start:
            at_line_start = False
        previous = tag
        position = tag.end
    return breaks


def format_html(html: str) -> str:
    """``html`` laid out for reading: block elements on lines of their own, indented.

    Only whitespace is added, and only directly before tags: every tag, attribute and
    character of text is kept in order. For input without line breaks (Webflow's one-line
    bodies) :func:`unformat_html` turns the result back into the exact input.
    """
    pieces: list[str] = []
    position = 0
    for offset, inserted in format_breaks(html):
        pieces.append(html[position:offset])
        pieces.append(inserted)
        position = offset
    pieces.append(html[position:])
    return "".join(pieces)


_INSERTED = re.compile(r"\n *(?=<)")


def unformat_html(formatted: str) -> str:
    """The inverse of :func:`format_html` for input that had no line breaks of its own."""
    return _INSERTED.sub("", formatted)


def formatted_offset(breaks: list[tuple[int, str]], offset: int) -> int:
    """Where the character at ``offset`` of the input lands in the formatted text."""
    return offset + sum(len(inserted) for at, inserted in breaks if at <= offset)


def source_offset(breaks: list[tuple[int, str]], offset: int) -> int:
    """The input offset of the character at ``offset`` of the formatted text.

    A position inside inserted whitespace maps to the tag that follows it.
    """
    shift = 0
    for at, inserted in breaks:
        if at + shift > offset:
            break
        if offset < at + shift + len(inserted):
            return at
        shift += len(inserted)
    return offset - shift
