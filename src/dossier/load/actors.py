"""Read ``persons/<ID>.md`` and ``entities/<ID>.md``: the people and
organisations the evidence names (front matter in
:mod:`dossier.core.actors`, a narrative below), checked as incident records
are: unknown fields, dates, IDs unique and matching their file names, and
every ``actors:`` ID of an incident record defined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossier.core.actors import Entity, Person
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.model import Manifest
from dossier.core.schema_errors import schema_diagnostics
from dossier.core.sourcefile import read_source
from dossier.core.yamlsource import YamlDoc
from dossier.load.evidence import Evidence, outside
from dossier.load.sections import parse_body, read_front_matter
from dossier.load.translations import text_hash

PERSONS = "persons"
ENTITIES = "entities"
FOLDERS: dict[str, type[Person] | type[Entity]] = {PERSONS: Person, ENTITIES: Entity}


@dataclass(frozen=True)
class Actor:
    """One person or entity: its checked front matter and its narrative
    (in the source language)."""

    record: Person | Entity
    path: Path
    doc: YamlDoc
    blocks: list[Any]
    body_hash: str = ""

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def kind(self) -> str:
        return "person" if isinstance(self.record, Person) else "entity"

    def line_of(self, *path: str | int) -> int:
        return self.doc.line_of(tuple(path))


@dataclass(frozen=True)
class Actors:
    actors: tuple[Actor, ...] = ()

    def get(self, ident: str) -> Actor | None:
        return next((a for a in self.actors if a.id == ident), None)

    @property
    def inputs(self) -> list[Path]:
        return [a.path for a in self.actors]


def load_actors(
    root: Path, m: Manifest, evidence: Evidence | None
) -> tuple[Actors, list[Diagnostic]]:
    """Every person and entity of the dossier, and their problems (and those
    of the incidents' ``actors:``)."""
    out: list[Diagnostic] = []
    found: list[Actor] = []
    for folder, model in FOLDERS.items():
        for path in sorted((root / folder).glob("*.md")):
            if outside(path, root, out):
                continue
            try:
                found.append(read_actor(path, model, m))
            except DossierError as exc:
                out += exc.diagnostics
    out += _check_ids(found)
    for actor in found:
        out += _check_dates(actor, m)
    out += _check_links(evidence, {a.id for a in found})
    return Actors(tuple(found)), out


def read_actor(path: Path, model: type[Person] | type[Entity], m: Manifest) -> Actor:
    raw = read_source(path, m.limits)
    front, body, doc = read_front_matter(raw, path, m.limits.yaml_nodes)
    if not front or doc is None:
        folder = path.parent.name
        hint = f"copy the header of an existing record under {folder}/"
        raise DossierError(
            [Diagnostic(path, 1, "a record starts with its front matter between '---' lines", hint)]
        )
    try:
        record = model.model_validate(front)
    except ValidationError as exc:
        raise DossierError(schema_diagnostics(exc, doc, model)) from None
    blocks, _ = parse_body(body, path, m.source_language, m.limits)
    return Actor(record, path, doc, blocks, text_hash(body))


def _check_ids(actors: list[Actor]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, Path] = {}
    for actor in actors:
        line = actor.line_of("id")
        if actor.path.stem != actor.id:
            hint = f"rename the file {actor.id}.md or fix the id"
            out.append(
                Diagnostic(
                    actor.path,
                    line,
                    f"the id '{actor.id}' differs from the file name '{actor.path.stem}'",
                    hint,
                )
            )
        if actor.id in seen:
            hint = "give each person and entity its own id"
            out.append(
                Diagnostic(
                    actor.path,
                    line,
                    f"the id '{actor.id}' is already used by {seen[actor.id]}",
                    hint,
                )
            )
        seen.setdefault(actor.id, actor.path)
    return out


def _check_dates(actor: Actor, m: Manifest) -> list[Diagnostic]:
    """A date of birth (or of founding) after the letter; a document that
    expires before it was issued."""
    record = actor.record
    key = "date_of_birth" if isinstance(record, Person) else "founded"
    born = getattr(record, key)
    out: list[Diagnostic] = []
    if _after(born, m.date):
        shown = str(born) if isinstance(born, int) else born.isoformat()
        message = f"{key} {shown} is after the date of the letter ({m.date.isoformat()})"
        out.append(Diagnostic(actor.path, actor.line_of(key), message, "check the year"))
    for i, doc in enumerate(record.documents if isinstance(record, Person) else []):
        if doc.issued and doc.expires and doc.expires < doc.issued:
            message = f"document {doc.number} expires before it was issued"
            where = actor.line_of("documents", i, "expires")
            out.append(Diagnostic(actor.path, where, message, "check the two dates"))
    return out


def _after(born: dt.date | int | None, letter: dt.date) -> bool:
    if born is None:
        return False
    return born > letter.year if isinstance(born, int) else born > letter


def _check_links(evidence: Evidence | None, known: set[str]) -> list[Diagnostic]:
    """Every ID an incident record names under ``actors:`` is a person or
    entity of the dossier."""
    out: list[Diagnostic] = []
    for record in evidence.records if evidence else ():
        for i, ident in enumerate(record.incident.actors):
            if ident not in known:
                hint = f"add {PERSONS}/{ident}.md or {ENTITIES}/{ident}.md, or fix the id"
                out.append(
                    Diagnostic(
                        record.path,
                        record.line_of("actors", i),
                        f"actor '{ident}' is not a person or entity of the dossier",
                        hint,
                    )
                )
    return out
