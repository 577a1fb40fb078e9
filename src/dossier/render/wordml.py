"""WordprocessingML by hand: the namespaces, lxml helpers that find, make
and set ``w:`` elements, and the order the schema gives the children of the
properties elements (a child created out of order is refused by Word).

Used by the DOCX fixes of :mod:`dossier.render.docx_layout` and
:mod:`dossier.render.docx_bidi`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
W_P, W_TBL, W_R = (f"{{{W_NS}}}{tag}" for tag in ("p", "tbl", "r"))
Element = Any  # lxml elements (lxml ships no type information)

# All the text under a node, in C: ``itertext()`` reads ``.text``, which
# python-docx's paragraph and run classes turn into a search of their runs.
all_text: Callable[[Element], str] = etree.XPath("string()", smart_strings=False)


def xpath(node: Element, expr: str) -> list[Element]:
    result: list[Element] = etree.XPath(expr, namespaces=NS)(node)
    return result


def w_element(tag: str, **attrs: str | int) -> Element:
    node = etree.Element(f"{{{W_NS}}}{tag}")
    for key, value in attrs.items():
        node.set(f"{{{W_NS}}}{key}", str(value))
    return node


def set_w(node: Element, **attrs: str | int) -> None:
    for key, value in attrs.items():
        node.set(f"{{{W_NS}}}{key}", str(value))


def child_of(parent: Element, tag: str, order: list[str]) -> Element:
    """The ``w:tag`` child of ``parent``, created at its place in ``order``."""
    found = parent.find(f"{{{W_NS}}}{tag}")
    if found is not None:
        return found
    # Made in the parent's document: not a new document per element.
    node = parent.makeelement(f"{{{W_NS}}}{tag}")
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        name = local_name(sibling)
        if name in order and order.index(name) > rank:
            parent.insert(i, node)
            return node
    parent.append(node)
    return node


# Child order of the properties elements (ECMA-376 part 1, 17.3 and 17.4).
PPR = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl"]
PPR += ["numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens"]
PPR += ["kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN"]
PPR += ["bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing"]
PPR += ["mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment"]
PPR += ["textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
RPR = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike"]
RPR += ["outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish"]
RPR += ["webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight"]
RPR += ["u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang"]
RPR += ["eastAsianLayout", "specVanish", "oMath"]
TBLPR = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize"]
TBLPR += ["tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd"]
TBLPR += ["tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]
TCPR = ["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "vAlign"]
SECTPR = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz"]
SECTPR += ["pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt"]
SECTPR += ["vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid"]


def props_of(parent: Element, tag: str) -> Element:
    """The properties child (``w:rPr``, ``w:tcPr``...), always the first child."""
    found = parent.find(f"{{{W_NS}}}{tag}")
    if found is None:
        found = parent.makeelement(f"{{{W_NS}}}{tag}")
        parent.insert(0, found)
    return found


def local_name(element: Element) -> str:
    tag = element.tag
    return str(tag.rpartition("}")[2]) if isinstance(tag, str) else ""
