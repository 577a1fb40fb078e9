"""ACLED and GTD files in and out: imported records load and validate, the
values are mapped, bad rows are reported at their CSV line with nothing
written, records are not overwritten, and export -> import keeps the fields.

The fixtures (tests/fixtures/acled-sample.csv, gtd-sample.csv) are
FICTIONAL: invented places, groups and events in the invented Aldoria.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from dossier.cli import export_command, import_command
from dossier.core.diagnostics import DossierError
from dossier.core.records import Incident
from dossier.pipeline.loading import load
from dossier.tools.interchange.acled import export_acled, import_acled
from dossier.tools.interchange.gtd import export_gtd, import_gtd
from dossier.tools.interchange.standards import TBC

FIXTURES = ROOT / "tests" / "fixtures"
ACLED = FIXTURES / "acled-sample.csv"
GTD = FIXTURES / "gtd-sample.csv"
HEADER = ACLED.read_text(encoding="utf-8").splitlines()[0]

# A record written by hand (not imported), in a dossier with sources.
NATIVE = """\
---
# An invented incident.
id: T-001
title: Attack on a village
event_date: 2026-08-09
time_precision: 1
location:
  place: Kellbrook
  admin1: Northern Marches
  admin2: Kellbrook district
  latitude: -37.62
  longitude: -18.95
event_type: Violence against civilians
sub_event_type: Attack
attack_type: Armed Assault
weapon_type: Firearms
target_type: Private Citizens & Property
actor1: Armed group
actor2: Civilians (Aldoria)
casualties:
  killed: {civilians: 9}
  injured: {civilians: 14}
attribution: {to: Armed group, basis: Tracks, confidence: probable}
sources: [police-report]
---

An armed group "attacked" the village.[@police-report] Nine died.
"""
# A narrative of its own: a withheld sentence that public text repeats is an error.
SECRET = (
    NATIVE.replace("id: T-001", "id: T-002")
    .replace("sources: [police-report]", "classification: secret")
    .replace('An armed group "attacked" the village.[@police-report] Nine died.', "Rifles.")
)
SOURCES = """\
- id: police-report
  type: report
  title: Report on the attack
  author: [{literal: Aldorian Border Police}]
  issued: {date-parts: [[2026, 8, 10]]}
"""


def incidents(folder: Path) -> dict[str, Incident]:
    dossier = load(folder, draft=True)  # an import's placeholders left as they are
    assert dossier.evidence is not None
    return {r.id: r.incident for r in dossier.evidence.records}


def test_acled_import_writes_records_that_load(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier()
    synced = import_acled(ACLED, folder)
    assert [p.name for p in synced.new] == [
        "ALD1001.md",
        "ALD1002.md",
        "ALD1003.md",
        "ALD1004.md",
    ]  # the data set's own IDs
    assert synced.sources == folder / "sources.yaml"
    assert synced.summary() == "4 new, 0 unchanged, 0 revised, 0 conflicts"
    records = incidents(folder)
    first = records["ALD1001"]
    assert first.event_date.isoformat() == "2026-08-09"
    assert (first.location.place, first.location.admin1) == ("Kellbrook", "Northern Marches")
    assert (first.location.admin2, first.location.latitude) == ("Kellbrook district", -37.62)
    assert (first.attack_type, first.target_type) == (
        "Armed Assault",
        "Private Citizens & Property",
    )
    assert first.casualties.killed.civilians == first.casualties.fatalities == 9
    assert first.attribution.to == "Unidentified Armed Group (Aldoria)"
    assert (first.attribution.basis, first.attribution.confidence) == (TBC, "alleged")
    assert first.notes is not None and first.notes.startswith("FICTIONAL EXAMPLE")
    sources = {s["id"]: s["title"] for s in yaml.safe_load((folder / "sources.yaml").read_text())}
    assert [sources[k] for k in first.sources] == ["Marches Herald", "Aldorian Border Police"]


def test_acled_values_are_mapped(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier()
    import_acled(ACLED, folder)
    records = incidents(folder)
    clash = records["ALD1002"]  # '3 September 2026', police attacked
    assert clash.event_date.isoformat() == "2026-09-03"
    assert (clash.target_type, clash.casualties.killed.security_forces) == ("Police", 4)
    assert clash.location.geo_precision == 2
    device = records["ALD1003"]  # no actor2: the dead are not split
    assert (device.attack_type, device.weapon_type) == ("Bombing/Explosion", "Explosives")
    assert device.casualties.killed.total == 0 and device.casualties.fatalities is None
    text = (folder / "evidence" / "ALD1003.md").read_text(encoding="utf-8")
    assert "# review: ACLED gives 2 killed, the target does not tell who they were" in text
    looting = records["ALD1004"]  # no coordinates, no notes
    assert looting.location.latitude is None and looting.time_precision == 3
    assert looting.attack_type == "Facility/Infrastructure Attack"


def test_the_narrative_reads_back_as_the_notes(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier()
    import_acled(ACLED, folder)
    dossier = load(folder, draft=True)
    assert dossier.evidence is not None
    record = {r.id: r for r in dossier.evidence.records}["ALD1003"]
    from dossier.tools.interchange.exporting import plain_narrative

    assert plain_narrative(record, "en") == record.incident.notes  # '@', '[', '%' kept


def test_gtd_import_maps_the_values(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier()
    import_gtd(GTD, folder)
    records = incidents(folder)
    market = records["202609210001"]
    assert (market.event_type, market.sub_event_type) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert market.weapon_type == "Explosives"  # from 'Explosives/Bombs/Dynamite'
    assert (market.casualties.killed.civilians, market.casualties.injured.civilians) == (5, 12)
    post = records["202610000002"]  # iday 0: the month only
    assert (post.event_date.isoformat(), post.time_precision) == ("2026-10-01", 3)
    assert (post.event_type, post.claimed, post.actor1) == (
        "Battles",
        True,
        "Veskar Liberation Front",
    )
    assert post.casualties.injured.security_forces == post.casualties.wounded == 6
    assert len(post.sources) == 2
    school = records["202611050003"]  # specificity 4, claimed unknown
    assert (school.location.geo_precision, school.claimed) == (3, False)
    assert school.sub_event_type == "Abduction/forced disappearance"


BAD_ROWS = [
    'X1,2026-08-01,2026,1,,Battles,Armed clash,Group A,,,,,,,,,,Aldoria,North,,,"Ash\nford",'
    "-37.1,-18.2,1,,,,0,,",
    "X2,31 June 2026,2026,1,,Battles,Armed clash,Group A,,,,,,,,,,Aldoria,North,,,Ford,"
    "-37.1,-18.2,1,,,,0,,",
    "X3,2026-08-02,2026,1,,Battles,Armed clash,Group A,,,,,,,,,,Aldoria,North,,,Ford,"
    "95,-18.2,1,,,,0,,",
    "X4,2026-08-03,2026,1,,Battles,Grenade,Group A,,,,,,,,,,Aldoria,North,,,Ford,"
    "-37.1,-18.2,1,,,,two,,",
    "X5,2026-08-03,2026,1,,Protests,Peaceful protest,Group A,,,,,,,,,,Aldoria,North,,,Ford,"
    "-37.1,,1,,,,0,,",
]


def _csv(tmp_path: Path, rows: list[str], name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_reported_at_their_line_and_nothing_is_written(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier()
    path = _csv(tmp_path, BAD_ROWS)
    with pytest.raises(DossierError) as info:
        import_acled(path, folder)
    assert [str(d) for d in info.value.diagnostics] == [
        f"{path}:4: error: event_date: '31 June 2026' is not a date "
        "(YYYY-MM-DD or '10 August 2026')",
        f"{path}:5: error: latitude: 95 is outside -90 to 90 (check the sign)",
        f"{path}:6: error: sub_event_type: 'Grenade' is not a sub-event type of 'Battles' "
        "(use one of: Armed clash, Government regains territory, "
        "Non-state actor overtakes territory)",
        f"{path}:6: error: fatalities: 'two' is not a whole number from 0 to 10000000",
        f"{path}:7: error: event_type: 'Protests' is not a known value "
        "(use one of: Battles, Explosions/Remote violence, Violence against civilians, "
        "Strategic developments)",
        f"{path}:7: error: latitude: give both coordinates or neither (or leave both empty)",
    ]
    assert not (folder / "evidence").exists()  # not even the good row X1
    assert not (folder / "sources.yaml").exists()


def test_missing_columns_and_duplicate_ids(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier()
    no_date = tmp_path / "no-date.csv"
    no_date.write_text("event_id_cnty,event_type\nX1,Battles\n", encoding="utf-8")
    with pytest.raises(DossierError, match=r"no-date.csv:1: error: missing columns: event_date"):
        import_acled(no_date, folder)
    twice = _csv(tmp_path, [BAD_ROWS[2].replace("95", "-37.1")] * 2, "twice.csv")
    with pytest.raises(DossierError, match=r"twice.csv:3: error: the ID X3 is also"):
        import_acled(twice, folder)


def test_an_edited_record_is_not_overwritten(make_dossier: Callable[..., Path]) -> None:
    folder = make_dossier()
    import_acled(ACLED, folder)
    record = folder / "evidence" / "ALD1001.md"
    edited = record.read_text(encoding="utf-8").replace(TBC, "Tracks", 1)
    record.write_text(edited, encoding="utf-8")
    sources = (folder / "sources.yaml").read_text(encoding="utf-8")
    again = import_acled(ACLED, folder)
    assert again.summary() == "0 new, 4 unchanged, 0 revised, 0 conflicts"
    assert record.read_text(encoding="utf-8") == edited
    revised = ACLED.read_text(encoding="utf-8").replace(",9,,1790000000", ",10,,1790000001")
    newer = folder.parent / "newer.csv"
    newer.write_text(revised, encoding="utf-8")
    synced = import_acled(newer, folder)
    assert synced.summary() == "0 new, 3 unchanged, 0 revised, 1 conflict"
    (conflict,) = synced.conflicts
    assert str(conflict) == (
        f"{record}: warning: the row of ALD1001 was revised upstream (newer.csv, line 2) and "
        "the record edited here since the import: left as it is (bring the row's changes in "
        "by hand, or use --force to replace the record)"
    )
    assert record.read_text(encoding="utf-8") == edited
    import_acled(newer, folder, force=True)
    assert TBC in record.read_text(encoding="utf-8")
    assert incidents(folder)["ALD1001"].casualties.fatalities == 10
    assert (folder / "sources.yaml").read_text(encoding="utf-8") == sources  # reused by title


def _standard(inc: Incident) -> dict[str, Any]:
    """The fields both standards carry."""
    data = inc.model_dump(
        exclude={"id", "title", "attribution", "sources", "casualties", "imported", "source_record"}
    )
    data["killed"] = inc.casualties.killed.total
    return data


def test_acled_round_trip_of_imported_records(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    first = make_dossier()
    import_acled(ACLED, first)
    out = tmp_path / "out.csv"
    result = export_acled(first, out)
    assert (result.rows, result.withheld) == (4, 0)
    again = tmp_path / "again"
    again.mkdir()
    import_acled(out, again)  # the data set's IDs: the same records
    ours = {"sources", "imported"}  # the same cells, from another file
    before = {k: v.model_dump(exclude=ours) for k, v in incidents(first).items()}
    after = {k: v.model_dump(exclude=ours) for k, v in _incidents(again).items()}
    assert after == before


def _incidents(folder: Path) -> dict[str, Incident]:
    """Records of a bare folder (no dossier.yaml): read one by one."""
    from dossier.load.evidence import read_record

    return {
        p.stem: read_record(p, "en").incident for p in sorted((folder / "evidence").glob("*.md"))
    }


@pytest.mark.parametrize("standard", ["acled", "gtd"])
def test_round_trip_of_a_written_record(
    make_dossier: Callable[..., Path], tmp_path: Path, standard: str
) -> None:
    folder = make_dossier(
        files={"evidence/T-001.md": NATIVE, "evidence/T-002.md": SECRET, "sources.yaml": SOURCES}
    )
    out = tmp_path / f"{standard}.csv"
    exporter, importer = (
        (export_acled, import_acled) if standard == "acled" else (export_gtd, import_gtd)
    )
    result = exporter(folder, out)
    assert (result.rows, result.withheld) == (1, 1)  # the secret record stays in
    back = tmp_path / "back"
    back.mkdir()
    importer(out, back)
    original = incidents(folder)["T-001"]
    (copy,) = _incidents(back).values()
    assert copy.id == "T-001"
    expected = _standard(original) | {"notes": "An armed group “attacked” the village. Nine died."}
    assert _standard(copy) == expected
    assert copy.casualties.killed.civilians == 9 and copy.casualties.injured.civilians == 14
    title = yaml.safe_load((back / "sources.yaml").read_text(encoding="utf-8"))[0]["title"]
    assert title == ("Aldorian Border Police" if standard == "acled" else
                     "Report on the attack, 2026-08-10")  # fmt: skip


def test_the_commands(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    cli = click.Group("dossier", commands=[import_command, export_command])
    folder = make_dossier()
    runner = CliRunner()
    ok = runner.invoke(cli, ["import", "gtd", str(GTD), "--into", str(folder)])
    assert ok.exit_code == 0, ok.output
    assert f"new: {folder}/evidence/202609210001.md" in ok.output
    assert "3 new, 0 unchanged, 0 revised, 0 conflicts" in ok.output
    again = runner.invoke(cli, ["import", "gtd", str(GTD), "--into", str(folder)])
    assert again.exit_code == 0, again.output
    assert again.output == "0 new, 3 unchanged, 0 revised, 0 conflicts\n"
    out = tmp_path / "gtd.csv"
    exported = runner.invoke(cli, ["export", "gtd", str(folder), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert "wrote 3 records" in exported.output
    assert out.read_text(encoding="utf-8").startswith("eventid,iyear,imonth,iday,")
