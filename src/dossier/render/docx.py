"""DOCX: the letter template ``templates/<kind>/letter.docx`` (docxtpl) filled
with the localised strings, the letter body and the annex rendered by pandoc
with ``reference.docx`` and merged in (:mod:`dossier.render.docx_merge`), then
a few lxml fixes for what pandoc cannot express (docs/layout.md).

Both templates are built by ``scripts/make_docx_templates.py``.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate
from lxml import etree

from dossier.assemble.compose import Document
from dossier.core import pandoc, tree
from dossier.core.localise import RTL, lang_tag
from dossier.core.templates import kind_dir
from dossier.render.docx_merge import Merger, placeholder, read
from dossier.render.lower import raw_inline

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
_W_P, _W_TBL, _W_R = (f"{{{W_NS}}}{tag}" for tag in ("p", "tbl", "r"))
# Page geometry in twips (1/20 pt); the templates are drawn for US Letter.
PAPER = {"letter": (12240, 15840), "a4": (11906, 16838)}
MARGIN = 1440
INDENT = 720  # 1.27 cm, the SingleTxt indent
LIST_STEP = 720
EMU_PER_TWIP = 635
ZIP_DATE = (2000, 1, 1, 0, 0, 0)

# Complex-script and East Asian fonts (docs/layout.md: the body font's
# companions for these scripts).
CS_FONTS = {"ar": "Noto Naskh Arabic", "ur": "Noto Nastaliq Urdu"}
EAST_ASIAN_FONTS = {"zh": "Noto Serif CJK SC"}
# Nastaliq stands much taller than Naskh: exact leading clips it.
LINE_SCALE = {"ur": 1.5}
# Languages written without a space between words: no gap after "(Signed)".
NO_WORD_SPACE = frozenset({"zh", "ja"})
# Paragraph styles that only make space (no text): their leading stays.
SPACERS = ("MastheadEnd",)
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LRM = "\u200e"
# Boilerplate strings that may be Latin text inside a right-to-left document.
LATIN_IN_RTL = (
    "symbol", "distribution", "date", "version", "original", "job_line", "job_number", "marking",
)  # fmt: skip

Element = Any  # lxml elements (lxml ships no type information)


def render(doc: Document, out: Path, kind: str | None = None) -> None:
    """Write the DOCX of ``doc`` to ``out``."""
    folder = _template_dir(kind or doc.kind)
    parts = {"body": doc.body, **({"annex": doc.annex} if doc.annex else {})}
    template = _LetterTemplate(str(folder / "letter.docx"))
    context: dict[str, Any] = {**template_strings(doc), "annex": None}
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
        if node["t"] == "Image":
            return raster_image(node)
        if node["t"] == "Span":
            for cls in ("heading-num", "para-num"):
                if cls in classes:
                    return number_runs(cls, tree.stringify(node["c"][1]))
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
    ident, classes, pairs = node["c"][0]
    pairs = [p for p in pairs if p[0] not in {"lang", "custom-style"}]
    pairs += [["lang", doc.lang], ["custom-style", "Untranslated Marker"]]
    return {"t": "Div", "c": [[ident, classes, pairs], node["c"][1]]}


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
    for table in _xpath(body, ".//w:tbl[w:tblPr/w:tblStyle/@w:val='Table']"):
        shape_table(table, text_width)
    captions_above(body)
    fit_images(body, text_width)
    local_paths_out(body)
    numbering = _numbering(document)
    style_lists(body, numbering)
    if numbering is not None:
        stable_nsids(numbering)
    set_language(document.styles.element, doc)
    for root, save in _xml_parts(document):
        set_direction(root, doc)
        match_cs_sizes(root)
        save()
    match_cs_sizes(document.styles.element)
    if doc.lang in LINE_SCALE:
        open_leading(document.styles.element, LINE_SCALE[doc.lang])
    props = document.core_properties
    props.title, props.subject = doc.meta.get("title", ""), doc.symbol
    props.language = lang_tag(doc.lang)


# All the text under a node, in C: ``itertext()`` reads ``.text``, which
# python-docx's paragraph and run classes turn into a search of their runs.
_text: Callable[[Element], str] = etree.XPath("string()", smart_strings=False)


def _xpath(node: Element, expr: str) -> list[Element]:
    result: list[Element] = etree.XPath(expr, namespaces=NS)(node)
    return result


def _w(tag: str, **attrs: str | int) -> Element:
    node = etree.Element(f"{{{W_NS}}}{tag}")
    for key, value in attrs.items():
        node.set(f"{{{W_NS}}}{key}", str(value))
    return node


def _set(node: Element, **attrs: str | int) -> None:
    for key, value in attrs.items():
        node.set(f"{{{W_NS}}}{key}", str(value))


def _child(parent: Element, tag: str, order: list[str]) -> Element:
    """The ``w:tag`` child of ``parent``, created at its place in ``order``."""
    found = parent.find(f"{{{W_NS}}}{tag}")
    if found is not None:
        return found
    # Made in the parent's document: not a new document per element.
    node = parent.makeelement(f"{{{W_NS}}}{tag}")
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        name = _local(sibling)
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


def _props(parent: Element, tag: str) -> Element:
    """The properties child (``w:rPr``, ``w:tcPr``...), always the first child."""
    found = parent.find(f"{{{W_NS}}}{tag}")
    if found is None:
        found = parent.makeelement(f"{{{W_NS}}}{tag}")
        parent.insert(0, found)
    return found


def set_paper(document: Any, paper: str) -> None:
    """Page size from the dossier; the masthead and the footer tab follow the text width."""
    width, height = PAPER[paper]
    for size in document.element.body.iter(f"{{{W_NS}}}pgSz"):
        _set(size, w=width, h=height)
    ratio = (width - 2 * MARGIN) / (PAPER["letter"][0] - 2 * MARGIN)
    if ratio == 1:
        return
    masthead = document.element.body.find("w:tbl", NS)
    if masthead is not None:
        for node in _xpath(masthead, ".//w:gridCol | .//w:tcW | .//w:tblW"):
            _set(node, w=round(int(node.get(f"{{{W_NS}}}w")) * ratio))
    styles = document.styles.element
    for tab in _xpath(styles, ".//w:style[@w:styleId='Footer']//w:tab"):
        _set(tab, pos=width - 2 * MARGIN)


def shape_table(table: Element, text_width: int) -> None:
    """A pandoc table per the layout: within the SingleTxt indents, 9 pt cells,
    italic header row between two rules, a rule under the last row."""
    width = text_width - 2 * INDENT
    props = table.find("w:tblPr", NS)
    _set(_child(props, "tblW", TBLPR), w=width, type="dxa")
    _set(_child(props, "tblInd", TBLPR), w=INDENT, type="dxa")
    columns = table.findall("w:tblGrid/w:gridCol", NS)
    total = sum(int(c.get(f"{{{W_NS}}}w", "0")) for c in columns)
    for column in columns if total else []:
        _set(column, w=round(int(column.get(f"{{{W_NS}}}w")) * width / total))
    for style in table.iter(f"{{{W_NS}}}pStyle"):  # all in cells
        if style.get(f"{{{W_NS}}}val") == "Compact":
            _set(style, val="TableText")
    rows = table.findall("w:tr", NS)
    header = [r for r in rows if r.find("w:trPr/w:tblHeader", NS) is not None]
    for row in header:
        _rule_cells(row, "top", "bottom")
        for run in row.iter(f"{{{W_NS}}}r"):
            _child(_props(run, "rPr"), "i", RPR)
    if rows:
        _rule_cells(rows[-1], "bottom")


def _rule_cells(row: Element, *sides: str) -> None:
    for cell in row.findall("w:tc", NS):
        borders = _child(_props(cell, "tcPr"), "tcBorders", TCPR)
        for side in sides:
            rule = _child(borders, side, ["top", "left", "start", "bottom", "right", "end"])
            _set(rule, val="single", sz=4, space=0, color="000000")


def captions_above(body: Element) -> None:
    """Pandoc writes a figure's caption under the image; the layout wants it above."""
    for caption in _xpath(body, ".//w:p[w:pPr/w:pStyle/@w:val='ImageCaption']"):
        figure = caption.getprevious()
        if figure is not None and _style(figure) in {"CaptionedFigure", "Figure"}:
            figure.addprevious(caption)
            # Written on the paragraph itself: LibreOffice did not apply the
            # style's keepNext and left the caption at the foot of a page.
            _child(_props(caption, "pPr"), "keepNext", PPR)


def _style(paragraph: Element) -> str | None:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return None if style is None else str(style.get(f"{{{W_NS}}}val"))


def local_paths_out(body: Element) -> None:
    """Pandoc names each picture by its file's path (``pic:cNvPr/@descr``):
    the path says where the build ran. Keep the alt text of the drawing."""
    for drawing in body.iter(f"{{{W_NS}}}drawing"):
        alt = next((e.get("descr", "") for e in drawing.iter() if _local(e) == "docPr"), "")
        for element in drawing.iter():
            if _local(element) == "cNvPr" and element.get("descr") is not None:
                element.set("descr", alt)


def _local(element: Element) -> str:
    tag = element.tag
    return str(tag.rpartition("}")[2]) if isinstance(tag, str) else ""


def fit_images(body: Element, text_width: int) -> None:
    """No image wider than the text (pandoc sized them for US Letter)."""
    limit = text_width * EMU_PER_TWIP
    for drawing in body.iter(f"{{{W_NS}}}drawing"):
        extents = _xpath(drawing, ".//wp:extent | .//a:ext")
        widths = [int(e.get("cx", "0")) for e in extents]
        if not widths or max(widths) <= limit:
            continue
        ratio = limit / max(widths)
        for extent in extents:
            extent.set("cx", str(round(int(extent.get("cx")) * ratio)))
            extent.set("cy", str(round(int(extent.get("cy")) * ratio)))


def _numbering(document: Any) -> Element | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # python-docx: the document has no lists
        return None


def style_lists(body: Element, numbering: Element | None) -> None:
    """List items as SingleTxt subparagraphs: '(a)' at 1.9 cm, the text after
    a tab at 2.54 cm, wrapped lines back at 1.27 cm (one step more per level)."""
    for props in _xpath(body, ".//w:p/w:pPr[w:numPr][not(w:pStyle)]"):
        _set(_child(props, "pStyle", PPR), val="BodyText")
    for level in [] if numbering is None else numbering.iterfind(".//w:lvl", NS):
        depth = int(level.get(f"{{{W_NS}}}ilvl", "0"))
        props = _child(level, "pPr", ["start", "numFmt", "lvlText", "lvlJc", "pPr", "rPr"])
        left = INDENT + depth * LIST_STEP
        for old in props.findall("w:ind", NS) + props.findall("w:tabs", NS):
            props.remove(old)
        tabs = _child(props, "tabs", PPR)
        tabs.append(_w("tab", val="left", pos=left + LIST_STEP))
        _set(_child(props, "ind", PPR), left=left, right=INDENT, firstLine=357)


def stable_nsids(numbering: Element) -> None:
    """One id (``w:nsid``) per list definition, numbered in order: pandoc
    gives the body's lists and the annex's the same ids, and Word joins the
    lists that share one."""
    for index, nsid in enumerate(numbering.iterfind("w:abstractNum/w:nsid", NS)):
        _set(nsid, val=f"{0x0D055100 + index:08X}")


# -- languages and directions ------------------------------------------------------------


def is_rtl(lang: str) -> bool:
    return lang.split("-")[0].lower() in RTL


def lang_attrs(lang: str) -> dict[str, str]:
    """``w:lang`` for text in ``lang``: Latin text in a Chinese or Arabic
    document is English (the masthead); the language itself is the East
    Asian or the complex-script one."""
    if is_rtl(lang):
        return {"val": "en-US", "bidi": lang_tag(lang)}
    if lang in EAST_ASIAN_FONTS:
        return {"val": "en-US", "eastAsia": lang_tag(lang)}
    return {"val": lang_tag(lang)}


def set_language(styles: Element, doc: Document) -> None:
    """The document's language, fonts and direction in the style defaults."""
    defaults = styles.find("w:docDefaults", NS)
    run = _child(_child(defaults, "rPrDefault", ["rPrDefault", "pPrDefault"]), "rPr", ["rPr"])
    lang = _child(run, "lang", RPR)
    lang.attrib.clear()
    _set(lang, **lang_attrs(doc.lang))
    fonts = _child(run, "rFonts", RPR)
    if doc.lang in CS_FONTS:
        _set(fonts, cs=CS_FONTS[doc.lang])
    if doc.lang in EAST_ASIAN_FONTS:
        _set(fonts, eastAsia=EAST_ASIAN_FONTS[doc.lang])
    if doc.direction == "rtl":
        para = _child(_child(defaults, "pPrDefault", ["rPrDefault", "pPrDefault"]), "pPr", ["pPr"])
        _child(para, "bidi", PPR)


def _xml_parts(document: Any) -> Iterator[tuple[Element, Callable[[], None]]]:
    """The root of every part that holds text (body, headers, footers,
    footnotes), with what writes it back."""
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name == "/word/document.xml" or re.fullmatch(r"/word/(header|footer)\d*\.xml", name):
            yield part.element, lambda: None
        elif name == "/word/footnotes.xml":
            root = etree.fromstring(part.blob)
            yield root, _blob_writer(part, root)


def _blob_writer(part: Any, root: Element) -> Callable[[], None]:
    def save() -> None:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return save


def set_direction(root: Element, doc: Document) -> None:
    """Right-to-left where the text is: every paragraph of a right-to-left
    document carries ``w:bidi`` (off for left-to-right source text standing in
    for a translation), every run with Arabic letters ``w:rtl``, every table
    ``w:bidiVisual``, the section ``w:bidi``. A paragraph's language is its
    first run's (see :func:`first_langs`), else its table's, else the document's."""
    first = first_langs(root)
    for paragraph in root.iter(_W_P):
        table = next(paragraph.iterancestors(_W_TBL), None)
        default = doc.lang if table is None else first.get(table, doc.lang)
        _direction(paragraph, "pPr", "bidi", is_rtl(first.get(paragraph, default)), doc)
    # Only runs with a language or with right-to-left letters change.
    rtl_text = RTL_LETTERS.search(_text(root)) is not None
    runs = root.iter(_W_R) if rtl_text else _lang_runs(root)
    for run in list(runs):
        mark_run(run, doc)
    for table in root.iter(_W_TBL):
        _direction(table, "tblPr", "bidiVisual", is_rtl(first.get(table, doc.lang)), doc)
    if doc.direction == "rtl":
        for section in root.iter(f"{{{W_NS}}}sectPr"):
            _child(section, "bidi", SECTPR)
        _end_align(_xpath(root, ".//w:p[w:pPr/w:pStyle/@w:val='MastheadDistribution']"))
        isolate_fields(root)
        latin_markings(_xpath(root, ".//w:p[w:pPr/w:pStyle/@w:val='Marking']"))


def _run_langs(root: Element) -> Iterator[tuple[Element, Element]]:
    """Each run's ``w:rPr/w:lang`` under ``root``, in document order."""
    for lang in root.iter(f"{{{W_NS}}}lang"):
        props = lang.getparent()
        run = props.getparent()
        if props.tag == f"{{{W_NS}}}rPr" and run is not None and run.tag == _W_R:
            yield run, lang


def _lang_runs(root: Element) -> Iterator[Element]:
    return (run for run, _lang in _run_langs(root))


def first_langs(root: Element) -> dict[Element, str]:
    """The language of every paragraph and table under ``root`` that has a
    run naming one: the first such run's (pandoc writes the ``lang`` of a Div
    on its runs). One pass: each run's language goes up to the paragraphs and
    tables around it that have none yet."""
    first: dict[Element, str] = {}
    for run, lang in _run_langs(root):
        value = lang.get(f"{{{W_NS}}}bidi") or lang.get(f"{{{W_NS}}}val")
        if not value:
            continue
        for node in run.iterancestors(_W_P, _W_TBL):
            if node in first:
                break  # and so are the nodes around it
            first[node] = str(value)
    return first


def _direction(node: Element, props: str, tag: str, rtl: bool, doc: Document) -> None:
    """``w:bidi`` (``w:bidiVisual``) on where the text is right to left;
    explicitly off in a right-to-left document where it is not."""
    if rtl or doc.direction == "rtl":
        order = PPR if props == "pPr" else TBLPR
        flag = _child(_props(node, props), tag, order)
        if not rtl:
            _set(flag, val=0)


def mark_run(run: Element, doc: Document) -> None:
    """``w:rtl`` on a run with Arabic letters (never on Latin text: it would
    read right to left); Word's tag for a language pandoc names ('en')."""
    text = _text(run)
    props = run.find("w:rPr", NS)
    if RTL_LETTERS.search(text):
        props = _props(run, "rPr")
        _child(props, "rtl", RPR)
    lang = None if props is None else props.find("w:lang", NS)
    if lang is not None and lang.get(f"{{{W_NS}}}val"):
        code = str(lang.get(f"{{{W_NS}}}val"))
        lang.attrib.clear()
        _set(lang, **lang_attrs(code))
        base = code.split("-")[0]
        if base != doc.lang and base in CS_FONTS:
            _set(_child(props, "rFonts", RPR), cs=CS_FONTS[base])


def _end_align(paragraphs: list[Element]) -> None:
    """Left in a right-to-left paragraph: ``w:jc`` is logical there ('right'
    is the end of the line, the left side)."""
    for paragraph in paragraphs:
        _set(_child(_props(paragraph, "pPr"), "jc", PPR), val="right")


def latin_markings(paragraphs: list[Element]) -> None:
    """A classification marking without Arabic letters ('CONFIDENTIAL') is a
    left-to-right paragraph, even in a right-to-left document."""
    for paragraph in paragraphs:
        text = _text(paragraph).strip(LRM)
        if text and not RTL_LETTERS.search(text):
            _set(_child(_props(paragraph, "pPr"), "bidi", PPR), val=0)


def isolate_fields(root: Element) -> None:
    """'2/3' stays '2/3' in a right-to-left footer: left-to-right marks
    around the page number fields."""
    for paragraph in root.iter(f"{{{W_NS}}}p"):
        fields = paragraph.findall("w:fldSimple", NS)
        if fields:
            fields[0].addprevious(_mark_run())
            fields[-1].addnext(_mark_run())


def _mark_run() -> Element:
    run = _w("r")
    text = _w("t")
    text.text = LRM
    run.append(text)
    return run


def match_cs_sizes(root: Element) -> None:
    """The complex-script size (``w:szCs``) equal to the size wherever one is set."""
    for size in list(root.iter(f"{{{W_NS}}}sz")):
        props = size.getparent()
        _set(_child(props, "szCs", RPR), val=str(size.get(f"{{{W_NS}}}val")))


def open_leading(styles: Element, scale: float) -> None:
    """Exact leading becomes a minimum, ``scale`` times larger (Nastaliq's
    tall ascenders and deep descenders are clipped by exact 12 pt)."""
    exact = ".//w:spacing[@w:lineRule='exact' or not(@w:lineRule)]"
    for spacing in _xpath(styles, exact):
        if spacing.getparent().getparent().get(f"{{{W_NS}}}styleId") in SPACERS:
            continue
        line = spacing.get(f"{{{W_NS}}}line")
        if line is not None:
            _set(spacing, line=round(int(line) * scale), lineRule="atLeast")


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
