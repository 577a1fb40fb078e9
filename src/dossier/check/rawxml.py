"""Word markup that reaches outside the document: fields that fetch a file
or an address when Word opens it (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE...),
a HYPERLINK field to anything but ``#id`` or an http, https or mailto
address, and relationships.

Two fences:

- :func:`fragment_problem`: raw OpenXML of the Markdown (``allow_raw:
  [openxml]``) is parsed with lxml (entities not resolved, no network), in a
  root that declares the usual prefixes; whatever prefix it binds, the text
  of every ``instrText`` (CDATA included) and every ``instr`` attribute is
  read as Word reads it. A fragment that does not parse, or that names a
  relationship (``r:id``, ``r:embed``, ``r:link``: a fragment brings none of
  its own, so it would point at another's), is refused.
- :func:`package_problems`: the finished DOCX, every part: the same fields,
  and no external relationship but a hyperlink to an http, https or mailto
  address.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from dossier.check.htmlsafe import link_problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = {
    "w": W,
    "r": R,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
FETCHING = "a field that loads a file or an address"
HINT = (
    "raw OpenXML may hold formatting only: well-formed XML, no field that loads "
    "anything, no relationship (r:id...)"
)
HYPERLINK_TYPE = R + "/hyperlink"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
FETCHING_FIELD = re.compile(
    r"\b(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|IMPORT|LINK|DDE|DDEAUTO)\b", re.I
)
_HYPERLINK = re.compile(r"\bHYPERLINK\b\s*(?:\\[a-z]\s*)*(\"[^\"]*\"|\S*)", re.I)
_WHERE = re.compile(r",? line \d+, column \d+$")  # of the wrapped text: no use to a reader
# Attributes that load a resource, whatever their namespace (VML's src, o:href).
_RESOURCE = frozenset({"src", "href"})


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def fragment_problem(xml: str) -> str | None:
    """What in a raw OpenXML fragment reaches outside the document (None:
    nothing).

    >>> fragment_problem('<w:fldSimple w:instr=" INCLUDE&#84;EXT /etc/passwd "/>')
    'a field that loads a file or an address'
    >>> fragment_problem('<w:r><w:t>LINK</w:t></w:r><w:fldSimple w:instr=" PAGE "/>') is None
    True
    """
    declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    try:
        root = etree.fromstring(f"<dossier-raw {declared}>{xml}</dossier-raw>", _parser())
    except etree.XMLSyntaxError as exc:
        return f"it is not well-formed XML ({_WHERE.sub('', exc.msg)})"
    for node in root.iter():
        for name in node.attrib:
            qname = etree.QName(name)
            if qname.namespace == R:
                return f"a relationship (r:{qname.localname}): a raw fragment brings none"
            if qname.localname.lower() in _RESOURCE:
                return f"the resource attribute '{qname.localname}'"
    return field_problem(_instructions(root))


def _instructions(root: Any) -> str:
    """The field instructions under ``root``, joined (a field may span runs)."""
    out = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue  # a comment or a processing instruction
        if etree.QName(node).localname == "instrText":
            out.append("".join(node.itertext()))
        out += [v for k, v in node.attrib.items() if etree.QName(k).localname == "instr"]
    return " ".join(out)


def field_problem(instructions: str) -> str | None:
    """What in field instructions fetches something, or links outside."""
    found = FETCHING_FIELD.search(instructions)
    if found:
        return FETCHING
    for match in _HYPERLINK.finditer(instructions):
        target = match.group(1).strip('"')
        problem = link_problem(target) if target else None
        if problem:
            return f"a HYPERLINK field to '{target}' ({problem})"
    return None


def package_problems(parts: dict[str, bytes]) -> list[str]:
    """What in a finished DOCX (its parts by name) reaches outside it."""
    out = []
    for name, data in parts.items():
        if name.endswith(".rels"):
            out += [f"{name}: {p}" for p in _relationship_problems(data)]
        elif name.startswith("word/") and name.endswith(".xml"):
            root = etree.fromstring(data, _parser())
            problem = field_problem(_instructions(root))
            if problem:
                out.append(f"{name}: {problem}")
    return out


def _relationship_problems(data: bytes) -> list[str]:
    """External relationships other than an http, https or mailto hyperlink."""
    out = []
    for rel in etree.fromstring(data, _parser()).iter(f"{{{_PACKAGE_RELS}}}Relationship"):
        if rel.get("TargetMode") != "External":
            continue
        target = rel.get("Target", "")
        if rel.get("Type") != HYPERLINK_TYPE:
            out.append(f"an external relationship to '{target}'")
        elif link_problem(target) or target.startswith("#"):
            out.append(f"a hyperlink to '{target}'")
    return out
