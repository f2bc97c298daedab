"""Safe, bounded YAML reading: no object construction, no alias bombs, errors with a line."""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64
MAX_EXPANDED_NODES = 100_000
_IN_PROGRESS = -1
_SAFE_TAGS = frozenset(yaml.SafeLoader.yaml_constructors) - {None}


class YamlInputError(Exception):
    """YAML that cannot be used. ``line`` is 1-based within the YAML text, when known."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses nesting deep enough to exhaust the stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
                raise YamlInputError(line, f"nesting deeper than {MAX_DEPTH} levels")
            node: yaml.Node | None = super().compose_node(parent, index)
            return node
        finally:
            self._depth -= 1


def compose_safely(text: str) -> yaml.Node | None:
    """Compose one YAML document into nodes (with source marks) after checking it is harmless.

    Refuses unsafe or unknown tags (never constructed), alias bombs (measured by the size of
    the fully expanded tree) and deep nesting, each with its line.
    """
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)  # the reader checks for forbidden characters here
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = _telling_mark(error, text)
        problem = error.problem or error.context or "invalid YAML"
        raise YamlInputError(mark.line + 1 if mark else None, problem) from error
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        raise YamlInputError(line, f"{code} is not allowed in YAML") from error
    except yaml.YAMLError as error:
        raise YamlInputError(None, str(error).splitlines()[0]) from error
    except RecursionError as error:
        raise YamlInputError(None, "nesting too deep") from error
    finally:
        if loader is not None:
            loader.dispose()
    if node is not None:
        _check_tree(node)
    return node


def _telling_mark(error: yaml.MarkedYAMLError, text: str) -> yaml.Mark | None:
    """The mark that points at the culprit: PyYAML often notices only lines later."""
    problem, context = error.problem_mark, error.context_mark
    if context is not None and (
        problem is None
        or problem.index >= len(text.rstrip())
        or "simple key" in (error.context or "")
        or "flow" in (error.context or "")  # an unclosed [ or {: point at where it opened
    ):
        return context
    return problem


def _check_tree(root: yaml.Node) -> None:
    """Reject unknown tags and trees whose aliases expand beyond a sane size."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known == _IN_PROGRESS:
            raise YamlInputError(node.start_mark.line + 1, "an alias refers to itself")
        if known is not None:
            return known
        if node.tag not in _SAFE_TAGS:
            raise YamlInputError(
                node.start_mark.line + 1, f"the YAML tag '{node.tag}' is not allowed"
            )
        sizes[id(node)] = _IN_PROGRESS
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        if total > MAX_EXPANDED_NODES:
            raise YamlInputError(
                node.start_mark.line + 1, "aliases expand to an unreasonably large document"
            )
        sizes[id(node)] = total
        return total

    size(root)


def construct(node: yaml.Node) -> Any:
    """The Python value of a node composed by :func:`compose_safely`."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlInputError(
            mark.line + 1 if mark else None, error.problem or "bad value"
        ) from error
    except (ValueError, OverflowError) as error:
        raise YamlInputError(node.start_mark.line + 1, str(error)) from error
    finally:
        loader.dispose()
