"""The Word templates of the submission package (``templates/submission/``),
built by ``scripts/make_docx_templates.py`` with the others:

* ``reference.docx`` and ``letter.docx``: the letter (or note verbale) on the
  mission's letterhead, with the UN letter's styles and a few of its own
  (letterhead, reference line, signature space, stamp space, addressee);
* ``secretariat.docx``: pandoc's reference document for the Word file the
  Secretariat takes in: Word's own style names and plain settings (Normal,
  Body Text, Heading 1..n, Footnote Text, Table), and an Annex Title that
  begins a new page. Nothing in it the Secretariat would have to undo.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from typing import Any

import pypandoc
from lxml import etree

import make_docx_templates as base
from make_docx_templates import (
    INDENT,
    TEXT_W,
    Node,
    Style,
    bold,
    border,
    para,
    run,
    size,
    spacing,
    tab_run,
    tabs,
    w,
)

KIND = "submission"
CENTRED = [w("jc", val="center")]


def styles() -> list[Style]:
    """The UN letter's styles and the letterhead's."""
    own = [
        Style(
            "paragraph",
            "LetterheadName",
            "Letterhead Name",
            "Normal",
            ppr=[spacing(120, 40, 300), *CENTRED],
            rpr=[*bold(), *size(26)],
            custom=True,
        ),
        Style(
            "paragraph",
            "LetterheadContact",
            "Letterhead Contact",
            "Normal",
            ppr=[w("pBdr", border("bottom", 6, 4)), spacing(0, 360, 220), *CENTRED],
            rpr=size(17),
            custom=True,
        ),
        Style(
            "paragraph", "Emblem", "Emblem", "Normal", ppr=[spacing(0, 0, 240, "auto"), *CENTRED]
        ),
        Style(
            "paragraph",
            "ReferenceLine",
            "Reference Line",
            "BodyText",
            ppr=[tabs(("right", TEXT_W - INDENT)), spacing(0, 360)],
            custom=True,
        ),
        Style(
            "paragraph",
            "SignatureSpace",
            "Signature Space",
            "Normal",
            ppr=[
                w("keepLines"),
                spacing(1200, 0),
                base.indent(INDENT, INDENT),
                w("jc", val="right"),
            ],
            custom=True,
        ),
        Style(
            "paragraph",
            "StampSpace",
            "Stamp Space",
            "Normal",
            ppr=[spacing(0, 1980), base.indent(INDENT, INDENT)],
            custom=True,
        ),
        Style(
            "paragraph",
            "Addressee",
            "Addressee",
            "Normal",
            ppr=[w("keepNext"), spacing(0, 0), base.indent(INDENT, INDENT)],
            custom=True,
        ),
    ]
    return [*base.styles("sc-letter"), *own]


def letter_body() -> list[Node]:
    """Letterhead, reference and date, salutation, body, circulation request;
    the signature space (a letter) or the stamp space (a note verbale); the
    addressee; the annex on a new page."""

    def when(test: str, *paras: Node, otherwise: list[Node] | None = None) -> list[Node]:
        other = [para(None, run("{%p else %}")), *otherwise] if otherwise else []
        return [
            para(None, run(f"{{%p if {test} %}}")),
            *paras,
            *other,
            para(None, run("{%p endif %}")),
        ]

    signed = [
        para("BodyText", run("{{ courtesy }}")),
        para(
            "SignatureSpace",
            run("{{ signer_name }}"),
            w("r", w("br"), base.text("{{ signer_title }}")),
        ),
    ]
    stamped = [
        para("BodyText", run("{{ courtesy }}")),
        para("SignatureBlock", run("{{ place_date }}")),
        para("StampSpace"),
    ]
    return [
        *when("head", para(None, run("{{p head }}"))),
        para("LetterheadName", run("{{ mission_name }}")),
        para("LetterheadContact", run("{{ mission_contact }}")),
        *when("notice", para("Notice", run("{{ notice }}"))),
        para(
            "ReferenceLine",
            run("{{ reference }}"),
            tab_run(),
            run("{% if signer_name %}{{ place_date }}{% endif %}"),
        ),
        *when("salutation", para("BodyText", run("{{ salutation }}"))),
        para(None, run("{{p body }}")),
        *when("closing", para("BodyText", run("{{ closing }}"))),
        para(None, run("{%p if signers %}")),
        para("BodyText", run("{{ courtesy }}")),
        para(None, run("{%p for signer in signers %}")),
        para(
            "SignatureSpace",
            run("{{ signer.name }}"),
            w("r", w("br"), base.text("{{ signer.function }}")),
        ),
        para(None, run("{%p endfor %}")),
        para(None, run("{%p else %}")),
        *when("signer_name", *signed, otherwise=stamped),
        para(None, run("{%p endif %}")),
        para("Addressee", ppr=[spacing(600, 0)]),
        *when("addressee_honour", para("Addressee", run("{{ addressee_honour }}"))),
        para("Addressee", run("{{ addressee_office }}")),
        *when("addressee_office_2", para("Addressee", run("{{ addressee_office_2 }}"))),
        *when("addressee_office_3", para("Addressee", run("{{ addressee_office_3 }}"))),
        para("Addressee", run("{{ addressee_org }}")),
        para("Addressee", run("{{ addressee_city }}")),
        *when(
            "annex", para("AnnexTitle", run("{{ annex_title }}")), para(None, run("{{p annex }}"))
        ),
    ]


def headers_footers() -> dict[str, list[Node]]:
    """The marking (DRAFT) at the top of every page; the page's number at the
    foot from page 2 on."""
    # Always a paragraph, empty without a marking: an empty header part
    # gets one of the Header style (a rule) from LibreOffice.
    mark = [para("Marking", run("{{ marking }}"))]
    number = w("fldSimple", w("r", base.text("2")), instr=" PAGE ")
    foot = [para("Footer", number, ppr=CENTRED)]
    return {
        "first_page_header": mark,
        "header": mark,
        "first_page_footer": [para("Footer")],
        "footer": foot,
    }


def new_document() -> Any:
    document = base.new_document()
    base._replace_xml(document.part._styles_part, styles_xml())
    return document


def styles_xml() -> Node:
    root = base.styles_xml("sc-letter")
    for style in styles()[len(base.styles("sc-letter")) :]:
        root.append(base.style_element(style))
    return root


def build_reference() -> Any:
    document = new_document()
    samples = [para(s.style_id, run(s.name)) for s in styles() if s.kind == "paragraph"]
    base._fill(document.element.body, [s for s in samples if b"Masthead" not in etree.tostring(s)])
    return document


def build_letter() -> Any:
    document = new_document()
    base._fill(document.element.body, letter_body())
    section = document.sections[0]
    section.different_first_page_header_footer = True
    for name, content in headers_footers().items():
        part = getattr(section, name)
        part.is_linked_to_previous = False
        base._fill(part._element, content)
    footnotes = base.Part(
        base.PackURI("/word/footnotes.xml"),
        base.CT.WML_FOOTNOTES,
        base.FOOTNOTES.encode(),
        document.part.package,
    )
    document.part.relate_to(footnotes, base.RT.FOOTNOTES)
    base._declare_drawing_namespaces(document.part)
    return document


# -- the Secretariat's reference document ---------------------------------------------

OWN_STYLES = (
    '<w:style xmlns:w="{w}" w:type="paragraph" w:customStyle="1" w:styleId="AnnexTitle">'
    '<w:name w:val="Annex Title"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/>'
    '<w:qFormat/><w:pPr><w:keepNext/><w:pageBreakBefore/><w:spacing w:after="240"/>'
    '</w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>',
    '<w:style xmlns:w="{w}" w:type="paragraph" w:customStyle="1" w:styleId="Dateline">'
    '<w:name w:val="Dateline"/><w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/>'
    '<w:qFormat/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>',
    # The table cells' paragraphs, as render.docx_layout.shape_table names them.
    '<w:style xmlns:w="{w}" w:type="paragraph" w:customStyle="1" w:styleId="TableText">'
    '<w:name w:val="Table Text"/><w:basedOn w:val="Compact"/><w:qFormat/></w:style>',
    '<w:style xmlns:w="{w}" w:type="paragraph" w:styleId="Signature">'
    '<w:name w:val="Signature"/><w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/>'
    '<w:qFormat/><w:pPr><w:keepLines/><w:spacing w:before="480"/></w:pPr></w:style>',
)


def secretariat_reference() -> bytes:
    """Pandoc's own reference document (Word's style names), with an Annex
    Title that begins a new page, a Dateline, a Signature and the Table Text
    of the cells."""
    data = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/styles.xml":
                root = etree.fromstring(content)
                for style in OWN_STYLES:
                    root.append(etree.fromstring(style.format(w=base.W_NS)))
                content = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            dst.writestr(item, content)
    return base.normalised_zip(out.getvalue())


def main() -> None:
    folder = base.TEMPLATES / KIND
    base.save(build_reference(), folder / "reference.docx")
    base.save(build_letter(), folder / "letter.docx")
    (folder / "secretariat.docx").write_bytes(secretariat_reference())
    print(f"wrote {folder}/reference.docx, letter.docx and secretariat.docx")


if __name__ == "__main__":
    main()
