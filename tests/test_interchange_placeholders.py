"""Placeholders are not evidence: after an import, `dossier check` names
each 'TO BE COMPLETED' left (file, line, field); a submitted or issued
dossier refuses to build an edition that would print one; a draft builds,
with a warning for each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from conftest import MINIMAL_MANIFEST
from dossier.cli import main
from dossier.tools.interchange.acled import import_acled
from dossier.tools.interchange.standards import TBC
from test_interchange import ACLED

WHY = "still holds the import's placeholder 'TO BE COMPLETED'"
PUBLIC = "write what is known: the public edition would print it"


def imported(make_dossier: Callable[..., Path], manifest: str = MINIMAL_MANIFEST) -> Path:
    folder = make_dossier(manifest)
    import_acled(ACLED, folder)
    return folder


def test_check_names_each_placeholder(make_dossier: Callable[..., Path]) -> None:
    folder = imported(make_dossier)  # the minimal dossier has a symbol: issued
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 2
    found = [line.strip() for line in result.output.splitlines() if WHY in line]
    assert found == [
        f"33: error: attribution.basis {WHY} ({PUBLIC})",
        f"32: error: attribution.basis {WHY} ({PUBLIC})",
        f"30: error: attribution.basis {WHY} ({PUBLIC})",
        f"30: error: attribution.basis {WHY} ({PUBLIC})",
        f"50: error: the narrative {WHY} ({PUBLIC})",
    ]
    lines = (folder / "evidence" / "ALD1004.md").read_text(encoding="utf-8").splitlines()
    assert TBC in lines[29] and TBC in lines[49]


def test_an_issued_dossier_refuses_to_build(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = imported(make_dossier)
    out = tmp_path / "build"
    args = ["build", str(folder), "--out", str(out), "--format", "html"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"ALD1004.md:50: error: the narrative {WHY}" in result.output
    assert not out.exists()


def test_a_draft_builds_with_warnings(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    draft = MINIMAL_MANIFEST.replace("symbol: S/2026/1043\n", "status: draft\n")
    folder = imported(make_dossier, draft)
    out = tmp_path / "build"
    args = ["build", str(folder), "--out", str(out), "--format", "html"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.count(f"warning: attribution.basis {WHY}") == 4
    assert (out / "sample" / "public" / "sample.en.html").is_file()


def test_filled_in_or_withheld_records_pass(make_dossier: Callable[..., Path]) -> None:
    folder = imported(make_dossier)
    for record in (folder / "evidence").glob("*.md"):
        text = record.read_text(encoding="utf-8").replace(f"basis: {TBC}", "basis: Witnesses")
        record.write_text(text.replace(f"{TBC}: the narrative.", "Shops were looted."), "utf-8")
    assert CliRunner().invoke(main, ["check", str(folder)]).exit_code == 0
    secret = folder / "evidence" / "ALD1001.md"
    text = secret.read_text(encoding="utf-8").replace("basis: Witnesses", f"basis: {TBC}")
    secret.write_text(text.replace("classification: public", "classification: secret"), "utf-8")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.output  # no edition prints it: a reminder
    assert f"warning: attribution.basis {WHY} (write what is known: no edition prints" in (
        result.output
    )
