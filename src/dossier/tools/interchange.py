"""Incident data in and out: ACLED and GTD CSV files to ``evidence/<ID>.md``
records, and records back out as ACLED- or GTD-style CSV.

``import_acled`` and ``import_gtd`` read the standard export columns and
write one record per row, the narrative taken from ACLED ``notes`` / GTD
``summary`` (also kept verbatim in the ``notes`` field). Every row is
checked first: a bad date, coordinate, count or category is a diagnostic
at the CSV file and line; with any error, or a record that exists already
(unless ``force``), nothing is written. The data set's sources (ACLED
``source``, split at ';', GTD ``scite1``-``scite3``) become entries of
``sources.yaml`` (an entry with the same title is reused).

What the data sets do not give is filled in, never silently: each such line
of the record carries a ``# review:`` comment for the drafter.

- ``title``: "<ACLED sub-event type | GTD attack type> in <place>".
  ``attribution``: to ``actor1`` (``gname``), basis ``TO BE COMPLETED`` (it
  shows in the annex until replaced), confidence ``alleged``, the lowest.
  ``claimed``: false where GTD says unknown (-9) or the file does not say.
  An empty ``notes``/``summary`` gives the narrative ``TO BE COMPLETED``.
- ACLED's Protests and Riots are errors: the records are of attacks.
- ACLED has no GTD types, GTD no ACLED types: each is derived from the
  other by the tables below (``Unknown`` where nothing fits), unless the
  file also has the other standard's column (our own exports do).
  ACLED's target type comes from ``actor2`` (police, military, civilians).
- Casualties. Both data sets give totals, ours splits them into civilians
  and security forces and requires the split to add up to the total. The
  whole total is put in the category of the target (security forces for
  police or military targets, civilians for civilian ones and for ACLED's
  violence against civilians) with a review comment: ACLED counts every
  death of a battle, the attackers' too. Where the target says nothing
  (armed groups, other, unknown) no category is guessed: the counts stay
  0, ``fatalities`` is left out and the review comment gives the number,
  as an inflated civilian toll would discredit the document. A total of 0
  is kept as such; a missing one (ACLED has no injured) stays unknown.
- ID: ``id_prefix`` + ``event_id_cnty`` / ``eventid``, the prefix not
  repeated if the ID starts with it (so exported records come back with
  their IDs).

``export_acled`` and ``export_gtd`` write one row per record up to a
classification (public by default): the standard columns (those without an
equivalent here, like ACLED's actor codes, left empty) then the other
standard's columns for our fields (ACLED: attacktype1_txt, weaptype1_txt,
targtype1_txt, claimed, nwound; GTD: event_type, sub_event_type, actor2,
admin2, time_precision, geo_precision), which tools reading by column name
ignore, so that records exchanged between dossiers keep every standard
field. A total is the record's ``fatalities``/``wounded``, else its split's
sum, else empty (unknown: the split cannot tell 'none' from 'not known').
Lost in exchange: title, attribution, exhibits, the split of the
casualties and, for GTD, the day of a date known to the month only.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import write_text_atomic
from dossier.core.sourcefile import read_source
from dossier.core.yamlsource import parse_yaml

# The models, pandoc and the loader are imported where used: the command
# line imports this module for its commands, and starts faster without them.
if TYPE_CHECKING:
    from dossier.core.records import Split
    from dossier.load.evidence import Record
    from dossier.load.loaded import Dossier

    RowOf = Callable[[Record, Dossier, dict[str, dict[str, Any]]], dict[str, str]]

EVIDENCE = "evidence"
SOURCES = "sources.yaml"
TBC = "TO BE COMPLETED"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
ACLED_REQUIRED = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1",
    "location", "fatalities",
)  # fmt: skip
GTD_COLUMNS = (
    "eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city", "latitude",
    "longitude", "specificity", "suicide", "attacktype1_txt", "weaptype1_txt", "targtype1_txt",
    "gname", "nkill", "nwound", "claimed", "summary", "scite1", "scite2", "scite3",
)  # fmt: skip
GTD_REQUIRED = (
    "eventid", "iyear", "imonth", "iday", "provstate", "city", "attacktype1_txt",
    "weaptype1_txt", "targtype1_txt", "gname",
)  # fmt: skip
# Our fields in the other standard's columns, after the standard ones.
ACLED_EXTRA = ("attacktype1_txt", "weaptype1_txt", "targtype1_txt", "claimed", "nwound")
GTD_EXTRA = (
    "event_type", "sub_event_type", "actor2", "admin2", "time_precision", "geo_precision",
)  # fmt: skip

# ACLED sub-event type -> GTD (attack type, weapon type).
GTD_OF_SUB_EVENT: dict[str, tuple[str, str]] = {
    "Armed clash": ("Armed Assault", "Firearms"),
    "Government regains territory": ("Armed Assault", "Firearms"),
    "Non-state actor overtakes territory": ("Armed Assault", "Firearms"),
    "Chemical weapon": ("Unknown", "Chemical"),
    "Air/drone strike": ("Bombing/Explosion", "Explosives"),
    "Suicide bomb": ("Bombing/Explosion", "Explosives"),
    "Shelling/artillery/missile attack": ("Bombing/Explosion", "Explosives"),
    "Remote explosive/landmine/IED": ("Bombing/Explosion", "Explosives"),
    "Grenade": ("Bombing/Explosion", "Explosives"),
    "Sexual violence": ("Unarmed Assault", "Unknown"),
    "Attack": ("Armed Assault", "Unknown"),
    "Abduction/forced disappearance": ("Hostage Taking (Kidnapping)", "Unknown"),
    "Looting/property destruction": ("Facility/Infrastructure Attack", "Unknown"),
}
VAC = "Violence against civilians"
# GTD attack type -> ACLED (event type, sub-event type) against civilians,
# and against police or the military.
ACLED_OF_ATTACK: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "Assassination": ((VAC, "Attack"), ("Battles", "Armed clash")),
    "Armed Assault": ((VAC, "Attack"), ("Battles", "Armed clash")),
    "Bombing/Explosion": (
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ),
    "Hijacking": ((VAC, "Abduction/forced disappearance"),) * 2,
    "Hostage Taking (Barricade Incident)": ((VAC, "Abduction/forced disappearance"),) * 2,
    "Hostage Taking (Kidnapping)": ((VAC, "Abduction/forced disappearance"),) * 2,
    "Facility/Infrastructure Attack": (("Strategic developments", "Looting/property destruction"),)
    * 2,
    "Unarmed Assault": ((VAC, "Attack"), ("Battles", "Armed clash")),
    "Unknown": ((VAC, "Attack"), ("Battles", "Armed clash")),
}
# ACLED actor2 -> GTD target type, first match.
TARGET_OF_ACTOR = (
    (re.compile(r"police|gendarmerie|border guard", re.I), "Police"),
    (re.compile(r"military|armed forces|army|navy|air force", re.I), "Military"),
    (re.compile(r"civilians", re.I), "Private Citizens & Property"),
)


@functools.cache
def options(name: str) -> tuple[str, ...]:
    """The values of a type of the model: 'AttackType', 'WeaponType'...

    >>> options("WeaponType")[:3]
    ('Biological', 'Chemical', 'Radiological')
    """
    from dossier.core import records as model

    if name == "EventType":
        return tuple(model.EVENT_TYPES)
    return tuple(get_args(getattr(model, name)))


SECURITY_TARGETS = frozenset({"Police", "Military"})
# Targets whose dead are neither civilians nor security forces, or may be either.
UNCLEAR_TARGETS = frozenset({"Terrorists/Non-State Militia", "Violent Political Party", "Other"})
MONTHS = {
    name.lower(): i + 1
    for i, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December")
    )
}  # fmt: skip


# -- formulas: a cell a spreadsheet would run ---------------------------------

# A spreadsheet takes a cell that starts with one of these for a formula
# (OWASP, "CSV injection"); a quote before it makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# How the export writes a number (str() of an int or float): never a formula.
NUMBER = re.compile(r"-?\d+(\.\d+)?(e[+-]?\d+)?")


def escape_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it and runs nothing: a quote before
    a text that starts as a formula would (a number stays a number).

    >>> [escape_cell(v) for v in ["=HYPERLINK(1)", "+1", "@SUM", "-18.95", "-7", "'=x", "a"]]
    ["'=HYPERLINK(1)", "'+1", "'@SUM", '-18.95', '-7', "''=x", 'a']
    >>> [escape_cell(v) for v in ["\\t=1", "\\r=1", "-1e-05", "-", "-2+3"]]
    ["'\\t=1", "'\\r=1", '-1e-05', "'-", "'-2+3"]
    """
    return "'" + value if _needs_quote(value) else value


def unescape_cell(value: str) -> str:
    """The text :func:`escape_cell` was given (any other cell as it is).

    >>> [unescape_cell(v) for v in ["'=HYPERLINK(1)", "''=x", "'quoted'", "-18.95"]]
    ['=HYPERLINK(1)', "'=x", "'quoted'", '-18.95']
    """
    return value[1:] if value.startswith("'") and _needs_quote(value[1:]) else value


def _needs_quote(value: str) -> bool:
    # Quotes already there count: unescape_cell then takes off exactly one.
    rest = value.lstrip("'")
    return rest.startswith(FORMULA_START) and not NUMBER.fullmatch(rest)


# -- reading a CSV -----------------------------------------------------------


@dataclass
class Row:
    """One CSV row, read cell by cell; each problem becomes a diagnostic at
    the row's line."""

    values: dict[str, str]
    file: Path
    line: int
    errors: list[Diagnostic] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.values

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def error(self, column: str, message: str, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(self.file, self.line, f"{column}: {message}", hint))

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, "is empty", "every row needs it")
        return value

    def integer(self, column: str, low: int, high: int) -> int | None:
        """An integer in [low, high]; None if empty or GTD's -9/-99 (unknown)."""
        value = self.get(column)
        if value in {"", "-9", "-99"}:
            return None
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not number.is_integer() or not low <= number <= high:
            self.error(column, f"'{value}' is not a whole number from {low} to {high}")
            return None
        return int(number)

    def coordinate(self, column: str, limit: float) -> float | None:
        value = self.get(column)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(column, f"'{value}' is not a number", "decimal degrees, e.g. -37.62")
            return None
        if not -limit <= number <= limit:
            self.error(column, f"{value} is outside -{limit:g} to {limit:g}", "check the sign")
            return None
        return number

    def choice(self, column: str, options: Sequence[str]) -> str | None:
        """One of ``options`` (a leading match, so GTD's long labels fit), or
        None if the column is empty or absent."""
        value = self.get(column)
        if not value:
            return None
        for option in options:
            if value.lower().startswith(option.lower()):
                return option
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(options)
        self.error(column, f"'{value}' is not a known value", hint)
        return None


def read_csv(path: Path, required: Sequence[str]) -> list[Row]:
    """The rows of ``path``, each with the line it starts on."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    missing = [c for c in required if c not in header]
    if missing:
        hint = "export the standard columns, with their names on the first line"
        raise DossierError([Diagnostic(path, 1, f"missing columns: {', '.join(missing)}", hint)])
    rows: list[Row] = []
    start = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            cells = [unescape_cell(v) for v in values]
            row = Row(dict(zip(header, cells, strict=False)), path, start)
            if len(values) != len(header):
                row.error("row", f"has {len(values)} values, the header {len(header)} columns")
            rows.append(row)
        start = reader.line_num + 1
    return rows


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DossierError([Diagnostic(path, None, "file not found", None)]) from None
    except UnicodeDecodeError as exc:
        hint = "save the file as UTF-8 (CSV UTF-8 in a spreadsheet)"
        message = f"not UTF-8 text (byte {exc.start})"
        raise DossierError([Diagnostic(path, None, message, hint)]) from None


# -- a row in our terms ------------------------------------------------------


@dataclass
class Draft:
    """A record to write: front matter fields in order, the review comment of
    some of them (by dotted path), the narrative and the sources named."""

    line: int
    id: str
    front: dict[str, Any]
    review: dict[str, str]
    narrative: str
    source_names: list[str]


def _record_id(row: Row, column: str, prefix: str) -> str:
    raw = row.required(column)
    ident = raw if raw.startswith(prefix) else prefix + raw
    if raw and not ID_PATTERN.match(ident):
        row.error(column, f"'{ident}' cannot be a record ID", "letters, digits, '.', '_', '-'")
    return ident


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


def _gtd_date(row: Row) -> tuple[dt.date | None, int]:
    """The date and its ACLED time precision (3 when GTD's iday is 0)."""
    year = row.integer("iyear", 1, 9999)
    month = row.integer("imonth", 0, 12)
    day = row.integer("iday", 0, 31)
    if year is None or month is None or day is None:
        return None, 1
    if month == 0:
        row.error("imonth", "the month is unknown (0)", "a record needs at least the month")
        return None, 1
    try:
        return dt.date(year, month, day or 1), 3 if day == 0 else 1
    except ValueError:
        row.error("iday", f"{year}-{month:02}-{day:02} is not a date")
        return None, 1


def _precision(row: Row, column: str, default: int = 1) -> int:
    value = row.integer(column, 1, 3) if row.get(column) else None
    return default if value is None else value


def _location(row: Row, place: str, admin1: str, precision: int) -> dict[str, Any]:
    latitude = row.coordinate("latitude", 90)
    longitude = row.coordinate("longitude", 180)
    if bool(row.get("latitude")) != bool(row.get("longitude")):
        row.error("latitude", "give both coordinates or neither", "or leave both empty")
    location: dict[str, Any] = {"place": row.required(place), "admin1": row.required(admin1)}
    if row.get("admin2"):
        location["admin2"] = row.get("admin2")
    if latitude is not None and longitude is not None:
        location.update(latitude=latitude, longitude=longitude)
    return {**location, "geo_precision": precision}


def _event_types(row: Row) -> tuple[str, str]:
    """ACLED's event and sub-event types, checked against each other."""
    from dossier.core.records import EVENT_TYPES

    event_type = row.choice("event_type", options("EventType"))
    sub = row.required("sub_event_type")
    if event_type is None:
        if not row.get("event_type"):
            row.error("event_type", "is empty")
        return "", sub
    allowed = EVENT_TYPES[event_type]
    if sub and sub not in allowed:
        close = difflib.get_close_matches(sub, allowed, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(allowed)
        row.error("sub_event_type", f"'{sub}' is not a sub-event type of '{event_type}'", hint)
    return event_type, sub


def _target_of_actor(actor2: str, event_type: str) -> str:
    for pattern, target in TARGET_OF_ACTOR:
        if pattern.search(actor2):
            return target
    return "Private Citizens & Property" if event_type == VAC else "Unknown"


def _category(target: str, event_type: str) -> str | None:
    """Where the dead and injured of an attack on ``target`` are counted."""
    if target in SECURITY_TARGETS:
        return "security_forces"
    if event_type == VAC:
        return "civilians"
    if target in UNCLEAR_TARGETS or target == "Unknown":
        return None
    return "civilians"


def _casualties(
    killed: int | None, injured: int | None, category: str | None, origin: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Our casualties from the data set's totals, and their review comments."""
    front: dict[str, Any] = {}
    totals: dict[str, int] = {}
    review: dict[str, str] = {}
    for key, total, total_key in (
        ("killed", killed, "fatalities"),
        ("injured", injured, "wounded"),
    ):
        front[key] = {"civilians": 0, "security_forces": 0}
        note = _split_note(total, category, origin, key, total_key)
        if note:
            review[f"casualties.{key}"] = note
        if total == 0 or (total and category):
            totals[total_key] = total
        if total and category:
            front[key][category] = total
    return {**front, **totals}, review


def _split_note(
    total: int | None, category: str | None, origin: str, key: str, total_key: str
) -> str | None:
    if total is None:
        return f"{origin} does not give the number {key}"
    if total == 0:
        return None
    if category is None:
        return (
            f"{origin} gives {total} {key}, the target does not tell who they were: "
            f"split them and add '{total_key}: {total}'"
        )
    why = " (ACLED counts the attackers' dead too)" if origin == "ACLED" else ""
    return (
        f"{origin} gives {total} {key} in all, not split: all counted as "
        f"{category.replace('_', ' ')} from the target{why}"
    )


def _given_or(value: str | None, derived: str, review: dict[str, str], key: str, why: str) -> str:
    """``value`` from the file, or ``derived`` with a review comment."""
    if value is not None:
        return value
    review[key] = why
    return derived


def _claimed(row: Row, review: dict[str, str], origin: str) -> bool:
    if row.get("claimed") in {"", "-9"}:
        review["claimed"] = f"{origin} does not say whether it was claimed"
        return False
    return row.integer("claimed", 0, 1) == 1


def _required_choice(row: Row, column: str, options: Sequence[str]) -> str:
    if not row.get(column):
        row.error(column, "is empty", "every row needs it")
    return row.choice(column, options) or "Unknown"


def _draft(
    row: Row,
    ident: str,
    core: dict[str, Any],
    casualties: tuple[dict[str, Any], dict[str, str]],
    review: dict[str, str],
    sources: list[str],
) -> Draft:
    """Our fields around ``core``, in the order of the examples."""
    notes = core.pop("notes")
    front: dict[str, Any] = {"id": ident, **{k: v for k, v in core.items() if v is not None}}
    front["casualties"] = casualties[0]
    front["attribution"] = {"to": core["actor1"], "basis": TBC, "confidence": "alleged"}
    front["sources"] = []
    front["classification"] = "public"
    if notes:
        front["notes"] = notes
    review = {
        "title": "written from the data: give the incident its name",
        **review,
        **casualties[1],
        "attribution.basis": "on what basis is the attack attributed to them?",
        "attribution.confidence": "confirmed, probable or alleged?",
    }
    return Draft(row.line, ident, front, review, notes, sources)


def acled_draft(row: Row, prefix: str) -> Draft:
    """The record of an ACLED row."""
    ident = _record_id(row, "event_id_cnty", prefix)
    event_type, sub = _event_types(row)
    actor2 = row.get("actor2")
    review: dict[str, str] = {}
    target = _given_or(
        row.choice("targtype1_txt", options("TargetType")),
        _target_of_actor(actor2, event_type),
        review,
        "target_type",
        "not in ACLED: derived from actor2 and the event type",
    )
    attack, weapon = GTD_OF_SUB_EVENT.get(sub, ("Unknown", "Unknown"))
    why = "not in ACLED: derived from the sub-event type"
    attack = _given_or(
        row.choice("attacktype1_txt", options("AttackType")), attack, review, "attack_type", why
    )
    weapon = _given_or(
        row.choice("weaptype1_txt", options("WeaponType")), weapon, review, "weapon_type", why
    )
    place = row.required("location")
    core = {
        "title": f"{sub} in {place}",
        "event_date": _acled_date(row),
        "time_precision": _precision(row, "time_precision"),
        "location": _location(row, "location", "admin1", _precision(row, "geo_precision")),
        "event_type": event_type,
        "sub_event_type": sub,
        "attack_type": attack,
        "weapon_type": weapon,
        "target_type": target,
        "actor1": row.required("actor1"),
        "actor2": actor2 or None,
        "claimed": _claimed(row, review, "ACLED"),
        "notes": row.get("notes"),
    }
    killed = row.integer("fatalities", 0, 10**7)
    injured = row.integer("nwound", 0, 10**7)
    casualties = _casualties(killed, injured, _category(target, event_type), "ACLED")
    sources = [s.strip() for s in row.get("source").split(";") if s.strip()]
    return _draft(row, ident, core, casualties, review, sources)


def _gtd_event_types(row: Row, attack: str, target: str, review: dict[str, str]) -> tuple[str, str]:
    if row.get("event_type"):
        return _event_types(row)
    civilian, security = ACLED_OF_ATTACK[attack]
    event_type, sub = security if target in SECURITY_TARGETS else civilian
    if sub == "Remote explosive/landmine/IED" and row.get("suicide") == "1":
        sub = "Suicide bomb"
    review["event_type"] = "not in GTD: derived from the attack and target types"
    return event_type, sub


def _gtd_geo_precision(row: Row) -> int:
    if row.get("geo_precision"):
        return _precision(row, "geo_precision")
    specificity = row.integer("specificity", 1, 5)
    return 1 if specificity is None else min(specificity, 3)


def gtd_draft(row: Row, prefix: str) -> Draft:
    """The record of a GTD row."""
    ident = _record_id(row, "eventid", prefix)
    review: dict[str, str] = {}
    attack = _required_choice(row, "attacktype1_txt", options("AttackType"))
    target = _required_choice(row, "targtype1_txt", options("TargetType"))
    event_type, sub = _gtd_event_types(row, attack, target, review)
    date, precision = _gtd_date(row)
    if precision == 1 and row.get("time_precision"):
        precision = _precision(row, "time_precision")
    place = row.required("city")
    core = {
        "title": f"{attack} in {place}",
        "event_date": date,
        "time_precision": precision,
        "location": _location(row, "city", "provstate", _gtd_geo_precision(row)),
        "event_type": event_type,
        "sub_event_type": sub,
        "attack_type": attack,
        "weapon_type": _required_choice(row, "weaptype1_txt", options("WeaponType")),
        "target_type": target,
        "actor1": row.required("gname"),
        "actor2": row.get("actor2") or None,
        "claimed": _claimed(row, review, "GTD"),
        "notes": row.get("summary"),
    }
    killed = row.integer("nkill", 0, 10**7)
    injured = row.integer("nwound", 0, 10**7)
    casualties = _casualties(killed, injured, _category(target, event_type), "GTD")
    sources = [row.get(c) for c in ("scite1", "scite2", "scite3") if row.get(c)]
    return _draft(row, ident, core, casualties, review, sources)


# -- writing records -----------------------------------------------------------


def _yaml(value: Any) -> str:
    """One YAML scalar or flow list, quoted only where needed."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=2**30)
    return text.rstrip("\n").removesuffix("\n...")


def _emit(data: dict[str, Any], review: dict[str, str], prefix: str = "") -> list[str]:
    lines: list[str] = []
    pad = "  " * prefix.count(".")
    for key, value in data.items():
        path = f"{prefix}{key}"
        note = f"  # review: {review[path]}" if path in review else ""
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:{note}")
            lines += _emit(value, review, f"{path}.")
        else:
            lines.append(f"{pad}{key}: {_yaml(value)}{note}")
    return lines


def markdown_text(text: str) -> str:
    """Plain text as Markdown that reads back as the same text.

    >>> markdown_text("Mail @press_office [see 2.] *now*\\n1. first")
    'Mail \\\\@press\\\\_office \\\\[see 2.\\\\] \\\\*now\\\\*\\n1\\\\. first'
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"([\\`*_\[\]<>#@~^$|{}])", r"\\\1", text)
    text = re.sub(r"^([-+:=])(?=\s|$|[-=]+$)", r"\\\1", text, flags=re.M)
    return re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text, flags=re.M)


def render(draft: Draft, keys: dict[str, str], origin: str, csv_path: Path) -> str:
    front = {**draft.front, "sources": [keys[n] for n in dict.fromkeys(draft.source_names)]}
    lines = [
        "---",
        f"# Imported from {origin}: {csv_path.name}, line {draft.line}.",
        "# Check every line marked 'review' before the record goes into a document.",
        *_emit(front, draft.review),
        "---",
        "",
        markdown_text(draft.narrative) if draft.narrative else f"{TBC}: the narrative.",
    ]
    return "\n".join(lines) + "\n"


def _check_text(text: str, path: Path, csv_path: Path, line: int) -> list[Diagnostic]:
    """The record as written must validate: a last check, at the CSV line."""
    from pydantic import ValidationError

    from dossier.core.records import Incident
    from dossier.load.sections import split_front_matter

    front, _ = split_front_matter(text, path)
    try:
        Incident.model_validate(front)
    except ValidationError as exc:
        return [
            Diagnostic(csv_path, line, f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in exc.errors()
        ]
    return []


# -- sources.yaml --------------------------------------------------------------


def _slug(name: str) -> str:
    """
    >>> _slug("The Marches Herald (Orlen)")
    'the-marches-herald-orlen'
    >>> _slug('"Grenades thrown into Orlen market," The Marches Herald, 22 September 2026')
    'grenades-thrown-into-orlen-market-the-marches'
    """
    slug = re.sub(r"[^\w]+", "-", name.lower()).strip("-_")
    if len(slug) > 48:
        slug = slug[:49].rsplit("-", 1)[0].strip("-_")
    return slug or "source"


def _source_items(path: Path, text: str) -> tuple[list[Any], str]:
    """The items of sources.yaml and the indentation of its list."""
    data = parse_yaml(text, path).data  # no aliases, no key given twice
    if data is None or isinstance(data, list):
        return list(data or []), ""
    block = re.search(r"^( *)- ", text, re.M)
    if isinstance(data, dict) and set(data) == {"references"} and block:
        return list(data["references"] or []), block.group(1)
    hint = "make it a list of sources ('- id: ...'), or add the sources by hand"
    raise DossierError([Diagnostic(path, 1, "cannot add the imported sources here", hint)])


def plan_sources(
    root: Path, names: Iterable[str], origin: str
) -> tuple[dict[str, str], str | None]:
    """The key of each source name (an entry with that title, or a new one),
    and the new text of sources.yaml (None if unchanged)."""
    path = root / SOURCES
    text = read_source(path) if path.is_file() else ""
    items, pad = _source_items(path, text)
    entries = [i for i in items if isinstance(i, dict) and i.get("id")]
    keys = {str(i.get("title", "")).strip(): str(i["id"]) for i in entries}
    used = {str(i["id"]) for i in entries}
    added: list[str] = []
    for name in dict.fromkeys(names):
        if name in keys:
            continue
        key = base = _slug(name)
        n = 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        keys[name] = key
        used.add(key)
        added += [f"- id: {_yaml(key)}", "  type: document", f"  title: {_yaml(name)}"]
    if not added:
        return keys, None
    note = f"# Imported from {origin}, the name only: complete (type, author, issued, URL)."
    lines = [note, *added] if not pad else [pad + note, *(pad + line for line in added)]
    start = text.rstrip("\n") + "\n" if text.strip() else ""
    return keys, start + "\n".join(lines) + "\n"


# -- import --------------------------------------------------------------------


def import_rows(
    csv_path: Path,
    into_dir: Path,
    *,
    origin: str,
    required: Sequence[str],
    draft_of: Callable[[Row, str], Draft],
    id_prefix: str,
    force: bool,
) -> list[Path]:
    """Check every row, then write every record (or nothing)."""
    if not into_dir.is_dir():
        raise DossierError(
            [Diagnostic(into_dir, None, "no such folder", "give the dossier's folder")]
        )
    rows = read_csv(csv_path, required)
    if not rows:
        raise DossierError([Diagnostic(csv_path, None, "no incidents in the file", None)])
    drafts = [(row, draft_of(row, id_prefix)) for row in rows]
    errors = [e for row in rows for e in row.errors]
    good = [d for row, d in drafts if not row.errors]
    errors += _clashes(good, into_dir, csv_path, force=force)
    try:
        keys, sources = plan_sources(into_dir, (n for d in good for n in d.source_names), origin)
    except DossierError as exc:
        raise DossierError([*exc.diagnostics, *errors]) from None
    texts: dict[Path, str] = {}
    for draft in good:
        path = into_dir / EVIDENCE / f"{draft.id}.md"
        texts[path] = render(draft, keys, origin, csv_path)
        errors += _check_text(texts[path], path, csv_path, draft.line)
    if errors:
        raise DossierError(sorted(errors, key=lambda d: d.line or 0))
    if sources is not None:
        write_text_atomic(into_dir / SOURCES, sources)
    for path, text in texts.items():
        write_text_atomic(path, text)
    return [*texts, *([into_dir / SOURCES] if sources is not None else [])]


def _clashes(drafts: list[Draft], root: Path, csv_path: Path, *, force: bool) -> list[Diagnostic]:
    """IDs twice in the file, and records that exist already."""
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for d in drafts:
        path = root / EVIDENCE / f"{d.id}.md"
        if d.id in seen:
            message = f"the ID {d.id} is also that of line {seen[d.id]}"
            out.append(Diagnostic(csv_path, d.line, message, "give each incident its own ID"))
        elif path.exists() and not force:
            hint = "use --force to replace it, or another --prefix"
            out.append(Diagnostic(path, None, f"the record {d.id} exists already", hint))
        seen.setdefault(d.id, d.line)
    return out


def import_acled(
    csv_path: Path, into_dir: Path, *, id_prefix: str = "ACLED-", force: bool = False
) -> list[Path]:
    """Write a record under ``into_dir/evidence`` for every row of an ACLED
    export; return the files written."""
    return import_rows(
        csv_path,
        into_dir,
        origin="ACLED",
        required=ACLED_REQUIRED,
        draft_of=acled_draft,
        id_prefix=id_prefix,
        force=force,
    )


def import_gtd(
    csv_path: Path, into_dir: Path, *, id_prefix: str = "GTD-", force: bool = False
) -> list[Path]:
    """Write a record under ``into_dir/evidence`` for every row of a Global
    Terrorism Database export; return the files written."""
    return import_rows(
        csv_path,
        into_dir,
        origin="GTD",
        required=GTD_REQUIRED,
        draft_of=gtd_draft,
        id_prefix=id_prefix,
        force=force,
    )


# -- export --------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    withheld: int  # records above the classification allowed out


def _records(dossier_dir: Path, max_level: str) -> tuple[Dossier, list[Record], int]:
    from dossier.core.model import level
    from dossier.pipeline.loading import load

    dossier = load(dossier_dir, draft=True)
    if dossier.evidence is None:
        hint = "incident records are evidence/<ID>.md files"
        raise DossierError([Diagnostic(dossier_dir / EVIDENCE, None, "no evidence folder", hint)])
    records = list(dossier.evidence.records)
    allowed = [r for r in records if level(r.incident.classification) <= level(max_level)]
    return dossier, allowed, len(records) - len(allowed)


def plain_narrative(record: Record, lang: str) -> str:
    """The narrative as one line of plain text, without citations or notes."""
    from dossier.core import pandoc, tree

    blocks = tree.map_nodes(
        record.narratives[lang].blocks, lambda n: [] if n["t"] in {"Cite", "Note"} else None
    )
    text = pandoc.run(["-f", "json", "-t", "plain", "--wrap=none"], pandoc.document(blocks))
    return re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split()))


def _names(item: dict[str, Any]) -> list[str]:
    people = item.get("author") or []
    names = [p.get("literal") or f"{p.get('given', '')} {p.get('family', '')}" for p in people]
    return [" ".join(str(n).split()) for n in names if str(n).strip()]


def outlet(item: dict[str, Any]) -> str:
    """Who published a source, as ACLED names its sources."""
    for value in (item.get("container-title"), "; ".join(_names(item)), item.get("publisher")):
        if value:
            return str(value)
    return str(item.get("title", item["id"]))


def citation(item: dict[str, Any]) -> str:
    """A source in one line, as GTD cites it."""
    parts = [str(item.get("title", item["id"]))]
    published = item.get("container-title") or item.get("publisher")
    parts += [str(published)] if published else []
    issued = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    parts += ["-".join(f"{int(p):02}" for p in issued)] if issued else []
    return ", ".join(parts)


def _number(value: float | int | None) -> str:
    return "" if value is None else str(value)


def _count(given: int | None, split: Split) -> str:
    """A total: as given, else the split's; empty (unknown) if neither says
    anything, as a record cannot tell 'none' from 'not known' in its split."""
    if given is not None:
        return str(given)
    return str(split.total) if split.total else ""


def _notes(record: Record, lang: str) -> str:
    """ACLED notes / GTD summary: the record's notes, else its narrative
    (not the placeholder of an import)."""
    if record.incident.notes is not None:
        return record.incident.notes
    text = plain_narrative(record, lang)
    return "" if text.startswith(TBC) else text


def _country(dossier: Dossier) -> str:
    from dossier.core.model import local

    country = dossier.manifest.evidence.country
    return local(country.name, "en", dossier.manifest.source_language) if country else ""


def _acled_row(
    record: Record, dossier: Dossier, sources: dict[str, dict[str, Any]]
) -> dict[str, str]:
    inc = record.incident
    loc = inc.location
    civilian = inc.event_type == VAC or _category(inc.target_type, inc.event_type) == "civilians"
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
        "country": _country(dossier),
        "admin1": loc.admin1,
        "admin2": loc.admin2 or "",
        "location": loc.place,
        "latitude": _number(loc.latitude),
        "longitude": _number(loc.longitude),
        "geo_precision": str(loc.geo_precision),
        "source": "; ".join(outlet(sources[k]) for k in inc.sources if k in sources),
        "notes": _notes(record, dossier.manifest.source_language),
        "fatalities": _count(inc.casualties.fatalities, inc.casualties.killed),
        "attacktype1_txt": inc.attack_type,
        "weaptype1_txt": inc.weapon_type,
        "targtype1_txt": inc.target_type,
        "claimed": "1" if inc.claimed else "0",
        "nwound": _count(inc.casualties.wounded, inc.casualties.injured),
    }


def _gtd_row(
    record: Record, dossier: Dossier, sources: dict[str, dict[str, Any]]
) -> dict[str, str]:
    inc = record.incident
    loc = inc.location
    cites = [citation(sources[k]) for k in inc.sources if k in sources]
    day = 0 if inc.time_precision == 3 else inc.event_date.day
    return {
        "eventid": inc.id,
        "iyear": str(inc.event_date.year),
        "imonth": str(inc.event_date.month),
        "iday": str(day),
        "country_txt": _country(dossier),
        "provstate": loc.admin1,
        "city": loc.place,
        "latitude": _number(loc.latitude),
        "longitude": _number(loc.longitude),
        "specificity": str(loc.geo_precision),
        "suicide": "1" if inc.sub_event_type == "Suicide bomb" else "0",
        "attacktype1_txt": inc.attack_type,
        "weaptype1_txt": inc.weapon_type,
        "targtype1_txt": inc.target_type,
        "gname": inc.actor1,
        "nkill": _count(inc.casualties.fatalities, inc.casualties.killed),
        "nwound": _count(inc.casualties.wounded, inc.casualties.injured),
        "claimed": "1" if inc.claimed else "0",
        "summary": _notes(record, dossier.manifest.source_language),
        **{f"scite{i + 1}": c for i, c in enumerate(cites[:3])},
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "actor2": inc.actor2 or "",
        "admin2": loc.admin2 or "",
        "time_precision": str(inc.time_precision),
        "geo_precision": str(loc.geo_precision),
    }


def export_rows(
    dossier_dir: Path, out_csv: Path, columns: Sequence[str], row_of: RowOf, max_level: str
) -> Exported:
    dossier, records, withheld = _records(dossier_dir, max_level)
    sources = dossier.evidence.sources if dossier.evidence else {}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: escape_cell(v) for k, v in row_of(record, dossier, sources).items()})
    write_text_atomic(out_csv, buffer.getvalue())
    return Exported(out_csv, len(records), withheld)


def export_acled(dossier_dir: Path, out_csv: Path, *, max_level: str = "public") -> Exported:
    """The records of ``dossier_dir`` up to ``max_level`` as an ACLED CSV."""
    columns = (*ACLED_COLUMNS, *ACLED_EXTRA)
    return export_rows(dossier_dir, out_csv, columns, _acled_row, max_level)


def export_gtd(dossier_dir: Path, out_csv: Path, *, max_level: str = "public") -> Exported:
    """The records of ``dossier_dir`` up to ``max_level`` as a GTD CSV."""
    return export_rows(dossier_dir, out_csv, (*GTD_COLUMNS, *GTD_EXTRA), _gtd_row, max_level)


# -- command line ----------------------------------------------------------------


IMPORTERS: dict[str, Callable[..., list[Path]]] = {"acled": import_acled, "gtd": import_gtd}
EXPORTERS: dict[str, Callable[..., Exported]] = {"acled": export_acled, "gtd": export_gtd}
