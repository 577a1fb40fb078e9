"""DOCX: the letter template ``templates/<kind>/letter.docx`` (docxtpl) filled
with the localised strings, the letter body and the annex rendered by pandoc
with ``reference.docx`` and merged in as subdocuments, then a few lxml fixes
for what pandoc cannot express (docs/layout.md).

Both templates are built by ``scripts/make_docx_templates.py``.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate
from lxml import etree

from dossier import ast, pandoc
from dossier.assemble import Document
from dossier.render.lower import lower_spans, raw_inline
from dossier.templates import kind_dir

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
# Page geometry in twips (1/20 pt); the templates are drawn for US Letter.
PAPER = {"letter": (12240, 15840), "a4": (11906, 16838)}
MARGIN = 1440
INDENT = 720  # 1.27 cm, the SingleTxt indent
LIST_STEP = 720
EMU_PER_TWIP = 635
ZIP_DATE = (2000, 1, 1, 0, 0, 0)

Element = Any  # lxml elements (lxml ships no type information)


def render(doc: Document, out: Path, kind: str = "sc-letter") -> None:
    """Write the DOCX of ``doc`` to ``out``."""
    folder = _template_dir(kind)
    with tempfile.TemporaryDirectory(prefix="dossier-docx-") as tmp:
        reference = folder / "reference.docx"
        body = _pandoc_docx(doc.body, reference, Path(tmp) / "body.docx")
        annex = _pandoc_docx(doc.annex, reference, Path(tmp) / "annex.docx") if doc.annex else None
        template = _LetterTemplate(str(folder / "letter.docx"))
        context: dict[str, Any] = {
            **doc.strings,
            "job_line": doc.job_line,
            "job_number": doc.job_number,
            "body": template.new_subdoc(str(body)),
            "annex": template.new_subdoc(str(annex)) if annex else None,
        }
        template.render(context, autoescape=True)
    finish(template.docx, doc)
    buffer = io.BytesIO()
    template.save(buffer)
    out.write_bytes(normalised_zip(buffer.getvalue()))


class _LetterTemplate(DocxTemplate):  # type: ignore[misc]
    def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """The template's footnotes hold no tags; the merged footnotes are
        dossier text, which must not be read as Jinja."""


def _template_dir(kind: str) -> Path:
    folder = kind_dir(kind)
    names = ("letter.docx", "reference.docx")
    if folder is None or not all((folder / name).is_file() for name in names):
        raise FileNotFoundError(f"no DOCX templates for '{kind}' (letter.docx, reference.docx)")
    return folder


# -- pandoc -----------------------------------------------------------------------------


def number_runs(_cls: str, label: str) -> list[ast.Node]:
    """A heading or paragraph number: the number, then a tab."""
    xml = f'<w:r><w:t xml:space="preserve">{escape(label)}</w:t></w:r><w:r><w:tab/></w:r>'
    return [raw_inline("openxml", xml)]


def _pandoc_docx(blocks: list[Any], reference: Path, path: Path) -> Path:
    lowered = lower_spans(blocks, number_runs)
    args = ["-f", "json", "-t", "docx", "--reference-doc", str(reference), "-o", str(path)]
    pandoc.run(args, pandoc.document(lowered))
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
    numbering = _numbering(document)
    style_lists(body, numbering)
    if numbering is not None:
        stable_nsids(numbering)
    set_language(document, doc)
    props = document.core_properties
    props.title, props.subject, props.language = doc.meta.get("title", ""), doc.symbol, doc.lang


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
    found = parent.find(f"w:{tag}", NS)
    if found is not None:
        return found
    node = _w(tag)
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        name = etree.QName(sibling).localname
        if name in order and order.index(name) > rank:
            parent.insert(i, node)
            return node
    parent.append(node)
    return node


PPR = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "numPr", "pBdr", "tabs", "bidi"]
PPR += ["spacing", "ind", "jc", "outlineLvl", "rPr"]
RPR = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "sz", "szCs", "vertAlign", "rtl", "lang"]
TBLPR = ["tblStyle", "bidiVisual", "tblW", "jc", "tblInd", "tblBorders", "tblLayout", "tblLook"]
TCPR = ["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "vAlign"]


def _props(parent: Element, tag: str) -> Element:
    """The properties child (``w:rPr``, ``w:tcPr``...), always the first child."""
    found = parent.find(f"w:{tag}", NS)
    if found is None:
        found = _w(tag)
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
    for style in _xpath(table, ".//w:tc//w:pStyle[@w:val='Compact']"):
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
    except (KeyError, NotImplementedError):
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
    """docxcompose draws list ids at random; number them for reproducible builds."""
    for index, nsid in enumerate(numbering.iterfind("w:abstractNum/w:nsid", NS)):
        _set(nsid, val=f"{0x0D055100 + index:08X}")


def set_language(document: Any, doc: Document) -> None:
    """The document language, and right-to-left paragraphs and tables for
    Arabic, Hebrew, Persian and Urdu."""
    defaults = document.styles.element.find("w:docDefaults", NS)
    run = _child(_child(defaults, "rPrDefault", ["rPrDefault", "pPrDefault"]), "rPr", ["rPr"])
    _set(_child(run, "lang", RPR), val=doc.lang)
    if doc.direction != "rtl":
        return
    _set(_child(run, "lang", RPR), bidi=doc.lang)
    para = _child(_child(defaults, "pPrDefault", ["rPrDefault", "pPrDefault"]), "pPr", ["pPr"])
    _child(para, "bidi", PPR)
    for props in document.element.body.iter(f"{{{W_NS}}}tblPr"):
        _child(props, "bidiVisual", TBLPR)


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
