"""`dossier new` writes a dossier that builds at once: for every document
kind with templates (found in templates/, not listed here), the scaffold
followed by `make dossier` builds green. Mistakes in the request are
refused before anything is written.

The Make test builds every kind in three languages: slow-ish (seconds per
kind), and kept in the suite on purpose.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from dossier.cli import main
from dossier.load.translations import State
from dossier.pipeline.loading import load
from dossier.tools import scaffold
from dossier.tools.schemas import MANIFEST_SCHEMA, SCHEMA_DIR
from dossier.tools.status import matrix

KINDS = scaffold.available_kinds()
LANGS = ["en", "fr", "ar"]


def new(tmp_path: Path, *args: str) -> tuple[int, str]:
    into = ["--into", str(tmp_path / "dossiers")]
    result = CliRunner().invoke(main, ["new", *args, *into])
    return result.exit_code, result.output


def test_kinds_are_the_template_folders_with_a_letter() -> None:
    assert "sc-letter" in KINDS
    assert "csl" not in KINDS and "locale" not in KINDS
    folders = {p.name for p in (ROOT / "templates").iterdir() if (p / "letter.typ").is_file()}
    assert set(KINDS) == folders


def test_the_scaffold_is_a_draft_in_the_source_language(tmp_path: Path) -> None:
    code, output = new(tmp_path, "border-2026", "--kind", "sc-letter", "--languages", "fr,en")
    assert code == 0, output
    folder = tmp_path / "dossiers/border-2026"
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == [
        "dossier.yaml",
        "evidence/SAMPLE-001.md",
        "sections/fr/00-letter.md",
        "sections/fr/01-facts.md",
        "sources.yaml",
    ]
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    first, target = text.splitlines()[0].split("$schema=")
    assert first == "# yaml-language-server: "
    assert (folder / target).resolve() == SCHEMA_DIR / MANIFEST_SCHEMA
    data = yaml.safe_load(text)
    assert data["draft"] is True and data["source_language"] == "fr"
    assert data["date"] == dt.date.today()
    for path in folder.rglob("*.*"):
        assert "FICTIONAL SAMPLE" in path.read_text(encoding="utf-8"), path
    dossier = load(folder)
    states = {(e.name, e.lang): e.state for e in matrix(dossier)}
    assert states[("01-facts", "fr")] == State.SOURCE
    assert states[("01-facts", "en")] not in {State.CURRENT, State.SOURCE}  # honest: untranslated
    assert dossier.section("01-facts", "en").untranslated


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Border_2026", "--kind", "sc-letter"], "'Border_2026' is not a dossier name"),
        (["x", "--kind", "sc-leter"], "'sc-leter' is not a document kind (--kind one of: "),
        (["x"], "no document kind given (--kind one of: "),
        (["x", "--kind", "sc-letter", "--languages", "en,de"], "'de' is not a UN language"),
        (["x", "--kind", "sc-letter", "--languages", "en,fr,en"], "'en' is listed twice"),
        (["x", "--kind", "sc-letter", "--languages", ","], "no language given"),
    ],
)
def test_mistakes_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    code, output = new(tmp_path, *args)
    assert code == 2
    assert message in output
    assert not (tmp_path / "dossiers").exists()


def test_the_kinds_are_listed_when_wrong(tmp_path: Path) -> None:
    _, output = new(tmp_path, "x", "--kind", "nothing")
    assert f"--kind one of: {', '.join(KINDS)})" in output


def test_an_existing_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dossiers/taken").mkdir(parents=True)
    (tmp_path / "dossiers/taken/notes.md").write_text("mine\n")
    code, output = new(tmp_path, "taken", "--kind", "sc-letter")
    assert code == 2
    assert "this folder exists already (choose another name)" in output
    assert [p.name for p in (tmp_path / "dossiers/taken").iterdir()] == ["notes.md"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_a_new_dossier_builds_with_make(tmp_path: Path, kind: str) -> None:
    code, output = new(tmp_path, f"new-{kind}", "--kind", kind, "--languages", ",".join(LANGS))
    assert code == 0, output
    folder = tmp_path / "dossiers" / f"new-{kind}"
    build = tmp_path / "build"
    variables = [f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}"]
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "dossier", *variables],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    outputs = sorted(p.name for p in (build / f"new-{kind}/public").glob(f"new-{kind}.*"))
    want = [f"new-{kind}.{lang}.{ext}" for lang in sorted(LANGS) for ext in ("docx", "html", "pdf")]
    assert outputs == want
