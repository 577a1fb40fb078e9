"""SVG images: parsed without entities, DTDs or the network; refused when
they could run code or load anything (a script, an event handler, a link
to a file or an address); written back without what the author's tools
left in them (metadata, comments, editor namespaces).

An SVG may embed PNG or JPEG pictures as ``data:`` URIs: they are checked
and cleaned like any other raster image (see :mod:`dossier.load.images`).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from dossier.load.images.problem import FileProblem

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Attributes outside these namespaces are the author's tools' (inkscape:,
# sodipodi:, adobe's): a file name, a user name, a layer's label.
KEPT_ATTRIBUTE_NS = {"", XLINK_NS, XML_NS}
LINKS = {"href", "src"}
ANIMATIONS = {"set", "animate"}
EMBEDDED = re.compile(r"^\s*data:image/(png|jpeg);base64,", re.I)
URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)
NO_LINK = (
    "an SVG image may refer only to its own parts (#id) and embed PNG or JPEG pictures "
    "as data:image/... URIs: embed the picture, or export the drawing again as plain SVG"
)

Raster = Callable[[bytes, str], bytes]


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_svg(data: bytes) -> Any:
    """The root element of a safe SVG; :class:`FileProblem` for anything
    else."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise FileProblem(
            f"is not well-formed XML ({exc.msg})", "open it in a drawing program and save it again"
        ) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise FileProblem(
            "declares a DOCTYPE or entities",
            "delete the <!DOCTYPE ...> declaration and any <!ENTITY ...>: an SVG image "
            "may not declare them",
        )
    if etree.QName(root).localname != "svg":
        raise FileProblem(
            f"is not an SVG image (its root element is <{etree.QName(root).localname}>)",
            "export the drawing as SVG",
        )
    for element in root.iter():
        _check_element(element)
    return root


def _check_element(element: Any) -> None:
    if not isinstance(element.tag, str):
        raise FileProblem("holds an entity reference", "replace it by the text it stands for")
    name = etree.QName(element).localname
    if name == "script":
        raise FileProblem("holds a script", "delete the <script> element: images run no code")
    if name == "style" and element.text:
        _check_css(element.text)
    if name in ANIMATIONS and etree.QName(element.get("attributeName", "")).localname in LINKS:
        for key in ("from", "to", "values", "by"):
            if element.get(key) is not None:
                _check_link(element.get(key))  # an animation that sets a link
    for key, value in element.attrib.items():
        attribute = etree.QName(key).localname
        if attribute.lower().startswith("on"):
            raise FileProblem(
                f"has an event handler ({attribute}=...)",
                f"delete the {attribute} attribute: images run no code",
            )
        if attribute in LINKS:
            _check_link(value)
        elif "url(" in value.lower():
            _check_css(value)


def _check_link(value: str) -> None:
    if value.strip().startswith("#") or EMBEDDED.match(value):
        return
    raise FileProblem(f"refers to '{_short(value)}'", NO_LINK)


def _check_css(text: str) -> None:
    if "@import" in text.lower():
        raise FileProblem("imports a style sheet (@import)", NO_LINK)
    for match in URL.finditer(text):
        _check_link(match.group(1))


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 80 else value[:77] + "..."


def embedded(root: Any) -> Iterator[tuple[Any, str, str, bytes]]:
    """(element, attribute, kind, bytes) of every picture embedded in the
    drawing as a data: URI (kind: 'PNG' or 'JPEG')."""
    for element in root.iter():
        for key, value in element.attrib.items():
            match = EMBEDDED.match(value)
            if etree.QName(key).localname not in LINKS or not match:
                continue
            try:
                data = base64.b64decode(value[match.end() :], validate=False)
            except (binascii.Error, ValueError):
                raise FileProblem(
                    "embeds a picture that is not valid base64", "embed the picture again"
                ) from None
            yield element, key, match.group(1).upper(), data


def clean_svg(data: bytes, clean_raster: Raster) -> bytes:
    """The drawing without metadata, comments, editor namespaces and with its
    embedded pictures cleaned by ``clean_raster(data, kind)``; ``data`` has
    passed :func:`parse_svg`."""
    root = parse_svg(data)
    for element in list(root.iter()):
        if _foreign(element):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        for key in list(element.attrib):
            if (etree.QName(key).namespace or "") not in KEPT_ATTRIBUTE_NS:
                del element.attrib[key]
    for element, key, kind, picture in list(embedded(root)):
        mime = "png" if kind == "PNG" else "jpeg"
        encoded = base64.b64encode(clean_raster(picture, kind)).decode("ascii")
        element.set(key, f"data:image/{mime};base64,{encoded}")
    etree.cleanup_namespaces(root)
    result: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return result


def _foreign(element: Any) -> bool:
    """An element the drawing does not need: its metadata, or one outside
    SVG's namespace (an editor's, or HTML in a foreignObject)."""
    qname = etree.QName(element)
    return qname.localname == "metadata" or (qname.namespace or SVG_NS) != SVG_NS
