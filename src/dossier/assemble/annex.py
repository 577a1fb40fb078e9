"""The parts of the annex generated from the evidence, in the document's
language: a chronological table of the incidents, one entry per incident
with its narrative and sources, statistics (tables and charts), a map, and
the list of exhibits with their hashes.

Each part is a list of pandoc blocks starting with its level-1 heading; the
annex numbering (I., A., 1.) applies to them like to written sections.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from dossier.core import tree
from dossier.core.localise import ARABIC_MONTHS, N_, Locale, un_date, un_date_range
from dossier.core.model import local
from dossier.load.evidence import Evidence, Record
from dossier.load.exhibits import SHOWN
from dossier.load.loaded import Dossier

Blocks = list[Any]

HEADINGS = {
    "incident-table": N_("Chronological list of incidents"),
    "incidents": N_("The incidents"),
    "statistics": N_("Statistics"),
    "map": N_("Map of the incidents"),
    "exhibits": N_("Exhibits"),
}
DATE = N_("Date")
PLACE = N_("Place")
PROVINCE = N_("Province")
TYPE = N_("Type of attack")
KILLED = N_("Killed")
INJURED = N_("Injured")
ATTRIBUTION = N_("Attribution")
CONFIDENCE = N_("Confidence")
BASIS = N_("Basis of the attribution")
PERPETRATOR = N_("Perpetrator")
SOURCES = N_("Sources")
INCIDENTS = N_("Incidents")
MONTH = N_("Month")
CIVILIANS = N_("Civilians")
SECURITY = N_("Security forces")
TOTAL = N_("Total")
CATEGORY = N_("Category")
EXHIBIT = N_("Exhibit")
INCIDENT = N_("Incident")
DESCRIPTION = N_("Description")
CAPTURED = N_("Captured")
SHA256 = N_("SHA-256")
TABLE_INCIDENTS = N_("Incidents in chronological order")
BY_MONTH = N_("Incidents and casualties by month")
BY_PROVINCE = N_("Incidents and casualties by province")
BY_TYPE = N_("Incidents and casualties by type of attack")
BY_CATEGORY = N_("Casualties among civilians and security forces")
CHART_MONTH = N_("People killed and injured, by month")
CHART_CATEGORY = N_("People killed, civilians and security forces, by type of attack")
PEOPLE = N_("People")
MAP_TITLE = N_("Places of the incidents and incidents by province")
SCALE = N_("km")
MAP_NOTE = N_("Each dot marks an incident; places are named where space permits.")
BOUNDARIES = N_("Boundaries: {source}")
LABEL_VALUE = N_(
    "{label}: {value}",
    comment="A label and its value in a list: French puts a no-break space before the colon.",
)
NO_INCIDENTS = N_("No incident is recorded for this period.")
CONFIDENCES = {
    "confirmed": N_("confirmed"),
    "probable": N_("probable"),
    "alleged": N_("alleged"),
}
ATTACK_TYPES = {
    name: N_(name, comment="GTD attack type.")
    for name in (
        "Assassination", "Armed Assault", "Bombing/Explosion", "Hijacking",
        "Hostage Taking (Barricade Incident)", "Hostage Taking (Kidnapping)",
        "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown",
    )
}  # fmt: skip


class Context:
    """What a generated part needs: the evidence, the language, names."""

    def __init__(self, dossier: Dossier, loc: Locale, cache: Path) -> None:
        assert dossier.evidence is not None
        self.dossier = dossier
        self.evidence: Evidence = dossier.evidence
        self.loc = loc
        self.lang = loc.lang
        self.cache = cache
        self.glossary = dossier.manifest.evidence.glossary
        self._numbers: dict[int, str] = {}  # babel is slow; the same few numbers recur

    def _(self, message: str, **values: str) -> str:
        return self.loc._(message, **values)

    def name(self, text: str) -> str:
        """A place or province in this language, from the glossary."""
        return self.glossary.get(text, {}).get(self.lang, text)  # type: ignore[call-overload,no-any-return]

    def number(self, value: int) -> str:
        text = self._numbers.get(value)
        if text is None:
            text = str(format_decimal(value, locale=self.lang, numbering_system="latn"))
            self._numbers[value] = text
        return text

    def field(self, record: Record, key: str, default: str) -> str:
        narrative = record.narratives.get(self.lang)
        return narrative.fields.get(key, default) if narrative else default

    def title(self, record: Record) -> str:
        return self.field(record, "title", record.incident.title)

    def place(self, record: Record) -> str:
        loc = record.incident.location
        return self.field(record, "place", self.name(loc.place))

    def date(self, record: Record) -> str:
        inc = record.incident
        return un_date_range(inc.event_date, inc.end_date or inc.event_date, self.lang)

    def paren(self, text: str) -> str:
        """' (text)', or '（text）' in Chinese."""
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def pair(self, label: str, value: str) -> str:
        return self._(LABEL_VALUE, label=label, value=value)


def generated_blocks(dossier: Dossier, part: str, loc: Locale, cache: Path) -> Blocks:
    """The blocks of one generated part (``incident-table``, ``incidents``,
    ``statistics``, ``map``, ``exhibits``) in the language of ``loc``."""
    if dossier.evidence is None:
        return []
    ctx = Context(dossier, loc, cache)
    heading = header(1, ctx._(HEADINGS[part]))
    if not ctx.evidence.records:
        return [heading, tree.para(tree.text(ctx._(NO_INCIDENTS)))]
    build: Callable[[Context], Blocks] = PARTS[part]
    return [heading, *build(ctx)]


def header(level: int, text: str) -> dict[str, Any]:
    return {"t": "Header", "c": [level, tree.attr(), tree.text(text)]}


def cell(text: str | list[Any], align: str = "AlignDefault") -> list[Any]:
    inlines = tree.text(text) if isinstance(text, str) else text
    return [tree.attr(), {"t": align}, 1, 1, [tree.plain(inlines)]]


def table(
    caption: str,
    head: list[str],
    rows: Iterable[list[str | list[Any]]],
    numeric: Iterable[int] = (),
) -> dict[str, Any]:
    """A pandoc Table: caption, one header row, body rows; ``numeric``
    columns are aligned to the end."""
    right = set(numeric)
    aligns = [{"t": "AlignRight" if i in right else "AlignLeft"} for i in range(len(head))]
    colspecs = [[a, {"t": "ColWidthDefault"}] for a in aligns]

    def row(values: list[str | list[Any]]) -> list[Any]:
        return [
            tree.attr(),
            [cell(v, "AlignRight" if i in right else "AlignLeft") for i, v in enumerate(values)],
        ]

    return {
        "t": "Table",
        "c": [
            tree.attr(),
            [None, [tree.plain(tree.text(caption))]],
            colspecs,
            [tree.attr(), [row(list(head))]],
            [[tree.attr(), 0, [], [row(r) for r in rows]]],
            [tree.attr(), []],
        ],
    }


# ---- the chronological table -------------------------------------------------


def incident_table(ctx: Context) -> Blocks:
    rows: list[list[str | list[Any]]] = []
    for record in ctx.evidence.records:
        inc = record.incident
        attribution = ctx.field(record, "attribution_to", inc.attribution.to)
        confidence = ctx._(CONFIDENCES[inc.attribution.confidence])
        rows.append(
            [
                ctx.date(record),
                ctx.place(record),
                ctx._(ATTACK_TYPES[inc.attack_type]),
                ctx.number(inc.casualties.killed.total),
                ctx.number(inc.casualties.injured.total),
                attribution + ctx.paren(confidence),
            ]
        )
    killed = sum(r.incident.casualties.killed.total for r in ctx.evidence.records)
    injured = sum(r.incident.casualties.injured.total for r in ctx.evidence.records)
    total = [tree.strong(tree.text(ctx._(TOTAL)))]
    rows.append([total, "", "", bold(ctx.number(killed)), bold(ctx.number(injured)), ""])
    head = [ctx._(m) for m in (DATE, PLACE, TYPE, KILLED, INJURED, ATTRIBUTION)]
    return [table(ctx._(TABLE_INCIDENTS), head, rows, numeric=(3, 4))]


def bold(text: str) -> list[Any]:
    return [tree.strong(tree.text(text))]


# ---- one entry per incident ---------------------------------------------------


def incident_entries(ctx: Context) -> Blocks:
    out: Blocks = []
    for record in ctx.evidence.records:
        inc = record.incident
        cas = inc.casualties
        facts: list[tuple[str, str]] = [
            (ctx._(DATE), ctx.date(record)),
            (ctx._(PLACE), ctx.place(record) + ctx.paren(ctx.name(inc.location.admin1))),
            (ctx._(TYPE), ctx._(ATTACK_TYPES[inc.attack_type])),
            (ctx._(KILLED), split(ctx, cas.killed.civilians, cas.killed.security_forces)),
            (ctx._(INJURED), split(ctx, cas.injured.civilians, cas.injured.security_forces)),
            (ctx._(ATTRIBUTION), ctx.field(record, "attribution_to", inc.attribution.to)),
            (ctx._(BASIS), ctx.field(record, "attribution_basis", inc.attribution.basis)),
            (ctx._(CONFIDENCE), ctx._(CONFIDENCES[inc.attribution.confidence])),
        ]
        out.append(header(2, ctx.title(record) + ctx.paren(record.id)))
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


# ---- statistics -----------------------------------------------------------------


def month_label(day: dt.date, lang: str) -> str:
    """'August 2026' as the language writes a month on its own.

    >>> month_label(dt.date(2026, 8, 9), "fr"), month_label(dt.date(2026, 8, 9), "zh")
    ('août 2026', '2026年8月')
    """
    if lang == "ar":
        return f"{ARABIC_MONTHS[day.month - 1]} {day.year}"
    if lang == "zh":
        return f"{day.year}年{day.month}月"
    return str(format_date(day, "LLLL y", locale=lang))


class Tally:
    def __init__(self) -> None:
        self.incidents = 0
        self.killed = 0
        self.injured = 0

    def add(self, record: Record) -> None:
        self.incidents += 1
        self.killed += record.incident.casualties.killed.total
        self.injured += record.incident.casualties.injured.total


def tallies(records: Iterable[Record], key: Callable[[Record], Any]) -> dict[Any, Tally]:
    out: dict[Any, Tally] = defaultdict(Tally)
    for record in records:
        out[key(record)].add(record)
    return dict(out)


def tally_rows(ctx: Context, groups: dict[Any, Tally], label: Callable[[Any], str]) -> list[Any]:
    rows: list[list[str | list[Any]]] = [
        [label(k), ctx.number(t.incidents), ctx.number(t.killed), ctx.number(t.injured)]
        for k, t in groups.items()
    ]
    total = Tally()
    for t in groups.values():
        total.incidents += t.incidents
        total.killed += t.killed
        total.injured += t.injured
    rows.append(
        [
            bold(ctx._(TOTAL)),
            bold(ctx.number(total.incidents)),
            bold(ctx.number(total.killed)),
            bold(ctx.number(total.injured)),
        ]
    )
    return rows


def statistics(ctx: Context) -> Blocks:
    records = ctx.evidence.records
    counts = [ctx._(INCIDENTS), ctx._(KILLED), ctx._(INJURED)]
    months = tallies(records, lambda r: r.incident.event_date.replace(day=1))
    provinces = tallies(records, lambda r: r.incident.location.admin1)
    types = tallies(records, lambda r: r.incident.attack_type)
    out: Blocks = [
        table(
            ctx._(BY_MONTH),
            [ctx._(MONTH), *counts],
            tally_rows(ctx, dict(sorted(months.items())), lambda d: month_label(d, ctx.lang)),
            numeric=(1, 2, 3),
        ),
        table(
            ctx._(BY_PROVINCE),
            [ctx._(PROVINCE), *counts],
            tally_rows(ctx, dict(sorted(provinces.items())), ctx.name),
            numeric=(1, 2, 3),
        ),
        table(
            ctx._(BY_TYPE),
            [ctx._(TYPE), *counts],
            tally_rows(ctx, dict(sorted(types.items())), lambda t: ctx._(ATTACK_TYPES[t])),
            numeric=(1, 2, 3),
        ),
        category_table(ctx),
    ]
    out += charts(ctx, months, types)
    return out


def category_table(ctx: Context) -> dict[str, Any]:
    records = ctx.evidence.records
    killed = Counter[str]()
    injured = Counter[str]()
    for r in records:
        cas = r.incident.casualties
        killed.update(civ=cas.killed.civilians, sec=cas.killed.security_forces)
        injured.update(civ=cas.injured.civilians, sec=cas.injured.security_forces)
    rows: list[list[str | list[Any]]] = [
        [ctx._(CIVILIANS), ctx.number(killed["civ"]), ctx.number(injured["civ"])],
        [ctx._(SECURITY), ctx.number(killed["sec"]), ctx.number(injured["sec"])],
        [
            bold(ctx._(TOTAL)),
            bold(ctx.number(killed.total())),
            bold(ctx.number(injured.total())),
        ],
    ]
    head = [ctx._(CATEGORY), ctx._(KILLED), ctx._(INJURED)]
    return table(ctx._(BY_CATEGORY), head, rows, numeric=(1, 2))


def charts(ctx: Context, months: dict[Any, Tally], types: dict[Any, Tally]) -> Blocks:
    from dossier.assemble.chart_specs import BarSpec
    from dossier.assemble.charts import draw_bars

    ordered = sorted(months)
    by_month = BarSpec(
        lang=ctx.lang,
        title=ctx._(CHART_MONTH),
        categories=tuple(month_label(m, ctx.lang) for m in ordered),
        series=(
            (ctx._(KILLED), tuple(months[m].killed for m in ordered)),
            (ctx._(INJURED), tuple(months[m].injured for m in ordered)),
        ),
        value_label=ctx._(PEOPLE),
        stacked=False,
    )
    kinds = sorted(types)
    records = ctx.evidence.records

    def killed(kind: str, attr: str) -> int:
        return sum(
            getattr(r.incident.casualties.killed, attr)
            for r in records
            if r.incident.attack_type == kind
        )

    by_category = BarSpec(
        lang=ctx.lang,
        title=ctx._(CHART_CATEGORY),
        categories=tuple(ctx._(ATTACK_TYPES[k]) for k in kinds),
        series=(
            (ctx._(CIVILIANS), tuple(killed(k, "civilians") for k in kinds)),
            (ctx._(SECURITY), tuple(killed(k, "security_forces") for k in kinds)),
        ),
        value_label=ctx._(PEOPLE),
        stacked=True,
    )
    # The caption names each figure; the drawing carries no title of its own.
    specs = [dataclasses.replace(spec, title="") for spec in (by_month, by_category)]
    return [
        figure(draw_bars(s, ctx.cache), t.title)
        for s, t in zip(specs, (by_month, by_category), strict=True)
    ]


def figure(drawn: Any, caption: str) -> dict[str, Any]:
    """A pandoc Figure of a chart: the SVG, with the PNG for Word beside it."""
    image = {
        "t": "Image",
        "c": [
            tree.attr("", (), png=str(drawn.png.resolve())),
            tree.text(caption),
            [str(drawn.svg.resolve()), ""],
        ],
    }
    return {
        "t": "Figure",
        "c": [tree.attr(), [None, [tree.plain(tree.text(caption))]], [tree.plain([image])]],
    }


# ---- map --------------------------------------------------------------------------


def incident_map(ctx: Context) -> Blocks:
    from dossier.assemble.chart_specs import MapSpec
    from dossier.assemble.charts import draw_map

    config = ctx.dossier.manifest.evidence
    if not config.boundaries:
        return []
    records = ctx.evidence.records
    geojson = (ctx.dossier.root / config.boundaries).resolve()
    counts = Counter(r.incident.location.admin1 for r in records)
    source = ""
    if config.boundaries_source:
        text = local(config.boundaries_source, ctx.lang, ctx.dossier.manifest.source_language)
        source = ctx._(BOUNDARIES, source=text)
    spec = MapSpec(
        lang=ctx.lang,
        title=ctx._(MAP_TITLE),
        geojson=geojson,
        name_property=config.boundaries_property,
        counts=tuple(sorted(counts.items())),
        points=tuple(
            (r.incident.location.longitude, r.incident.location.latitude, ctx.place(r))
            for r in records
            if r.incident.location.longitude is not None
            and r.incident.location.latitude is not None
        ),
        scale_note=ctx._(SCALE),
        source_note=source,
        legend_label=ctx._(INCIDENTS),
        labels=province_labels(ctx, geojson.read_bytes(), config.boundaries_property),
    )
    drawn = figure(draw_map(dataclasses.replace(spec, title=""), ctx.cache), spec.title)
    drawn["c"][2].append(tree.plain(tree.text(ctx._(MAP_NOTE))))
    return [drawn]


def province_labels(ctx: Context, geojson: bytes, key: str) -> tuple[tuple[str, str], ...]:
    """Each province of the boundaries file with its name in the language
    of the map (the glossary's; the file's own where it has none)."""
    try:
        features = json.loads(geojson).get("features", [])
    except (ValueError, AttributeError):
        return ()  # the map itself reports a file it cannot read
    names = {str(f.get("properties", {}).get(key)) for f in features if isinstance(f, dict)}
    return tuple((name, ctx.name(name)) for name in sorted(names) if ctx.name(name) != name)


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
            rows.append([label, record.id, description, captured, digest])
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
