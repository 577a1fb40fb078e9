"""``dossier proof BUILD_DIR``: every format of every edition and language
as its reader sees it, one sheet a version (``build/<name>/proof/
<edition>.<lang>.png``): the PDF's pages, the DOCX's pages as LibreOffice
lays them out, the HTML at a desktop's and a phone's width in Chromium, the
page counts and every check that failed.

The checks are lists: a DOCX check is a function of the version and
LibreOffice's PDF of its DOCX; an HTML check is a script Chromium evaluates
in the page at each width and a function of its result, the language and
the width. Each returns the failures it found, as sentences.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.tools import html_geometry, proof_docx
from dossier.tools.chromium import Browser
from dossier.tools.proof_sheet import Sheet, write

FORMATS = ("pdf", "docx", "html")
WIDTHS = (1200, 390)
PROOF_DIR = "proof"
LANG = re.compile(r"^[a-z]{2,3}$")
# What each command needs, and the Debian package that has it.
CLIENTS = {
    "soffice": ("LibreOffice", "libreoffice-writer"),
    "chromium": ("Chromium", "chromium"),
    "pdftotext": ("pdftotext", "poppler-utils"),
}


@dataclass(frozen=True)
class Version:
    """One edition in one language, as the build wrote it."""

    folder: Path  # build/<name>/<edition>
    name: str
    lang: str

    @property
    def edition(self) -> str:
        return self.folder.name

    def output(self, fmt: str) -> Path | None:
        path = self.folder / f"{self.name}.{self.lang}.{fmt}"
        return path if path.is_file() else None

    @property
    def sheet(self) -> Path:
        return self.folder.parent / PROOF_DIR / f"{self.edition}.{self.lang}.png"

    def __str__(self) -> str:
        return f"{self.name}, {self.edition} edition, {self.lang}"


DocxCheck = Callable[[Version, Path], list[str]]
HtmlCheck = tuple[str, Callable[[Any, str, int], list[str]]]


def _docx(version: Version) -> Path:
    docx = version.output("docx")
    assert docx is not None  # a DOCX check runs only on a version that has one
    return docx


DOCX_CHECKS: list[DocxCheck] = [
    lambda v, rendered: proof_docx.image_sizes(_docx(v), rendered),
    lambda v, _rendered: proof_docx.justified_breaks(_docx(v)),
    lambda v, rendered: proof_docx.page_ends(_docx(v), rendered),
    lambda v, rendered: proof_docx.page_counts(rendered, pdf) if (pdf := v.output("pdf")) else [],
]
# The HTML's checks: (script, failures(result, lang, width)).
HTML_CHECKS: list[HtmlCheck] = [(html_geometry.GEOMETRY_JS, html_geometry.failures)]


def versions(build_dir: Path) -> list[Version]:
    """Every edition and language with an output under ``build_dir`` (the
    build folder, one dossier's, or one edition's), in order."""
    found = set()
    for path in build_dir.rglob("*.*"):
        parts = path.name.split(".")
        if len(parts) != 3 or parts[2] not in FORMATS or not LANG.match(parts[1]):
            continue
        if parts[0] != path.parent.parent.name or path.parent.name == PROOF_DIR:
            continue
        if any(p.startswith(".") for p in path.relative_to(build_dir).parts):
            continue
        found.add(Version(path.parent, parts[0], parts[1]))
    return sorted(found, key=lambda v: (str(v.folder), v.lang))


def clients() -> dict[str, str]:
    """The path of each client program; a user error naming the Debian
    packages of those missing."""
    found = {name: shutil.which(name) for name in CLIENTS}
    missing = [
        Diagnostic(
            None,
            None,
            f"{CLIENTS[name][0]} is not installed",
            f"Debian: apt-get install {CLIENTS[name][1]}",
        )
        for name, path in found.items()
        if path is None
    ]
    if missing:
        raise DossierError(missing)
    return {name: path for name, path in found.items() if path is not None}


def proof(build_dir: Path) -> list[tuple[Path, list[str]]]:
    """Write the proof sheet of every version under ``build_dir``; return
    each sheet's path and the checks that failed on it."""
    if not build_dir.is_dir():
        raise DossierError(
            [Diagnostic(build_dir, None, "no such folder", "give the build folder: build/")]
        )
    found = versions(build_dir)
    if not found:
        hint = "build it first: make dossier, or dossier build DIR"
        raise DossierError([Diagnostic(build_dir, None, "no DOCX, PDF or HTML to proof", hint)])
    programs = clients()
    with tempfile.TemporaryDirectory(prefix="dossier-proof-") as work:
        docx = [d for v in found if (d := v.output("docx")) is not None]
        rendered = proof_docx.libreoffice_pdfs(programs["soffice"], docx, Path(work) / "lo")
        with Browser(programs["chromium"], Path(work) / "chromium") as browser:
            sheets = [sheet_of(v, rendered, browser) for v in found]
        return [
            (write(sheet, v.sheet), sheet.failures) for v, sheet in zip(found, sheets, strict=True)
        ]


def sheet_of(version: Version, rendered: dict[Path, Path], browser: Browser) -> Sheet:
    """What the sheet of ``version`` shows, its checks run."""
    sheet = Sheet(title=str(version), pdf=version.output("pdf"))
    docx = version.output("docx")
    if docx is not None and docx in rendered:
        sheet.docx_pdf = rendered[docx]
        for check in DOCX_CHECKS:
            sheet.failures += [f"DOCX: {f}" for f in check(version, rendered[docx])]
    elif docx is not None:
        sheet.failures.append("DOCX: LibreOffice could not open it")
    html = version.output("html")
    if html is not None:
        for width in WIDTHS:
            shot, failures = html_at(browser, html, version.lang, width)
            sheet.html[width] = shot
            sheet.failures += [f"HTML at {width} px: {f}" for f in failures]
    return sheet


def html_at(browser: Browser, html: Path, lang: str, width: int) -> tuple[Image.Image, list[str]]:
    """The page at ``width``: its shot and what its checks found."""
    tab = browser.open(html, width)
    try:
        failures = []
        for script, failures_of in HTML_CHECKS:
            failures += failures_of(tab.evaluate(script), lang, width)
        return _image(tab.screenshot()), failures
    finally:
        tab.close()


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")
