"""The text an image may carry: PNG text chunks and EXIF, JPEG comments
and APP segments (EXIF, XMP, IPTC). Not the pixels.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from dossier.seal.leaks.part import OutputPart, PartsOf, printable


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, 16 << 20)
    except zlib.error:
        return b""


def _png_chunk(kind: bytes, body: bytes) -> str:
    key, _, rest = body.partition(b"\x00")
    if kind == b"tEXt":
        text = rest
    elif kind == b"zTXt":
        text = _inflate(rest[1:])
    elif kind == b"iTXt":
        lang, _, rest2 = rest[2:].partition(b"\x00")
        tkey, _, text = rest2.partition(b"\x00")
        text = lang + b" " + tkey + b" " + (_inflate(text) if rest[:1] == b"\x01" else text)
    else:
        return printable(body)
    return key.decode("latin-1") + " " + text.decode("utf-8", "replace")


def png_parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    """PNG text chunks (tEXt, zTXt, iTXt) and EXIF: not the pixels."""
    texts: list[str] = []
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
            texts.append(_png_chunk(kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    yield OutputPart(f"{label or 'PNG'} text chunks", "\n".join(texts))


def jpeg_parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    """JPEG comments and APP segments (EXIF, XMP, IPTC): not the pixels."""
    texts: list[str] = []
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker in (0xDA, 0xD9):  # start of scan, end of image
            break
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker == 0xFE or 0xE0 <= marker <= 0xEF:
            texts.append(printable(data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
    yield OutputPart(f"{label or 'JPEG'} metadata", "\n".join(texts))
