"""PDF finishing: the document information and the XMP metadata Typst
wrote, made neutral in place (no offset of the cross-reference table moves)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.render import PRODUCER

if TYPE_CHECKING:  # the finishing steps do not import the assembling stage
    from dossier.assemble.compose import Document

# Typst writes the dates from its timestamp, a document ID hashed from the
# title, no author (the template sets none) and "Typst <version>" as the
# creator. The creator is rewritten in place, padded with spaces to the same
# length, so that no offset of the cross-reference table moves.

_PDF_STRING = rb"(?:\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)"
_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")
_XMP = re.compile(rb"<x:xmpmeta\b.*?</x:xmpmeta>", re.S)


def finish_pdf(path: Path, doc: Document) -> None:
    """Creator 'dossier' in the document information and the XMP metadata,
    no Author there nor dc:creator."""
    data = path.read_bytes()
    cleaned = neutral_pdf(data)
    if cleaned != data:
        path.write_bytes(cleaned)


def neutral_pdf(data: bytes) -> bytes:
    out = bytearray(data)
    for start, end in _info_spans(data) + [m.span() for m in _XMP.finditer(data)]:
        out[start:end] = _neutral_metadata(data[start:end])
    return bytes(out)


def _info_spans(data: bytes) -> list[tuple[int, int]]:
    """Where the document information dictionaries are (one per trailer)."""
    spans = []
    for ref in dict.fromkeys(_INFO_REF.findall(data)):
        obj = re.search(rb"(?<!\d)%s\s+%s\s+obj\b.*?endobj" % ref, data, re.S)
        if obj:
            spans.append(obj.span())
    return spans


def _neutral_metadata(chunk: bytes) -> bytes:
    name = PRODUCER.encode()
    edits: list[tuple[re.Pattern[bytes], bytes]] = [
        (re.compile(rb"/(Creator|Producer)\s*" + _PDF_STRING), rb"/\1(" + name + rb")"),
        (re.compile(rb"/Author\s*" + _PDF_STRING), b""),
        (re.compile(rb"<(xmp:CreatorTool|pdf:Producer)>[^<]*</\1>"), rb"<\1>" + name + rb"</\1>"),
        (re.compile(rb"<(stEvt:softwareAgent)>[^<]*</\1>"), rb"<\1>" + name + rb"</\1>"),
        (re.compile(rb"<dc:creator>.*?</dc:creator>", re.S), b""),
    ]
    for pattern, replacement in edits:
        chunk = pattern.sub(_same_length(replacement), chunk)
    return chunk


def _same_length(replacement: bytes) -> Callable[[re.Match[bytes]], bytes]:
    """A replacement padded with spaces to the length of what it replaces
    (which is kept whole if the replacement would not fit)."""

    def replace(match: re.Match[bytes]) -> bytes:
        new, old = match.expand(replacement), match.group(0)
        return old if len(new) > len(old) else new + b" " * (len(old) - len(new))

    return replace
