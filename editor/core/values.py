"""Typing a value typed as text (``draft=false``, ``tags.intent=a,b``) the way its field needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from editor.core.schema import schema_type

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def parse_value(raw: str, path: tuple[str, ...], current: Any, exists: bool) -> Any:
    """``raw`` as the type of the field: the current value's, else the schema's, else text.

    The current value wins so that files from other sites (a flat ``tags`` list, a
    ``draft: "no"`` string) are edited in their own terms.

    Raises ValueError with a message naming the field when ``raw`` does not fit.
    """
    name = ".".join(path)
    wanted = type(current) if exists and current is not None else schema_type(path)
    if wanted is dict:
        groups = (
            ", ".join(f"{name}.{group}" for group in current) if isinstance(current, dict) else ""
        )
        hint = f" (for example {groups.split(', ')[0]}=a,b)" if groups else ""
        raise ValueError(f"{name} holds groups; set one group at a time{hint}")
    if wanted is list:
        items = [item.strip() for item in raw.split(",") if item.strip()]
        model = current if isinstance(current, list) else []
        return [_like(item, model, name) for item in items]
    if wanted is None or wanted is str:
        return raw
    return _convert(raw, wanted, name)


def _like(item: str, siblings: list[Any], name: str) -> Any:
    """A list item takes the type its siblings share (all numbers stay numbers)."""
    types = {type(s) for s in siblings}
    if len(types) == 1:
        (only,) = types
        if only is not str:
            try:
                return _convert(item, only, name)
            except ValueError:
                return item
    return item


def _convert(raw: str, wanted: type, name: str) -> Any:
    text = raw.strip()
    if wanted is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(f"{name} must be true or false, not '{raw}'")
    try:
        if wanted is int:
            return int(text)
        if wanted is float:
            return float(text)
        if wanted is dt.datetime:
            return dt.datetime.fromisoformat(text)
        if wanted is dt.date:
            return dt.date.fromisoformat(text)
    except ValueError:
        article = "an" if wanted.__name__[0] in "aeiou" else "a"
        raise ValueError(f"{name} must be {article} {wanted.__name__}, not '{raw}'") from None
    return raw
