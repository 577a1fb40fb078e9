"""The fonts of the PDF, per language, and a check that they cover a text.

The single place that names fonts for the PDF. Each language has a list in
fallback order, as Typst takes it: for every character Typst uses the first
font of the list that has a glyph for it. :func:`missing_glyphs` reads the
character maps of the installed font files (with fontTools) to find the
characters that no font of a language's list covers, before Typst would set
them in whatever font it falls back on, or as empty boxes.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont, TTLibError  # type: ignore[import-untyped]

# Where the fonts are (Debian's system folder); Typst reads the same.
FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts",)
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
COLLECTIONS = frozenset({".ttc", ".otc"})

# Typst's `covers: "latin-in-cjk"`: every character but these, which a
# Chinese text takes from its CJK font (middle dot, dashes, curly quotes ...).
NOT_LATIN_IN_CJK = frozenset("\u00b7\u2013\u2014\u2018\u2019\u201c\u201d\u2025\u2026\u2027\u2e3a")


@dataclass(frozen=True)
class Face:
    """A font family of a list; ``covers`` limits it as Typst's ``covers``
    does (only ``"latin-in-cjk"``)."""

    family: str
    covers: str | None = None

    def typst(self) -> str | dict[str, str]:
        """The list entry as Typst's ``text(font: ...)`` takes it (in JSON)."""
        if self.covers is None:
            return self.family
        return {"name": self.family, "covers": self.covers}

    def may_set(self, char: str) -> bool:
        """Whether Typst may take ``char`` from this font at all."""
        return self.covers != "latin-in-cjk" or char not in NOT_LATIN_IN_CJK


SERIF = Face("Liberation Serif")  # Times New Roman's metrics
LATIN = (SERIF, Face("DejaVu Serif"))  # DejaVu: Greek, Cyrillic, symbols Liberation lacks
NASKH = Face("Noto Naskh Arabic")
FONTS: dict[str, tuple[Face, ...]] = {
    "en": LATIN,
    "fr": LATIN,
    "es": LATIN,
    "ru": LATIN,
    # Arabic letters and digits from Naskh, Latin words from Liberation Serif
    "ar": (NASKH, *LATIN),
    # Nastaliq, the Urdu hand; Naskh for the Arabic letters it lacks
    "ur": (Face("Noto Nastaliq Urdu"), NASKH, *LATIN),
    # Latin letters and digits from Liberation Serif, the rest (with the
    # Chinese quotes and dots) from the CJK font
    "zh": (Face("Liberation Serif", "latin-in-cjk"), Face("Noto Serif CJK SC"), LATIN[1]),
}
# The line box of a language's text, in em above and below the baseline
# (UN layout: one em; the leading sets the pitch). Nastaliq climbs high and
# falls deep: a box of 2.2 em gives 24 pt lines for 10 pt text.
DEFAULT_EDGES = (0.8, 0.2)
EDGES: dict[str, tuple[float, float]] = {"ur": (1.3, 0.6)}
# The Debian package of each family, for the message when one is missing.
PACKAGES: dict[str, str] = {
    "Liberation Serif": "fonts-liberation",
    "DejaVu Serif": "fonts-dejavu-core",
    "Noto Naskh Arabic": "fonts-noto-core",
    "Noto Nastaliq Urdu": "fonts-noto-core",
    "Noto Serif CJK SC": "fonts-noto-cjk",
}


class FontNotInstalled(LookupError):
    """A font of a language's list is not installed."""


def fonts_for(lang: str) -> tuple[Face, ...]:
    """The font list of ``lang`` (Latin fonts for a language without one)."""
    return FONTS.get(lang, LATIN)


def edges_for(lang: str) -> tuple[float, float]:
    return EDGES.get(lang, DEFAULT_EDGES)


# ---- what is installed ------------------------------------------------------


@dataclass(frozen=True)
class FontFile:
    path: Path
    number: int = 0  # the font's index in a collection (.ttc)

    def open(self) -> TTFont:
        return TTFont(str(self.path), fontNumber=self.number, lazy=True)


def _font_files(dirs: tuple[str, ...]) -> Iterator[FontFile]:
    for folder in dirs:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():
                continue
            if path.suffix.lower() in COLLECTIONS:
                with TTCollection(str(path), lazy=True) as collection:
                    count = len(collection.fonts)
                yield from (FontFile(path, n) for n in range(count))
            else:
                yield FontFile(path)


def _families(font: TTFont) -> set[str]:
    """The font's family names: name ID 1, and 16 (typographic family)."""
    table = font["name"]
    names = (table.getDebugName(name_id) for name_id in (1, 16))
    return {name for name in names if name}


@functools.cache
def installed(dirs: tuple[str, ...] = FONT_DIRS) -> dict[str, tuple[FontFile, ...]]:
    """Every family under ``dirs``, with its files (read once per process)."""
    found: dict[str, list[FontFile]] = {}
    for file in _font_files(dirs):
        try:
            with file.open() as font:
                families = _families(font)
        except (TTLibError, OSError, KeyError):
            continue  # not a font fontTools can read: Typst skips it too
        for family in families:
            found.setdefault(family, []).append(file)
    return {family: tuple(files) for family, files in found.items()}


@functools.cache
def coverage(family: str, dirs: tuple[str, ...] = FONT_DIRS) -> frozenset[int]:
    """The code points the family's fonts map to a glyph (all its styles)."""
    points: set[int] = set()
    for file in installed(dirs).get(family, ()):
        with file.open() as font:
            points.update(font.getBestCmap() or {})
    return frozenset(points)


def require(faces: Iterable[Face], lang: str, dirs: tuple[str, ...] = FONT_DIRS) -> None:
    """Raise :class:`FontNotInstalled` naming every one of ``faces`` (the
    list of ``lang``) that is not installed, with the Debian package of each."""
    families = installed(dirs)
    absent = dict.fromkeys(face.family for face in faces if face.family not in families)
    if absent:
        lines = [f"  {family!r}: {install_hint(family)}" for family in absent]
        raise FontNotInstalled(
            f"fonts of the {lang!r} PDF are not installed (looked in {', '.join(dirs)}):\n"
            + "\n".join(lines)
        )


def install_hint(family: str) -> str:
    """
    >>> install_hint("Noto Serif CJK SC")
    'install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk)'
    """
    package = PACKAGES.get(family)
    if package is None:
        return f"install a font of the family {family!r}"
    return f"install the Debian package {package} (apt-get install {package})"


# ---- the check --------------------------------------------------------------


def ignorable(char: str) -> bool:
    """White space, control and format characters (U+200F RIGHT-TO-LEFT
    MARK ...), variation selectors: no glyph of their own is needed."""
    if unicodedata.category(char)[0] == "Z" or unicodedata.category(char) in {"Cc", "Cf"}:
        return True
    point = ord(char)
    return 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF


def describe(char: str) -> str:
    """
    >>> describe("ء")
    'U+0621 ARABIC LETTER HAMZA'
    """
    return f"U+{ord(char):04X} {unicodedata.name(char, '<unnamed>')}"


def missing_glyphs(text: str, lang: str) -> list[tuple[str, str]]:
    """The characters of ``text`` that no font of ``lang``'s list covers, in
    order of first appearance, each with its description ('U+0BA4 TAMIL
    LETTER TA'). Raises :class:`FontNotInstalled` when a font of the list is
    not installed."""
    faces = fonts_for(lang)
    require(faces, lang)
    return uncovered(text, faces)


def uncovered(text: str, faces: Iterable[Face]) -> list[tuple[str, str]]:
    """The characters of ``text`` that none of ``faces`` covers (see
    :func:`missing_glyphs`)."""
    faces = tuple(faces)
    missing: list[tuple[str, str]] = []
    for char in dict.fromkeys(text):
        if ignorable(char):
            continue
        if not any(face.may_set(char) and ord(char) in coverage(face.family) for face in faces):
            missing.append((char, describe(char)))
    return missing


def inside(lang: str, outer: str) -> tuple[Face, ...]:
    """The fonts of text in ``lang`` inside a document in ``outer`` (an
    untranslated stand-in): its own, then the document's, for the numbers
    and marks in the document's language it carries."""
    own = fonts_for(lang)
    return own + tuple(face for face in fonts_for(outer) if face not in own)
