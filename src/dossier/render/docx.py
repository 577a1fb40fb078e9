"""DOCX: the letter template ``templates/<kind>/letter.docx`` (docxtpl) filled
with the localised strings, the letter body and the annex rendered by pandoc
with ``reference.docx`` and merged in (:mod:`dossier.render.docx_merge`), then
a few lxml fixes for what pandoc cannot express (docs/layout.md).

Both templates are built by ``scripts/make_docx_templates.py``.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate

from dossier.assemble.compose import Document
from dossier.core import pandoc, tree
from dossier.core.fonts import DEFAULT_EDGES, edges_for
from dossier.core.localise import lang_tag
from dossier.core.templates import kind_dir
from dossier.core.typography import LATIN_RUN
from dossier.render.docx_bidi import LRM, RTL_LETTERS, set_direction, set_language, xml_parts
from dossier.render.docx_layout import (
    MARGIN,
    PAPER,
    captions_above,
    figure_paragraphs,
    figure_tables_out,
    fit_images,
    keep_figures,
    local_paths_out,
    match_cs_sizes,
    numbering_of,
    open_leading,
    set_paper,
    shape_table,
    stable_nsids,
    style_lists,
    upright_runs,
    upright_styles,
)
from dossier.render.docx_lists import letter_lists
from dossier.render.docx_merge import Merger, placeholder, read
from dossier.render.lower import raw_inline
from dossier.render.wordml import xpath

ZIP_DATE = (2000, 1, 1, 0, 0, 0)
# The body's size and line pitch (10 on 12 pt), from which a script's taller
# lines are scaled.
BODY_SIZE, BODY_PITCH = 10, 12
# Scripts written without italics (UN practice: upright where English is italic).
NO_ITALIC = frozenset({"ar", "zh", "ur"})
# Languages written without a space between words: no gap after "(Signed)".
NO_WORD_SPACE = frozenset({"zh", "ja"})
# Boilerplate strings that may be Latin text inside a right-to-left document.
LATIN_IN_RTL = (
    "symbol", "distribution", "date", "version", "original", "job_line", "job_number", "marking",
)  # fmt: skip


def render(doc: Document, out: Path, kind: str | None = None) -> None:
    """Write the DOCX of ``doc`` to ``out``."""
    folder = _template_dir(kind or doc.kind)
    parts = {"body": doc.body, **({"annex": doc.annex} if doc.annex else {})}
    parts |= {"head": doc.head} if doc.head else {}  # a letterhead's emblem
    template = _LetterTemplate(str(folder / "letter.docx"))
    context: dict[str, Any] = {**template_strings(doc), "annex": None, "head": None}
    context["signers"] = doc.signers  # a joint letter's signature blocks
    context |= {name: placeholder(name) for name in parts}
    template.render(context, autoescape=True)
    merger = Merger(template.docx)
    with tempfile.TemporaryDirectory(prefix="dossier-docx-") as tmp:
        for name, blocks in parts.items():
            path = Path(tmp) / f"{name}.docx"
            _pandoc_docx(pandoc_blocks(blocks, doc), folder / "reference.docx", path)
            merger.merge(name, read(path))
    merger.close()
    finish(template.docx, doc)
    # Not in finish(): the Secretariat's Word file has no table of layout.
    text_width = PAPER[doc.paper][0] - 2 * MARGIN
    keep_figures(template.docx.element.body, text_width, rtl=doc.direction == "rtl")
    buffer = io.BytesIO()
    template.save(buffer)
    out.write_bytes(normalised_zip(buffer.getvalue()))


class _LetterTemplate(DocxTemplate):  # type: ignore[misc]
    def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """The template's footnotes (the separators) hold no tags."""


def _template_dir(kind: str) -> Path:
    folder = kind_dir(kind)
    names = ("letter.docx", "reference.docx")
    if folder is None or not all((folder / name).is_file() for name in names):
        raise FileNotFoundError(f"no DOCX templates for '{kind}' (letter.docx, reference.docx)")
    return folder


def template_strings(doc: Document) -> dict[str, str]:
    """The template's strings. In a right-to-left document the Latin ones
    (symbol, the English distribution block, job number) are held between
    left-to-right marks, so that '27 November 2026' does not turn into
    'November 2026 27' and '(A) 26-21345' keeps its order."""
    strings = {
        **doc.strings,
        "job_line": doc.job_line,
        "job_number": doc.job_number,
        "signed_gap": "" if doc.lang in NO_WORD_SPACE else " ",
    }
    if doc.direction == "rtl":
        for key in LATIN_IN_RTL:
            value = strings.get(key, "")
            if value and not RTL_LETTERS.search(value):
                strings[key] = f"{LRM}{value}{LRM}"
    return strings


# -- pandoc -----------------------------------------------------------------------------


# Nodes without children that no step below changes: not visited.
LEAVES = frozenset(
    {"Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline", "RawBlock"}
    | {"CodeBlock", "HorizontalRule"}
)


def pandoc_blocks(blocks: list[Any], doc: Document) -> list[Any]:
    """The blocks as pandoc's DOCX writer gets them, in one pass: the marker
    of an untranslated section in its style and language (:func:`untranslated`),
    charts as PNG (:func:`raster_image`), heading and paragraph numbers as
    OpenXML runs (what :func:`dossier.render.lower.lower_spans` does with
    :func:`number_runs`). What no step changes is shared with ``blocks``, not
    copied: ``doc`` stays as it is."""

    def visit(node: tree.Node) -> tree.Node | list[tree.Node] | None:
        classes = tree.classes_of(node)
        if "untranslated-marker" in classes:
            return untranslated(node, doc)
        if "facts" in classes and node["t"] == "Div":
            return fact_paragraphs(node)
        if node["t"] == "Image":
            return raster_image(node)
        if LATIN_RUN in classes:  # a paragraph's language is its first run's
            return list(tree.children(node))
        if node["t"] == "Span":
            for cls in ("heading-num", "para-num"):
                if cls in classes:
                    return number_runs(cls, tree.stringify(tree.children(node)))
        return None

    result: list[Any] = _map_shared(blocks, visit)
    return result


def _map_shared(value: list[Any], fn: Callable[[tree.Node], Any]) -> list[Any]:
    """:func:`dossier.core.tree.map_nodes` on a list, but what ``fn`` leaves alone
    is the same object (nothing is copied) and leaves are not visited."""
    out: list[Any] | None = None
    for i, item in enumerate(value):
        new = item
        if type(item) is dict and item.get("t") not in LEAVES:
            new = _map_node(item, fn)
            if "t" in item:
                replaced = fn(new)
                if isinstance(replaced, list):
                    out = value[:i] if out is None else out
                    out.extend(replaced)
                    continue
                new = new if replaced is None else replaced
        elif type(item) is list:
            new = _map_shared(item, fn)
        if out is None and new is not item:
            out = value[:i]
        if out is not None:
            out.append(new)
    return value if out is None else out


def _map_node(node: dict[str, Any], fn: Callable[[tree.Node], Any]) -> dict[str, Any]:
    out: dict[str, Any] | None = None
    for key, child in node.items():
        if type(child) is list:
            new: Any = _map_shared(child, fn)
        elif type(child) is dict:
            new = _map_node(child, fn)
        else:
            continue
        if new is not child:
            out = dict(node) if out is None else out
            out[key] = new
    return node if out is None else out


def untranslated(node: tree.Node, doc: Document) -> tree.Node:
    """The marker of an untranslated section in its own paragraph style and in
    the document's language (the source text around it keeps the source's)."""
    ident, classes, pairs = tree.attr_of(node)
    pairs = [p for p in pairs if p[0] not in {"lang", "custom-style"}]
    pairs += [["lang", doc.lang], ["custom-style", "Untranslated Marker"]]
    return {"t": "Div", "c": [[ident, classes, pairs], tree.children(node)]}


def fact_paragraphs(node: tree.Node) -> tree.Node:
    """An incident's facts, one paragraph a line in the Facts style: the
    assembled paragraph breaks its lines, and in a justified paragraph each
    line before a break is stretched across the width."""
    ident, classes, pairs = tree.attr_of(node)
    pairs = [p for p in pairs if p[0] != "custom-style"] + [["custom-style", "Facts"]]
    blocks: list[tree.Node] = []
    for block in tree.children(node):
        if block["t"] not in {"Para", "Plain"}:
            blocks.append(block)
            continue
        line: list[tree.Node] = []
        for inline in [*block["c"], {"t": "LineBreak"}]:
            if inline["t"] != "LineBreak":
                line.append(inline)
            elif line:
                blocks.append({"t": "Para", "c": line})
                line = []
    return {"t": "Div", "c": [[ident, classes, pairs], blocks]}


def number_runs(_cls: str, label: str) -> list[tree.Node]:
    """A heading or paragraph number: the number, then a tab."""
    xml = f'<w:r><w:t xml:space="preserve">{escape(label)}</w:t></w:r><w:r><w:tab/></w:r>'
    return [raw_inline("openxml", xml)]


def raster_image(node: tree.Node) -> tree.Node | None:
    """Charts come as SVG with a PNG beside them (attribute ``png``): Word
    gets the PNG."""
    (ident, classes, pairs), alt, (_src, title) = node["c"]
    attrs = dict(pairs)
    if "png" not in attrs:
        return None
    pairs = [[k, v] for k, v in attrs.items() if k != "png"]
    return {"t": "Image", "c": [[ident, classes, pairs], alt, [attrs["png"], title]]}


def _pandoc_docx(blocks: list[Any], reference: Path, path: Path) -> Path:
    args = ["-f", "json", "-t", "docx", "--reference-doc", str(reference), "-o", str(path)]
    pandoc.run(args, pandoc.document(blocks))
    return path


# -- post-processing ----------------------------------------------------------------------


def finish(document: Any, doc: Document) -> None:
    """What the template and pandoc leave to do, on the rendered python-docx document."""
    body = document.element.body
    text_width = PAPER[doc.paper][0] - 2 * MARGIN
    set_paper(document, doc.paper)
    for table in xpath(body, ".//w:tbl[w:tblPr/w:tblStyle/@w:val='Table']"):
        shape_table(table, text_width)
    captions_above(body)
    figure_tables_out(body)
    figure_paragraphs(body)
    fit_images(body, text_width)
    local_paths_out(body)
    numbering = numbering_of(document)
    style_lists(body, numbering)
    letter_lists(body, numbering, doc.lang)
    if numbering is not None:
        stable_nsids(numbering)
    set_language(document.styles.element, doc)
    for root, save in xml_parts(document):
        set_direction(root, doc)
        match_cs_sizes(root)
        if doc.lang in NO_ITALIC:
            upright_runs(root)
        save()
    match_cs_sizes(document.styles.element)
    if doc.lang in NO_ITALIC:
        upright_styles(document.styles.element)
    scale = line_scale(doc.lang)
    if scale is not None:
        open_leading(document.styles.element, scale)
    props = document.core_properties
    props.title, props.subject = doc.meta.get("title", ""), doc.symbol
    props.language = lang_tag(doc.lang)


def line_scale(lang: str) -> float | None:
    """How much taller the lines of ``lang`` stand than Latin ones, as the
    PDF sets them: the script's line box (:func:`dossier.core.fonts.edges_for`)
    and the layout's leading, over the Latin pitch; None where they stand
    no taller. Nastaliq: 1.9 em + 2 pt = 21 pt lines for 10 pt text, 1.75
    times 12 pt, so that the DOCX has the PDF's pages."""
    box = sum(edges_for(lang))
    if box <= sum(DEFAULT_EDGES):
        return None
    return (box * BODY_SIZE + BODY_PITCH - BODY_SIZE) / BODY_PITCH


# -- the package ----------------------------------------------------------------------


def normalised_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so that a build is reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
