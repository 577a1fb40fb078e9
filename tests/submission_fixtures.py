"""Dossiers with a mission's letterhead, made from the frozen letter of the
example (tests/fixtures/letter), and their submission packages built with
the real pandoc and Typst."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from conftest import LETTER
from dossier.core import paths
from dossier.pipeline.loading import load
from dossier.pipeline.submission import build_submission

MISSION = """\
mission:
  name:
    en: Permanent Mission of the Republic of Aldoria to the United Nations
    ar: البعثة الدائمة لجمهورية ألدوريا لدى الأمم المتحدة
  address: [1 Example Plaza, "New York, NY 10099"]
  telephone: +1 212 555 0199
  email: aldoria.mission@example.org
  emblem: figures/emblem.png
reference: ALD/UN/2026/417
"""
SYMBOL = "S/2026/1043"


def make(root: Path, *, edits: dict[str, str] | None = None, extra: str = "") -> Path:
    """A copy of the letter with the mission block, ``edits`` (a line's
    start -> its replacement, '' to drop it) and ``extra`` lines."""
    shutil.copytree(LETTER, root)
    text = (root / paths.DOSSIER_FILE).read_text(encoding="utf-8")
    for start, line in (edits or {}).items():
        text = re.sub(rf"(?m)^{re.escape(start)}.*\n", line + ("\n" if line else ""), text)
    (root / paths.DOSSIER_FILE).write_text(text + MISSION + extra, encoding="utf-8")
    Image.new("RGB", (60, 60), (20, 60, 120)).save(root / "figures" / "emblem.png")
    return root


def build(root: Path, out: Path) -> list[Path]:
    dossier = load(root)
    written: list[Path] = []
    for edition in dossier.manifest.editions:
        written += build_submission(dossier, edition, out)
    return written


def build_signed(root: Path, out: Path, sign: Callable[[Path, str], None]) -> list[Path]:
    """The package of the public edition, its PDF signed with ``sign``."""
    dossier = load(root)
    return build_submission(dossier, dossier.manifest.editions[0], out, sign)


def draft(root: Path) -> Path:
    return make(root, edits={"symbol:": "", "job_number:": "", "kind:": "kind: sc-letter"})


def pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]
