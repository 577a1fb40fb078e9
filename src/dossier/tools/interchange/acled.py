"""ACLED: a row's record (dates such as '10 August 2026', types derived
from GTD's) and a record's row."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.tools.interchange.cells import Row
from dossier.tools.interchange.drafts import (
    Draft,
    casualties_of,
    claim_of,
    event_types,
    given_or,
    location_of,
    make_draft,
    precision_of,
    record_id,
)
from dossier.tools.interchange.exporting import (
    Exported,
    count_of,
    export_rows,
    number_cell,
    outlet,
)
from dossier.tools.interchange.importing import Standard, import_rows
from dossier.tools.interchange.standards import (
    ACLED_COLUMNS,
    ACLED_EXTRA,
    ACLED_REQUIRED,
    GTD_OF_SUB_EVENT,
    MONTHS,
    VAC,
    category_of,
    options,
    target_of_actor,
)
from dossier.tools.interchange.sync import Synced

if TYPE_CHECKING:
    from dossier.core.records import Incident


# The columns of our export: the standard's, then ours.
ACLED_COLUMNS_OUT = (*ACLED_COLUMNS, *ACLED_EXTRA)


def _acled_date(row: Row) -> dt.date | None:
    value = row.required("event_date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})", value)
    month = _month(match.group(2)) if match else None
    if match and month:
        try:
            return dt.date(int(match.group(3)), month, int(match.group(1)))
        except ValueError:
            pass
    if value:
        row.error("event_date", f"'{value}' is not a date", "YYYY-MM-DD or '10 August 2026'")
    return None


def _month(name: str) -> int | None:
    name = name.lower()
    matches = [n for word, n in MONTHS.items() if word == name or word[:3] == name]
    return matches[0] if matches else None


def acled_draft(row: Row, prefix: str) -> Draft:
    """The record of an ACLED row."""
    ident = record_id(row, "event_id_cnty", prefix)
    event_type, sub = event_types(row)
    actor2 = row.get("actor2")
    review: dict[str, str] = {}
    target = given_or(
        row.choice("targtype1_txt", options("TargetType")),
        target_of_actor(actor2, event_type),
        review,
        "target_type",
        "not in ACLED: derived from actor2 and the event type",
    )
    attack, weapon = GTD_OF_SUB_EVENT.get(sub, ("Unknown", "Unknown"))
    why = "not in ACLED: derived from the sub-event type"
    attack = given_or(
        row.choice("attacktype1_txt", options("AttackType")), attack, review, "attack_type", why
    )
    weapon = given_or(
        row.choice("weaptype1_txt", options("WeaponType")), weapon, review, "weapon_type", why
    )
    location = location_of(row, "location", "admin1", precision_of(row, "geo_precision"), review)
    core = {
        "title": f"{sub} in {location['place']}",
        "event_date": _acled_date(row),
        "time_precision": precision_of(row, "time_precision", high=4),
        "location": location,
        "event_type": event_type,
        "sub_event_type": sub,
        "attack_type": attack,
        "weapon_type": weapon,
        "target_type": target,
        "actor1": row.required("actor1"),
        "actor2": actor2 or None,
        "claimed": claim_of(row, review, "ACLED"),
        "notes": row.get("notes"),
    }
    killed = row.integer("fatalities", 0, 10**7)
    injured = row.integer("nwound", 0, 10**7)
    casualties = casualties_of(killed, injured, category_of(target, event_type), "ACLED")
    sources = [s.strip() for s in row.get("source").split(";") if s.strip()]
    return make_draft(row, ident, core, casualties, review, sources)


def import_acled(
    csv_path: Path, into_dir: Path, *, id_prefix: str = "", force: bool = False
) -> Synced:
    """Bring the rows of an ACLED export into ``into_dir/evidence``: new rows
    become records, revised rows update the records not edited since."""
    return import_rows(
        csv_path,
        into_dir,
        Standard("ACLED", ACLED_COLUMNS_OUT, ACLED_REQUIRED, acled_draft, acled_cells),
        id_prefix=id_prefix,
        force=force,
    )


def acled_cells(
    inc: Incident, notes: str, country: str, sources: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """The ACLED row of a record."""
    loc = inc.location
    civilian = inc.event_type == VAC or category_of(inc.target_type, inc.event_type) == "civilians"
    return {
        "event_id_cnty": inc.id,
        "event_date": inc.event_date.isoformat(),
        "year": str(inc.event_date.year),
        "time_precision": str(inc.time_precision),
        "disorder_type": (
            "Strategic developments"
            if inc.event_type == "Strategic developments"
            else "Political violence"
        ),
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "actor1": inc.actor1,
        "actor2": inc.actor2 or "",
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "country": country,
        "admin1": loc.admin1,
        "admin2": loc.admin2 or "",
        "location": loc.place,
        "latitude": number_cell(loc.latitude),
        "longitude": number_cell(loc.longitude),
        "geo_precision": str(loc.geo_precision),
        "source": "; ".join(outlet(sources[k]) for k in inc.sources if k in sources),
        "notes": notes,
        "fatalities": count_of(inc.casualties.fatalities, inc.casualties.killed),
        "attacktype1_txt": inc.attack_type,
        "weaptype1_txt": inc.weapon_type,
        "targtype1_txt": inc.target_type,
        "claimed": "1" if inc.claimed else "0",
        "nwound": count_of(inc.casualties.wounded, inc.casualties.injured),
    }


def export_acled(dossier_dir: Path, out_csv: Path, *, max_level: str = "public") -> Exported:
    """The records of ``dossier_dir`` up to ``max_level`` as an ACLED CSV."""
    return export_rows(dossier_dir, out_csv, ACLED_COLUMNS_OUT, acled_cells, max_level)
