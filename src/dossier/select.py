"""Select what one edition may contain.

Classification levels: public < restricted < confidential < secret. A level
may be set on a section (``classification:`` in the front matter of its
source file; translations follow their source), on a block inside Markdown
(a fenced div ``::: {.restricted}``), on an incident record and on an
exhibit. An edition holds everything up to its ``max`` level; the rest is
withheld, and returned as such so that the finished outputs can be scanned
for any trace of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier import ast
from dossier.diagnostics import Diagnostic
from dossier.model import LEVELS, Dossier, Edition, Section, level


@dataclass(frozen=True)
class Withheld:
    """Something an edition must not show: its identifier and its text."""

    kind: str  # section, block, record, exhibit
    ident: str
    level: str
    source: Path
    text: str = ""


def block_level(block: dict[str, Any]) -> str | None:
    """The classification a Div carries as a class (``::: {.confidential}``)."""
    if block.get("t") != "Div":
        return None
    found = [c for c in ast.classes_of(block) if c in LEVELS[1:]]
    return max(found, key=level) if found else None


def section_level(section: Section) -> str:
    return str(section.front_matter.get("classification") or "public")


def check_levels(sections: Iterable[Section]) -> list[Diagnostic]:
    """Unknown levels in section front matter are errors."""
    out: list[Diagnostic] = []
    for section in sections:
        value = section.front_matter.get("classification")
        if value is not None and value not in LEVELS:
            out.append(
                Diagnostic(
                    section.path,
                    2,
                    f"'{value}' is not a classification",
                    f"use one of: {', '.join(LEVELS)}",
                )
            )
    return out


def select(dossier: Dossier, edition: Edition) -> tuple[Dossier, list[Withheld]]:
    """The dossier as ``edition`` may show it, and what was withheld."""
    limit = level(edition.max)
    withheld: list[Withheld] = []
    m = dossier.manifest
    sections: dict[tuple[str, str], Section] = {}
    for (name, lang), section in dossier.sections.items():
        source = dossier.sections.get((name, m.source_language), section)
        lvl = section_level(source)
        if level(lvl) > limit:
            withheld.append(
                Withheld("section", name, lvl, section.path, ast.stringify(section.blocks))
            )
            sections[(name, lang)] = dataclasses.replace(section, blocks=[])
            continue
        blocks = _prune(section.blocks, limit, f"{name}", section.path, withheld)
        sections[(name, lang)] = dataclasses.replace(section, blocks=blocks)
    evidence = dossier.evidence
    if evidence is not None:
        evidence = _select_evidence(evidence, limit, withheld)
    selected = dataclasses.replace(dossier, sections=sections, evidence=evidence)
    return selected, _unique(withheld)


def _prune(
    blocks: list[Any], limit: int, where: str, path: Path, withheld: list[Withheld]
) -> list[Any]:
    out: list[Any] = []
    for block in blocks:
        lvl = block_level(block)
        if lvl is not None and level(lvl) > limit:
            ident = block["c"][0][0] or f"{where}#{len(withheld) + 1}"
            withheld.append(Withheld("block", ident, lvl, path, ast.stringify(block)))
            continue
        if block.get("t") == "Div":
            block = {
                "t": "Div",
                "c": [block["c"][0], _prune(block["c"][1], limit, where, path, withheld)],
            }
        out.append(block)
    return out


def _select_evidence(evidence: Any, limit: int, withheld: list[Withheld]) -> Any:
    records = []
    for record in evidence.records:
        inc = record.incident
        if level(inc.classification) > limit:
            text = " ".join(ast.stringify(n.blocks) for n in record.narratives.values())
            withheld.append(Withheld("record", inc.id, inc.classification, record.path, text))
            withheld += [
                Withheld("exhibit", e.file, inc.classification, record.path, e.sha256)
                for e in inc.exhibits
            ]
            continue
        kept = []
        for exhibit in inc.exhibits:
            if level(exhibit.classification) > limit:
                withheld.append(
                    Withheld(
                        "exhibit", exhibit.file, exhibit.classification, record.path, exhibit.sha256
                    )
                )
            else:
                kept.append(exhibit)
        narratives = {
            lang: dataclasses.replace(n, blocks=_prune(n.blocks, limit, inc.id, n.path, withheld))
            for lang, n in record.narratives.items()
        }
        incident = inc.model_copy(update={"exhibits": kept})
        records.append(dataclasses.replace(record, incident=incident, narratives=narratives))
    return dataclasses.replace(evidence, records=tuple(records))


def _unique(items: list[Withheld]) -> list[Withheld]:
    seen: set[tuple[str, str]] = set()
    out: list[Withheld] = []
    for item in items:
        key = (item.kind, item.ident)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
