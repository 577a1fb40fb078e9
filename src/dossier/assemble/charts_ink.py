"""How much room a text of the map takes, for
:mod:`dossier.assemble.charts_labels` to place the names: the size of a
label and the box of a drawn text's ink (its letters, not the font's
line), measured with matplotlib's renderer."""

from __future__ import annotations

import functools
from collections.abc import Callable

from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure as MplFigure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import BboxBase, IdentityTransform

from dossier.assemble import charts_labels as labels
from dossier.assemble.charts_style import LABEL_SIZE


def _measure(fig: MplFigure, renderer: RendererBase) -> Callable[[str], labels.Size]:
    """The size in pixels of a label, as
    :func:`dossier.assemble.charts_draw._label` sets it: laid out once per
    text, by a text at the origin, not once per place tried."""
    probe = _probe(fig, Text(fontsize=LABEL_SIZE).get_fontproperties())

    @functools.cache
    def measure(label: str) -> labels.Size:
        probe.set_text(label)
        probe.set_verticalalignment("bottom")
        box = probe.get_window_extent(renderer)
        return (float(box.x1), float(box.y1), *_ink(probe, renderer))

    return measure


def _probe(fig: MplFigure, font: FontProperties) -> Text:
    """A text in ``font`` at the origin of the figure's pixels."""
    probe = Text(0, 0, "", fontproperties=font, ha="left", va="bottom", parse_math=False)
    probe.set_transform(IdentityTransform())
    probe.set_figure(fig)
    return probe


def _ink(probe: Text, renderer: RendererBase) -> tuple[float, float]:
    """How far up from the bottom of its layout box the ink of the text of
    ``probe`` (see :func:`_probe`) starts and ends: the box is as tall as
    the font's line, the ink as the letters (as the renderer measures the
    string, to the pixel)."""
    probe.set_verticalalignment("baseline")
    descent = -float(probe.get_window_extent(renderer).y0)
    text, font = probe.get_text(), probe.get_fontproperties()
    _, height, below = renderer.get_text_width_height_descent(text, font, ismath=False)
    return descent - below, descent - below + height


def _ink_box(text: Text, renderer: RendererBase) -> labels.Box:
    """The box of a drawn text's ink (unrotated): across, its layout box;
    up, its letters."""
    fig = text.get_figure(root=True)
    assert isinstance(fig, MplFigure)
    box = text.get_window_extent(renderer)
    probe = _probe(fig, text.get_fontproperties())
    probe.set_text(text.get_text())
    bottom, top = _ink(probe, renderer)
    return float(box.x0), float(box.y0) + bottom, float(box.x1), float(box.y0) + top


def _box(bbox: BboxBase) -> labels.Box:
    return float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1)
