"""The known front-matter fields, as data the form, the validator and the CLI share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "slug", "url", "choice", "switch", "tag_groups"]

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # the visible label, also the control's accessible name
    kind: FieldKind
    required: bool = False


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "Title", "text", required=True),
    FieldSpec("slug", "Slug", "slug", required=True),
    FieldSpec("description", "Description", "text", required=True),
    FieldSpec("canonical", "Canonical URL", "url"),
    FieldSpec("category", "Category", "choice"),
    FieldSpec("draft", "Draft", "switch"),
    FieldSpec("archived", "Archived", "switch"),
    FieldSpec("tags", "Tags", "tag_groups"),
)
FIELDS_BY_KEY = {spec.key: spec for spec in FIELDS}
KNOWN_KEYS = frozenset(FIELDS_BY_KEY)


def schema_type(path: tuple[str, ...]) -> type | None:
    """The Python type a value at ``path`` must have by our schema, or None if unknown."""
    if len(path) == 2 and path[0] == "tags":
        return list
    if len(path) != 1 or path[0] not in FIELDS_BY_KEY:
        return None
    kind = FIELDS_BY_KEY[path[0]].kind
    if kind == "switch":
        return bool
    if kind == "tag_groups":
        return dict
    return str


def slugify(title: str) -> str:
    """A slug for a title: lower case ASCII words joined by hyphens."""
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower().replace("'", "").replace("’", ""))
    return "-".join(words)
