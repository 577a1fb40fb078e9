"""Links within the document (``[text](#id)``) and the identifiers they go to.

- :func:`check_anchors`: every ``#id`` a section or a narrative links to is
  the identifier of a heading (``# Title {#id}``), a div, a span or a
  figure of the dossier (not of code, a link or a table: the PDF has no
  place for those); anything else is an error at its file and line (the PDF cannot
  be made with a link to nowhere). The reader makes no identifier of its
  own (``-auto_identifiers``), and the generated parts of the annex define
  none: only the ones written count.
- :func:`unlink_lost`: in an edition, a link whose target was withheld (a
  restricted heading, say) or that the language's text does not define is
  replaced by its text: the anchor's name (which may carry withheld words)
  reaches no output, and the PDF no dangling label.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dossier.core import tree
from dossier.core.diagnostics import Diagnostic
from dossier.core.limits import Limits
from dossier.core.sourcefile import read_source

# The nodes whose identifier every format can link to. Typst labels no
# code, link or table: a link to one failed the PDF.
LINKABLE = frozenset({"Div", "Span", "Header", "Figure"})
HINT = "give the heading, div or span an identifier ({#id}), or link to one that has it"


def identifiers(blocks: Iterable[Any]) -> set[str]:
    """The identifiers ``blocks`` define."""
    out = set()
    for node in tree.find(list(blocks), LINKABLE):
        ident = tree.ident_of(node)
        if ident:
            out.add(ident)
    return out


def _internal(node: Any) -> str | None:
    """The identifier a link goes to within the document, None for another."""
    target = tree.target_of(node)
    return target[1:] if isinstance(target, str) and target.startswith("#") else None


def check_anchors(files: list[tuple[Path, list[Any]]], limits: Limits) -> list[Diagnostic]:
    """Every ``#id`` link of ``files`` (path, blocks) goes to an identifier
    one of them defines."""
    known = identifiers(block for _, blocks in files for block in blocks)
    out = []
    for path, blocks in files:
        lost = [
            n
            for n in tree.find(blocks, {"Link"})
            if (ident := _internal(n)) is not None and ident not in known
        ]
        if not lost:
            continue
        raw = read_source(path, limits)
        for node in lost:
            target = tree.target_of(node)
            line = _line(raw, f"]({target}") or _line(raw, target)
            out.append(
                Diagnostic(path, line, f"the link '{target}' goes to no heading, div or span", HINT)
            )
    return out


def _line(raw: str, needle: str) -> int | None:
    index = raw.find(needle)
    return raw.count("\n", 0, index) + 1 if index >= 0 else None


def unlink(blocks: list[Any], known: set[str]) -> list[Any]:
    """``blocks`` with every ``#id`` link not in ``known`` replaced by its
    text (a copy; ``blocks`` themselves when there is none)."""

    def lost(node: Any) -> bool:
        ident = _internal(node)
        return ident is not None and ident not in known

    if not any(lost(n) for n in tree.find(blocks, {"Link"})):
        return blocks

    def fn(node: Any) -> Any:
        return tree.children(node) if node.get("t") == "Link" and lost(node) else None

    result: list[Any] = tree.map_nodes(blocks, fn)
    return result


def unlink_lost(dossier: Any) -> Any:
    """The selected ``dossier`` with its links to identifiers its text (in
    the link's language) no longer defines replaced by their text."""
    by_lang: dict[str, list[Any]] = {}
    for (_, lang), section in dossier.sections.items():
        by_lang.setdefault(lang, []).extend(section.blocks)
    records = dossier.evidence.records if dossier.evidence is not None else ()
    for record in records:
        for lang, narrative in record.narratives.items():
            by_lang.setdefault(lang, []).extend(narrative.blocks)
    known = {lang: identifiers(blocks) for lang, blocks in by_lang.items()}
    sections = {
        key: dataclasses.replace(s, blocks=unlink(s.blocks, known[key[1]]))
        for key, s in dossier.sections.items()
    }
    evidence = dossier.evidence
    if evidence is not None:
        evidence = dataclasses.replace(
            evidence,
            records=tuple(
                dataclasses.replace(
                    r,
                    narratives={
                        lang: dataclasses.replace(n, blocks=unlink(n.blocks, known[lang]))
                        for lang, n in r.narratives.items()
                    },
                )
                for r in evidence.records
            ),
        )
    return dataclasses.replace(dossier, sections=sections, evidence=evidence)
