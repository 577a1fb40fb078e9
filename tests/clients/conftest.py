"""Tests with real clients: LibreOffice, Chromium (with axe-core), qpdf and
poppler read what the build writes. A client that is not installed skips
its tests with the reason shown (pytest -ra); under CI=true it fails them."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import missing
from dossier.pipeline.stages import BuildResult, build
from dossier.tools.proof_docx import TAGGED_PDF

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "dossiers" / "example"
CLIENTS = Path(__file__).resolve().parent
# A cold LibreOffice converts the eight files in well under a minute.
TIMEOUT = 300
# Scripts whose text LibreOffice's PDF does not give back: Nastaliq's
# glyphs map to fragments in no order. Their order is read from
# LibreOffice's own text export of the DOCX instead.
PDF_TEXT_UNUSABLE = {"ur"}
AXE = CLIENTS / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"


@dataclass(frozen=True)
class Version:
    edition: str
    lang: str

    def path(self, out: Path, fmt: str) -> Path:
        return out / "example" / self.edition / f"example.{self.lang}.{fmt}"

    def __str__(self) -> str:
        return f"{self.edition}-{self.lang}"


def versions() -> list[Version]:
    """Every edition x language of the example (read from its manifest
    without building: the tests are listed even where they skip)."""
    manifest = yaml.safe_load((EXAMPLE / "dossier.yaml").read_text(encoding="utf-8"))
    return [
        Version(edition["name"], lang)
        for edition in manifest["editions"]
        for lang in manifest["languages"]
        if lang in (edition.get("languages") or manifest["languages"])
    ]


VERSIONS = versions()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "clients: tests that run real clients on the outputs")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if CLIENTS in Path(item.path).parents:
            item.add_marker(pytest.mark.clients)


def tool(name: str, package: str, what: str | None = None) -> str:
    found = shutil.which(name)
    if found is None:
        missing(f"{what or name} is not installed (Debian: {package})")
    return found


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The example, every edition, language and format, built once."""
    out = tmp_path_factory.mktemp("clients")
    return out, build(EXAMPLE, out)


@pytest.fixture(scope="session")
def out(example_build: tuple[Path, BuildResult]) -> Path:
    return example_build[0]


@pytest.fixture(scope="session")
def soffice() -> str:
    tool("pdftotext", "poppler-utils")
    return tool("soffice", "libreoffice-writer", "LibreOffice")


@pytest.fixture(scope="session")
def converted(
    soffice: str, example_build: tuple[Path, BuildResult], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Every DOCX converted to PDF by one LibreOffice, with a fresh profile:
    ``<edition>-<lang>.pdf``."""
    out, _ = example_build
    work = tmp_path_factory.mktemp("libreoffice")
    docs = []
    for version in VERSIONS:
        docs.append(work / f"{version}.docx")
        shutil.copyfile(version.path(out, "docx"), docs[-1])
    texts = [d for d, v in zip(docs, VERSIONS, strict=True) if v.lang in PDF_TEXT_UNUSABLE]
    for fmt, files in ((TAGGED_PDF, docs), ("txt:Text (encoded):UTF8", texts)):
        run = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(work / "out"),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert run.returncode == 0, f"LibreOffice failed: {run.stderr}"
    return work / "out"
