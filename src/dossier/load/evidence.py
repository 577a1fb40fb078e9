"""Read the evidence of a dossier: ``evidence/<ID>.md`` incident records
(YAML front matter + narrative), their translations
``evidence/<lang>/<ID>.md``, and ``sources.yaml`` (CSL YAML); check the
map's boundaries file. The records are checked by
:mod:`dossier.load.record_checks`; their types are in
:mod:`dossier.load.evidence_types`, and named here too for the readers of
the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.limits import Limits
from dossier.core.model import Manifest, level
from dossier.core.sourcefile import DEFAULTS, read_source
from dossier.core.yamlsource import YamlDoc, parse_yaml
from dossier.load import geojson
from dossier.load.evidence_types import (
    EVIDENCE,
    SOURCES,
    TRANSLATED_FIELDS,
    Evidence,
    Narrative,
    Record,
)
from dossier.load.images import FileProblem, confine, resolve_images
from dossier.load.record_checks import (
    RecordError,
    check_record,
    check_unique,
    semantic_problems,
    validated,
)
from dossier.load.sections import parse_body, read_front_matter, split_front_matter
from dossier.load.sources import check_citations, check_source_keys
from dossier.load.translations import FRONT_KEY, State, state_of, text_hash

__all__ = [
    "EVIDENCE",
    "SOURCES",
    "TRANSLATED_FIELDS",
    "Evidence",
    "Narrative",
    "Record",
    "check_boundaries",
    "load_evidence",
    "load_sources",
    "outside",
    "read_record",
]


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
        except RecordError as exc:
            out += exc.diagnostics + semantic_problems(exc, path, m, sources)
            continue
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
    for r in translated:
        for n in r.narratives.values():
            if not n.untranslated:
                raw = read_source(n.path, m.limits)
                resolve_images(n.blocks, n.path, root, raw, m.limits, out, n.lang)
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
    incident = validated(front, doc)
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
        if level(record.incident.classification) > m.highest_level(lang):
            continue  # no edition in this language may show the record
        found = _translation(root, record, lang, m, draft=draft, out=out)
        if found is not None:
            narratives[lang] = found
    return narratives, out


def _translation(
    root: Path, record: Record, lang: str, m: Manifest, *, draft: bool, out: list[Diagnostic]
) -> Narrative | None:
    """The narrative of ``record`` in ``lang``: its translation, or in a
    draft the source's, marked untranslated; None when it is missing or
    cannot be read (reported in ``out``)."""
    source = record.narratives[m.source_language]
    path = root / EVIDENCE / lang / record.path.name
    if not path.is_file():
        if draft:
            return Narrative(lang, source.path, source.blocks, source.body_hash, untranslated=True)
        out.append(
            Diagnostic(
                path,
                None,
                f"the {lang} translation of {record.path} is missing",
                "translate its narrative, or build a draft (--draft)",
            )
        )
        return None
    if outside(path, root, out):
        return None
    try:
        raw = read_source(path, m.limits)
        front, body = split_front_matter(raw, path, m.limits.yaml_nodes)
        narrative = _narrative(path, body, lang, m.limits)
    except DossierError as exc:
        out += exc.diagnostics
        return None
    fields = {k: str(front[k]) for k in TRANSLATED_FIELDS if front.get(k)}
    out += _front_problems(path, front, record.id, source.body_hash)
    return Narrative(lang, path, narrative.blocks, narrative.body_hash, False, fields)


def _front_problems(
    path: Path, front: dict[str, Any], ident: str, source_hash: str
) -> list[Diagnostic]:
    """An unknown key in a translation's front matter; a translation of an
    older narrative than the source's, or of one it does not record."""
    out: list[Diagnostic] = []
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
    state = state_of(str(front.get(FRONT_KEY) or ""), source_hash)
    if state in {State.STALE, State.UNRECORDED}:
        out.append(
            Diagnostic(
                path,
                1,
                f"{state} translation of the narrative of {ident}",
                f"update it, then set '{FRONT_KEY}: {source_hash}'",
                Severity.WARNING,
            )
        )
    return out


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
        at: tuple[str | int, ...] = (*prefix, i)
        out += check_source_keys(item, path, lambda k: doc.line_of((*at, k)))  # noqa: B023
        sources[key] = item
    return sources, path
