"""The PDF of every language version: the masthead and dates of that
version, the fonts of its script, embedded, and Chinese without stray spaces;
an untranslated stand-in marked and set in its own language."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from dossier.assemble.compose import Document, assemble, mark_untranslated
from dossier.core import tree
from dossier.load.loaded import Dossier
from dossier.render import pdf

LANGS = ["en", "fr", "es", "ru", "zh", "ar", "ur"]
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
# The bidi controls pdftotext wraps right-to-left runs in.
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MASTHEAD = ("united_nations", "organ", "symbol", "distribution", "date", "version", "original")
# The title-line date of each version, as the UN writes it.
DATES = {
    "en": "27 November 2026",
    "fr": "27 novembre 2026",
    "es": "27 de noviembre de 2026",
    "ru": "27 ноября 2026 года",
    "zh": "2026年11月27日",
    "ar": "تشرين الثاني/نوفمبر",
}
SCRIPT_FONT = {"zh": "NotoSerifCJK", "ar": "NotoNaskhArabic", "ur": "NotoNastaliqUrdu"}

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def built(
    example_dossier: Dossier, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Document, Path]]:
    folder = tmp_path_factory.mktemp("pdf-langs")
    out: dict[str, tuple[Document, Path]] = {}
    for lang in LANGS:
        doc = assemble(example_dossier, lang)
        path = folder / f"example.{lang}.pdf"
        pdf.render(doc, path)
        out[lang] = (doc, path)
    return out


def page_text(path: Path, page: int = 1) -> str:
    """pdftotext's text of a page (logical order for right-to-left text),
    without its bidi controls."""
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"]
    result = subprocess.run(args, capture_output=True, check=True)
    return BIDI.sub("", result.stdout.decode("utf-8"))


def words(text: str) -> str:
    return " ".join(text.split())


def letters(text: str) -> str:
    """Only the letters and digits: extraction moves spaces around the
    punctuation of right-to-left text."""
    return "".join(char for char in text if char.isalnum())


def extractable(lang: str, value: str) -> bool:
    """Whether ``value`` can be found in the extracted text: Typst's text
    map of Nastaliq (many glyphs to a letter) does not give the Urdu back."""
    return lang != "ur" or value.isascii()


@pytest.mark.parametrize("lang", LANGS)
def test_masthead_on_page_one(lang: str, built: dict[str, tuple[Document, Path]]) -> None:
    doc, path = built[lang]
    text = letters(page_text(path))
    for key in MASTHEAD:
        value = doc.strings[key]
        if value and extractable(lang, value):
            assert letters(value) in text, key


@pytest.mark.parametrize("lang", sorted(DATES))
def test_date_in_the_title_line(lang: str, built: dict[str, tuple[Document, Path]]) -> None:
    doc, path = built[lang]
    assert DATES[lang] in doc.strings["title_line"]
    assert DATES[lang] in words(page_text(path))


def test_versions_name_their_language(built: dict[str, tuple[Document, Path]]) -> None:
    assert "Français" in page_text(built["fr"][1])
    assert "Arabic" in page_text(built["ar"][1])
    assert not built["en"][0].strings["version"]


def fonts(path: Path) -> dict[str, Any]:
    """Every font of every page, by BaseFont name without its subset tag."""
    found: dict[str, Any] = {}
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            found[str(font["/BaseFont"]).split("+", 1)[-1]] = font
    return found


def embedded(font: Any) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_of_the_script_embedded(lang: str, built: dict[str, tuple[Document, Path]]) -> None:
    found = fonts(built[lang][1])
    assert all(embedded(font) for font in found.values()), sorted(found)
    assert any(name.startswith("LiberationSerif") for name in found)
    if lang in SCRIPT_FONT:
        assert any(name.startswith(SCRIPT_FONT[lang]) for name in found), sorted(found)
    else:
        assert not any(name.startswith("Noto") for name in found), sorted(found)


def test_chinese_takes_the_simplified_forms(built: dict[str, tuple[Document, Path]]) -> None:
    cjk = [name for name in fonts(built["zh"][1]) if name.startswith("NotoSerifCJK")]
    assert cjk
    assert all(name.startswith("NotoSerifCJKsc") for name in cjk), cjk


def placed_words(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each line of the PDF as its words (x from, x to, text), from
    ``pdftotext -bbox-layout``."""
    result = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True)
    lines = re.findall(r"<line .*?</line>", result.stdout.decode("utf-8"), re.S)
    word = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>')
    return [[(float(a), float(b), text) for a, b, text in word.findall(line)] for line in lines]


def test_no_space_between_chinese_characters(built: dict[str, tuple[Document, Path]]) -> None:
    """Two words of a line both Chinese where they meet, a space's width
    apart: a stray space. (Table cells are further apart.)"""
    strays = [
        (before[2], after[2])
        for line in placed_words(built["zh"][1])
        for before, after in pairwise(line)
        if re.fullmatch(CJK, before[2][-1])
        and re.fullmatch(CJK, after[2][0])
        and after[0] - before[1] < 6
    ]
    assert not strays


def test_chinese_signature_without_space(built: dict[str, tuple[Document, Path]]) -> None:
    doc, path = built["zh"]
    letter = " ".join(page_text(path, n) for n in (1, 2))
    assert doc.strings["signed"] + doc.strings["signer_name"] in letter


def test_arabic_numbers_in_reading_order(built: dict[str, tuple[Document, Path]]) -> None:
    """'قرار مجلس الأمن 1373 (2001) بعدم': right to left, the words and the
    numbers in the order they are read."""
    line = next(
        words for words in placed_words(built["ar"][1]) if any(w[2] == "1373" for w in words)
    )
    # the words as the glyphs stand, left to right: Arabic ones reversed
    x = {text.strip("()")[::-1]: start for start, _, text in line}
    assert x["الأمن"] > x["3731"] > x["1002"] > x["بعدم"]
    # Latin in its own order: the symbol, the job line of the footer
    lines = [[text for _, _, text in line] for line in placed_words(built["ar"][1])]
    assert ["S/2026/1043"] in lines
    assert ["26-21345", "(A)"] in lines


# ---- an untranslated stand-in ---------------------------------------------------


def stand_in(doc: Document, source: Document) -> Document:
    """``doc`` with its letter replaced by ``source``'s, marked untranslated."""
    div = tree.div(("untranslated",), source.body, lang=source.lang)
    return replace(doc, body=mark_untranslated([div], doc.strings["untranslated"]))


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_untranslated_marked_and_in_its_language(
    lang: str, built: dict[str, tuple[Document, Path]], tmp_path: Path
) -> None:
    doc = stand_in(built[lang][0], built["en"][0])
    out = tmp_path / "draft.pdf"
    pdf.render(doc, out)
    text = words(" ".join(page_text(out, n) for n in (1, 2)))
    # the order of right-to-left words on a page of left-to-right text is
    # pdftotext's guess: each word of the marker
    assert all(letters(word) in letters(text) for word in doc.strings["untranslated"].split())
    assert "I have the honour to draw your attention" in text
    source = pdf.typst_source(doc, pdf.template_dir("sc-letter"))
    assert '#un.untranslated(lang: "en", marker: ' in source


def test_untranslated_source_checked_with_its_fonts(
    built: dict[str, tuple[Document, Path]], tmp_path: Path
) -> None:
    """Chinese standing in for a missing Arabic translation is set in the
    CJK font (the Arabic list has none)."""
    doc = stand_in(built["ar"][0], built["zh"][0])
    out = tmp_path / "draft.pdf"
    pdf.render(doc, out)
    assert any(name.startswith("NotoSerifCJK") for name in fonts(out))
