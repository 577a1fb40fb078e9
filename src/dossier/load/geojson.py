"""The map's boundaries file, checked before the map is drawn from it.

A GeoJSON FeatureCollection whose every feature is a Polygon or a
MultiPolygon: rings of at least four [longitude, latitude] positions,
finite numbers within +-180 and +-90, properties a mapping, and at least
one feature named by ``boundaries_property`` (a name is text). Anything
else would crash the drawing or draw nonsense, so it is refused with the
index of the feature at fault. The file is at most ``limits.image_bytes``
(it is read whole, and parsed: nesting too deep is an error, not a crash).
"""

from __future__ import annotations

import json
import math
from typing import Any

# The smallest ring: a triangle, closed by repeating its first position.
RING_POSITIONS = 4


class GeoProblem(Exception):
    """What is wrong with a boundaries file, said of it ("are not GeoJSON: ...")."""


def _refuse_constant(name: str) -> float:
    raise GeoProblem(f"are not usable: {name} is not a number a map can place")


def parse(data: bytes) -> Any:
    """The JSON of ``data`` (NaN, Infinity and nesting too deep refused)."""
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        raise GeoProblem("are not GeoJSON: they nest too deeply to be read") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise GeoProblem(f"are not GeoJSON: {exc}") from None


def check_collection(data: Any, name_property: str) -> None:
    """Raise :class:`GeoProblem` unless ``data`` is a collection the map can
    draw (see the module's docstring)."""
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise GeoProblem("hold no Polygon or MultiPolygon feature")
    named = False
    for index, feature in enumerate(features):
        try:
            named |= _feature(feature, name_property)
        except GeoProblem as problem:
            raise GeoProblem(f"are not usable: feature {index}: {problem}") from None
    if not named:
        raise GeoProblem(f"are not usable: no feature has a '{name_property}' to name it")


def _feature(feature: Any, name_property: str) -> bool:
    """Check one feature; whether it has a name."""
    if not isinstance(feature, dict):
        raise GeoProblem("it is not a GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise GeoProblem("its properties are not a mapping of names to values")
    name = properties.get(name_property)
    if name is not None and not isinstance(name, str):
        raise GeoProblem(f"its '{name_property}' is not text")
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in {"Polygon", "MultiPolygon"}:
        raise GeoProblem("its geometry is not a Polygon or a MultiPolygon")
    assert isinstance(geometry, dict)
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise GeoProblem(f"its {kind} has no polygon")
    for polygon in polygons:
        _polygon(polygon)
    return bool(name and name.strip())


def _polygon(rings: Any) -> None:
    if not isinstance(rings, list) or not rings:
        raise GeoProblem("a polygon is not a list of rings")
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < RING_POSITIONS:
            raise GeoProblem(
                f"a ring is not a list of at least {RING_POSITIONS} [longitude, latitude] positions"
            )
        for position in ring:
            _position(position)


def _position(position: Any) -> None:
    if not isinstance(position, list) or len(position) not in {2, 3}:
        raise GeoProblem(f"the position {_short(position)} is not [longitude, latitude]")
    for value in position:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise GeoProblem(f"the position {_short(position)} holds something not a number")
        if not math.isfinite(value):
            raise GeoProblem(f"the position {_short(position)} holds an infinite number")
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeoProblem(
            f"the position {_short(position)} lies outside longitude +-180, latitude +-90"
        )


def _short(value: Any) -> str:
    try:
        text = json.dumps(value)
    except RecursionError:
        return "[...]"
    return text if len(text) <= 40 else text[:37] + "..."
