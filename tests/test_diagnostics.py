"""Every mistake a drafter can make in a dossier comes back as one line with
the file, the line, what is wrong and how to fix it; exit status 2; no
traceback; nothing written to the build folder.

The messages are pinned: they are what users read.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINIMAL_MANIFEST
from dossier.cli import main


def run_check(folder: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "lines", *extra])
    assert not isinstance(result.exception, Exception | None) or result.exit_code in (0, 2), (
        result.exception
    )
    return result.exit_code, result.output


def run_build(folder: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])
    return result.exit_code, result.output


def edit(manifest: str, old: str, new: str) -> str:
    assert old in manifest, old
    return manifest.replace(old, new)


CASES = {
    "unknown key with a suggestion": (
        edit(MINIMAL_MANIFEST, "symbol:", "simbol:"),
        ["dossier.yaml:2: error: unknown key 'simbol' (did you mean 'symbol'?)"],
    ),
    "unknown nested key": (
        edit(MINIMAL_MANIFEST, "  name: Mira", "  nmae: Mira"),
        ["dossier.yaml:6: error: unknown key 'sender.nmae' (did you mean 'name'?)"],
    ),
    "missing key": (
        edit(MINIMAL_MANIFEST, "organ: security-council\n", ""),
        ["dossier.yaml:1: error: missing key 'organ' (add it: Organ whose document this is.)"],
    ),
    "wrong type": (
        edit(MINIMAL_MANIFEST, "languages: [en]", "languages: en"),
        ["dossier.yaml:11: error: 'languages' should be a list ('- item' lines), not 'en'"],
    ),
    "bad date": (
        edit(MINIMAL_MANIFEST, "date: 2026-11-27", "date: 2026-11-31"),
        [
            "dossier.yaml:4: error: '2026-11-31' is not a valid date for 'date' "
            "(write the date as YYYY-MM-DD, e.g. 2026-11-27)"
        ],
    ),
    "date in words": (
        edit(MINIMAL_MANIFEST, "date: 2026-11-27", "date: 27 November 2026"),
        [
            "dossier.yaml:4: error: '27 November 2026' is not a valid date for 'date' "
            "(write the date as YYYY-MM-DD, e.g. 2026-11-27)"
        ],
    ),
    "unknown kind": (
        edit(MINIMAL_MANIFEST, "kind: sc-letter", "kind: sc-leter"),
        ["dossier.yaml:1: error: 'sc-leter' is not a valid kind (did you mean 'sc-letter'?)"],
    ),
    "kind without templates": (  # issue 17: 'report' was a kind with no templates
        edit(MINIMAL_MANIFEST, "kind: sc-letter", "kind: report"),
        [
            "dossier.yaml:1: error: 'report' is not a valid kind (use one of: sc-letter, "
            "ga-letter, identical-letters, note-verbale, position-paper, listing-request)"
        ],
    ),
    "bad symbol": (
        edit(MINIMAL_MANIFEST, "symbol: S/2026/1043", "symbol: s 2026 1043"),
        [
            "dossier.yaml:2: error: 's 2026 1043' is not a valid symbol "
            "(write the UN symbol as issued, e.g. S/2026/1043)"
        ],
    ),
    "bad job number": (
        edit(MINIMAL_MANIFEST, "date: 2026-11-27\n", "date: 2026-11-27\njob_number: 2612345\n"),
        [
            "dossier.yaml:5: error: '2612345' is not a valid job_number (write two digits "
            "of the year, a hyphen and five digits, e.g. 26-21345)"
        ],
    ),
    "honorific in the signature": (
        edit(MINIMAL_MANIFEST, "name: Mira Castellan", "name: H.E. Mira Castellan"),
        [
            "dossier.yaml:6: error: sender.name: the Editorial Manual signs letters without "
            "honorifics: write the name only"
        ],
    ),
    "missing section file": (
        edit(MINIMAL_MANIFEST, "  - 01-annex", "  - 01-anex"),
        [
            "dossier.yaml:15: error: section '01-anex' has no file {root}/sections/en/01-anex.md "
            "(did you mean '01-annex'?)"
        ],
    ),
    "source language not issued": (
        edit(MINIMAL_MANIFEST, "source_language: en", "source_language: fr"),
        [
            "dossier.yaml:11: error: the source language 'fr' is not in 'languages' "
            "(add 'fr' to languages)",
        ],
    ),
    "invalid YAML": (
        edit(MINIMAL_MANIFEST, "  title: Permanent Representative", "  title: [Permanent"),
        [
            "dossier.yaml:8: error: this is not valid YAML: expected ',' or ']', but got "
            "':' (check the indentation and that text with ':' or '#' is in quotes)"
        ],
    ),
    "not a mapping": (
        "- kind: sc-letter\n",
        [
            "dossier.yaml:1: error: dossier.yaml must be a list of 'key: value' lines "
            "(start from dossiers/example/dossier.yaml)"
        ],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_manifest_mistake_is_located_and_explained(case: str, make_dossier, tmp_path: Path):
    manifest, expected = CASES[case]
    folder = make_dossier(manifest)
    code, output = run_check(folder)
    assert code == 2
    lines = [line for line in output.splitlines() if ": error: " in line]
    want = [f"{folder}/{e.format(root=folder)}" for e in expected]
    assert lines == want
    assert "Traceback" not in output


def test_missing_image_points_at_the_markdown_line(make_dossier):
    folder = make_dossier(
        files={"sections/en/01-annex.md": "# Facts\n\nText.\n\n![A map](figures/nowhere.png)\n"}
    )
    code, output = run_check(folder)
    assert code == 2
    assert (
        f"{folder}/sections/en/01-annex.md:5: error: image 'figures/nowhere.png' not found "
        f"(paths are relative to the dossier folder {folder}, e.g. figures/map.png)"
    ) in output


def test_remote_image_is_refused(make_dossier):
    folder = make_dossier(
        files={"sections/en/01-annex.md": "# Facts\n\n![A map](https://example.org/m.png)\n"}
    )
    code, output = run_check(folder)
    assert code == 2
    assert "01-annex.md:3: error: image 'https://example.org/m.png' is not a file" in output


def test_bad_front_matter_in_a_section(make_dossier):
    folder = make_dossier(
        files={"sections/en/01-annex.md": "---\ntranslates: [abc\n---\n# Facts\n\nText.\n"}
    )
    code, output = run_check(folder)
    assert code == 2
    assert f"{folder}/sections/en/01-annex.md:3: error: this is not valid YAML" in output


def test_a_control_character_in_front_matter_is_located(make_dossier):
    """Text pasted from a PDF can carry a character YAML refuses."""
    folder = make_dossier(
        files={"sections/en/01-annex.md": "---\nnote: a\x0cb\n---\n# Facts\n\nText.\n"}
    )
    code, output = run_check(folder)
    assert code == 2
    assert (
        f"{folder}/sections/en/01-annex.md:2: error: this text holds a character YAML does "
        "not allow: U+000C"
    ) in output
    assert "Traceback" not in output and "internal error" not in output


def test_no_manifest(tmp_path: Path):
    code, output = run_check(tmp_path)
    assert code == 2
    assert f"{tmp_path}/dossier.yaml: error: no dossier.yaml here (create it" in output


def test_all_errors_are_reported_at_once(make_dossier):
    manifest = edit(MINIMAL_MANIFEST, "kind: sc-letter", "kind: letter")
    manifest = edit(manifest, "organ: security-council", "organ: security council")
    manifest = edit(manifest, "date: 2026-11-27", "date: tomorrow")
    code, output = run_check(make_dossier(manifest))
    assert code == 2
    assert output.count(": error: ") == 3
    assert "3 errors; nothing was built." in output


@pytest.mark.parametrize("case", ["bad date", "missing section file", "unknown kind"])
def test_bad_input_builds_nothing(case: str, make_dossier, tmp_path: Path):
    out = tmp_path / "build"
    code, _ = run_build(make_dossier(CASES[case][0]), out)
    assert code == 2
    assert not out.exists()


def test_real_process_exits_2_without_traceback(make_dossier, tmp_path: Path):
    folder = make_dossier(edit(MINIMAL_MANIFEST, "symbol:", "simbol:"))
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "build", str(folder), "--out", str(tmp_path / "b")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "unknown key 'simbol' (did you mean 'symbol'?)" in proc.stderr
    assert not (tmp_path / "b").exists()
