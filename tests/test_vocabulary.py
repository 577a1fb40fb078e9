"""The dossier's own words for the types of attack (``evidence: types:``),
GTD's labels only where a record names none, in sentence case; what the
generated text shows of confidences and record IDs, edition by edition."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from conftest import EXAMPLE
from dossier.assemble.compose import assemble
from dossier.core.diagnostics import DossierError
from dossier.pipeline.loading import load
from dossier.render.html import render as render_html
from dossier.select.edition import select
from test_evidence import MANIFEST as RECORDS_MANIFEST
from test_evidence import RECORD, SOURCES

MANIFEST = RECORDS_MANIFEST.replace(
    "  - 01-annex\n", "  - 01-annex\n  - generated/incident-table\n  - generated/incidents\n"
)

TYPES = """\
  types:
    grenade-attack:
      en: Grenade attack
      fr: Attaque à la grenade
    mortar-fire:
      en: Mortar fire
"""


def make(make_dossier: Callable[..., Path], config: str = TYPES, **records: str) -> Path:
    files = {f"evidence/{name}.md": text for name, text in records.items()}
    return make_dossier(MANIFEST + config, {**files, "sources.yaml": SOURCES})


def record(name: str, *changes: tuple[str, str]) -> str:
    text = RECORD.replace("id: T-001", f"id: {name}")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    return text


def problems(folder: Path) -> list[str]:
    try:
        dossier = load(folder)
    except DossierError as exc:
        return [str(d).replace(f"{folder}/", "") for d in exc.diagnostics]
    return [str(d).replace(f"{folder}/", "") for d in dossier.warnings]


def html_text(dossier_folder: Path, lang: str, tmp_path: Path, edition: int | None = None) -> str:
    dossier = load(dossier_folder)
    chosen = dossier.manifest.editions[edition] if edition is not None else None
    if chosen is not None:
        dossier = select(dossier, chosen)[0]
    out = tmp_path / f"{lang}.html"
    render_html(assemble(dossier, lang, cache=tmp_path / "cache", edition=chosen), out)
    return " ".join(lxml.html.fromstring(out.read_bytes()).text_content().split())


ARMED = "attack_type: Armed Assault"
GRENADE = (ARMED, "type: grenade-attack\nattack_type: Bombing/Explosion")


def test_an_unknown_type_names_the_known_terms(make_dossier: Callable[..., Path]) -> None:
    bad = record("T-001", ("attack_type:", "type: grenade-atack\nattack_type:"))
    assert problems(make(make_dossier, **{"T-001": bad})) == [
        "evidence/T-001.md:13: error: the type 'grenade-atack' is not a term of 'evidence: "
        "types:' in dossier.yaml (did you mean 'grenade-attack'? the known terms: "
        "grenade-attack, mortar-fire)"
    ]


def test_a_type_without_a_vocabulary(make_dossier: Callable[..., Path]) -> None:
    bad = record("T-001", ("attack_type:", "type: mortar-fire\nattack_type:"))
    assert problems(make(make_dossier, "", **{"T-001": bad})) == [
        "evidence/T-001.md:13: error: the type 'mortar-fire' is not a term of 'evidence: "
        "types:' in dossier.yaml (define it under 'evidence: types:' in dossier.yaml, or "
        "remove 'type:')"
    ]


def test_terms_need_the_source_language(make_dossier: Callable[..., Path]) -> None:
    config = "  types:\n    mortar-fire: {fr: Tirs de mortier}\n"
    found = problems(make(make_dossier, config, **{"T-001": record("T-001")}))
    line = 1 + MANIFEST.count("\n") + 1
    assert found == [
        f"dossier.yaml:{line}: error: the type 'mortar-fire' has no words in the source "
        "language (en) (add 'en: ...' under 'mortar-fire:')"
    ]


def test_a_missing_translation_of_a_term_is_a_warning(make_dossier: Callable[..., Path]) -> None:
    folder = make(make_dossier, **{"T-001": record("T-001")})
    text = (folder / "dossier.yaml").read_text()
    (folder / "dossier.yaml").write_text(text.replace("languages: [en]", "languages: [en, fr]"))
    warnings = [p for p in problems(folder) if "mortar-fire" in p]
    assert warnings == [
        f"dossier.yaml:{MANIFEST.count(chr(10)) + 5}: warning: the type 'mortar-fire' has no "
        "words in fr: the annex shows 'Mortar fire' there (add the translations under "
        "'mortar-fire:')"
    ]


def test_a_setting_names_editions_of_the_dossier(make_dossier: Callable[..., Path]) -> None:
    config = "  show_record_ids: [internl]\n"
    found = problems(make(make_dossier, config, **{"T-001": record("T-001")}))
    assert found == [
        f"dossier.yaml:{MANIFEST.count(chr(10)) + 1}: error: 'internl' in 'evidence: "
        "show_record_ids:' is not an edition of the dossier (the editions: public)"
    ]


def test_the_dossiers_words_then_gtd_in_sentence_case(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make(
        make_dossier,
        **{
            "T-001": record("T-001", GRENADE),
            "T-002": record("T-002", (ARMED, "attack_type: Bombing/Explosion")),
            "T-003": record("T-003", (ARMED, "attack_type: Facility/Infrastructure Attack")),
        },
    )
    text = html_text(folder, "en", tmp_path)
    assert "Type of attack: Grenade attack" in text
    assert "Type of attack: Bombing/explosion" in text
    assert "Type of attack: Facility/infrastructure attack" in text
    assert "Bombing/Explosion" not in text and "Infrastructure Attack" not in text


def test_the_example_shows_its_own_words_in_every_language(tmp_path: Path) -> None:
    words = {
        "en": ("Grenade attack", "Mortar fire"),
        "fr": ("Attaque à la grenade", "Tirs de mortier"),
        "ar": ("هجوم بالقنابل اليدوية", "قصف بقذائف الهاون"),
        "ur": ("دستی بم حملہ", "مارٹر گولہ باری"),
        "zh": ("手榴弹袭击", "迫击炮轰击"),
    }
    for lang, (grenade, mortar) in words.items():
        text = html_text(EXAMPLE, lang, tmp_path, edition=0)
        assert grenade in text and mortar in text, lang
    english = html_text(EXAMPLE, "en", tmp_path, edition=0)
    assert "Bombing" not in english and "Facility" not in english


@pytest.mark.parametrize(("edition", "shown"), [(0, False), (1, True)])
def test_the_example_shows_confidence_and_ids_in_its_internal_edition(
    tmp_path: Path, edition: int, shown: bool
) -> None:
    text = html_text(EXAMPLE, "en", tmp_path, edition=edition)
    assert ("Attack on the village of Kellbrook (ALD-2026-001)" in text) is shown
    assert "Attack on the village of Kellbrook" in text
    assert ("Veskarian Federation (probable)" in text) is shown
    assert ("Confidence: Alleged" in text) is shown


def test_by_default_every_edition_shows_them(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make(make_dossier, **{"T-001": record("T-001")})
    text = html_text(folder, "en", tmp_path, edition=0)
    assert "Attack on a village (T-001)" in text and "Confidence: Probable" in text
    hidden = make(make_dossier, TYPES + "  show_confidence: false\n", **{"T-001": record("T-001")})
    assert "Confidence" not in html_text(hidden, "en", tmp_path, edition=0)


def test_the_statistics_list_the_terms_in_the_vocabularys_order(tmp_path: Path) -> None:
    from dossier.assemble.annex_context import Context
    from dossier.core.localise import locale

    dossier = load(EXAMPLE)
    ctx = Context(dossier, locale("en"), tmp_path)
    found = {ctx.kind(r) for r in ctx.evidence.records}
    assert [ctx.kind_label(k) for k in ctx.kinds(found)] == [
        "Armed assault",
        "Grenade attack",
        "Mortar fire",
        "Improvised explosive device",
        "Unknown",  # the restricted record names no type: GTD's, after the terms
    ]
