"""The DOCX as its reader sees it in LibreOffice: every image at the size
and in the space the document gives it, no justified line stretched to a
manual break, no heading or caption left at the foot of a page, no faux
italics in scripts that have none."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import LETTER
from dossier.pipeline.stages import build
from dossier.tools.proof_docx import (
    W,
    extents,
    image_sizes,
    justified_breaks,
    libreoffice_pdfs,
    on,
    page_counts,
    page_ends,
    paragraphs,
    text_of,
    xml_part,
)

from .conftest import VERSIONS, Version

# Paragraph styles a reader takes for a heading or a caption.
KEPT_STYLES = re.compile(r"^(Heading\d|Caption|TableCaption|ImageCaption|TitleLine|AnnexTitle)$")
# Scripts written without italics: UN Arabic, Chinese and Urdu texts set
# upright what the English sets in italics ("(Signed)", the notice).
NO_ITALIC = {"ar", "zh", "ur"}
# The dossier written for these tests: the fixture letter in four scripts,
# with a table of wide numbers and six figures after one to six paragraphs
# with footnotes, so that captions and headings meet the foot of a page.
LAYOUT_LANGS = ("en", "ar", "ur", "zh")
LAYOUT_PARTS = 6


def unkept(docx: Path) -> list[str]:
    """Headings and captions not kept with the paragraph after them."""
    all_paragraphs, styles = paragraphs(docx)
    return [
        f"{styles.style_of(p)}: {text_of(p)[:50]}"
        for p in all_paragraphs
        if KEPT_STYLES.match(styles.style_of(p) or "") and not on(styles.prop(p, "keepNext"))
    ]


def italic_in(root: Any, in_styles: bool) -> list[str]:
    """Italics on text of a script without them: in a style (which any text
    may take), or on a run holding letters other than Latin."""
    found = []
    for props in root.iter(f"{W}rPr"):
        if not any(on(props.find(f"{W}{tag}")) for tag in ("i", "iCs")):
            continue
        if in_styles:
            owner = next((a for a in props.iterancestors(f"{W}style")), None)
            found.append(f"style {owner.get(f'{W}styleId') if owner is not None else '?'}")
            continue
        run = props.getparent()
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if any(c.isalpha() and ord(c) > 0x24F for c in text):
            found.append(f"run {text[:30]!r}")
    return found


# -- the dossier written for the tests ---------------------------------------------------


def first_paragraph(lang: str) -> str:
    text = (LETTER / "sections" / lang / "01-overview.md").read_text(encoding="utf-8")
    body = text.split("---", 2)[-1] if text.startswith("---") else text
    paras = [p for p in body.split("\n\n") if p.strip() and not p.startswith(("#", "[^"))]
    return " ".join(paras[0].split())


def layout_parts(lang: str) -> str:
    """A table of wide numbers, then parts of one to six paragraphs (each
    with a footnote) and a captioned figure, in ``lang``'s own script."""
    para = first_paragraph(lang)
    lines = ["", "| Period | Incidents | Persons displaced | Damage |", "|:--|--:|--:|--:|"]
    lines += [
        f"| Q{q} 2026 | {q * 7} | {q * 104_233:,} | {q * 12_345_678:,}.00 |" for q in (1, 2, 3)
    ]
    lines += ["", "Table: Displacement and damage by quarter", ""]
    for k in range(1, LAYOUT_PARTS + 1):
        lines += [f"## Part {k}", ""]
        for n in range(k):
            lines += [f"{para}[^n{k}{n}]", "", f"[^n{k}{n}]: {para[:120]}", ""]
        lines += [f"![Figure {k}: {para[:60]}](figures/northern-marches.png)", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Built:
    docx: Path
    pdf: Path
    rendered: Path  # LibreOffice's PDF of the DOCX
    lang: str


@pytest.fixture(scope="session")
def layout(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """The dossier written for the tests, built and printed by LibreOffice."""
    root = tmp_path_factory.mktemp("layout")
    dossier = root / "layout"
    shutil.copytree(LETTER, dossier)
    manifest = dossier / "dossier.yaml"
    text = re.sub(
        r"(?m)^languages: .*$",
        f"languages: [{', '.join(LAYOUT_LANGS)}]",
        manifest.read_text(encoding="utf-8"),
    )
    manifest.write_text(text, encoding="utf-8")
    for lang in LAYOUT_LANGS:
        section = dossier / "sections" / lang / "03-area.md"
        section.write_text(
            section.read_text(encoding="utf-8") + layout_parts(lang), encoding="utf-8"
        )
    build(dossier, root / "build", formats=("docx", "pdf"))
    folder = root / "build" / "layout" / "public"
    docx = [folder / f"layout.{lang}.docx" for lang in LAYOUT_LANGS]
    rendered = libreoffice_pdfs(soffice, docx, root / "libreoffice")
    return {
        lang: Built(d, d.with_suffix(".pdf"), rendered[d], lang)
        for lang, d in zip(LAYOUT_LANGS, docx, strict=True)
    }


# -- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_libreoffice_draws_every_image_at_its_size_in_its_space(
    converted: Path, out: Path, version: Version
) -> None:
    """A picture clipped to its paragraph's line (exact leading) is drawn
    at its size but over the text around it, or off the page."""
    found = image_sizes(version.path(out, "docx"), converted / f"{version}.pdf")
    assert not found


@pytest.mark.parametrize("lang", LAYOUT_LANGS)
def test_layout_dossier_passes_every_docx_check(layout: dict[str, Built], lang: str) -> None:
    """The dossier written for the tests, in four scripts: pictures at their
    size, no stretched manual break, no page ending on a heading or caption,
    LibreOffice's pages within one of the PDF's."""
    built = layout[lang]
    assert len(extents(built.docx)) == LAYOUT_PARTS + 1
    found = image_sizes(built.docx, built.rendered) + justified_breaks(built.docx)
    found += page_ends(built.docx, built.rendered) + page_counts(built.rendered, built.pdf)
    assert not found


def test_a_picture_cut_to_its_line_fails_the_check(
    layout: dict[str, Built], soffice: str, tmp_path: Path
) -> None:
    """The map in a paragraph of exact 12 pt leading, as pandoc's figure
    cells had it: LibreOffice draws it over the lines around it."""
    docx = tmp_path / "cut.docx"
    with zipfile.ZipFile(layout["en"].docx) as src, zipfile.ZipFile(docx, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = data.replace(b'w:val="CaptionedFigure"/>', b'w:val="Compact"/>')
            dst.writestr(name, data)
    rendered = libreoffice_pdfs(soffice, [docx], tmp_path / "libreoffice")[docx]
    found = image_sizes(docx, rendered)
    assert any("text over a picture" in f or "drawn at" in f for f in found), found


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_no_justified_paragraph_has_a_manual_line_break(out: Path, version: Version) -> None:
    found = justified_breaks(version.path(out, "docx"))
    assert not found, f"justified paragraphs with manual line breaks: {found}"


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_headings_and_captions_keep_with_next(out: Path, version: Version) -> None:
    found = unkept(version.path(out, "docx"))
    assert not found, f"not kept with the next paragraph: {found}"


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_libreoffice_ends_no_page_on_a_heading_or_caption(
    converted: Path, out: Path, version: Version
) -> None:
    found = page_ends(version.path(out, "docx"), converted / f"{version}.pdf")
    assert not found


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_subparagraphs_hang_and_the_closing_keeps_with_the_signature(
    out: Path, version: Version
) -> None:
    """Wrapped lines of '(a)' under its text, not back at the margin; the
    closing on the signature's page (the Urdu signature stood alone)."""
    docx = version.path(out, "docx")
    levels = xml_part(docx, "word/numbering.xml").iter(f"{W}lvl")
    flat = [
        lvl.get(f"{W}ilvl") for lvl in levels if lvl.find(f"{W}pPr/{W}ind[@{W}hanging]") is None
    ]
    assert not flat, f"list levels without a hanging indent: {flat}"
    all_paragraphs, styles = paragraphs(docx)
    signature = [p for p in all_paragraphs if styles.style_of(p) == "SignatureBlock"]
    closing = signature[0].getprevious()
    assert on(styles.prop(closing, "keepNext")), f"closing not kept: {text_of(closing)[:40]}"


@pytest.mark.parametrize("version", [v for v in VERSIONS if v.lang in NO_ITALIC], ids=str)
def test_no_italics_in_scripts_without_them(out: Path, version: Version) -> None:
    docx = version.path(out, "docx")
    found = italic_in(xml_part(docx, "word/styles.xml"), in_styles=True)
    for name in ("word/document.xml", "word/footnotes.xml"):
        found += italic_in(xml_part(docx, name), in_styles=False)
    assert not found, f"italics in {version.lang}: {found}"
