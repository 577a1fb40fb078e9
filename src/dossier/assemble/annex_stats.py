"""The statistics of the annex (incidents and casualties by month, province,
type of attack and category, tables and charts) and its map of the
incidents, drawn through :mod:`dossier.assemble.charts`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from babel.dates import format_date

from dossier.assemble.annex_context import (
    BOUNDARIES,
    BY_CATEGORY,
    BY_MONTH,
    BY_PROVINCE,
    BY_TYPE,
    CATEGORY,
    CHART_CATEGORY,
    CHART_MONTH,
    CIVILIANS,
    INCIDENTS,
    INJURED,
    KILLED,
    MAP_NOTE,
    MAP_TITLE,
    MONTH,
    PEOPLE,
    PROVINCE,
    SCALE,
    SECURITY,
    TOTAL,
    TYPE,
    Blocks,
    Context,
    bold,
    figure,
    table,
)
from dossier.assemble.chart_specs import BarSpec, MapSpec
from dossier.core import tree
from dossier.core.localise import ARABIC_MONTHS, un_year
from dossier.core.model import local
from dossier.core.typography import typeset
from dossier.load.evidence import Record


def month_label(day: dt.date, lang: str) -> str:
    """'August 2026' as the language writes a month on its own, the label
    of a table row or a chart's bar: capitalised, as a cell begins.

    >>> [month_label(dt.date(2026, 8, 9), lang) for lang in ("fr", "es", "ru")]
    ['Août 2026', 'Agosto de 2026', 'Август 2026 года']
    >>> month_label(dt.date(2026, 8, 9), "zh"), month_label(dt.date(2026, 8, 9), "ar")
    ('2026年8月', 'آب/أغسطس 2026')
    """
    if lang == "ar":
        return f"{ARABIC_MONTHS[day.month - 1]} {day.year}"
    if lang == "zh":
        return f"{day.year}年{day.month}月"
    text = str(format_date(day, MONTH_PATTERNS.get(lang, "LLLL y"), locale=lang))
    return text[:1].upper() + text[1:]


# A month and its year as the UN's Spanish and Russian services write them:
# "agosto de 2026", "август 2026 года" (the month in the nominative).
MONTH_PATTERNS = {"es": "LLLL 'de' y", "ru": "LLLL y 'года'"}


def month_of(record: Record) -> tuple[int, int]:
    """The (year, month) an incident is counted in: month 0, before
    January (where the chronological list has it), when only the year is
    known."""
    inc = record.incident
    return inc.event_date.year, 0 if inc.time_precision >= 4 else inc.event_date.month


def period_label(period: tuple[int, int], lang: str) -> str:
    """A row of the table by month: the month, or the year alone."""
    year, month = period
    if month == 0:
        return un_year(dt.date(year, 1, 1), lang)
    return month_label(dt.date(year, month, 1), lang)


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
    months = tallies(records, month_of)
    provinces = tallies(records, lambda r: r.incident.location.admin1)
    types = tallies(records, ctx.kind)
    out: Blocks = [
        table(
            ctx._(BY_MONTH),
            [ctx._(MONTH), *counts],
            tally_rows(ctx, dict(sorted(months.items())), lambda m: period_label(m, ctx.lang)),
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
            tally_rows(ctx, {k: types[k] for k in ctx.kinds(types)}, ctx.kind_label),
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
    from dossier.assemble.charts import draw_bars

    ordered = sorted(months)
    by_month = BarSpec(
        lang=ctx.lang,
        title=ctx._(CHART_MONTH),
        categories=tuple(period_label(m, ctx.lang) for m in ordered),
        series=(
            (ctx._(KILLED), tuple(months[m].killed for m in ordered)),
            (ctx._(INJURED), tuple(months[m].injured for m in ordered)),
        ),
        value_label=ctx._(PEOPLE),
        stacked=False,
    )
    kinds = ctx.kinds(types)
    records = ctx.evidence.records

    def killed(kind: str, attr: str) -> int:
        return sum(
            getattr(r.incident.casualties.killed, attr) for r in records if ctx.kind(r) == kind
        )

    by_category = BarSpec(
        lang=ctx.lang,
        title=ctx._(CHART_CATEGORY),
        categories=tuple(ctx.kind_label(k) for k in kinds),
        series=(
            (ctx._(CIVILIANS), tuple(killed(k, "civilians") for k in kinds)),
            (ctx._(SECURITY), tuple(killed(k, "security_forces") for k in kinds)),
        ),
        value_label=ctx._(PEOPLE),
        stacked=True,
    )
    # The caption names each figure; the drawing carries no title of its own.
    specs = [dataclasses.replace(drawn_bars(spec), title="") for spec in (by_month, by_category)]
    return [
        figure(draw_bars(s, ctx.cache), t.title)
        for s, t in zip(specs, (by_month, by_category), strict=True)
    ]


# ---- map --------------------------------------------------------------------------


def incident_map(ctx: Context) -> Blocks:
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
    drawn = figure(draw_map(dataclasses.replace(drawn_map(spec), title=""), ctx.cache), spec.title)
    tree.children(drawn).append(tree.plain(tree.text(ctx._(MAP_NOTE))))
    return [drawn]


def drawn_words(text: str, lang: str) -> str:
    """A word drawn in a chart or a map in the typography of its language
    (:func:`dossier.core.typography.typeset`: "d’attaque", French spaces),
    beginning with a capital, as a table's cell does ("Poste de Tarn")."""
    text = typeset(text, lang)
    return text[:1].upper() + text[1:]


def drawn_bars(spec: BarSpec) -> BarSpec:
    """``spec`` with its drawn words as :func:`drawn_words` writes them."""
    lang = spec.lang
    return dataclasses.replace(
        spec,
        categories=tuple(drawn_words(c, lang) for c in spec.categories),
        series=tuple((drawn_words(name, lang), values) for name, values in spec.series),
        value_label=drawn_words(spec.value_label, lang),
    )


def drawn_map(spec: MapSpec) -> MapSpec:
    """``spec`` with its drawn words as :func:`drawn_words` writes them."""
    lang = spec.lang
    return dataclasses.replace(
        spec,
        points=tuple((x, y, drawn_words(name, lang)) for x, y, name in spec.points),
        labels=tuple((key, drawn_words(name, lang)) for key, name in spec.labels),
        source_note=typeset(spec.source_note, lang),
        legend_label=drawn_words(spec.legend_label, lang),
    )


def province_labels(ctx: Context, geojson: bytes, key: str) -> tuple[tuple[str, str], ...]:
    """Each province of the boundaries file with its name in the language
    of the map (the glossary's; the file's own where it has none)."""
    try:
        features = json.loads(geojson).get("features", [])
    except (ValueError, AttributeError):
        return ()  # the map itself reports a file it cannot read
    names = {str(f.get("properties", {}).get(key)) for f in features if isinstance(f, dict)}
    return tuple((name, ctx.name(name)) for name in sorted(names) if ctx.name(name) != name)
