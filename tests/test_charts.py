"""Charts and maps of the statistics annex: cached files named by content,
byte-identical from one drawing to the next, text laid out per language."""

from __future__ import annotations

import dataclasses
import json
import re
import struct
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure as MplFigure
from matplotlib.text import Text
from matplotlib.textpath import TextToPath

from dossier.assemble import charts as figures
from dossier.assemble import charts_draw as charts
from dossier.assemble.chart_specs import BarSpec, Figure, MapSpec
from dossier.assemble.charts import draw_bars, draw_map

LABELS = {
    "en": ("Casualties", ("North", "Centre", "South"), ("Civilians", "Forces"), "People"),
    "ar": ("الضحايا", ("الشمال", "الوسط", "الجنوب"), ("المدنيون", "القوات"), "الأشخاص"),
    "zh": ("伤亡人数", ("北部", "中部", "南部"), ("平民", "部队"), "人数"),
}
# Arabic presentation forms: what a pre-shaped (arabic-reshaper) text holds
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def bar_spec(lang: str, civilians: tuple[int, ...] = (9, 3, 0), **more: bool) -> BarSpec:
    title, categories, (first, second), value_label = LABELS[lang]
    series = ((first, civilians), (second, (4, 1, 2)))
    return BarSpec(lang, title, categories, series, value_label, **more)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def texts(fig: MplFigure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


# ---- bars -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_bars_svg_and_png(lang: str, tmp_path: Path) -> None:
    figure = draw_bars(bar_spec(lang), tmp_path / "cache")
    assert re.fullmatch(r"bars-[0-9a-f]{16}\.svg", figure.svg.name)
    assert figure.png.name == figure.svg.name.replace(".svg", ".png")
    root = ET.parse(figure.svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # text as paths: the SVG needs no font to be viewed
    assert root.find(".//{http://www.w3.org/2000/svg}text") is None
    assert png_size(figure.png) == (1260, 640)  # 6.3 x 3.2 in at 200 dpi
    assert not [p for p in figure.svg.parent.iterdir() if p.name.startswith(".")]


def test_same_spec_same_bytes_drawn_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = draw_bars(bar_spec("ar"), tmp_path / "a")
    stamps = first.svg.stat().st_mtime_ns, first.png.stat().st_mtime_ns

    def fail(spec: BarSpec) -> MplFigure:
        raise AssertionError("drawn again")

    with monkeypatch.context() as patch:
        patch.setattr(charts, "_bars_figure", fail)
        again = draw_bars(bar_spec("ar"), tmp_path / "a")
    assert again == first
    assert (again.svg.stat().st_mtime_ns, again.png.stat().st_mtime_ns) == stamps
    # drawn anew elsewhere: the very same bytes
    other = draw_bars(bar_spec("ar"), tmp_path / "b")
    assert other.svg.name == first.svg.name
    assert other.svg.read_bytes() == first.svg.read_bytes()
    assert other.png.read_bytes() == first.png.read_bytes()


def test_missing_file_is_drawn_again(tmp_path: Path) -> None:
    first = draw_bars(bar_spec("en"), tmp_path)
    png = first.png.read_bytes()
    first.png.unlink()
    assert draw_bars(bar_spec("en"), tmp_path).png.read_bytes() == png


def test_a_changed_value_a_new_file(tmp_path: Path) -> None:
    one = draw_bars(bar_spec("en"), tmp_path)
    two = draw_bars(bar_spec("en", civilians=(9, 3, 1)), tmp_path)
    grouped = draw_bars(bar_spec("en", stacked=False), tmp_path)
    assert len({one.svg, two.svg, grouped.svg}) == 3
    assert one.svg.read_bytes() != two.svg.read_bytes()


def test_a_figure_being_drawn_is_waited_for(tmp_path: Path) -> None:
    """Two processes want one figure (a language of two editions, built at
    once): the second waits for the first's files instead of drawing too."""
    out = figures._files("bars", b"the spec", tmp_path)
    drawn: list[str] = []

    def draw(who: str) -> Callable[[Figure], None]:
        def write(figure: Figure) -> None:
            drawn.append(who)
            figure.svg.write_text("<svg/>")
            figure.png.write_bytes(b"png")

        return write

    with figures._locked(out.svg.with_suffix(".lock")):  # the first one draws
        second = threading.Thread(target=figures._once, args=(out, draw("second")))
        second.start()
        second.join(0.3)
        assert second.is_alive()  # waiting for the lock
        draw("first")(out)
    second.join(10)
    assert not second.is_alive()
    assert drawn == ["first"]


def test_series_must_fit_the_categories(tmp_path: Path) -> None:
    spec = BarSpec("en", "T", ("a", "b"), (("s", (1, 2, 3)),), "n")
    with pytest.raises(ValueError, match="3 values for 2 categories"):
        draw_bars(spec, tmp_path)


def bars_figure(spec: BarSpec) -> MplFigure:
    with matplotlib.rc_context(charts._rc(spec.lang)):
        return charts._bars_figure(spec)


def test_arabic_mirrored_and_in_logical_order() -> None:
    spec = bar_spec("ar")
    fig = bars_figure(spec)
    ax = fig.axes[0]
    assert ax.xaxis_inverted()  # categories from the right
    assert str(ax.yaxis.get_label_position()) == "right"
    assert ax.yaxis.get_ticks_position() == "right"
    legend = ax.get_legend()
    assert legend is not None
    fig.draw_without_rendering()
    assert legend.get_window_extent().x1 < ax.bbox.x0 + ax.bbox.width / 2  # on the left
    assert [t.get_text() for t in legend.get_texts()] == ["القوات", "المدنيون"]
    drawn = texts(fig)
    # matplotlib >= 3.11 shapes and orders the text itself (libraqm): it gets
    # the words as written, not pre-shaped presentation forms
    assert spec.title in drawn and "الشمال" in drawn
    assert not [t for t in drawn if PRESENTATION_FORMS.search(t)]


def test_arabic_letters_are_joined_by_matplotlib() -> None:
    with matplotlib.rc_context(charts._rc("ar")):
        prop = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
        path = font_manager.findfont(prop, fallback_to_default=False)
        assert Path(path).name == "NotoNaskhArabic-Regular.ttf"
        font = font_manager.get_font(path)
        to_path = TextToPath()
        alone = to_path.get_glyphs_with_font(font, "ب")[0][0][0]
        word = [g[0] for g in to_path.get_glyphs_with_font(font, "ببب")[0]]
    # initial, medial and final forms: no glyph is the isolated letter
    assert alone not in word and len(set(word)) == 3


def test_numbers_western_digits() -> None:
    assert charts._number(1250, "ar") == "1,250"
    assert charts._number(1250, "ur") == "1,250"
    assert charts._number(1250, "fr") == "1\u202f250"


def test_chinese_in_the_cjk_font() -> None:
    spec = bar_spec("zh")
    fig = bars_figure(spec)
    for text in (spec.title, "北部"):  # bold title, regular category
        found = next(t for t in fig.findobj(Text) if t.get_text() == text)
        path = font_manager.findfont(found.get_fontproperties(), fallback_to_default=False)
        assert Path(path).name.startswith("NotoSerifCJK-")
        assert path.face_index == 2  # the SC face
    assert not fig.axes[0].xaxis_inverted()
    assert str(fig.axes[0].yaxis.get_label_position()) == "left"


# ---- map --------------------------------------------------------------------


def square(x: float, y: float, size: float = 1.0) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "West"},
            "geometry": {"type": "Polygon", "coordinates": [square(10, 40)]},
        },
        {
            "type": "Feature",
            "properties": {"name": "East"},
            "geometry": {"type": "MultiPolygon", "coordinates": [[square(11, 40)]]},
        },
    ],
}


def map_spec(geojson: Path, lang: str = "en", counts: tuple[int, int] = (3, 1)) -> MapSpec:
    return MapSpec(
        lang=lang,
        title="Incidents" if lang == "en" else "الحوادث",
        geojson=geojson,
        name_property="name",
        counts=(("West", counts[0]), ("East", counts[1])),
        points=((10.4, 40.5, "Tarn"), (11.6, 40.3, "Kell")),
        scale_note="Approximate scale",
        source_note="Source: the example.",
        legend_label="Incidents",
        labels=(("West", "Ouest"),),
    )


@pytest.fixture
def geojson(tmp_path: Path) -> Path:
    path = tmp_path / "provinces.geojson"
    path.write_text(json.dumps(GEOJSON), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_map_svg_and_png(lang: str, geojson: Path, tmp_path: Path) -> None:
    figure = draw_map(map_spec(geojson, lang), tmp_path / "cache")
    assert re.fullmatch(r"map-[0-9a-f]{16}\.svg", figure.svg.name)
    ET.parse(figure.svg)
    assert png_size(figure.png) == (1260, 840)
    again = draw_map(map_spec(geojson, lang), tmp_path / "other")
    assert again.png.read_bytes() == figure.png.read_bytes()
    assert again.svg.read_bytes() == figure.svg.read_bytes()


def test_map_named_by_the_geojson_bytes(geojson: Path, tmp_path: Path) -> None:
    first = draw_map(map_spec(geojson), tmp_path / "cache")
    copy = tmp_path / "elsewhere" / "copy.geojson"
    copy.parent.mkdir()
    copy.write_bytes(geojson.read_bytes())
    assert draw_map(map_spec(copy), tmp_path / "cache") == first  # where it lies: no matter
    geojson.write_text(json.dumps(GEOJSON, indent=1), encoding="utf-8")
    assert draw_map(map_spec(geojson), tmp_path / "cache").svg != first.svg
    assert draw_map(map_spec(copy, counts=(3, 2)), tmp_path / "cache").svg != first.svg


def test_map_content(geojson: Path) -> None:
    spec = map_spec(geojson)
    with matplotlib.rc_context(charts._rc("en")):
        fig = charts._map_figure(spec, geojson.read_bytes())
    drawn = texts(fig)
    for text in ("Incidents", "Ouest", "East", "Tarn", "Kell", "Approximate scale", "20 km"):
        assert text in drawn
    ax = fig.axes[0]
    # x squeezed by the cosine of the mean latitude (40.5 degrees)
    assert ax.get_aspect() == pytest.approx(1 / 0.7604, rel=1e-3)
    assert not ax.axison


@pytest.mark.parametrize(("lang", "unit"), [("en", "km"), ("zh", "公里"), ("ur", "کلومیٹر")])
def test_scale_note_that_is_the_unit_is_not_repeated(lang: str, unit: str, geojson: Path) -> None:
    """The catalogues give "km" as the scale note: the bar's "20 km" says it."""
    spec = dataclasses.replace(map_spec(geojson), lang=lang, scale_note=unit)
    with matplotlib.rc_context(charts._rc(lang)):
        fig = charts._map_figure(spec, geojson.read_bytes())
    drawn = texts(fig)
    assert charts._km(20, lang) in drawn
    assert unit not in drawn


def test_provinces_geometry() -> None:
    provinces = charts.read_provinces(json.dumps(GEOJSON).encode(), "name")
    assert [p.name for p in provinces] == ["West", "East"]
    assert charts.label_point(provinces[0]) == pytest.approx((10.5, 40.5))
    assert charts.label_point(provinces[1]) == pytest.approx((11.5, 40.5))
