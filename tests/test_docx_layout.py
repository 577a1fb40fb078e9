"""The DOCX's layout where LibreOffice and Word need more than pandoc
writes: a figure kept whole, table columns as wide as what they hold,
pictures within the text's indents (as the PDF sets them)."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dossier.assemble.compose import Document
from dossier.core import pandoc
from dossier.render.docx import render
from dossier.render.docx_layout import INDENT, MARGIN, PAPER, content_widths, shape_table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
EMU_PER_TWIP = 635
TEXT_WIDTH = PAPER["letter"][0] - 2 * MARGIN


def xp(node: Any, expr: str) -> list[Any]:
    return list(etree.XPath(expr, namespaces=NS)(node))


def body_of(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


@pytest.fixture(scope="module")
def body(example_doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("layout") / "example.docx"
    render(example_doc, out)
    return body_of(out)


def test_a_figure_is_one_row_that_does_not_break(body: Any) -> None:
    """LibreOffice left the map's caption at the foot of a page with
    footnotes, the map on the next, keepNext notwithstanding."""
    caption = xp(body, "//w:p[w:pPr/w:pStyle/@w:val='ImageCaption']")[0]
    cell = caption.getparent()
    assert etree.QName(cell).localname == "tc"
    assert xp(cell, ".//w:drawing"), "the picture is not in its caption's cell"
    assert xp(cell, "../w:trPr/w:cantSplit")
    table = cell.getparent().getparent()
    assert len(xp(table, "w:tr")) == 1 and len(xp(table, "w:tr/w:tc")) == 1
    assert xp(table, "w:tblPr/w:tblBorders") == []
    assert xp(table, "w:tblPr/w:tblW/@w:w") == [str(TEXT_WIDTH)]


def test_a_figure_after_a_table_stands_apart(example_doc: Document, tmp_path: Path) -> None:
    """Two tables one after the other are one table to Word: an empty
    paragraph of no height between a data table and a figure's."""
    figure = next(b for b in example_doc.annex if b["t"] == "Figure")
    table, _ = pandoc.parse_markdown("| Month | Killed |\n|:--|--:|\n| August | 9 |\n")
    doc = dataclasses.replace(example_doc, annex=[*table, figure])
    render(doc, tmp_path / "x.docx")
    figures = xp(body_of(tmp_path / "x.docx"), "//w:tbl[w:tr/w:trPr/w:cantSplit]")
    assert figures
    for found in figures:
        before = found.getprevious()
        assert etree.QName(before).localname == "p"
        assert xp(before, "w:pPr/w:spacing/@w:line") == ["20"]


def test_a_right_to_left_figure_row(example_doc: Document, tmp_path: Path) -> None:
    arabic = dataclasses.replace(example_doc, lang="ar", direction="rtl")
    render(arabic, tmp_path / "ar.docx")
    body = body_of(tmp_path / "ar.docx")
    caption = xp(body, "//w:p[w:pPr/w:pStyle/@w:val='ImageCaption']")[0]
    assert xp(caption, "../../../w:tblPr/w:bidiVisual")


def test_pictures_stand_within_the_indents(body: Any) -> None:
    """As wide as the PDF's at most: at the full text width the map stood
    9 per cent larger than the PDF's."""
    widths = [int(w) for w in xp(body, "//wp:extent/@cx")]
    assert widths and max(widths) <= (TEXT_WIDTH - 2 * INDENT) * EMU_PER_TWIP


def cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def table_of(*rows: tuple[str, ...]) -> Any:
    xml = "".join("<w:tr>" + "".join(cell(t) for t in row) + "</w:tr>" for row in rows)
    return etree.fromstring(f'<w:tbl xmlns:w="{W}">{xml}</w:tbl>')


def test_columns_take_what_their_cells_hold() -> None:
    """Equal columns ran a narrow column's numbers into the next column's
    text; a long text takes the room the short ones leave."""
    long = "Armed group operating from the territory of the Veskarian Federation (probable)"
    table = table_of(("Date", "Killed", "Attribution"), ("9–10 August 2026", "1,234,567", long))
    date, killed, attribution = content_widths(table, 3, 7920)
    assert attribution > date > killed
    assert sum((date, killed, attribution)) == pytest.approx(7920, abs=3)
    # every column at least as wide as its longest word with the cell's margins
    assert killed >= len("1,234,567") * 90 + 2 * 85


def test_short_columns_keep_their_text_on_one_line() -> None:
    widths = content_widths(table_of(("Province", "Killed"), ("Northern Marches", "23")), 2, 7920)
    assert widths[0] > widths[1]
    assert widths[0] >= len("Northern Marches") * 90


def test_pandocs_equal_columns_are_shaped_by_their_content() -> None:
    """Pandoc gives a table without widths equal columns (the generated
    chronological list: a column of numbers as wide as the attribution)."""
    long = "Armed group operating from the territory of the Veskarian Federation"
    table = table_of(("Date", "Injured", "Attribution"), ("3 September 2026", "14", long))
    grid = etree.SubElement(table, f"{{{W}}}tblGrid")
    for _ in range(3):
        etree.SubElement(grid, f"{{{W}}}gridCol").set(f"{{{W}}}w", "2640")
    table.insert(
        0, etree.fromstring(f'<w:tblPr xmlns:w="{W}"><w:tblStyle w:val="Table"/></w:tblPr>')
    )
    shape_table(table, TEXT_WIDTH)
    date, injured, attribution = (int(w) for w in xp(table, "w:tblGrid/w:gridCol/@w:w"))
    assert attribution > date > injured
    assert date + injured + attribution == pytest.approx(TEXT_WIDTH - 2 * INDENT, abs=3)


def shaped(*rows: tuple[str, ...]) -> list[int]:
    """The column widths :func:`shape_table` gives a table pandoc left equal."""
    table = table_of(*rows)
    grid = etree.SubElement(table, f"{{{W}}}tblGrid")
    for _ in rows[0]:
        etree.SubElement(grid, f"{{{W}}}gridCol").set(f"{{{W}}}w", "1000")
    table.insert(
        0, etree.fromstring(f'<w:tblPr xmlns:w="{W}"><w:tblStyle w:val="Table"/></w:tblPr>')
    )
    shape_table(table, TEXT_WIDTH)
    return [int(w) for w in xp(table, "w:tblGrid/w:gridCol/@w:w")]


def test_chinese_breaks_between_characters() -> None:
    """A Chinese cell is no unbreakable word: a long attribution does not
    squeeze the numbers' column ("死亡" stood a character a line)."""
    long = "从维斯卡里亚联邦领土活动的武装团伙（很可能）" * 2
    date, killed, attribution = shaped(
        ("日期", "死亡", "责任归属"), ("2026年8月9日至10日", "9", long)
    )
    assert killed >= 2 * 180 + 2 * 85
    assert attribution > date > killed
