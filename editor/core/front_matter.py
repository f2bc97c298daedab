"""Front matter: read YAML with source positions; rewrite one key in the file's own style.

Reading composes the YAML into nodes (safe, bounded) so every value knows where its text
lives. Writing never dumps YAML: it replaces only the text of the value that changed,
rendered the way its neighbours are written (quoting, list style, indentation, newlines),
then proves the result by parsing it again.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import yaml

from editor.core.text_edit import TextEdit, apply_edits, minimal_edit
from editor.core.yaml_safety import YamlInputError, compose_safely, construct

KeyPath = tuple[str, ...]

_BOOL_SPELLINGS = {
    spelling: pair
    for pair in (
        ("true", "false"),
        ("True", "False"),
        ("TRUE", "FALSE"),
        ("yes", "no"),
        ("Yes", "No"),
        ("YES", "NO"),
        ("on", "off"),
        ("On", "Off"),
        ("ON", "OFF"),
    )
    for spelling in pair
}
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_BLOCK_HEADER = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?")
# Characters a double-quoted YAML scalar must escape to keep the value exact.
_DOUBLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
# (YAML forbids raw C0/C1 controls, surrogates and U+FFFE/FFFF, and reads NEL, LS, PS as
# line breaks.)
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')


class FrontMatterError(Exception):
    """Front matter that cannot be read or written; ``line`` is 1-based in the file."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


def same_value(a: Any, b: Any) -> bool:
    """Equality that also compares types, so ``True`` differs from ``1`` and ``"1"``."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


@dataclass(frozen=True)
class FrontMatter:
    """The YAML between the ``---`` lines of an article, with positions in the article."""

    source: str
    offset: int = 0
    first_line: int = 1
    root: yaml.MappingNode | None = None
    data: dict[str, Any] | None = None

    @classmethod
    def parse(cls, source: str, offset: int = 0, first_line: int = 1) -> FrontMatter:
        """Parse ``source`` (YAML text starting at ``offset``, on file line ``first_line``)."""
        try:
            node = compose_safely(source)
            if node is None:
                return cls(source, offset, first_line, None, {})
            if not isinstance(node, yaml.MappingNode):
                raise FrontMatterError(
                    first_line + node.start_mark.line,
                    "front matter must be 'key: value' lines, not a single value or list",
                )
            data = construct(node)
        except YamlInputError as error:
            line = first_line + error.line - 1 if error.line else first_line
            raise FrontMatterError(line, error.message) from error
        return cls(source, offset, first_line, node, data)

    @property
    def values(self) -> dict[str, Any]:
        return self.data or {}

    def get(self, path: KeyPath, default: Any = None) -> Any:
        value: Any = self.values
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return default
            value = value[key]
        return value

    def has(self, path: KeyPath) -> bool:
        sentinel = object()
        return self.get(path, sentinel) is not sentinel

    def line_of(self, path: KeyPath) -> int | None:
        """File line (1-based) of the key at ``path``, or None when it is absent."""
        found = self._locate(path)
        return self.first_line + found[0].start_mark.line if found else None

    def value_line_span(self, path: KeyPath) -> tuple[int, int] | None:
        """First and last file lines (1-based) holding the key at ``path`` and its value."""
        found = self._locate(path)
        if not found:
            return None
        key, value = found
        end = _content_end(self.source, value)
        last = self.source.count("\n", 0, end)
        return self.first_line + key.start_mark.line, self.first_line + last

    def _locate(self, path: KeyPath) -> tuple[yaml.Node, yaml.Node] | None:
        mapping: yaml.Node | None = self.root
        found: tuple[yaml.Node, yaml.Node] | None = None
        for key in path:
            if not isinstance(mapping, yaml.MappingNode):
                return None
            found = _find_key(mapping, key)
            if found is None:
                return None
            mapping = found[1]
        return found

    def set(self, path: KeyPath, value: Any) -> list[TextEdit]:
        """Edits that give the key at ``path`` the value ``value``, touching only its lines.

        A value equal to the current one gives no edits. Missing keys (and missing parent
        mappings) are added at the end of their mapping in the file's style.
        """
        if not path:
            raise ValueError("empty key path")
        if self.has(path) and same_value(self.get(path), value):
            return []
        expected = copy.deepcopy(self.values)
        _assign(expected, path, value)
        for force_quotes in (False, True):
            style = _Style.of(self.source, self.root, force_quotes)
            edits = _Writer(self.source, style, self.root).set(path, value)
            if self._proves(edits, expected):
                return self._shift(edits)
        raise FrontMatterError(
            self.line_of(path) or self.first_line,
            f"cannot write {'.'.join(path)} without disturbing the other keys",
        )

    def remove(self, path: KeyPath) -> list[TextEdit]:
        """Edits that delete the key at ``path`` with its value lines; none if absent."""
        found = self._locate(path)
        if found is None:
            return []
        parent = self._locate(path[:-1])[1] if len(path) > 1 else self.root  # type: ignore[index]
        assert isinstance(parent, yaml.MappingNode)
        writer = _Writer(self.source, _Style.of(self.source, self.root, False), self.root)
        edits = writer.remove_key(parent, *found)
        expected = copy.deepcopy(self.values)
        _delete(expected, path)
        if not self._proves(edits, expected):
            raise FrontMatterError(self.line_of(path), f"cannot remove {'.'.join(path)} cleanly")
        return self._shift(edits)

    def _proves(self, edits: list[TextEdit], expected: dict[str, Any]) -> bool:
        try:
            result = FrontMatter.parse(apply_edits(self.source, edits))
        except FrontMatterError:
            return False
        return same_value(result.values, expected)

    def _shift(self, edits: list[TextEdit]) -> list[TextEdit]:
        return [TextEdit(e.start + self.offset, e.end + self.offset, e.replacement) for e in edits]


def _assign(data: dict[str, Any], path: KeyPath, value: Any) -> None:
    for key in path[:-1]:
        child = data.get(key)
        if not isinstance(child, dict):
            child = data[key] = {}
        data = child
    data[path[-1]] = value


def _delete(data: dict[str, Any], path: KeyPath) -> None:
    for key in path[:-1]:
        data = data[key]
    del data[path[-1]]


def _find_key(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The last entry with this key (PyYAML keeps the last of duplicates, so do we)."""
    found = None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found = (key_node, value_node)
    return found


# --- positions in the source ---------------------------------------------------------


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_break(text: str, pos: int) -> int:
    """Index where the line holding ``pos`` ends, before its ``\\r\\n`` or ``\\n``."""
    end = text.find("\n", pos)
    if end < 0:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _after_line(text: str, pos: int) -> int:
    """Index of the first character of the line after the one holding ``pos``."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1


def _content_end(text: str, node: yaml.Node) -> int:
    """Where a value's own text ends: before trailing blank lines, comments and breaks."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            return len(text[: node.end_mark.index].rstrip())
        return int(node.end_mark.index)
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
        if node.flow_style or not node.value:
            return int(node.end_mark.index)
        last = node.value[-1]
        return _content_end(text, last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)


def _dash_of(text: str, item: yaml.Node) -> int | None:
    """Position of the ``-`` that introduces a block sequence item, if on the item's line."""
    pos = item.start_mark.index - 1
    while pos >= 0 and text[pos] in " \t":
        pos -= 1
    if pos < 0 or text[pos] != "-":
        return None
    if text[_line_start(text, pos) : pos].strip(" "):
        return None  # compact nested forms like "- - a": handled by a whole re-render
    return pos


# --- house style -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """How this file writes YAML, read off its existing keys."""

    newline: str
    quote: str  # '"' or "'": the quote a new value gets when it needs one
    map_indent: int  # columns a nested mapping is indented by
    seq_indent: int  # columns a block list's "-" sits right of its key
    flow_lists: bool  # new lists written as [a, b] rather than "- a" lines
    force_quotes: bool  # fallback: quote every string

    @classmethod
    def of(cls, source: str, root: yaml.Node | None, force_quotes: bool) -> _Style:
        quotes = {'"': 0, "'": 0}
        map_indents: list[int] = []
        seq_indents: list[int] = []
        flow = block = 0

        def visit(node: yaml.Node, column: int) -> None:
            nonlocal flow, block
            if isinstance(node, yaml.ScalarNode):
                if node.style in quotes:
                    quotes[node.style] += 1
            elif isinstance(node, yaml.SequenceNode):
                if node.flow_style:
                    flow += 1
                else:
                    block += 1
                    dash = _dash_of(source, node.value[0]) if node.value else None
                    if dash is not None:
                        seq_indents.append(dash - _line_start(source, dash) - column)
                for item in node.value:
                    visit(item, item.start_mark.column)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
                        map_indents.append(value.start_mark.column - key.start_mark.column)
                    visit(value, key.start_mark.column)

        if root is not None:
            visit(root, 0)
        return cls(
            newline="\r\n" if "\r\n" in source else "\n",
            quote="'" if quotes["'"] > quotes['"'] else '"',
            map_indent=_most_common([i for i in map_indents if i > 0], 2),
            seq_indent=_most_common([i for i in seq_indents if i >= 0], 2),
            flow_lists=flow > block,
            force_quotes=force_quotes,
        )


def _most_common(values: list[int], default: int) -> int:
    return max(set(values), key=values.count) if values else default


# --- scalars ---------------------------------------------------------------------------


def _plain_ok(text: str, flow: bool) -> bool:
    """True when ``text`` reads back as this exact string written without quotes."""
    if not text or text != text.strip() or "\n" in text or "\r" in text:
        return False
    if _NEEDS_ESCAPE.search(text.replace("\\", "")):
        return False
    try:
        if flow:
            return bool(yaml.safe_load(f"[{text}]") == [text])
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def _double_quoted(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _DOUBLE_ESCAPES.get(char) or f"\\u{ord(char):04x}"

    return '"' + _NEEDS_ESCAPE.sub(escape, text) + '"'


def _single_quoted(text: str) -> str | None:
    if _NEEDS_ESCAPE.search(text.replace("\\", "").replace('"', "")):
        return None  # single quotes cannot carry control characters or line breaks exactly
    return "'" + text.replace("'", "''") + "'"


def _quoted(text: str, quote: str) -> str:
    if quote == "'":
        single = _single_quoted(text)
        if single is not None:
            return single
    return _double_quoted(text)


def _render_string(text: str, old: yaml.ScalarNode | None, style: _Style, flow: bool) -> str:
    old_style = old.style if old is not None else None
    if style.force_quotes:
        return _double_quoted(text)
    if old_style in ('"', "'"):
        return _quoted(text, old_style)
    if _plain_ok(text, flow):
        return text
    return _quoted(text, style.quote)


def _render_scalar(value: Any, old: yaml.ScalarNode | None, style: _Style, flow: bool) -> str:
    """One-line YAML for a scalar, in the spelling of the value it replaces."""
    if isinstance(value, bool):
        pair = _BOOL_SPELLINGS.get(old.value, ("true", "false")) if old else ("true", "false")
        if old is not None and old.tag != "tag:yaml.org,2002:bool":
            pair = ("true", "false")
        return pair[0] if value else pair[1]
    if value is None:
        if old is not None and old.tag == "tag:yaml.org,2002:null" and old.value:
            return str(old.value)
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _render_string(value, old, style, flow)
    raise TypeError(f"cannot write a {type(value).__name__} into front matter")


def _render_key(key: str, style: _Style) -> str:
    return key if _PLAIN_KEY.match(key) and _plain_ok(key, False) else _quoted(key, style.quote)


def _render_flow(value: Any, style: _Style, like: Sequence[yaml.Node] = ()) -> str:
    """Flow YAML (``[a, b]``, ``{k: v}``); ``like`` lends item spellings to reuse."""
    if isinstance(value, list):
        return "[" + ", ".join(_render_flow(item, style, like) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{_render_key(str(k), style)}: {_render_flow(v, style)}" for k, v in value.items()
        )
        return "{" + inner + "}"
    model = next((n for n in like if isinstance(n, yaml.ScalarNode)), None)
    return _render_scalar(value, model, style, flow=True)


def _render_block_scalar(text: str, old: yaml.ScalarNode, source: str, indent: int) -> str:
    """A ``|`` or ``>`` block for ``text``, keeping the old header and content indentation."""
    start = old.start_mark.index
    header = _BLOCK_HEADER.match(source, start)
    indicator = old.style or "|"
    digit = re.sub(r"[^1-9]", "", header.group()) if header else ""
    body_lines = source[_after_line(source, start) : _content_end(source, old)].split("\n")
    widths = [len(line) - len(line.lstrip(" ")) for line in body_lines if line.strip()]
    column = min(widths) if widths else indent + 2
    newline = "\r\n" if "\r\n" in source else "\n"
    content = text.rstrip("\n")
    trailing = len(text) - len(content)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    if indicator == ">":
        paragraphs = content.split("\n")
        width = max((len(line) for line in body_lines if line.strip()), default=80)
        lines = [wrapped for p in paragraphs for wrapped in (*_wrap(p, width, column), "")][:-1]
    else:
        lines = content.split("\n")
    if lines and lines[0].startswith(" ") and not digit:
        digit = str(column - indent) if column > indent else "2"
    rendered = [(" " * column + line) if line else "" for line in lines]
    return indicator + digit + chomp + newline + newline.join(rendered)


def _wrap(paragraph: str, width: int, column: int) -> list[str]:
    """Fold a paragraph for a ``>`` block: break only at single spaces between words."""
    if len(paragraph) + column <= width or "  " in paragraph or paragraph != paragraph.strip():
        return [paragraph]
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        if current and len(current) + 1 + len(word) + column > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


# --- the writer ------------------------------------------------------------------------


class _Writer:
    """Turns "this key gets this value" into edits of the YAML source."""

    def __init__(self, source: str, style: _Style, root: yaml.MappingNode | None) -> None:
        self.source = source
        self.root = root
        self.style = style
        self.nl = style.newline

    def _edit(self, start: int, end: int, text: str) -> list[TextEdit]:
        edit = minimal_edit(self.source, start, end, text)
        return [edit] if edit else []

    def set(self, path: KeyPath, value: Any) -> list[TextEdit]:
        if self.root is None:
            return self._append_key(None, path, value)
        mapping: yaml.Node = self.root
        for depth, key in enumerate(path):
            if not isinstance(mapping, yaml.MappingNode):
                raise FrontMatterError(None, f"{'.'.join(path[:depth])} is not a mapping")
            found = _find_key(mapping, key)
            if found is None:
                return self._append_key(mapping, path[depth:], value)
            if depth == len(path) - 1:
                return self.set_value(found[0], found[1], value)
            if not isinstance(found[1], yaml.MappingNode):
                nested: Any = value
                for inner in reversed(path[depth + 1 :]):
                    nested = {inner: nested}
                return self.set_value(found[0], found[1], nested)
            mapping = found[1]
        raise AssertionError("unreachable")

    def set_value(self, key: yaml.Node, node: yaml.Node, value: Any) -> list[TextEdit]:
        current = construct(node)
        if same_value(current, value):
            return []
        if isinstance(node, yaml.ScalarNode) and not isinstance(value, list | dict):
            return self._set_scalar(key, node, value)
        if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
            if node.flow_style or not node.value or not value:
                return self._replace_flow_or_whole(key, node, value)
            return self._set_block_sequence(key, node, value)
        if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
            if node.flow_style or not node.value or not value:
                return self._replace_flow_or_whole(key, node, value)
            return self._set_mapping(node, value)
        return self._replace_whole(key, node, value)

    def _set_scalar(self, key: yaml.Node, node: yaml.ScalarNode, value: Any) -> list[TextEdit]:
        end = _content_end(self.source, node)
        if node.style in ("|", ">") and isinstance(value, str) and not self.style.force_quotes:
            text = _render_block_scalar(value, node, self.source, key.start_mark.column)
        elif isinstance(value, str) and "\n" in value and node.style not in ('"', "'"):
            return self._replace_whole(key, node, value)
        else:
            text = _render_scalar(value, node, self.style, flow=_in_flow(self.source, node))
        if node.start_mark.index == node.end_mark.index:  # empty value ("key:"): add a space
            return self._replace_whole(key, node, value)
        return self._edit(node.start_mark.index, end, text)

    def _replace_flow_or_whole(self, key: yaml.Node, node: yaml.Node, value: Any) -> list[TextEdit]:
        if isinstance(node, yaml.SequenceNode) and node.flow_style and node.value and value:
            return self._edit(
                node.start_mark.index, node.end_mark.index, self._flow_list(node, value)
            )
        if getattr(node, "flow_style", False) or (isinstance(value, list | dict) and not value):
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            text = _render_flow(value, self.style, items)
            if not getattr(node, "flow_style", False):
                return self._replace_whole(key, node, value, text=" " + text)
            return self._edit(node.start_mark.index, node.end_mark.index, text)
        return self._replace_whole(key, node, value)

    def _flow_list(self, node: yaml.SequenceNode, value: list[Any]) -> str:
        """``[a, b]`` with the old spacing; kept items keep their exact spelling."""
        source = self.source
        items = node.value
        inner_start, inner_end = node.start_mark.index + 1, node.end_mark.index - 1
        pad_left = source[inner_start : items[0].start_mark.index]
        pad_right = source[items[-1].end_mark.index : inner_end]
        separator = ", "
        if len(items) > 1:
            separator = source[items[0].end_mark.index : items[1].start_mark.index]
        if "\n" in pad_left + pad_right + separator:
            pad_left, pad_right, separator = "", "", ", "
        old_values = [construct(item) for item in items]
        matcher = SequenceMatcher(
            None, [_identity(v) for v in old_values], [_identity(v) for v in value], autojunk=False
        )
        texts: list[str] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                texts += [source[n.start_mark.index : n.end_mark.index] for n in items[i1:i2]]
            else:
                texts += [_render_flow(v, self.style, items) for v in value[j1:j2]]
        return "[" + pad_left + separator.join(texts) + pad_right + "]"

    def _replace_whole(
        self, key: yaml.Node, node: yaml.Node, value: Any, text: str | None = None
    ) -> list[TextEdit]:
        """Rewrite everything after ``key:`` up to the end of the old value."""
        colon = self.source.index(":", key.end_mark.index) + 1
        end = max(_content_end(self.source, node), colon)
        if text is None:
            text = self._block_value(value, key.start_mark.column)
        return self._edit(colon, end, text)

    def _block_value(self, value: Any, column: int) -> str:
        """What follows ``key:`` for a new value: `` scalar`` or a line break and lines."""
        style = self.style
        if isinstance(value, list):
            if not value or style.flow_lists:
                return " " + _render_flow(value, style)
            dash = " " * (column + style.seq_indent)
            items = [dash + "- " + self._item(item, len(dash) + 2) for item in value]
            return self.nl + self.nl.join(items)
        if isinstance(value, dict):
            if not value:
                return " {}"
            inner = column + style.map_indent
            lines = [
                " " * inner + _render_key(str(k), style) + ":" + self._block_value(v, inner)
                for k, v in value.items()
            ]
            return self.nl + self.nl.join(lines)
        if isinstance(value, str) and "\n" in value and not style.force_quotes:
            content = value.rstrip("\n")
            chomp = {0: "-", 1: ""}.get(len(value) - len(content), "+")
            lines = [(" " * (column + 2) + line) if line else "" for line in content.split("\n")]
            if lines and lines[0].startswith(" " * (column + 3)):
                chomp = "2" + chomp
            return " |" + chomp + self.nl + self.nl.join(lines)
        return " " + _render_scalar(value, None, style, flow=False)

    def _item(self, value: Any, column: int) -> str:
        """A block list item's text after ``- `` (nested mappings continue at ``column``)."""
        if isinstance(value, dict) and value:
            first, *rest = value.items()
            lines = [
                _render_key(str(first[0]), self.style) + ":" + self._block_value(first[1], column)
            ]
            lines += [
                " " * column + _render_key(str(k), self.style) + ":" + self._block_value(v, column)
                for k, v in rest
            ]
            return self.nl.join(lines)
        if isinstance(value, list | dict):
            return _render_flow(value, self.style)
        return _render_scalar(value, None, self.style, flow=False)

    def _set_block_sequence(
        self, key: yaml.Node, node: yaml.SequenceNode, value: list[Any]
    ) -> list[TextEdit]:
        """Change only the items that changed: kept items keep their lines and comments."""
        items = node.value
        dashes = [_dash_of(self.source, item) for item in items]
        if any(dash is None for dash in dashes):
            return self._replace_whole(key, node, value)
        first_dash = dashes[0]
        assert first_dash is not None
        indent = self.source[_line_start(self.source, first_dash) : first_dash]
        old_values = [construct(item) for item in items]
        matcher = SequenceMatcher(
            None, [_identity(v) for v in old_values], [_identity(v) for v in value], autojunk=False
        )
        edits: list[TextEdit] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    edits += self._set_item(items[i], value[j], indent, items)
                continue
            if i2 > i1:  # delete (or the deleting half of an uneven replace)
                dash = dashes[i1]
                assert dash is not None
                start = _line_start(self.source, dash)
                end = _after_line(self.source, _content_end(self.source, items[i2 - 1]))
                if j2 > j1:
                    lines = [indent + "- " + self._new_item(v, indent, items) for v in value[j1:j2]]
                    edits += self._edit(start, end, self.nl.join(lines) + self.nl)
                else:
                    edits += self._edit(start, end, "")
            elif i1 == 0:
                start = _line_start(self.source, first_dash)
                lines = [indent + "- " + self._new_item(v, indent, items) for v in value[j1:j2]]
                edits.append(TextEdit(start, start, self.nl.join(lines) + self.nl))
            else:
                at = _line_break(self.source, _content_end(self.source, items[i1 - 1]))
                lines = [indent + "- " + self._new_item(v, indent, items) for v in value[j1:j2]]
                edits.append(TextEdit(at, at, self.nl + self.nl.join(lines)))
        return edits

    def _set_item(
        self, item: yaml.Node, value: Any, indent: str, siblings: list[yaml.Node]
    ) -> list[TextEdit]:
        if isinstance(item, yaml.ScalarNode) and not isinstance(value, list | dict):
            if item.style in ("|", ">") or (isinstance(value, str) and "\n" in value):
                pass  # multi-line items: rewrite the whole item below
            else:
                text = _render_scalar(value, item, self.style, flow=False)
                return self._edit(item.start_mark.index, item.end_mark.index, text)
        end = _content_end(self.source, item)
        return self._edit(item.start_mark.index, end, self._new_item(value, indent, siblings))

    def _new_item(self, value: Any, indent: str, siblings: list[yaml.Node]) -> str:
        if isinstance(value, list | dict):
            return self._item(value, len(indent) + 2)
        model = next((n for n in siblings if isinstance(n, yaml.ScalarNode)), None)
        if isinstance(value, str) and model is not None and model.style not in ('"', "'"):
            model = None  # plain neighbours: quote only where YAML needs it
        return _render_scalar(value, model, self.style, flow=False)

    def _set_mapping(self, node: yaml.MappingNode, value: dict[str, Any]) -> list[TextEdit]:
        edits: list[TextEdit] = []
        existing: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                existing[key_node.value] = (key_node, value_node)
        for name, (key_node, value_node) in existing.items():
            if name not in value:
                edits += self.remove_key(node, key_node, value_node)
            else:
                edits += self.set_value(key_node, value_node, value[name])
        for name, new in value.items():
            if name not in existing:
                edits += self._append_key(node, (name,), new)
        return edits

    def _append_key(
        self, mapping: yaml.MappingNode | None, path: KeyPath, value: Any
    ) -> list[TextEdit]:
        """Add ``path[0]`` (holding the rest of the path) at the end of ``mapping``."""
        for inner in reversed(path[1:]):
            value = {inner: value}
        name = path[0]
        if mapping is None or mapping is self.root:
            column = 0
            at = len(self.source)
            if self.source and not self.source.endswith("\n"):
                return [TextEdit(at, at, self.nl + self._key_line(name, value, column))]
            return [TextEdit(at, at, self._key_line(name, value, column) + self.nl)]
        if mapping.flow_style:
            raise FrontMatterError(None, f"cannot add {name} to a {{...}} mapping")
        column = mapping.start_mark.column
        at = _line_break(self.source, _content_end(self.source, mapping))
        return [TextEdit(at, at, self.nl + " " * column + self._key_line(name, value, column))]

    def _key_line(self, name: str, value: Any, column: int) -> str:
        return _render_key(name, self.style) + ":" + self._block_value(value, column)

    def remove_key(
        self, mapping: yaml.MappingNode, key: yaml.Node, value: yaml.Node
    ) -> list[TextEdit]:
        if mapping.flow_style:
            raise FrontMatterError(None, "cannot remove a key from a {...} mapping")
        if len(mapping.value) == 1 and mapping is not self.root:
            raise FrontMatterError(None, "cannot remove the only key of a nested mapping")
        start = _line_start(self.source, key.start_mark.index)
        end = _after_line(self.source, _content_end(self.source, value))
        return self._edit(start, end, "")


def _identity(value: Any) -> str:
    """A hashable fingerprint of a YAML value that tells types apart."""
    return json.dumps(value, sort_keys=True, default=repr) + type(value).__name__


def _in_flow(source: str, node: yaml.Node) -> bool:
    """Whether a scalar sits inside ``[...]`` or ``{...}`` (commas then end it)."""
    line = source[_line_start(source, node.start_mark.index) : node.start_mark.index]
    return line.count("[") + line.count("{") > line.count("]") + line.count("}")
