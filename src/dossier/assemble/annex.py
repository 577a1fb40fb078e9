"""The parts of the annex generated from the evidence, in the document's
language: a chronological table of the incidents, one entry per incident
with its narrative and sources, statistics (tables and charts), a map, and
the list of exhibits with their hashes.

Each part is a list of pandoc blocks starting with its level-1 heading; the
annex numbering (I., A., 1.) applies to them like to written sections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dossier.assemble.annex_context import (
    ATTRIBUTION,
    BASIS,
    CAPTURED,
    CIVILIANS,
    CONFIDENCE,
    CONFIDENCES,
    DATE,
    DESCRIPTION,
    EXHIBIT,
    HEADINGS,
    INCIDENT,
    INJURED,
    KILLED,
    NO_INCIDENTS,
    PLACE,
    SECURITY,
    SHA256,
    TABLE_INCIDENTS,
    TOTAL,
    TYPE,
    Blocks,
    Context,
    bold,
    header,
    table,
)
from dossier.assemble.annex_stats import incident_map, statistics
from dossier.assemble.listing import listing_blocks
from dossier.check.anchors import GENERATED_ID
from dossier.core import tree
from dossier.core.localise import Locale, un_date
from dossier.core.sanctions import LISTING_PARTS
from dossier.core.typography import generated_text
from dossier.load.exhibits import SHOWN
from dossier.load.loaded import Dossier


def generated_blocks(
    dossier: Dossier, part: str, loc: Locale, cache: Path, edition: str | None = None
) -> Blocks:
    """The blocks of one generated part (``incident-table``, ``incidents``,
    ``statistics``, ``map``, ``exhibits``; a listing request's in
    :mod:`dossier.assemble.listing`) in the language of ``loc``, as
    ``edition`` shows it (dossier.yaml's ``evidence: show_...`` settings),
    in the language's typography (pandoc's never saw these words)."""
    if part in LISTING_PARTS:
        return generated_text(listing_blocks(dossier, part, loc.lang), loc.lang)
    if dossier.evidence is None:
        return []
    ctx = Context(dossier, loc, cache, edition)
    heading = header(1, ctx._(HEADINGS[part]), GENERATED_ID.format(part))
    if not ctx.evidence.records:
        return generated_text([heading, tree.para(tree.text(ctx._(NO_INCIDENTS)))], loc.lang)
    build: Callable[[Context], Blocks] = PARTS[part]
    return generated_text([heading, *build(ctx)], loc.lang)


# ---- the chronological table -------------------------------------------------


def incident_table(ctx: Context) -> Blocks:
    rows: list[list[str | list[Any]]] = []
    for record in ctx.evidence.records:
        inc = record.incident
        attribution = ctx.field(record, "attribution_to", inc.attribution.to)
        if ctx.shows_confidence:
            attribution += ctx.paren(ctx._(CONFIDENCES[inc.attribution.confidence]))
        rows.append(
            [
                ctx.date(record),
                ctx.place(record),
                ctx.kind_label(ctx.kind(record)),
                ctx.number(inc.casualties.killed.total),
                ctx.number(inc.casualties.injured.total),
                attribution,
            ]
        )
    killed = sum(r.incident.casualties.killed.total for r in ctx.evidence.records)
    injured = sum(r.incident.casualties.injured.total for r in ctx.evidence.records)
    total = [tree.strong(tree.text(ctx._(TOTAL)))]
    rows.append([total, "", "", bold(ctx.number(killed)), bold(ctx.number(injured)), ""])
    head = [ctx._(m) for m in (DATE, PLACE, TYPE, KILLED, INJURED, ATTRIBUTION)]
    return [table(ctx._(TABLE_INCIDENTS), head, rows, numeric=(3, 4))]


# ---- one entry per incident ---------------------------------------------------


def incident_entries(ctx: Context) -> Blocks:
    out: Blocks = []
    for record in ctx.evidence.records:
        inc = record.incident
        cas = inc.casualties
        facts: list[tuple[str, str]] = [
            (ctx._(DATE), ctx.date(record)),
            (ctx._(PLACE), ctx.place(record) + ctx.paren(ctx.name(inc.location.admin1))),
            (ctx._(TYPE), ctx.kind_label(ctx.kind(record))),
            (ctx._(KILLED), split(ctx, cas.killed.civilians, cas.killed.security_forces)),
            (ctx._(INJURED), split(ctx, cas.injured.civilians, cas.injured.security_forces)),
            (ctx._(ATTRIBUTION), ctx.field(record, "attribution_to", inc.attribution.to)),
            (ctx._(BASIS), ctx.field(record, "attribution_basis", inc.attribution.basis)),
        ]
        if ctx.shows_confidence:
            facts.append((ctx._(CONFIDENCE), ctx._(CONFIDENCES[inc.attribution.confidence])))
        heading = ctx.title(record) + (ctx.paren(record.id) if ctx.shows_ids else "")
        out.append(header(2, heading))
        out.append(fact_list(ctx, facts))
        narrative = (
            record.narratives.get(ctx.lang)
            or record.narratives[ctx.dossier.manifest.source_language]
        )
        blocks = tree.copy(narrative.blocks)
        if narrative.untranslated:
            blocks = [
                tree.div(("untranslated",), blocks, lang=ctx.dossier.manifest.source_language)
            ]
        out += blocks
    return out


def split(ctx: Context, civilians: int, security: int) -> str:
    """'9 (civilians: 9; security forces: 0)'"""
    total = ctx.number(civilians + security)
    parts = [
        ctx.pair(ctx._(CIVILIANS), ctx.number(civilians)),
        ctx.pair(ctx._(SECURITY), ctx.number(security)),
    ]
    return total + ctx.paren(("；" if ctx.lang == "zh" else "; ").join(parts))


def fact_list(ctx: Context, facts: list[tuple[str, str]]) -> dict[str, Any]:
    """Label and value, one pair a line ("Date: 9 August 2026"), the label in
    bold: one paragraph with line breaks, in a Div of class ``facts``, which
    the annex does not number."""
    inlines: list[Any] = []
    for label, value in facts:
        text = ctx.pair(label, value)
        head = text[: len(text) - len(value)] if text.endswith(value) else f"{label}: "
        gap = [{"t": "Space"}] if head != head.rstrip() else []
        if inlines:
            inlines.append({"t": "LineBreak"})
        inlines += [tree.strong(tree.text(head.rstrip())), *gap, *tree.text(value)]
    return tree.div(("facts",), [tree.para(inlines)])


# ---- exhibits -----------------------------------------------------------------------


def exhibit_list(ctx: Context) -> Blocks:
    rows: list[list[str | list[Any]]] = []
    images: Blocks = []
    n = 0
    for record in ctx.evidence.records:
        for exhibit in record.incident.exhibits:
            n += 1
            path = ctx.dossier.root / exhibit.file
            label = f"{n}"
            description = exhibit.title or Path(exhibit.file).name
            captured = un_date(_day(exhibit.captured), ctx.lang)
            digest: list[Any] = [{"t": "Code", "c": [tree.attr(), exhibit.sha256]}]
            incident = record.id if ctx.shows_ids else ctx.title(record)
            rows.append([label, incident, description, captured, digest])
            if path.suffix.lower() in SHOWN:
                images.append(exhibit_figure(ctx, n, description, path))
    if not rows:
        return []
    head = [ctx._(EXHIBIT), ctx._(INCIDENT), ctx._(DESCRIPTION), ctx._(CAPTURED), ctx._(SHA256)]
    return [table(ctx._(HEADINGS["exhibits"]), head, rows), *images]


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def exhibit_figure(ctx: Context, n: int, description: str, path: Path) -> dict[str, Any]:
    caption = f"{ctx._(EXHIBIT)} {n}: {description}"
    image = {"t": "Image", "c": [tree.attr(), tree.text(caption), [str(path.resolve()), ""]]}
    return {
        "t": "Figure",
        "c": [tree.attr(), [None, [tree.plain(tree.text(caption))]], [tree.plain([image])]],
    }


PARTS: dict[str, Callable[[Context], Blocks]] = {
    "incident-table": incident_table,
    "incidents": incident_entries,
    "statistics": statistics,
    "map": incident_map,
    "exhibits": exhibit_list,
}
