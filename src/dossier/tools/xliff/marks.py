"""The markings a translation must keep.

``translation export --lang L`` hands over only what the editions issued
in ``L`` may hold (:meth:`~dossier.core.model.Manifest.highest_level`): a
passage marked above that level is pruned from the exported AST, as the
build prunes it from every edition in ``L``. The markings left (fenced
divs, headings with attributes) are in the skeleton, out of translators'
reach, and a marked span is a code a target must keep; ``translation
import`` still compares the markings of the Markdown it writes with those
of the exported AST before writing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dossier.check.marking import skeleton
from dossier.core import pandoc
from dossier.core.diagnostics import Diagnostic

HINT = (
    "keep every code of the source around the translation of the same text, "
    "[text]{.restricted} spans included; if the source changed since the export, export again"
)


def check_marks(
    xliff: Path, line: int | None, name: str, lang: str, exported: list[Any], text: str
) -> list[Diagnostic]:
    """An error when the markings of Markdown ``text`` differ from those of
    the ``exported`` blocks."""
    want = skeleton(exported)
    got = skeleton(pandoc.parse_markdown(text, pandoc.READER)[0])
    if want == got:
        return []
    message = (
        f"the {lang} translation of {name} changes its markings: the exported text has "
        f"{_describe(want)}, the translation {_describe(got)}"
    )
    return [Diagnostic(xliff, line, message, HINT)]


def _describe(marks: list[tuple[str, str]]) -> str:
    if not marks:
        return "none"
    return ", ".join(f"{level} {kind}" for kind, level in marks)
