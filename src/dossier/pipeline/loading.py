"""Load a dossier folder into the typed model, or explain what is wrong.

Everything is read and validated before anything is written: the result is
either a :class:`~dossier.core.model.Dossier` or a :class:`DossierError` holding
every problem found, each with its file and line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossier.check import confine
from dossier.check.anchors import check_links
from dossier.check.editorial import check_editorial, count_line, past_word_limit
from dossier.check.fences import check_definitions
from dossier.check.literal import check_meta_blocks, check_printed
from dossier.check.marking import check_fields, check_markings, check_raw_html
from dossier.check.placeholders import check_placeholders
from dossier.core import pandoc
from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.model import GENERATED, GENERATED_PREFIX, Manifest, is_generated, level
from dossier.core.paths import DOSSIER_FILE
from dossier.core.schema_errors import schema_diagnostics
from dossier.core.section import Section
from dossier.core.sourcefile import check_nesting, read_source
from dossier.core.templates import kind_dir
from dossier.core.yamlsource import YamlDoc, parse_yaml
from dossier.load.evidence import (
    EVIDENCE,
    SOURCES,
    Evidence,
    Record,
    check_boundaries,
    load_evidence,
    load_sources,
)
from dossier.load.evidence_vocab import check_vocabulary
from dossier.load.exhibits import check_exhibits
from dossier.load.letterhead import check_emblem, letterhead_files
from dossier.load.loaded import Dossier
from dossier.load.sections import (
    image_paths,
    load_sections,
    markdown_body,
    reader_for,
    split_front_matter,
)
from dossier.load.sources import check_citations
from dossier.load.translations import FRONT_KEY
from dossier.pipeline.listing import load_listing
from dossier.select.edition import check_levels, marks_diagnostic, prune, translation_marks
from dossier.select.pictures import check_pictures
from dossier.select.shown import check_sources


def load(root: Path, *, draft: bool = False, langs: Sequence[str] = ()) -> Dossier:
    """Read ``root/dossier.yaml`` and every section it names.

    ``draft`` (or ``draft: true`` in the manifest) lets a missing translation
    through: the source text stands in its place, marked untranslated.
    ``langs`` limits the reading to these languages (and the source, which
    translations are checked against): the build of one language version.
    """
    root = Path(root)
    manifest, doc = _read_manifest(root)
    diagnostics = _check_manifest(manifest, doc) + check_emblem(root, manifest, doc)
    wanted = _wanted(manifest, langs)
    outside = confine.check_paths(root, manifest, doc, wanted)
    if outside:  # not one of those files is read
        raise DossierError([*diagnostics, *outside])
    _parse_ahead(root, manifest, wanted)
    draft = draft or manifest.draft
    sections, more = load_sections(root, manifest, doc, draft=draft, langs=wanted)
    diagnostics += more
    evidence = _load_evidence(root, manifest, doc, draft, wanted, diagnostics)
    listing = load_listing(root, manifest, doc, evidence, diagnostics)
    sources, sources_path = _sources(root, manifest, evidence, diagnostics)
    pictures: list[str] = []  # the narratives' images
    diagnostics += _check_texts(manifest, sections, evidence, sources)
    diagnostics += _check_narratives(root, evidence, manifest.allow_raw, pictures)
    diagnostics += confine.check_sources(sources, sources_path)
    diagnostics += check_links(_written(sections, evidence), manifest)
    diagnostics += check_levels(sections.values())
    diagnostics += _translation_marks(manifest, sections, evidence)
    diagnostics += (editorial := _editorial(manifest, doc, sections))[0]
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise DossierError(diagnostics)
    dossier = Dossier(
        root=root,
        name=root.resolve().name,
        manifest=manifest,
        sections=sections,
        inputs=_inputs(root, sections, evidence, [*pictures, *letterhead_files(root, manifest)])
        + listing.files,
        warnings=tuple(d for d in diagnostics if d.severity is Severity.WARNING),
        evidence=evidence,
        notes=(editorial[1],),
        actors=listing.actors,
        sanctions=listing.snapshot,
    )
    # withheld text in public text, withheld exhibits among its images: before any output
    repeated = check_sources(dossier) + check_pictures(dossier, doc)
    if repeated:
        raise DossierError([*dossier.warnings, *repeated])
    return dossier


def _editorial(
    manifest: Manifest, doc: YamlDoc, sections: dict[tuple[str, str], Section]
) -> tuple[list[Diagnostic], str]:
    """The Editorial Manual's rules, and the word count ``check`` prints."""
    circulated = _most_public(manifest, sections)
    diagnostics = check_editorial(manifest, doc, sections)
    return diagnostics + past_word_limit(manifest, doc, circulated), count_line(
        manifest, circulated
    )


def _most_public(
    manifest: Manifest, sections: dict[tuple[str, str], Section]
) -> dict[tuple[str, str], Section]:
    """The sections as the dossier's most public edition shows them: what
    its word count and word limit are about."""
    limit = min((level(e.max) for e in manifest.editions), default=level("public"))
    return {k: dataclasses.replace(s, blocks=prune(s.blocks, limit)) for k, s in sections.items()}


def _sources(
    root: Path, manifest: Manifest, evidence: Evidence | None, out: list[Diagnostic]
) -> tuple[dict[str, dict[str, Any]], Path | None]:
    """sources.yaml as the evidence read it, or read alone (its problems into ``out``)."""
    if evidence:
        return evidence.sources, evidence.sources_path
    return load_sources(root, out, manifest.limits)


def _read_manifest(root: Path) -> tuple[Manifest, YamlDoc]:
    manifest_path = root / DOSSIER_FILE
    if not manifest_path.is_file():
        hint = "create it, or run 'dossier new'" if root.is_dir() else "check the folder name"
        raise DossierError([Diagnostic(manifest_path, None, "no dossier.yaml here", hint)])
    # Read with the default limits: its own apply once it is read.
    doc = parse_yaml(read_source(manifest_path), manifest_path)
    return validate_manifest(doc), doc


def _load_evidence(
    root: Path,
    manifest: Manifest,
    doc: YamlDoc,
    draft: bool,
    wanted: Sequence[str],
    diagnostics: list[Diagnostic],
) -> Evidence | None:
    """The incident records, their exhibits and the map's boundaries
    checked; their problems into ``diagnostics``."""
    if not (root / EVIDENCE).is_dir():
        return None
    evidence, more = load_evidence(root, manifest, draft=draft, langs=wanted)
    diagnostics += more + check_vocabulary(manifest, doc, evidence.records)
    for record in evidence.records:
        diagnostics += check_exhibits(record, root, manifest.limits)
    diagnostics += check_placeholders(evidence, manifest, draft)
    if f"{GENERATED_PREFIX}map" in manifest.annex:
        diagnostics += check_boundaries(root, manifest, doc)
    return evidence


def _check_texts(
    manifest: Manifest,
    sections: dict[tuple[str, str], Section],
    evidence: Evidence | None,
    sources: dict[str, dict[str, Any]],
) -> list[Diagnostic]:
    """Raw blocks, citations and markings of every section written, and
    the markings of every record and narrative."""
    out: list[Diagnostic] = []
    allow = manifest.allow_raw
    for section in sections.values():
        if not section.untranslated:
            raw = read_source(section.path, manifest.limits)
            out += confine.check_blocks(section.blocks, section.path, raw, allow)
            out += check_citations(section.blocks, section.path, raw, sources)
            out += _check_marks(section.blocks, section.path, raw)
    for record in evidence.records if evidence else ():
        out += _field_marks(record)
        for narrative in record.narratives.values():
            if not narrative.untranslated:
                raw = read_source(narrative.path, manifest.limits)
                out += _check_marks(narrative.blocks, narrative.path, raw)
    return out


def _inputs(
    root: Path,
    sections: dict[tuple[str, str], Section],
    evidence: Evidence | None,
    pictures: list[str],
) -> tuple[Path, ...]:
    """Every file of the dossier read: the manifest, the sections and their
    images, the records with their narratives, exhibits and images, the
    sources."""
    inputs = [root / DOSSIER_FILE, *(s.path for s in sections.values())]
    inputs += [Path(p) for s in sections.values() for p in image_paths(s.blocks)]
    inputs += evidence.inputs if evidence else []
    inputs += [Path(p) for p in pictures]
    if (root / SOURCES).is_file():
        inputs.append(root / SOURCES)
    return tuple(dict.fromkeys(inputs))


def _translation_marks(
    m: Manifest, sections: dict[tuple[str, str], Section], evidence: Evidence | None
) -> list[Diagnostic]:
    """Translations that do not keep the markings of their source."""
    out: list[Diagnostic] = []
    for (name, lang), section in sections.items():
        source = sections.get((name, m.source_language))
        if lang == m.source_language or section.untranslated or source is None:
            continue
        limit = max(m.highest_level(lang), 0)
        problem = translation_marks(source.blocks, section.blocks, limit, source.path)
        if problem:
            current = section.translation_of == source.body_hash
            out.append(marks_diagnostic(section.path, problem, limit, current))
    for record in evidence.records if evidence else ():
        original = record.narratives[m.source_language]
        for lang, narrative in record.narratives.items():
            if lang == m.source_language or narrative.untranslated:
                continue
            limit = max(m.highest_level(lang), 0)
            problem = translation_marks(original.blocks, narrative.blocks, limit, original.path)
            if problem:
                raw = read_source(narrative.path, m.limits)
                recorded = split_front_matter(raw, narrative.path)[0].get(FRONT_KEY)
                stale = recorded != original.body_hash
                out.append(marks_diagnostic(narrative.path, problem, limit, not stale))
    return out


def _field_marks(record: Record) -> list[Diagnostic]:
    """Markings written in a record's front matter, where they mark nothing."""
    data = record.incident.model_dump(mode="json", exclude_defaults=True)
    return [
        Diagnostic(
            record.path,
            record.line_of(*where),
            f"the marking {shown} in '{'.'.join(map(str, where))}' withholds nothing: "
            "front matter is printed as it is",
            "classify the whole record (classification: restricted), or move the "
            "passage into the narrative in a ::: {.restricted} div",
        )
        for where, shown in check_fields(data)
    ] + [
        Diagnostic(
            narrative.path,
            None,
            f"the marking {shown} in '{key}' withholds nothing: front matter is printed as it is",
            "classify the whole record in its source file, or mark the passage in the narrative",
        )
        for narrative in record.narratives.values()
        for key, value in narrative.fields.items()
        for _, shown in check_fields(value)
    ]


def _check_marks(blocks: list[Any], path: Path, raw: str) -> list[Diagnostic]:
    """Markings that are none, and definitions that would carry a marked
    passage's text out of it."""
    found = check_markings(blocks, path, raw) + check_raw_html(blocks, path, raw)
    found += check_printed(blocks, path, raw)
    body = markdown_body(raw)
    return found + check_definitions(body, path) + check_meta_blocks(body, path)


def _written(sections: dict[Any, Section], evidence: Evidence | None) -> list[tuple[Path, Any]]:
    """The files written in the dossier (stand-ins aside): their path and blocks."""
    out = [(s.path, s.blocks) for s in sections.values() if not s.untranslated]
    for record in evidence.records if evidence else ():
        out += [(n.path, n.blocks) for n in record.narratives.values() if not n.untranslated]
    return out


def _check_narratives(
    root: Path, evidence: Evidence | None, allow: Sequence[str], pictures: list[str]
) -> list[Diagnostic]:
    """:func:`confine.check_blocks` on every narrative (a stand-in shares
    its source's blocks, checked once); their images into ``pictures``."""
    out: list[Diagnostic] = []
    for record in evidence.records if evidence else ():
        for n in record.narratives.values():
            if not n.untranslated:
                raw = read_source(n.path)  # read with its limits already
                out += confine.check_blocks(
                    n.blocks, n.path, raw, allow, images=root, found=pictures
                )
    return out


def _parse_ahead(root: Path, m: Manifest, langs: Sequence[str]) -> None:
    """Parse the Markdown of every file these languages read in one pandoc
    run (see :func:`dossier.core.pandoc.parse_all`). Which files are read is for
    the loaders to decide; a file parsed here and not read costs little."""
    files = [(p, lang) for lang in langs for p in (root / "sections" / lang).glob("*.md")]
    files += [(p, m.source_language) for p in (root / EVIDENCE).glob("*.md")]
    others = [lang for lang in langs if lang != m.source_language]
    files += [(p, lang) for lang in others for p in (root / EVIDENCE / lang).glob("*.md")]
    items = []
    for path, lang in files:
        try:
            body = markdown_body(read_source(path, m.limits))
            check_nesting(body, path, m.limits.nesting)
        except DossierError:
            continue  # the loader reports it at its file
        items.append((body, reader_for(lang)))
    # A text too deep for Python to read: its loader says which.
    with contextlib.suppress(RecursionError):
        pandoc.parse_all(items)


def _wanted(m: Manifest, langs: Sequence[str]) -> list[str]:
    if not langs:
        return list(m.languages)
    return [lang for lang in m.languages if lang in langs or lang == m.source_language]


def validate_manifest(doc: YamlDoc) -> Manifest:
    if not isinstance(doc.data, dict):
        raise DossierError(
            [
                Diagnostic(
                    doc.file,
                    1,
                    "dossier.yaml must be a list of 'key: value' lines",
                    "start from dossiers/example/dossier.yaml",
                )
            ]
        )
    try:
        return Manifest.model_validate(doc.data)
    except ValidationError as exc:
        raise DossierError(schema_diagnostics(exc, doc, Manifest)) from None


def _check_generated(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for part, names in (("letter", m.letter), ("annex", m.annex)):
        for i, name in enumerate(names):
            if not is_generated(name):
                continue
            what = name.removeprefix(GENERATED_PREFIX)
            line = doc.line_of((part, i))
            if part == "letter":
                out.append(
                    Diagnostic(doc.file, line, f"'{name}' belongs in the annex", "move it to annex")
                )
            elif what not in GENERATED:
                close = difflib.get_close_matches(what, GENERATED, n=1, cutoff=0.5)
                hint = (
                    f"did you mean '{GENERATED_PREFIX}{close[0]}'?"
                    if close
                    else f"generated parts: {', '.join(GENERATED)}"
                )
                out.append(Diagnostic(doc.file, line, f"unknown generated part '{name}'", hint))
    return out


def _check_manifest(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if kind_dir(m.kind) is None:
        out.append(
            Diagnostic(
                doc.file,
                doc.line_of(("kind",)),
                f"the document kind '{m.kind}' has no templates yet",
                "use 'sc-letter'",
            )
        )
    if m.source_language not in m.languages:
        out.append(
            Diagnostic(
                doc.file,
                doc.line_of(("languages",)),
                f"the source language '{m.source_language}' is not in 'languages'",
                f"add '{m.source_language}' to languages",
            )
        )
    for i, lang in enumerate(m.languages):
        if m.languages.index(lang) != i:
            out.append(
                Diagnostic(doc.file, doc.line_of(("languages", i)), f"'{lang}' is listed twice")
            )
    out += _check_generated(m, doc)
    names = [*m.letter, *m.annex]
    for i, name in enumerate(names):
        if names.index(name) != i:
            key = ("letter", i) if i < len(m.letter) else ("annex", i - len(m.letter))
            out.append(
                Diagnostic(
                    doc.file, doc.line_of(key), f"section '{name}' is listed twice", "remove one"
                )
            )
    return out
