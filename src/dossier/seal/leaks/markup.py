"""XML (OOXML parts, SVG, XMP), HTML and plain text: their text (with a
space where a reader sees one), attribute values, comments and processing
instructions, ``<style>`` and ``<script>``, and the ``data:`` URIs in any of
them, read as embedded files.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes

from dossier.seal.leaks.part import OutputPart, PartsOf, decode

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


def _tree_parts(
    found: _Found, label: str, text_where: str, depth: int, parts_of: PartsOf
) -> Iterator[OutputPart]:
    yield OutputPart(text_where, "".join(found.text))
    for name, values in found.attributes.items():
        yield OutputPart(f"{label} attribute {name}", "\n".join(values))
    yield OutputPart(f"{label} comment", "\n".join(found.comments))
    yield OutputPart(f"{label} <style>", "\n".join(found.styles))
    yield OutputPart(f"{label} <script>", "\n".join(found.scripts))
    yield from _uri_parts(found.uris, label, depth, parts_of)


def _uri_parts(
    uris: list[bytes], label: str, depth: int, parts_of: PartsOf
) -> Iterator[OutputPart]:
    for n, data in enumerate(uris, 1):
        yield from parts_of(data, f"{label} data: URI #{n}", depth + 1)


def xml_parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    from lxml import etree

    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        yield from text_parts(data, label, depth, parts_of)
        return
    label = label or "XML"
    yield from _tree_parts(_walk_document(root, _xml_glued), label, label, depth, parts_of)


def html_parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    from lxml import html

    parser = html.HTMLParser(encoding="utf-8")
    root = html.document_fromstring(data, parser=parser)
    label = label or "HTML"
    yield from _tree_parts(
        _walk_document(root, _html_glued), label, f"{label} text", depth, parts_of
    )


def text_parts(data: bytes, label: str, depth: int, parts_of: PartsOf) -> Iterator[OutputPart]:
    text = decode(data) or ""
    uris: list[bytes] = []
    yield OutputPart(label or "text", _css_uris(text, uris))
    yield from _uri_parts(uris, label or "text", depth, parts_of)
