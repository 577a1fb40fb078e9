"""The DOCX laid out as docs/layout.md wants what pandoc cannot express:
the paper, tables within the text's indents, captions above their figures,
images no wider than the text and without the builder's file paths, lists as
subparagraphs, complex-script sizes, and the open leading of Nastaliq.
"""

from __future__ import annotations

import itertools
import unicodedata
from typing import Any

from dossier.render.wordml import (
    NS,
    PPR,
    RPR,
    TBLPR,
    TCPR,
    W_NS,
    W_P,
    W_TBL,
    Element,
    all_text,
    child_of,
    local_name,
    props_of,
    set_w,
    w_element,
    xpath,
)

# Page geometry in twips (1/20 pt); the templates are drawn for US Letter.
PAPER = {"letter": (12240, 15840), "a4": (11906, 16838)}
MARGIN = 1440
INDENT = 720  # 1.27 cm, the SingleTxt indent
LIST_STEP = 720
EMU_PER_TWIP = 635
# Paragraph styles that only make space (no text): their leading stays.
SPACERS = ("MastheadEnd",)
# The last letter of the Latin script (Latin Extended-B).
LATIN_END = 0x24F
# The paragraph styles of a picture: automatic leading, centred.
FIGURES = frozenset({"Figure", "CaptionedFigure"})
# Table cells: a 9 pt em in twips; the cell's margins (the Table style's,
# scripts/make_docx_templates.py) and a little air.
CELL_EM = 180
CELL_PAD = 2 * 85 + 60
CJK_WORD = 4


def set_paper(document: Any, paper: str) -> None:
    """Page size from the dossier; the masthead and the footer tab follow the text width."""
    width, height = PAPER[paper]
    for size in document.element.body.iter(f"{{{W_NS}}}pgSz"):
        set_w(size, w=width, h=height)
    ratio = (width - 2 * MARGIN) / (PAPER["letter"][0] - 2 * MARGIN)
    if ratio == 1:
        return
    masthead = document.element.body.find("w:tbl", NS)
    if masthead is not None:
        for node in xpath(masthead, ".//w:gridCol | .//w:tcW | .//w:tblW"):
            set_w(node, w=round(int(node.get(f"{{{W_NS}}}w")) * ratio))
    styles = document.styles.element
    for tab in xpath(styles, ".//w:style[@w:styleId='Footer']//w:tab"):
        set_w(tab, pos=width - 2 * MARGIN)


def shape_table(table: Element, text_width: int) -> None:
    """A pandoc table per the layout: within the SingleTxt indents, 9 pt cells,
    italic header row between two rules, a rule under the last row."""
    width = text_width - 2 * INDENT
    props = table.find("w:tblPr", NS)
    set_w(child_of(props, "tblW", TBLPR), w=width, type="dxa")
    set_w(child_of(props, "tblInd", TBLPR), w=INDENT, type="dxa")
    columns = table.findall("w:tblGrid/w:gridCol", NS)
    given = [int(c.get(f"{{{W_NS}}}w", "0")) for c in columns]
    if len(set(given)) == 1:  # pandoc's default: equal columns, whatever they hold
        given = content_widths(table, len(columns), width)
    total = sum(given)
    for column, share in zip(columns, given, strict=True) if total else []:
        set_w(column, w=round(share * width / total))
    for style in table.iter(f"{{{W_NS}}}pStyle"):  # all in cells
        if style.get(f"{{{W_NS}}}val") == "Compact":
            set_w(style, val="TableText")
    rows = table.findall("w:tr", NS)
    header = [r for r in rows if r.find("w:trPr/w:tblHeader", NS) is not None]
    for row in header:
        _rule_cells(row, "top", "bottom")
        for run in row.iter(f"{{{W_NS}}}r"):
            child_of(props_of(run, "rPr"), "i", RPR)
    if rows:
        _rule_cells(rows[-1], "bottom")


def content_widths(table: Element, count: int, width: int) -> list[int]:
    """Column widths from what the cells hold, as a browser lays out a table
    of automatic width: each column as wide as its longest word, the room
    left shared by how much more each column's longest text would take
    (equal columns ran the numbers of one column into the text of the next)."""
    shortest, longest = [CELL_PAD] * count, [CELL_PAD] * count
    for row in table.findall("w:tr", NS):
        for n, cell in enumerate(row.findall("w:tc", NS)[:count]):
            for paragraph in cell.findall("w:p", NS):
                text = all_text(paragraph)
                words = [_unbroken_width(word) for word in text.split()] or [0]
                shortest[n] = max(shortest[n], max(words) + CELL_PAD)
                longest[n] = max(longest[n], _text_width(text) + CELL_PAD)
    room = width - sum(shortest)
    wanted = [b - a for a, b in zip(shortest, longest, strict=True)]
    if room <= 0 or not sum(wanted):
        return shortest
    if room >= sum(wanted):  # every text on one line, the rest shared alike
        return longest
    return [a + round(room * w / sum(wanted)) for a, w in zip(shortest, wanted, strict=True)]


def _unbroken_width(word: str) -> int:
    """The widest part of ``word`` a line should not break: a Latin or
    Arabic word, or up to :data:`CJK_WORD` Chinese characters (a line may
    break between any two, but "死亡" set a character a line is unread)."""
    runs = itertools.groupby(word, key=lambda c: unicodedata.east_asian_width(c) in {"W", "F"})
    return max(
        min(len(text), CJK_WORD) * CELL_EM if wide else _text_width(text)
        for wide, chars in runs
        for text in ["".join(chars)]
    )


def _text_width(text: str) -> int:
    """Width of ``text`` in 9 pt table cells, in twips, by an average letter
    (half an em) and a full em for wide (CJK) characters."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in {"W", "F"})
    return (len(text) - wide) * CELL_EM // 2 + wide * CELL_EM


def _rule_cells(row: Element, *sides: str) -> None:
    for cell in row.findall("w:tc", NS):
        borders = child_of(props_of(cell, "tcPr"), "tcBorders", TCPR)
        for side in sides:
            rule = child_of(borders, side, ["top", "left", "start", "bottom", "right", "end"])
            set_w(rule, val="single", sz=4, space=0, color="000000")


def captions_above(body: Element) -> None:
    """Pandoc writes a figure's caption under the image; the layout wants it above."""
    for caption in xpath(body, ".//w:p[w:pPr/w:pStyle/@w:val='ImageCaption']"):
        figure = caption.getprevious()
        if figure is not None and _style(figure) in FIGURES:
            figure.addprevious(caption)
            # Written on the paragraph itself: LibreOffice did not apply the
            # style's keepNext and left the caption at the foot of a page.
            child_of(props_of(caption, "pPr"), "keepNext", PPR)


def figure_paragraphs(body: Element) -> None:
    """Every picture's paragraph in the Figure style, of automatic leading:
    pandoc writes a figure's cells (a map beside its note) in Compact, of
    exact 12 pt leading, and the picture is cut to a 12 pt strip."""
    for paragraph in xpath(body, ".//w:p[.//w:drawing]"):
        if _style(paragraph) not in FIGURES:
            set_w(child_of(props_of(paragraph, "pPr"), "pStyle", PPR), val="Figure")


def figure_tables_out(body: Element) -> None:
    """Pandoc sets a figure of several parts (a map and its note) side by
    side in a table of equal columns, too narrow for the map, which then runs
    over its note. The parts one under the other, as in the PDF, under the
    caption; the picture kept with the note under it."""
    for table in xpath(body, ".//w:tbl[w:tblPr/w:tblStyle/@w:val='FigureTable']"):
        parts = xpath(table, "./w:tr/w:tc/w:p")
        caption = table.getnext()
        if caption is not None and _style(caption) == "ImageCaption":
            parts.insert(0, caption)
            child_of(props_of(caption, "pPr"), "keepNext", PPR)
        for part in parts:
            if part.find(".//w:drawing", NS) is not None and part is not parts[-1]:
                child_of(props_of(part, "pPr"), "keepNext", PPR)
            table.addprevious(part)
        table.getparent().remove(table)


def keep_figures(body: Element, text_width: int, rtl: bool = False) -> None:
    """Each figure (its caption, its pictures and the note under them, kept
    with next one to the other) in one borderless cell of a row that does
    not break across pages. LibreOffice leaves a caption at the foot of a
    page that has footnotes, its picture on the next, keepNext or not."""
    for caption in xpath(body, "./w:p[w:pPr/w:pStyle/@w:val='ImageCaption']"):
        parts = [caption]
        while _kept(parts[-1]) and (after := parts[-1].getnext()) is not None:
            if after.tag != W_P:
                break
            parts.append(after)
        if len(parts) > 1 and any(p.find(".//w:drawing", NS) is not None for p in parts):
            table = _figure_table(text_width, rtl)
            caption.addprevious(table)
            table.find("w:tr/w:tc", NS).extend(parts)  # moved from the body
            for neighbour, place in (
                (table.getprevious(), "addprevious"),
                (table.getnext(), "addnext"),
            ):
                if neighbour is not None and neighbour.tag == W_TBL:
                    getattr(table, place)(_spacer(rtl))


def _spacer(rtl: bool) -> Element:
    """An empty paragraph of no height between a figure's table and another
    table: two tables one after the other are one table to Word."""
    paragraph = w_element("p")
    props = w_element("pPr")
    if rtl:
        props.append(w_element("bidi"))
    props.append(w_element("spacing", before=0, after=0, line=20, lineRule="exact"))
    paragraph.append(props)
    return paragraph


def _kept(paragraph: Element) -> bool:
    keep = paragraph.find("w:pPr/w:keepNext", NS)
    return keep is not None and keep.get(f"{{{W_NS}}}val", "1") not in {"0", "false"}


def _figure_table(text_width: int, rtl: bool) -> Element:
    """A table of one borderless cell as wide as the text, its row unbroken."""
    table = w_element("tbl")
    props = w_element("tblPr")
    if rtl:
        props.append(w_element("bidiVisual"))
    props.append(w_element("tblW", w=text_width, type="dxa"))
    props.append(w_element("tblLayout", type="fixed"))
    margins = w_element("tblCellMar")
    margins.extend([w_element("left", w=0, type="dxa"), w_element("right", w=0, type="dxa")])
    props.append(margins)
    grid = w_element("tblGrid")
    grid.append(w_element("gridCol", w=text_width))
    row, cell = w_element("tr"), w_element("tc")
    row_props = w_element("trPr")
    row_props.append(w_element("cantSplit"))
    cell_props = w_element("tcPr")
    cell_props.append(w_element("tcW", w=text_width, type="dxa"))
    cell.append(cell_props)
    row.extend([row_props, cell])
    table.extend([props, grid, row])
    return table


def _style(paragraph: Element) -> str | None:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return None if style is None else str(style.get(f"{{{W_NS}}}val"))


def local_paths_out(body: Element) -> None:
    """Pandoc names each picture by its file's path (``pic:cNvPr/@descr``):
    the path says where the build ran. Keep the alt text of the drawing."""
    for drawing in body.iter(f"{{{W_NS}}}drawing"):
        alt = next((e.get("descr", "") for e in drawing.iter() if local_name(e) == "docPr"), "")
        for element in drawing.iter():
            if local_name(element) == "cNvPr" and element.get("descr") is not None:
                element.set("descr", alt)


def fit_images(body: Element, text_width: int) -> None:
    """No image wider than the text between the SingleTxt indents, as in the
    PDF (pandoc sized them for US Letter; at the full width a map stood 9 per
    cent larger than the PDF's and the DOCX ran to two more pages)."""
    limit = (text_width - 2 * INDENT) * EMU_PER_TWIP
    for drawing in body.iter(f"{{{W_NS}}}drawing"):
        extents = xpath(drawing, ".//wp:extent | .//a:ext")
        widths = [int(e.get("cx", "0")) for e in extents]
        if not widths or max(widths) <= limit:
            continue
        ratio = limit / max(widths)
        for extent in extents:
            extent.set("cx", str(round(int(extent.get("cx")) * ratio)))
            extent.set("cy", str(round(int(extent.get("cy")) * ratio)))


def numbering_of(document: Any) -> Element | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # python-docx: the document has no lists
        return None


def style_lists(body: Element, numbering: Element | None) -> None:
    """List items as SingleTxt subparagraphs: '(a)' at 1.9 cm, the text after
    a tab at 2.54 cm, wrapped lines under the text, as in the PDF (one step
    more per level)."""
    for props in xpath(body, ".//w:p/w:pPr[w:numPr][not(w:pStyle)]"):
        set_w(child_of(props, "pStyle", PPR), val="BodyText")
    for level in [] if numbering is None else numbering.iterfind(".//w:lvl", NS):
        depth = int(level.get(f"{{{W_NS}}}ilvl", "0"))
        props = child_of(level, "pPr", ["start", "numFmt", "lvlText", "lvlJc", "pPr", "rPr"])
        text = INDENT + LIST_STEP + depth * LIST_STEP
        for old in props.findall("w:ind", NS) + props.findall("w:tabs", NS):
            props.remove(old)
        tabs = child_of(props, "tabs", PPR)
        tabs.append(w_element("tab", val="left", pos=text))
        set_w(child_of(props, "ind", PPR), left=text, right=INDENT, hanging=LIST_STEP // 2)


def stable_nsids(numbering: Element) -> None:
    """One id (``w:nsid``) per list definition, numbered in order: pandoc
    gives the body's lists and the annex's the same ids, and Word joins the
    lists that share one."""
    for index, nsid in enumerate(numbering.iterfind("w:abstractNum/w:nsid", NS)):
        set_w(nsid, val=f"{0x0D055100 + index:08X}")


def match_cs_sizes(root: Element) -> None:
    """The complex-script size (``w:szCs``) equal to the size wherever one is set."""
    for size in list(root.iter(f"{{{W_NS}}}sz")):
        props = size.getparent()
        set_w(child_of(props, "szCs", RPR), val=str(size.get(f"{{{W_NS}}}val")))


def open_leading(styles: Element, scale: float) -> None:
    """Exact leading ``scale`` times larger, still exact (Nastaliq's tall
    ascenders and deep descenders are clipped by exact 12 pt). Not a
    minimum: LibreOffice then sets each line at the font's own height,
    2.5 em, and the Urdu DOCX ran to 12 pages where the PDF has 9."""
    exact = ".//w:spacing[@w:lineRule='exact' or not(@w:lineRule)]"
    for spacing in xpath(styles, exact):
        if spacing.getparent().getparent().get(f"{{{W_NS}}}styleId") in SPACERS:
            continue
        line = spacing.get(f"{{{W_NS}}}line")
        if line is not None:
            set_w(spacing, line=round(int(line) * scale), lineRule="exact")


def upright_styles(styles: Element) -> None:
    """No italic style in a script written without italics (UN Arabic,
    Chinese and Urdu texts set upright what the English sets in italics:
    the notice, "(Signed)", the header row): LibreOffice slants the glyphs."""
    for node in xpath(styles, ".//w:rPr/w:i | .//w:rPr/w:iCs"):
        node.getparent().remove(node)


def upright_runs(root: Element) -> None:
    """No italics on a run of such a script; a run of Latin text only (an
    English title in a note) keeps its own."""
    for run in xpath(root, ".//w:r[w:rPr/w:i or w:rPr/w:iCs]"):
        text = "".join(run.itertext())
        latin = not any(c.isalpha() and ord(c) > LATIN_END for c in text)
        for node in list(run.find("w:rPr", NS)):
            if local_name(node) == "iCs" or (local_name(node) == "i" and not latin):
                node.getparent().remove(node)
