"""Read and check the evidence of a dossier: ``evidence/<ID>.md`` incident
records (YAML front matter + narrative), their translations
``evidence/<lang>/<ID>.md``, and ``sources.yaml`` (CSL YAML).

The checks are those a careful desk officer makes: dates not in the future
(after the letter) and within the dossier's period, coordinates inside the
country's bounds and the stated province, casualty totals consistent, every
source key defined, every exhibit present and unchanged, IDs unique.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossier.core import tree
from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.limits import Limits
from dossier.core.model import Manifest, level
from dossier.core.records import EVENT_TYPES, Incident
from dossier.core.schema_errors import schema_diagnostics
from dossier.core.sourcefile import DEFAULTS, read_source
from dossier.core.yamlsource import YamlDoc, parse_yaml
from dossier.load import geojson
from dossier.load.images import FileProblem, confine, resolve_images
from dossier.load.sections import parse_body, read_front_matter, split_front_matter
from dossier.load.translations import FRONT_KEY, State, state_of, text_hash

EVIDENCE = "evidence"
SOURCES = "sources.yaml"


# Fields of a record that its translation may give in its own language.
TRANSLATED_FIELDS = ("title", "place", "attribution_to", "attribution_basis")


@dataclass(frozen=True)
class Narrative:
    """The narrative of a record in one language, and the fields its
    translation gives in that language (title, place, attribution)."""

    lang: str
    path: Path
    blocks: list[Any]
    body_hash: str
    untranslated: bool = False
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """One incident: its checked front matter and its narrative per language."""

    incident: Incident
    path: Path
    doc: YamlDoc
    narratives: dict[str, Narrative] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.incident.id

    def line_of(self, *path: str | int) -> int:
        return self.doc.line_of(tuple(path))


@dataclass(frozen=True)
class Evidence:
    records: tuple[Record, ...] = ()
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources_path: Path | None = None

    @property
    def inputs(self) -> list[Path]:
        files = [r.path for r in self.records]
        files += [r.path.parent.parent / e.file for r in self.records for e in r.incident.exhibits]
        files += [n.path for r in self.records for n in r.narratives.values() if not n.untranslated]
        files += [Path(p) for r in self.records for n in r.narratives.values() for p in _images(n)]
        return files + ([self.sources_path] if self.sources_path else [])


def _images(narrative: Narrative) -> list[str]:
    return [tree.target_of(n) for n in tree.find(narrative.blocks, {"Image"})]


def load_evidence(
    root: Path, m: Manifest, *, draft: bool, langs: Sequence[str] | None = None
) -> tuple[Evidence, list[Diagnostic]]:
    """Every record under ``root/evidence``, sorted by date, and the sources."""
    out: list[Diagnostic] = []
    sources, sources_path = load_sources(root, out, m.limits)
    records: list[Record] = []
    for path in sorted((root / EVIDENCE).glob("*.md")):
        if outside(path, root, out):
            continue
        try:
            record = read_record(path, m.source_language, m.limits)
        except DossierError as exc:
            out += exc.diagnostics
            continue
        records.append(record)
    out += check_unique(records)
    for record in records:
        out += check_record(record, m, sources)
    translated: list[Record] = []
    for record in records:
        narratives, more = _translations(root, record, m, draft=draft, langs=langs)
        out += more
        translated.append(Record(record.incident, record.path, record.doc, narratives))
    translated.sort(key=lambda r: (r.incident.event_date, r.id))
    from dossier.load.sources import check_citations

    for r in translated:
        for n in r.narratives.values():
            if not n.untranslated:
                raw = read_source(n.path, m.limits)
                resolve_images(n.blocks, n.path, root, raw, m.limits, out)
                out += check_citations(n.blocks, n.path, raw, sources)
    return Evidence(tuple(translated), sources, sources_path), out


def outside(path: Path, root: Path, out: list[Diagnostic]) -> bool:
    """Whether the file ``path`` leads out of the dossier folder (a link):
    then it is reported in ``out``, and not read."""
    try:
        confine(path, root)
    except FileProblem as problem:
        out.append(Diagnostic(path, None, f"{path.name} {problem.what}", problem.hint))
        return True
    return False


def check_boundaries(root: Path, m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """The map's boundaries file (``evidence: boundaries:``) is a file of the
    dossier (after links) holding GeoJSON polygons: the map draws from it
    and writes its province names."""
    name = m.evidence.boundaries
    if not name:
        return []
    line = doc.line_of(("evidence", "boundaries"))
    path = root / name
    try:
        if not path.resolve().is_file():
            raise FileProblem("not found", f"put the GeoJSON file under {root}, e.g. geo/")
        confine(path, root)
        size = path.stat().st_size
        if size > m.limits.image_bytes:
            raise FileProblem(
                f"are {size:,} bytes, more than the limit of {m.limits.image_bytes:,}",
                "simplify the outlines, or raise 'limits: {image_bytes: ...}' in dossier.yaml",
            )
        geojson.check_collection(geojson.parse(path.read_bytes()), m.evidence.boundaries_property)
    except FileProblem as problem:
        return [Diagnostic(doc.file, line, f"boundaries '{name}' {problem.what}", problem.hint)]
    except OSError as exc:
        hint = "check the file"
        return [Diagnostic(doc.file, line, f"boundaries '{name}' cannot be read: {exc}", hint)]
    except geojson.GeoProblem as exc:
        hint = "export the boundaries again as GeoJSON (a FeatureCollection of polygons)"
        return [Diagnostic(doc.file, line, f"boundaries '{name}' {exc}", hint)]
    return []


def read_record(path: Path, source_lang: str, limits: Limits = DEFAULTS) -> Record:
    raw = read_source(path, limits)
    front, body, doc = read_front_matter(raw, path, limits.yaml_nodes)
    if not front or doc is None:
        raise DossierError(
            [
                Diagnostic(
                    path,
                    1,
                    "an incident record starts with its front matter between '---' lines",
                    "copy the header of an existing record under evidence/",
                )
            ]
        )
    try:
        incident = Incident.model_validate(front)
    except ValidationError as exc:
        raise DossierError(schema_diagnostics(exc, doc, Incident)) from None
    narrative = _narrative(path, body, source_lang, limits)
    return Record(incident, path, doc, {source_lang: narrative})


def _narrative(path: Path, body: str, lang: str, limits: Limits) -> Narrative:
    blocks, _ = parse_body(body, path, lang, limits)
    return Narrative(lang, path, blocks, text_hash(body))


def _translations(
    root: Path, record: Record, m: Manifest, *, draft: bool, langs: Sequence[str] | None
) -> tuple[dict[str, Narrative], list[Diagnostic]]:
    out: list[Diagnostic] = []
    source = record.narratives[m.source_language]
    narratives: dict[str, Narrative] = {m.source_language: source}
    for lang in m.languages if langs is None else langs:
        if lang == m.source_language:
            continue
        path = root / EVIDENCE / lang / record.path.name
        if level(record.incident.classification) > m.highest_level(lang):
            continue  # no edition in this language may show the record
        if not path.is_file():
            if draft:
                narratives[lang] = Narrative(
                    lang, source.path, source.blocks, source.body_hash, untranslated=True
                )
            else:
                out.append(
                    Diagnostic(
                        path,
                        None,
                        f"the {lang} translation of {record.path} is missing",
                        "translate its narrative, or build a draft (--draft)",
                    )
                )
            continue
        if outside(path, root, out):
            continue
        try:
            raw = read_source(path, m.limits)
            front, body = split_front_matter(raw, path, m.limits.yaml_nodes)
            narrative = _narrative(path, body, lang, m.limits)
        except DossierError as exc:
            out += exc.diagnostics
            continue
        fields = {k: str(front[k]) for k in TRANSLATED_FIELDS if front.get(k)}
        narratives[lang] = Narrative(
            lang, path, narrative.blocks, narrative.body_hash, False, fields
        )
        unknown = sorted(set(front) - {*TRANSLATED_FIELDS, FRONT_KEY})
        if unknown:
            out.append(
                Diagnostic(
                    path,
                    2,
                    f"unknown key '{unknown[0]}' in the front matter of a translated record",
                    f"a translation may give: {', '.join(TRANSLATED_FIELDS)}",
                )
            )
        state = state_of(str(front.get(FRONT_KEY) or ""), source.body_hash)
        if state in {State.STALE, State.UNRECORDED}:
            out.append(
                Diagnostic(
                    path,
                    1,
                    f"{state} translation of the narrative of {record.id}",
                    f"update it, then set '{FRONT_KEY}: {source.body_hash}'",
                    Severity.WARNING,
                )
            )
    return narratives, out


def load_sources(
    root: Path, out: list[Diagnostic], limits: Limits = DEFAULTS
) -> tuple[dict[str, dict[str, Any]], Path | None]:
    """``sources.yaml``: a CSL YAML list (or ``references:`` mapping) of items
    with unique ``id``s."""
    path = root / SOURCES
    if not path.exists() or path.is_dir():  # a pipe: read_source refuses it
        return {}, None
    if outside(path, root, out):
        return {}, path
    try:
        doc = parse_yaml(read_source(path, limits), path, max_nodes=limits.yaml_nodes)
    except DossierError as exc:
        out += exc.diagnostics
        return {}, path
    items = doc.data.get("references") if isinstance(doc.data, dict) else doc.data
    prefix: tuple[str, ...] = ("references",) if isinstance(doc.data, dict) else ()
    if not isinstance(items, list):
        out.append(
            Diagnostic(path, 1, "sources.yaml must be a list of sources ('- id: ...')", None)
        )
        return {}, path
    sources: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(items):
        line = doc.line_of((*prefix, i))
        if not isinstance(item, dict) or not item.get("id"):
            out.append(Diagnostic(path, line, "a source needs an 'id'", "id: police-2026-08-10"))
            continue
        key = str(item["id"])
        if key in sources:
            out.append(Diagnostic(path, line, f"source '{key}' is defined twice", "rename one"))
        if not item.get("title"):
            out.append(Diagnostic(path, line, f"source '{key}' has no title", "add title: ..."))
        sources[key] = item
    return sources, path


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
