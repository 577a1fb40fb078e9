"""The geometry of the map: provinces read from GeoJSON as matplotlib
paths, where a province's name goes, the extent of the map and the length
of its scale bar."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.path import Path as MplPath

from dossier.assemble.chart_specs import MapSpec

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # exterior ring first, then the holes


@dataclass(frozen=True)
class Province:
    name: str
    polygons: list[Polygon]


def read_provinces(data: bytes, name_property: str) -> list[Province]:
    """The Polygon and MultiPolygon features of a GeoJSON collection."""
    collection = json.loads(data)
    provinces = []
    for feature in collection.get("features", []):
        geometry = feature.get("geometry") or {}
        kind: Any = geometry.get("type")
        coords: Any = geometry.get("coordinates")
        if kind not in {"Polygon", "MultiPolygon"}:
            continue
        polygons = [coords] if kind == "Polygon" else coords
        name = str((feature.get("properties") or {}).get(name_property, ""))
        provinces.append(Province(name, [_polygon(p) for p in polygons]))
    return provinces


def _polygon(rings: list[list[list[float]]]) -> Polygon:
    return [[(float(p[0]), float(p[1])) for p in ring] for ring in rings]


def _area(ring: Ring) -> float:
    """Signed area (shoelace): positive when counter-clockwise."""
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs) / 2


def _oriented(ring: Ring, ccw: bool) -> Ring:
    return ring if (_area(ring) > 0) == ccw else ring[::-1]


def _path(province: Province) -> MplPath:
    """All the rings as one path, holes wound against their exterior, so
    that the non-zero fill leaves them empty."""
    vertices: list[tuple[float, float]] = []
    codes: list[np.uint8] = []
    for polygon in province.polygons:
        for n, ring in enumerate(polygon):
            ring = _oriented(ring, ccw=n == 0)
            vertices += [*ring, ring[0]]
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


def _centroid(ring: Ring) -> tuple[float, float]:
    area = _area(ring)
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    pairs = list(zip(ring, ring[1:] + ring[:1], strict=True))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    return cx / (6 * area), cy / (6 * area)


def _largest(province: Province) -> Ring:
    """The exterior ring of the province's largest part."""
    return max((p[0] for p in province.polygons), key=lambda ring: abs(_area(ring)))


def label_point(province: Province) -> tuple[float, float]:
    """Where the name goes, unless dots are there: the centroid of the
    largest part."""
    return _centroid(_largest(province))


def _coordinates(provinces: list[Province], spec: MapSpec) -> Iterator[tuple[float, float]]:
    for province in provinces:
        for polygon in province.polygons:
            yield from polygon[0]
    for lon, lat, _ in spec.points:
        yield lon, lat


def _extent(provinces: list[Province], spec: MapSpec) -> tuple[float, float, float, float]:
    """(west, east, south, north), with a margin of 4 per cent."""
    lons, lats = zip(*_coordinates(provinces, spec), strict=True)
    pad_x = (max(lons) - min(lons)) * 0.04 or 0.05
    pad_y = (max(lats) - min(lats)) * 0.04 or 0.05
    return min(lons) - pad_x, max(lons) + pad_x, min(lats) - pad_y, max(lats) + pad_y


def _nice_km(width_km: float) -> int:
    """A round length near a quarter of the map's width (1, 2, 5 x 10^n).

    >>> _nice_km(432), _nice_km(100), _nice_km(3)
    (100, 20, 1)
    """
    target = max(width_km / 4, 1)
    power = 10 ** math.floor(math.log10(target))
    return int(max(s * power for s in (1, 2, 5) if s * power <= target))
