"""The classification marking of an internal edition ('CONFIDENTIAL'): in the
header and the footer of every page of the DOCX and the PDF, in two banners
and the page margins of the HTML; nowhere in the public edition."""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree, html
from pypdf import PdfReader

from dossier.pipeline.stages import build

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "dossiers" / "example"
MARKING = "CONFIDENTIAL"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
LRM = "\u200e"


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's public and internal editions in English, every format."""
    out = tmp_path_factory.mktemp("marking-en")
    build(EXAMPLE, out, langs=["en"], formats=["docx", "pdf", "html"])
    return out / "example"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The internal edition in Arabic (a draft: the confidential section and
    some records stand untranslated)."""
    root = tmp_path_factory.mktemp("marking-ar")
    dossier = root / "example"
    shutil.copytree(EXAMPLE, dossier)
    manifest = dossier / "dossier.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["draft"] = True
    for edition in data["editions"]:
        if edition["name"] == "internal":
            edition["languages"] = ["en", "ar"]
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(dossier, root / "out", editions=["internal"], langs=["ar"], formats=["docx", "pdf"])
    return root / "out" / "example"


def output(folder: Path, edition: str, fmt: str, lang: str = "en") -> Path:
    return folder / edition / f"example.{lang}.{fmt}"


# -- DOCX -----------------------------------------------------------------------------


def section_parts(path: Path) -> dict[str, Any]:
    """Every header and footer part the section refers to, by type
    ('header-first', 'footer-even'...), parsed."""
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        parts = {}
        for ref in document.iterfind(".//w:sectPr/*", NS):
            kind = etree.QName(ref).localname.removesuffix("Reference")
            if kind in {"header", "footer"}:
                name = posixpath.join("word", targets[ref.get(f"{{{R}}}id")])
                parts[f"{kind}-{ref.get(f'{{{W}}}type')}"] = etree.fromstring(archive.read(name))
        return parts


def marking_paragraphs(part: Any) -> list[Any]:
    return [p for p in part.iterfind(".//w:p", NS) if MARKING in "".join(p.itertext())]


def test_docx_marks_every_header_and_footer(english: Path) -> None:
    parts = section_parts(output(english, "internal", "docx"))
    assert sorted(parts) == [
        "footer-default",
        "footer-even",
        "footer-first",
        "header-default",
        "header-even",
        "header-first",
    ]
    for name, part in parts.items():
        found = marking_paragraphs(part)
        assert len(found) == 1, name
        paragraphs = part.findall("w:p", NS)
        # above the header's symbol, below the footer's job number and page
        assert found[0] is paragraphs[0 if name.startswith("header") else -1], name
        assert found[0].find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Marking"


def test_docx_marking_style_is_centred_and_bold(english: Path) -> None:
    with zipfile.ZipFile(output(english, "internal", "docx")) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    style = styles.find("w:style[@w:styleId='Marking']", NS)
    assert style.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"
    assert style.find("w:rPr/w:b", NS) is not None


def test_docx_public_edition_has_no_marking(english: Path) -> None:
    parts = section_parts(output(english, "public", "docx"))
    assert len(parts) == 6
    for name, part in parts.items():
        assert MARKING not in "".join(part.itertext()), name


def test_docx_marking_is_left_to_right_in_arabic(arabic: Path) -> None:
    parts = section_parts(output(arabic, "internal", "docx", "ar"))
    assert len(parts) == 6
    for name, part in parts.items():
        (paragraph,) = marking_paragraphs(part)
        assert "".join(paragraph.itertext()) == f"{LRM}{MARKING}{LRM}", name
        assert paragraph.find("w:pPr/w:bidi", NS).get(f"{{{W}}}val") == "0", name


# -- PDF ------------------------------------------------------------------------------


def baselines(page: Any) -> list[tuple[str, float, float]]:
    """Every piece of text of ``page`` with its start: (text, x, baseline y)."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return found


def check_pdf_markings(path: Path) -> None:
    """A marking above all other text of each page and one below it, centred,
    a line apart from the header and footer."""
    for number, page in enumerate(PdfReader(path).pages, start=1):
        assert page.extract_text().count(MARKING) >= 2, number
        texts = baselines(page)
        marks = [(x, y) for text, x, y in texts if text == MARKING]
        others = [y for text, _, y in texts if text != MARKING]
        width = float(page.mediabox.width)
        assert len(marks) == 2, number
        (_, top), (_, bottom) = max(marks, key=lambda m: m[1]), min(marks, key=lambda m: m[1])
        assert top - max(others) >= 10 and min(others) - bottom >= 10, number
        assert all(width / 3 < x < width / 2 for x, _ in marks), number


def test_pdf_marks_every_page(english: Path) -> None:
    check_pdf_markings(output(english, "internal", "pdf"))


def test_pdf_marks_every_page_in_arabic(arabic: Path) -> None:
    check_pdf_markings(output(arabic, "internal", "pdf", "ar"))


def test_pdf_public_edition_has_no_marking(english: Path) -> None:
    for page in PdfReader(output(english, "public", "pdf")).pages:
        assert MARKING not in page.extract_text()


# -- HTML -----------------------------------------------------------------------------


def test_html_banners_and_page_margins(english: Path) -> None:
    page = html.parse(str(output(english, "internal", "html"))).getroot()
    banners = page.xpath("//p[@class='marking']")
    assert [b.text for b in banners] == [MARKING, MARKING]
    assert all(b.get("role") == "note" for b in banners)
    article = page.xpath("//article")[0]
    assert article[0] is banners[0] and article[-1] is banners[1]
    style = "".join(page.xpath("//style/text()"))
    for box in ("@top-center", "@bottom-center"):
        assert f'{box} {{ content: "{MARKING}";' in style


def test_html_public_edition_has_no_marking(english: Path) -> None:
    text = output(english, "public", "html").read_text(encoding="utf-8")
    assert MARKING not in text
    assert 'class="marking"' not in text and "@top-center" not in text
