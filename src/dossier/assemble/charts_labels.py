"""Where the map of :mod:`dossier.assemble.charts_draw` puts its names, as a
cartographer would: each place named once, the places with most incidents
first, a name only where it hides nothing (no other name, no incident's dot,
no province name, nor the colour bar, scale or notes) and stays on the
figure; a name with no such room is left out rather than piled on others.
Province names go where they cover fewest dots, near their centre.

Plain geometry in pixels (boxes are ``(x0, y0, x1, y1)``), no matplotlib:
the drawing measures the texts and draws what is chosen here."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1, in pixels
# A label's size in pixels: the width and height of its layout box (as
# matplotlib aligns it), and how far up from that box's bottom its ink
# starts and ends (the box is as tall as the font's line: in Noto Naskh
# Arabic near twice the height of the letters).
Size = tuple[float, float, float, float]
Array = np.ndarray[Any, np.dtype[Any]]

# Where a label may go around its place, in order of preference: offset in
# points and alignment (for left-to-right; mirrored for right-to-left). The
# diagonal ones clear the dot (DOT) with the label's halo (PAD).
Across = Literal["left", "center", "right"]
UpDown = Literal["bottom", "center", "top"]
Place = tuple[float, float, Across, UpDown]
PLACES: tuple[Place, ...] = (
    (5, 0, "left", "center"),
    (4, 4, "left", "bottom"),
    (4, -4, "left", "top"),
    (-5, 0, "right", "center"),
    (-4, 4, "right", "bottom"),
    (-4, -4, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
)
MIRROR: dict[Across, Across] = {"left": "right", "right": "left", "center": "center"}

PAD = 1.5  # points around a label, for its white halo and some air
DOT = 2.4  # points: the radius of an incident's dot (2) with its white edge
NEAR = 12.0  # points: incidents of one name closer than this are one place
STEP = 4.0  # points: the grid on which a province's name is moved
CELL = 48.0  # pixels: the side of a cell of Taken's grid


def mirrored(place: Place) -> Place:
    dx, dy, ha, va = place
    return -dx, dy, MIRROR[ha], va


def overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def inside(box: Box, page: Box) -> bool:
    return page[0] <= box[0] and page[1] <= box[1] and box[2] <= page[2] and box[3] <= page[3]


def dot_box(centre: tuple[float, float], dpi: float) -> Box:
    x, y = centre
    r = DOT * dpi / 72
    return x - r, y - r, x + r, y + r


# ---- the places to name -----------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A place with incidents, named once: its name, its number of
    incidents and the extent of their points (longitude, latitude)."""

    label: str
    count: int
    west: float
    south: float
    east: float
    north: float

    def anchor(self, place: Place) -> tuple[float, float]:
        """The point of the site's extent that a label at ``place`` is
        set off from: its east side for a label on the right, and so on
        (the incident itself when there is one)."""
        dx, dy = place[:2]
        x = self.east if dx > 0 else self.west if dx < 0 else (self.west + self.east) / 2
        y = self.north if dy > 0 else self.south if dy < 0 else (self.south + self.north) / 2
        return x, y


def sites(
    points: Sequence[tuple[float, float, str]],
    pixels: Sequence[tuple[float, float]],
    near: float,
) -> list[Site]:
    """The named places of the incidents ``points`` (at ``pixels`` on the
    map), most incidents first, then by name and position, so that the
    order does not depend on that of the records. Incidents of one name are
    one place when a chain of them, each within ``near`` pixels of the
    next, joins them; the same name far away is another place."""
    by_label: dict[str, list[int]] = {}
    for i, (_, _, label) in enumerate(points):
        if label:
            by_label.setdefault(label, []).append(i)
    found = []
    for label, members in by_label.items():
        for group in _clusters(members, pixels, near):
            lons = [points[i][0] for i in group]
            lats = [points[i][1] for i in group]
            found.append(Site(label, len(group), min(lons), min(lats), max(lons), max(lats)))
    return sorted(found, key=lambda s: (-s.count, s.label, s.west, s.south, s.east, s.north))


def _clusters(
    members: list[int], pixels: Sequence[tuple[float, float]], near: float
) -> list[list[int]]:
    """``members`` in groups of points chained within ``near`` of one
    another (single linkage), found through a grid of cells of that side."""
    parent = {i: i for i in members}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cells: dict[tuple[int, int], list[int]] = {}
    for i in members:
        x, y = pixels[i]
        cx, cy = math.floor(x / near), math.floor(y / near)
        for key in itertools.product((cx - 1, cx, cx + 1), (cy - 1, cy, cy + 1)):
            for j in cells.get(key, ()):
                if math.dist(pixels[i], pixels[j]) <= near:
                    parent[root(i)] = root(j)
        cells.setdefault((cx, cy), []).append(i)
    groups: dict[int, list[int]] = {}
    for i in members:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


# ---- a label's box and its choice --------------------------------------------


def snug(place: Place, size: Size, dpi: float) -> Place:
    """``place`` with its offset up or down changed so that it sets off the
    ink of a label of ``size``, not its layout box, from the point: the
    letters' bottom (or top, or middle) where the box's would be. In Arabic
    script the box is near twice as tall as the letters: a label above or
    below its point would otherwise float off it."""
    dx, dy, ha, va = place
    _, height, bottom, top = size
    if va == "bottom":
        shift = -bottom
    elif va == "top":
        shift = height - top
    else:
        shift = (height - bottom - top) / 2
    return dx, dy + shift * 72 / dpi, ha, va


def label_box(size: Size, anchor: tuple[float, float], place: Place, dpi: float) -> Box:
    """The padded box of the ink of a label of ``size`` put at ``place``
    around the pixel ``anchor``: across, the very floats that matplotlib's
    window extent of the annotation gives (its ``Text._get_layout``,
    unrotated, then moved by the offset in points), padded as
    ``Bbox.padded`` does; up, from the ink's bottom to its top (the very
    window extent too when these are the layout box's)."""
    width, height, bottom, top = size
    dx, dy, ha, va = place
    pad = PAD * dpi / 72
    xmin, xmax, ymin, ymax = 0.0, width, -height, 0.0
    offset_x = xmin if ha == "left" else xmax if ha == "right" else (xmin + xmax) / 2
    offset_y = ymin if va == "bottom" else ymax if va == "top" else (ymin + ymax) / 2
    x0, y0 = xmin - offset_x, ymin - offset_y
    x1, y0, y1 = x0 + (xmax - xmin), y0 + bottom, y0 + top
    tx, ty = dpi / 72 * dx + anchor[0], dpi / 72 * dy + anchor[1]
    return x0 + tx - pad, y0 + ty - pad, x1 + tx + pad, y1 + ty + pad


def choose(boxes: Sequence[Box], taken: Taken, page: Box) -> int | None:
    """The first of ``boxes`` that overlaps nothing taken and lies on the
    page; None when there is none (the label is left out)."""
    for i, (area, box) in enumerate(zip(taken.overlaps(boxes), boxes, strict=True)):
        if area == 0 and inside(box, page):
            return i
    return None


# ---- province names -----------------------------------------------------------


def name_shift(
    box: Box,
    area: Box,
    within: Callable[[Array], Array],
    dots: Array,
    dpi: float,
) -> tuple[float, float]:
    """How far (in pixels) to move a province's name, whose box ``box`` is
    centred on the province, so that it covers fewest of the ``dots``
    (pixel centres): tried on a grid of steps of STEP points, that puts
    the box inside ``area`` (the pixel extent of the province's largest
    part) with its corners, sides' middles and centre ``within`` it; the
    nearest to the centre among the best, so that a name that covers no
    dot stays where it is."""
    x0, y0, x1, y1 = box
    step = STEP * dpi / 72
    xs = _steps(area[0] - x0, area[2] - x1, step)
    ys = _steps(area[1] - y0, area[3] - y1, step)
    sx, sy = (a.ravel() for a in np.meshgrid(xs, ys))
    # nine points of each moved box
    fx = np.array([0.0, 0.5, 1.0])
    px = x0 + sx[:, None, None] + (x1 - x0) * fx[None, :, None]
    py = y0 + sy[:, None, None] + (y1 - y0) * fx[None, None, :]
    samples = np.stack(np.broadcast_arrays(px, py), axis=-1).reshape(-1, 2)
    fits = within(samples).reshape(len(sx), 9).all(axis=1) | ((sx == 0) & (sy == 0))
    sx, sy = sx[fits], sy[fits]
    covered = _covered(box, sx, sy, dots, DOT * dpi / 72)
    best = np.lexsort((sx, sy, sx * sx + sy * sy, covered))[0]
    return float(sx[best]), float(sy[best])


def _steps(low: float, high: float, step: float) -> Array:
    """Multiples of ``step`` from ``low`` to ``high``, and 0."""
    if step <= 0 or high < low:
        return np.zeros(1)
    return np.union1d(np.arange(math.ceil(low / step), math.floor(high / step) + 1) * step, [0.0])


def _covered(box: Box, sx: Array, sy: Array, dots: Array, radius: float) -> Array:
    """How many of the ``dots`` the box moved by each (sx, sy) touches."""
    counts = np.zeros(len(sx), dtype=np.intp)
    if not len(dots):
        return counts
    x0, y0, x1, y1 = box
    xs, ys = dots[:, 0], dots[:, 1]
    for start in range(0, len(sx), 256):  # in chunks: candidates x dots booleans
        cx, cy = sx[start : start + 256, None], sy[start : start + 256, None]
        hit = (xs + radius > x0 + cx) & (xs - radius < x1 + cx)
        hit &= (ys + radius > y0 + cy) & (ys - radius < y1 + cy)
        counts[start : start + 256] = hit.sum(axis=1)
    return counts


# ---- the boxes already taken --------------------------------------------------


class Taken:
    """The boxes already on the map, each filed under every cell of a
    uniform grid that it covers, so that a new label is measured against
    the boxes of its own cells only, not against every box taken."""

    def __init__(self, cell: float = CELL) -> None:
        self.cell = cell
        self.boxes = np.empty((64, 4))
        self.count = 0
        self.cells: dict[tuple[int, int], list[int]] = {}

    def add(self, box: Box) -> None:
        if self.count == len(self.boxes):
            self.boxes = np.concatenate([self.boxes, np.empty_like(self.boxes)])
        self.boxes[self.count] = box
        for key in self._cells(box):
            self.cells.setdefault(key, []).append(self.count)
        self.count += 1

    def overlaps(self, boxes: Sequence[Box]) -> list[float]:
        """For each of ``boxes``, its area under the boxes taken, summed in
        the order they were taken: the very float that a sum over all of
        them gives, since the boxes of other cells add exactly nothing."""
        near = self._near(
            (
                min(box[0] for box in boxes),
                min(box[1] for box in boxes),
                max(box[2] for box in boxes),
                max(box[3] for box in boxes),
            )
        )
        if not len(near):
            return [0.0] * len(boxes)
        new, old = np.array(boxes, dtype=float), self.boxes[near]
        w = np.minimum(new[:, 2:3], old[:, 2]) - np.maximum(new[:, 0:1], old[:, 0])
        h = np.minimum(new[:, 3:4], old[:, 3]) - np.maximum(new[:, 1:2], old[:, 1])
        areas = np.maximum(w, 0.0) * np.maximum(h, 0.0)
        # added one after the other, as sum() does (np.sum adds pairwise)
        return [float(total) for total in np.cumsum(areas, axis=1)[:, -1]]

    def _near(self, box: Box) -> np.ndarray[Any, np.dtype[np.intp]]:
        """The boxes filed under the cells of ``box``, in the order taken."""
        cells = self.cells
        found = [cells[key] for key in self._cells(box) if key in cells]
        near = np.sort(np.fromiter(itertools.chain.from_iterable(found), dtype=np.intp))
        return near[np.concatenate(([True], near[1:] != near[:-1]))] if len(near) else near

    def _cells(self, box: Box) -> Iterator[tuple[int, int]]:
        """The cells that ``box`` covers (none for a box turned inside out,
        which overlaps nothing)."""
        x0, y0, x1, y1 = (math.floor(v / self.cell) for v in box)
        for i in range(x0, x1 + 1):
            for j in range(y0, y1 + 1):
                yield i, j
