"""The pandoc document the Typst writer gets: numbers as Typst calls,
headings numbered in a scope of their own, descriptions of images and
formulas (PDF/UA), untranslated stand-ins in their language, tables
mirrored in right-to-left text, and the metadata (boilerplate, the annex)
for the template.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from dossier.assemble.compose import Document
from dossier.assemble.numbering import LETTERED, subparagraph_label
from dossier.core import tree, tree_blocks
from dossier.core.localise import RTL
from dossier.render import parts
from dossier.render.lower import lower_spans, raw_block, raw_inline
from dossier.render.pdf_errors import PdfFailed
from dossier.render.pdf_scripts import (
    UNTRANSLATED,
    code,
    marking_ltr,
    masthead_lang,
    source_lang,
    split_marker,
)

PAPERS = frozenset({"letter", "a4"})
# An image of a figure, described by the figure's set rule (see with_alt).
DESCRIBED = "pdf-described"


def lower(blocks: list[Any], rtl: bool = False, lang: str = "en") -> list[Any]:
    """Numbering spans to Typst: a heading's number becomes its numbering
    (set just before it), a paragraph's a call of the template library; an
    untranslated stand-in a call too; tables mirrored in right-to-left text;
    lettered lists with the letters of ``lang``."""

    def typst_call(cls: str, label: str) -> list[tree.Node]:
        fn = "hnum" if cls == "heading-num" else "pnum"
        # the ';' ends the call so that the text after it stays text
        return [raw_inline("typst", f"#un.{fn}({typst_string(label)});")]

    # One copy of the document; the passes after it change that copy in place.
    blocks = tree.map_nodes(mirror_tables(blocks, rtl), number_heading)
    blocks = tree.replace_nodes(with_alt(blocks), untranslated)
    blocks = tree.replace_nodes(blocks, lambda n: lettered_list(n, lang) or in_its_fonts(n))
    # No wrapper for the SingleTxt indent: the template's margins hold it.
    return lower_spans(blocks, typst_call, in_place=True)


def with_alt(blocks: list[Any]) -> list[Any]:
    """Every image and equation with its description (PDF/UA needs one;
    pandoc's writer drops it), in a scoped set rule: around a figure (its
    images', else its caption), an image or a formula elsewhere. In place:
    ``blocks`` must be the caller's own copy."""
    figures: list[Any] = tree.replace_nodes(blocks, describe_figure)
    inlines: list[Any] = tree.replace_nodes(figures, describe_inline)
    return inlines


def describe_figure(node: tree.Node) -> list[tree.Node] | None:
    if node["t"] != "Figure":
        return None
    images = [n for n in tree.walk(tree.children(node)) if n["t"] == "Image"]
    if not images:
        return None
    alts = [tree.stringify(tree.children(image)) for image in images]
    alt = next((a for a in alts if a.strip()), "") or tree.stringify(tree.caption_of(node))
    for image in images:
        tree.set_attributes(image, [*tree.attributes_of(image), [DESCRIBED, "1"]])
    opening = alt_rule("image", alt, tree.target_of(images[0]))
    return [raw_block("typst", opening), node, raw_block("typst", "]")]


def describe_inline(node: tree.Node) -> list[tree.Node] | None:
    if node["t"] == "Image":
        kvs = tree.attributes_of(node)
        if any(key == DESCRIBED for key, _ in kvs):
            tree.set_attributes(node, [kv for kv in kvs if kv[0] != DESCRIBED])
            return [node]
        opening = alt_rule("image", tree.stringify(tree.children(node)), tree.target_of(node))
    elif node["t"] == "Math":
        opening = alt_rule("math.equation", tree.text_of(node), "a formula")
    else:
        return None
    return [raw_inline("typst", opening), node, raw_inline("typst", "]")]


def alt_rule(element: str, alt: str, what: str) -> str:
    """``#[#set element(alt: ..);``, the opening of a scope closed by ``]``."""
    alt = " ".join(alt.split())
    if not alt:
        raise PdfFailed(
            f"{what} has no description, which an accessible PDF needs: write it "
            "in the brackets, ![description](figures/...)"
        )
    return f"#[#set {element}(alt: {typst_string(alt)});"


def number_heading(node: tree.Node) -> list[tree.Node] | None:
    """A Header's number (the Span it starts with) as the heading's own
    numbering, set just before it in a scope that closes after it; none for
    a Header without. Unscoped, each set rule would wrap the rest of the
    document in one more style, and Typst's layout time grows with every
    heading (docs/performance.md)."""
    if node["t"] != "Header":
        return None
    level, attr, inlines = node["c"]
    numbering = "none"
    if inlines and "heading-num" in tree.classes_of(inlines[0]):
        numbering = f"(..) => {typst_string(tree.stringify(tree.children(inlines[0])))}"
        inlines = inlines[1:]
    return [
        raw_block("typst", "#["),
        raw_block("typst", f"#set heading(numbering: {numbering})"),
        {"t": "Header", "c": [level, attr, inlines]},
        raw_block("typst", "]"),
    ]


def lettered_list(node: tree.Node, lang: str) -> list[tree.Node] | None:
    """A list lettered a, b, c with the subparagraph letters of ``lang``
    ("(a)", "a)", "(أ)", "(الف)"), set in a scope around it: pandoc's writer
    would give Typst's Latin pattern "(a)"."""
    if node["t"] != "OrderedList" or tree_blocks.list_style(node)[1] not in LETTERED:
        return None
    start, items = tree_blocks.list_style(node)[0], tree_blocks.items_of(node)
    labels = ", ".join(typst_string(subparagraph_label(start + i, lang)) for i in range(len(items)))
    numbering = f"(..n) => ({labels},).at(n.pos().last() - {start})"
    plain = tree_blocks.ordered_list(items)
    opening = f"#block[#set enum(numbering: {numbering}, start: {start})"
    return [raw_block("typst", opening), plain, raw_block("typst", "]")]


def in_its_fonts(node: tree.Node) -> list[tree.Node] | None:
    """A Span with a ``lang`` (the Latin runs of a note in Arabic script) in
    that language's fonts: pandoc's writer drops the attribute."""
    if node["t"] != "Span":
        return None
    lang = dict(tree.attributes_of(node)).get("lang")
    if not lang:
        return None
    opening = raw_inline("typst", f"#text(font: un.script({typst_string(lang)}).font)[")
    return [opening, *tree.children(node), raw_inline("typst", "]")]


def untranslated(node: tree.Node) -> list[tree.Node] | None:
    """An untranslated stand-in as ``#un.untranslated(lang: .., marker: ..)[
    ... ]`` around its blocks; the marker is the text of its marker Div."""
    if node["t"] != "Div" or UNTRANSLATED not in tree.classes_of(node):
        return None
    lang = source_lang(node)
    marker, content = split_marker(node)
    label = " ".join(tree.stringify(marker).split())
    args = [f"lang: {typst_string(lang)}" if lang else "", f"marker: {typst_string(label)}"]
    call = f"#un.untranslated({', '.join(a for a in args if a)})["
    if lang:
        content = tree.map_nodes(content, lambda node: note_in(node, lang))
    return [raw_block("typst", call), *content, raw_block("typst", "]")]


def note_in(node: tree.Node, lang: str) -> tree.Node | None:
    """A footnote of an untranslated stand-in, set in the stand-in's
    language (Typst lays the note out at the foot, in the document's)."""
    if node["t"] != "Note":
        return None
    blocks = tree.children(node)
    if not blocks or blocks[0]["t"] not in {"Para", "Plain"}:
        return None
    first = blocks[0]
    switch = raw_inline("typst", f"#set text(..un.script({typst_string(lang)}));")
    opened = {"t": first["t"], "c": [switch, *tree.children(first)]}
    return {"t": "Note", "c": [opened, *blocks[1:]]}


# Markdown's column alignments are left and right; in right-to-left text
# the first column stands on the right and a column's "left" is its start.
MIRRORED = {"AlignLeft": "AlignRight", "AlignRight": "AlignLeft"}


def mirror_tables(blocks: list[Any], rtl: bool) -> list[Any]:
    """Swap the left and right alignments of the tables set right to left
    (the document's, or those of an untranslated stand-in in such a script)."""
    out: list[Any] = []
    for block in blocks:
        if block.get("t") == "Div":
            lang = source_lang(block)
            inner = rtl if lang is None else lang in RTL
            inside = mirror_tables(tree.children(block), inner)
            block = {**block, "c": [tree.attr_of(block), inside]}
        elif block.get("t") == "Table" and rtl:
            block = tree.map_nodes(block, mirror_alignment)
        out.append(block)
    return out


def mirror_alignment(node: tree.Node) -> tree.Node | None:
    swapped = MIRRORED.get(node["t"])
    return {"t": swapped} if swapped else None


def typst_string(value: str) -> str:
    """A Typst string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def metadata(doc: Document) -> dict[str, Any]:
    strings = {**doc.strings, "job_line": doc.job_line, "job_number": doc.job_number}
    meta: dict[str, Any] = {key: inlines(value) for key, value in strings.items() if value}
    meta["paper"] = word(doc.paper, PAPERS, "paper")
    meta["lang"] = language(doc.lang)
    meta["masthead_lang"] = language(masthead_lang(code(doc.lang)))
    meta["signed_gap"] = {"t": "MetaBool", "c": not wide_end(doc.strings.get("signed", ""))}
    meta["marking_ltr"] = {"t": "MetaBool", "c": marking_ltr(doc)}
    if doc.annex:
        # each block of the annex after a mark: where a part may begin
        marked = [b for i, block in enumerate(doc.annex) for b in (mark(i), block)]
        meta["annex"] = {"t": "MetaBlocks", "c": lower(marked, doc.direction == "rtl", doc.lang)}
    if doc.signers:  # a joint letter's signature blocks
        blocks = [{key: inlines(v) for key, v in s.items()} for s in doc.signers]
        meta["signers"] = {"t": "MetaList", "c": [{"t": "MetaMap", "c": b} for b in blocks]}
    if doc.head:  # a letterhead's emblem
        head = lower(tree.copy(doc.head), doc.direction == "rtl", doc.lang)
        meta["head"] = {"t": "MetaBlocks", "c": head}
    return meta


def mark(index: int) -> tree.Node:
    return raw_block("typst", parts.mark(index))


def wide_end(value: str) -> bool:
    """Whether ``value`` ends with a full-width character, which needs no
    space after it: '（签名）米拉·卡斯特兰' but '(Signed) Mira Castellan'.

    >>> wide_end("（签名）"), wide_end("(Signed)")
    (True, False)
    """
    return bool(value) and unicodedata.east_asian_width(value[-1]) in {"W", "F"}


def inlines(value: str) -> dict[str, Any]:
    return {"t": "MetaInlines", "c": tree.text(value)}


def word(value: str, allowed: frozenset[str], what: str) -> dict[str, Any]:
    if value not in allowed:
        raise PdfFailed(f"unknown {what} {value!r} (expected one of {sorted(allowed)})")
    return {"t": "MetaString", "c": value}


def language(value: str) -> dict[str, Any]:
    return {"t": "MetaString", "c": code(value)}
