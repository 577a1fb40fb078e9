"""The leak scan: search a finished output for anything its edition must
not hold (the identifiers of withheld sections, blocks, records and
exhibits, and the sentences of their text) in every place a reader or a
tool could find it.

A withheld sentence is looked for in the text of each place as a whole, by
the rule of :mod:`dossier.core.repeats` (its 3-word runs, hashed, covering half
of it in one stretch): the same rule as the check of the sources
(:mod:`dossier.select.shown`), which refuses a dossier whose public text
repeats a withheld sentence before anything is written. Nothing the public
edition shows is exempt: a sentence both in withheld and in public text is
a leak. The fingerprints hold hashes only and reveal nothing of the text.

Where an output is searched: every part of a DOCX (or any zip: XLSX chart
data, nested packages), its XML text, attribute values, comments and
processing instructions; a PDF's page text (PDFium's, and pypdf's too on a
page where PDFium leaves text out), annotations, outline, named
destinations, alt text, document information, XMP metadata and
attachments; an HTML file's text, attribute values, comments,
``<style>``/``<script>`` and ``data:`` URIs; inside those, SVG (text,
``<title>``, the ``<!-- label -->`` comments matplotlib writes for text
drawn as paths), PNG text chunks, JPEG comment and APP segments, and the
printable strings of any other file. Every embedded file is also
compared, by its SHA-256, with the withheld exhibits.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import ctypes
import hashlib
import io
import re
import struct
import threading
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote_to_bytes

from dossier.core import repeats
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.repeats import Sentence, windows, words
from dossier.select.edition import Withheld

__all__ = ["Fingerprints", "Hit", "fingerprints", "scan", "windows", "words"]

# Div ids that select/edition invents (``05-assessment#1``) name nothing a reader sees.
_AUTO_ID = re.compile(r".+#\d+")
_MAX_DEPTH = 6  # files inside files inside files...


def _digest(tag: str, tokens: Sequence[str]) -> str:
    return repeats.digest(tag, " ".join(tokens))


def _runs(tokens: Sequence[str], n: int) -> Iterator[str]:
    """Every run of ``n`` tokens, joined."""
    return map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))


def _joined_ngrams(tokens: Sequence[str], lengths: Iterable[int]) -> Iterator[str]:
    return chain.from_iterable(_runs(tokens, n) for n in lengths)


# ---- fingerprints --------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One withheld item, hashed."""

    kind: str  # section, block, record, exhibit
    ident: str  # hash of its kind and clear identifier (see describe())
    level: str
    names: frozenset[str]  # hashes of the identifiers searched for
    sentences: tuple[Sentence, ...]  # its text's sentences (repeats.fingerprint)


# Texts an output's scan remembers having hashed, per tag.
_REMEMBERED = 1 << 18


@dataclass
class _Hashed:
    """The texts of outputs already hashed with ``tag`` for one set of
    fingerprints: the outputs of a language share most of their text, and
    few of their texts' hashes are looked for. Emptied when full."""

    tag: str
    wanted: frozenset[str]  # the hashes looked for
    found: dict[str, str] = field(default_factory=dict)  # text: its hash, looked for
    other: set[str] = field(default_factory=set)  # texts whose hash is not

    def lookup(self, texts: Iterable[str]) -> dict[str, str]:
        """The texts among ``texts`` whose hash is looked for, with it."""
        distinct = set(texts)
        new = list(distinct.difference(self.other).difference(self.found))
        prefix, sha256 = repeats.SALT + self.tag.encode() + b"\x00", hashlib.sha256
        hashes = [sha256(prefix + text.encode()).hexdigest()[:16] for text in new]
        if len(self.other) + len(new) > _REMEMBERED:
            self.other.clear()
        if self.wanted.isdisjoint(hashes):  # the usual case
            self.other.update(new)
        else:
            for text, digest in zip(new, hashes, strict=True):
                if digest in self.wanted:
                    self.found[text] = digest
                else:
                    self.other.add(text)
        return {text: self.found[text] for text in distinct.intersection(self.found)}

    def __call__(self, texts: Iterable[str]) -> set[str]:
        """The hashes looked for among those of ``texts``."""
        return set(self.lookup(texts).values())


@dataclass(frozen=True)
class Fingerprints:
    """What to look for, hashed: per withheld item its identifiers and the
    shingles of its sentences."""

    items: tuple[Item, ...]
    lengths: frozenset[int] = frozenset()  # word counts of the identifiers

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without what its scans remember (see _Hashed)."""
        return {"items": self.items, "lengths": self.lengths}

    @cached_property
    def _names(self) -> _Hashed:
        return _Hashed("name", frozenset().union(*(i.names for i in self.items)))

    @cached_property
    def _sentences(self) -> tuple[repeats.Finder, list[tuple[int, int]]]:
        """One finder for every item's sentences, and of each sentence: the
        index of its item, and its index in the item."""
        owner = [(n, k) for n, item in enumerate(self.items) for k in range(len(item.sentences))]
        return repeats.Finder([s for item in self.items for s in item.sentences]), owner

    @cached_property
    def _shingles(self) -> _Hashed:
        return _Hashed(repeats.TAG, self._sentences[0].wanted)

    def to_json(self) -> list[dict[str, Any]]:
        """For manifest.json: hashes only."""
        return [
            {
                "kind": i.kind,
                "ident": i.ident,
                "level": i.level,
                "names": sorted(i.names),
                "sentences": [
                    [s.size, s.least, [list(x) for x in s.shingles]] for s in i.sentences
                ],
            }
            for i in self.items
        ]


@dataclass(frozen=True)
class Hit:
    output: Path
    kind: str  # the withheld item's kind: section, block, record, exhibit
    ident: str  # its identifier hash (describe() gives the clear id)
    where: str  # where in the output: 'word/document.xml', 'PDF metadata /Title', ...
    evidence: str  # 'identifier' or 'sentence: 17 of 17 words'


def item_hash(item: Withheld) -> str:
    return _digest("item", [item.kind, item.ident])


def identifiers(item: Withheld) -> list[str]:
    """What names the item in an output. Section names (``overview``) and
    invented Div ids are too generic to search for: their text is."""
    if item.kind == "section" or (item.kind == "block" and _AUTO_ID.fullmatch(item.ident)):
        return []
    if item.kind == "exhibit":
        return [PurePosixPath(item.ident).name, item.text]
    return [item.ident]


def fingerprints(withheld: list[Withheld]) -> Fingerprints:
    """Fingerprints of what an edition withholds: every sentence of their
    text that is checked (see :mod:`dossier.core.repeats`), whether or not the
    edition also shows it."""
    items = tuple(_item(w) for w in withheld)
    names = [words(n) for w in withheld for n in identifiers(w)]
    return Fingerprints(items, frozenset(len(n) for n in names if n))


def _item(item: Withheld) -> Item:
    names = frozenset(_digest("name", t) for t in map(words, identifiers(item)) if t)
    text = "" if item.kind == "exhibit" else item.text
    found = tuple(repeats.fingerprint(s) for s in repeats.sentences(text))
    return Item(item.kind, item_hash(item), item.level, names, found)


# ---- the scan ------------------------------------------------------------------


@dataclass(frozen=True)
class OutputPart:
    """Text found in one place of an output."""

    where: str
    text: str


def scan(output: Path, prints: Fingerprints, *, name: Path | None = None) -> list[Hit]:
    """Every withheld item found in ``output`` (reported as ``name``: the
    final path when ``output`` is a temporary file), once per place."""
    if not prints.items:  # the edition withholds nothing
        return []
    shown = name or output
    hits: dict[tuple[str, str], Hit] = {}
    for part in parts(output.read_bytes()):
        for hit in _match(shown, part, prints):
            hits.setdefault((hit.ident, hit.where), hit)
    return list(hits.values())


def scan_outputs(outputs: Iterable[Path], prints: Fingerprints) -> list[Hit]:
    return [hit for output in outputs for hit in scan(output, prints)]


def _match(output: Path, part: OutputPart, prints: Fingerprints) -> Iterator[Hit]:
    tokens = words(part.text)
    if not tokens:
        return
    names = prints._names(_joined_ngrams(tokens, prints.lengths))
    for item in prints.items:
        if item.names & names:
            yield Hit(output, item.kind, item.ident, part.where, "identifier")
    named = {item.ident for item in prints.items if item.names & names}
    for n, found in _repeated(tokens, prints).items():
        item = prints.items[n]
        if item.ident not in named:
            sentence = item.sentences[found.index]
            evidence = f"sentence: {found.covered} of {sentence.size} words"
            yield Hit(output, item.kind, item.ident, part.where, evidence)


def _repeated(tokens: Sequence[str], prints: Fingerprints) -> dict[int, repeats.Found]:
    """Per item (its index), its most repeated sentence in ``tokens``, with
    the index of the sentence within the item."""
    finder, owner = prints._sentences
    if not finder.sentences:
        return {}
    starts, joined = repeats.joined(tokens)
    found = prints._shingles.lookup(joined)
    if not found:
        return {}
    hashed = [(starts[i], found[text]) for i, text in enumerate(joined) if text in found]
    best: dict[int, repeats.Found] = {}
    for hit in finder.find(hashed):
        n, k = owner[hit.index]
        if n not in best or hit.covered > best[n].covered:
            best[n] = repeats.Found(k, hit.covered, hit.at)
    return best


def describe(hit: Hit, withheld: Iterable[Withheld]) -> str:
    """'record ALD-2026-006 (restricted) found in x.en.docx: word/document.xml (identifier)'"""
    known = {item_hash(w): w for w in withheld}
    item = known.get(hit.ident)
    what = f"{item.kind} {item.ident} ({item.level})" if item else f"{hit.kind} #{hit.ident}"
    return f"{what} found in {hit.output}: {hit.where} ({hit.evidence})"


def enforce(
    path: Path, prints: Fingerprints, withheld: list[Withheld], *, output: Path | None = None
) -> None:
    """Scan ``path`` (a temporary file standing for ``output``); on a hit,
    delete both and stop the build naming every item found and where."""
    shown = output or path
    hits = scan(path, prints, name=shown)
    if not hits:
        return
    path.unlink(missing_ok=True)
    shown.unlink(missing_ok=True)
    sources = {item_hash(w): w.source for w in withheld}
    hint = "the output was deleted: this edition must not show it"
    raise DossierError(
        Diagnostic(sources.get(h.ident), None, describe(h, withheld), hint) for h in hits
    )


# ---- what a file holds ---------------------------------------------------------


def _join(label: str, name: str) -> str:
    return f"{label} > {name}" if label else name


def parts(data: bytes, label: str = "", depth: int = 0) -> Iterator[OutputPart]:
    """The text of a file, place by place; ``label`` names the file inside
    its container ('' for the output itself)."""
    if label:  # an embedded file: is it a withheld exhibit?
        yield OutputPart(f"{label} (file)", hashlib.sha256(data).hexdigest())
    handler = _HANDLERS["binary" if depth > _MAX_DEPTH else _sniff(data)]
    if depth == 0:  # the output itself: if it cannot be read, the build fails
        yield from handler(data, label, depth)
        return
    try:
        found = list(handler(data, label, depth))
    except Exception:  # a damaged embedded file: its strings, at least
        found = [OutputPart(label, _printable(data))]
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
    text = _decode(data)
    if text is None:
        return "binary"
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head:
        return "html"
    return "xml" if head.startswith("<") else "text"


def _decode(data: bytes) -> str | None:
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"", "utf-8-sig")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _zip_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        yield OutputPart(_join(label, "zip comment"), package.comment.decode("utf-8", "replace"))
        for info in package.infolist():
            if not info.is_dir():
                yield OutputPart(_join(label, f"{info.filename} (name)"), info.filename)
                yield from parts(package.read(info), _join(label, info.filename), depth + 1)


def _text_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
    text = _decode(data) or ""
    uris: list[bytes] = []
    yield OutputPart(label or "text", _css_uris(text, uris))
    yield from _uri_parts(uris, label or "text", depth)


def _binary_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
    yield OutputPart(label or "file", _printable(data))


_PRINTABLE = re.compile(r"[^\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]{4,}")
_WIDE = re.compile(rb"(?:[\x20-\x7e]\x00|[\x00-\xff][\x04\x06\x30-\x9f]){4,}")


def _printable(data: bytes) -> str:
    """The strings of a binary file, UTF-8 and UTF-16 (as in EMF or OLE)."""
    runs = _PRINTABLE.findall(data.decode("utf-8", "replace"))
    runs += [m.decode("utf-16-le", "replace") for m in _WIDE.findall(data)]
    return "\n".join(runs)


# ---- images ---------------------------------------------------------------------


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
        return _printable(body)
    return key.decode("latin-1") + " " + text.decode("utf-8", "replace")


def _png_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
    """PNG text chunks (tEXt, zTXt, iTXt) and EXIF: not the pixels."""
    texts: list[str] = []
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
            texts.append(_png_chunk(kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    yield OutputPart(f"{label or 'PNG'} text chunks", "\n".join(texts))


def _jpeg_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
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
            texts.append(_printable(data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
    yield OutputPart(f"{label or 'JPEG'} metadata", "\n".join(texts))


# ---- XML, SVG and HTML ----------------------------------------------------------

# OOXML keeps a word's letters in runs that may be split anywhere: text
# elements are glued, paragraphs and cells are separated.
_RUN_TEXT = frozenset({"t", "delText", "instrText", "tspan"})
_BREAKS = frozenset({"p", "tab", "br", "cr", "tc", "si", "text"})
_INLINE = "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span"
_INLINE_HTML = frozenset([*_INLINE.split(), "strong", "sub", "sup", "time", "u", "var", "wbr"])
# SVG path data: numbers and drawing commands only, and most of a chart's bytes.
_GEOMETRY = frozenset({"d", "points"})
_CSS_URI = re.compile(r"""url\(\s*(['"]?)(data:.*?)\1\s*\)""", re.S | re.I)
_DATA_URI = re.compile(r"\s*data:", re.I)


@dataclass
class _Found:
    """What a walk through a tree collects."""

    text: list[str] = field(default_factory=list)
    # each attribute's distinct values, in document order
    attributes: defaultdict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))
    comments: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    uris: list[bytes] = field(default_factory=list)


def _xml_glued(name: str, el: Any) -> bool:
    if name in _RUN_TEXT:
        return True
    return name not in _BREAKS and not (el.text or "").strip()


def _html_glued(name: str, el: Any) -> bool:
    return name.lower() in _INLINE_HTML


def _decode_uri(value: str) -> bytes:
    head, _, payload = value.strip()[5:].partition(",")
    raw = unquote_to_bytes(payload)
    if not head.lower().endswith(";base64"):
        return raw
    raw = raw.translate(None, b" \t\n\r\x0b\x0c")  # no whitespace
    try:
        return base64.b64decode(raw + b"=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        return raw


def _css_uris(css: str, uris: list[bytes]) -> str:
    """``css`` without its data: URIs, which go to ``uris`` decoded."""

    def take(match: re.Match[str]) -> str:
        uris.append(_decode_uri(match.group(2)))
        return "url()"

    return _CSS_URI.sub(take, css)


def _attributes(el: Any, found: _Found) -> None:
    for key, value in el.items():
        name = key.rpartition("}")[2]
        if name in _GEOMETRY:
            continue
        if _DATA_URI.match(value):
            found.uris.append(_decode_uri(value))
        else:
            found.attributes[name][_css_uris(value, found.uris) if "(" in value else value] = None


def _walk(root: Any, found: _Found, glued: Callable[[str, Any], bool]) -> None:
    """Collect what ``root`` holds into ``found``, in document order: text
    (a space around an element that is not glued to its neighbours),
    attributes, comments and processing instructions, ``<style>``, ``<script>``."""
    from lxml import etree

    text, seps = found.text, list[str]()
    for event, el in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "end":
            text.append(seps.pop())
            if el.tail:
                text.append(el.tail)
        elif event != "start":  # a comment or processing instruction: no end event
            found.comments.append(el.text or "")
            if el.tail:
                text.append(el.tail)
        elif not isinstance(el.tag, str):  # an unresolved entity: its tail only
            seps.append("")
        else:
            name = el.tag.rpartition("}")[2]
            if el.attrib:
                _attributes(el, found)
            sep = "" if glued(name, el) else " "
            seps.append(sep)
            lowered = name.lower()
            if lowered in ("style", "script"):
                sink = found.styles if lowered == "style" else found.scripts
                sink.append(_css_uris(el.text or "", found.uris))
            else:
                text.append(sep + (el.text or ""))


def _walk_document(root: Any, glued: Callable[[str, Any], bool]) -> _Found:
    """The root and the comments before and after it."""
    found = _Found()
    for el in [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]:
        if el is root:
            _walk(root, found, glued)
        else:
            found.comments.append(el.text or "")
            found.text.append(el.tail or "")
    return found


def _tree_parts(found: _Found, label: str, text_where: str, depth: int) -> Iterator[OutputPart]:
    yield OutputPart(text_where, "".join(found.text))
    for name, values in found.attributes.items():
        yield OutputPart(f"{label} attribute {name}", "\n".join(values))
    yield OutputPart(f"{label} comment", "\n".join(found.comments))
    yield OutputPart(f"{label} <style>", "\n".join(found.styles))
    yield OutputPart(f"{label} <script>", "\n".join(found.scripts))
    yield from _uri_parts(found.uris, label, depth)


def _uri_parts(uris: list[bytes], label: str, depth: int) -> Iterator[OutputPart]:
    for n, data in enumerate(uris, 1):
        yield from parts(data, f"{label} data: URI #{n}", depth + 1)


def _xml_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
    from lxml import etree

    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        yield from _text_parts(data, label, depth)
        return
    label = label or "XML"
    yield from _tree_parts(_walk_document(root, _xml_glued), label, label, depth)


def _html_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
    from lxml import html

    parser = html.HTMLParser(encoding="utf-8")
    root = html.document_fromstring(data, parser=parser)
    label = label or "HTML"
    yield from _tree_parts(_walk_document(root, _html_glued), label, f"{label} text", depth)


# ---- PDF ------------------------------------------------------------------------
#
# PDFium reads the pages (text, annotations) and the outline: it parses
# content streams far faster than pypdf (docs/performance.md). pypdf reads
# the rest from the objects, without parsing a content stream.

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
    element per paragraph and span, tens of thousands that pypdf takes
    seconds to parse."""
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


def _pdf_parts(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
    """The PDF's parts; a file PDFium or pypdf cannot read (damaged,
    truncated) yields the raw bytes as text instead of stopping the scan."""
    from pypdf.errors import PyPdfError
    from pypdfium2 import PdfiumError

    try:
        yield from _pdf_parts_read(data, label or "PDF", depth)
    except (PdfiumError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        yield OutputPart(
            f"{label or 'PDF'} (unreadable: {type(exc).__name__})", data.decode("latin-1")
        )


def _pdf_parts_read(data: bytes, label: str, depth: int) -> Iterator[OutputPart]:
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
            yield from parts(content, f"{where} file {name}", depth + 1)
    yield OutputPart(f"{label} outline", "\n".join(pdfium.outline))
    info: Any = reader.metadata or {}
    for key in info:
        yield OutputPart(f"{label} metadata {key}", _pdf_text(info[key]))
    xmp = reader.xmp_metadata
    if xmp is not None:
        yield from parts(xmp.stream.get_data(), f"{label} XMP metadata", depth + 1)
    for attached in reader.attachment_list:
        where = f"{label} attachment {attached.name}"
        about = [attached.name, attached.alternative_name or "", attached.description or ""]
        yield OutputPart(f"{where} (name)", "\n".join(about))
        yield from parts(attached.content, where, depth + 1)
    yield OutputPart(f"{label} named destinations", "\n".join(reader.named_destinations))
    yield OutputPart(f"{label} alt text", "\n".join(_struct_texts(reader, data)))


_HANDLERS: dict[str, Callable[[bytes, str, int], Iterator[OutputPart]]] = {
    "zip": _zip_parts,
    "pdf": _pdf_parts,
    "png": _png_parts,
    "jpeg": _jpeg_parts,
    "html": _html_parts,
    "xml": _xml_parts,
    "text": _text_parts,
    "binary": _binary_parts,
}
