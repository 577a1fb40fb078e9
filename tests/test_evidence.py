"""Incident records: every mistake a desk officer would catch comes back
with the record's file and line; exhibits are hashed and re-checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import MINIMAL_MANIFEST
from dossier.cli import main
from dossier.core.diagnostics import DossierError
from dossier.load.exhibits import add_exhibit, sha256_of
from dossier.pipeline.loading import load

MANIFEST = (
    MINIMAL_MANIFEST
    + """\
evidence:
  period: {start: 2026-08-01, end: 2026-10-31}
  country:
    name: Aldoria
    bounds: [-20.0, -41.0, -15.0, -37.0]
"""
)

RECORD = """\
---
# An invented incident.
id: T-001
title: Attack on a village
event_date: 2026-08-09
location:
  place: Kellbrook
  admin1: Northern Marches
  latitude: -37.62
  longitude: -18.95
event_type: Violence against civilians
sub_event_type: Attack
attack_type: Armed Assault
weapon_type: Firearms
target_type: Private Citizens & Property
actor1: Armed group
casualties:
  killed: {civilians: 9, security_forces: 0}
  injured: {civilians: 14}
  fatalities: 9
attribution:
  to: Armed group
  basis: Tracks
  confidence: probable
sources: [police-report]
---

An armed group attacked the village.[@police-report]
"""

SOURCES = """\
- id: police-report
  type: report
  title: Report on the attack
  issued: {date-parts: [[2026, 8, 10]]}
"""


@pytest.fixture
def evidence_dossier(make_dossier: Callable[..., Path]) -> Callable[..., Path]:
    def make(record: str = RECORD, name: str = "T-001", **files: str) -> Path:
        tree = {f"evidence/{name}.md": record, "sources.yaml": SOURCES, **files}
        return make_dossier(MANIFEST, tree)

    return make


def errors(folder: Path) -> list[str]:
    try:
        load(folder)
    except DossierError as exc:
        return [str(d).replace(f"{folder}/", "") for d in exc.diagnostics]
    return []


def test_a_good_record_loads(evidence_dossier: Callable[..., Path]) -> None:
    dossier = load(evidence_dossier())
    assert dossier.evidence is not None
    (record,) = dossier.evidence.records
    assert record.incident.casualties.killed.total == 9
    assert record.narratives["en"].blocks


CASES = {
    "unknown key": (
        ("  latitude:", "  lattitude:"),
        "evidence/T-001.md:9: error: unknown key 'location.lattitude' (did you mean 'latitude'?)",
    ),
    "casualties do not add up": (
        ("fatalities: 9", "fatalities: 10"),
        "evidence/T-001.md:17: error: casualties: fatalities is 10 but killed adds up to 9 "
        "(9 civilians + 0 security forces)",
    ),
    "bad confidence": (
        ("confidence: probable", "confidence: likely"),
        "evidence/T-001.md:24: error: 'likely' is not a valid attribution.confidence "
        "(use one of: confirmed, probable, alleged)",
    ),
    "sub-event of another type": (
        ("sub_event_type: Attack", "sub_event_type: Grenade"),
        "evidence/T-001.md:12: error: 'Grenade' is not a sub-event type of 'Violence against "
        "civilians' (ACLED) (use one of: Sexual violence, Attack, Abduction/forced disappearance)",
    ),
    "in the future": (
        ("event_date: 2026-08-09", "event_date: 2027-08-09"),
        "evidence/T-001.md:5: error: 2027-08-09 is after the date of the letter (2026-11-27) "
        "(an incident cannot be in the future: check the year and month)",
    ),
    "outside the period": (
        ("event_date: 2026-08-09", "event_date: 2026-07-09"),
        "evidence/T-001.md:5: error: 2026-07-09 is outside the dossier's period (2026-08-01 to "
        "2026-10-31) (check the date, or widen evidence.period in dossier.yaml)",
    ),
    "outside the country": (
        ("longitude: -18.95", "longitude: 18.95"),
        "evidence/T-001.md:9: error: (-37.62, 18.95) lies outside the bounds of the country "
        "[-20.0, -41.0, -15.0, -37.0] (check the coordinates: latitude first, longitude second, "
        "in decimal degrees)",
    ),
    "undefined source": (
        ("sources: [police-report]", "sources: [police-reprot]"),
        "evidence/T-001.md:25: error: source 'police-reprot' is not defined in sources.yaml "
        "(add it to sources.yaml or fix the key)",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_record_mistakes(case: str, evidence_dossier: Callable[..., Path]) -> None:
    (old, new), expected = CASES[case]
    assert old in RECORD
    assert expected in errors(evidence_dossier(RECORD.replace(old, new)))


def test_id_must_match_the_file_name(evidence_dossier: Callable[..., Path]) -> None:
    found = errors(evidence_dossier(name="T-002"))
    assert found == [
        "evidence/T-002.md:3: error: the id 'T-001' differs from the file name 'T-002' "
        "(rename the file T-001.md or fix the id)"
    ]


def test_ids_are_unique(evidence_dossier: Callable[..., Path]) -> None:
    copy = RECORD.replace("id: T-001", "id: T-001")
    folder = evidence_dossier(**{"evidence/T-001-copy.md": copy})
    found = errors(folder)
    assert any("the id 'T-001' is already used by" in f for f in found)


def test_record_without_front_matter(evidence_dossier: Callable[..., Path]) -> None:
    found = errors(evidence_dossier("Just a narrative.\n"))
    assert found[0].startswith("evidence/T-001.md:1: error: an incident record starts with")


def test_front_matter_may_end_with_dots_and_is_read_once(
    evidence_dossier: Callable[..., Path],
) -> None:
    # YAML's end of document '...' closes the header as '---' does (it used to
    # stop the second reading of the header with an internal error).
    record = RECORD.replace("sources: [police-report]\n---\n", "sources: [police-report]\n...\n")
    dossier = load(evidence_dossier(record))
    assert dossier.evidence is not None
    (loaded,) = dossier.evidence.records
    assert loaded.line_of("sources") == 25
    assert errors(evidence_dossier(record.replace("Tracks", "[Tracks"))) == [
        "evidence/T-001.md:24: error: this is not valid YAML: expected ',' or ']', but got ':' "
        "(check the indentation and that text with ':' or '#' is in quotes)"
    ]


def test_exhibit_add_then_tamper(evidence_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = evidence_dossier()
    photo = tmp_path / "photo.png"
    Image.new("RGB", (8, 8), "teal").save(photo)
    when = dt.datetime(2026, 8, 10, 7, 30, tzinfo=dt.UTC)
    add_exhibit(folder, photo, "T-001", by="Forensic unit", origin="on site", now=when)
    text = (folder / "evidence/T-001.md").read_text()
    assert "# An invented incident." in text  # comments kept
    dossier = load(folder)
    (exhibit,) = dossier.evidence.records[0].incident.exhibits  # type: ignore[union-attr]
    assert exhibit.file == "exhibits/photo.png"
    assert exhibit.sha256 == sha256_of(photo)
    assert exhibit.custody[0].action == "registered in the dossier"
    (folder / "exhibits/photo.png").write_bytes(b"\x89PNG altered")
    found = errors(folder)
    assert len(found) == 1
    assert "exhibit exhibits/photo.png no longer matches its recorded SHA-256" in found[0]
    assert found[0].startswith("evidence/T-001.md:")
    (folder / "exhibits/photo.png").unlink()
    assert "exhibit exhibits/photo.png not found" in errors(folder)[0]


def test_second_exhibit_is_appended(evidence_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = evidence_dossier()
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(name)
        add_exhibit(folder, tmp_path / name, "T-001", by="Analyst", origin="archive")
    dossier = load(folder)
    files = [e.file for e in dossier.evidence.records[0].incident.exhibits]  # type: ignore[union-attr]
    assert files == ["exhibits/a.txt", "exhibits/b.txt"]


def test_exhibit_add_to_unknown_record(
    evidence_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = evidence_dossier()
    (tmp_path / "a.txt").write_text("a")
    with pytest.raises(DossierError) as info:
        add_exhibit(folder, tmp_path / "a.txt", "T-999", by="x", origin="y")
    assert "no incident record 'T-999' (records: T-001)" in str(info.value)


def test_build_refuses_when_an_exhibit_changed(
    evidence_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = evidence_dossier()
    (tmp_path / "a.txt").write_text("a")
    add_exhibit(folder, tmp_path / "a.txt", "T-001", by="x", origin="y")
    (folder / "exhibits/a.txt").write_text("changed")
    out = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 2
    assert "no longer matches its recorded SHA-256" in result.output
    assert not out.exists()
