"""A fast reader for the plain YAML most front matter is written in; None for anything else.

Scanning a library reads thousands of front matters, and PyYAML (even with libyaml) spends
most of its time constructing Python objects. This reader takes the common shapes only —
``key: value`` lines, one-line quoted and plain scalars, nested mappings, block lists of
scalars, one-line flow lists of scalars, comments — and returns None for anything else
(anchors, tags, block scalars, escapes, multi-line scalars, odd keys), so the caller falls back
to the full, bounded parser. Plain scalars are typed by PyYAML's own resolver and
constructors, so ``yes``, ``2024-01-01`` and ``0x1A`` read exactly as PyYAML reads them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_DEPTH = 64  # as editor.core.yaml_safety: deeper nesting is refused by the full parser
_STR_TAG = "tag:yaml.org,2002:str"
_KEY_LINE = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_.\-]*) *:(?: +(.*))?\Z")
_ITEM_LINE = re.compile(r"( *)-(?: +(.*))?\Z")
# What PyYAML's reader refuses, and characters YAML treats as line breaks or BOMs.
_AWKWARD = re.compile(
    "[^\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_PLAIN_START_FORBIDDEN = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_FORBIDDEN = re.compile(r"[\[\]{}#:&*!|>'\"%@`?]")
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_scalar_cache: dict[str, Any] = {}


class _NotSimple(Exception):
    """The text uses YAML this reader leaves to the full parser."""


def read(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or None when it is not plain enough to read here.

    An empty (or comment-only) text is an empty mapping, as the full parser reads it.
    """
    if "\t" in text or text.count("\r") != text.count("\r\n") or _AWKWARD.search(text):
        return None
    lines: list[tuple[int, str, str, str | None]] = []  # (indent, kind, key, rest)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    key_line, item_line = _KEY_LINE.match, _ITEM_LINE.match
    for line in text.split("\n"):
        key_match = key_line(line)
        if key_match:
            indent, key, rest = key_match.groups()
            if rest is not None:
                rest = rest.rstrip(" ")
                if not rest or rest[0] == "#":
                    rest = None
            lines.append((len(indent), "key", key, rest))
            continue
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        item_match = item_line(line)
        if item_match:
            indent, rest = item_match.groups()
            if rest is not None:
                rest = rest.rstrip(" ")
                if not rest or rest[0] == "#":
                    rest = None
            lines.append((len(indent), "item", "", rest))
            continue
        return None
    if not lines:
        return {}
    try:
        result, end = _mapping(lines, 0, lines[0][0], 1)
    except (_NotSimple, RecursionError, ValueError, TypeError, yaml.YAMLError):
        return None
    return result if end == len(lines) else None


def _mapping(
    lines: list[tuple[int, str, str, str | None]], index: int, indent: int, depth: int
) -> tuple[dict[str, Any], int]:
    if depth > MAX_DEPTH:
        raise _NotSimple
    result: dict[str, Any] = {}
    count = len(lines)
    while index < count:
        line_indent, kind, key, rest = lines[index]
        if line_indent < indent:
            break
        if line_indent > indent or kind != "key" or len(key) > 1024:
            raise _NotSimple
        if not isinstance(_resolve_plain(key), str):
            raise _NotSimple  # a key PyYAML reads as a bool, number or null
        index += 1
        value: Any
        if rest is not None:
            value = _inline_value(rest)
        elif index < count and lines[index][1] == "item" and lines[index][0] >= indent:
            value, index = _sequence(lines, index, lines[index][0])
        elif index < count and lines[index][0] > indent:
            value, index = _mapping(lines, index, lines[index][0], depth + 1)
        else:
            value = None
        result[key] = value
    return result, index


def _sequence(
    lines: list[tuple[int, str, str, str | None]], index: int, indent: int
) -> tuple[list[Any], int]:
    items: list[Any] = []
    count = len(lines)
    while index < count:
        line_indent, kind, _, rest = lines[index]
        if line_indent < indent or (line_indent == indent and kind == "key"):
            break
        if line_indent > indent or rest is None or rest[0] in "-[{":
            raise _NotSimple
        items.append(_inline_value(rest))
        index += 1
    return items, index


def _inline_value(rest: str) -> Any:
    first = rest[0]
    if first == '"' or first == "'":
        value, after = _quoted(rest)
        _only_comment(after)
        return value
    if first == "[":
        close = rest.find("]")
        if close < 0:
            raise _NotSimple
        _only_comment(rest[close + 1 :])
        return _flow_items(rest[1:close])
    if first == "{":
        if rest[1:2] != "}":
            raise _NotSimple
        _only_comment(rest[2:])
        return {}
    if first in _PLAIN_START_FORBIDDEN:
        raise _NotSimple
    comment = rest.find(" #")
    if comment >= 0:
        rest = rest[:comment].rstrip(" ")
    if ": " in rest or rest.endswith(":"):
        raise _NotSimple
    return _resolve_plain(rest)


def _quoted(text: str) -> tuple[str, str]:
    """A one-line quoted scalar without escapes, and the text after its closing quote."""
    quote = text[0]
    if quote == '"':
        close = text.find('"', 1)
        if close < 0 or "\\" in text[1:close]:
            raise _NotSimple
        return text[1:close], text[close + 1 :]
    position = 1
    while True:
        close = text.find("'", position)
        if close < 0:
            raise _NotSimple
        if text[close + 1 : close + 2] == "'":
            position = close + 2
            continue
        return text[1:close].replace("''", "'"), text[close + 1 :]


def _only_comment(after: str) -> None:
    """Nothing but spaces, or spaces and a comment, may follow a value on its line."""
    if after and not (after[0] == " " and (not after.strip() or after.lstrip()[0] == "#")):
        raise _NotSimple


def _flow_items(inner: str) -> list[Any]:
    if not inner.strip():
        return []
    items: list[Any] = []
    for part in inner.split(","):
        item = part.strip(" ")
        if not item:
            raise _NotSimple  # a trailing or doubled comma: leave it to the full parser
        if item[0] in "\"'":
            value, after = _quoted(item)
            if after:
                raise _NotSimple
            items.append(value)
        elif item[0] in _PLAIN_START_FORBIDDEN or _FLOW_FORBIDDEN.search(item):
            raise _NotSimple
        else:
            items.append(_resolve_plain(item))
    return items


def _resolve_plain(value: str) -> Any:
    """A plain scalar's value as PyYAML gives it (``true`` is True, ``1.5`` is 1.5)."""
    cached = _scalar_cache.get(value, _scalar_cache)
    if cached is not _scalar_cache:
        return cached
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR_TAG:
        result: Any = value
    else:
        construct = _constructor.yaml_constructors.get(tag)
        if construct is None:
            raise _NotSimple
        result = construct(_constructor, yaml.ScalarNode(tag, value))
    if len(_scalar_cache) < 4096 and len(value) < 64:
        _scalar_cache[value] = result
    return result
