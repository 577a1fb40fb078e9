"""What a translator may see, and the markings a translation must keep.

``translation export --lang L`` hands over only what the editions issued
in ``L`` may hold (:meth:`~dossier.core.model.Manifest.highest_level`): a passage
marked above that level is left out of the XLIFF, as the build would leave
it out of every edition in ``L``. ``translation import`` refuses a
translation whose markings (fenced divs, spans, classes, ``classification=``)
differ from those of the text that was exported: a target that drops a
``:::`` fence would otherwise publish the passage it held.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from dossier.check.marking import marked, skeleton
from dossier.core import pandoc
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.tree import walk
from dossier.load.sections import reader_for
from dossier.select.edition import prune

HINT = (
    "keep every ':::' fence, {.restricted}, {.confidential}, {.secret} and "
    "classification= of the source as it is, around the translation of the same text; "
    "if the source changed since the export, export again"
)


def check_exported(text: str, body: str, path: Path, reader: str, target: str, limit: int) -> None:
    """Refuse an export whose Markdown ``text`` (cut from ``body``) still
    holds a word the editions in ``target`` may not show: every word of the
    export must be one the pruned source shows, as often."""
    shown = _words(prune(pandoc.parse_markdown(body, reader)[0], limit))
    blocks, _ = pandoc.parse_markdown(text, reader)
    extra = _words(blocks) - shown
    above = [(node, lvl) for node, lvl in marked(blocks) if lvl > limit]
    if not extra and not above:
        return
    what = f"'{next(iter(extra))}'" if extra else f"a marked {above[0][0]['t']}"
    message = (
        f"{what} would reach translators although no edition in '{target}' may show it: "
        "this marking cannot be left out of the export"
    )
    hint = "mark it as a '::: {.restricted}' div, a marked heading or a [text]{.restricted} span"
    raise DossierError([Diagnostic(path, None, message, hint)])


def _words(blocks: Any) -> Counter[str]:
    return Counter(node["c"] for node in walk(blocks) if node["t"] == "Str")


def marks_of(text: str, lang: str) -> list[tuple[str, str]]:
    blocks: list[Any] = pandoc.parse_markdown(text, reader_for(lang))[0]
    return skeleton(blocks)


def check_marks(
    xliff: Path, line: int | None, name: str, lang: str, source: str, target: str, source_lang: str
) -> list[Diagnostic]:
    """An error when the markings of ``target`` differ from ``source``'s."""
    want, got = marks_of(source, source_lang), marks_of(target, lang)
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
