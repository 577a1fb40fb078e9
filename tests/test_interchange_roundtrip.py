"""Property: an ACLED or GTD file imported into a dossier and exported
again gives back every cell of every row (as the CSV reader reads it: a
formula-like cell comes back quoted, and unquoted on reading), under the
same ID; the export imported again changes nothing.

Bounded and seeded (derandomized): the same examples on every run.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import strategies as st

from conftest import MINIMAL_MANIFEST, MINIMAL_SECTIONS, write_tree
from dossier.core.records import EVENT_TYPES
from dossier.tools.interchange.acled import export_acled, import_acled
from dossier.tools.interchange.cells import read_csv
from dossier.tools.interchange.exporting import escape_cell
from dossier.tools.interchange.gtd import export_gtd, import_gtd
from dossier.tools.interchange.standards import ACLED_COLUMNS, GTD_COLUMNS, options

SETTINGS = hypothesis.settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
# Text as data sets hold it: any letter, mark, number, punctuation, symbol or
# space of any script (right-to-left too), and line breaks.
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Co", "Cn"))
    | st.sampled_from(["\n", "\r", " ", "=", "'", '"', ";", "#", "*", "@"]),
    max_size=24,
)
NAME = TEXT.filter(lambda t: t.strip() != "")
DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2026, 11, 27))  # not after the letter
COUNT = st.integers(0, 5000).map(str)


def _coordinates() -> Any:
    number = st.floats(-80, 80, allow_nan=False).map(lambda x: f"{x:.{len(str(x)) % 5}f}")
    return st.one_of(st.tuples(number, number), st.just(("", "")))


@st.composite
def acled_rows(draw: Callable[..., Any], ident: str) -> dict[str, str]:
    event_type = draw(st.sampled_from(sorted(EVENT_TYPES)))
    day = draw(DAYS)
    latitude, longitude = draw(_coordinates())
    row = {column: draw(TEXT) for column in ACLED_COLUMNS}  # the columns we do not map
    row |= {
        "event_id_cnty": ident,
        "event_date": draw(st.sampled_from([day.isoformat(), f"{day.day} {day:%B %Y}"])),
        "time_precision": draw(st.sampled_from(["1", "2", "3"])),
        "event_type": event_type,
        "sub_event_type": draw(st.sampled_from(EVENT_TYPES[event_type])),
        "actor1": draw(NAME),
        "actor2": draw(st.one_of(TEXT, st.sampled_from(["Police Forces", "Civilians"]))),
        "admin1": draw(NAME),
        "admin2": draw(TEXT),
        "location": draw(NAME),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": draw(st.sampled_from(["1", "2", "3"])),
        "source": draw(TEXT),
        "notes": draw(TEXT),
        "fatalities": draw(COUNT),
    }
    return row


@st.composite
def gtd_rows(draw: Callable[..., Any], ident: str) -> dict[str, str]:
    day = draw(DAYS)
    month, mday = draw(
        st.sampled_from([(day.month, day.day), (day.month, 0), (0, 0)])
    )  # known, the month only, the year only
    latitude, longitude = draw(_coordinates())
    row = {column: draw(TEXT) for column in GTD_COLUMNS}
    row |= {
        "eventid": ident,
        "iyear": str(day.year),
        "imonth": str(month),
        "iday": str(mday),
        "provstate": draw(NAME),
        "city": draw(TEXT),
        "latitude": latitude,
        "longitude": longitude,
        "specificity": draw(st.sampled_from(["1", "2", "3", "4", "5", ""])),
        "suicide": draw(st.sampled_from(["0", "1"])),
        "attacktype1_txt": draw(st.sampled_from(options("AttackType"))),
        "weaptype1_txt": draw(st.sampled_from([*options("WeaponType"), "Explosives/Bombs"])),
        "targtype1_txt": draw(st.sampled_from(options("TargetType"))),
        "gname": draw(NAME),
        "nkill": draw(st.one_of(COUNT, st.sampled_from(["", "-99"]))),
        "nwound": draw(st.one_of(COUNT, st.sampled_from(["", "-9"]))),
        "claimed": draw(st.sampled_from(["0", "1", "-9", ""])),
        "summary": draw(TEXT),
        "country": draw(TEXT),  # a column of GTD's we do not export
    }
    return row


def files(rows: Callable[[str], Any], prefix: str) -> Any:
    return st.lists(st.integers(1, 10**6), min_size=1, max_size=3, unique=True).flatmap(
        lambda numbers: st.tuples(*(rows(f"{prefix}{n}") for n in numbers))
    )


def write_csv(path: Path, rows: tuple[dict[str, str], ...]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: escape_cell(v) for k, v in row.items()})
    return path


def cells(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    return [row.values for row in read_csv(path, required)]


def round_trip(rows: tuple[dict[str, str], ...], importer: Any, exporter: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_tree(Path(tmp) / "d", {"dossier.yaml": MINIMAL_MANIFEST, **MINIMAL_SECTIONS})
        original = write_csv(Path(tmp) / "in.csv", rows)
        importer(original, folder)
        exported = Path(tmp) / "out.csv"
        exporter(folder, exported)
        before = cells(original, ())
        after = {next(iter(r.values())): r for r in cells(exported, ())}
        for row in before:
            back = after[next(iter(row.values()))]
            assert {k: back.get(k) for k in row} == row
        again = importer(exported, folder)
        assert (len(again.new), len(again.revised), again.conflicts) == (0, 0, [])


@SETTINGS
@hypothesis.given(files(acled_rows, "ALD"))
def test_acled_out_and_back_in(rows: tuple[dict[str, str], ...]) -> None:
    round_trip(rows, import_acled, export_acled)


@SETTINGS
@hypothesis.given(files(gtd_rows, "2026"))
def test_gtd_out_and_back_in(rows: tuple[dict[str, str], ...]) -> None:
    round_trip(rows, import_gtd, export_gtd)
