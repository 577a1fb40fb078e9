"""``dossier status``: the translation matrix of a loaded dossier."""

from __future__ import annotations

from dossier.load.loaded import Dossier
from dossier.load.translations import Entry, State, state_of


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
