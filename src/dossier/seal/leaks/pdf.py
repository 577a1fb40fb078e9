"""A PDF's text: pages, annotations and the files they attach, outline,
document information, XMP metadata, attachments, named destinations and
alt text.

PDFium reads the pages (text, annotations) and the outline: it parses
content streams far faster than pypdf (docs/performance.md). pypdf reads
the rest from the objects, without parsing a content stream.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dossier.seal.leaks.part import OutputPart, PartsOf

# PDFium is not thread-safe: one caller at a time.
_PDFIUM = threading.Lock()
_ANNOT_KEYS = (b"Contents", b"T", b"TU", b"Subj", b"RC", b"V")
_STRUCT_KEYS = ("/Alt", "/ActualText", "/E", "/T")
# Where a structure key may be: /Alt, /ActualText, /E or /T (then a
# delimiter), or any name written with a #xx escape.
_NAME_CHAR = rb"[^\x00\s()<>\[\]{}/%]"
_STRUCT_KEY = re.compile(
    rb"/(?:Alt|ActualText|E|T|" + _NAME_CHAR + rb"*#" + _NAME_CHAR + rb"*)(?!" + _NAME_CHAR + rb")"
)


@dataclass(frozen=True)
class _PdfPage:
    text: str
    skipped: bool  # some text PDFium's page text leaves out (see _skipped_text)
    annotations: list[str]  # comments, form fields, link targets
    files: list[tuple[str, bytes]]  # attached by file annotations


@dataclass(frozen=True)
class _PdfiumRead:
    pages: list[_PdfPage]
    outline: list[str]


def _pdfium_read(data: bytes) -> _PdfiumRead:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            pages: list[_PdfPage] = []
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    text = page.get_textpage().get_text_range()
                    skipped = _skipped_text(_page_objects(page))
                    pages.append(_PdfPage(text, skipped, *_annotations(pdf, page)))
                finally:
                    page.close()
            outline = [mark.get_title() for mark in pdf.get_toc(max_depth=64)]
        finally:
            pdf.close()
    return _PdfiumRead(pages, outline)


def _utf16(get: Callable[..., int], *args: Any) -> str:
    """A string PDFium writes in UTF-16 with a final NUL: its size, then it."""
    size = get(*args, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    get(*args, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", "replace")


def _annotations(pdf: Any, page: Any) -> tuple[list[str], list[tuple[str, bytes]]]:
    """The texts of a page's annotations, and the files they attach."""
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    texts: list[str] = []
    files: list[tuple[str, bytes]] = []
    for index in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, index)
        try:
            texts += [_utf16(raw.FPDFAnnot_GetStringValue, annot, key) for key in _ANNOT_KEYS]
            link = raw.FPDFAnnot_GetLink(annot)
            action = raw.FPDFLink_GetAction(link) if link else None
            if action and raw.FPDFAction_GetType(action) == raw.PDFACTION_URI:
                size = raw.FPDFAction_GetURIPath(pdf, action, None, 0)
                uri = ctypes.create_string_buffer(size)
                raw.FPDFAction_GetURIPath(pdf, action, uri, size)
                texts.append(uri.raw[: size - 1].decode("utf-8", "replace"))
            attachment = raw.FPDFAnnot_GetFileAttachment(annot)
            if attachment:
                name = _utf16(raw.FPDFAttachment_GetName, attachment) or "file"
                texts.append(name)
                files.append((name, _attached(attachment)))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return texts, files


def _attached(attachment: Any) -> bytes:
    import pypdfium2.raw as raw

    size = ctypes.c_ulong()
    if not raw.FPDFAttachment_GetFile(attachment, None, 0, size):
        return b""
    content = ctypes.create_string_buffer(size.value)
    raw.FPDFAttachment_GetFile(attachment, content, size, size)
    return content.raw[: size.value]


def _page_objects(page: Any) -> Iterator[Any]:
    import pypdfium2.raw as raw

    return (raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page)))


def _skipped_text(objects: Iterable[Any]) -> bool:
    """Whether PDFium's page text leaves out text drawn squashed. PDFium
    skips a text object of width 0: drawn at size 0 or flattened by its
    matrix (a horizontal scale of 0 included), it hides text; otherwise it
    is an empty glyph (a space, a joiner), which holds none."""
    import pypdfium2.raw as raw

    box = [ctypes.c_float() for _ in range(4)]
    size, matrix = ctypes.c_float(), raw.FS_MATRIX()
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            inner = range(raw.FPDFFormObj_CountObjects(obj))
            if _skipped_text(raw.FPDFFormObj_GetObject(obj, i) for i in inner):
                return True
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            raw.FPDFPageObj_GetBounds(obj, *box)
            if box[2].value - box[0].value >= 0.01:  # PDFium's kSizeEpsilon
                continue
            raw.FPDFTextObj_GetFontSize(obj, size)
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            if size.value == 0 or matrix.a * matrix.d == matrix.b * matrix.c:
                return True
    return False


def _pdf_text(value: Any) -> str:
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


def _struct_texts(reader: Any, data: bytes) -> list[str]:
    """Alt text, actual text, expansions and titles of the structure tree's
    elements (tagged PDF), and of any other dictionary that has one. Only
    the objects whose bytes name such a key are parsed: a tagged PDF has an
    element per paragraph and span, tens of thousands of objects, and
    parsing them all is most of pypdf's work (docs/performance.md)."""
    from pypdf.generic import IndirectObject

    xref = reader.xref  # {generation: {number: offset}}
    starts = sorted((at, (num, gen)) for gen, table in xref.items() for num, at in table.items())
    offsets = [at for at, _ in starts]
    # the object a key is in: the last one that starts before it
    found = (bisect.bisect(offsets, m.start()) - 1 for m in _STRUCT_KEY.finditer(data))
    wanted = {starts[i][1] for i in found if i >= 0}
    packed: defaultdict[int, list[int]] = defaultdict(list)  # in object streams (PDF 1.5)
    for num, (stream, _) in reader.xref_objStm.items():
        packed[stream].append(num)
    for stream, nums in packed.items():
        if _STRUCT_KEY.search(reader.get_object(stream).get_data()):
            wanted.update((num, 0) for num in nums)
    texts: list[str] = []
    for num, gen in sorted(wanted):
        _keyed_texts(reader.get_object(IndirectObject(num, gen, reader)), texts)
    return texts


def _keyed_texts(value: Any, texts: list[str]) -> None:
    """The structure keys' texts of a dictionary and of the dictionaries
    written inside it (not those it refers to: they are objects of their own)."""
    if isinstance(value, dict):
        texts += [_pdf_text(value[k]) for k in _STRUCT_KEYS if k in value]
        values: Iterable[Any] = value.values()
    elif isinstance(value, list):
        values = value
    else:
        return
    for item in values:
        _keyed_texts(item, texts)


def parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    """The PDF's parts; a file PDFium or pypdf cannot read (damaged,
    truncated) yields the raw bytes as text instead of stopping the scan."""
    from pypdf.errors import PyPdfError
    from pypdfium2 import PdfiumError

    try:
        yield from _read(data, label or "PDF", depth, parts_of)
    except (PdfiumError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        yield OutputPart(
            f"{label or 'PDF'} (unreadable: {type(exc).__name__})", data.decode("latin-1")
        )


def _read(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    pdfium = _pdfium_read(data)
    try:  # a sound file: strict reading skips checking every object's offset
        reader = PdfReader(io.BytesIO(data), strict=True)
        reader.strict = False  # and what follows is read leniently
    except PyPdfError:
        reader = PdfReader(io.BytesIO(data))  # a damaged one: pypdf repairs what it can
    for n, page in enumerate(pdfium.pages, 1):
        # pypdf reads what PDFium leaves out, on the rare page that has any
        skipped = page.skipped and n <= len(reader.pages)
        extra = reader.pages[n - 1].extract_text() if skipped else ""
        yield OutputPart(f"{label} page {n}", f"{page.text}\n{extra}")
        where = f"{label} page {n} annotations"
        yield OutputPart(where, "\n".join(page.annotations))
        for name, content in page.files:
            yield from parts_of(content, f"{where} file {name}", depth + 1)
    yield OutputPart(f"{label} outline", "\n".join(pdfium.outline))
    info: Any = reader.metadata or {}
    for key in info:
        yield OutputPart(f"{label} metadata {key}", _pdf_text(info[key]))
    xmp = reader.xmp_metadata
    if xmp is not None:
        yield from parts_of(xmp.stream.get_data(), f"{label} XMP metadata", depth + 1)
    for attached in reader.attachment_list:
        where = f"{label} attachment {attached.name}"
        about = [attached.name, attached.alternative_name or "", attached.description or ""]
        yield OutputPart(f"{where} (name)", "\n".join(about))
        yield from parts_of(attached.content, where, depth + 1)
    yield OutputPart(f"{label} named destinations", "\n".join(reader.named_destinations))
    yield OutputPart(f"{label} alt text", "\n".join(_struct_texts(reader, data)))
