"""The drawing behind :mod:`dossier.assemble.charts` (which says what the
figures are and caches them): matplotlib, imported only when a figure is not
cached yet. Text is shaped by matplotlib itself (libraqm: HarfBuzz and
FriBidi), so Arabic joins and Urdu is set in Nastaliq.

Here: both files of a figure written, and the map drawn (provinces, colour
and scale bars, notes, the incidents and the names of their places). The
bars are in :mod:`~dossier.assemble.charts_bars`, the look of each language
in :mod:`~dossier.assemble.charts_style`, the map's geometry in
:mod:`~dossier.assemble.charts_geometry`."""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox, blended_transform_factory

from dossier.assemble import charts_labels as labels
from dossier.assemble.chart_specs import BarSpec, Figure, MapSpec
from dossier.assemble.charts_bars import (
    _bars_figure,
    _check_bars,
)
from dossier.assemble.charts_geometry import (
    Province,
    _extent,
    _largest,
    _nice_km,
    _path,
    label_point,
    read_provinces,
)
from dossier.assemble.charts_ink import _box, _ink_box, _measure
from dossier.assemble.charts_style import (
    DPI,
    FAMILIES,
    GREY,
    INK,
    KM_PER_DEGREE,
    LABEL_SIZE,
    MAP_SIZE,
    NAME_INK,
    PNG_METADATA,
    POINT,
    SVG_METADATA,
    _km,
    _number,
    _rc,
    _rtl,
    _weight,
)

# ---- drawing into the files the cache named ---------------------------------


def render(out: Figure, lang: str, draw: Callable[[], MplFigure]) -> None:
    """Draw and write both files of ``out``."""
    out.svg.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(_rc(lang)):
        fig = draw()
        _save(fig, out.svg, "svg", SVG_METADATA)
        _save(fig, out.png, "png", PNG_METADATA)


def render_bars(spec: BarSpec, out: Figure) -> None:
    _check_bars(spec)
    render(out, spec.lang, lambda: _bars_figure(spec))


def render_map(spec: MapSpec, data: bytes, out: Figure) -> None:
    render(out, spec.lang, lambda: _map_figure(spec, data))


def _save(fig: MplFigure, path: Path, fmt: str, metadata: dict[str, Any]) -> None:
    """Write atomically: into a temporary file of the same folder, renamed."""
    # named as every temporary of a build folder: swept if a kill leaves it
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            fig.savefig(stream, format=fmt, dpi=DPI, metadata=metadata)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---- map: drawing -----------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """The map's data extent and how it is squeezed: x shrunk by the cosine
    of the mean latitude, so that a km is as long east-west as north-south."""

    west: float
    east: float
    south: float
    north: float

    @property
    def cos(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def aspect(self) -> float:
        """Width over height on paper."""
        return (self.east - self.west) * self.cos / (self.north - self.south)

    def degrees(self, km: float) -> float:
        """The longitude span of ``km`` at the mean latitude."""
        return km / (KM_PER_DEGREE * self.cos)


def _map_figure(spec: MapSpec, data: bytes) -> MplFigure:
    provinces = read_provinces(data, spec.name_property)
    if not provinces:
        raise ValueError(f"{spec.geojson}: no Polygon or MultiPolygon feature")
    frame = _Frame(*_extent(provinces, spec))
    fig = MplFigure(figsize=MAP_SIZE, dpi=DPI)
    ax, cax = _map_axes(fig, frame, _rtl(spec.lang))
    norm = Normalize(0, max([c for _, c in spec.counts] + [1]))
    cmap = _light_blues()
    _provinces(ax, provinces, spec, norm, cmap)
    _colour_bar(fig, cax, norm, cmap, spec)
    furniture = [cax, *_scale_bar(ax, frame, spec), *_notes(fig, spec)]
    _incidents(ax, provinces, spec, furniture)
    return fig


def _map_axes(fig: MplFigure, frame: _Frame, rtl: bool) -> tuple[Axes, Axes]:
    """The map as large as it goes between title and notes, centred, with
    the colour bar beside it (on the left for a right-to-left language)."""
    width, height = MAP_SIZE
    top, bottom, side = 0.45, 0.75, 1.2  # inches for title, scale and notes, bar
    h = height - top - bottom
    w = min(h * frame.aspect, width - 2 * side)
    h = w / frame.aspect
    left = (width - w) / 2
    y = bottom + (height - top - bottom - h) / 2
    ax = fig.add_axes((left / width, y / height, w / width, h / height))
    ax.set_xlim(frame.west, frame.east)
    ax.set_ylim(frame.south, frame.north)
    ax.set_aspect(1 / frame.cos)
    ax.set_axis_off()
    bar_x = left - 0.3 if rtl else left + w + 0.18
    bar_h = min(h * 0.55, 1.6)
    cax = fig.add_axes(
        (bar_x / width, (y + (h - bar_h) / 2) / height, 0.12 / width, bar_h / height)
    )
    return ax, cax


def _light_blues() -> LinearSegmentedColormap:
    """The lighter two thirds of ColorBrewer's Blues: names stay legible."""
    colours = colormaps["Blues"](np.linspace(0.06, 0.6, 256))
    return LinearSegmentedColormap.from_list("light-blues", colours)


def _provinces(
    ax: Axes,
    provinces: list[Province],
    spec: MapSpec,
    norm: Normalize,
    cmap: LinearSegmentedColormap,
) -> None:
    """The provinces shaded by their count (named by :func:`_names`)."""
    counts = dict(spec.counts)
    for province in provinces:
        colour = cmap(norm(counts.get(province.name, 0)))
        ax.add_patch(PathPatch(_path(province), facecolor=colour, edgecolor="white", lw=1.2))


def _halo() -> list[patheffects.AbstractPathEffect]:
    return [patheffects.withStroke(linewidth=2.2, foreground="white")]


def _colour_bar(
    fig: MplFigure, cax: Axes, norm: Normalize, cmap: LinearSegmentedColormap, spec: MapSpec
) -> None:
    rtl, lang = _rtl(spec.lang), spec.lang
    bar = fig.colorbar(ScalarMappable(norm, cmap), cax=cax)
    bar.outline.set_visible(False)
    bar.locator = MaxNLocator(nbins=4, integer=True)
    bar.formatter = FuncFormatter(lambda value, _: _number(value, lang))
    bar.update_ticks()
    cax.tick_params(length=0, labelsize=7.5)
    if rtl:
        cax.yaxis.tick_left()
        cax.yaxis.set_label_position("left")
    bar.set_label(spec.legend_label, fontsize=8)


def _scale_bar(ax: Axes, frame: _Frame, spec: MapSpec) -> list[Artist]:
    """A bar of a round number of km under the map, on the side where lines
    start, with its length, and the scale note unless it only repeats the
    unit of that length ("km" beside "100 km")."""
    km = _nice_km((frame.east - frame.west) * KM_PER_DEGREE * frame.cos)
    span = frame.degrees(km)
    rtl = _rtl(spec.lang)
    x0 = frame.east - span if rtl else frame.west
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    style: dict[str, Any] = {"transform": trans, "clip_on": False, "color": INK}
    drawn: list[Artist] = []
    drawn += ax.plot([x0, x0, x0 + span, x0 + span], [-0.02, -0.04, -0.04, -0.02], lw=1, **style)
    length = _km(km, spec.lang)
    drawn.append(
        ax.text(x0 + span / 2, -0.055, length, ha="center", va="top", fontsize=7.5, **style)
    )
    if not _repeats(spec.scale_note, length):
        note_x = x0 - span * 0.1 if rtl else x0 + span * 1.1
        drawn.append(
            ax.text(
                note_x,
                -0.03,
                spec.scale_note,
                ha="right" if rtl else "left",
                va="center",
                fontsize=7,
                **style | {"color": GREY},
            )
        )
    return drawn


def _repeats(note: str, length: str) -> bool:
    """Whether ``note`` says nothing that ``length`` does not (spaces and
    case aside): nothing, or only its unit.

    >>> _repeats("km", "100 km"), _repeats("کلومیٹر", "100 کلو میٹر")
    (True, True)
    >>> _repeats("Approximate scale", "100 km")
    False
    """
    return "".join(note.split()).casefold() in "".join(length.split()).casefold()


def _notes(fig: MplFigure, spec: MapSpec) -> list[Artist]:
    """Title on top, source at the bottom (italic only in Latin script)."""
    rtl = _rtl(spec.lang)
    x, ha = (0.985, "right") if rtl else (0.015, "left")
    drawn: list[Artist] = []
    if spec.title:
        weight = _weight(spec.lang)
        drawn.append(
            fig.text(x, 0.975, spec.title, ha=ha, va="top", fontsize=10.5, fontweight=weight)
        )
    italic = "normal" if spec.lang in FAMILIES else "italic"  # none in Arabic script, CJK
    drawn.append(
        fig.text(
            x, 0.02, spec.source_note, ha=ha, va="bottom", fontsize=7, color=GREY, style=italic
        )
    )
    return drawn


# ---- map: incidents and names ----------------------------------------------


def _incidents(ax: Axes, provinces: list[Province], spec: MapSpec, furniture: list[Artist]) -> None:
    """The incidents as dots, the province names where they cover fewest
    dots, then the places' names where they hide nothing (see
    :mod:`~dossier.assemble.charts_labels`)."""
    fig = ax.get_figure()
    assert isinstance(fig, MplFigure)
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    lonlat = np.array([(lon, lat) for lon, lat, _ in spec.points], dtype=float).reshape(-1, 2)
    if len(lonlat):
        lons, lats = lonlat[:, 0], lonlat[:, 1]
        ax.scatter(lons, lats, s=16, color=POINT, edgecolors="white", linewidths=0.6, zorder=4)
    dots = ax.transData.transform(lonlat)
    taken = labels.Taken()
    for name in _names(ax, provinces, spec, dots, renderer):
        taken.add(name)
    for artist in furniture:
        box = artist.get_tightbbox(renderer)
        if box is not None:
            taken.add(_box(_padded(box)))
    for x, y in dots:
        taken.add(labels.dot_box((float(x), float(y)), fig.dpi))
    _places(ax, spec, dots, taken, renderer)


def _names(
    ax: Axes,
    provinces: list[Province],
    spec: MapSpec,
    dots: np.ndarray[Any, np.dtype[Any]],
    renderer: RendererBase,
) -> list[labels.Box]:
    """Each province's name at the centre of its largest part, or moved
    where it covers fewer dots; over the dots, to stay legible. Returns
    the padded boxes of their ink."""
    names = dict(spec.labels)
    dpi = ax.figure.dpi
    drawn = []
    for province in provinces:
        xy = label_point(province)
        name = ax.annotate(
            names.get(province.name, province.name),
            xy,
            ha="center",
            va="center",
            fontsize=8.5,
            color=NAME_INK,
            path_effects=_halo(),
            zorder=4.5,
            parse_math=False,
        )
        ring = ax.transData.transform(np.array(_largest(province), dtype=float))
        outline = MplPath(ring)
        x0, y0, x1, y1 = _ink_box(name, renderer)
        pad = labels.PAD * dpi / 72
        box = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        area = (*ring.min(axis=0), *ring.max(axis=0))
        sx, sy = labels.name_shift(box, area, outline.contains_points, dots, dpi)
        if (sx, sy) != (0.0, 0.0):
            centre = ax.transData.transform(xy)
            moved = tuple(ax.transData.inverted().transform(centre + np.array((sx, sy))))
            name.xy = name.xyann = moved  # the point and the text (at the point)
            box = box[0] + sx, box[1] + sy, box[2] + sx, box[3] + sy
        drawn.append(box)
    return drawn


def _places(
    ax: Axes,
    spec: MapSpec,
    dots: np.ndarray[Any, np.dtype[Any]],
    taken: labels.Taken,
    renderer: RendererBase,
) -> None:
    """Each place named once, most incidents first, where the name hides
    nothing taken and stays on the figure; left out where it cannot."""
    fig = ax.get_figure()
    assert isinstance(fig, MplFigure)
    places = labels.PLACES
    if _rtl(spec.lang):
        places = tuple(labels.mirrored(place) for place in places)
    page = _box(fig.bbox)
    measure = _measure(fig, renderer)
    pixels = [(float(x), float(y)) for x, y in dots]
    for site in labels.sites(spec.points, pixels, labels.NEAR * fig.dpi / 72):
        anchors = [site.anchor(place) for place in places]
        corners = ax.transData.transform(np.array(anchors))
        size = measure(site.label)
        snug = [labels.snug(place, size, fig.dpi) for place in places]
        boxes = [
            labels.label_box(size, (float(x), float(y)), place, fig.dpi)
            for (x, y), place in zip(corners, snug, strict=True)
        ]
        best = labels.choose(boxes, taken, page)
        if best is not None:
            taken.add(boxes[best])
            _label(ax, anchors[best], site.label, snug[best])


def _padded(box: Bbox) -> Bbox:
    """A text's box with room for its white halo and some air."""
    return box.padded(labels.PAD * DPI / 72)


def _label(ax: Axes, xy: tuple[float, float], label: str, place: labels.Place) -> None:
    dx, dy, ha, va = place
    ax.annotate(
        label,
        xy,
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=LABEL_SIZE,
        color=POINT,
        path_effects=_halo(),
        zorder=5,
        annotation_clip=False,
        parse_math=False,
    )
