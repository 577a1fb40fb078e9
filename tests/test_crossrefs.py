"""References that follow the numbering: ``[](#conclusions)`` prints
"section VIII" (or "section IX" where an edition adds a section before it),
in each language's words, in every format; a reference that goes nowhere,
or to what has no number, or to what the edition withholds, is an error at
its file and line."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest

from conftest import EXAMPLE, MINIMAL_MANIFEST, missing
from dossier.assemble.compose import Document, assemble
from dossier.core.diagnostics import DossierError
from dossier.pipeline.loading import load
from dossier.render import docx, html, pdf
from dossier.select.edition import select

OVERVIEW = {
    "en": "the incidents (sections II and V), the area in which they took place (section III) "
    "and the conclusions of the Government of Aldoria (section VIII)",
    "fr": "les incidents (sections II et V), la zone dans laquelle ils se sont produits "
    "(section III) et les conclusions du Gouvernement de l’Aldorie (section VIII)",
    "es": "(secciones II y V), la zona en que ocurrieron (sección III) y las conclusiones "
    "del Gobierno de Aldoria (sección VIII)",
    "ru": "(разделы II и V) и районе, в котором они произошли (раздел III), а также выводы "
    "правительства Алдории (раздел VIII)",
    "zh": "这些事件（第二节和第五节）、事件发生的地区（第三节）以及阿尔多利亚政府的结论（第八节）",
    "ar": "الحوادث (الفرعان ثانيا وخامسا)، والمنطقة التي وقعت فيها (الفرع ثالثا)، "
    "واستنتاجات حكومة ألدوريا (الفرع ثامنا)",
    "ur": "واقعات (حصہ دوم اور پنجم)، وہ علاقہ جہاں یہ واقعات پیش آئے (حصہ سوم) اور "
    "حکومتِ الڈوریا کے اخذ کردہ نتائج (حصہ ہشتم)",
}
PARAGRAPH = {
    "en": "on the routes described in paragraph 6, were attacked",
    "fr": "décrits au paragraphe 6, ont été attaqués",
    "es": "descritas en el párrafo 6, fueron atacados",
    "ru": "описанных в пункте 6, подверглись",
    "zh": "位于第6段所述路线上的",
    "ar": "المبينين في الفقرة 6، للهجوم",
    "ur": "پیراگراف 6 میں بیان کردہ راستوں",
}


def version(
    lang: str, edition: int = 0, folder: Path = EXAMPLE, cache: Path | None = None
) -> Document:
    dossier = load(folder)
    chosen = dossier.manifest.editions[edition]
    return assemble(select(dossier, chosen)[0], lang, cache, chosen)


def html_text(doc: Document, tmp_path: Path) -> str:
    out = tmp_path / f"{doc.lang}.html"
    html.render(doc, out)
    return " ".join(lxml.html.fromstring(out.read_bytes()).text_content().split())


@pytest.mark.parametrize("lang", list(OVERVIEW))
def test_the_references_print_the_numbers_in_each_language(lang: str, tmp_path: Path) -> None:
    text = html_text(version(lang, cache=tmp_path / "cache"), tmp_path)
    assert OVERVIEW[lang] in text
    assert PARAGRAPH[lang] in text


def test_an_edition_with_one_more_section_renumbers_them(tmp_path: Path) -> None:
    internal = html_text(version("en", 1, cache=tmp_path / "cache"), tmp_path)
    assert "the conclusions of the Government of Aldoria (section IX)" in internal


def test_word_and_pdf_print_them_too(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        missing("pdftotext is not installed (Debian: poppler-utils)")
    for lang in ("en", "ar"):
        doc = version(lang, cache=tmp_path / "cache")
        docx.render(doc, tmp_path / f"{lang}.docx")
        with zipfile.ZipFile(tmp_path / f"{lang}.docx") as z:
            xml = z.read("word/document.xml").decode()
        words = "section VIII" if lang == "en" else "الفرع ثامنا"
        assert f">{words}<" in xml, lang
        pdf.render(doc, tmp_path / f"{lang}.pdf")
        text = subprocess.run(
            ["pdftotext", tmp_path / f"{lang}.pdf", "-"], capture_output=True, text=True
        ).stdout
        assert words in text.replace("\n", " "), lang


ANNEX = """\
# Facts {#facts}

[]{#first}A paragraph of the annex.

::: {#box}
A box.
:::

See {ref}.
"""


def problems(make_dossier: object, reference: str) -> list[str]:
    folder = make_dossier(  # type: ignore[operator]
        MINIMAL_MANIFEST, {"sections/en/01-annex.md": ANNEX.replace("{ref}", reference)}
    )
    try:
        load(folder)
    except DossierError as exc:
        return [str(d).replace(f"{folder}/", "") for d in exc.diagnostics]
    return []


def test_a_reference_to_a_heading_or_a_paragraph_loads(make_dossier: object) -> None:
    assert problems(make_dossier, "[](#facts) and [](#first)") == []


def test_a_reference_to_nowhere(make_dossier: object) -> None:
    assert problems(make_dossier, "[](#fact)") == [
        "sections/en/01-annex.md:9: error: the link '#fact' goes to no heading, div or span "
        "(give the heading, div or span an identifier ({#id}), or link to one that has it)"
    ]


def test_a_reference_to_what_has_no_number(make_dossier: object) -> None:
    assert problems(make_dossier, "[](#box)") == [
        "sections/en/01-annex.md:9: error: the reference '[](#box)' goes to no numbered "
        "heading or paragraph (refer to a heading of the annex ({#id}) or an anchor in one "
        "of its paragraphs ([]{#id}), or give the link its text)"
    ]


def test_a_reference_to_what_the_edition_withholds(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    assessment = folder / "sections/en/05-assessment.md"
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(text.replace("of the Ministry", "of the Ministry {#assessment}"))
    conclusions = folder / "sections/en/04-conclusions.md"
    text = conclusions.read_text(encoding="utf-8")
    conclusions.write_text(text.replace("Aldoria:", "Aldoria ([](#assessment)):"))
    with pytest.raises(DossierError) as caught:
        load(folder, draft=True)  # 'dossier check' says it: load selects every edition
    assert [str(d).replace(f"{folder}/", "") for d in caught.value.diagnostics] == [
        "sections/en/04-conclusions.md:3: error: the reference '[](#assessment)' goes to a "
        "part withheld from an edition that shows this text, or missing from its language "
        "(give the link its text, or refer to a part every edition of this text shows)"
    ]
