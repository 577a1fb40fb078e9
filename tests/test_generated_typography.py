"""Each language's typography in the text the pipeline writes, read from the
outputs of the example's public edition (the DOCX's XML, the PDF's text,
the parsed HTML): subparagraph letters, Arabic-script punctuation, the
citation notes (separators, Latin runs, "accessed"), web addresses, dates
and names in the generated tables, French apostrophes and spaces."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.etree
import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from conftest import EXAMPLE, MINIMAL_MANIFEST
from dossier.assemble.compose import assemble
from dossier.assemble.numbering import LATIN, letters
from dossier.pipeline.loading import load
from dossier.render import pdf

LANGS = ["en", "fr", "es", "ru", "zh", "ar", "ur"]
DOSSIER = (sys.executable, "-m", "dossier")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LRM, RLM, NBSP, NNBSP = "\u200e", "\u200f", "\u00a0", "\u202f"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

# The letters of the conclusions' three subparagraphs, as each UN language
# version writes them (docs/layout.md).
SUBPARAGRAPHS = {
    "en": ["(a)", "(b)", "(c)"],
    "zh": ["(a)", "(b)", "(c)"],
    "fr": ["a)", "b)", "c)"],
    "es": ["a)", "b)", "c)"],
    "ru": ["а)", "б)", "в)"],
    "ar": ["(أ)", "(ب)", "(ج)"],
    "ur": ["(الف)", "(ب)", "(ج)"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's public edition in every language and format."""
    out = tmp_path_factory.mktemp("typography")
    run = subprocess.run(
        [*DOSSIER, "build", str(EXAMPLE), "--edition", "public", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return out / "example" / "public"


def pdf_text(path: Path) -> str:
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return BIDI.sub("", run.stdout)


def html_page(built: Path, lang: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built / f"example.{lang}.html").read_bytes())


def docx_xml(built: Path, lang: str, part: str = "word/document.xml") -> lxml.etree._Element:
    with zipfile.ZipFile(built / f"example.{lang}.docx") as package:
        return lxml.etree.fromstring(package.read(part))


def paragraphs(root: lxml.etree._Element) -> list[str]:
    return ["".join(p.itertext()) for p in root.iter(f"{W}p")]


# ---- subparagraph letters ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_subparagraph_letters_in_the_pdf(built: Path, lang: str) -> None:
    expected = SUBPARAGRAPHS[lang]
    if lang == "ur":  # no reader gets Nastaliq's text out of a PDF: Typst's source
        doc = assemble(load(EXAMPLE), "ur")
        source = pdf.typst_source(doc, pdf.template_dir(doc.kind))
        assert ", ".join(f'"{label}"' for label in expected) in source
        return
    text = pdf_text(built / f"example.{lang}.pdf")
    starts = [line.split()[0] for line in text.splitlines() if line.split()]
    assert [s for s in starts if s in expected or re.fullmatch(r"\(?\w\)", s)] == expected


def docx_markers(built: Path, lang: str) -> list[str]:
    """The marker Word shows before each item of a lettered list."""
    numbering = docx_xml(built, lang, "word/numbering.xml")
    abstract = {
        n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val")
        for n in numbering.iter(f"{W}num")
    }
    levels = {
        (a.get(f"{W}abstractNumId"), lvl.get(f"{W}ilvl")): lvl
        for a in numbering.iter(f"{W}abstractNum")
        for lvl in a.iter(f"{W}lvl")
    }
    counts: dict[tuple[str, str], int] = {}
    out = []
    for props in docx_xml(built, lang).iter(f"{W}numPr"):
        num, ilvl = props.find(f"{W}numId").get(f"{W}val"), props.find(f"{W}ilvl").get(f"{W}val")
        level = levels[(abstract[num], ilvl)]
        fmt = level.find(f"{W}numFmt").get(f"{W}val")
        counts[(num, ilvl)] = counts.get((num, ilvl), 0) + 1
        text = level.find(f"{W}lvlText").get(f"{W}val")
        if fmt == "lowerLetter":
            text = text.replace(f"%{int(ilvl) + 1}", letters(counts[(num, ilvl)], LATIN))
        if fmt in {"lowerLetter", "none"}:
            out.append(text)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_subparagraph_letters_in_the_docx(built: Path, lang: str) -> None:
    assert docx_markers(built, lang) == SUBPARAGRAPHS[lang]


def counter_style(page: lxml.html.HtmlElement) -> tuple[list[str], str, str]:
    """The symbols, prefix and suffix of the counter style the page gives
    its lettered lists (``ol[type="a"]``)."""
    css = "".join(page.xpath("//style/text()"))
    used = re.search(r'ol\[type="a"\]\s*\{\s*list-style-type:\s*([\w-]+)', css)
    assert used, "no list style for lettered lists"
    rule = re.search(r"@counter-style\s+" + used.group(1) + r"\s*\{([^}]*)\}", css)
    assert rule, f"no @counter-style {used.group(1)}"
    body = rule.group(1)
    assert re.search(r"system:\s*alphabetic", body)
    symbols = re.findall(r'"([^"]*)"', re.search(r"symbols:([^;]*);", body).group(1))
    prefix = re.search(r'prefix:\s*"([^"]*)"', body)
    suffix = re.search(r'suffix:\s*"([^"]*)"', body)
    return symbols, prefix.group(1) if prefix else "", suffix.group(1) if suffix else ". "


@pytest.mark.parametrize("lang", LANGS)
def test_subparagraph_letters_in_the_html(built: Path, lang: str) -> None:
    page = html_page(built, lang)
    [lettered] = page.xpath('//ol[@type="a"]')
    symbols, prefix, suffix = counter_style(page)
    items = lettered.xpath("./li")
    shown = [f"{prefix}{letters(i, tuple(symbols))}{suffix}".strip() for i in range(1, 4)]
    assert len(items) == 3 and shown == SUBPARAGRAPHS[lang]


# ---- Arabic-script punctuation, citation notes ------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_arabic_script_semicolons_in_generated_lists(built: Path, lang: str) -> None:
    """ "(civilians: 9؛ security forces: 0)" in every format, not ";"."""
    page = html_page(built, lang)
    facts = " ".join(d.text_content() for d in page.xpath('//div[contains(@class, "facts")]'))
    docx = " ".join(paragraphs(docx_xml(built, lang)))
    for text in (facts, docx, pdf_text(built / f"example.{lang}.pdf")):
        assert "؛" in text and ";" not in text


def html_notes(built: Path, lang: str) -> list[str]:
    page = html_page(built, lang)
    return [li.text_content() for li in page.xpath('//section[@role="doc-endnotes"]//li')]


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_arabic_script_notes_separate_their_elements(built: Path, lang: str) -> None:
    """The elements of a note in Arabic script end with the Arabic comma and
    a right-to-left mark, each Latin run is English (in the Latin fonts),
    digits of an English title included."""
    notes = "\n".join(html_notes(built, lang))
    assert f"Aldorian Border Police{LRM}،{RLM} {LRM}Report on the attack on Kellbrook" in notes
    assert "Police, Report" not in notes and "Herald, " not in notes
    page = html_page(built, lang)
    english = [s.text_content() for s in page.xpath('//section//span[@lang="en"]')]
    assert any("9–10 August 2026" in run for run in english)
    footnotes = " ".join(paragraphs(docx_xml(built, lang, "word/footnotes.xml")))
    assert f"Police{LRM}،{RLM}" in footnotes


def pdf_digit_fonts(path: Path, first: str, last: str) -> set[str]:
    """The fonts of the digits between the words ``first`` and ``last`` (in
    either order: pdfium gives a right-to-left line's words from its end)."""
    found: set[str] = set()
    for page in pdfium.PdfDocument(str(path)):
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        at = text.find(first)
        if at < 0:
            continue
        ends = [i for i in (text.rfind(last, 0, at), text.find(last, at)) if i >= 0]
        end = min(ends, key=lambda i: abs(i - at))
        for index in range(min(at, end), max(at, end)):
            if not text[index].isdigit():
                continue
            buffer = (pdfium_c.c_char * 256)()
            size = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 256, None)
            found.add(bytes(buffer[: max(size - 1, 0)]).decode("latin-1"))
    return found


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_digits_of_a_latin_title_are_latin_in_the_pdf(built: Path, lang: str) -> None:
    """ "Report on the attack on Kellbrook, 9–10 August 2026": the digits in
    the title's Latin (italic) font, not the Arabic script's."""
    fonts = pdf_digit_fonts(built / f"example.{lang}.pdf", "Kellbrook", "August")
    assert fonts and all("Liberation" in f for f in fonts), fonts


def test_chinese_notes_quote_english_titles_and_end_with_a_chinese_stop(built: Path) -> None:
    notes = html_notes(built, "zh")
    herald = next(n for n in notes if "Marches Herald" in n)
    assert "《" not in herald and "“Mortar rounds strike Eskmoor border post”" in herald
    assert all(n.rstrip(" ↩︎").endswith("。") for n in notes if "2026年" in n[-14:])
    assert "（2026年11月2日访问）" in herald


ACCESSED = {
    "en": "available at https://marches-herald.example/2026/10/19/eskmoor (accessed 2 November",
    "fr": f"disponible à l’adresse suivante{NBSP}: https://marches-herald.example",
    "es": "puede consultarse en https://marches-herald.example/2026/10/19/eskmoor (consultado el 2",
    "ru": "размещено по адресу https://marches-herald.example/2026/10/19/eskmoor (дата обращения:",
    "zh": "可查阅 https://marches-herald.example/2026/10/19/eskmoor （2026年11月2日访问）",
    "ar": "(تم الاطلاع عليه في",
}


@pytest.mark.parametrize("lang", sorted(ACCESSED))
def test_available_at_and_accessed_in_un_words(built: Path, lang: str) -> None:
    notes = BIDI.sub("", " ".join(html_notes(built, lang)))
    assert ACCESSED[lang] in notes
    footnotes = BIDI.sub("", " ".join(paragraphs(docx_xml(built, lang, "word/footnotes.xml"))))
    assert ACCESSED[lang].split(" https")[0] in footnotes


# ---- dates and names in generated tables ------------------------------------------------

MONTHS = {
    "en": "August 2026",
    "fr": "Août 2026",
    "es": "Agosto de 2026",
    "ru": "Август 2026 года",
    "zh": "2026年8月",
    "ar": "آب/أغسطس 2026",
}


def table_cells(page: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(td.text_content().split()) for td in page.xpath("//table//td")]


@pytest.mark.parametrize("lang", sorted(MONTHS))
def test_a_month_in_a_table_as_the_un_writes_it(built: Path, lang: str) -> None:
    assert MONTHS[lang] in table_cells(html_page(built, lang))
    assert MONTHS[lang] in paragraphs(docx_xml(built, lang))
    assert MONTHS[lang] in pdf_text(built / f"example.{lang}.pdf").splitlines()


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru"])
def test_generated_cells_begin_with_a_capital(built: Path, lang: str) -> None:
    cells = [c for c in table_cells(html_page(built, lang)) if c]
    assert [c for c in cells if c[0].islower()] == []
    docx = [
        "".join(cell.itertext()).strip()
        for cell in docx_xml(built, lang).iter(f"{W}tc")
        if "".join(cell.itertext()).strip()
    ]
    assert [c for c in docx if c[0].islower()] == []


def test_french_place_names_begin_with_a_capital_in_every_format(built: Path) -> None:
    assert "Poste de Tarn" in table_cells(html_page(built, "fr"))
    assert "Poste de Tarn" in pdf_text(built / "example.fr.pdf")
    assert "poste de Tarn" not in pdf_text(built / "example.fr.pdf")


def test_french_apostrophes_are_typographic(built: Path) -> None:
    """Names and titles from the YAML ("République d'Aldorie") and the
    catalogue ("Type d'attaque") get the apostrophe the drafters' text has."""
    html = html_page(built, "fr").xpath("//body")[0].text_content()
    docx = " ".join(paragraphs(docx_xml(built, "fr")))
    pdf = pdf_text(built / "example.fr.pdf")
    for text in (html, docx, pdf):
        assert "'" not in text and "d’Aldorie" in text and "Type d’attaque" in text


def test_french_spaces_before_double_punctuation(built: Path) -> None:
    """A narrow no-break space before ";" (and "!", "?") and inside « »; a
    no-break space before ":" (Imprimerie nationale)."""
    html = html_page(built, "fr").xpath("//body")[0].text_content()
    docx = " ".join(paragraphs(docx_xml(built, "fr")))
    notes = " ".join(paragraphs(docx_xml(built, "fr", "word/footnotes.xml")))
    for text in (html, docx):
        assert f"9{NNBSP}; Forces" in text
    for text in (html, docx, notes):
        assert re.findall(r"\S;", text) == []
        assert re.findall(r"[^\s\u00a0]:\s", text.replace("https:", "")) == []
    for text in (html, notes):
        assert f"«{NNBSP}Mortar" in text and f"post{NNBSP}»" in text


def test_a_spanish_web_address_breaking_at_its_hyphen_keeps_one(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    """The same address after words of every length: some line ends at its
    hyphen, and the next line does not begin with a second one."""
    manifest = MINIMAL_MANIFEST.replace("source_language: en", "source_language: es")
    manifest = manifest.replace("languages: [en]", "languages: [es]")
    url = "https://marches-herald.example/2026/10/19/eskmoor"
    paras = [f"{'palabra ' * k}{'x' * (k % 7)} <{url}> fin." for k in range(1, 40)]
    folder = make_dossier(
        manifest,
        {
            "sections/es/00-letter.md": "\n\n".join(paras) + "\n",
            "sections/es/01-annex.md": "# Hechos\n\nUn párrafo.\n",
        },
    )
    out = tmp_path / "out"
    run = subprocess.run(
        [*DOSSIER, "build", str(folder), "--format", "pdf", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    [made] = out.rglob("*.es.pdf")
    raw = subprocess.run(["pdftotext", "-raw", str(made), "-"], capture_output=True, text=True)
    lines = raw.stdout.splitlines()
    assert [line for line in lines if line.endswith("marches-")]  # the case is there
    assert not [line for line in lines if line.startswith("-herald")]


def drawn_words(page: lxml.html.HtmlElement) -> str:
    """The words drawn in the page's charts and map (their SVG keeps each
    word drawn as a comment beside its outlines)."""
    out = []
    for source in page.xpath("//img/@src"):
        if source.startswith("data:image/svg+xml;base64,"):
            svg = base64.b64decode(source.split(",", 1)[1]).decode("utf-8")
            out += re.findall(r"<!--(.*?)-->", svg, re.S)
    return "\n".join(out)


def test_words_drawn_in_french_charts_are_typeset(built: Path) -> None:
    drawn = drawn_words(html_page(built, "fr"))
    # the example's own type words have no apostrophe: the French space of
    # the map's note shows the typesetting; the capital, the drawn words'
    assert "Août 2026" in drawn and "Limites\u00a0: Limites fictives" in drawn
    assert "'" not in drawn
