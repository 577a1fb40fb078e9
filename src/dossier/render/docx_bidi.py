"""Languages and directions in the DOCX: the document's language and fonts
in the style defaults, Word's language tags on the runs, and right to left
where the text is (paragraphs, runs, tables, sections), with Latin text and
the page number fields kept left to right inside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from dossier.assemble.compose import Document
from dossier.core.localise import RTL, lang_tag
from dossier.render.wordml import (
    NS,
    PPR,
    RPR,
    SECTPR,
    TBLPR,
    W_NS,
    W_P,
    W_R,
    W_TBL,
    Element,
    all_text,
    child_of,
    props_of,
    set_w,
    w_element,
    xpath,
)

# Complex-script and East Asian fonts (docs/layout.md: the body font's
# companions for these scripts).
CS_FONTS = {"ar": "Noto Naskh Arabic", "ur": "Noto Nastaliq Urdu"}
EAST_ASIAN_FONTS = {"zh": "Noto Serif CJK SC"}
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LRM = "\u200e"


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
    run = child_of(child_of(defaults, "rPrDefault", ["rPrDefault", "pPrDefault"]), "rPr", ["rPr"])
    lang = child_of(run, "lang", RPR)
    lang.attrib.clear()
    set_w(lang, **lang_attrs(doc.lang))
    fonts = child_of(run, "rFonts", RPR)
    if doc.lang in CS_FONTS:
        set_w(fonts, cs=CS_FONTS[doc.lang])
    if doc.lang in EAST_ASIAN_FONTS:
        set_w(fonts, eastAsia=EAST_ASIAN_FONTS[doc.lang])
    if doc.direction == "rtl":
        para = child_of(
            child_of(defaults, "pPrDefault", ["rPrDefault", "pPrDefault"]), "pPr", ["pPr"]
        )
        child_of(para, "bidi", PPR)


def xml_parts(document: Any) -> Iterator[tuple[Element, Callable[[], None]]]:
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
    for paragraph in root.iter(W_P):
        table = next(paragraph.iterancestors(W_TBL), None)
        default = doc.lang if table is None else first.get(table, doc.lang)
        _direction(paragraph, "pPr", "bidi", is_rtl(first.get(paragraph, default)), doc)
    # Only runs with a language or with right-to-left letters change.
    rtl_text = RTL_LETTERS.search(all_text(root)) is not None
    runs = root.iter(W_R) if rtl_text else _lang_runs(root)
    for run in list(runs):
        mark_run(run, doc)
    for table in root.iter(W_TBL):
        _direction(table, "tblPr", "bidiVisual", is_rtl(first.get(table, doc.lang)), doc)
    if doc.direction == "rtl":
        for section in root.iter(f"{{{W_NS}}}sectPr"):
            child_of(section, "bidi", SECTPR)
        _end_align(xpath(root, ".//w:p[w:pPr/w:pStyle/@w:val='MastheadDistribution']"))
        isolate_fields(root)
        latin_markings(xpath(root, ".//w:p[w:pPr/w:pStyle/@w:val='Marking']"))


def _run_langs(root: Element) -> Iterator[tuple[Element, Element]]:
    """Each run's ``w:rPr/w:lang`` under ``root``, in document order."""
    for lang in root.iter(f"{{{W_NS}}}lang"):
        props = lang.getparent()
        run = props.getparent()
        if props.tag == f"{{{W_NS}}}rPr" and run is not None and run.tag == W_R:
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
        for node in run.iterancestors(W_P, W_TBL):
            if node in first:
                break  # and so are the nodes around it
            first[node] = str(value)
    return first


def _direction(node: Element, props: str, tag: str, rtl: bool, doc: Document) -> None:
    """``w:bidi`` (``w:bidiVisual``) on where the text is right to left;
    explicitly off in a right-to-left document where it is not."""
    if rtl or doc.direction == "rtl":
        order = PPR if props == "pPr" else TBLPR
        flag = child_of(props_of(node, props), tag, order)
        if not rtl:
            set_w(flag, val=0)


def mark_run(run: Element, doc: Document) -> None:
    """``w:rtl`` on a run with Arabic letters (never on Latin text: it would
    read right to left); Word's tag for a language pandoc names ('en')."""
    text = all_text(run)
    props = run.find("w:rPr", NS)
    if RTL_LETTERS.search(text):
        props = props_of(run, "rPr")
        child_of(props, "rtl", RPR)
    lang = None if props is None else props.find("w:lang", NS)
    if lang is not None and lang.get(f"{{{W_NS}}}val"):
        code = str(lang.get(f"{{{W_NS}}}val"))
        lang.attrib.clear()
        set_w(lang, **lang_attrs(code))
        base = code.split("-")[0]
        if base != doc.lang and base in CS_FONTS:
            set_w(child_of(props, "rFonts", RPR), cs=CS_FONTS[base])


def _end_align(paragraphs: list[Element]) -> None:
    """Left in a right-to-left paragraph: ``w:jc`` is logical there ('right'
    is the end of the line, the left side)."""
    for paragraph in paragraphs:
        set_w(child_of(props_of(paragraph, "pPr"), "jc", PPR), val="right")


def latin_markings(paragraphs: list[Element]) -> None:
    """A classification marking without Arabic letters ('CONFIDENTIAL') is a
    left-to-right paragraph, even in a right-to-left document."""
    for paragraph in paragraphs:
        text = all_text(paragraph).strip(LRM)
        if text and not RTL_LETTERS.search(text):
            set_w(child_of(props_of(paragraph, "pPr"), "bidi", PPR), val=0)


def isolate_fields(root: Element) -> None:
    """'2/3' stays '2/3' in a right-to-left footer: left-to-right marks
    around the page number fields."""
    for paragraph in root.iter(f"{{{W_NS}}}p"):
        fields = paragraph.findall("w:fldSimple", NS)
        if fields:
            fields[0].addprevious(_mark_run())
            fields[-1].addnext(_mark_run())


def _mark_run() -> Element:
    run = w_element("r")
    text = w_element("t")
    text.text = LRM
    run.append(text)
    return run
