"""How the charts look in each language: sizes, colours, the fonts given
to matplotlib by path (and the text shaping they need), numbers and units
as the language writes them."""

from __future__ import annotations

import dataclasses
import functools
import textwrap
from pathlib import Path
from typing import Any

import matplotlib
from babel.numbers import format_decimal
from babel.units import format_unit
from matplotlib import font_manager
from matplotlib.typing import RcKeyType

from dossier.core import fonts
from dossier.core.localise import RTL

DPI = 200
BAR_SIZE = (6.3, 3.2)  # inches
MAP_SIZE = (6.3, 4.2)
# Okabe & Ito's colour-blind-safe palette (blue, orange, green, pink, sky
# blue, vermilion, yellow, black).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
INK = "#222222"
GREY = "#666666"
GRID = "#DDDDDD"
POINT = "#C8102E"  # incidents: red, against the blues of the provinces
NAME_INK = "#1F3A5F"  # province names
LATIN = ("Liberation Serif", "DejaVu Serif")
FAMILIES: dict[str, tuple[str, ...]] = {
    "ar": ("Noto Naskh Arabic", *LATIN),
    "ur": ("Noto Nastaliq Urdu", "Noto Naskh Arabic", *LATIN),
    "zh": ("Noto Serif CJK SC", *LATIN),
}
# The language tag given to HarfBuzz (local glyph forms).
LANGUAGE_TAGS = {"zh": "zh-Hans"}
LABEL_SIZE = 7.5  # points: the names of the incidents' places
KM_PER_DEGREE = 111.32  # of latitude, and of longitude at the equator
SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}
PNG_METADATA: dict[str, Any] = {"Software": None}


# ---- language ---------------------------------------------------------------


def _rtl(lang: str) -> bool:
    return lang in RTL


def _number(value: float, lang: str) -> str:
    """A number as the language writes it, with Western digits.

    >>> _number(12345, "ar"), _number(12345, "fr"), _number(2.0, "zh")
    ('12,345', '12\\u202f345', '2')
    """
    return str(format_decimal(value, locale=lang, numbering_system="latn"))


def _km(value: int, lang: str) -> str:
    """
    >>> _km(50, "en"), _km(50, "zh")
    ('50 km', '50公里')
    """
    return str(
        format_unit(value, "length-kilometer", "short", locale=lang, numbering_system="latn")
    )


def _families(lang: str) -> tuple[str, ...]:
    return FAMILIES.get(lang, LATIN)


def _rc(lang: str) -> dict[RcKeyType, Any]:
    _require_shaping()
    return {
        "font.family": [_register(family) for family in _families(lang)],
        "font.size": 8.5,
        "text.color": INK,
        "text.language": LANGUAGE_TAGS.get(lang, lang),
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "svg.fonttype": "path",
        "svg.hashsalt": "dossier-charts",
        "svg.id": "dossier-chart",
    }


def _require_shaping() -> None:
    major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    if (major, minor) < (3, 11):
        raise RuntimeError(
            f"matplotlib {matplotlib.__version__} does not shape Arabic script: "
            "install matplotlib >= 3.11"
        )


@functools.cache
def _register(family: str) -> str:
    """Give matplotlib the files of ``family`` by path, under a name of our
    own (``dossier/<family>``), so that no entry of its font cache, built
    from whatever the machine had, can stand in for them. Returns that name."""
    files = fonts.installed().get(family)
    if not files:
        package = fonts.PACKAGES.get(family, "the package that has it")
        raise fonts.FontNotInstalled(
            f"the font {family!r} (for the charts) is not installed: install {package}"
        )
    alias = f"dossier/{family}"
    manager = font_manager.fontManager
    seen: set[tuple[str, int | str, str]] = set()
    for path in sorted({file.path for file in files}, key=_regular_first):
        start = len(manager.ttflist)
        manager.addfont(path)
        for entry in manager.ttflist[start:]:
            style = (entry.style, entry.weight, entry.stretch)
            # Noto Nastaliq Urdu Bold says it weighs 400, as the Regular does
            if entry.name == family and style not in seen:
                seen.add(style)
                manager.ttflist.append(dataclasses.replace(entry, name=alias))
    return alias


def _regular_first(path: Path) -> tuple[bool, str]:
    """Regular files before Bold, Italic ... ones (which win a tie)."""
    return "Regular" not in path.stem and path.stem.count("-") > 0, path.name


def _weight(lang: str) -> str:
    """Titles in bold, but in Urdu: Noto Nastaliq Urdu has no bold weight."""
    return "normal" if lang == "ur" else "bold"


def _wrap(label: str, count: int) -> str:
    """A category name on two or more lines (at spaces) when it is longer
    than its share of the width (``count`` categories)."""
    width = max(10, 90 // max(count, 1))
    return textwrap.fill(label, width, break_long_words=False)
