"""Citations of sources.yaml: checked with file and line, rendered by
citeproc as footnotes in the UN style, in every language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dossier.core import pandoc, tree
from dossier.core.localise import un_date
from dossier.core.typography import place_note_marks
from dossier.load.evidence import load_sources
from dossier.load.sources import (
    _citeproc,
    _for_citeproc,
    check_citations,
    cite,
    cite_document,
    style_path,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "dossiers" / "example"
EXAMPLE_SOURCES = EXAMPLE / "sources.yaml"

SOURCES = """\
- id: police-report
  type: report
  title: Report on the attack on Kellbrook
  title-short: Kellbrook report
  author:
    - literal: Aldorian Border Police
  publisher: Ministry of the Interior
  number: BP/2026/118
  issued: {date-parts: [[2026, 8, 10]]}
- id: herald
  type: article-newspaper
  title: Mortar rounds strike Eskmoor border post
  container-title: The Marches Herald
  issued: {date-parts: [[2026, 10, 19]]}
  URL: https://marches-herald.example/2026/10/19/eskmoor
  accessed: {date-parts: [[2026, 11, 2]]}
"""


@pytest.fixture
def sources_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def parse(text: str) -> list[Any]:
    blocks, _ = pandoc.parse_markdown(text)
    return blocks


def notes(blocks: list[Any]) -> list[str]:
    return [tree.stringify(n["c"]) for n in tree.walk(blocks) if n["t"] == "Note"]


def test_the_style_is_well_formed_csl() -> None:
    root = etree.parse(str(style_path())).getroot()
    assert root.tag == "{http://purl.org/net/xbiblio/csl}style"
    assert root.get("class") == "note"


def test_an_unknown_key_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    raw = "---\ntitle: x\n---\n\nKnown [@police-report].\n\nUnknown [see @polise-report, p. 2].\n"
    path = tmp_path / "01-overview.md"
    blocks = parse(raw.split("---\n", 2)[2])
    sources = {"police-report": {"id": "police-report"}}
    found = check_citations(blocks, path, raw, sources)
    assert [str(d) for d in found] == [
        f"{path}:7: error: source 'polise-report' is not defined in sources.yaml "
        "(add it to sources.yaml or fix the key)"
    ]


def test_a_key_that_prefixes_another_is_found_on_its_own_line(tmp_path: Path) -> None:
    raw = "A [@police-report-2].\n\nB [@police-report].\n"
    found = check_citations(parse(raw), tmp_path / "a.md", raw, {})
    assert [(d.message.split("'")[1], d.line) for d in found] == [
        ("police-report-2", 1),
        ("police-report", 3),
    ]


def test_the_example_sources_define_every_key_they_are_cited_by(tmp_path: Path) -> None:
    out: list[Any] = []
    sources, _ = load_sources(EXAMPLE, out)
    raw = "See [@police-2026-08-10; @marches-herald-2026-10-19].\n"
    assert out == []
    assert check_citations(parse(raw), tmp_path / "a.md", raw, sources) == []


def test_a_known_key_becomes_a_footnote_with_title_publisher_and_date(sources_yaml: Path) -> None:
    blocks = cite(parse("The attack [@police-report].\n"), "en", sources_yaml)
    [note] = notes(blocks)
    assert note == (
        "Aldorian Border Police, Report on the attack on Kellbrook, Ministry of the Interior, "
        "BP/2026/118, 10 August 2026."
    )
    assert not any(n["t"] == "Cite" for n in tree.walk(blocks))
    assert tree.stringify(blocks).startswith("The attack.")  # no list of sources appended
    assert len(blocks) == 1


def test_the_title_of_a_report_is_italic(sources_yaml: Path) -> None:
    blocks = cite(parse("The attack [@police-report].\n"), "en", sources_yaml)
    [emph] = [n for n in tree.walk(blocks) if n["t"] == "Emph"]
    assert tree.stringify(emph["c"]) == "Report on the attack on Kellbrook"


def test_french_dates_are_french(sources_yaml: Path) -> None:
    blocks = cite(parse("L'attaque [@police-report].\n"), "fr", sources_yaml)
    [note] = notes(blocks)
    assert "10 août 2026" in note
    # French puts the note mark before the full stop.
    assert blocks[0]["c"][-2]["t"] == "Note"
    assert blocks[0]["c"][-1] == {"t": "Str", "c": "."}


def test_an_online_source_has_its_url_and_access_date(sources_yaml: Path) -> None:
    [note] = notes(cite(parse("Shelling [@herald].\n"), "en", sources_yaml))
    assert note == (
        "“Mortar rounds strike Eskmoor border post”, The Marches Herald, 19 October 2026, "
        "available at https://marches-herald.example/2026/10/19/eskmoor "
        "(accessed 2 November 2026)."
    )


def test_a_later_citation_is_short_and_a_repeated_one_is_ibid(sources_yaml: Path) -> None:
    text = "One [@police-report]. Two [@herald]. Three [@police-report]. Four [@police-report, 5]."
    first, _, third, fourth = notes(cite(parse(text), "en", sources_yaml))
    assert third == "Aldorian Border Police, Kellbrook report."
    assert len(third) < len(first)
    assert fourth == "Ibid., p. 5."


def test_body_and_annex_are_cited_in_one_call(sources_yaml: Path) -> None:
    body = parse("Letter [@police-report].\n")
    annex = parse("# Facts\n\nAnnex [@police-report].\n\nNo citation here.\n")
    new_body, new_annex = cite_document(body, annex, "en", sources_yaml)
    assert notes(new_body)[0].startswith("Aldorian Border Police, Report")
    assert notes(new_annex) == ["Ibid."]
    assert [b["t"] for b in new_annex] == ["Header", "Para", "Para"]


def test_blocks_without_citations_come_back_unchanged(sources_yaml: Path) -> None:
    blocks = parse("Nothing to cite.\n")
    assert cite(blocks, "en", sources_yaml) is blocks


@pytest.mark.parametrize(
    ("lang", "date"),
    [
        ("es", "10 de agosto de 2026"),
        ("ru", "10 августа 2026 года"),
        ("zh", "2026年8月10日"),
        ("ar", "10 آب/أغسطس 2026"),
        ("ur", "10 اگست 2026"),
    ],
)
def test_every_language_gives_a_footnote(lang: str, date: str) -> None:
    blocks = cite(parse("Text [@police-2026-08-10].\n"), lang, EXAMPLE_SOURCES)
    [note] = notes(blocks)
    assert "BP/2026/118" in note
    assert date in note


MIXED = """\
# Facts

A paragraph with no citation, "quoted", and a note.[^1]

[^1]: A note without a citation.

| Place | Killed |
|-------|-------:|
| Kellbrook | 3 |

One [@police-report], a note that cites.[^2] Two [@herald; @police-report, 5].

[^2]: As reported [@herald].

::: {.facts}
Nothing cited in this Div.
:::

Three [@police-report, 5]. "Four" [@herald]: the end.
"""


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_only_blocks_with_citations_go_to_citeproc_and_the_result_is_the_same(
    sources_yaml: Path, lang: str
) -> None:
    blocks = parse(MIXED)
    whole = place_note_marks(_citeproc(parse(MIXED), lang, sources_yaml, None), lang)
    result = cite(blocks, lang, sources_yaml)
    assert result == whole
    # The blocks without a citation did not make the trip.
    assert [i for i, b in enumerate(blocks) if any(b is r for r in result)] == [0, 1, 2, 4]
    assert _for_citeproc(blocks) == [3, 5]


def test_a_heading_that_restarts_citation_positions_sends_every_block(
    sources_yaml: Path,
) -> None:
    text = "One [@police-report].\n\n# Part {.reset-citation-positions}\n\nTwo [@police-report].\n"
    blocks = parse(text)
    assert _for_citeproc(blocks) == [0, 1, 2]
    first, second = notes(cite(blocks, "en", sources_yaml))
    assert second == first  # in full again, not "Ibid."


def test_urdu_notes_have_urdu_terms_and_months(sources_yaml: Path) -> None:
    """citeproc has no Urdu locale: the style's own gives the terms and the
    months of un_date, not English ones; the notes end with Urdu's "۔"."""
    text = "One [@herald]. Two [@herald, 5]."
    first, second = notes(cite(parse(text), "ur", sources_yaml))
    assert first == (
        f"{LRM}“Mortar rounds strike Eskmoor border post”{LRM}،{RLM} "
        f"{LRM}The Marches Herald{LRM}،{RLM} "
        f"{RLM}{un_date(dt.date(2026, 10, 19), 'ur')}،{RLM} دستیاب بمقام "
        f"{LRM}https://marches-herald.example/2026/10/19/eskmoor{LRM} "
        f"(اخذ شدہ بتاریخ {RLM}{un_date(dt.date(2026, 11, 2), 'ur')})۔"
    )
    # Urdu's full stop, and the Arabic script's comma between the elements.
    assert second == f"ایضاً،{RLM} ص 5۔"
    assert not any(word in first + second for word in ("October", "November", "accessed", "Ibid"))


RLM, LRM = "\u200f", "\u200e"


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_a_date_after_a_latin_title_keeps_its_day_in_right_to_left_text(
    sources_yaml: Path, lang: str
) -> None:
    """A right-to-left mark before the day: without it the bidi algorithm
    puts "19" with the Latin title before it, away from its month."""
    [note] = notes(cite(parse("One [@herald].\n"), lang, sources_yaml))
    date = un_date(dt.date(2026, 10, 19), lang)
    assert f"The Marches Herald{LRM}،{RLM} {RLM}{date}" in note


@pytest.mark.parametrize("lang", ["ar", "ur", "en"])
def test_a_latin_title_opening_a_right_to_left_note_keeps_its_quote(
    sources_yaml: Path, lang: str
) -> None:
    """In right-to-left text a left-to-right mark holds the opening quote to
    the title it opens; left-to-right text needs none."""
    [note] = notes(cite(parse("One [@herald].\n"), lang, sources_yaml))
    mark = LRM if lang in {"ar", "ur"} else ""
    assert note.startswith(f"{mark}“Mortar rounds") or note.startswith(f'{mark}"Mortar rounds')
    assert bool(note.count(LRM)) == bool(mark)
