"""The checks of incident records a careful desk officer makes: IDs
unique and matching their file names, sub-event types of their event
type, dates not in the future (after the letter) and within the dossier's
period, coordinates inside the country's bounds, every source key defined.

A record with an unknown key fails its schema; :func:`validated` still
reads it without that key, so that its other problems are reported with
it rather than after it is fixed.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.model import Manifest
from dossier.core.records import EVENT_TYPES, Incident
from dossier.core.schema_errors import schema_diagnostics
from dossier.core.yamlsource import YamlDoc
from dossier.load.evidence_types import SOURCES, Record


class RecordError(DossierError):
    """A record that fails its schema. ``incident`` is what it gives with
    its unknown keys left out (None when that fails too): the record's other
    checks run on it."""

    def __init__(
        self, diagnostics: list[Diagnostic], incident: Incident | None, doc: YamlDoc
    ) -> None:
        super().__init__(diagnostics)
        self.incident, self.doc = incident, doc


def validated(front: dict[str, Any], doc: YamlDoc) -> Incident:
    """The incident of a record's front matter; a :class:`RecordError` with
    every problem of the front matter at once (those the model finds once
    the unknown keys are left out with them)."""
    try:
        return Incident.model_validate(front)
    except ValidationError as exc:
        problems = schema_diagnostics(exc, doc, Incident)
        unknown = [e["loc"] for e in exc.errors() if e["type"] == "extra_forbidden"]
        if not unknown or len(unknown) != len(exc.errors()):
            raise RecordError(problems, None, doc) from None
        stripped = copy.deepcopy(front)
        for loc in unknown:
            _drop(stripped, loc)
        try:
            incident = Incident.model_validate(stripped)
        except ValidationError as again:
            more = [d for d in schema_diagnostics(again, doc, Incident) if d not in problems]
            raise RecordError(sorted([*problems, *more], key=_line), None, doc) from None
        raise RecordError(problems, incident, doc) from None


def _line(d: Diagnostic) -> int:
    return d.line or 0


def _drop(data: Any, loc: tuple[Any, ...]) -> None:
    """Delete the key at ``loc`` (pydantic's path) from ``data``."""
    for step in loc[:-1]:
        inside = isinstance(data, list) and isinstance(step, int) and step < len(data)
        if inside or (isinstance(data, dict) and step in data):
            data = data[step]
    if isinstance(data, dict):
        data.pop(loc[-1], None)


def semantic_problems(
    error: RecordError, path: Path, m: Manifest, sources: dict[str, dict[str, Any]]
) -> list[Diagnostic]:
    """The checks of :func:`check_record` on a record that failed its schema
    only by unknown keys."""
    if error.incident is None:
        return []
    return check_record(Record(error.incident, path, error.doc, {}), m, sources)


def check_unique(records: list[Record]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, Path] = {}
    for record in records:
        if record.path.stem != record.id:
            out.append(
                Diagnostic(
                    record.path,
                    record.line_of("id"),
                    f"the id '{record.id}' differs from the file name '{record.path.stem}'",
                    f"rename the file {record.id}.md or fix the id",
                )
            )
        if record.id in seen:
            out.append(
                Diagnostic(
                    record.path,
                    record.line_of("id"),
                    f"the id '{record.id}' is already used by {seen[record.id]}",
                    "give each incident its own id",
                )
            )
        seen.setdefault(record.id, record.path)
    return out


def check_record(
    record: Record, m: Manifest, sources: dict[str, dict[str, Any]]
) -> list[Diagnostic]:
    return [
        *check_types(record),
        *check_dates(record, m),
        *check_coordinates(record, m),
        *check_sources(record, sources),
    ]


def check_types(record: Record) -> list[Diagnostic]:
    inc = record.incident
    allowed = EVENT_TYPES[inc.event_type]
    if inc.sub_event_type in allowed:
        return []
    close = difflib.get_close_matches(inc.sub_event_type, allowed, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(allowed)
    return [
        Diagnostic(
            record.path,
            record.line_of("sub_event_type"),
            f"'{inc.sub_event_type}' is not a sub-event type of '{inc.event_type}' (ACLED)",
            hint,
        )
    ]


def check_dates(record: Record, m: Manifest) -> list[Diagnostic]:
    inc = record.incident
    out: list[Diagnostic] = []
    last = inc.end_date or inc.event_date
    if inc.end_date is not None and inc.end_date < inc.event_date:
        out.append(
            Diagnostic(
                record.path,
                record.line_of("end_date"),
                f"end_date {inc.end_date.isoformat()} is before event_date",
                "end_date is the last day of an incident that lasted several days",
            )
        )
    if last > m.date:
        out.append(
            Diagnostic(
                record.path,
                record.line_of("end_date" if inc.end_date else "event_date"),
                f"{last.isoformat()} is after the date of the letter ({m.date.isoformat()})",
                "an incident cannot be in the future: check the year and month",
            )
        )
    period = m.evidence.period
    if period and not (period.start <= inc.event_date and last <= period.end):
        out.append(
            Diagnostic(
                record.path,
                record.line_of("event_date"),
                f"{inc.event_date.isoformat()} is outside the dossier's period "
                f"({period.start.isoformat()} to {period.end.isoformat()})",
                "check the date, or widen evidence.period in dossier.yaml",
            )
        )
    return out


def check_coordinates(record: Record, m: Manifest) -> list[Diagnostic]:
    loc = record.incident.location
    country = m.evidence.country
    if country is None or loc.latitude is None or loc.longitude is None:
        return []
    west, south, east, north = country.bounds
    if west <= loc.longitude <= east and south <= loc.latitude <= north:
        return []
    return [
        Diagnostic(
            record.path,
            record.line_of("location", "latitude"),
            f"({loc.latitude}, {loc.longitude}) lies outside the bounds of the country "
            f"[{west}, {south}, {east}, {north}]",
            "check the coordinates: latitude first, longitude second, in decimal degrees",
        )
    ]


def check_sources(record: Record, sources: dict[str, dict[str, Any]]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for i, key in enumerate(record.incident.sources):
        if key not in sources:
            out.append(
                Diagnostic(
                    record.path,
                    record.line_of("sources", i),
                    f"source '{key}' is not defined in {SOURCES}",
                    "add it to sources.yaml or fix the key",
                )
            )
    return out
