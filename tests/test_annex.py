"""The annexes generated from the evidence, in the outputs: chronological
table, entries with sources, statistics with charts, map; in the document's
language; charts redrawn only when their data change."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest

from conftest import EXAMPLE
from dossier.assemble.compose import assemble
from dossier.load.loaded import Dossier
from dossier.pipeline.loading import load
from dossier.render.docx import render as render_docx
from dossier.render.html import render as render_html
from dossier.select.edition import select


def public(folder: Path = EXAMPLE) -> Dossier:
    """The example as its public edition shows it."""
    dossier = load(folder)
    return select(dossier, dossier.manifest.editions[0])[0]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("charts")


@pytest.fixture(scope="module")
def pages(
    cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, lxml.html.HtmlElement]:
    dossier = public()
    out = tmp_path_factory.mktemp("annex")
    found = {}
    for lang in ("en", "fr", "ar", "zh"):
        path = out / f"{lang}.html"
        render_html(assemble(dossier, lang, cache=cache), path)
        found[lang] = lxml.html.fromstring(path.read_bytes())
    return found


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def table(page: lxml.html.HtmlElement, caption_start: str) -> list[list[str]]:
    for t in page.xpath("//table"):
        caption = t.xpath("./caption")
        if caption and text(caption[0]).startswith(caption_start):
            return [[text(c) for c in row.xpath("./th|./td")] for row in t.xpath(".//tr")]
    raise AssertionError(f"no table '{caption_start}'")


def test_chronological_table(pages: dict[str, lxml.html.HtmlElement]) -> None:
    rows = table(pages["en"], "Incidents in chronological order")
    assert rows[0] == ["Date", "Place", "Type of attack", "Killed", "Injured", "Attribution"]
    assert [r[0] for r in rows[1:6]] == [
        "9–10 August 2026",
        "3 September 2026",
        "21 September 2026",
        "18 October 2026",
        "29 October 2026",
    ]
    # The example's public edition names no confidence (evidence: show_confidence).
    assert rows[1][5] == "Armed group operating from the territory of the Veskarian Federation"
    assert rows[-1][0] == "Total" and rows[-1][3:5] == ["23", "41"]


def test_french_table_and_months(pages: dict[str, lxml.html.HtmlElement]) -> None:
    rows = table(pages["fr"], "Incidents par ordre chronologique")
    assert rows[1][0] == "9–10 août 2026"
    months = table(pages["fr"], "Incidents et victimes, par mois")
    assert [r[0] for r in months[1:4]] == ["Août 2026", "Septembre 2026", "Octobre 2026"]


def test_statistics_add_up(pages: dict[str, lxml.html.HtmlElement]) -> None:
    by_month = table(pages["en"], "Incidents and casualties by month")
    assert by_month[-1] == ["Total", "5", "23", "41"]
    by_category = table(pages["en"], "Casualties among civilians and security forces")
    assert by_category[1:] == [
        ["Civilians", "17", "26"],
        ["Security forces", "6", "15"],
        ["Total", "23", "41"],
    ]


def test_entries_with_facts_and_sources(pages: dict[str, lxml.html.HtmlElement]) -> None:
    page = pages["en"]
    headings = [text(h) for h in page.xpath("//h3")]
    assert "A.Attack on the village of Kellbrook" in headings  # no ID: show_record_ids
    facts = [text(d) for d in page.xpath("//div[@class='facts']")]
    assert len(facts) == 5
    assert facts[0].startswith("Date: 9–10 August 2026 Place: Kellbrook (Northern Marches)")
    notes = " ".join(text(li) for li in page.xpath("//section[contains(@class,'footnotes')]//li"))
    assert "Report on the attack on Kellbrook" in notes
    assert "10 August 2026" in notes


def test_charts_and_map_are_inlined_svg(pages: dict[str, lxml.html.HtmlElement]) -> None:
    for lang, page in pages.items():
        images = [i.get("src") for i in page.xpath("//figure//img")]
        svgs = [src for src in images if src.startswith("data:image/svg+xml")]
        assert len(svgs) == 3, lang  # two charts and the map


def test_arabic_and_chinese_are_localised(pages: dict[str, lxml.html.HtmlElement]) -> None:
    rows = table(pages["ar"], "الحوادث")
    assert rows[1][0] == "9–10 آب/أغسطس 2026"
    zh = table(pages["zh"], "")
    assert any("2026年8月9日至10日" in cell for row in zh for cell in row)


def test_map_says_it_names_places_where_space_permits(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    for lang, note in (
        ("en", "places are named where space permits"),
        ("fr", "lorsque la place le permet"),
        ("ar", "حيثما تسمح المساحة"),
    ):
        assert any(note in text(f) for f in pages[lang].xpath("//figure")), lang


def test_map_names_provinces_from_the_glossary(tmp_path: Path) -> None:
    from dossier.assemble.annex_context import Context
    from dossier.assemble.annex_stats import province_labels
    from dossier.core.localise import locale

    dossier = public()
    geojson = (EXAMPLE / dossier.manifest.evidence.boundaries).read_bytes()  # type: ignore[operator]
    labels = dict(province_labels(Context(dossier, locale("fr"), tmp_path), geojson, "name"))
    assert labels["Northern Marches"] == "Marches du Nord"
    assert labels["Central Plains"] == "Plaines centrales"
    assert province_labels(Context(dossier, locale("en"), tmp_path), geojson, "name") == ()
    assert province_labels(Context(dossier, locale("fr"), tmp_path), b"not json", "name") == ()


def test_word_gets_png_charts(cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.docx"
    render_docx(assemble(public(), "en", cache=cache), out)
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert sum(1 for n in media if n.endswith(".png")) >= 4  # sketch map, two charts, map
    assert not any(n.endswith(".svg") for n in media)


def test_charts_are_redrawn_only_when_their_data_change(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    cache = tmp_path / "cache"
    assemble(public(folder), "en", cache=cache)
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len([n for n in first if n.endswith(".svg")]) == 3
    assemble(public(folder), "en", cache=cache)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == first
    record = folder / "evidence/ALD-2026-005.md"
    record.write_text(
        record.read_text().replace("killed: {civilians: 3}", "killed: {civilians: 4}")
    )
    assemble(public(folder), "en", cache=cache)
    after = {p.name for p in cache.iterdir()}
    new = after - set(first)
    assert len([n for n in new if n.endswith(".svg")]) == 2  # the two bar charts, not the map
