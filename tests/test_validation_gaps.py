"""Validation gaps of issue 17 (item 9): every problem of a record at
once, sources.yaml keys checked against CSL, section files no list names,
one list of document kinds, ``status --strict --lang``."""

from __future__ import annotations

import shutil
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from dossier.cli import main
from dossier.core.model import Kind
from dossier.tools.schemas import document_kinds, schema


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, " ".join(result.output.split())


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "example"))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_key_does_not_hide_the_records_other_problems(example: Path) -> None:
    record = example / "evidence/ALD-2026-001.md"
    replace(record, "sub_event_type: Attack\n", "sub_event_type: Atack\nreporter: A. Desk\n")
    code, output = run("check", str(example))
    assert code == 2
    assert f"{record} 16: error: 'Atack' is not a sub-event type" in output
    assert "(did you mean 'Attack'?) 17: error: unknown key 'reporter'" in output


def test_a_misspelt_key_of_sources_yaml_is_an_error(example: Path) -> None:
    sources = example / "sources.yaml"
    replace(sources, "  publisher:", "  publsher:")
    replace(sources, "  URL:", "  url:")  # citeproc reads variables in any case
    code, output = run("check", str(example))
    assert code == 2
    assert (
        f"{sources} 7: error: 'publsher' is not a CSL variable (source "
        "'police-2026-08-10') (did you mean 'publisher'?)"
    ) in output
    assert "'url'" not in output
    assert "1 error" in output


def test_a_section_file_no_list_names_is_a_warning(example: Path) -> None:
    stray = example / "sections/en/03-areas.md"
    stray.write_text("# Area\n\nA copy.\n", encoding="utf-8")
    (example / "sections/fr/06-annexe.md").write_text("# Annexe\n", encoding="utf-8")
    code, output = run("check", str(example))
    assert code == 0, output
    assert (
        f"{stray} warning: 03-areas.md is not listed in dossier.yaml: no document holds it "
        "(did you mean '03-area'?"
    ) in output
    assert "06-annexe.md is not listed in dossier.yaml" in output
    assert "no errors, 2 warnings" in output


def test_one_list_of_document_kinds() -> None:
    kinds = document_kinds()
    assert "report" not in kinds and "sc-letter" in kinds
    assert sorted(typing.get_args(Kind)) == kinds
    assert schema_kinds() == kinds


def schema_kinds() -> list[str]:
    from dossier.core.model import Manifest

    return list(schema(Manifest)["properties"]["kind"]["enum"])


def test_status_strict_for_one_language(example: Path) -> None:
    replace(example / "sections/en/03-area.md", "unguarded", "not guarded")
    assert run("translation", "mark", str(example), "--lang", "fr", "03-area")[0] == 0
    code, output = run("status", str(example), "--strict", "--lang", "fr")
    assert code == 0, output
    assert "┃ section ┃ en ┃ fr ┃" in output and " ar " not in output
    code, output = run("status", str(example), "--strict", "--lang", "fr", "--lang", "ar")
    assert code == 2
    assert "1 translation(s) not current." in output
    code, output = run("status", str(example), "--lang", "de")
    assert code == 2
    assert "error: 'de' is not a language of this dossier (--lang one of: en, fr" in output
