"""The sender's function in the example as UN documents write it in each
language: Arabic says 'المندوبة الدائمة' (feminine) for a woman Permanent
Representative, in the title line and under the signature."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from conftest import EXAMPLE
from dossier.assemble.compose import assemble
from dossier.pipeline.loading import load
from dossier.render.html import render as render_html
from dossier.select.edition import select
from dossier.tools.scaffold_files import TITLES


def test_the_arabic_function_title(tmp_path: Path) -> None:
    dossier = load(EXAMPLE)
    public = dossier.manifest.editions[0]
    out = tmp_path / "ar.html"
    render_html(assemble(select(dossier, public)[0], "ar", tmp_path, public), out)
    text = " ".join(lxml.html.fromstring(out.read_bytes()).text_content().split())
    assert "من المندوبة الدائمة لجمهورية ألدوريا لدى الأمم المتحدة" in text
    assert "الممثلة" not in text and "الممثل الدائم" not in text
    assert TITLES["ar"] == "المندوبة الدائمة"  # what 'dossier new' writes


def test_the_other_languages_name_a_woman_as_un_documents_do() -> None:
    titles = load(EXAMPLE).manifest.signer.title
    assert isinstance(titles, dict)
    assert titles["fr"] == "Représentante permanente"
    assert titles["es"] == "Representante Permanente"
    assert titles["ru"] == "Постоянный представитель"  # the post, for a woman too
