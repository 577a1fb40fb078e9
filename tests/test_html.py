"""The HTML output: one self-contained, readable file with the UN layout."""

from __future__ import annotations

import re

import lxml.html
import pytest

from dossier.assemble.compose import Document
from dossier.core import pandoc, tree
from dossier.render.html import fragment, render


@pytest.fixture(scope="module")
def page(example_doc: Document, tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    out = tmp_path_factory.mktemp("html") / "example.en.html"
    render(example_doc, out)
    return lxml.html.fromstring(out.read_bytes())


def texts(page: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in page.xpath(xpath)]


def test_root_declares_language_and_direction(page: lxml.html.HtmlElement) -> None:
    assert page.get("lang") == "en"
    assert page.get("dir") == "ltr"
    assert page.xpath("//meta[@name='viewport']")


def test_masthead(page: lxml.html.HtmlElement) -> None:
    masthead = [t for t in texts(page, "//header[@class='masthead']//p") if t]
    assert masthead == [
        "United Nations",
        "S/2026/1043",
        "Security Council",
        "Distr.: General",
        "27 November 2026",
        "Original: English",
    ]
    assert page.xpath("//header//time/@datetime") == ["2026-11-27"]


def test_letter_structure_in_order(page: lxml.html.HtmlElement) -> None:
    order = texts(
        page,
        "//h1[@class='title-line'] | //div[@class='closing'] | //div[@class='signature']"
        " | //h1[@class='annex-title']",
    )
    assert order[0].startswith("Letter dated 27 November 2026 from the Permanent Representative")
    assert order[0].endswith("addressed to the President of the Security Council")
    assert order[1].startswith("I should be grateful if you would have the present letter and its")
    assert order[2] == "(Signed) Mira Castellan Permanent Representative"
    assert order[3].startswith("Annex to the letter dated 27 November 2026")


def test_letter_paragraphs_are_not_numbered(page: lxml.html.HtmlElement) -> None:
    letter = page.xpath("//section[@class='letter']")[0]
    assert letter.xpath(".//p") and not letter.xpath(".//*[@class='para-num']")


def test_letter_footnotes_follow_the_signature(page: lxml.html.HtmlElement) -> None:
    letter = page.xpath("//section[@class='letter']")[0]
    classes = [e.get("class") for e in letter if e.get("class")]
    assert classes[-3:] == ["closing", "signature", "footnotes footnotes-end-of-document"]


def test_annex_headings_and_paragraphs_are_numbered(page: lxml.html.HtmlElement) -> None:
    annex = page.xpath("//section[@class='annex']")[0]
    headings = texts(annex, ".//h2 | .//h3")
    assert headings == [
        "I.Overview",
        "II.Incidents",
        "A.Attacks on villages",
        "B.Attacks on border posts",
        "III.Area of the attacks",
        "IV.Conclusions",
    ]
    numbers = texts(annex, ".//span[@class='para-num']")
    assert numbers == [f"{n}." for n in range(1, len(numbers) + 1)]
    assert len(numbers) >= 8


def test_footnotes_table_and_image(page: lxml.html.HtmlElement) -> None:
    notes = texts(page, "//section[contains(@class,'footnotes')]//li")
    assert len(notes) == 3
    assert notes[0].startswith("Reports of the Aldorian Border Police")
    rows = page.xpath("//section[@class='annex']//table//tr")
    assert len(rows) == 7
    assert texts(page, "//table/caption")[0].startswith("Armed attacks in the Northern Marches")
    (img,) = page.xpath("//figure//img")
    assert img.get("src").startswith("data:image/png;base64,")
    assert img.get("alt")


def test_nothing_is_loaded_from_elsewhere(page: lxml.html.HtmlElement) -> None:
    for element in page.iter():
        for name in ("src", "href", "srcset", "poster", "data"):
            value = element.get(name)
            if value is not None:
                assert value.startswith(("data:", "#")), f"<{element.tag} {name}={value[:40]}>"
    assert not page.xpath("//link | //script[@src] | //iframe")
    css = " ".join(page.xpath("//style/text()"))
    assert not re.search(r"url\((?!['\"]?data:)", css)
    assert "@import" not in css


def test_print_stylesheet(page: lxml.html.HtmlElement) -> None:
    css = " ".join(page.xpath("//style/text()"))
    assert "@media print" in css
    assert "size: letter" in css
    assert "break-before: page" in css


def test_job_line(page: lxml.html.HtmlElement) -> None:
    assert texts(page, "//footer[@class='job-line']") == ["26-21345 (E)"]


def test_a_stand_in_keeps_its_direction_and_its_marker_the_page_s() -> None:
    """English standing in for a missing Arabic section is laid out left to
    right, its table as the drafter aligned it; the marker above it is
    Arabic, right to left; an Arabic table's left column goes to the start."""
    table, _ = pandoc.parse_markdown("| a | 1 |\n|:--|--:|\n| b | 2 |\n")
    marker = tree.div(("untranslated-marker",), [tree.para(tree.text("لم يترجم بعد"))])
    stand_in = tree.div(("untranslated",), [marker, *tree.copy(table)], lang="en")
    html = str(fragment([stand_in, *table], "annex-", "ar", "rtl"))
    assert '<div class="untranslated" lang="en" dir="ltr">' in html
    assert '<div class="untranslated-marker" lang="ar" dir="rtl">' in html
    english, arabic = html.rsplit("</div>", 1)
    assert english.count('style="text-align: left;"') == 2
    assert "left" not in arabic and arabic.count('style="text-align: right;"') == 2
