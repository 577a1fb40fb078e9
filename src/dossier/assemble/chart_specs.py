"""What a chart or map of the statistics annex shows, as plain data: the
specs that :mod:`dossier.assemble.charts` caches figures by and
:mod:`dossier.assemble.charts_draw` draws from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    svg: Path
    png: Path


@dataclass(frozen=True)
class BarSpec:
    """Grouped or stacked bars: one bar group per category."""

    lang: str
    title: str
    categories: tuple[str, ...]
    # series name -> one value per category (e.g. "Civilians" -> (9, 0, 5 ...)).
    series: tuple[tuple[str, tuple[int, ...]], ...]
    value_label: str
    stacked: bool = True


@dataclass(frozen=True)
class MapSpec:
    """Provinces from a GeoJSON file, shaded by count, incidents as points."""

    lang: str
    title: str
    geojson: Path
    name_property: str
    # province name -> number of incidents
    counts: tuple[tuple[str, int], ...]
    # (longitude, latitude, label) of each incident; the label (its place) is
    # drawn once for the incidents of one place, where there is room for it
    points: tuple[tuple[float, float, str], ...]
    # beside the scale bar, unless it only repeats the unit of its length ("km")
    scale_note: str
    source_note: str
    legend_label: str
    # province name (as in the GeoJSON) -> its name in the language of the
    # map; a province not listed is labelled with the GeoJSON's name
    labels: tuple[tuple[str, str], ...] = field(default=())
