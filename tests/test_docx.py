"""The DOCX renderer: render the example and read the file back as Word would."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips
from lxml import etree

from dossier.assemble.compose import Document
from dossier.core import pandoc
from dossier.render.docx import render

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "sc-letter"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="module")
def rendered(example_doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "example.docx"
    render(example_doc, out)
    return out


@pytest.fixture(scope="module")
def word(rendered: Path) -> Any:
    return open_docx(rendered)


def open_docx(path: Path) -> Any:
    return docx.Document(str(path))


def xp(node: Any, expr: str) -> list[Any]:
    return list(etree.XPath(expr, namespaces=NS)(node))


def part(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def index_of(word: Any, text: str) -> int:
    return next(i for i, p in enumerate(word.paragraphs) if p.text == text)


def effective(paragraph: Any, attribute: str) -> Any:
    """A paragraph format attribute, from the paragraph or its style chain."""
    value = getattr(paragraph.paragraph_format, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attribute)
        style = style.base_style
    return value


def test_masthead(word: Any, example_doc: Document) -> None:
    masthead = word.tables[0]
    text = "\n".join(cell.text for row in masthead.rows for cell in row.cells)
    for expected in (
        "United Nations",
        "Security Council",
        "S/2026/1043",
        "Distr.: General",
        "27 November 2026",
        "Original: English",
    ):
        assert expected in text
    symbol = next(p for p in masthead.rows[0].cells[-1].paragraphs if p.text == "S/2026/1043")
    assert symbol.style.font.bold and symbol.style.font.size == Pt(20)
    assert effective(symbol, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    for name in ("Masthead United Nations", "Masthead Symbol", "Masthead Organ"):
        # Large type on single (not exact 12 pt) leading, or it is clipped.
        assert word.styles[name].paragraph_format.line_spacing == 1.0


def test_masthead_rules(word: Any) -> None:
    rows = word.tables[0]._tbl.findall("w:tr", NS)
    thin = xp(rows[0], ".//w:tcBorders/w:bottom/@w:sz")
    thick = xp(rows[1], ".//w:tcBorders/w:bottom/@w:sz")
    assert thin == ["4", "4"] and thick == ["24", "24"]


def test_notice_then_title_line(word: Any, example_doc: Document) -> None:
    title = index_of(word, example_doc.strings["title_line"])
    notice = word.paragraphs[title - 1]
    assert notice.text == example_doc.strings["notice"]
    assert notice.style.name == "Notice" and notice.style.font.italic
    style = word.paragraphs[title].style
    assert style.name == "Title Line"
    assert style.font.bold and style.font.size == Pt(12)


def test_no_notice_no_paragraph(example_doc: Document, tmp_path: Path) -> None:
    strings = {**example_doc.strings, "notice": ""}
    render(dataclasses.replace(example_doc, strings=strings), tmp_path / "x.docx")
    word = open_docx(tmp_path / "x.docx")
    assert all(p.style.name != "Notice" for p in word.paragraphs)
    assert "{%" not in "".join(p.text for p in word.paragraphs)


def letter_body(word: Any, doc: Document) -> list[Any]:
    start = index_of(word, doc.strings["title_line"]) + 1
    end = index_of(word, doc.strings["closing"])
    return list(word.paragraphs[start:end])


def test_body_paragraphs_not_numbered(word: Any, example_doc: Document) -> None:
    body = letter_body(word, example_doc)
    assert len(body) == 3
    assert body[0].text.startswith("I have the honour")
    for paragraph in body:
        assert paragraph.style.name in {"Body Text", "First Paragraph"}
        assert not re.match(r"\d+\.", paragraph.text)
        assert paragraph._p.find("w:pPr/w:numPr", NS) is None
        assert effective(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert effective(paragraph, "left_indent") == Twips(720)
        assert effective(paragraph, "right_indent") == Twips(720)


def test_body_text_style(word: Any) -> None:
    style = word.styles["Body Text"]
    assert style.font.size is None or style.font.size == Pt(10)
    assert style.paragraph_format.space_after == Pt(6)
    assert style.paragraph_format.line_spacing == Pt(12)
    assert [t.position for t in style.paragraph_format.tab_stops] == [Twips(1077)]


def annex(word: Any, doc: Document) -> list[Any]:
    return list(word.paragraphs[index_of(word, doc.strings["annex_title"]) + 1 :])


def test_annex_headings(word: Any, example_doc: Document) -> None:
    headings = [
        (p.style.name, p.text) for p in annex(word, example_doc) if "Heading" in p.style.name
    ]
    assert headings == [
        ("Heading 1", "I.\tOverview"),
        ("Heading 1", "II.\tIncidents"),
        ("Heading 2", "A.\tAttacks on villages"),
        ("Heading 2", "B.\tAttacks on border posts"),
        ("Heading 1", "III.\tArea of the attacks"),
        ("Heading 1", "IV.\tConclusions"),
    ]
    level1 = word.styles["Heading 1"]
    assert level1.font.bold and level1.font.size == Pt(12)
    assert level1.paragraph_format.left_indent == Twips(720)
    assert level1.paragraph_format.first_line_indent == Twips(-720)
    assert level1.paragraph_format.keep_with_next
    assert word.styles["Heading 2"].font.bold and word.styles["Heading 4"].font.italic


def test_annex_paragraphs_numbered(word: Any, example_doc: Document) -> None:
    numbers = [
        int(m.group(1))
        for p in annex(word, example_doc)
        if (m := re.match(r"(\d+)\.\t", p.text)) and "Heading" not in p.style.name
    ]
    assert numbers == list(range(1, 9))


def test_closing_and_signature(word: Any, example_doc: Document) -> None:
    closing = index_of(word, example_doc.strings["closing"])
    signature = word.paragraphs[closing + 1]
    assert signature.text.split("\n") == ["(Signed) Mira Castellan", "Permanent Representative"]
    assert signature.runs[0].text == "(Signed)" and signature.runs[0].italic
    assert not signature.runs[1].italic
    assert effective(signature, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    assert effective(signature, "space_before") == Pt(24)


def test_annex_title_on_a_new_page(word: Any, example_doc: Document) -> None:
    title = word.paragraphs[index_of(word, example_doc.strings["annex_title"])]
    signature = index_of(word, "(Signed) Mira Castellan\nPermanent Representative")
    assert index_of(word, example_doc.strings["annex_title"]) == signature + 1
    assert effective(title, "page_break_before")
    assert title.style.base_style.name == "Title Line"


def test_no_annex(example_doc: Document, tmp_path: Path) -> None:
    strings = {**example_doc.strings, "annex_title": ""}
    doc = dataclasses.replace(example_doc, annex=[], strings=strings)
    render(doc, tmp_path / "x.docx")
    word = open_docx(tmp_path / "x.docx")
    assert word.paragraphs[-1].text.startswith("(Signed)")
    assert all(not p.style.paragraph_format.page_break_before for p in word.paragraphs)


def test_footnotes(rendered: Path) -> None:
    notes = part(rendered, "word/footnotes.xml")
    texts = {
        note.get(f"{{{W}}}id"): "".join(note.itertext())
        for note in notes.findall("w:footnote", NS)
        if note.get(f"{{{W}}}type") is None
    }
    assert len(texts) == 3
    joined = " ".join(texts.values())
    assert "Reports of the Aldorian Border Police" in joined
    assert "Figures are revised when injured persons die" in joined
    assert "Statements of the two detained persons" in joined
    document = part(rendered, "word/document.xml")
    refs = xp(document, "//w:footnoteReference/@w:id")
    assert sorted(refs) == sorted(texts)


def test_headers(word: Any, rendered: Path) -> None:
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert word.settings.odd_and_even_pages_header_footer
    odd, even = section.header.paragraphs[0], section.even_page_header.paragraphs[0]
    assert odd.text == even.text == "S/2026/1043"
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert odd.style.font.bold and odd.style.font.size == Pt(8)
    assert "S/2026/1043" not in "".join(p.text for p in section.first_page_header.paragraphs)


def fields(footer: Any) -> list[str]:
    instructions = xp(footer._element, ".//w:fldSimple/@w:instr")
    instructions += xp(footer._element, ".//w:instrText/text()")
    return [str(i).split()[0] for i in instructions]


def test_footers(word: Any) -> None:
    section = word.sections[0]
    first = section.first_page_footer
    assert [p.text for p in first.paragraphs] == ["26-21345 (E)"]
    assert fields(first) == []
    for footer in (section.footer, section.even_page_footer):
        assert fields(footer) == ["PAGE", "NUMPAGES"]
        assert "26-21345" in footer.paragraphs[0].text
        assert "(E)" not in footer.paragraphs[0].text
    odd = section.footer.paragraphs[0]._p
    even = section.even_page_footer.paragraphs[0]._p
    # The page number on the outer side: after the tab on odd pages, before it on even pages.
    assert odd.index(odd.find("w:fldSimple", NS)) > odd.index(odd.find("w:r/w:tab/..", NS))
    assert even.index(even.find("w:fldSimple", NS)) < even.index(even.find("w:r/w:tab/..", NS))


def test_table(word: Any) -> None:
    table = word.tables[1]
    assert len(table.rows) == 7 and len(table.columns) == 5
    caption = table._tbl.getprevious()
    assert caption.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "TableCaption"
    assert word.styles["Table Caption"].base_style.font.bold
    header = table.rows[0]
    assert [c.text for c in header.cells] == [
        "Date",
        "Place",
        "Type of attack",
        "Killed",
        "Injured",
    ]
    assert all(r.italic for c in header.cells for p in c.paragraphs for r in p.runs)
    header_rules = xp(header._tr, "./w:tc/w:tcPr/w:tcBorders/*/@w:val")
    assert header_rules == ["single"] * 10
    last_rules = xp(table.rows[-1]._tr, "./w:tc/w:tcPr/w:tcBorders/w:bottom")
    assert len(last_rules) == 5
    assert table.rows[1].cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[0].paragraphs[0].style.font.size == Pt(9)


def test_image(rendered: Path, word: Any) -> None:
    with zipfile.ZipFile(rendered) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    body = word.element.body
    figure = xp(body, ".//w:p[.//w:drawing]")[0]
    caption = figure.getprevious()
    assert "Sketch map of the Northern Marches" in "".join(caption.itertext())
    assert word.inline_shapes[0].width <= Twips(9360)


def test_fonts(rendered: Path, word: Any) -> None:
    styles = part(rendered, "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(f"{{{W}}}ascii") == fonts.get(f"{{{W}}}hAnsi") == "Times New Roman"
    other = xp(styles, "//w:style[not(@w:styleId='VerbatimChar')]//w:rFonts")
    assert other == []
    sizes = xp(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    assert sizes == ["20"]
    assert word.styles["Footnote Text"].font.size == Pt(8)


@pytest.mark.parametrize(
    ("paper", "width", "height"), [("letter", 12240, 15840), ("a4", 11906, 16838)]
)
def test_paper(example_doc: Document, tmp_path: Path, paper: str, width: int, height: int) -> None:
    render(dataclasses.replace(example_doc, paper=paper), tmp_path / "x.docx")
    word = open_docx(tmp_path / "x.docx")
    section = word.sections[0]
    assert (section.page_width, section.page_height) == (Twips(width), Twips(height))
    assert section.left_margin == section.right_margin == section.top_margin == Twips(1440)
    text_width = width - 2 * 1440
    masthead = xp(word.tables[0]._tbl, "./w:tblGrid/w:gridCol/@w:w")
    assert abs(sum(int(w) for w in masthead) - text_width) <= 2
    assert word.inline_shapes[0].width <= Twips(text_width)


def test_reproducible(example_doc: Document, rendered: Path, tmp_path: Path) -> None:
    render(example_doc, tmp_path / "again.docx")
    assert (tmp_path / "again.docx").read_bytes() == rendered.read_bytes()


def test_text_is_not_template_code(example_doc: Document, tmp_path: Path) -> None:
    """Braces and ampersands in the dossier stay text, in the body, the
    footnotes and the boilerplate."""
    blocks, _ = pandoc.parse_markdown("Keep {{ this }} & {% that %}.[^1]\n\n[^1]: Also {{ x }}.")
    strings = {**example_doc.strings, "signer_name": "A & B <C>"}
    render(dataclasses.replace(example_doc, body=blocks, strings=strings), tmp_path / "x.docx")
    word = open_docx(tmp_path / "x.docx")
    texts = [p.text for p in word.paragraphs]
    assert "Keep {{ this }} & {% that %}." in texts
    assert any(t.startswith("(Signed) A & B <C>") for t in texts)
    notes = part(tmp_path / "x.docx", "word/footnotes.xml")
    assert "Also {{ x }}." in "".join(notes.itertext())


def test_templates_are_rebuilt_identically(tmp_path: Path) -> None:
    """The committed templates are what the script makes, and both carry the same styles."""
    spec = importlib.util.spec_from_file_location("make", ROOT / "scripts/make_docx_templates.py")
    assert spec and spec.loader
    make = importlib.util.module_from_spec(spec)
    sys.modules["make"] = make
    spec.loader.exec_module(make)
    make.save(make.build_reference(), tmp_path / "reference.docx")
    make.save(make.build_letter(), tmp_path / "letter.docx")
    for name in ("reference.docx", "letter.docx"):
        assert (tmp_path / name).read_bytes() == (TEMPLATES / name).read_bytes(), name
    with (
        zipfile.ZipFile(TEMPLATES / "reference.docx") as ref,
        zipfile.ZipFile(TEMPLATES / "letter.docx") as letter,
    ):
        assert ref.read("word/styles.xml") == letter.read("word/styles.xml")
