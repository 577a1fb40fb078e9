"""The dossier's own vocabulary for its incident records (``evidence:
types:`` in dossier.yaml), checked: every record's ``type:`` is one of its
terms, every term has its words in the source language (and, or a warning,
in each language of the dossier), and the settings of what the generated
text shows name editions of the dossier.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.model import Manifest
from dossier.core.yamlsource import YamlDoc
from dossier.load.evidence_types import Record

TYPES_KEY = ("evidence", "types")
SETTINGS = ("show_confidence", "show_record_ids")


def check_vocabulary(m: Manifest, doc: YamlDoc, records: Iterable[Record]) -> list[Diagnostic]:
    """The problems of the vocabulary in ``doc`` and of its use by ``records``."""
    out = check_terms(m, doc) + check_settings(m, doc)
    for record in records:
        out += check_type(record, m)
    return out


def check_type(record: Record, m: Manifest) -> list[Diagnostic]:
    """A record's ``type:`` is a term of the vocabulary."""
    term = record.incident.type
    terms = list(m.evidence.types)
    if term is None or term in terms:
        return []
    if not terms:
        hint = "define it under 'evidence: types:' in dossier.yaml, or remove 'type:'"
    else:
        close = difflib.get_close_matches(term, terms, n=1, cutoff=0.6)
        known = "the known terms: " + ", ".join(terms)
        hint = f"did you mean '{close[0]}'? {known}" if close else known
    message = f"the type '{term}' is not a term of 'evidence: types:' in dossier.yaml"
    return [Diagnostic(record.path, record.line_of("type"), message, hint)]


def check_terms(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """Each term gives its words in the source language; a language of the
    dossier without them shows the source language's (a warning)."""
    out: list[Diagnostic] = []
    source = m.source_language
    for term, words in m.evidence.types.items():
        line = doc.line_of((*TYPES_KEY, term))
        if source not in words:
            out.append(
                Diagnostic(
                    doc.file,
                    line,
                    f"the type '{term}' has no words in the source language ({source})",
                    f"add '{source}: ...' under '{term}:'",
                )
            )
            continue
        missing = [lang for lang in m.languages if lang not in words]
        if missing:
            out.append(
                Diagnostic(
                    doc.file,
                    line,
                    f"the type '{term}' has no words in {', '.join(missing)}: "
                    f"the annex shows '{words[source]}' there",
                    f"add the translations under '{term}:'",
                    Severity.WARNING,
                )
            )
    return out


def check_settings(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """A setting that lists editions names editions of the dossier."""
    names = [e.name for e in m.editions]
    out: list[Diagnostic] = []
    for key in SETTINGS:
        value = getattr(m.evidence, key)
        if isinstance(value, bool):
            continue
        for i, name in enumerate(value):
            if name not in names:
                out.append(
                    Diagnostic(
                        doc.file,
                        doc.line_of(("evidence", key, i)),
                        f"'{name}' in 'evidence: {key}:' is not an edition of the dossier",
                        "the editions: " + ", ".join(names),
                    )
                )
    return out
