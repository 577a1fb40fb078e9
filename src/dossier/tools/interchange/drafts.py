"""A row in our terms, for both standards: the record's ID, place, event
types, casualties and claim, each derived field with its review comment."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dossier.tools.interchange.cells import Row
from dossier.tools.interchange.standards import ID_PATTERN, TBC, options

# The models, pandoc and the loader are imported where used: the command
# line imports this package for its commands, and starts faster without them.


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
    cells: dict[str, str]  # the row as the file has it, column -> text


def record_id(row: Row, column: str, prefix: str) -> str:
    raw = row.required(column)
    ident = raw if raw.startswith(prefix) else prefix + raw
    if raw and not ID_PATTERN.match(ident):
        row.error(column, f"'{ident}' cannot be a record ID", "letters, digits, '.', '_', '-'")
    return ident


def precision_of(row: Row, column: str, default: int = 1, high: int = 3) -> int:
    """ACLED's precision (1 to 3; a time's 4, the year only, is ours)."""
    value = row.integer(column, 1, high) if row.get(column) else None
    return default if value is None else value


def location_of(
    row: Row, place: str, admin1: str, precision: int, review: dict[str, str]
) -> dict[str, Any]:
    """The place, its province and coordinates; a row that names no place
    (GTD's empty city) is placed at its province, for review."""
    latitude = row.coordinate("latitude", 90)
    longitude = row.coordinate("longitude", 180)
    if bool(row.get("latitude")) != bool(row.get("longitude")):
        row.error("latitude", "give both coordinates or neither", "or leave both empty")
    province = row.required(admin1)
    location: dict[str, Any] = {"place": row.get(place) or province, "admin1": province}
    if not row.get(place) and province:
        review["location.place"] = f"the file names no place ({place} is empty): the province"
    if row.get("admin2"):
        location["admin2"] = row.get("admin2")
    if latitude is not None and longitude is not None:
        location.update(latitude=latitude, longitude=longitude)
    return {**location, "geo_precision": precision}


def event_types(row: Row) -> tuple[str, str]:
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


def casualties_of(
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


def given_or(value: str | None, derived: str, review: dict[str, str], key: str, why: str) -> str:
    """``value`` from the file, or ``derived`` with a review comment."""
    if value is not None:
        return value
    review[key] = why
    return derived


def claim_of(row: Row, review: dict[str, str], origin: str) -> bool:
    if row.get("claimed") in {"", "-9"}:
        review["claimed"] = f"{origin} does not say whether it was claimed"
        return False
    return row.integer("claimed", 0, 1) == 1


def required_choice(row: Row, column: str, options: Sequence[str]) -> str:
    if not row.get(column):
        row.error(column, "is empty", "every row needs it")
    return row.choice(column, options) or "Unknown"


def make_draft(
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
    return Draft(row.line, ident, front, review, notes, sources, dict(row.values))
