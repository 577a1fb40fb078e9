"""`dossier proof` on the example: one sheet per edition and language, every
format's pages side by side, the checks that failed listed (none)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from .conftest import VERSIONS, Version, tool


@pytest.fixture(scope="session")
def proofed(soffice: str, out: Path) -> str:
    """``dossier proof`` run once on the example's build; what it printed."""
    tool("chromium", "chromium", "Chromium")
    run = subprocess.run(
        [sys.executable, "-m", "dossier", "proof", str(out / "example")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_a_sheet_per_version(proofed: str, out: Path, version: Version) -> None:
    sheet = out / "example" / "proof" / f"{version.edition}.{version.lang}.png"
    with Image.open(sheet) as image:
        # four columns of pages and screens side by side: wider than tall
        # (a long phone page is cut into columns, so not by a fixed ratio)
        assert image.width > image.height > 1000
    line = next(x for x in proofed.splitlines() if x.startswith(f"wrote {sheet}"))
    assert line.endswith(": no check failed")


def test_a_failed_check_is_on_the_sheet(soffice: str, out: Path, tmp_path: Path) -> None:
    """A DOCX whose pictures are set in exact 12 pt leading: the command
    names each picture drawn over the text or off the page."""
    tool("chromium", "chromium", "Chromium")
    folder = tmp_path / "cut" / "public"
    folder.mkdir(parents=True)
    source = out / "example" / "public"
    for fmt in ("pdf", "html"):
        shutil.copyfile(source / f"example.en.{fmt}", folder / f"cut.en.{fmt}")
    with (
        zipfile.ZipFile(source / "example.en.docx") as src,
        zipfile.ZipFile(folder / "cut.en.docx", "w") as dst,
    ):
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = data.replace(b'w:val="CaptionedFigure"/>', b'w:val="Compact"/>')
            dst.writestr(name, data)
    run = subprocess.run(
        [sys.executable, "-m", "dossier", "proof", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    sheet = tmp_path / "cut" / "proof" / "public.en.png"
    line = next(x for x in run.stdout.splitlines() if x.startswith(f"wrote {sheet}"))
    assert line.endswith("checks failed") and not line.endswith(": no check failed")
    failures = [x for x in run.stdout.splitlines() if x.startswith("  DOCX: page ")]
    assert failures and all("a picture of 396 x" in x for x in failures), run.stdout
    assert sheet.is_file()
