"""Decode an article's bytes in its own encoding and encode it back to the same bytes."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LABELS = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}
# Control characters that never appear in text files; many of them mean "binary".
_BINARY_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


class BinaryFileError(ValueError):
    """The bytes are not text: refused rather than opened and damaged."""


@dataclass(frozen=True)
class FileEncoding:
    """How an article's text maps to bytes on disk: a codec and an optional BOM."""

    codec: str = "utf-8"
    bom: bytes = b""

    @property
    def label(self) -> str:
        name = _LABELS.get(self.codec, self.codec)
        return f"{name} with BOM" if self.bom else name

    @property
    def is_utf8(self) -> bool:
        return self.codec == "utf-8"

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


UTF8 = FileEncoding()


def decode(data: bytes) -> tuple[str, FileEncoding]:
    """Text and encoding of ``data``; ``encoding.encode(text) == data`` always holds."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), FileEncoding(codec, bom)
            except UnicodeDecodeError as error:
                raise BinaryFileError(f"invalid {_LABELS[codec]} at byte {error.start}") from error
    _refuse_binary(data)
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    # Not UTF-8: the legacy single-byte encodings writers' tools produce. Windows-1252
    # first (most common); Latin-1 decodes anything, so it is the lossless last resort.
    for codec in ("cp1252", "latin-1"):
        try:
            return data.decode(codec), FileEncoding(codec)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _refuse_binary(data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BinaryFileError(f"binary file (NUL byte at offset {nul})")
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte in _BINARY_CONTROLS)
    if controls >= 8 and controls * 10 > len(sample):
        raise BinaryFileError("binary file (too many control characters)")
