"""Charts and maps of the statistics annex, drawn with matplotlib (Agg) from
the dossier's own data only: no tiles, no downloads.

Each figure is described by a spec (plain data); the files are written once
into a cache folder under a name derived from the spec's content, so a chart
is redrawn only when its data, labels or language change. Processes building
at the same time (make -j) share the folder: each file is written under a
temporary name and renamed, and a process that wants a figure another one is
drawing (the same language of another edition) waits for it. Every figure comes
as SVG (HTML and PDF; glyphs as paths, so no font is needed to view it) and
as a 200 dpi PNG (DOCX). The same spec gives byte-identical files.

Labels arrive already localised (the caller takes them from the catalogues);
this module formats numbers (Babel, Western digits in every language, as in
UN Arabic documents) and lays out text for the language: Chinese in a CJK
font; Arabic in Naskh and Urdu in Nastaliq, right to left, with the chart
mirrored (categories from the right, value axis on the right, legend on the
left).

Shaping: matplotlib 3.11 shapes text itself (libraqm: HarfBuzz + FriBidi),
so Arabic and Urdu strings are passed in logical order, as written. They
must not be pre-shaped (arabic-reshaper) nor reordered (python-bidi): the
bidi algorithm would then run twice and print the words backwards. Thanks to
HarfBuzz, Nastaliq is drawn correctly, which the older matplotlib, which
placed one glyph per character, could not do.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from dossier.assemble.chart_specs import BarSpec, Figure, MapSpec

# Bump when the drawing changes: every cached figure is then redrawn.
STYLE = 2


def draw_bars(spec: BarSpec, cache: Path) -> Figure:
    """The bar chart of ``spec`` in ``cache`` (drawn only if not there yet)."""

    def draw(out: Figure) -> None:
        from dossier.assemble import charts_draw  # matplotlib: only to draw

        charts_draw.render_bars(spec, out)

    return _once(_files("bars", _key(spec), cache), draw)


def draw_map(spec: MapSpec, cache: Path) -> Figure:
    """The map of ``spec`` in ``cache`` (drawn only if not there yet)."""
    data = spec.geojson.read_bytes()

    def draw(out: Figure) -> None:
        from dossier.assemble import charts_draw

        charts_draw.render_map(spec, data, out)

    key = _key(spec, geojson=hashlib.sha256(data).hexdigest())
    return _once(_files("map", key, cache), draw)


def _once(out: Figure, draw: Callable[[Figure], None]) -> Figure:
    """``out``, drawn unless both its files are there; by one process at a
    time, so that a process that wants the figure while another draws it
    waits and takes its files instead of drawing them too."""
    if not _present(out):
        with _locked(out.svg.with_suffix(".lock")):
            if not _present(out):
                draw(out)
    return out


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on the file ``path`` (kept: removing it while
    another process waits on it would let a third one in)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _key(spec: BarSpec | MapSpec, **extra: str) -> bytes:
    """The canonical JSON of the spec (``extra`` replacing some of its
    fields), with the versions of the drawing code and of matplotlib, on
    which the bytes of the files depend too. No import of matplotlib here: a
    build whose charts are cached does not pay for it."""
    plain = asdict(spec) | extra
    data = {"spec": plain, "style": STYLE, "matplotlib": version("matplotlib")}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.encode("utf-8")


def _files(kind: str, key: bytes, cache: Path) -> Figure:
    name = f"{kind}-{hashlib.sha256(key).hexdigest()[:16]}"
    return Figure(cache / f"{name}.svg", cache / f"{name}.png")


def _present(out: Figure) -> bool:
    return out.svg.is_file() and out.png.is_file()
