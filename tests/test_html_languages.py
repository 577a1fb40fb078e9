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
    """Isolated inside the number's span: the span itself stays right to
    left, so that it stands on the start side and its gap faces the text."""
    _, page = pages["ur"]
    spans = page.xpath("//span[@class='heading-num' or @class='para-num']")
    assert spans and not any(s.get("dir") for s in spans)
    for span in spans:
        (inner,) = span
        assert (inner.tag, inner.get("dir"), inner.text) == ("span", "ltr", text(span))


def test_arabic_numbers_read_right_to_left(
    pages: dict[str, tuple[Document, lxml.html.HtmlElement]],
) -> None:
    """ "1 -" isolated left to right would put its dash against the text."""
    _, page = pages["ar"]
    spans = page.xpath("//span[@class='heading-num' or @class='para-num']")
    assert spans and not page.xpath("//span[@class='para-num' or @class='heading-num']//@dir")
    assert all(len(s) == 0 for s in spans)


@pytest.mark.parametrize("lang", LANGS)
def test_footnotes_are_numbered_through_the_annex(
    lang: str, pages: dict[str, tuple[Document, lxml.html.HtmlElement]]
) -> None:
    """One numbering for the letter's notes and the annex's, as in the PDF
    and the DOCX: each list starts where the marks before it stopped."""
    _, page = pages[lang]
    marks = [text(a) for a in page.xpath("//a[contains(@class,'footnote-ref')]")]
    assert marks == [str(n) for n in range(1, len(marks) + 1)]
    lists = page.xpath("//section[contains(@class,'footnotes')]/ol")
    starts = [int(ol.get("start", "1")) for ol in lists]
    sizes = [len(ol.xpath("./li")) for ol in lists]
    assert len(lists) == 2 and starts == [1, sizes[0] + 1]
    assert sum(sizes) == len(marks)


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_right_to_left_cells_are_not_aligned_left(
    lang: str, pages: dict[str, tuple[Document, lxml.html.HtmlElement]]
) -> None:
    """A column the drafter aligned left is aligned to the start, the right;
    figures stay right."""
    _, page = pages[lang]
    cells = page.xpath("//main//table//th | //main//table//td")
    assert cells
    assert not [c for c in cells if "left" in (c.get("style") or "")]
    assert [c for c in cells if "text-align: right" in (c.get("style") or "")]


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
