"""Every PDF is sound (qpdf --check), embeds all its fonts (pdffonts),
declares PDF/A-2a and PDF/UA-1 in its XMP metadata and is tagged."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

from .conftest import VERSIONS, Version, tool

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
XMP_NS = "http://ns.adobe.com/xap/1.0/"
DC = "http://purl.org/dc/elements/1.1/"


@pytest.fixture(scope="session")
def qpdf() -> str:
    return tool("qpdf", "qpdf")


@pytest.fixture(scope="session")
def pdffonts() -> str:
    return tool("pdffonts", "poppler-utils")


def xmp(reader: PdfReader) -> Any:
    root: Any = reader.trailer["/Root"]
    return etree.fromstring(root["/Metadata"].get_object().get_data())


def xmp_value(tree: Any, ns: str, name: str) -> str | None:
    """A simple XMP property, written as an element or as an attribute."""
    for description in tree.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        if f"{{{ns}}}{name}" in description.attrib:
            return str(description.get(f"{{{ns}}}{name}"))
        found = description.find(f"{{{ns}}}{name}")
        if found is not None:
            return "".join(found.itertext()).strip()
    return None


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_qpdf_finds_no_fault(qpdf: str, out: Path, version: Version) -> None:
    run = subprocess.run([qpdf, "--check", str(version.path(out, "pdf"))], capture_output=True)
    assert run.returncode == 0, (run.stdout + run.stderr).decode()


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_every_font_is_embedded(pdffonts: str, out: Path, version: Version) -> None:
    lines = subprocess.run(
        [pdffonts, str(version.path(out, "pdf"))], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    # a line: name, type (words), encoding, emb, sub, uni, object number, generation
    fonts = {line.split()[0]: line.split()[-5] for line in lines[2:]}
    assert fonts, "no font in the PDF"
    assert all(value == "yes" for value in fonts.values()), f"not embedded: {fonts}"


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_pdf_declares_pdfa_2a_and_pdfua_1(out: Path, version: Version) -> None:
    reader = PdfReader(version.path(out, "pdf"), strict=True)
    tree = xmp(reader)
    assert xmp_value(tree, PDFAID, "part") == "2"
    assert xmp_value(tree, PDFAID, "conformance") == "A"
    assert xmp_value(tree, PDFUAID, "part") == "1"
    # the document information says what the XMP says (PDF/A requires it)
    info = reader.metadata
    assert info is not None and info.title
    assert xmp_value(tree, XMP_NS, "CreatorTool") == info.get("/Creator")
    assert xmp_value(tree, DC, "title") == info.title


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_pdf_is_tagged(out: Path, version: Version) -> None:
    root: Any = PdfReader(version.path(out, "pdf")).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"].split("-")[0] == version.lang  # zh-CN
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
