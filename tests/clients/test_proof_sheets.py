"""`dossier proof` on the example: one sheet per edition and language, every
format's pages side by side, the checks that failed listed (none)."""

from __future__ import annotations

import subprocess
import sys
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
        # four columns of pages and screens, wider than tall
        assert image.width > 2 * image.height > 2000
    line = next(x for x in proofed.splitlines() if x.startswith(f"wrote {sheet}"))
    assert line.endswith(": no check failed")
