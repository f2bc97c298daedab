"""The "other keys" of a front matter as raw YAML text, and that text read back safely."""

from __future__ import annotations

from typing import Any

import yaml

from editor.core.front_matter import FrontMatter
from editor.core.schema import KNOWN_KEYS
from editor.core.yaml_safety import YamlInputError, compose_safely, construct


class RawYamlError(ValueError):
    """Raw YAML that cannot be used; ``str()`` says what and on which line."""


def other_keys_text(front_matter: FrontMatter) -> str:
    """The exact source lines of every top-level key the form has no control for."""
    pieces = []
    for key in front_matter.values:
        if key in KNOWN_KEYS:
            continue
        span = front_matter.value_line_span((str(key),))
        if span is None:
            continue
        lines = front_matter.source.split("\n")
        first, last = span[0] - front_matter.first_line, span[1] - front_matter.first_line
        pieces.append("\n".join(line.rstrip("\r") for line in lines[first : last + 1]))
    return "\n".join(pieces) + ("\n" if pieces else "")


def other_keys_values(text: str) -> dict[str, Any]:
    """The mapping ``text`` spells; known fields are refused (they have their own controls)."""
    try:
        node = compose_safely(text)
        value = construct(node) if node is not None else {}
    except YamlInputError as error:
        raise RawYamlError(
            f"line {error.line}: {error.message}" if error.line else error.message
        ) from error
    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode | type(None)):
        raise RawYamlError("write one 'key: value' per line")
    for key in value:
        if not isinstance(key, str):
            raise RawYamlError(f"key {key!r} must be text")
        if key in KNOWN_KEYS:
            raise RawYamlError(f"'{key}' has its own field above")
    return value
