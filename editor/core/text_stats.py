"""Word count and reading time of an article body (HTML tags and Markdown marks aside)."""

from __future__ import annotations

import math
import re

_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
WORDS_PER_MINUTE = 238  # adult silent reading of non-fiction (Brysbaert, 2019)


def word_count(body: str) -> int:
    text = _ENTITY.sub(" ", _TAG.sub(" ", body))
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0
