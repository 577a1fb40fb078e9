"""`dossier proof` refuses, with the reason and exit status 2, a folder with
nothing to proof and a machine without the clients it needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dossier.tools.proof import versions


def proof(build_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossier", "proof", str(build_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **env},
        timeout=120,
    )


def test_a_folder_without_outputs(tmp_path: Path) -> None:
    run = proof(tmp_path)
    assert run.returncode == 2
    assert (
        f"{tmp_path}: error: no DOCX, PDF or HTML to proof "
        "(build it first: make dossier, or dossier build DIR)"
    ) in run.stderr
    assert "Traceback" not in run.stderr


def test_no_such_folder(tmp_path: Path) -> None:
    run = proof(tmp_path / "missing")
    assert run.returncode == 2
    assert "missing: error: no such folder (give the build folder: build/)" in run.stderr


def test_the_missing_clients_are_named(tmp_path: Path) -> None:
    output = tmp_path / "d" / "public" / "d.en.pdf"
    output.parent.mkdir(parents=True)
    output.write_bytes(b"%PDF-1.7\n")
    run = proof(tmp_path, PATH=str(tmp_path / "no-programs"))
    assert run.returncode == 2
    for line in (
        "error: LibreOffice is not installed (Debian: apt-get install libreoffice-writer)",
        "error: Chromium is not installed (Debian: apt-get install chromium)",
        "error: pdftotext is not installed (Debian: apt-get install poppler-utils)",
    ):
        assert line in run.stderr
    assert not (tmp_path / "d" / "proof").exists()


def test_the_versions_of_a_build(tmp_path: Path) -> None:
    """Every edition and language with an output, from the build folder, a
    dossier's or an edition's; not the submission package, nor a sheet."""
    for name in (
        "ex/public/ex.en.pdf",
        "ex/public/ex.ar.docx",
        "ex/internal/ex.en.html",
        "ex/public/submission/ex.letter.en.pdf",
        "ex/proof/public.en.png",
        "ex/.stage/public.en.pickle",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found = [(v.name, v.edition, v.lang) for v in versions(tmp_path)]
    assert found == [("ex", "internal", "en"), ("ex", "public", "ar"), ("ex", "public", "en")]
    assert [v.sheet for v in versions(tmp_path / "ex" / "public")] == [
        tmp_path / "ex" / "proof" / "public.ar.png",
        tmp_path / "ex" / "proof" / "public.en.png",
    ]
