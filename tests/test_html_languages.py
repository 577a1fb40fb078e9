"""The HTML of every language version: language, direction, the UN
masthead of that version, numbering in that language's forms."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import lxml.html
import pytest

from dossier.assemble.compose import Document, assemble
from dossier.load.loaded import Dossier
from dossier.render.html import render

LANGS = ["en", "fr", "es", "ru", "zh", "ar", "ur"]
CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"


@pytest.fixture(scope="module")
def pages(
    example_dossier: Dossier, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Document, lxml.html.HtmlElement]]:
    out: dict[str, tuple[Document, lxml.html.HtmlElement]] = {}
    folder = tmp_path_factory.mktemp("html-langs")
    for lang in LANGS:
        doc = assemble(example_dossier, lang)
        path = Path(folder) / f"example.{lang}.html"
        render(doc, path)
        out[lang] = (doc, lxml.html.fromstring(path.read_bytes()))
    return out


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize("lang", LANGS)
def test_language_and_direction(
    lang: str, pages: dict[str, tuple[Document, lxml.html.HtmlElement]]
) -> None:
    _, page = pages[lang]
    assert page.get("lang") == lang
    assert page.get("dir") == ("rtl" if lang in {"ar", "ur"} else "ltr")


ENGLISH_BLOCK = ["Distr.: General", "27 November 2026"]
EXPECTED_MASTHEAD = {
    "en": ["United Nations", "Security Council", *ENGLISH_BLOCK, "Original: English"],
    "fr": [
        "Nations Unies",
        "Conseil de sécurité",
        "Distr. générale",
        "27 novembre 2026",
        "Français",
        "Original\u00a0: anglais",
    ],
    "es": [
        "Naciones Unidas",
        "Consejo de Seguridad",
        "Distr. general",
        "27 de noviembre de 2026",
        "Español",
        "Original: inglés",
    ],
    "ru": [
        "Организация Объединенных Наций",
        "Совет Безопасности",
        *ENGLISH_BLOCK,
        "Russian",
        "Original: English",
    ],
    "zh": ["联合国", "安全理事会", *ENGLISH_BLOCK, "Chinese", "Original: English"],
    "ar": ["الأمم المتحدة", "مجلس الأمن", *ENGLISH_BLOCK, "Arabic", "Original: English"],
    "ur": ["اقوام متحدہ", "سلامتی کونسل", *ENGLISH_BLOCK, "Urdu", "Original: English"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_masthead_as_the_un_writes_it(
    lang: str, pages: dict[str, tuple[Document, lxml.html.HtmlElement]]
) -> None:
    _, page = pages[lang]
    lines = [" ".join(p.text_content().split(" ")).strip() for p in page.xpath("//header//p")]
    lines = [line for line in lines if line and line != "S/2026/1043"]
    assert lines == EXPECTED_MASTHEAD[lang]


@pytest.mark.parametrize("lang", ["ru", "zh", "ar", "ur"])
def test_english_distribution_block_is_marked_english(
    lang: str, pages: dict[str, tuple[Document, lxml.html.HtmlElement]]
) -> None:
    _, page = pages[lang]
    (block,) = page.xpath("//div[@class='distribution']")
    assert block.get("lang") == "en"
    assert block.get("dir") == "ltr"


TITLE_FRAGMENTS = {
    "en": "Letter dated 27 November 2026 from the Permanent Representative of the Republic",
    "fr": "Lettre datée du 27 novembre 2026, adressée au Président du Conseil de sécurité par la "
    "Représentante permanente de la République d’Aldorie",
    "es": "Carta de fecha 27 de noviembre de 2026 dirigida al Presidente del Consejo de Seguridad",
    "ru": "Письмо Постоянного представителя Республики Алдория при Организации Объединенных Наций "
    "от 27 ноября 2026 года на имя Председателя Совета Безопасности",
    "zh": "2026年11月27日阿尔多利亚共和国常驻联合国代表给安全理事会主席的信",
    "ar": "رسالة مؤرخة 27 تشرين الثاني/نوفمبر 2026 موجهة إلى رئيس مجلس الأمن",
    "ur": "کے نام 27 نومبر 2026 کا خط",
}


@pytest.mark.parametrize("lang", LANGS)
def test_title_line(lang: str, pages: dict[str, tuple[Document, lxml.html.HtmlElement]]) -> None:
    doc, page = pages[lang]
    (title,) = page.xpath("//h1[@class='title-line']")
    assert text(title) == doc.strings["title_line"]
    assert TITLE_FRAGMENTS[lang] in text(title)


def test_arabic_numbering(pages: dict[str, tuple[Document, lxml.html.HtmlElement]]) -> None:
    _, page = pages["ar"]
    headings = [
        text(h) for h in page.xpath("//section[@class='annex']//span[@class='heading-num']")
    ]
    assert headings[:4] == ["أولا -", "ثانيا -", "ألف -", "باء -"]
    numbers = [text(s) for s in page.xpath("//span[@class='para-num']")]
    assert numbers[:2] == ["1 -", "2 -"]


def test_latin_numbers_are_isolated_in_urdu(
    pages: dict[str, tuple[Document, lxml.html.HtmlElement]],
) -> None:
    _, page = pages["ur"]
    spans = page.xpath("//span[@class='heading-num']")
    assert spans and all(s.get("dir") == "ltr" for s in spans)


def test_chinese_has_no_spaces_between_characters(
    pages: dict[str, tuple[Document, lxml.html.HtmlElement]],
) -> None:
    _, page = pages["zh"]
    body = page.xpath("//main")[0].text_content()
    assert not re.search(f"{CJK} +{CJK}", body)
    headings = [
        text(h) for h in page.xpath("//section[@class='annex']//span[@class='heading-num']")
    ]
    assert headings[:2] == ["一.", "二."]


def marked_text(page: lxml.html.HtmlElement) -> str:
    """The text of the document with each footnote mark written as ¤."""
    main = copy.deepcopy(page.xpath("//main")[0])
    for ref in main.xpath(".//a[contains(@class,'footnote-ref')]"):
        for child in list(ref):
            ref.remove(child)
        ref.text = "¤"
    return main.text_content()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_footnote_mark_before_punctuation(
    lang: str, pages: dict[str, tuple[Document, lxml.html.HtmlElement]]
) -> None:
    body = marked_text(pages[lang][1])
    assert body.count("¤") == 3
    assert not re.search(r"[.,;:]¤", body)
    assert re.search(r"\w¤[.,;:]", body)


def test_english_footnote_mark_after_punctuation(
    pages: dict[str, tuple[Document, lxml.html.HtmlElement]],
) -> None:
    body = marked_text(pages["en"][1])
    assert body.count("¤") == 3
    assert not re.search(r"¤[.,;:]", body)
    assert re.search(r"[.,;:]¤", body)
