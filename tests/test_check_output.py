"""What the drafter reads: `dossier check` groups every problem under its
file and counts them, in colour on a terminal only; `--format lines` keeps
the one-line form; `dossier precommit` checks the dossiers a commit
touches; `dossier build` ends with a summary table and shows a progress bar
on a terminal only."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rich.console import Console

from conftest import MINIMAL_MANIFEST, MINIMAL_SECTIONS, ROOT, write_tree
from dossier import cli
from dossier.cli import main

TWO_LANGS = MINIMAL_MANIFEST.replace("languages: [en]", "languages: [en, fr]")
BROKEN = {
    "sections/en/01-annex.md": "# Facts\n\nText.\n\n![A map](figures/nowhere.png)\n",
    "sections/fr/00-letter.md": "J'ai l'honneur d'écrire[^1].\n\n[^1]: Une note.\n",
    "sections/fr/01-annex.md": "# Faits\n\nTexte.\n",
}
HASH = "d8b8bb7c59876eb68fa480400fe80efc3605662a32c1b566e856ca2579729e3c"


@pytest.fixture(autouse=True)
def no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "NO_COLOR", "FORCE_COLOR", "MAKELEVEL"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_grouped_plain_output(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier(TWO_LANGS, BROKEN)
    code, output = run("check", str(folder))
    assert code == 2
    unrecorded = (
        "  1: warning: the translation does not record which version of "
        "{root}/sections/en/{name}.md it translates (add 'translation-of: {hash}' to its "
        "front matter once it is current)"
    )
    annex_hash = output.split("translation-of: ")[-1][:64]
    assert output.splitlines() == [
        f"{folder}/sections/en/01-annex.md",
        "  5: error: image 'figures/nowhere.png' not found (paths are relative to the "
        f"dossier folder {folder}, e.g. figures/map.png)",
        "",
        f"{folder}/sections/fr/00-letter.md",
        unrecorded.format(root=folder, name="00-letter", hash=HASH),
        "",
        f"{folder}/sections/fr/01-annex.md",
        unrecorded.format(root=folder, name="01-annex", hash=annex_hash),
        "",
        f"{folder}: 1 error, 2 warnings.",
    ]
    assert "\x1b[" not in output


def test_clean_dossier(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier()
    clean = f"{folder}: no errors, no warnings.\n{folder}: letter 8 words, annex 5 words\n"
    assert run("check", str(folder)) == (0, clean)


def test_lines_in_one_file_come_in_order(make_dossier: Callable[..., Path]) -> None:
    manifest = MINIMAL_MANIFEST.replace("date: 2026-11-27", "date: 2026-11-31")
    manifest = manifest.replace("kind: sc-letter", "kind: sc-leter")
    code, output = run("check", str(make_dossier(manifest)))
    assert code == 2
    lines = output.splitlines()
    assert lines[0].endswith("/dossier.yaml")
    assert lines[1].startswith("  1: error: 'sc-leter' is not a valid kind")
    assert lines[2].startswith("  4: error: '2026-11-31' is not a valid date")
    assert lines[-1].endswith(": 2 errors, no warnings.")


def test_no_manifest_has_no_line_number(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path))
    assert code == 2
    assert output.splitlines()[:2] == [
        f"{tmp_path}/dossier.yaml",
        "  error: no dossier.yaml here (create it, or run 'dossier new')",
    ]


def test_lines_format_is_the_one_line_form(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier(MINIMAL_MANIFEST.replace("symbol:", "simbol:"))
    code, output = run("check", str(folder), "--format", "lines")
    assert code == 2
    assert output.splitlines() == [
        f"{folder}/dossier.yaml:2: error: unknown key 'simbol' (did you mean 'symbol'?)",
        "1 error; nothing was built.",
    ]


def colour_output(folder: Path) -> str:
    buffer = io.StringIO()
    console = cli.report_console()
    console.file = buffer
    cli.report(console, folder, cli.diagnose(folder))
    return buffer.getvalue()


def test_colour_on_a_terminal_only(
    make_dossier: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_dossier(MINIMAL_MANIFEST.replace("symbol:", "simbol:"))
    assert "\x1b[" not in colour_output(folder)  # a StringIO is no terminal
    monkeypatch.setenv("FORCE_COLOR", "1")  # as a terminal
    assert "\x1b[1;31merror" in colour_output(folder)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "31m" not in colour_output(folder)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("CI", "true")  # CI logs are plain, whatever they claim
    assert "\x1b[" not in colour_output(folder)
    monkeypatch.setenv("CI", "false")
    assert "\x1b[" in colour_output(folder)


def test_precommit_checks_the_dossiers_of_the_files(tmp_path: Path) -> None:
    good = write_tree(tmp_path / "good", {"dossier.yaml": MINIMAL_MANIFEST, **MINIMAL_SECTIONS})
    bad = write_tree(
        tmp_path / "bad",
        {"dossier.yaml": MINIMAL_MANIFEST.replace("symbol:", "simbol:"), **MINIMAL_SECTIONS},
    )
    (tmp_path / "README.md").write_text("not in a dossier\n")
    files = [good / "sections/en/00-letter.md", good / "dossier.yaml", tmp_path / "README.md"]
    assert cli.dossier_roots(files) == [good]
    assert run("precommit", *map(str, files)) == (0, f"{good}: no errors, no warnings.\n")
    code, output = run("precommit", str(good / "dossier.yaml"), str(bad / "dossier.yaml"))
    assert code == 2
    assert f"{bad}: 1 error, no warnings." in output
    assert run("precommit") == (0, "")


def test_build_ends_with_a_summary_table(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_dossier()
    out = tmp_path / "build"
    code, output = run(
        "build", str(folder), "--out", str(out), "--format", "pdf", "--format", "html"
    )
    assert code == 0, output
    pdf = out / "sample/public/sample.en.pdf"
    assert f"  wrote {pdf}" in output  # no terminal: the plain lines, no bar
    assert "sample: 2 outputs, no warnings" in output
    row = next(line for line in output.splitlines() if "sample.en.pdf" in line and "KiB" in line)
    cells = [cell.strip() for cell in row.split("│")]
    assert cells[1:4] == [str(pdf), f"{pdf.stat().st_size / 1024:.0f} KiB", "2"]


def test_page_counts(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_dossier()
    out = tmp_path / "build"
    code, output = run("build", str(folder), "--out", str(out))
    assert code == 0, output
    base = out / "sample/public/sample.en"
    assert cli.page_count(base.with_suffix(".en.pdf")) == "2"  # the letter, the annex
    assert cli.page_count(base.with_suffix(".en.html")) == "-"
    # pandoc's DOCX carries its template's properties: no page count to trust
    assert cli.page_count(base.with_suffix(".en.docx")) == "-"
    assert cli.page_count(tmp_path / "missing.pdf") == "-"


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=buffer, force_terminal=True, width=80))
    with cli._build_progress(2) as progress:
        progress(Path("build/x/public/x.en.pdf"))
        progress(Path("build/x/public/x.en.html"))
    screen = buffer.getvalue()
    assert "x.en.html" in screen and "2/2" in screen
    assert "  wrote build" not in screen
    monkeypatch.setenv("MAKELEVEL", "1")  # parallel Make jobs: plain lines
    with cli._build_progress(1) as progress:
        progress(Path("build/x/public/x.en.pdf"))
    assert "  wrote build/x/public/x.en.pdf" in buffer.getvalue()


def test_expected_outputs(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_dossier(TWO_LANGS)
    assert cli._expected_outputs(folder, (), (), ()) == 6
    assert cli._expected_outputs(folder, (), ("fr",), ("pdf",)) == 1
    assert cli._expected_outputs(tmp_path, (), (), ()) is None


def test_the_pre_commit_hooks_run_dossier_commands() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert set(hooks) == {"dossier-check", "dossier-schemas"}
    for hook in hooks.values():
        program, command, *_ = hook["entry"].split()
        assert program == ".venv/bin/dossier"
        assert command in main.commands, command
    assert re.match(hooks["dossier-check"]["files"], "dossiers/example/dossier.yaml")
