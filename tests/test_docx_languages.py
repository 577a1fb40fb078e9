"""The DOCX of every language of the example: localised masthead, language
tags and fonts, right to left for Arabic and Urdu, Chinese without spaces."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dossier.assemble.compose import Document, assemble, mark_untranslated
from dossier.core import tree
from dossier.pipeline.loading import load
from dossier.render.docx import render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "dossiers" / "example"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
LANGS = ("en", "fr", "es", "ru", "zh", "ar", "ur")
RTL_LANGS = ("ar", "ur")
LRM = "\u200e"
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"

# Pinned: what the catalogues and the UN's rules give (doc.strings gives the rest).
MASTHEAD = {
    "en": ("United Nations", "Security Council", "Distr.: General", "27 November 2026", ""),
    "fr": (
        "Nations Unies",
        "Conseil de sécurité",
        "Distr. générale",
        "27 novembre 2026",
        "Français",
    ),
    "es": (
        "Naciones Unidas",
        "Consejo de Seguridad",
        "Distr. general",
        "27 de noviembre de 2026",
        "Español",
    ),
    "ru": (
        "Организация Объединенных Наций",
        "Совет Безопасности",
        "Distr.: General",
        "27 November 2026",
        "Russian",
    ),
    "zh": ("联合国", "安全理事会", "Distr.: General", "27 November 2026", "Chinese"),
    "ar": ("الأمم المتحدة", "مجلس الأمن", "Distr.: General", "27 November 2026", "Arabic"),
    "ur": ("اقوام متحدہ", "سلامتی کونسل", "Distr.: General", "27 November 2026", "Urdu"),
}
ORIGINAL = {"fr": "Original\u00a0: anglais", "es": "Original: inglés"}
TITLE_FRAGMENT = {
    "en": "Letter dated 27 November 2026",
    "fr": "datée du 27 novembre 2026",
    "ru": "от 27 ноября 2026 года",
    "zh": "2026年11月27日",
    "ar": "تشرين الثاني/نوفمبر",
}
LANG_ATTRS = {
    "en": {"val": "en-US"},
    "fr": {"val": "fr-FR"},
    "es": {"val": "es-ES"},
    "ru": {"val": "ru-RU"},
    "zh": {"val": "en-US", "eastAsia": "zh-CN"},
    "ar": {"val": "en-US", "bidi": "ar-SA"},
    "ur": {"val": "en-US", "bidi": "ur-PK"},
}
TAGS = {"en": "en-US", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU"}
TAGS |= {"zh": "zh-CN", "ar": "ar-SA", "ur": "ur-PK"}
CS_FONTS = {"ar": "Noto Naskh Arabic", "ur": "Noto Nastaliq Urdu"}


@dataclasses.dataclass
class Built:
    doc: Document
    path: Path

    def part(self, name: str) -> Any:
        with zipfile.ZipFile(self.path) as archive:
            return etree.fromstring(archive.read(name))

    def text_parts(self) -> dict[str, Any]:
        """document.xml, footnotes.xml, every header and footer."""
        with zipfile.ZipFile(self.path) as archive:
            names = [
                n
                for n in archive.namelist()
                if re.fullmatch(r"word/(document|footnotes|header\d*|footer\d*)\.xml", n)
            ]
        return {name: self.part(name) for name in names}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """Each language of the example rendered once for the module."""
    dossier = load(EXAMPLE)
    folder = tmp_path_factory.mktemp("languages")
    cache: dict[str, Built] = {}

    def get(lang: str) -> Built:
        if lang not in cache:
            doc = assemble(dossier, lang)
            render(doc, folder / f"example.{lang}.docx")
            cache[lang] = Built(doc, folder / f"example.{lang}.docx")
        return cache[lang]

    return get


def xp(node: Any, expr: str) -> list[Any]:
    return list(etree.XPath(expr, namespaces=NS)(node))


def text(node: Any) -> str:
    return "".join(xp(node, ".//w:t/text()"))


def attr(node: Any, name: str) -> str | None:
    value = node.get(f"{{{W}}}{name}")
    return None if value is None else str(value)


def paragraphs_of_style(root: Any, style: str) -> list[Any]:
    return xp(root, f".//w:p[w:pPr/w:pStyle/@w:val='{style}']")


# -- every language -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_masthead(build: Callable[[str], Built], lang: str) -> None:
    built = build(lang)
    strings = built.doc.strings
    masthead = built.part("word/document.xml").find("w:body/w:tbl", NS)
    united, organ, distribution, date, version = MASTHEAD[lang]
    assert (strings["united_nations"], strings["organ"]) == (united, organ)
    cells = [text(c).replace(LRM, "") for c in xp(masthead, ".//w:tc")]
    assert cells[0] == united and cells[1] == "S/2026/1043" and cells[2] == organ
    column = [
        text(p).replace(LRM, "") for p in paragraphs_of_style(masthead, "MastheadDistribution")
    ]
    original = ORIGINAL.get(lang, "Original: English")
    assert column == [distribution, date, version, original]
    assert strings["version"] == version and strings["original"] == original


@pytest.mark.parametrize("lang", LANGS)
def test_title_line(build: Callable[[str], Built], lang: str) -> None:
    built = build(lang)
    titles = paragraphs_of_style(built.part("word/document.xml"), "TitleLine")
    assert [text(p) for p in titles] == [built.doc.strings["title_line"]]
    assert TITLE_FRAGMENT.get(lang, "2026") in text(titles[0])


@pytest.mark.parametrize("lang", LANGS)
def test_language_in_styles_and_properties(build: Callable[[str], Built], lang: str) -> None:
    built = build(lang)
    styles = built.part("word/styles.xml")
    tag = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert {etree.QName(k).localname: v for k, v in tag.attrib.items()} == LANG_ATTRS[lang]
    core = built.part("docProps/core.xml")
    language = core.find("{http://purl.org/dc/elements/1.1/}language")
    assert language is not None and language.text == TAGS[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_complex_script_sizes(build: Callable[[str], Built], lang: str) -> None:
    built = build(lang)
    for root in [built.part("word/styles.xml"), *built.text_parts().values()]:
        for size in xp(root, "//w:sz"):
            assert xp(size, "../w:szCs/@w:val") == [attr(size, "val")]


# -- right to left --------------------------------------------------------------------


@pytest.mark.parametrize("lang", RTL_LANGS)
def test_every_paragraph_right_to_left(build: Callable[[str], Built], lang: str) -> None:
    parts = build(lang).text_parts()
    assert {"word/footnotes.xml", "word/header2.xml", "word/footer2.xml"} <= set(parts)
    for name, root in parts.items():
        paragraphs = xp(root, "//w:p")
        assert paragraphs, name
        for paragraph in paragraphs:
            assert xp(paragraph, "w:pPr/w:bidi[not(@w:val)]"), (name, text(paragraph))


@pytest.mark.parametrize("lang", RTL_LANGS)
def test_tables_and_section_right_to_left(build: Callable[[str], Built], lang: str) -> None:
    built = build(lang)
    document = built.part("word/document.xml")
    tables = xp(document, "//w:tbl")
    assert len(tables) >= 2  # the masthead and the tables of the annex
    assert all(xp(t, "w:tblPr/w:bidiVisual[not(@w:val)]") for t in tables)
    assert xp(document, "w:body/w:sectPr/w:bidi")
    assert xp(built.part("word/styles.xml"), "w:docDefaults/w:pPrDefault/w:pPr/w:bidi")


@pytest.mark.parametrize("lang", RTL_LANGS)
def test_runs_right_to_left_only_with_arabic_letters(
    build: Callable[[str], Built], lang: str
) -> None:
    arabic = 0
    for name, root in build(lang).text_parts().items():
        for run in xp(root, "//w:r[w:t]"):
            rtl = bool(xp(run, "w:rPr/w:rtl"))
            if ARABIC.search(text(run)):
                arabic += 1
                assert rtl, (name, text(run))
            elif re.search("[A-Za-z]", text(run)):
                assert not rtl, (name, text(run))
    assert arabic > 50


@pytest.mark.parametrize("lang", RTL_LANGS)
def test_complex_script_font(build: Callable[[str], Built], lang: str) -> None:
    styles = build(lang).part("word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert attr(fonts, "cs") == CS_FONTS[lang]
    assert attr(fonts, "ascii") == "Times New Roman"


@pytest.mark.parametrize("lang", RTL_LANGS)
def test_latin_lines_stay_left_to_right(build: Callable[[str], Built], lang: str) -> None:
    """The English distribution block, the job number and the page number are
    held between left-to-right marks, and the block sits on the left."""
    built = build(lang)
    masthead = built.part("word/document.xml").find("w:body/w:tbl", NS)
    for paragraph in paragraphs_of_style(masthead, "MastheadDistribution"):
        value = text(paragraph)
        assert value == "" or (value.startswith(LRM) and value.endswith(LRM))
        assert xp(paragraph, "w:pPr/w:jc/@w:val") == ["right"]  # the end: left
    footer = built.part("word/footer2.xml")
    assert text(footer).replace(LRM, "|") == "|26-21345||2/2|"
    assert (
        text(built.part("word/footer1.xml"))
        == f"{LRM}26-21345 {built.doc.strings['job_suffix']}{LRM}"
    )


def test_urdu_lines_stand_as_tall_as_the_pdfs(build: Callable[[str], Built]) -> None:
    """Nastaliq is clipped by exact 12 pt leading, and a minimum lets
    LibreOffice set each line at the font's 2.5 em (12 pages, the PDF's 9):
    exact, at the PDF's pitch of 21 pt for 10 pt text; no line left at 12 pt."""
    styles = build("ur").part("word/styles.xml")
    body = styles.find("w:style[@w:styleId='BodyText']/w:pPr/w:spacing", NS)
    assert (attr(body, "line"), attr(body, "lineRule")) == ("420", "exact")
    exact = "//w:style[not(@w:styleId='MastheadEnd')]//w:spacing[@w:lineRule='exact']/@w:line"
    lines = xp(styles, exact)
    assert "240" not in lines
    assert xp(styles, "//w:spacing[@w:lineRule='atLeast']") == []


# -- Chinese --------------------------------------------------------------------------


def test_chinese_fonts(build: Callable[[str], Built]) -> None:
    styles = build("zh").part("word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert attr(fonts, "eastAsia") == "Noto Serif CJK SC"
    assert attr(fonts, "ascii") == "Times New Roman"


def test_chinese_has_no_spaces_between_characters(build: Callable[[str], Built]) -> None:
    built = build("zh")
    gap = re.compile(f"{CJK} +{CJK}")
    for name, root in built.text_parts().items():
        for t in xp(root, "//w:t/text()"):
            assert not gap.search(t), (name, t)
        for paragraph in xp(root, "//w:p"):
            assert not gap.search(text(paragraph)), (name, text(paragraph))
    signature = paragraphs_of_style(built.part("word/document.xml"), "SignatureBlock")[0]
    assert text(signature).startswith("（签名）米拉·卡斯特兰")


# -- source text standing in for a translation ------------------------------------------


def stand_in(target: Document, source: Document) -> Document:
    """``target`` with ``source``'s letter as the untranslated stand-in."""
    div = tree.div(("untranslated",), source.body, lang=source.lang)
    body = mark_untranslated([div], target.strings["untranslated"])
    return dataclasses.replace(target, body=body)


def test_english_stand_in_in_arabic(build: Callable[[str], Built], tmp_path: Path) -> None:
    doc = stand_in(build("ar").doc, build("en").doc)
    render(doc, tmp_path / "x.docx")
    document = Built(doc, tmp_path / "x.docx").part("word/document.xml")
    marker = paragraphs_of_style(document, "UntranslatedMarker")
    assert [text(p) for p in marker] == [doc.strings["untranslated"]]
    assert xp(marker[0], "w:pPr/w:bidi[not(@w:val)]") and xp(marker[0], ".//w:rtl")
    english = [p for p in xp(document, "//w:p") if text(p).startswith("I have the honour")]
    assert len(english) == 1
    assert xp(english[0], "w:pPr/w:bidi/@w:val") == ["0"]
    assert not xp(english[0], ".//w:rtl")
    assert set(xp(english[0], ".//w:lang/@w:val")) == {"en-US"}
    styles = Built(doc, tmp_path / "x.docx").part("word/styles.xml")
    style = styles.find("w:style[@w:styleId='UntranslatedMarker']", NS)
    assert xp(style, "w:rPr/w:b") and xp(style, "w:rPr/w:color/@w:val") == ["C00000"]


def test_arabic_stand_in_in_english(build: Callable[[str], Built], tmp_path: Path) -> None:
    doc = stand_in(build("en").doc, build("ar").doc)
    render(doc, tmp_path / "x.docx")
    document = Built(doc, tmp_path / "x.docx").part("word/document.xml")
    arabic = [p for p in xp(document, "//w:p") if ARABIC.search(text(p))]
    assert len(arabic) == 3
    for paragraph in arabic:
        assert xp(paragraph, "w:pPr/w:bidi[not(@w:val)]")
        assert xp(paragraph, ".//w:r[w:rPr/w:rtl]/w:rPr/w:rFonts/@w:cs")[0] == "Noto Naskh Arabic"
    marker = paragraphs_of_style(document, "UntranslatedMarker")
    assert not xp(marker[0], "w:pPr/w:bidi")
    assert not xp(document, "w:body/w:sectPr/w:bidi")
