"""Build the Word templates of the UN letter (docs/layout.md), deterministically.

Writes two files per document kind (``templates/<kind>/``), committed and
reviewed like source:

* ``reference.docx``: pandoc's ``--reference-doc``, the styles the letter
  body and the annex are rendered with;
* ``letter.docx``: the docxtpl template of the document (masthead, title
  line, ``{{p body}}``, closing, signature, annex title, ``{{p annex}}``,
  headers and footers), with the very same styles.

The kinds: sc-letter; ga-letter (the General Assembly session block under the
masthead); identical-letters (both organs, and the Security Council's year);
note-verbale (no signature: the place and date); position-paper (no UN
masthead: issuer, title, place and date). The submission package's templates
(the mission's letterhead, the Secretariat's Word file) are built by
``scripts/submission_templates.py``, called from here.

A designer may edit ``letter.docx`` in Word; rerun this script to get back to
the reviewed state: ``.venv/bin/python scripts/make_docx_templates.py``.
Two runs write byte-identical files (fixed zip timestamps and properties).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Twips
from lxml import etree

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
OUT = TEMPLATES / "sc-letter"
KINDS = ("sc-letter", "ga-letter", "identical-letters", "note-verbale", "position-paper")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DRAWING_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
ZIP_DATE = (2000, 1, 1, 0, 0, 0)

# Geometry in twentieths of a point (twips): US Letter, 1 in margins.
PAGE_W, PAGE_H, MARGIN, HEADER_DIST = 12240, 15840, 1440, 720
TEXT_W = PAGE_W - 2 * MARGIN
INDENT = 720  # 1.27 cm: SingleTxt left and right indent
NUM_TAB = 1077  # 1.9 cm: text after the number of a numbered paragraph
FONT = "Times New Roman"

Node = Any  # lxml elements (lxml ships no type information)


def w(tag: str, *children: Node | None, **attrs: str | int) -> Node:
    """A ``w:`` element; keyword arguments become ``w:`` attributes."""
    node = etree.Element(f"{{{W_NS}}}{tag}", nsmap={"w": W_NS})
    for key, value in attrs.items():
        node.set(f"{{{W_NS}}}{key}", str(value))
    node.extend(c for c in children if c is not None)
    return node


def text(value: str) -> Node:
    node = w("t")
    node.text = value
    node.set(f"{{{XML_NS}}}space", "preserve")
    return node


# -- run and paragraph properties -----------------------------------------------------


def size(half_points: int) -> list[Node]:
    return [w("sz", val=half_points), w("szCs", val=half_points)]


def bold() -> list[Node]:
    return [w("b"), w("bCs")]


def italic() -> list[Node]:
    return [w("i"), w("iCs")]


def spacing(before: int = 0, after: int = 0, line: int = 240, rule: str = "exact") -> Node:
    return w("spacing", before=before, after=after, line=line, lineRule=rule)


def indent(left: int = 0, right: int = 0, hanging: int = 0) -> Node:
    node = w("ind", left=left, right=right)
    if hanging:
        node.set(f"{{{W_NS}}}hanging", str(hanging))
    return node


def tabs(*stops: tuple[str, int]) -> Node:
    return w("tabs", *(w("tab", val=kind, pos=pos) for kind, pos in stops))


def border(side: str, eighths: int = 4, space: int = 0) -> Node:
    return w(side, val="single", sz=eighths, space=space, color="000000")


def no_border(side: str) -> Node:
    return w(side, val="nil")


# -- styles: one table of definitions for both templates ----------------------------------


@dataclass(frozen=True)
class Style:
    kind: str  # paragraph, character, table
    style_id: str
    name: str
    based_on: str | None = None
    next: str | None = None
    ppr: list[Node] = field(default_factory=list)
    rpr: list[Node] = field(default_factory=list)
    extra: list[Node] = field(default_factory=list)  # tblPr, tblStylePr
    default: bool = False
    custom: bool = False


def _heading(level: int, name: str, run: list[Node], line: int) -> Style:
    return Style(
        "paragraph",
        f"Heading{level}",
        name,
        "Normal",
        "BodyText",
        [
            w("keepNext"),
            w("keepLines"),
            tabs(("left", INDENT)),
            spacing(240, 120, line),
            indent(INDENT, INDENT, hanging=INDENT),
            w("outlineLvl", val=level - 1),
        ],
        run,
    )


def _caption(style_id: str, name: str) -> Style:
    return Style("paragraph", style_id, name, "Caption", "BodyText", custom=style_id != "Caption")


def _table_style() -> Style:
    """Pandoc's table style: 9 pt, italic header row between two rules, a rule
    under the last row, no vertical rules (the renderer also writes these
    rules on the cells, for readers that ignore conditional formatting)."""
    tbl = w(
        "tblPr",
        w("tblInd", w=0, type="dxa"),
        w("tblBorders", border("top"), border("bottom")),
        # 3 mm between columns: at 2 mm an Arabic or Urdu number, set at
        # its column's end, read as one phrase with the next column's text
        w("tblCellMar", w("left", w=85, type="dxa"), w("right", w=85, type="dxa")),
    )
    first_row = w(
        "tblStylePr",
        w("rPr", *italic()),
        w("tcPr", w("tcBorders", border("top"), border("bottom")), w("vAlign", val="bottom")),
        type="firstRow",
    )
    return Style("table", "Table", "Table", "TableNormal", rpr=size(18), extra=[tbl, first_row])


def styles(kind: str = "sc-letter") -> list[Style]:
    """Every style of the UN letter, per docs/layout.md (and those of ``kind``)."""
    single_txt = [
        tabs(("left", NUM_TAB)),
        spacing(0, 120),
        indent(INDENT, INDENT),
        w("jc", val="both"),
    ]
    masthead = [spacing(0, 0, 240, "auto")]
    return [
        Style("paragraph", "Normal", "Normal", ppr=[spacing()], default=True),
        Style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True),
        Style(
            "table",
            "TableNormal",
            "Normal Table",
            extra=[
                w(
                    "tblPr",
                    w("tblInd", w=0, type="dxa"),
                    w(
                        "tblCellMar",
                        w("top", w=0, type="dxa"),
                        w("left", w=108, type="dxa"),
                        w("bottom", w=0, type="dxa"),
                        w("right", w=108, type="dxa"),
                    ),
                )
            ],
            default=True,
        ),
        Style("numbering", "NoList", "No List", default=True),
        # SingleTxt: the UN body text.
        Style("paragraph", "BodyText", "Body Text", "Normal", "BodyText", single_txt),
        Style(
            "paragraph", "FirstParagraph", "First Paragraph", "BodyText", "BodyText", custom=True
        ),
        Style("paragraph", "Compact", "Compact", "BodyText", custom=True),
        Style("paragraph", "BlockText", "Block Text", "BodyText", ppr=[indent(1440, 1440)]),
        # An incident's facts, one a paragraph: set to the start, not
        # justified (a justified line before a break is stretched), and
        # without space between them (contextual spacing).
        Style(
            "paragraph",
            "Facts",
            "Facts",
            "BodyText",
            ppr=[w("contextualSpacing"), w("jc", val="left")],
            custom=True,
        ),
        _heading(1, "heading 1", [*bold(), *size(24)], 280),
        _heading(2, "heading 2", bold(), 240),
        _heading(3, "heading 3", bold(), 240),
        _heading(4, "heading 4", italic(), 240),
        _heading(5, "heading 5", italic(), 240),
        _heading(6, "heading 6", italic(), 240),
        Style(
            "paragraph",
            "FootnoteText",
            "Footnote Text",
            "Normal",
            ppr=[spacing(0, 40, 190), indent(INDENT, INDENT)],
            rpr=size(16),
        ),
        Style(
            "character",
            "FootnoteReference",
            "Footnote Reference",
            rpr=[w("vertAlign", val="superscript")],
        ),
        Style("character", "Hyperlink", "Hyperlink"),
        Style(
            "character",
            "VerbatimChar",
            "Verbatim Char",
            rpr=[w("rFonts", ascii="Courier New", hAnsi="Courier New"), *size(18)],
            custom=True,
        ),
        Style(
            "paragraph",
            "Caption",
            "Caption",
            "Normal",
            "BodyText",
            [w("keepNext"), spacing(120, 120), indent(INDENT, INDENT)],
            bold(),
        ),
        _caption("TableCaption", "Table Caption"),
        # Before source text standing in for a missing translation (pandoc's
        # custom-style of the marker Div).
        Style(
            "paragraph",
            "UntranslatedMarker",
            "Untranslated Marker",
            "BodyText",
            "BodyText",
            [w("keepNext")],
            [*bold(), w("color", val="C00000")],
            custom=True,
        ),
        _caption("ImageCaption", "Image Caption"),
        Style(
            "paragraph",
            "Figure",
            "Figure",
            "Normal",
            ppr=[spacing(0, 120, 240, "auto"), w("jc", val="center")],
            custom=True,
        ),
        Style("paragraph", "CaptionedFigure", "Captioned Figure", "Figure", custom=True),
        Style(
            "paragraph",
            "TableText",
            "Table Text",
            "Normal",
            ppr=[spacing(20, 20, 220), indent()],
            rpr=size(18),
            custom=True,
        ),
        _table_style(),
        # The letter around the body.
        Style(
            "paragraph",
            "MastheadUN",
            "Masthead United Nations",
            "Normal",
            ppr=masthead,
            rpr=size(24),
            custom=True,
        ),
        Style(
            "paragraph",
            "MastheadSymbol",
            "Masthead Symbol",
            "Normal",
            ppr=[*masthead, w("jc", val="right")],
            rpr=[*bold(), *size(40)],
            custom=True,
        ),
        Style(
            "paragraph",
            "MastheadOrgan",
            "Masthead Organ",
            "Normal",
            ppr=masthead,
            rpr=[*bold(), *size(48)],
            custom=True,
        ),
        Style(
            "paragraph",
            "MastheadDistribution",
            "Masthead Distribution",
            "Normal",
            ppr=masthead,
            custom=True,
        ),
        Style(
            "paragraph",
            "MastheadEnd",
            "Masthead End",
            "Normal",
            ppr=[spacing(0, 0, 360)],
            rpr=size(2),
            custom=True,
        ),
        Style(
            "paragraph",
            "Notice",
            "Notice",
            "Normal",
            ppr=[
                w("pBdr", *(border(side, 4, 4) for side in ("top", "left", "bottom", "right"))),
                spacing(0, 240, 240, "auto"),
                indent(INDENT, INDENT),
            ],
            rpr=[*italic(), *size(18)],
            custom=True,
        ),
        Style(
            "paragraph",
            "TitleLine",
            "Title Line",
            "Normal",
            "BodyText",
            [w("keepNext"), spacing(240, 240, 280), indent(INDENT, INDENT)],
            [*bold(), *size(24)],
            custom=True,
        ),
        Style(
            "paragraph",
            "AnnexTitle",
            "Annex Title",
            "TitleLine",
            "BodyText",
            [w("pageBreakBefore")],
            custom=True,
        ),
        Style(
            "paragraph",
            "SignatureBlock",
            "Signature Block",
            "Normal",
            ppr=[w("keepLines"), spacing(480, 0), indent(INDENT, INDENT), w("jc", val="right")],
            custom=True,
        ),
        Style(
            "paragraph",
            "Header",
            "header",
            "Normal",
            ppr=[w("pBdr", border("bottom", 4, 1)), spacing(0, 0, 240, "auto")],
            rpr=[*bold(), *size(16)],
        ),
        Style(
            "paragraph",
            "Footer",
            "footer",
            "Normal",
            ppr=[tabs(("right", TEXT_W)), spacing(0, 0, 240, "auto")],
            rpr=size(16),
        ),
        # The classification marking of an internal edition, at the top of
        # every header and the foot of every footer.
        Style(
            "paragraph",
            "Marking",
            "Marking",
            "Normal",
            ppr=[spacing(0, 0, 240, "auto"), w("jc", val="center")],
            rpr=[*bold(), *size(20)],
            custom=True,
        ),
        *([] if kind == "sc-letter" else kind_styles()),
    ]


def kind_styles() -> list[Style]:
    """The styles the kinds after sc-letter add: the session block under a
    General Assembly masthead, a position paper's first-page block."""
    lines = [spacing(0, 0, 240)]
    centred = [w("jc", val="center")]
    return [
        Style("paragraph", "SessionBlock", "Session Block", "Normal", ppr=lines, custom=True),
        Style("paragraph", "AgendaTitle", "Agenda Title", "SessionBlock", rpr=bold(), custom=True),
        Style(
            "paragraph",
            "PaperIssuer",
            "Paper Issuer",
            "Normal",
            ppr=[spacing(0, 480, 280), *centred],
            rpr=size(24),
            custom=True,
        ),
        Style(
            "paragraph",
            "PaperTitle",
            "Paper Title",
            "Normal",
            ppr=[w("keepNext"), spacing(0, 240, 380), *centred],
            rpr=[*bold(), *size(32)],
            custom=True,
        ),
        Style(
            "paragraph",
            "PaperDate",
            "Paper Date",
            "Normal",
            ppr=[w("pBdr", border("bottom", 24, 12)), spacing(0, 360), *centred],
            custom=True,
        ),
    ]


def _ordered(ppr: Node) -> Node:
    """pPr children in schema order (Word rejects misordered properties)."""
    order = [
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "numPr", "pBdr", "tabs",
        "spacing", "ind", "contextualSpacing", "jc", "outlineLvl",
    ]  # fmt: skip
    for child in sorted(ppr, key=lambda c: order.index(etree.QName(c).localname)):
        ppr.append(child)
    return ppr


def style_element(style: Style) -> Node:
    node = w("style", w("name", val=style.name), type=style.kind, styleId=style.style_id)
    if style.default:
        node.set(f"{{{W_NS}}}default", "1")
    if style.custom:
        node.set(f"{{{W_NS}}}customStyle", "1")
    if style.based_on:
        node.append(w("basedOn", val=style.based_on))
    if style.next:
        node.append(w("next", val=style.next))
    node.append(w("qFormat"))
    # Copies: an lxml node has one parent, and definitions share nodes.
    if style.ppr:
        node.append(_ordered(w("pPr", *map(copy.deepcopy, style.ppr))))
    if style.rpr:
        node.append(w("rPr", *map(copy.deepcopy, style.rpr)))
    node.extend(map(copy.deepcopy, style.extra))
    return node


def styles_xml(kind: str = "sc-letter") -> Node:
    """The whole ``word/styles.xml``: Times New Roman 10 pt by default."""
    fonts = w("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    defaults = w(
        "docDefaults",
        w("rPrDefault", w("rPr", fonts, *size(20), w("lang", val="en-US", bidi="ar-SA"))),
        w("pPrDefault", w("pPr", spacing())),
    )
    return w("styles", defaults, *(style_element(s) for s in styles(kind)))


# -- the letter's content -------------------------------------------------------------


def para(style: str | None, *runs: Node, ppr: Iterable[Node] = ()) -> Node:
    props = w("pPr", w("pStyle", val=style) if style else None, *ppr)
    return w("p", _ordered(props), *runs)


def run(value: str, *rpr: Node) -> Node:
    return w("r", w("rPr", *rpr) if rpr else None, text(value))


def field_run(instr: str, placeholder: str) -> Node:
    return w("fldSimple", w("r", w("rPr", *bold()), text(placeholder)), instr=f" {instr} ")


def cell(width: int, span: int, borders: list[Node], valign: str, *paras: Node) -> Node:
    props = w(
        "tcPr",
        w("tcW", w=width, type="dxa"),
        w("gridSpan", val=span) if span > 1 else None,
        w("tcBorders", *borders),
        w("vAlign", val=valign),
    )
    return w("tc", props, *paras)


def masthead(kind: str = "sc-letter") -> Node:
    """A borderless table: 'United Nations' | symbol, thin rule, organ |
    distribution column, thick (3 pt) rule; then, but in sc-letter, the
    session block."""
    cols = [2880, TEXT_W - 2 * 2880, 2880]

    def thin() -> list[Node]:
        return [no_border("top"), border("bottom", 4)]

    def thick() -> list[Node]:
        return [no_border("top"), border("bottom", 24)]

    row1 = w(
        "tr",
        cell(cols[0], 1, thin(), "bottom", para("MastheadUN", run("{{ united_nations }}"))),
        cell(cols[1] + cols[2], 2, thin(), "bottom", para("MastheadSymbol", run("{{ symbol }}"))),
    )
    distribution = [
        para("MastheadDistribution", run("{{ distribution }}"), ppr=[spacing(80, 0, 240, "auto")]),
        para("MastheadDistribution", run("{{ date }}")),
        # The language version ("Français"); empty, an empty line, in the original.
        para("MastheadDistribution", run("{{ version }}")),
        para("MastheadDistribution", run("{{ original }}"), ppr=[spacing(0, 80, 240, "auto")]),
    ]
    organs = ["{{ organ }}", *(["{{ organ_2 }}"] if kind == "identical-letters" else [])]
    row2 = w(
        "tr",
        cell(
            cols[0] + cols[1],
            2,
            thick(),
            "center",
            *(para("MastheadOrgan", run(o)) for o in organs),
        ),
        cell(cols[2], 1, thick(), "top", *distribution),
    )
    props = w(
        "tblPr",
        w("tblW", w=TEXT_W, type="dxa"),
        w("tblBorders", *(no_border(s) for s in ("top", "left", "bottom", "right"))),
        w("tblLayout", type="fixed"),
        w("tblCellMar", w("left", w=0, type="dxa"), w("right", w=0, type="dxa")),
        w("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0),
    )
    grid = w("tblGrid", *(w("gridCol", w=c) for c in cols))
    rows = [row1, row2, *([] if kind == "sc-letter" else session_rows(kind, cols))]
    return w("tbl", props, grid, *rows)


def session_rows(kind: str, cols: list[int]) -> list[Node]:
    """Under the thick rule, when the document has a session: the General
    Assembly's session, agenda item and item title (bold); in identical
    letters under the Assembly's name, with the Security Council's year
    beside them."""
    plain = [no_border("top"), no_border("bottom")]
    both = kind == "identical-letters"
    top = [spacing(80, 0, 240)]  # the first line 4 pt under the rule
    lines = ["{{ organ }}", "{{ session }}"] if both else ["{{ session }}"]
    first = [
        *(para("SessionBlock", run(v), ppr=top if i == 0 else ()) for i, v in enumerate(lines)),
        para(None, run("{%p if agenda_item %}")),
        para("SessionBlock", run("{{ agenda_item }}")),
        para("AgendaTitle", run("{{ agenda_title }}")),
        para(None, run("{%p endif %}")),
    ]
    second = ["{{ organ_2 }}", "{{ sc_year }}"] if both else [""]

    def tag(value: str) -> Node:
        return w("tr", cell(sum(cols), 3, plain, "top", para(None, run(value))))

    row = w(
        "tr",
        w("trPr", w("cantSplit")),
        cell(cols[0] + cols[1], 2, plain, "top", *first),
        cell(
            cols[2],
            1,
            plain,
            "top",
            *(
                para("SessionBlock", run(v), ppr=top if i == 0 else ())
                for i, v in enumerate(second)
            ),
        ),
    )
    return [tag("{%tr if session %}"), row, tag("{%tr endif %}")]


def signature() -> list[Node]:
    """One signature block, or those of a joint letter (``signers``)."""
    return [
        para(None, run("{%p if signers %}")),
        para(None, run("{%p for signer in signers %}")),
        para(
            "SignatureBlock",
            run("{{ signed }}", *italic()),
            run("{{ signed_gap }}{{ signer.name }}"),
            w("r", w("br"), text("{{ signer.function }}")),
        ),
        para(None, run("{%p endfor %}")),
        para(None, run("{%p else %}")),
        para(
            "SignatureBlock",
            run("{{ signed }}", *italic()),
            # signed_gap: a space, none in Chinese ("（签名）米拉").
            run("{{ signed_gap }}{{ signer_name }}"),
            w("r", w("br"), text("{{ signer_title }}")),
        ),
        para(None, run("{%p endif %}")),
    ]


def letter_body(kind: str = "sc-letter") -> list[Node]:
    """The document: a position paper opens with its issuer, title, place and
    date instead of the masthead and title line, and has no closing; a note
    verbale ends with the place and date instead of a signature."""
    paper = kind == "position-paper"
    if paper:
        head = [
            para("PaperIssuer", run("{{ issuer }}")),
            para("PaperTitle", run("{{ title_line }}")),
            para("PaperDate", run("{{ dateline }}")),
        ]
    else:
        head = [masthead(kind), para("MastheadEnd")]
    end = {
        "note-verbale": [para("SignatureBlock", run("{{ place_date }}"))],
        "position-paper": [],
    }.get(kind, signature())
    return [
        *head,
        para(None, run("{%p if notice %}")),
        para("Notice", run("{{ notice }}")),
        para(None, run("{%p endif %}")),
        *([] if paper else [para("TitleLine", run("{{ title_line }}"))]),
        para(None, run("{{p body }}")),
        # The closing kept with the signature: never a signature alone on a page.
        *([] if paper else [para("BodyText", run("{{ closing }}"), ppr=[w("keepNext")])]),
        *end,
        para(None, run("{%p if annex %}")),
        para("AnnexTitle", run("{{ annex_title }}")),
        para(None, run("{{p annex }}")),
        para(None, run("{%p endif %}")),
    ]


def tab_run() -> Node:
    return w("r", w("tab"))


def page_number() -> list[Node]:
    return [field_run("PAGE", "2"), run("/", *bold()), field_run("NUMPAGES", "2")]


def marking(before: int = 0, after: int = 0) -> list[Node]:
    """The classification marking of an internal edition, in a paragraph of
    its own that only an edition with a marking keeps."""
    gap = spacing(before, after, 240, "auto")
    return [
        para(None, run("{%p if marking %}")),
        para("Marking", run("{{ marking }}"), ppr=[gap]),
        para(None, run("{%p endif %}")),
    ]


def running_header(align: str) -> list[Node]:
    symbol = para("Header", run("{{ symbol }}"), ppr=[w("jc", val=align)])
    return [*marking(after=80), symbol]


def running_footer(*content: Node) -> list[Node]:
    return [para("Footer", *content), *marking(before=80)]


def headers_footers(kind: str = "sc-letter") -> dict[str, list[Node]]:
    """Contents of the six header and footer parts (titlePg, even and odd):
    the marking above every header and below every footer. The first page's
    header is the marking alone, an empty paragraph without one. A position
    paper has no symbol or job number: the page number, centred."""
    if kind == "position-paper":
        mark = [para("Marking", run("{{ marking }}"))]
        number = w("fldSimple", w("r", text("1")), instr=" PAGE ")
        foot = [para("Footer", number, ppr=[w("jc", val="center")]), *marking(before=80)]
        parts = ("first_page_header", "header", "even_page_header")
        return dict.fromkeys(parts, mark) | dict.fromkeys(
            ("first_page_footer", "footer", "even_page_footer"), foot
        )
    return {
        "first_page_header": [para("Marking", run("{{ marking }}"))],
        "header": running_header("right"),
        "even_page_header": running_header("left"),
        "first_page_footer": running_footer(run("{{ job_line }}")),
        "footer": running_footer(run("{{ job_number }}"), tab_run(), *page_number()),
        "even_page_footer": running_footer(*page_number(), tab_run(), run("{{ job_number }}")),
    }


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" \
w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" \
w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>\
</w:footnotes>"""

# Written as text: python-docx's setters depend on a namespace map that
# docxcompose changes once imported.
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties \
xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title/><dc:creator/>\
<cp:lastModifiedBy/><cp:revision>1</cp:revision>\
<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>\
</cp:coreProperties>"""

NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}"/>'
)


# -- the package ----------------------------------------------------------------------


def _strip_extras(document: Any) -> None:
    """Drop what python-docx's default template carries and the letter does
    not need: stylesWithEffects, customXml, the thumbnail."""
    unwanted = ("stylesWithEffects", "customXml", "thumbnail")
    for owner in (document.part, document.part.package):
        for rid, rel in list(owner.rels.items()):
            if any(u in rel.reltype for u in unwanted):
                del owner.rels[rid]


def _replace_xml(part: Any, root: Node) -> None:
    part._element = parse_xml(etree.tostring(root))


def new_document(kind: str = "sc-letter") -> Any:
    """An empty python-docx document with the UN styles, page and properties."""
    document = docx.Document()
    _strip_extras(document)
    _replace_xml(document.part._styles_part, styles_xml(kind))
    numbering = document.part.numbering_part
    numbering._element = parse_xml(NUMBERING.encode())
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(HEADER_DIST)
    section.gutter = Twips(0)
    sect = document.element.body.sectPr
    for name in [a for a in sect.attrib if "rsid" in a]:
        del sect.attrib[name]
    document.part.package._core_properties_part._element = parse_xml(CORE.encode())
    return document


def _fill(body: Any, elements: Iterable[Node]) -> None:
    """Replace the content of a body or header/footer element (a sectPr stays last)."""
    sect = body.find(f"{{{W_NS}}}sectPr")
    for child in list(body):
        if child is not sect:
            body.remove(child)
    for element in elements:
        node = parse_xml(etree.tostring(element))
        if sect is not None:
            sect.addprevious(node)
        else:
            body.append(node)


def build_reference(kind: str = "sc-letter") -> Any:
    """pandoc's reference document: one sample paragraph per paragraph style."""
    document = new_document(kind)
    samples = [
        para(s.style_id, run(s.name))
        for s in styles(kind)
        if s.kind == "paragraph" and not s.style_id.startswith("Masthead")
    ]
    _fill(document.element.body, samples)
    return document


def build_letter(kind: str = "sc-letter") -> Any:
    document = new_document(kind)
    _fill(document.element.body, letter_body(kind))
    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    for name, content in headers_footers(kind).items():
        part = getattr(section, name)
        part.is_linked_to_previous = False
        _fill(part._element, content)
    footnotes = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, FOOTNOTES.encode(), document.part.package
    )
    document.part.relate_to(footnotes, RT.FOOTNOTES)
    _declare_drawing_namespaces(document.part)
    return document


def _declare_drawing_namespaces(part: Any) -> None:
    """The root of the template declares every prefix pandoc writes (images
    use a: and pic:): the merged body and annex use these declarations
    instead of repeating them on every picture."""
    root = part._element
    new = etree.Element(root.tag, nsmap={**root.nsmap, **DRAWING_NS}, attrib=dict(root.attrib))
    new.extend(list(root))
    part._element = parse_xml(etree.tostring(new))


def normalised_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def save(document: Any, path: Path) -> None:
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalised_zip(buffer.getvalue()))


def main() -> None:
    for kind in KINDS:
        folder = TEMPLATES / kind
        save(build_reference(kind), folder / "reference.docx")
        save(build_letter(kind), folder / "letter.docx")
        print(f"wrote {folder / 'reference.docx'} and {folder / 'letter.docx'}")
    import submission_templates  # builds on this module: imported once it is loaded

    submission_templates.main()


if __name__ == "__main__":
    main()
