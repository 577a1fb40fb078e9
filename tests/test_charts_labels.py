"""Where the map puts the names of the incidents: the grid of boxes taken
gives the very placement that measuring every label against every box did."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox, BboxBase

from dossier.evidence import charts_draw as charts
from dossier.evidence.charts import MapSpec

NAMES = {
    "en": ("Tarn", "Kell", "Saint-Aubin-des-Bois", "Ys", "Lower Marlow", "Oska"),
    "ar": ("تارن", "كيل", "سانت أوبان", "إيس", "مارلو السفلى", "أوسكا"),
    "zh": ("塔恩", "凯尔", "圣奥班德布瓦", "伊斯", "下马洛", "奥斯卡"),
}


def square(x: float, y: float) -> list[list[float]]:
    return [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]


@pytest.fixture
def geojson(tmp_path: Path) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [square(x, 40)]},
        }
        for name, x in (("West", 10), ("East", 11))
    ]
    path = tmp_path / "provinces.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def spec(geojson: Path, lang: str, points: tuple[tuple[float, float, str], ...]) -> MapSpec:
    return MapSpec(
        lang=lang,
        title="",
        geojson=geojson,
        name_property="name",
        counts=(("West", 3), ("East", 1)),
        points=points,
        scale_note="km",
        source_note="Source",
        legend_label="Incidents",
    )


def crowd(lang: str, count: int, seed: int = 7) -> tuple[tuple[float, float, str], ...]:
    """``count`` incidents strewn over the two provinces, some at one place."""
    rng = random.Random(seed)
    points: list[tuple[float, float, str]] = []
    for _ in range(count):
        lon, lat = rng.uniform(10, 12), rng.uniform(40, 41)
        if points and rng.random() < 0.2:
            lon, lat, _ = rng.choice(points)  # another incident at the same place
        points.append((round(lon, 3), round(lat, 3), rng.choice(NAMES[lang])))
    return tuple(points)


def draw(spec: MapSpec) -> MplFigure:
    with matplotlib.rc_context(charts._rc(spec.lang)):
        return charts._map_figure(spec, spec.geojson.read_bytes())


def placed(fig: MplFigure) -> list[tuple[Any, ...]]:
    """Each incident's label: its text, point, offset and alignment."""
    return [
        (
            t.get_text(),
            tuple(t.xy),
            tuple(t.xyann),
            t.get_horizontalalignment(),
            t.get_verticalalignment(),
        )
        for t in fig.axes[0].texts
        if isinstance(t, Annotation) and t.get_color() == charts.POINT
    ]


def brute_force_points(ax: Axes, spec: MapSpec, avoid: list[Artist]) -> None:
    """The placement before the grid: each place tried in turn, its box
    asked of matplotlib and measured against every box taken."""
    lons, lats, _ = zip(*spec.points, strict=True)
    ax.scatter(lons, lats, s=16, color=charts.POINT, zorder=4)
    fig = ax.get_figure()
    assert isinstance(fig, MplFigure)
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    boxes = (artist.get_tightbbox(renderer) for artist in avoid)
    taken = [charts._padded(box) for box in boxes if box is not None]
    r = 3 * charts.DPI / 72
    for lon, lat in zip(lons, lats, strict=True):
        x, y = ax.transData.transform((lon, lat))
        taken.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
    rtl = charts._rtl(spec.lang)
    for lon, lat, label in spec.points:
        text = ax.annotate(
            label,
            (lon, lat),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=charts.LABEL_SIZE,
            color=charts.POINT,
        )
        best: tuple[float, Bbox, charts.Place] | None = None
        for place in charts.PLACES:
            place = charts._mirrored(place) if rtl else place
            dx, dy, ha, va = place
            text.xyann = (dx, dy)
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            box = charts._padded(text.get_window_extent(renderer))
            overlap = sum(overlap_area(box, other) for other in taken)
            overlap += 4 * (box.width * box.height - overlap_area(box, fig.bbox))
            if best is None or overlap < best[0]:
                best = (overlap, box, place)
            if overlap == 0:
                break
        assert best is not None
        text.xyann = best[2][:2]
        text.set_horizontalalignment(best[2][2])
        text.set_verticalalignment(best[2][3])
        taken.append(best[1])


def overlap_area(a: BboxBase, b: BboxBase) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(max(w, 0) * max(h, 0))


@pytest.mark.parametrize(("lang", "count"), [("en", 60), ("ar", 40), ("zh", 8)])
def test_same_places_as_measuring_every_box(
    lang: str, count: int, geojson: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    map_spec = spec(geojson, lang, crowd(lang, count))
    fig = draw(map_spec)
    fast = placed(fig)
    monkeypatch.setattr(charts, "_points", brute_force_points)
    slow = placed(draw(map_spec))
    assert len(fast) == count
    assert fast == slow
    if count > 20:  # a crowd: labels at every place, some over others
        assert len({place[3:] for place in fast}) == len(charts.PLACES)
        boxes = label_boxes(fig)
        assert any(charts._overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def label_boxes(fig: MplFigure) -> list[charts.Box]:
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    labels = [t for t in fig.axes[0].texts if t.get_color() == charts.POINT]
    return [charts._box(t.get_window_extent(renderer)) for t in labels]


def test_labels_with_room_overlap_nothing(geojson: Path) -> None:
    points = (
        (10.2, 40.2, "Tarn"),
        (10.3, 40.8, "Lower Marlow"),
        (11.4, 40.3, "Kell"),
        (11.7, 40.75, "Saint-Aubin-des-Bois"),
        (11.0, 40.5, "Ys"),
        (10.6, 40.5, "Oska"),
    )
    fig = draw(spec(geojson, "en", points))
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    ax = fig.axes[0]
    assert [p[0] for p in placed(fig)] == [p[2] for p in points]
    names = [t for t in ax.texts if t.get_color() == charts.NAME_INK]
    boxes = label_boxes(fig)
    for a, b in itertools.combinations(boxes, 2):
        assert charts._overlap(a, b) == 0
    for box in boxes:
        assert charts._outside(box, charts._box(fig.bbox)) == 0
        for name in names:
            assert charts._overlap(box, charts._box(name.get_window_extent(renderer))) == 0
        for lon, lat, _ in points:
            x, y = ax.transData.transform((lon, lat))
            dot = charts._dot((float(x), float(y)))
            assert charts._overlap(box, dot) == 0


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_label_box_is_matplotlibs(lang: str) -> None:
    """The boxes computed from one measure per label are, to the bit, the
    window extents matplotlib gives the label at each place."""
    with matplotlib.rc_context(charts._rc(lang)):
        fig = MplFigure(figsize=charts.MAP_SIZE, dpi=charts.DPI)
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.set_xlim(10, 12)
        ax.set_ylim(40, 41)
        renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
        measure = charts._measure(fig, renderer)
        where = [(10.37, 40.21), (11.9, 40.999)] * 3
        for name, (lon, lat) in zip(NAMES[lang], where, strict=True):
            x, y = ax.transData.transform((lon, lat))
            anchor = float(x), float(y)
            for place in [*charts.PLACES, *map(charts._mirrored, charts.PLACES)]:
                dx, dy, ha, va = place
                text = ax.annotate(
                    name,
                    (lon, lat),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontsize=charts.LABEL_SIZE,
                )
                box = charts._box(charts._padded(text.get_window_extent(renderer)))
                assert charts._label_box(measure(name), anchor, place, fig.dpi) == box
                text.remove()


def test_taken_sums_as_over_every_box() -> None:
    """The grid's sum of overlaps is the float a sum over all boxes gives,
    boxes on cell borders, touching, huge or turned inside out included."""
    rng = random.Random(3)

    def box() -> charts.Box:
        if rng.random() < 0.3:  # on the grid's lines
            x, y = (rng.randrange(-3, 12) * charts.CELL for _ in range(2))
            w, h = (rng.randrange(1, 3) * charts.CELL for _ in range(2))
        else:
            x, y = rng.uniform(-100, 600), rng.uniform(-100, 600)
            w, h = rng.expovariate(1 / 60), rng.expovariate(1 / 20)
            if rng.random() < 0.05:
                w = -w
        return x, y, x + w, y + h

    taken = charts.Taken()
    every: list[charts.Box] = []
    for _ in range(400):
        boxes = [box() for _ in range(8)]
        expected = [sum(charts._overlap(b, other) for other in every) for b in boxes]
        assert taken.overlaps(boxes) == expected
        chosen = rng.choice(boxes)
        taken.add(chosen)
        every.append(chosen)
    assert sum(1 for b in every for other in every if charts._overlap(b, other) > 0) > len(every)
