"""Charts and maps of the statistics annex, drawn with matplotlib (Agg) from
the dossier's own data only: no tiles, no downloads.

Each figure is described by a spec (plain data); the files are written once
into a cache folder under a name derived from the spec's content, so a chart
is redrawn only when its data, labels or language change. Every figure comes
as SVG (HTML and PDF) and as a 200 dpi PNG (DOCX).

Labels arrive already localised (the caller takes them from the catalogues);
this module formats numbers and lays out text for the language: Arabic and
Urdu shaped and ordered right to left, Chinese in a CJK font.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    # (longitude, latitude, label) of each incident
    points: tuple[tuple[float, float, str], ...]
    scale_note: str
    source_note: str
    legend_label: str


def draw_bars(spec: BarSpec, cache: Path) -> Figure:
    raise NotImplementedError


def draw_map(spec: MapSpec, cache: Path) -> Figure:
    raise NotImplementedError
