"""Dates at their precision: a GTD row with iday 0 (the month only) or
imonth 0 (the year only) is printed as 'October 2026' or '2026', never
as a day nobody knows, in the entries, the tables and the charts, in HTML,
Word and PDF, and in every language."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pypdfium2 as pdfium
import pytest

from conftest import MINIMAL_MANIFEST
from dossier.assemble.compose import assemble
from dossier.core.localise import un_date_at
from dossier.pipeline.loading import load
from dossier.render.docx import render as render_docx
from dossier.render.html import render as render_html
from dossier.render.pdf import render as render_pdf
from dossier.tools.interchange.gtd import import_gtd
from test_interchange import GTD

# The month only (iday 0), then the year only (imonth 0 too): FICTIONAL.
ROWS = GTD.read_text(encoding="utf-8").splitlines()
YEAR_ONLY = ROWS[2].replace("202610000002,2026,10,0,", "202600000004,2026,0,0,")


# The minimal dossier with the generated parts of the annex.
MANIFEST = MINIMAL_MANIFEST.replace(
    "  - 01-annex\n",
    "  - 01-annex\n  - generated/incident-table\n  - generated/incidents\n"
    "  - generated/statistics\n",
)


@pytest.fixture
def folder(make_dossier: Callable[..., Path], tmp_path: Path) -> Path:
    root = make_dossier(MANIFEST)
    csv = tmp_path / "gtd.csv"
    csv.write_text("\n".join([ROWS[0], ROWS[2], YEAR_ONLY]) + "\n", encoding="utf-8")
    import_gtd(csv, root)
    return root


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_outputs_print_no_unknown_day(folder: Path, tmp_path: Path) -> None:
    doc = assemble(load(folder, draft=True), "en", cache=tmp_path / "charts")
    render_html(doc, tmp_path / "en.html")
    page = lxml.html.fromstring((tmp_path / "en.html").read_bytes())
    cells = [text(c) for c in page.xpath("//td")]
    assert "October 2026" in cells and "2026" in cells
    assert not [c for c in cells if c.startswith("1 ")]  # '1 October 2026', '1 January 2026'
    months = [text(r.xpath("./td")[0]) for r in page.xpath("//table[caption]//tr[td]")]
    assert "January 2026" not in months  # the year-only incident is not put in January
    render_docx(doc, tmp_path / "en.docx")
    with zipfile.ZipFile(tmp_path / "en.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "October 2026" in xml
    assert "1 October 2026" not in xml and "1 January 2026" not in xml
    render_pdf(doc, tmp_path / "en.pdf")
    pdf = pdfium.PdfDocument(tmp_path / "en.pdf")
    printed = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)
    assert "October 2026" in printed
    assert "1 October 2026" not in printed and "1 January 2026" not in printed


@pytest.mark.parametrize(
    ("lang", "month", "year"),
    [
        ("en", "October 2026", "2026"),
        ("fr", "octobre 2026", "2026"),
        ("es", "octubre de 2026", "2026"),
        ("ru", "октябрь 2026 года", "2026 год"),
        ("zh", "2026年10月", "2026年"),
        ("ar", "تشرين الأول/أكتوبر 2026", "2026"),
        ("ur", "اکتوبر 2026", "2026"),
    ],
)
def test_every_language_prints_the_month_or_the_year(lang: str, month: str, year: str) -> None:
    day = dt.date(2026, 10, 1)
    assert un_date_at(day, day, 3, lang) == month
    assert un_date_at(day, day, 4, lang) == year
    assert un_date_at(day, day, 1, lang) != month  # the day, when it is known


def test_a_date_known_to_the_week_is_printed_as_about_that_day(
    folder: Path, tmp_path: Path
) -> None:
    """ACLED's time_precision 2: the source gives the week, the date is set
    within it; the outputs say "about", in each language."""
    records = sorted((folder / "evidence").glob("*.md"))
    record = next(r for r in records if "time_precision: 3" in r.read_text(encoding="utf-8"))
    weekly = record.read_text(encoding="utf-8").replace("time_precision: 3", "time_precision: 2")
    record.write_text(weekly, encoding="utf-8")
    manifest = folder / "dossier.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, fr]"),
        encoding="utf-8",
    )
    dossier = load(folder, draft=True)
    for lang, about in (("en", "About 1 October 2026"), ("fr", "Vers le 1er octobre 2026")):
        doc = assemble(dossier, lang, cache=tmp_path / "charts")
        render_html(doc, tmp_path / f"{lang}.html")
        page = lxml.html.fromstring((tmp_path / f"{lang}.html").read_bytes())
        assert about in [text(c) for c in page.xpath("//td")]
