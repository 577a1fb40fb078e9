"""The bar charts of the annex: stacked or grouped, with their totals,
axes and legend, in the reading direction of the language."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dossier.assemble.chart_specs import BarSpec
from dossier.assemble.charts_style import (
    BAR_SIZE,
    DPI,
    GREY,
    GRID,
    PALETTE,
    _number,
    _rtl,
    _weight,
    _wrap,
)


def _check_bars(spec: BarSpec) -> None:
    for name, values in spec.series:
        if len(values) != len(spec.categories):
            raise ValueError(
                f"the series {name!r} has {len(values)} values "
                f"for {len(spec.categories)} categories"
            )


def _bars_figure(spec: BarSpec) -> MplFigure:
    fig = MplFigure(figsize=BAR_SIZE, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    if spec.stacked:
        _stacked(ax, spec)
    else:
        _grouped(ax, spec)
    _bar_axes(ax, spec)
    legend = _bar_legend(ax, spec)
    # the title on top, over the legend's row when there is one; none when
    # the document's caption names the figure
    if spec.title:
        ax.set_title(
            spec.title,
            loc="right" if _rtl(spec.lang) else "left",
            pad=22 if legend else 8,
            fontsize=10,
            fontweight=_weight(spec.lang),
        )
    return fig


def _stacked(ax: Axes, spec: BarSpec) -> None:
    x = np.arange(len(spec.categories))
    bottom = np.zeros(len(spec.categories))
    container = None
    for i, (name, values) in enumerate(spec.series):
        container = ax.bar(x, values, 0.6, bottom=bottom, label=name, color=_colour(i), **_edge())
        bottom = bottom + np.array(values)
    if container is not None:
        totals = [_number(total, spec.lang) for total in bottom]
        ax.bar_label(container, labels=totals, padding=2, fontsize=8)


def _grouped(ax: Axes, spec: BarSpec) -> None:
    x = np.arange(len(spec.categories))
    width = 0.8 / max(len(spec.series), 1)
    for i, (name, values) in enumerate(spec.series):
        offset = (i - (len(spec.series) - 1) / 2) * width
        container = ax.bar(x + offset, values, width, label=name, color=_colour(i), **_edge())
        labels = [_number(value, spec.lang) for value in values]
        ax.bar_label(container, labels=labels, padding=2, fontsize=7.5)


def _colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _edge() -> dict[str, Any]:
    return {"edgecolor": "white", "linewidth": 0.5}


def _bar_axes(ax: Axes, spec: BarSpec) -> None:
    lang = spec.lang
    ax.set_xticks(
        np.arange(len(spec.categories)), [_wrap(c, len(spec.categories)) for c in spec.categories]
    )
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _number(value, lang)))
    ax.set_ylabel(spec.value_label)
    ax.set_ylim(0, _top(spec))
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(length=0)
    for side in ("top", "left", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GREY)
    if _rtl(lang):
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")


def _top(spec: BarSpec) -> float:
    """Room above the highest bar for its value."""
    columns = list(zip(*(values for _, values in spec.series), strict=True))
    heights = [sum(c) if spec.stacked else max(c) for c in columns] or [0]
    return float(max(max(heights) * 1.15, 1))


def _bar_legend(ax: Axes, spec: BarSpec) -> bool:
    """The series in one row over the plot, at its end (on the left for a
    right-to-left language, read from the right)."""
    if len(spec.series) < 2:
        return False
    rtl = _rtl(spec.lang)
    handles, labels = ax.get_legend_handles_labels()
    if rtl:
        handles, labels = handles[::-1], labels[::-1]
    ax.legend(
        handles,
        labels,
        loc="lower left" if rtl else "lower right",
        bbox_to_anchor=(0, 1) if rtl else (1, 1),
        borderaxespad=0.2,
        ncols=len(labels),
        frameon=False,
        markerfirst=not rtl,
        handlelength=1.0,
        handleheight=1.0,
        columnspacing=1.2,
        fontsize=8,
    )
    return True
