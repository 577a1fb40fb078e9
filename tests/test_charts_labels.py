"""Where the map puts the names of the incidents' places: each place named
once, most incidents first, a name only where it hides nothing, and the
grid of boxes taken chooses as measuring every label against every box."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.text import Annotation
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D

from dossier.assemble import charts_draw as charts
from dossier.assemble import charts_labels as labels
from dossier.assemble.chart_specs import MapSpec
from dossier.assemble.charts import draw_map

NAMES = {
    "en": ("Tarn", "Kell", "Saint-Aubin-des-Bois", "Ys", "Lower Marlow", "Oska"),
    "ar": ("تارن", "كيل", "سانت أوبان", "إيس", "مارلو السفلى", "أوسكا"),
    "zh": ("塔恩", "凯尔", "圣奥班德布瓦", "伊斯", "下马洛", "奥斯卡"),
}
EXAMPLE = Path(__file__).parents[1] / "dossiers" / "example" / "geo" / "aldoria-provinces.geojson"
# the example dossier's incidents, with their places as each language names them
EXAMPLE_POINTS = (
    *((-18.95, -37.62), (-17.48, -37.21), (-18.41, -37.84)),
    *((-17.9, -37.45), (-16.22, -37.32), (-17.05, -37.88)),
)
EXAMPLE_PLACES = {
    "en": ("Kellbrook", "Tarn Pass post", "Orlen", "Halden Ford", "Eskmoor post", "Mill Ford road"),
    "ar": ("كيلبروك", "مركز تارن", "أورلن", "Halden Ford", "مركز إسكمور", "طريق ميل فورد"),
    "zh": ("凯尔布鲁克", "塔恩哨所", "奥伦", "Halden Ford", "埃斯克穆尔哨所", "米尔福德公路"),
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


def spec(
    geojson: Path, lang: str, points: tuple[tuple[float, float, str], ...], **more: Any
) -> MapSpec:
    fields: dict[str, Any] = {
        "lang": lang,
        "title": "",
        "geojson": geojson,
        "name_property": "name",
        "counts": (("West", 3), ("East", 1)),
        "points": points,
        "scale_note": "km",
        "source_note": "Source",
        "legend_label": "Incidents",
    }
    return MapSpec(**fields | more)


def crowd(lang: str, count: int, seed: int = 7) -> tuple[tuple[float, float, str], ...]:
    """``count`` incidents strewn over the two provinces, some at one place
    (the same point, or a few hundred metres away)."""
    rng = random.Random(seed)
    points: list[tuple[float, float, str]] = []
    for _ in range(count):
        lon, lat = rng.uniform(10, 12), rng.uniform(40, 41)
        label = rng.choice(NAMES[lang])
        if points and rng.random() < 0.3:  # another incident at the same place
            lon, lat, label = rng.choice(points)
            lon, lat = lon + rng.uniform(-0.004, 0.004), lat + rng.uniform(-0.004, 0.004)
        points.append((round(lon, 4), round(lat, 4), label))
    return tuple(points)


def draw(spec: MapSpec) -> MplFigure:
    with matplotlib.rc_context(charts._rc(spec.lang)):
        return charts._map_figure(spec, spec.geojson.read_bytes())


def drawn_labels(fig: MplFigure) -> list[Annotation]:
    return [
        t for t in fig.axes[0].texts if isinstance(t, Annotation) and t.get_color() == charts.POINT
    ]


def placed(fig: MplFigure) -> list[tuple[Any, ...]]:
    """Each place's label: its text, point, offset and alignment."""
    return [
        (
            t.get_text(),
            tuple(t.xy),
            tuple(t.xyann),
            t.get_horizontalalignment(),
            t.get_verticalalignment(),
        )
        for t in drawn_labels(fig)
    ]


def renderer(fig: MplFigure) -> RendererBase:
    return FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call,no-any-return]


def label_boxes(fig: MplFigure) -> list[labels.Box]:
    """The boxes of the drawn labels' ink, padded for their halo."""
    r = renderer(fig)
    pad = labels.PAD * fig.dpi / 72
    boxes = (charts._ink_box(t, r) for t in drawn_labels(fig))
    return [(x0 - pad, y0 - pad, x1 + pad, y1 + pad) for x0, y0, x1, y1 in boxes]


def obstacles(fig: MplFigure, points: tuple[tuple[float, float, str], ...]) -> list[labels.Box]:
    """What a label must not hide: the province names, the colour bar, the
    scale, the notes and every incident's dot, asked of the drawn figure."""
    r = renderer(fig)
    ax, cax = fig.axes
    pad = labels.PAD * fig.dpi / 72
    boxes: list[labels.Box] = []
    for name in (t for t in ax.texts if t.get_color() == charts.NAME_INK):  # their ink
        x0, y0, x1, y1 = charts._ink_box(name, r)
        boxes.append((x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    furniture = [cax, *ax.lines, *(t for t in ax.texts if type(t) is not Annotation), *fig.texts]
    for artist in furniture:
        box = artist.get_tightbbox(r)
        assert box is not None
        boxes.append(charts._box(charts._padded(box)))
    for lon, lat, _ in points:
        x, y = ax.transData.transform((lon, lat))
        boxes.append(labels.dot_box((float(x), float(y)), fig.dpi))
    return boxes


def assert_nothing_hidden(fig: MplFigure, points: tuple[tuple[float, float, str], ...]) -> None:
    boxes = label_boxes(fig)
    page = charts._box(fig.bbox)
    for a, b in itertools.combinations(boxes, 2):
        assert labels.overlap(a, b) == 0
    others = obstacles(fig, points)
    for box in boxes:
        assert labels.inside(box, page)
        assert not [other for other in others if labels.overlap(box, other)]


# ---- one label per place, most incidents first ------------------------------------


def test_one_label_per_place(geojson: Path) -> None:
    points = (
        *((10.30 + i * 0.002, 40.40 + i * 0.001, "Tarn") for i in range(5)),
        (11.40, 40.60, "Kell"),
        (11.40, 40.60, "Kell"),
        (11.70, 40.20, "Tarn"),  # another Tarn, in the other province
    )
    fig = draw(spec(geojson, "en", tuple(points)))
    assert sorted(p[0] for p in placed(fig)) == ["Kell", "Tarn", "Tarn"]
    # the label of the five Tarn incidents is set off their whole group
    five = next(t for t in drawn_labels(fig) if t.xy[1] < 40.5 and t.xy[0] < 11)
    site = labels.Site("Tarn", 5, 10.30, 40.40, 10.308, 40.404)
    assert five.xy in {site.anchor(place) for place in labels.PLACES}
    assert_nothing_hidden(fig, tuple(points))


def test_sites_most_incidents_first_whatever_the_order() -> None:
    points = [
        (1.0, 1.0, "Ys"),
        (5.0, 5.0, "Kell"),
        (5.0, 5.001, "Kell"),
        (1.0, 1.0, ""),  # no name: not labelled
        (9.0, 9.0, "Tarn"),
        (1.0, 1.001, "Ys"),
        (3.0, 3.0, "Abel"),
    ]
    pixels = [(x * 100, y * 100) for x, y, _ in points]
    expected = [("Kell", 2), ("Ys", 2), ("Abel", 1), ("Tarn", 1)]
    assert [(s.label, s.count) for s in labels.sites(points, pixels, 12)] == expected
    order = [6, 2, 4, 0, 3, 1, 5]
    shuffled = labels.sites([points[i] for i in order], [pixels[i] for i in order], 12)
    assert shuffled == labels.sites(points, pixels, 12)
    # incidents of one name chained within the distance are one place
    chain = [(float(i), 0.0, "Ys") for i in range(5)] + [(20.0, 0.0, "Ys")]
    found = labels.sites(chain, [(x * 10, y) for x, y, _ in chain], 12)
    assert [(s.count, s.west, s.east) for s in found] == [(5, 0.0, 4.0), (1, 20.0, 20.0)]


def test_most_incidents_named_first(geojson: Path) -> None:
    """Nine places at one point, with 1 to 9 incidents: not all have room,
    those that do are those with most incidents, in whatever order."""
    points = [(10.5, 40.5, f"P{n}") for n in range(1, 10) for _ in range(n)]
    fig = draw(spec(geojson, "en", tuple(points)))
    named = sorted(int(p[0][1:]) for p in placed(fig))
    assert 1 < len(named) < 9
    assert named == list(range(10 - len(named), 10))
    random.Random(1).shuffle(points)
    assert sorted(placed(draw(spec(geojson, "en", tuple(points))))) == sorted(placed(fig))


# ---- no label hides anything, and one is drawn wherever there is room -------------


@pytest.mark.parametrize(("lang", "count"), [("en", 300), ("ar", 200), ("zh", 200)])
def test_crowd_labels_hide_nothing_and_fill_the_room(lang: str, count: int, geojson: Path) -> None:
    points = crowd(lang, count)
    fig = draw(spec(geojson, lang, points))
    assert_nothing_hidden(fig, points)
    drawn = placed(fig)
    # right to left: the first choice is on the left of the point
    places = labels.PLACES if lang == "en" else tuple(map(labels.mirrored, labels.PLACES))
    used = {(p[2][0], p[3], p[4]) for p in drawn}  # offset across, alignment
    assert used <= {(p[0], p[2], p[3]) for p in places}
    assert (places[0][0], places[0][2], places[0][3]) in used
    # every place left out has no free place: each of its boxes would hide something
    ax = fig.axes[0]
    taken = [*label_boxes(fig), *obstacles(fig, points)]
    page = charts._box(fig.bbox)
    with matplotlib.rc_context(charts._rc(lang)):  # the font of the labels
        measure = charts._measure(fig, renderer(fig))
    named = {(p[0], p[1]) for p in drawn}
    near = labels.NEAR * fig.dpi / 72
    pixels = [(float(x), float(y)) for x, y in ax.transData.transform(np.array(points)[:, :2])]
    omitted = 0
    for site in labels.sites(points, pixels, near):
        anchors = [site.anchor(place) for place in places]
        if any((site.label, a) in named for a in anchors):
            continue
        omitted += 1
        for anchor, place in zip(anchors, places, strict=True):
            x, y = ax.transData.transform(anchor)
            size = measure(site.label)
            box = labels.label_box(size, (x, y), labels.snug(place, size, fig.dpi), fig.dpi)
            assert not labels.inside(box, page) or any(labels.overlap(box, b) for b in taken)
    assert len(drawn) > 8 and omitted > 8  # a crowd: many named, many left out
    assert omitted + len(drawn) == len(labels.sites(points, pixels, near))


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_example_keeps_all_its_labels(lang: str) -> None:
    """The example dossier's six incidents: every place named."""
    points = tuple(
        (x, y, n) for (x, y), n in zip(EXAMPLE_POINTS, EXAMPLE_PLACES[lang], strict=True)
    )
    map_spec = spec(EXAMPLE, lang, points, counts=(("Northern Marches", 6),))
    fig = draw(map_spec)
    assert sorted(p[0] for p in placed(fig)) == sorted(EXAMPLE_PLACES[lang])
    assert_nothing_hidden(fig, points)


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
    assert sorted(p[0] for p in placed(fig)) == sorted(p[2] for p in points)
    assert_nothing_hidden(fig, points)


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_crowd_same_bytes(lang: str, geojson: Path, tmp_path: Path) -> None:
    map_spec = spec(geojson, lang, crowd(lang, 150, seed=3))
    one = draw_map(map_spec, tmp_path / "one")
    two = draw_map(map_spec, tmp_path / "two")
    assert one.svg.read_bytes() == two.svg.read_bytes()
    assert one.png.read_bytes() == two.png.read_bytes()


# ---- province names -------------------------------------------------------------


def test_province_name_moves_off_the_dots(geojson: Path) -> None:
    """West's name is over a row of incidents at its centre: it moves, inside
    West, where it covers none; East's, over none, stays at the centre."""
    row = tuple((10.3 + i * 0.04, 40.5, "") for i in range(11))
    fig = draw(spec(geojson, "en", row))
    ax = fig.axes[0]
    west, east = (
        t for t in ax.texts if isinstance(t, Annotation) and t.get_color() == charts.NAME_INK
    )
    assert east.xy == pytest.approx((11.5, 40.5))
    assert west.xy != pytest.approx((10.5, 40.5))
    r = renderer(fig)
    box = charts._box(charts._padded(west.get_window_extent(r)))
    left, bottom = ax.transData.transform((10, 40))
    right, top = ax.transData.transform((11, 41))
    assert left <= box[0] and box[2] <= right and bottom <= box[1] and box[3] <= top
    for lon, lat, _ in row:
        x, y = ax.transData.transform((lon, lat))
        assert labels.overlap(box, labels.dot_box((float(x), float(y)), fig.dpi)) == 0
    # drawn over the dots, under the places' names
    assert west.get_zorder() > ax.collections[-1].get_zorder()


def test_name_shift_nearest_free_spot() -> None:
    """A box at the centre of a 100 x 60 area, a dot at its centre: the
    nearest free spot on the grid, the same whatever the dots' order."""
    box = (40.0, 25.0, 60.0, 35.0)

    def within(points: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.ones(len(points), dtype=bool)

    assert labels.name_shift(box, (0, 0, 100, 60), within, np.zeros((0, 2)), 72) == (0, 0)
    dots = np.array([[50.0, 30.0], [50.0, 44.0]])
    shift = labels.name_shift(box, (0, 0, 100, 60), within, dots, 72)
    assert shift == labels.name_shift(box, (0, 0, 100, 60), within, dots[::-1], 72)
    moved = (box[0] + shift[0], box[1] + shift[1], box[2] + shift[0], box[3] + shift[1])
    assert not [d for d in dots if labels.overlap(moved, labels.dot_box(tuple(d), 72))]
    assert shift == (0.0, -8.0)  # down two steps of 4: clear of the dot (radius 2.4)


# ---- the grid of boxes taken ----------------------------------------------------------


def brute_force_places(
    ax: Axes, spec: MapSpec, dots: Any, taken: labels.Taken, renderer: RendererBase
) -> None:
    """The choice without the grid: each place tried in turn, its box asked
    of matplotlib and measured against every box on the map."""
    fig = ax.get_figure()
    assert isinstance(fig, MplFigure)
    boxes: list[labels.Box] = [
        (b[0], b[1], b[2], b[3]) for b in taken.boxes[: taken.count].tolist()
    ]
    rtl = charts._rtl(spec.lang)
    pixels = [(float(x), float(y)) for x, y in dots]
    for site in labels.sites(spec.points, pixels, labels.NEAR * fig.dpi / 72):
        text = ax.annotate(
            site.label,
            (0, 0),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=charts.LABEL_SIZE,
            color=charts.POINT,
        )
        for place in labels.PLACES:
            place = labels.mirrored(place) if rtl else place
            text.xy = site.anchor(place)
            text.xyann = (0, 0)
            text.set_verticalalignment(place[3])
            # the letters, not the layout box, set off from the point
            x0, y0, x1, y1 = charts._ink_box(text, renderer)
            layout = text.get_window_extent(renderer)
            above, below = y0 - layout.y0, layout.y1 - y1
            shift = {"bottom": -above, "top": below, "center": (below - above) / 2}[place[3]]
            dx, dy, ha, va = place[0], place[1] + shift * 72 / fig.dpi, place[2], place[3]
            text.xyann = (dx, dy)
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            x0, y0, x1, y1 = charts._ink_box(text, renderer)
            pad = labels.PAD * fig.dpi / 72
            box = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
            hidden = sum(labels.overlap(box, other) for other in boxes)
            if hidden == 0 and labels.inside(box, charts._box(fig.bbox)):
                boxes.append(box)
                break
        else:
            text.remove()


@pytest.mark.parametrize(("lang", "count"), [("en", 120), ("ar", 60), ("zh", 30)])
def test_same_choice_as_measuring_every_box(
    lang: str, count: int, geojson: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    map_spec = spec(geojson, lang, crowd(lang, count))
    fast = placed(draw(map_spec))
    monkeypatch.setattr(charts, "_places", brute_force_places)
    slow = placed(draw(map_spec))
    assert len(fast) > 5

    # the same places; the shift of the letters, found by another route,
    # to the last bits
    assert [(t, xy, dx, *r) for t, xy, (dx, _), *r in fast] == [
        (t, xy, dx, *r) for t, xy, (dx, _), *r in slow
    ]
    assert [p[2][1] for p in fast] == pytest.approx([p[2][1] for p in slow], abs=1e-9)


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_label_box_is_matplotlibs(lang: str) -> None:
    """The boxes computed from one measure per label are, to the bit, the
    window extents matplotlib gives the label at each place."""
    with matplotlib.rc_context(charts._rc(lang)):
        fig = MplFigure(figsize=charts.MAP_SIZE, dpi=charts.DPI)
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.set_xlim(10, 12)
        ax.set_ylim(40, 41)
        measure = charts._measure(fig, renderer(fig))
        where = [(10.37, 40.21), (11.9, 40.999)] * 3
        for name, (lon, lat) in zip(NAMES[lang], where, strict=True):
            x, y = ax.transData.transform((lon, lat))
            anchor = float(x), float(y)
            for place in [*labels.PLACES, *map(labels.mirrored, labels.PLACES)]:
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
                box = charts._box(charts._padded(text.get_window_extent(renderer(fig))))
                width, height, bottom, top = measure(name)
                layout = labels.label_box((width, height, 0.0, height), anchor, place, fig.dpi)
                assert layout == box
                ink = labels.label_box((width, height, bottom, top), anchor, place, fig.dpi)
                assert (ink[0], ink[2]) == (box[0], box[2])
                text.remove()


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Tarn Pass"), ("ar", "مركز تارن"), ("zh", "塔恩哨所"), ("ur", "کلومیٹر")],
)
def test_ink_is_the_letters(lang: str, name: str) -> None:
    """The ink's box holds the letters' outlines, up from the baseline (to
    the pixel the renderer rounds to), not the font's whole line, which in
    Arabic script is near twice as tall."""
    with matplotlib.rc_context(charts._rc(lang)):
        fig = MplFigure(figsize=charts.MAP_SIZE, dpi=charts.DPI)
        ax = fig.add_axes((0, 0, 1, 1))
        text = ax.annotate(name, (0.5, 0.5), va="baseline", fontsize=charts.LABEL_SIZE)
        r = renderer(fig)
        layout = text.get_window_extent(r)
        x0, y0, x1, y1 = charts._ink_box(text, r)
        outline = TextPath((0, 0), name, size=charts.LABEL_SIZE, prop=text.get_fontproperties())
        letters = outline.get_extents().transformed(Affine2D().scale(fig.dpi / 72))
    baseline = ax.transData.transform((0.5, 0.5))[1]
    assert y0 - 1 <= baseline + letters.y0 <= y0 + 0.5
    assert y1 - 1 <= baseline + letters.y1 <= y1 + 0.5
    assert (x0, x1) == (layout.x0, layout.x1)
    if lang in ("ar", "ur"):
        assert y1 - y0 < 0.75 * layout.height


def test_taken_sums_as_over_every_box() -> None:
    """The grid's sum of overlaps is the float a sum over all boxes gives,
    boxes on cell borders, touching, huge or turned inside out included."""
    rng = random.Random(3)

    def box() -> labels.Box:
        if rng.random() < 0.3:  # on the grid's lines
            x, y = (rng.randrange(-3, 12) * labels.CELL for _ in range(2))
            w, h = (rng.randrange(1, 3) * labels.CELL for _ in range(2))
        else:
            x, y = rng.uniform(-100, 600), rng.uniform(-100, 600)
            w, h = rng.expovariate(1 / 60), rng.expovariate(1 / 20)
            if rng.random() < 0.05:
                w = -w
        return x, y, x + w, y + h

    taken = labels.Taken()
    every: list[labels.Box] = []
    for _ in range(400):
        boxes = [box() for _ in range(8)]
        expected = [sum(labels.overlap(b, other) for other in every) for b in boxes]
        assert taken.overlaps(boxes) == expected
        chosen = rng.choice(boxes)
        taken.add(chosen)
        every.append(chosen)
    assert sum(1 for b in every for other in every if labels.overlap(b, other) > 0) > len(every)
