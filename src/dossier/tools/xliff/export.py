"""Export: the slots (see :mod:`dossier.tools.xliff.units`) of every
section whose translation is missing or stale, each a unit with the note
of its state, and the AST they come from as the file's skeleton."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dossier.core import pandoc, tree
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
from dossier.tools.xliff.units import KINDS, Code, Inline, codes, units

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
    blocks = shown_blocks(source.path, m.source_language, limit)
    labels = note_labels(source.path, m.source_language, blocks)
    found = units(blocks)
    previous = None
    if entry.state is not State.MISSING:
        previous = units(shown_blocks(entry.path, entry.lang, limit))
    note = _state_note(entry, m.source_language, previous, len(found))
    if previous is not None and len(previous) != len(found):
        previous = None
    exported = [
        _unit(nodes, previous[i][1] if previous else None) for i, (_, nodes) in enumerate(found)
    ]
    relative = source.path.relative_to(dossier.root).as_posix()
    skeleton = json.dumps(blocks, ensure_ascii=False, separators=(",", ":"))
    return SectionExport(entry, relative, source.body_hash, exported, note, skeleton, labels)


def shown_blocks(path: Path, lang: str, limit: int) -> list[Any]:
    """The AST of the Markdown file at ``path`` as an edition of level
    ``limit`` (an index of LEVELS) shows it: what is marked above it left
    out, as the build leaves it out of every edition in the target language."""
    body = split_front_matter(read_source(path), path)[1]
    return prune(pandoc.parse_markdown(body, reader_for(lang))[0], limit)


# A footnote reference (not a definition, not escaped).
_NOTE_REF = re.compile(r"(?<!\\)\[\^([^\]\s]+)\](?!:)")


def note_labels(path: Path, lang: str, shown: list[Any]) -> tuple[str, ...]:
    """The labels of the source's footnotes (``camp`` of ``[^camp]``), one
    per Note of ``shown`` (the exported AST), for the import to write them
    back: pandoc's writer numbers notes. None when that cannot be told
    (a note left out of the export, a label used twice, a ``[^x]`` in code)."""
    body = split_front_matter(read_source(path), path)[1]
    labels = tuple(_NOTE_REF.findall(body))
    every = pandoc.parse_markdown(body, reader_for(lang))[0]
    notes = len(tree.find(every, {"Note"}))
    if len(set(labels)) != len(labels) or not notes == len(labels) == _notes(shown):
        return ()
    return labels


def _notes(blocks: list[Any]) -> int:
    return len(tree.find(blocks, {"Note"}))


def _unit(source: list[Inline], previous: list[Inline] | None) -> Unit:
    if previous is None:
        return Unit(source, None, None)
    target = aligned(previous, list(codes(source)))
    if target is not None and _kept(source) - _kept(target):
        target = None
    return Unit(source, target, None if target is not None else shown(previous))


def _kept(nodes: list[Inline]) -> set[str]:
    """The ids of the codes of ``nodes`` a translation must keep."""
    return {c.id for c in codes(nodes) if not KINDS[c.kind][2]}


def aligned(nodes: list[Inline], source: list[Code]) -> list[Inline] | None:
    """A previous translation's tokens with the codes of the source's of the
    same kind, in order; None when one has no match."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        match = next((s for s in source if s.kind == node.kind), None)
        if match is None:
            return None
        source.remove(match)
        children = aligned(node.children, source)
        if children is None:
            return None
        out.append(replace(match, children=children))
    return out


def shown(nodes: list[Inline]) -> str:
    """The text of tokens with their codes as a translator sees them."""
    return "".join(
        n if isinstance(n, str) else n.start + shown(n.children) + (n.end or "") for n in nodes
    )


def _state_note(entry: Entry, source_lang: str, previous: list[Any] | None, count: int) -> str:
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
            f"{text} The previous translation has {len(previous)} units and the source "
            f"{count}: no target is proposed."
        )
    return f"{text} Each target is the previous translation: check it against its source."
