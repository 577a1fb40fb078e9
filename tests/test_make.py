"""Make is the front door: `make dossier` builds every format, a second run
does no work, and an edit (or a deleted output) rebuilds."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    work = tmp_path_factory.mktemp("make")
    folder = work / "example"
    shutil.copytree(EXAMPLE, folder)
    build = work / "build"
    vars_ = [f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}"]
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    return folder, build, vars_


def outputs(build: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((build / "example/public").iterdir())}


def test_make_dossier_writes_three_formats(built: tuple[Path, Path, list[str]]) -> None:
    _, build, _ = built
    langs = ["ar", "en", "es", "fr", "ru", "ur", "zh"]
    assert list(outputs(build)) == [
        f"example.{lang}.{ext}" for lang in langs for ext in ("docx", "html", "pdf")
    ]
    depfile = (build / "example/.stamp.d").read_text()
    assert "sections/en/02-incidents.md" in depfile
    assert "figures/northern-marches.png" in depfile
    assert "templates/sc-letter/letter.css" in depfile


def test_second_make_does_nothing(built: tuple[Path, Path, list[str]]) -> None:
    _, build, vars_ = built
    before = outputs(build)
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    assert "Nothing to be done for 'dossier'" in proc.stdout
    assert outputs(build) == before


def test_edit_rebuilds(built: tuple[Path, Path, list[str]]) -> None:
    folder, build, vars_ = built
    before = outputs(build)
    section = folder / "sections/en/03-area.md"
    time.sleep(0.01)
    section.write_text(section.read_text() + "\nA sentence added.\n")
    later = time.time() + 1
    os.utime(section, (later, later))
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    after = outputs(build)
    assert all(after[name] > before[name] for name in before if ".en." in name)
    assert "A sentence added." in (build / "example/public/example.en.html").read_text()


def test_deleted_output_is_rebuilt(built: tuple[Path, Path, list[str]]) -> None:
    _, build, vars_ = built
    html = build / "example/public/example.en.html"
    html.unlink()
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    assert html.exists()


def test_bad_input_fails_make_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(EXAMPLE, folder)
    manifest = folder / "dossier.yaml"
    manifest.write_text(manifest.read_text().replace("date: 2026-11-27", "date: 2026-02-30"))
    build = tmp_path / "build"
    proc = make("dossier", f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}")
    assert proc.returncode != 0
    assert "dossier.yaml:6: error: '2026-02-30' is not a valid date" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not build.exists()


def test_cli_with_a_relative_build_folder(tmp_path: Path) -> None:
    """`make dossier` passes `--out build`: paths relative to the working
    directory must reach every renderer (charts are files under build/)."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    proc = subprocess.run(
        [str(ROOT / ".venv/bin/dossier"), "build", "example", "--out", "build", "--lang", "en"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "build/example/public/example.en.pdf").stat().st_size > 10_000
