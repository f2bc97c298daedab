"""A fast reader for the plain YAML most front matter is written in; None for anything else.

Scanning a library reads thousands of front matters, and PyYAML (even with libyaml) spends
most of its time constructing Python objects. This reader takes the common shapes only —
``key: value`` lines, one-line quoted and plain scalars, nested mappings, block lists of
scalars, one-line flow lists of scalars, comments — and returns None for anything else
(anchors, tags, block scalars, escapes, multi-line scalars, odd keys), so the caller falls back
to the full, bounded parser. Plain scalars are typed by PyYAML's own resolver and
constructors, so ``yes``, ``2024-01-01`` and ``0x1A`` read exactly as PyYAML reads them.
:func:`read_located` also says on which line each key is, as PyYAML's nodes would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

MAX_DEPTH = 64  # as editor.core.yaml_safety: deeper nesting is refused by the full parser
_STR_TAG = "tag:yaml.org,2002:str"
# A line of plain YAML: a key (with what follows its colon), or a list item (with what
# follows its dash). Blank and comment lines are skipped; any other line is not plain.
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
# A plain scalar starting with none of these characters is a string to PyYAML's resolver (it
# looks implicit types up by first character); None when the resolver has catch-all rules.
_TYPED_STARTS: frozenset[str] | None = (
    None
    if None in _resolver.yaml_implicit_resolvers or _resolver.yaml_path_resolvers
    else frozenset(k for k in _resolver.yaml_implicit_resolvers if k)
)

# Where each key of a mapping is: key -> (0-based line in the text, its value's keys if the
# value is a mapping). The last of duplicate keys, as PyYAML keeps the last one's value.
KeyLines = dict[str, tuple[int, "KeyLines | None"]]
# A significant line read: (indent, is a key, key, has a value on the line, that value).
# The same lines recur in file after file ("draft: false", "    - interview"), so lines
# are read once and remembered; a value shared that way is never a list or mapping.
_Line = tuple[int, bool, str, bool, Any]
_SKIP = (-1, False, "", False, None)  # a blank or comment line
_line_cache: dict[str, _Line | None] = {}  # None: not plain YAML
_LINE_CACHE_SIZE = 4096
_CACHED_LINE_LENGTH = 64


class _NotSimple(Exception):
    """The text uses YAML this reader leaves to the full parser."""


def read(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or None when it is not plain enough to read here.

    An empty (or comment-only) text is an empty mapping, as the full parser reads it.
    """
    found = read_located(text)
    return found[0] if found is not None else None


def read_located(text: str) -> tuple[dict[str, Any], KeyLines] | None:
    """The mapping ``text`` holds and the line of each of its keys, or None (see :func:`read`)."""
    if "\t" in text or _AWKWARD.search(text):
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    lines: list[_Line] = []
    numbers: list[int] = []
    cache = _line_cache
    number = -1
    for line in text.split("\n"):
        number += 1
        read = cache.get(line, _SKIP) if line else _SKIP
        if read is _SKIP and line:
            read = _read_line(line)
            if len(line) < _CACHED_LINE_LENGTH and (read is None or type(read[4]) not in _FRESH):
                if len(cache) >= _LINE_CACHE_SIZE:
                    cache.clear()
                cache[line] = read
        if read is None:
            return None
        if read is not _SKIP:
            lines.append(read)
            numbers.append(number)
    if not lines:
        return {}, {}
    try:
        result, located, end = _mapping(lines, numbers, 0, lines[0][0], 1)
    except (_NotSimple, RecursionError):
        return None
    return (result, located) if end == len(lines) else None


_FRESH = (list, dict)  # values made afresh for each reading (the caller may change them)


def _read_line(line: str) -> _Line | None:
    """What one line says (``_SKIP`` for blank and comment lines); None if not plain."""
    key_match = _KEY_LINE.match(line)
    if key_match:
        indent, key, rest = key_match.groups()
        is_key = True
    else:
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            return _SKIP
        item_match = _ITEM_LINE.match(line)
        if not item_match:
            return None
        indent, rest = item_match.groups()
        key, is_key = "", False
    if rest is not None:
        rest = rest.rstrip(" ")
        if not rest or rest[0] == "#":
            rest = None
    try:
        if is_key and (len(key) > 1024 or not isinstance(_resolve_plain(key), str)):
            return None  # a key PyYAML reads as a bool, number or null
        if rest is None:
            return len(indent), is_key, key, False, None
        if not is_key and rest[0] in "-[{":
            return None  # a nested list or mapping as an item
        return len(indent), is_key, key, True, _inline_value(rest)
    except (_NotSimple, ValueError, TypeError, yaml.YAMLError):
        return None


def line_of(located: KeyLines, path: Sequence[str]) -> int | None:
    """The 0-based line of the key at ``path`` in what :func:`read_located` read, or None."""
    found: tuple[int, KeyLines | None] | None = None
    keys: KeyLines | None = located
    for key in path:
        if keys is None:
            return None
        found = keys.get(key)
        if found is None:
            return None
        keys = found[1]
    return found[0] if found is not None else None


def _mapping(
    lines: list[_Line], numbers: list[int], index: int, indent: int, depth: int
) -> tuple[dict[str, Any], KeyLines, int]:
    if depth > MAX_DEPTH:
        raise _NotSimple
    result: dict[str, Any] = {}
    located: KeyLines = {}
    count = len(lines)
    while index < count:
        line_indent, is_key, key, has_value, value = lines[index]
        if line_indent < indent:
            break
        if line_indent > indent or not is_key:
            raise _NotSimple
        number = numbers[index]
        index += 1
        inner: KeyLines | None = None
        if has_value:
            if type(value) in _FRESH:
                value = value.copy()
        elif index < count and not lines[index][1] and lines[index][0] >= indent:
            value, index = _sequence(lines, index, lines[index][0])
        elif index < count and lines[index][0] > indent:
            value, inner, index = _mapping(lines, numbers, index, lines[index][0], depth + 1)
        result[key] = value
        located[key] = (number, inner)
    return result, located, index


def _sequence(lines: list[_Line], index: int, indent: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    count = len(lines)
    while index < count:
        line_indent, is_key, _, has_value, value = lines[index]
        if line_indent < indent or (line_indent == indent and is_key):
            break
        if line_indent > indent or not has_value:
            raise _NotSimple
        items.append(value.copy() if type(value) in _FRESH else value)
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
    if "#" in rest:
        comment = rest.find(" #")
        if comment >= 0:
            rest = rest[:comment].rstrip(" ")
    if ":" in rest and (": " in rest or rest[-1] == ":"):
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
    if _TYPED_STARTS is not None and value and value[0] not in _TYPED_STARTS:
        return value  # the resolver has no rule for this first character: a string
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
