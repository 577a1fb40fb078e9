"""Export: the blocks of every section whose translation is missing or
stale, each a unit with the note of its state."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dossier.check.fences import attr_level, strip_above
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import write_text_atomic
from dossier.core.paths import DOSSIER_FILE
from dossier.core.sourcefile import read_source
from dossier.load.loaded import Dossier
from dossier.load.sections import reader_for, split_front_matter
from dossier.load.translations import Entry, State
from dossier.pipeline.loading import load
from dossier.select.edition import prune
from dossier.tools.status import matrix
from dossier.tools.xliff.document import SectionExport, Unit, serialise, xliff_document
from dossier.tools.xliff.inline import (
    FORMATS,
    PANDOC_FORMATS,
    Inline,
    aligned,
    codes,
    markdown,
    numbered,
    split_blocks,
    tokenize,
)
from dossier.tools.xliff.marks import check_exported

BEHIND = (State.MISSING, State.STALE, State.UNRECORDED)


@dataclass
class ExportResult:
    path: Path | None
    sections: list[SectionExport] = field(default_factory=list)


def export(root: Path, lang: str, out: Path | None = None) -> ExportResult:
    """Write the LANG sections that are missing, stale or unrecorded as one
    XLIFF file; nothing when every translation is current."""
    dossier = load(root, draft=True)
    _check_target_language(dossier, lang)
    entries = [e for e in matrix(dossier) if e.lang == lang and e.state in BEHIND]
    sections = [s for s in (_section_export(dossier, e) for e in entries) if s.units]
    if not sections:
        return ExportResult(None)
    path = out or Path("build") / dossier.name / f"{dossier.name}.{lang}.xlf"
    document = xliff_document(str(root), dossier.manifest.source_language, lang, sections)
    write_text_atomic(path, serialise(document))
    return ExportResult(path, sections)


def _check_target_language(dossier: Dossier, lang: str) -> None:
    m = dossier.manifest
    if lang in m.languages and lang != m.source_language:
        return
    others = ", ".join(x for x in m.languages if x != m.source_language)
    problem = "is the source language" if lang == m.source_language else "is not a language"
    raise DossierError(
        [
            Diagnostic(
                dossier.root / DOSSIER_FILE,
                None,
                f"'{lang}' {problem} of this dossier",
                f"translate into one of: {others}" if others else "add a language to 'languages'",
            )
        ]
    )


def _section_export(dossier: Dossier, entry: Entry) -> SectionExport:
    m = dossier.manifest
    source = dossier.section(entry.name, m.source_language)
    limit = max(m.highest_level(entry.lang), 0)
    blocks = exported_blocks(source.path, m.source_language, entry.lang, limit)
    found = sum(1 for b in blocks for c in codes(tokenize(b)) if c.kind in FORMATS)
    emphasis = found == _pandoc_formats(prune(source.blocks, limit))
    previous = body_blocks(entry.path) if entry.state is not State.MISSING else None
    note = _state_note(entry, m.source_language, previous, len(blocks))
    if previous is not None and len(previous) != len(blocks):
        previous = None
    units = [
        _unit(block, previous[i] if previous else None, emphasis) for i, block in enumerate(blocks)
    ]
    relative = source.path.relative_to(dossier.root).as_posix()
    return SectionExport(entry, relative, source.body_hash, units, note)


def _pandoc_formats(value: Any) -> int:
    """How many emphases pandoc found (a figure's caption repeats its image's
    description: counted once)."""
    if isinstance(value, list):
        return sum(_pandoc_formats(v) for v in value)
    if not isinstance(value, dict):
        return 0
    content: Any = value.get("c")
    if value.get("t") == "Figure":
        content = content[2]
    return (value.get("t") in PANDOC_FORMATS) + _pandoc_formats(content)


def body_blocks(path: Path) -> list[str]:
    return split_blocks(split_front_matter(read_source(path), path)[1])


def exported_blocks(path: Path, lang: str, target: str, limit: int) -> list[str]:
    """The blocks of the source at ``path`` that an edition of level
    ``limit`` (an index of LEVELS) may show: marked passages, headings and
    spans above it left out (see :mod:`dossier.tools.xliff.marks`)."""
    body = split_front_matter(read_source(path), path)[1]
    blocks = split_blocks(strip_above(body, limit))
    cut = [_cut(block, limit) for block in blocks]
    for i, block in enumerate(blocks):
        if not cut[i] and _CAPTION.match(block):  # a marked caption takes its table along
            for j in (i - 1, i + 1):
                if 0 <= j < len(blocks) and _TABLE.search(blocks[j]):
                    cut[j] = ""
    kept = [block for block in cut if block.strip()]
    check_exported("\n\n".join(kept), body, path, reader_for(lang), target, limit)
    return kept


def _cut(block: str, limit: int) -> str:
    """``block`` without its spans, links and images marked above ``limit``;
    nothing of it when it is a heading (or holds code) marked above it."""
    fence = _CODE_INFO.match(block)
    if fence and attr_level(fence.group(1)) > limit:
        return ""
    nodes = _cut_nodes(tokenize(block), limit)
    return "" if nodes is None else markdown(nodes).strip()


_CAPTION = re.compile(r"(?:Table)?:[ \t]")


_TABLE = re.compile(r"^[ \t]*(?:\||\+[-=:+]|-{3,}[ \t-]*$)", re.M)


_CODE_INFO = re.compile(r"[ \t]*(?:`{3,}|~{3,})[ \t]*(\{[^{}\n]*\})")


def _above(markup: str | None, limit: int) -> bool:
    found = re.search(r"\{[^{}]*\}\s*$", markup or "")
    return found is not None and attr_level(found.group(0)) > limit


def _cut_nodes(nodes: list[Inline], limit: int) -> list[Inline] | None:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.kind in ("span", "link", "image") and _above(node.end, limit):
            continue
        elif node.kind == "attributes" and _above(node.start, limit):
            return None
        else:
            children = _cut_nodes(list(node.children), limit)
            if children is None:
                return None
            out.append(replace(node, children=tuple(children)))
    return out


def _unit(block: str, previous: str | None, emphasis: bool) -> Unit:
    source = numbered(tokenize(block, emphasis=emphasis), itertools.count(1))
    if previous is None:
        return Unit(source, None, None)
    target = aligned(tokenize(previous, emphasis=emphasis), list(codes(source)))
    return Unit(source, target, None if target is not None else previous)


def _state_note(entry: Entry, source_lang: str, previous: list[str] | None, count: int) -> str:
    lang = entry.lang
    text = {
        State.MISSING: f"missing: there is no {lang} translation of this section yet.",
        State.STALE: f"stale: the {source_lang} source changed since the {lang} translation "
        "was made.",
        State.UNRECORDED: f"unrecorded: the {lang} translation does not record which version "
        "of the source it translates.",
    }[entry.state]
    if previous is None:
        return text
    if len(previous) != count:
        return (
            f"{text} The previous translation has {len(previous)} blocks and the source "
            f"{count}: no target is proposed."
        )
    return f"{text} Each target is the previous translation: check it against its source."
