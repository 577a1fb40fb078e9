"""What a file holds, place by place: the dispatcher that tells a file's
format by its first bytes and hands it to that format's reader, passing
itself on for the files inside it (a zip's members, data: URIs, a PDF's
attachments), down to a limit of depth.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator

from dossier.seal.leaks import images, markup, pdf
from dossier.seal.leaks.part import OutputPart, PartsOf, Reader, decode, printable

_MAX_DEPTH = 6  # files inside files inside files...


def _join(label: str, name: str) -> str:
    return f"{label} > {name}" if label else name


def parts(data: bytes, label: str = "", depth: int = 0) -> Iterator[OutputPart]:
    """The text of a file, place by place; ``label`` names the file inside
    its container ('' for the output itself)."""
    if label:  # an embedded file: is it a withheld exhibit?
        yield OutputPart(f"{label} (file)", hashlib.sha256(data).hexdigest())
    reader = _READERS["binary" if depth > _MAX_DEPTH else _sniff(data)]
    if depth == 0:  # the output itself: if it cannot be read, the build fails
        yield from reader(data, label, depth, parts)
        return
    try:
        found = list(reader(data, label, depth, parts))
    except Exception:  # a damaged embedded file: its strings, at least
        found = [OutputPart(label, printable(data))]
    yield from found


def _sniff(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = decode(data)
    if text is None:
        return "binary"
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head:
        return "html"
    return "xml" if head.startswith("<") else "text"


def _zip_parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        yield OutputPart(_join(label, "zip comment"), package.comment.decode("utf-8", "replace"))
        for info in package.infolist():
            if not info.is_dir():
                yield OutputPart(_join(label, f"{info.filename} (name)"), info.filename)
                yield from parts_of(package.read(info), _join(label, info.filename), depth + 1)


def _binary_parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    yield OutputPart(label or "file", printable(data))


_READERS: dict[str, Reader] = {
    "zip": _zip_parts,
    "pdf": pdf.parts,
    "png": images.png_parts,
    "jpeg": images.jpeg_parts,
    "html": markup.html_parts,
    "xml": markup.xml_parts,
    "text": markup.text_parts,
    "binary": _binary_parts,
}
