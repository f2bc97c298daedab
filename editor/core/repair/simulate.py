"""Damage text the way a wrong decoding would, for tests, benchmarks and demos."""

from __future__ import annotations

from editor.core.repair.charsets import CHARSET_BY_KIND


def simulate_damage(text: str, kind: str) -> str:
    """Damage ``text`` the way a wrong decoding would (for tests, benchmarks and demos).

    ``kind`` is a charset kind ("mac-roman", "windows-1252", "latin-1", ...) or several
    joined by "+" for repeated damage, e.g. "windows-1252+windows-1252". Windows code
    pages keep their undefined bytes as C1 controls, as browsers and ftfy do.
    """
    for step in kind.split("+"):
        text = _damage_once(text, step)
    return text


def _damage_once(text: str, kind: str) -> str:
    raw = text.encode("utf-8")
    if kind == "latin-1":
        return raw.decode("latin-1")
    charset = CHARSET_BY_KIND[kind]
    table = {byte: ch for ch, byte in charset.to_byte.items() if not "\x80" <= ch <= "\x9f"}
    table.update({byte: chr(byte) for byte in range(0x80, 0xA0) if byte not in table})
    return "".join(table[b] if b >= 0x80 else chr(b) for b in raw)
