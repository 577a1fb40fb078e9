"""The fonts of each language and the check that they cover the text:
missing glyphs and fonts that are not installed fail before Typst runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dossier.assemble.compose import Document
from dossier.core import fonts, tree
from dossier.render import pdf

TAMIL = "\u0ba4"  # TAMIL LETTER TA
ETHIOPIC = "\u1200"  # ETHIOPIC SYLLABLE HA
HAN = "\u4e2d"  # 中


def test_tamil_and_ethiopic_are_missing_in_english() -> None:
    missing = fonts.missing_glyphs(f"Text with {TAMIL} and {ETHIOPIC}.", "en")
    assert missing == [
        (TAMIL, "U+0BA4 TAMIL LETTER TA"),
        (ETHIOPIC, "U+1200 ETHIOPIC SYLLABLE HA"),
    ]


def test_each_language_covers_its_own_script() -> None:
    samples = {
        "en": "Letter “dated” 27 November 2026 — S/2026/1043 (2001)",
        "fr": "Représentante permanente « de la République d’Aldorie »",
        "ru": "Постоянного представителя Республики Алдория",
        "zh": "阿尔多利亚共和国常驻联合国代表（签名）米拉·卡斯特兰“引号”",
        "ar": "الممثلة الدائمة لجمهورية ألدوريا، 27 تشرين الثاني/نوفمبر 2026",
        "ur": "اقوام متحدہ میں جمہوریہ الڈوریا کی مستقل مندوب ۔",
    }
    for lang, text in samples.items():
        assert fonts.missing_glyphs(text, lang) == [], lang


def test_white_space_and_format_characters_need_no_glyph() -> None:
    text = "a\u00a0b\u2009c\u200fd\u200ce\u200df\u2066g\u2069\t\n"
    assert fonts.missing_glyphs(text, "en") == []


def test_chinese_in_an_arabic_document() -> None:
    assert fonts.missing_glyphs(f"رسالة {HAN}", "ar") == [
        (HAN, "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D")
    ]


def test_latin_in_cjk_leaves_chinese_quotes_to_the_cjk_font() -> None:
    latin = fonts.Face("Liberation Serif", "latin-in-cjk")
    assert latin.may_set("A")
    assert not latin.may_set("“")
    assert latin.typst() == {"name": "Liberation Serif", "covers": "latin-in-cjk"}
    assert fonts.FONTS["zh"][0] == latin


def test_every_family_has_its_package() -> None:
    for faces in fonts.FONTS.values():
        for face in faces:
            assert face.family in fonts.PACKAGES
            assert face.family in fonts.installed(), face.family


def test_a_collection_is_read_face_by_face() -> None:
    files = fonts.installed()["Noto Serif CJK SC"]
    assert all(file.path.suffix == ".ttc" for file in files)
    assert any(file.number > 0 for file in files)
    assert ord(HAN) in fonts.coverage("Noto Serif CJK SC")


# ---- the renderer ---------------------------------------------------------------


def with_text(doc: Document, text: str) -> Document:
    return replace(doc, body=[tree.para(tree.text(text))], annex=[])


def no_typst(*_: object) -> str:
    raise AssertionError("the check comes before pandoc and Typst")


def test_render_names_the_missing_characters_and_the_fonts(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "typst_source", no_typst)
    out = tmp_path / "x.pdf"
    with pytest.raises(pdf.MissingGlyphs) as caught:
        pdf.render(with_text(example_doc, f"Tamil {TAMIL}, Ge'ez {ETHIOPIC}"), out)
    message = str(caught.value)
    assert "U+0BA4 TAMIL LETTER TA" in message
    assert "U+1200 ETHIOPIC SYLLABLE HA" in message
    assert "'en'" in message
    assert "Liberation Serif, DejaVu Serif" in message
    assert isinstance(caught.value, pdf.PdfFailed)
    assert not out.exists()


def test_render_checks_the_strings_too(example_doc: Document, tmp_path: Path) -> None:
    strings = {**example_doc.strings, "signer_name": f"Mira {TAMIL}"}
    with pytest.raises(pdf.MissingGlyphs, match="U\\+0BA4"):
        pdf.render(replace(example_doc, strings=strings), tmp_path / "x.pdf")


def test_render_reports_chinese_in_arabic(example_doc: Document, tmp_path: Path) -> None:
    doc = replace(with_text(example_doc, f"نص {HAN}"), lang="ar", direction="rtl")
    with pytest.raises(pdf.MissingGlyphs) as caught:
        pdf.render(doc, tmp_path / "x.pdf")
    assert "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in str(caught.value)
    assert "Noto Naskh Arabic" in str(caught.value)


def test_untranslated_text_is_checked_with_its_language(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chinese standing in for a translation in an English document: the
    Chinese fonts cover it; the same text outside the stand-in fails."""
    monkeypatch.setattr(pdf, "typst_source", no_typst)
    chinese = [tree.para(tree.text(f"文{HAN}"))]
    stand_in = tree.div(("untranslated",), chinese, lang="zh")
    with pytest.raises(AssertionError, match="the check comes before"):
        pdf.render(replace(example_doc, body=[stand_in], annex=[]), tmp_path / "x.pdf")
    with pytest.raises(pdf.MissingGlyphs):
        pdf.render(replace(example_doc, body=chinese, annex=[]), tmp_path / "x.pdf")


def test_a_font_not_installed_names_its_package(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(fonts.FONTS, "en", (fonts.Face("Noto Serif Klingon"), fonts.SERIF))
    monkeypatch.setitem(fonts.PACKAGES, "Noto Serif Klingon", "fonts-noto-klingon")
    with pytest.raises(pdf.PdfFailed) as caught:
        pdf.render(example_doc, tmp_path / "x.pdf")
    assert not isinstance(caught.value, pdf.MissingGlyphs)
    message = str(caught.value)
    assert "'Noto Serif Klingon'" in message
    assert "fonts-noto-klingon" in message
    assert "apt-get install fonts-noto-klingon" in message


@pytest.mark.parametrize(
    ("lang", "package"),
    [("ur", "fonts-noto-core"), ("zh", "fonts-noto-cjk"), ("en", "fonts-liberation")],
)
def test_missing_system_fonts_name_the_debian_package(
    lang: str, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "installed", lambda dirs=fonts.FONT_DIRS: {})
    with pytest.raises(fonts.FontNotInstalled, match=package):
        fonts.missing_glyphs("text", lang)
