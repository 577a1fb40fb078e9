"""GTD: a row's record (iyear, imonth, iday; types derived from ACLED's)
and a record's row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.tools.interchange.cells import Row
from dossier.tools.interchange.drafts import (
    Draft,
    casualties_of,
    claim_of,
    event_types,
    location_of,
    make_draft,
    precision_of,
    record_id,
    required_choice,
)
from dossier.tools.interchange.exporting import (
    Exported,
    citation,
    count_of,
    export_rows,
    number_cell,
)
from dossier.tools.interchange.importing import Standard, import_rows
from dossier.tools.interchange.standards import (
    ACLED_OF_ATTACK,
    GTD_COLUMNS,
    GTD_EXTRA,
    GTD_REQUIRED,
    SECURITY_TARGETS,
    category_of,
    options,
)
from dossier.tools.interchange.sync import Synced

if TYPE_CHECKING:
    from dossier.core.records import Incident


# The columns of our export: the standard's, then ours.
GTD_COLUMNS_OUT = (*GTD_COLUMNS, *GTD_EXTRA)


def _gtd_date(row: Row) -> tuple[dt.date | None, int]:
    """The date and its time precision: 3 (the month) when GTD's iday is 0,
    4 (the year) when its imonth is 0 too; the unknown parts are 1."""
    year = row.integer("iyear", 1, 9999)
    month = row.integer("imonth", 0, 12)
    day = row.integer("iday", 0, 31)
    if year is None or month is None or day is None:
        return None, 1
    precision = 4 if month == 0 else 3 if day == 0 else 1
    if month == 0 and day:
        row.error("iday", f"the day is {day} but the month unknown (0)", "give the month")
        return None, 1
    try:
        return dt.date(year, month or 1, day or 1), precision
    except ValueError:
        row.error("iday", f"{year}-{month:02}-{day:02} is not a date")
        return None, 1


def _gtd_event_types(row: Row, attack: str, target: str, review: dict[str, str]) -> tuple[str, str]:
    if row.get("event_type"):
        return event_types(row)
    civilian, security = ACLED_OF_ATTACK[attack]
    event_type, sub = security if target in SECURITY_TARGETS else civilian
    if sub == "Remote explosive/landmine/IED" and row.get("suicide") == "1":
        sub = "Suicide bomb"
    review["event_type"] = "not in GTD: derived from the attack and target types"
    return event_type, sub


def _gtd_geo_precision(row: Row, review: dict[str, str]) -> int:
    """Ours if the file has it, else from GTD's specificity; without
    coordinates no better than the province."""
    if row.get("geo_precision"):
        return precision_of(row, "geo_precision")
    specificity = row.integer("specificity", 1, 5)
    if not (row.get("latitude") and row.get("longitude")):
        review["location.geo_precision"] = "no coordinates in the file: the province"
        return 3
    return 1 if specificity is None else min(specificity, 3)


def gtd_draft(row: Row, prefix: str) -> Draft:
    """The record of a GTD row."""
    ident = record_id(row, "eventid", prefix)
    review: dict[str, str] = {}
    attack = required_choice(row, "attacktype1_txt", options("AttackType"))
    target = required_choice(row, "targtype1_txt", options("TargetType"))
    event_type, sub = _gtd_event_types(row, attack, target, review)
    date, precision = _gtd_date(row)
    if precision == 1 and row.get("time_precision"):
        precision = precision_of(row, "time_precision", high=4)
    location = location_of(row, "city", "provstate", _gtd_geo_precision(row, review), review)
    core = {
        "title": f"{attack} in {location['place']}",
        "event_date": date,
        "time_precision": precision,
        "location": location,
        "event_type": event_type,
        "sub_event_type": sub,
        "attack_type": attack,
        "weapon_type": required_choice(row, "weaptype1_txt", options("WeaponType")),
        "target_type": target,
        "actor1": row.required("gname"),
        "actor2": row.get("actor2") or None,
        "claimed": claim_of(row, review, "GTD"),
        "notes": row.get("summary"),
    }
    killed = row.integer("nkill", 0, 10**7)
    injured = row.integer("nwound", 0, 10**7)
    casualties = casualties_of(killed, injured, category_of(target, event_type), "GTD")
    sources = [row.get(c) for c in ("scite1", "scite2", "scite3") if row.get(c)]
    return make_draft(row, ident, core, casualties, review, sources)


def import_gtd(
    csv_path: Path, into_dir: Path, *, id_prefix: str = "", force: bool = False
) -> Synced:
    """Bring the rows of a Global Terrorism Database export into
    ``into_dir/evidence``: new rows become records, revised rows update the
    records not edited since."""
    return import_rows(
        csv_path,
        into_dir,
        Standard("GTD", GTD_COLUMNS_OUT, GTD_REQUIRED, gtd_draft, gtd_cells),
        id_prefix=id_prefix,
        force=force,
    )


def gtd_cells(
    inc: Incident, notes: str, country: str, sources: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """The GTD row of a record."""
    loc = inc.location
    cites = [citation(sources[k]) for k in inc.sources if k in sources]
    month = 0 if inc.time_precision == 4 else inc.event_date.month
    day = 0 if inc.time_precision >= 3 else inc.event_date.day
    return {
        "eventid": inc.id,
        "iyear": str(inc.event_date.year),
        "imonth": str(month),
        "iday": str(day),
        "country_txt": country,
        "provstate": loc.admin1,
        "city": loc.place,
        "latitude": number_cell(loc.latitude),
        "longitude": number_cell(loc.longitude),
        "specificity": str(loc.geo_precision),
        "suicide": "1" if inc.sub_event_type == "Suicide bomb" else "0",
        "attacktype1_txt": inc.attack_type,
        "weaptype1_txt": inc.weapon_type,
        "targtype1_txt": inc.target_type,
        "gname": inc.actor1,
        "nkill": count_of(inc.casualties.fatalities, inc.casualties.killed),
        "nwound": count_of(inc.casualties.wounded, inc.casualties.injured),
        "claimed": "1" if inc.claimed else "0",
        "summary": notes,
        **{f"scite{i + 1}": c for i, c in enumerate(cites[:3])},
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "actor2": inc.actor2 or "",
        "admin2": loc.admin2 or "",
        "time_precision": str(inc.time_precision),
        "geo_precision": str(loc.geo_precision),
    }


def export_gtd(dossier_dir: Path, out_csv: Path, *, max_level: str = "public") -> Exported:
    """The records of ``dossier_dir`` up to ``max_level`` as a GTD CSV."""
    return export_rows(dossier_dir, out_csv, GTD_COLUMNS_OUT, gtd_cells, max_level)
