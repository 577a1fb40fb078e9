"""ACLED and GTD out and back in without loss, and import as
synchronisation: the data set's IDs, every cell back as it was, new rows
added, revised rows updated unless edited here, conflicts reported.

The fixtures (tests/fixtures/acled-sample.csv, gtd-sample.csv) are
FICTIONAL: invented places, groups and events in the invented Aldoria.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dossier.cli import export_command, import_command
from dossier.core.diagnostics import DossierError
from dossier.tools.interchange.acled import export_acled, import_acled
from dossier.tools.interchange.gtd import export_gtd, import_gtd
from dossier.tools.interchange.standards import TBC
from test_interchange import ACLED, GTD, incidents

CLI = click.Group("dossier", commands=[import_command, export_command])


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def lost(original: Path, exported: Path) -> list[tuple[str, str, str, str | None]]:
    """(ID, column, cell, cell after): every cell of ``original`` that did
    not come back as it was."""
    after = rows(exported)
    assert len(after) == len(rows(original))
    return [
        (next(iter(old.values())), column, value, new.get(column))
        for old, new in zip(rows(original), after, strict=True)
        for column, value in old.items()
        if new.get(column) != value
    ]


@pytest.mark.parametrize("standard", ["acled", "gtd"])
def test_every_cell_comes_back(
    make_dossier: Callable[..., Path], tmp_path: Path, standard: str
) -> None:
    source, importer, exporter = (
        (ACLED, import_acled, export_acled)
        if standard == "acled"
        else (GTD, import_gtd, export_gtd)
    )
    folder = make_dossier()
    importer(source, folder)
    out = tmp_path / "out.csv"
    exporter(folder, out)
    assert lost(source, out) == []
    first = rows(out)[0]
    assert first["event_id_cnty" if standard == "acled" else "eventid"] in {
        "ALD1001",
        "202609210001",
    }


def test_edits_outside_the_data_keep_the_cells(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier()
    import_acled(ACLED, folder)
    record = folder / "evidence" / "ALD1002.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(f"basis: {TBC}", "basis: Police report"), encoding="utf-8")
    out = tmp_path / "out.csv"
    export_acled(folder, out)
    assert lost(ACLED, out) == []  # '3 September 2026' as it was
    edited = text.replace("security_forces: 4", "security_forces: 5").replace(
        "fatalities: 4", "fatalities: 5"
    )
    record.write_text(edited, encoding="utf-8")
    export_acled(folder, out)
    assert lost(ACLED, out) == [
        ("ALD1002", "event_date", "3 September 2026", "2026-09-03"),
        ("ALD1002", "fatalities", "4", "5"),
    ]  # the data changed: ours; the columns we do not map as they were


def test_an_unsplit_total_is_not_lost(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_dossier()
    import_acled(ACLED, folder)
    assert incidents(folder)["ALD1003"].casualties.fatalities is None  # not split
    out = tmp_path / "out.csv"
    export_acled(folder, out)
    assert {r["event_id_cnty"]: r["fatalities"] for r in rows(out)}["ALD1003"] == "2"


def test_our_export_comes_back_as_the_same_records(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier()
    import_gtd(GTD, folder)
    out = tmp_path / "out.csv"
    export_gtd(folder, out)
    synced = import_gtd(out, folder)
    assert synced.summary() == "0 new, 3 unchanged, 0 revised, 0 conflicts"
    assert sorted(p.name for p in (folder / "evidence").iterdir()) == [
        "202609210001.md", "202610000002.md", "202611050003.md"
    ]  # fmt: skip


def test_a_new_export_is_synchronised(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_dossier()
    import_acled(ACLED, folder)
    edited = folder / "evidence" / "ALD1001.md"
    mine = edited.read_text(encoding="utf-8").replace(f"basis: {TBC}", "basis: Witnesses")
    edited.write_text(mine, encoding="utf-8")
    lines = ACLED.read_text(encoding="utf-8").splitlines(keepends=True)
    newer = "".join(lines).replace(",9,,1790000000", ",10,,1790000009")  # ALD1001 revised
    newer = newer.replace(",4,,1790000000", ",5,,1790000009")  # ALD1002 revised
    newer += lines[-1].replace("ALD1004", "ALD1005")  # a new row
    path = tmp_path / "weekly.csv"
    path.write_text(newer, encoding="utf-8")
    result = CliRunner().invoke(CLI, ["import", "acled", str(path), "--into", str(folder)])
    assert result.exit_code == 0, result.output
    assert "1 new, 2 unchanged, 1 revised, 1 conflict" in result.output
    assert f"{edited}: warning: the row of ALD1001 was revised upstream" in result.output
    assert edited.read_text(encoding="utf-8") == mine
    records = incidents(folder)
    assert records["ALD1002"].casualties.fatalities == 5  # not edited here: updated
    assert records["ALD1001"].casualties.fatalities == 9
    assert "ALD1005" in records
    merged = mine.replace("civilians: 9", "civilians: 10")
    merged = merged.replace("fatalities: 9", "fatalities: 10")
    edited.write_text(merged, encoding="utf-8")  # the revision brought in by hand
    again = CliRunner().invoke(CLI, ["import", "acled", str(path), "--into", str(folder)])
    assert again.output == "0 new, 5 unchanged, 0 revised, 0 conflicts\n"
    assert edited.read_text(encoding="utf-8") == merged


def test_a_hand_written_record_of_the_same_id_is_left(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier()
    import_acled(ACLED, folder)
    record = folder / "evidence" / "ALD1001.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.split("imported:")[0] + "---\n\nMine.\n", encoding="utf-8")
    changed = tmp_path / "changed.csv"
    changed.write_text(ACLED.read_text(encoding="utf-8").replace(",9,,", ",8,,"), encoding="utf-8")
    synced = import_acled(changed, folder)
    (conflict,) = synced.conflicts
    assert conflict.message == "the record ALD1001 exists already and was not written by an import"


GTD_HEADER = GTD.read_text(encoding="utf-8").splitlines()[0]
# No city, no coordinates: GTD's own rows look like this.
NO_CITY = (
    "202611010004,2026,11,1,,0,999,Aldoria,Fictional Region,Southern Fens,,,,5,0,Armed Assault,"
    "Police,Patrol,Firearms,Unknown,1,0,0,FICTIONAL EXAMPLE. A patrol was attacked.,,,"
)


def test_a_row_without_a_city_or_coordinates(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier()
    path = tmp_path / "gtd.csv"
    path.write_text(f"{GTD_HEADER}\n{NO_CITY}\n", encoding="utf-8")
    assert import_gtd(path, folder).summary() == "1 new, 0 unchanged, 0 revised, 0 conflicts"
    location = incidents(folder)["202611010004"].location
    assert (location.place, location.admin1, location.geo_precision) == (
        "Southern Fens", "Southern Fens", 3
    )  # fmt: skip
    text = (folder / "evidence" / "202611010004.md").read_text(encoding="utf-8")
    assert "place: Southern Fens  # review: the file names no place (city is empty)" in text
    out = tmp_path / "out.csv"
    export_gtd(folder, out)
    assert lost(path, out) == []


def test_an_empty_province_is_one_error(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_dossier()
    path = tmp_path / "gtd.csv"
    path.write_text(f"{GTD_HEADER}\n{NO_CITY.replace('Southern Fens', '')}\n", encoding="utf-8")
    with pytest.raises(DossierError) as info:
        import_gtd(path, folder)
    assert [str(d) for d in info.value.diagnostics] == [
        f"{path}:2: error: provstate: is empty (every row needs it)"
    ]


def test_fingerprints_that_look_like_numbers(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    # Among these rows, two have a fingerprint of digits only, or digits, 'e'
    # and digits: numbers to YAML unless quoted ('should be a valid string').
    header, row = ACLED.read_text(encoding="utf-8").splitlines()[:2]
    path = tmp_path / "a.csv"
    rows = [row.replace("ALD1001", f"ALD{n}") for n in range(100)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    folder = make_dossier()
    assert import_acled(path, folder).summary() == "100 new, 0 unchanged, 0 revised, 0 conflicts"
    assert import_acled(path, folder).summary() == "0 new, 100 unchanged, 0 revised, 0 conflicts"
