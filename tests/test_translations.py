"""Translations stay in step with their source: a missing one stops the
build unless a draft is asked for; a stale one is reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
from click.testing import CliRunner

from conftest import MINIMAL_MANIFEST
from dossier.cli import main
from dossier.load.sections import split_front_matter
from dossier.load.translations import text_hash
from dossier.pipeline.loading import load

TWO_LANGS = MINIMAL_MANIFEST.replace("languages: [en]", "languages: [en, fr]")
FR = {
    "sections/fr/00-letter.md": "J'ai l'honneur d'écrire[^1].\n\n[^1]: Une note.\n",
    "sections/fr/01-annex.md": "# Faits\n\nUn paragraphe de l'annexe.\n",
}


def build(folder: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(out), "--format", "html", *args]
    )
    return result.exit_code, result.output


def test_missing_translation_stops_the_build(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(TWO_LANGS, {"sections/fr/00-letter.md": FR["sections/fr/00-letter.md"]})
    code, output = build(folder, tmp_path / "build")
    assert code == 2
    assert (
        f"{folder}/sections/fr/01-annex.md: error: the fr translation of "
        f"{folder}/sections/en/01-annex.md is missing"
    ) in output
    assert not (tmp_path / "build").exists()


def test_draft_build_marks_the_source_text_untranslated(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(TWO_LANGS, {"sections/fr/00-letter.md": FR["sections/fr/00-letter.md"]})
    code, output = build(folder, tmp_path / "build", "--draft")
    assert code == 0, output
    page = lxml.html.parse(str(tmp_path / "build/sample/public/sample.fr.html")).getroot()
    (stand_in,) = page.xpath("//*[@class='untranslated'][@lang='en']")
    assert "Non traduit" in stand_in.text_content()
    assert "A paragraph of the annex." in stand_in.text_content()
    (marker,) = stand_in.xpath(".//*[@class='untranslated-marker']")
    assert marker.text_content().strip().startswith("Non traduit")
    assert not marker.xpath(".//*[@class='para-num']")


def test_draft_from_the_manifest(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier(TWO_LANGS.replace("annex:", "draft: true\nannex:"), {})
    dossier = load(folder)
    assert dossier.section("01-annex", "fr").untranslated


def test_stale_and_current_translations(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier(TWO_LANGS, FR)
    source = folder / "sections/en/01-annex.md"
    _, body = split_front_matter(source.read_text(), source)
    current = f"---\ntranslation-of: {text_hash(body)}\n---\n# Faits\n\nUn paragraphe.\n"
    (folder / "sections/fr/01-annex.md").write_text(current)
    warnings = [str(w) for w in load(folder).warnings]
    assert not [w for w in warnings if "01-annex" in w]
    assert any("00-letter.md:1: warning: the translation does not record" in w for w in warnings)
    source.write_text(source.read_text() + "\nA new paragraph.\n")
    warnings = [str(w) for w in load(folder).warnings]
    assert (
        f"{folder}/sections/fr/01-annex.md:1: warning: stale translation: "
        f"{source} changed since it was translated"
    ) in [w.split(" (")[0] for w in warnings]
