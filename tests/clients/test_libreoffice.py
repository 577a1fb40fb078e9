"""LibreOffice opens every DOCX and prints it to PDF: the text keeps the
masthead, the title line and the annex in order, the pages within one of
ours (Typst's PDF)."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from dossier.assemble.compose import Document, assemble
from dossier.pipeline.stages import BuildResult
from dossier.select.edition import select
from dossier.tools.proof_docx import page_counts

from .conftest import PDF_TEXT_UNUSABLE, VERSIONS, Version


def document(out: Path, result: BuildResult, version: Version) -> Document:
    dossier = result.dossier
    edition = next(e for e in dossier.manifest.editions if e.name == version.edition)
    cache = out / dossier.name / ".cache"  # the build's charts
    return assemble(select(dossier, edition)[0], version.lang, cache=cache, edition=edition)


def squeezed(text: str) -> str:
    """Without white space (lines break differently in every client) nor
    the direction marks LibreOffice puts around right-to-left lines."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_libreoffice_prints_masthead_title_annex_in_order(
    converted: Path, example_build: tuple[Path, BuildResult], version: Version
) -> None:
    pdf = converted / f"{version}.pdf"
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {version}"
    out, result = example_build
    strings = document(out, result, version).strings
    if version.lang in PDF_TEXT_UNUSABLE:
        text = squeezed((converted / f"{version}.txt").read_text(encoding="utf-8-sig"))
    else:
        pdftotext = ["pdftotext", str(pdf), "-"]
        text = squeezed(
            subprocess.run(pdftotext, capture_output=True, text=True, check=True).stdout
        )
    # the masthead's parts stand side by side (their order is the layout's);
    # the titles by prefix: a long one may break where a client hyphenates it
    masthead = [text.find(squeezed(strings[key])) for key in ("united_nations", "symbol")]
    assert min(masthead) >= 0, f"no masthead in LibreOffice's text: {text[:200]}"
    at = max(masthead)
    for key in ("title_line", "annex_title"):
        found = text.find(squeezed(strings[key][:40]), at)
        assert found >= 0, f"{key} not in LibreOffice's text after the masthead: {strings[key]!r}"
        at = found + 1


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_libreoffice_pages_within_one_of_ours(converted: Path, out: Path, version: Version) -> None:
    """The Urdu DOCX ran to 12 pages where the PDF has 9: Nastaliq's lines
    at the font's 2.5 em instead of the PDF's pitch."""
    assert not page_counts(converted / f"{version}.pdf", version.path(out, "pdf"))
