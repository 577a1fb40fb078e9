"""Placeholders are not evidence: a field or narrative of an incident
record that still says what `dossier import` wrote where the data set had
nothing ('TO BE COMPLETED') is reported at its line: a warning while the
dossier is a draft, an error once it is submitted or issued when an
edition would print it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.model import Manifest, level
from dossier.core.sourcefile import read_source
from dossier.load.evidence_types import Evidence, Record

PLACEHOLDER = "TO BE COMPLETED"
# What the import keeps for the export, never printed.
NOT_PRINTED = frozenset({"source_record", "imported"})


def check_placeholders(evidence: Evidence, manifest: Manifest, draft: bool) -> list[Diagnostic]:
    """Every placeholder of every record, at its file and line."""
    out: list[Diagnostic] = []
    for record in evidence.records:
        editions = [
            e.name
            for e in manifest.editions
            if level(record.incident.classification) <= level(e.max)
        ]
        refuse = bool(editions) and manifest.status != "draft" and not draft
        severity = Severity.ERROR if refuse else Severity.WARNING
        hint = (
            f"write what is known: the {' and '.join(editions)} edition"
            f"{'s' if len(editions) > 1 else ''} would print it"
            if editions
            else "write what is known: no edition prints this record yet"
        )
        for where, line in _found(record):
            message = f"{where} still holds the import's placeholder '{PLACEHOLDER}'"
            out.append(Diagnostic(record.path, line, message, hint, severity))
    return out


def _found(record: Record) -> Iterator[tuple[str, int]]:
    """(what, line) of each placeholder of ``record``: its fields, then its
    narratives (the source's and each translation's)."""
    for path in _paths(record.doc.data, ()):
        yield ".".join(map(str, path)), record.line_of(*path)
    files = dict.fromkeys([record.path, *(n.path for n in record.narratives.values())])
    for file in files:
        if not file.is_file():
            continue
        text = read_source(file)
        body = _body_start(text)
        for number, line in enumerate(text.split("\n")[body:], start=body + 1):
            if PLACEHOLDER in line:
                yield _narrative(record, file), number


def _paths(value: Any, at: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if not (at == () and key in NOT_PRINTED):
                yield from _paths(item, (*at, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*at, i))
    elif isinstance(value, str) and PLACEHOLDER in value:
        yield at


def _body_start(text: str) -> int:
    """The index of the first line after the front matter (0 without one)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in {"---", "..."}:
            return i + 1
    return 0


def _narrative(record: Record, file: Any) -> str:
    langs = [n.lang for n in record.narratives.values() if n.path == file]
    return f"the narrative ({langs[0]})" if langs and file != record.path else "the narrative"
