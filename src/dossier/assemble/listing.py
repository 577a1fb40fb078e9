"""The parts of a listing request generated from the records
(``kind: listing-request``): the identifying information as the
committee's form lays it out (``generated/listing-form``), the incidents
linked to the proposed name with their sources and exhibits
(``generated/listing-case``), and the names already on the Consolidated
List that the evidence links to it (``generated/listing-links``).

Each is built from the edition's view of the dossier: a field above the
edition's level (its release level) was left out by the select stage and
is not here. The form's labels are in English, as the committees' forms are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from dossier.assemble.annex_context import header, table
from dossier.check.sanctions import Found, evidence_names, find, how_named
from dossier.core import tree
from dossier.core.actors import Entity, Person
from dossier.core.localise import un_date
from dossier.load.actors import Actor
from dossier.load.evidence import Evidence, Record
from dossier.load.loaded import Dossier

Blocks = list[Any]
HEADINGS = {
    "listing-form": "Identifying information",
    "listing-case": "Incidents supporting the listing",
    "listing-links": "Links to names already listed",
}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DOCUMENTS = {"passport": "Passport", "national-id": "National identification number"}


def listing_blocks(dossier: Dossier, part: str, lang: str) -> Blocks:
    """The blocks of one part (see the module), its heading first; the
    proposed name missing from the edition's view (its record withheld)
    leaves the part empty but for its heading."""
    build: Callable[[Dossier, Actor, str], Blocks] = _PARTS[part]
    actors = dossier.actors
    proposed = actors.get(dossier.manifest.proposed or "") if actors else None
    heading = header(1, HEADINGS[part])
    return [heading] if proposed is None else [heading, *build(dossier, proposed, lang)]


def form(dossier: Dossier, actor: Actor, lang: str) -> Blocks:
    rec = actor.record
    rows: list[list[str | list[Any]]] = [["Name", rec.name]]
    if rec.name_original:
        rows.append(["Name (original script)", rec.name_original])
    for quality in ("good", "low"):
        names = [a.name for a in rec.aliases if a.quality == quality]
        if names:
            rows.append([f"Alias ({quality} quality)", "; ".join(names)])
    rows += _person_rows(rec, lang) if isinstance(rec, Person) else _entity_rows(rec, lang)
    for address in rec.addresses:
        rows.append(["Address", address.text])
    kind = "individual" if isinstance(rec, Person) else "entity"
    caption = f"Identifying information of the {kind} proposed for listing"
    blocks: Blocks = [table(caption, ["Field", "Information"], rows)]
    if actor.blocks:
        blocks += [header(2, "Narrative summary of reasons for listing"), *tree.copy(actor.blocks)]
    return blocks


def _person_rows(rec: Person, lang: str) -> list[list[str | list[Any]]]:
    rows: list[list[str | list[Any]]] = []
    simple = (("Title", rec.title), ("Designation", rec.designation))
    rows += [[label, value] for label, value in simple if value]
    if rec.date_of_birth is not None:
        rows.append(["Date of birth", _date(rec.date_of_birth, lang)])
    if rec.place_of_birth:
        rows.append(["Place of birth", rec.place_of_birth])
    if rec.nationality:
        rows.append(["Nationality", "; ".join(rec.nationality)])
    if rec.gender:
        rows.append(["Gender", rec.gender.capitalize()])
    for doc in rec.documents:
        label = DOCUMENTS.get(doc.type, "Identity document")
        rows.append([label, doc.number + (f" ({doc.country})" if doc.country else "")])
    return rows


def _entity_rows(rec: Entity, lang: str) -> list[list[str | list[Any]]]:
    return [["Founded", _date(rec.founded, lang)]] if rec.founded is not None else []


def _date(value: dt.date | int, lang: str) -> str:
    """A date as the UN writes it ('12 May 1979'), or a year alone; the
    leak scan looks for a withheld one in this form and in the list's ISO
    form (:func:`dossier.core.actors.shown_fields`)."""
    return str(value) if isinstance(value, int) else un_date(value, lang)


def case(dossier: Dossier, actor: Actor, lang: str) -> Blocks:
    linked = _linked(dossier, actor.id)
    if not linked:
        return [tree.para(tree.text("No incident record of this edition names the proposed name."))]
    out: Blocks = []
    for record in linked:
        inc = record.incident
        out.append(header(2, f"{inc.title} ({record.id})"))
        facts = [
            f"Date: {un_date(inc.event_date, lang)}",
            f"Place: {inc.location.place}, {inc.location.admin1}",
            f"Attribution: {inc.attribution.to} ({inc.attribution.confidence})",
        ]
        out.append(_lines(facts))
        narrative = record.narratives.get(lang) or next(iter(record.narratives.values()))
        out += tree.copy(narrative.blocks)
        out += _sources(dossier, record)
    return out


def _linked(dossier: Dossier, ident: str) -> list[Record]:
    evidence = dossier.evidence
    return [r for r in evidence.records if ident in r.incident.actors] if evidence else []


def _lines(lines: list[str]) -> dict[str, Any]:
    inlines: list[Any] = []
    for line in lines:
        if inlines:
            inlines.append({"t": "LineBreak"})
        inlines += tree.text(line)
    return tree.div(("facts",), [tree.para(inlines)])


def _sources(dossier: Dossier, record: Record) -> Blocks:
    """The record's sources by their titles, and its exhibits by their hashes."""
    known = dossier.evidence.sources if dossier.evidence else {}
    lines = [f"Source: {_source(known.get(key, {}), key)}" for key in record.incident.sources]
    for exhibit in record.incident.exhibits:
        lines.append(f"Exhibit: {exhibit.title or exhibit.file} (SHA-256 {exhibit.sha256})")
    return [_lines(lines)] if lines else []


def _source(item: dict[str, Any], key: str) -> str:
    parts = [str(item.get(k)) for k in ("title", "publisher") if item.get(k)]
    return ", ".join(parts) or key


def links(dossier: Dossier, actor: Actor, lang: str) -> Blocks:
    """The names the evidence links to the proposed one (itself and those
    named with it in its incidents) found on the Consolidated List."""
    snapshot = dossier.sanctions
    if snapshot is None:
        return [tree.para(tree.text("No snapshot of the Consolidated List was consulted."))]
    linked = _linked(dossier, actor.id)
    others = {ident for r in linked for ident in r.incident.actors} - {actor.id}
    names = evidence_names(None, dossier.actors)
    mine = [n for n in names if n.owner in others]
    mine += evidence_names(_only(dossier, linked), None)
    found: dict[str, Found] = {}
    for f in sorted(find(mine, snapshot), key=lambda f: f.match.rank):
        found.setdefault(f.match.listed.dataid, f)  # a listed name once, its best match
    day = snapshot.date_generated[:10]
    when = un_date(dt.date.fromisoformat(day), lang) if _ISO.match(day) else day
    intro = f"Names checked against the Consolidated List of {when}."
    if not found:
        return [
            tree.para(
                tree.text(intro + " None of the names linked to the proposed name is listed.")
            )
        ]
    items = [[tree.plain(tree.text(f"{f.named.name}: {_listed(f, lang)}"))] for f in found.values()]
    return [tree.para(tree.text(intro)), {"t": "BulletList", "c": items}]


def _listed(found: Found, lang: str) -> str:
    """A match as the document says it: 'QDe.915 (Al-Qaida list, listed on 15
    October 2018) as “VESKARIAN LIBERATION FRONT”, exact match' (the
    console's :func:`dossier.check.sanctions.describe` keeps the list's ISO date)."""
    listed, name = found.match.listed, found.match.listed_name
    day = listed.listed_on
    when = un_date(dt.date.fromisoformat(day), lang) if _ISO.match(day) else day
    how = how_named(found.match)
    as_ = f" as “{name.name}”" + (f" ({how})" if how else "")
    strength = found.match.strength
    return f"{listed.reference} ({listed.list_type} list, listed on {when}){as_}, {strength} match"


def _only(dossier: Dossier, records: list[Record]) -> Evidence | None:
    """The dossier's evidence with ``records`` alone."""
    return (
        dataclasses.replace(dossier.evidence, records=tuple(records)) if dossier.evidence else None
    )


_PARTS: dict[str, Callable[[Dossier, Actor, str], Blocks]] = {
    "listing-form": form,
    "listing-case": case,
    "listing-links": links,
}
