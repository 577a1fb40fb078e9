"""``dossier status``: the translation matrix of a loaded dossier."""

from __future__ import annotations

from collections.abc import Sequence

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.paths import DOSSIER_FILE
from dossier.load.loaded import Dossier
from dossier.load.translations import Entry, State, state_of


def chosen_languages(dossier: Dossier, only: Sequence[str]) -> tuple[str, ...]:
    """The languages ``status --lang`` looks at: the source language and
    ``only`` (every language when none is given)."""
    m = dossier.manifest
    unknown = [lang for lang in only if lang not in m.languages]
    if unknown:
        message = f"'{unknown[0]}' is not a language of this dossier"
        hint = f"--lang one of: {', '.join(m.languages)}"
        raise DossierError([Diagnostic(dossier.root / DOSSIER_FILE, None, message, hint)])
    if not only:
        return tuple(m.languages)
    return tuple(x for x in m.languages if x == m.source_language or x in only)


def matrix(dossier: Dossier) -> list[Entry]:
    """The state of every section in every language of ``dossier`` (loaded
    as a draft, so that missing translations are stand-ins)."""
    m = dossier.manifest
    out: list[Entry] = []
    for name in m.written_sections:
        source = dossier.section(name, m.source_language)
        for lang in m.languages:
            if (name, lang) not in dossier.sections:
                path = dossier.root / "sections" / lang / f"{name}.md"
                out.append(Entry(name, lang, State.WITHHELD, path))
                continue
            section = dossier.section(name, lang)
            if lang == m.source_language:
                state = State.SOURCE
            elif section.untranslated:
                state = State.MISSING
            else:
                state = state_of(section.translation_of, source.body_hash)
            path = dossier.root / "sections" / lang / f"{name}.md"
            out.append(Entry(name, lang, state, path))
    return out
