"""Links within the document (``[text](#id)``) and the identifiers they go to.

- :func:`check_anchors`: every ``#id`` a section or a narrative links to is
  the identifier of a heading (``# Title {#id}``), a div, a span or a
  figure of the dossier (not of code, a link or a table: the PDF has no
  place for those); anything else is an error at its file and line (the PDF cannot
  be made with a link to nowhere). The reader makes no identifier of its
  own (``-auto_identifiers``), and the generated parts of the annex define
  none: only the ones written count.
- :func:`check_references`: a link with no text (``[](#conclusions)``) is
  a reference, which prints the number of its target ("section VIII",
  :mod:`dossier.assemble.crossrefs`): its target is a numbered heading of
  the annex, a generated part (``#generated-statistics``) or an anchor in
  one of its paragraphs (``[]{#id}``).
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
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.limits import Limits
from dossier.core.model import GENERATED_PREFIX, Manifest, is_generated
from dossier.core.sourcefile import read_source

# The nodes whose identifier every format can link to. Typst labels no
# code, link or table: a link to one failed the PDF.
LINKABLE = frozenset({"Div", "Span", "Header", "Figure"})
HINT = "give the heading, div or span an identifier ({#id}), or link to one that has it"
# The identifier of each generated part's heading: 'generated-statistics'.
GENERATED_ID = "generated-{}"
REFERENCE_HINT = (
    "refer to a heading of the annex ({#id}) or an anchor in one of its paragraphs "
    "([]{#id}), or give the link its text"
)


def identifiers(blocks: Iterable[Any]) -> set[str]:
    """The identifiers ``blocks`` define."""
    out = set()
    for node in tree.find(list(blocks), LINKABLE):
        ident = tree.ident_of(node)
        if ident:
            out.add(ident)
    return out


def is_reference(node: Any) -> bool:
    """Whether ``node`` is a reference: a link with no text within the document."""
    return node.get("t") == "Link" and not tree.children(node) and _internal(node) is not None


def _internal(node: Any) -> str | None:
    """The identifier a link goes to within the document, None for another."""
    target = tree.target_of(node)
    return target[1:] if isinstance(target, str) and target.startswith("#") else None


def check_anchors(
    files: list[tuple[Path, list[Any]]], limits: Limits, generated: Iterable[str] = ()
) -> list[Diagnostic]:
    """Every ``#id`` link of ``files`` (path, blocks) goes to an identifier
    one of them defines, or to a ``generated`` part's heading."""
    known = identifiers(block for _, blocks in files for block in blocks)
    known |= {GENERATED_ID.format(part) for part in generated}
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


def check_links(files: list[tuple[Path, list[Any]]], m: Manifest) -> list[Diagnostic]:
    """:func:`check_anchors` and :func:`check_references` on the files
    written for ``m`` (a file named as a letter section is not numbered)."""
    parts = generated_parts(m)
    annex = [(path, blocks) for path, blocks in files if path.stem not in m.letter]
    return check_anchors(files, m.limits, parts) + check_references(files, annex, parts, m.limits)


def generated_parts(m: Manifest) -> list[str]:
    """The generated parts of ``m``'s annex: 'statistics', 'map'..."""
    return [name.removeprefix(GENERATED_PREFIX) for name in m.annex if is_generated(name)]


def numbered(blocks: Iterable[Any]) -> set[str]:
    """The identifiers of ``blocks`` that the annex numbers: its headings
    (not ``.unnumbered``), the anchors in its paragraphs."""
    out: set[str] = set()
    for block in blocks:
        kind = block["t"]
        if kind == "Div":
            out |= numbered(tree.children(block))
        elif kind == "Header" and "unnumbered" not in tree.header_classes(block):
            out.add(tree.ident_of(block))
        elif kind == "Para":
            out |= {tree.ident_of(s) for s in tree.find(tree.children(block), {"Span"})}
    return out - {""}


def check_references(
    files: list[tuple[Path, list[Any]]],
    annex: Iterable[tuple[Path, list[Any]]],
    generated: Iterable[str],
    limits: Limits,
) -> list[Diagnostic]:
    """Every reference (a link with no text) of ``files`` goes to a numbered
    heading or paragraph of the ``annex`` files, or to a ``generated`` part.
    A target no file defines is :func:`check_anchors`' to report."""
    known = identifiers(block for _, blocks in files for block in blocks)
    targets = {GENERATED_ID.format(part) for part in generated}
    for _, blocks in annex:
        targets |= numbered(blocks)
    out = []
    for path, blocks in files:
        lost = [
            n
            for n in tree.find(blocks, {"Link"})
            if is_reference(n) and _internal(n) in known - targets
        ]
        raw = read_source(path, limits) if lost else ""
        for node in lost:
            target = tree.target_of(node)
            line = _line(raw, f"[]({target}")
            message = f"the reference '[]({target})' goes to no numbered heading or paragraph"
            out.append(Diagnostic(path, line, message, REFERENCE_HINT))
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
    the link's language) no longer defines replaced by their text. A
    reference (no text) to one is an error: its sentence would lose it."""
    by_lang: dict[str, list[Any]] = {}
    for (_, lang), section in dossier.sections.items():
        by_lang.setdefault(lang, []).extend(section.blocks)
    records = dossier.evidence.records if dossier.evidence is not None else ()
    for record in records:
        for lang, narrative in record.narratives.items():
            by_lang.setdefault(lang, []).extend(narrative.blocks)
    parts = {GENERATED_ID.format(p) for p in generated_parts(dossier.manifest)}
    known = {lang: identifiers(blocks) | parts for lang, blocks in by_lang.items()}
    texts = [(s.path, s.blocks, known[key[1]]) for key, s in dossier.sections.items()]
    texts += [(n.path, n.blocks, known[lang]) for r in records for lang, n in r.narratives.items()]
    withheld = [d for path, blocks, ids in texts for d in _withheld_references(path, blocks, ids)]
    if withheld:
        raise DossierError(withheld)
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


def _withheld_references(path: Path, blocks: list[Any], known: set[str]) -> list[Diagnostic]:
    """The references of ``blocks`` to identifiers not in ``known``."""
    lost = [n for n in tree.find(blocks, {"Link"}) if is_reference(n) and _internal(n) not in known]
    if not lost:
        return []
    raw = read_source(path)
    return [
        Diagnostic(
            path,
            _line(raw, f"[]({tree.target_of(n)}"),
            f"the reference '[]({tree.target_of(n)})' goes to a part withheld from an edition "
            "that shows this text, or missing from its language",
            "give the link its text, or refer to a part every edition of this text shows",
        )
        for n in lost
    ]
