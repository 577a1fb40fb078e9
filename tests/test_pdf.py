"""The PDF renderer: render the example and read the PDF back with pypdf."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from dossier.assemble.compose import Document
from dossier.core import pandoc, tree
from dossier.render import pdf


@pytest.fixture(scope="module")
def example_pdf(example_doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "example.pdf"
    pdf.render(example_doc, out)
    return out


@pytest.fixture(scope="module")
def reader(example_pdf: Path) -> PdfReader:
    return PdfReader(example_pdf)


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def in_order(text: str, *parts: str) -> bool:
    """Whether every part occurs in ``text``, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def annex_page(pages: list[str]) -> int:
    return next(i for i, text in enumerate(pages) if "Annex to the letter dated" in text)


def test_masthead_then_title_line(pages: list[str], example_doc: Document) -> None:
    assert in_order(
        pages[0],
        "United Nations",
        "S/2026/1043",
        "Security Council",
        "Distr.: General",
        "27 November 2026",
        "Original: English",
        example_doc.strings["title_line"],
    )


def test_notice_is_on_the_first_page(pages: list[str], example_doc: Document) -> None:
    assert example_doc.strings["notice"] in pages[0]


def test_signature_follows_the_closing_request(pages: list[str], example_doc: Document) -> None:
    letter = " ".join(pages[: annex_page(pages)])
    assert in_order(
        letter,
        "I have the honour",
        example_doc.strings["closing"],
        "(Signed) Mira Castellan",
        "Permanent Representative",
    )


def test_annex_starts_a_page_after_the_letter(pages: list[str]) -> None:
    first = annex_page(pages)
    assert first >= 1
    assert "(Signed) Mira Castellan" in " ".join(pages[:first])
    body = pages[first].split("S/2026/1043", 1)[-1].strip()  # after the running header
    assert body.startswith("Annex to the letter dated")


def test_annex_headings_in_order(pages: list[str]) -> None:
    annex = " ".join(pages[annex_page(pages) :])
    assert in_order(
        annex,
        "I. Overview",
        "II. Incidents",
        "A. Attacks on villages",
        "B. Attacks on border posts",
        "III. Area of the attacks",
        ". Conclusions",  # the last, after the generated sections
    )


def test_annex_paragraphs_are_numbered(pages: list[str]) -> None:
    annex = " ".join(pages[annex_page(pages) :])
    assert in_order(annex, "1. Between 1 August", "2. The present annex", "3. On the night of 9")
    assert re.search(r"\b\d+\. The Government of the Republic of Aldoria:", annex)


def test_bookmarks_carry_heading_numbers(reader: PdfReader) -> None:
    titles: list[str] = []

    def collect(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                collect(item)
            else:
                titles.append(str(item.title))

    collect(reader.outline)
    assert titles[0] == "I. Overview"
    assert "A. Attacks on villages" in titles
    assert titles[-1].endswith(". Conclusions")


def test_footnotes(pages: list[str]) -> None:
    text = " ".join(pages)
    for note in (
        "Reports of the Aldorian Border Police, 2 August to 1 November 2026 (fictional).",
        "Figures are revised when injured persons die of their wounds",
        "Statements of the two detained persons",
    ):
        assert note in text


def test_table_and_figure_captions(pages: list[str]) -> None:
    text = " ".join(pages)
    assert "Armed attacks in the Northern Marches province, August to October 2026" in text
    assert "Sketch map of the Northern Marches province" in text
    assert "Table 1" not in text  # the renderer invents no text


def test_running_headers_and_footers(pages: list[str]) -> None:
    total = len(pages)
    assert total >= 2
    assert "26-21345 (E)" in pages[0]
    assert not re.search(r"\b1/\d", pages[0])
    for n, text in enumerate(pages[1:], start=2):
        assert "S/2026/1043" in text
        assert f"{n}/{total}" in text
        assert "26-21345" in text
        assert "26-21345 (E)" not in text


def test_metadata(reader: PdfReader, example_doc: Document) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title == example_doc.strings["title_line"]
    assert not meta.author


def fonts(reader: PdfReader) -> dict[str, Any]:
    """Every font of every page, by BaseFont name, resolved."""
    found: dict[str, Any] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def descriptor(font: Any) -> Any:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


def test_fonts_are_embedded_liberation_serif(reader: PdfReader) -> None:
    found = fonts(reader)
    assert found
    for name, font in found.items():
        desc = descriptor(font)
        assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
    names = [name.split("+", 1)[-1] for name in found]
    assert "LiberationSerif" in names
    assert "LiberationSerif-Bold" in names
    body = next(font for name, font in found.items() if name.endswith("+LiberationSerif"))
    assert "/FontFile2" in descriptor(body)


def test_letter_paper(reader: PdfReader) -> None:
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_a4_paper(example_doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "a4.pdf"
    pdf.render(replace(example_doc, paper="a4"), out)
    for page in PdfReader(out).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_same_input_same_bytes(example_doc: Document, example_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.pdf"
    pdf.render(example_doc, out)
    assert out.read_bytes() == example_pdf.read_bytes()


def test_letter_without_annex_or_notice(example_doc: Document, tmp_path: Path) -> None:
    strings = {**example_doc.strings, "notice": "", "annex_title": ""}
    out = tmp_path / "short.pdf"
    pdf.render(replace(example_doc, annex=[], strings=strings), out)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Annex" not in text
    assert "Fictional example" not in text
    assert "(Signed)" in text


def test_typst_special_characters_are_text(example_doc: Document, tmp_path: Path) -> None:
    odd = 'Star * hash # dollar $ bracket ] quote " backslash \\ at @x <y>'
    body = [tree.para(tree.text(odd))]
    strings = {**example_doc.strings, "signer_name": "Ana #Star* [Doe]"}
    out = tmp_path / "odd.pdf"
    pdf.render(replace(example_doc, body=body, strings=strings), out)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert odd in text
    assert "Ana #Star* [Doe]" in text


def test_right_to_left_compiles(example_doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "rtl.pdf"
    pdf.render(replace(example_doc, direction="rtl", lang="ar"), out)
    assert len(PdfReader(out).pages) >= 2


def image_para(path: str) -> dict[str, Any]:
    return tree.para([{"t": "Image", "c": [tree.attr(), [], [path, ""]]}])


def test_missing_image_raises_pdf_failed(example_doc: Document, tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-figure.png")
    doc = replace(example_doc, annex=[*example_doc.annex, image_para(missing)])
    with pytest.raises(pdf.PdfFailed, match=r"no-such-figure\.png"):
        pdf.render(doc, tmp_path / "bad.pdf")
    assert not (tmp_path / "bad.pdf").exists()


def test_typst_error_raises_pdf_failed(example_doc: Document, tmp_path: Path) -> None:
    broken = {"t": "RawBlock", "c": ["typst", "#let x = (1 +"]}
    with pytest.raises(pdf.PdfFailed, match="typst"):
        pdf.render(replace(example_doc, body=[broken]), tmp_path / "bad.pdf")


def test_unknown_paper_raises_pdf_failed(example_doc: Document, tmp_path: Path) -> None:
    with pytest.raises(pdf.PdfFailed, match="paper"):
        pdf.render(replace(example_doc, paper="legal"), tmp_path / "bad.pdf")


def test_unknown_kind_raises_pdf_failed(example_doc: Document, tmp_path: Path) -> None:
    with pytest.raises(pdf.PdfFailed, match="no-such-kind"):
        pdf.render(example_doc, tmp_path / "bad.pdf", kind="no-such-kind")


def test_font_paths_constant() -> None:
    assert "/usr/share/fonts" in pdf.FONT_PATHS


def test_a_table_longer_than_a_page_goes_on_to_the_next(
    example_doc: Document, tmp_path: Path
) -> None:
    """Every row is printed, on as many pages as it takes, with the header
    row repeated and no row split (a figure is otherwise one unbreakable
    block: the rows past the first page overprinted the footer)."""
    rows = "\n".join(f"| Row {n:03d} | Place {n:03d} | {n} |" for n in range(1, 151))
    markdown = f"| Date | Place | Killed |\n|---|---|--:|\n{rows}\n\n: Incidents in order\n"
    blocks, _ = pandoc.parse_markdown(markdown)
    out = tmp_path / "long-table.pdf"
    pdf.render(replace(example_doc, annex=blocks), out)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    holding = [i for i, text in enumerate(pages) if "Row " in text]
    assert len(holding) >= 3
    assert all(f"Row {n:03d} Place {n:03d} {n}" in " ".join(pages) for n in range(1, 151))
    for i in holding[1:]:
        assert pages[i].count("Date Place Killed") == 1  # the header row, repeated
        assert re.search(rf"{i + 1}/{len(pages)}", pages[i])  # the footer, not overprinted


def test_heading_numbering_is_scoped_to_its_heading(example_doc: Document) -> None:
    """Each heading's numbering is set inside a scope closed after it: an
    unscoped set rule would restyle the whole rest of the document."""
    lowered = pdf.lower(example_doc.annex)

    def raw(b: Any) -> str | None:
        return b["c"][1] if b["t"] == "RawBlock" else None

    sets = [i for i, b in enumerate(lowered) if (raw(b) or "").startswith("#set heading")]
    assert sets
    for i in sets:
        assert raw(lowered[i - 1]) == "#[" and raw(lowered[i + 2]) == "]"
        assert lowered[i + 1]["t"] == "Header"


def line_extent(pdf_path: Path, page: int, text: str) -> tuple[float, float]:
    """(left, right) of the line of the page that holds ``text``, in points
    from the page's left edge (PDFium's character boxes)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_path)
    try:
        tp = doc[page].get_textpage()
        found = tp.search(text).get_next()
        assert found is not None, f"{text!r} not on page {page + 1}"
        _, bottom, _, top = tp.get_charbox(found[0])
        middle = (bottom + top) / 2
        boxes = [tp.get_charbox(i) for i in range(tp.count_chars())]
        line = [b for b in boxes if b[1] <= middle <= b[3] and b[2] > b[0]]
        return min(b[0] for b in line), max(b[2] for b in line)
    finally:
        doc.close()


INCH, INDENT = 72.0, 1.27 / 2.54 * 72  # points


def test_singletxt_indent_and_full_width_masthead(example_pdf: Path, pages: list[str]) -> None:
    """The body text stands 1.27 cm in from the 1-inch margins (SingleTxt),
    the masthead and the heading numbers at the margins themselves."""
    width = float(PdfReader(example_pdf).pages[0].mediabox.width)
    assert line_extent(example_pdf, 0, "United Nations") == pytest.approx(
        (INCH, width - INCH), abs=1.5
    )
    left, right = line_extent(example_pdf, 0, "I have the honour")
    assert (left, right) == pytest.approx((INCH + INDENT, width - INCH - INDENT), abs=1.5)
    annex = annex_page(pages)
    left, _ = line_extent(example_pdf, annex, "Overview")  # "I." hangs in the margin
    assert left == pytest.approx(INCH, abs=1.5)


def test_right_to_left_indent_mirrors(example_doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "rtl.pdf"
    pdf.render(replace(example_doc, direction="rtl", lang="ar"), out)
    width = float(PdfReader(out).pages[0].mediabox.width)
    assert line_extent(out, 0, "Nations") == pytest.approx((INCH, width - INCH), abs=1.5)
    left, right = line_extent(out, 0, "honour")
    assert (left, right) == pytest.approx((INCH + INDENT, width - INCH - INDENT), abs=1.5)
    heading = next(
        i
        for i in range(len(PdfReader(out).pages))
        if i and "Overview" in (PdfReader(out).pages[i].extract_text())
    )
    _, right = line_extent(out, heading, "Overview")  # its number hangs in the right margin
    assert right == pytest.approx(width - INCH, abs=1.5)
