"""The submission package of one edition: what the mission signs and sends,
in the language it submits (``Manifest.submission_language``).

- the letter on the mission's letterhead, to sign (a note verbale, unsigned,
  for ``kind: note-verbale``): kind ``submission`` of ``templates/``;
- the same letter and annex for the Secretariat, without letterhead: it lays
  the document out itself (rendered with ``templates/submission/secretariat.docx``);
- ``submission.json``: the files, their hashes, language, addressees, agenda item.

Pure: the :class:`Document` of the letter from that of the document as issued
(:func:`dossier.assemble.compose.assemble`), with no symbol and no job number.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from dossier.assemble.compose import Document, assemble, default_cache
from dossier.assemble.submission_text import courtesy_marking, submission_strings
from dossier.core import tree
from dossier.core.localise import locale
from dossier.core.model import Edition, Manifest, local
from dossier.load.images import cleaned
from dossier.load.loaded import Dossier

# The folder of templates/ of the letterhead's layouts.
KIND = "submission"
# What the package holds: (part, format); the letter's name is the note's
# for a note verbale.
LETTER, NOTE, SECRETARIAT = "letter", "note-verbale", "secretariat"


def letter_part(m: Manifest) -> str:
    """The name of the document on the letterhead: 'letter' or 'note-verbale'."""
    return NOTE if m.kind == "note-verbale" else LETTER


def submission_document(
    dossier: Dossier,
    cache: Path | None = None,
    edition: Edition | None = None,
    lang: str | None = None,
) -> Document:
    """The letter (or note verbale) as the mission sends it, in the language
    it submits: letterhead, reference, place and date, salutation, body,
    circulation request, complimentary close, signature, addressee; annex.
    In another language (``lang``): a courtesy translation, marked as such
    on every page."""
    m = dossier.manifest
    lang = lang or m.submission_language
    cache = cache or default_cache(dossier)
    issued = assemble(dossier, lang, cache=cache, edition=edition)
    loc = locale(lang, female=m.signer.gender == "female")
    strings = submission_strings(m, loc, issued.strings)
    if lang != m.submission_language:
        strings["marking"] = courtesy_marking(loc, strings.get("marking", ""))
    head = emblem_blocks(dossier, cache, strings["mission_name"])
    return dataclasses.replace(
        issued,
        kind=KIND,
        symbol="",
        job_number="",
        strings=strings,
        head=head,
        meta={**issued.meta, "title": title(m, lang, strings)},
    )


def title(m: Manifest, lang: str, strings: dict[str, str]) -> str:
    """The document's title in its properties: the title line, which names
    no symbol."""
    return strings.get("title_line") or local(m.signer.state, lang, m.source_language)


def emblem_blocks(dossier: Dossier, cache: Path, alt: str) -> list[Any]:
    """The letterhead's emblem as a paragraph holding its image (the cleaned
    copy in ``cache``: no output reads the dossier's own file), or nothing.
    ``alt``: its description, the mission's name."""
    mission = dossier.manifest.mission
    if mission is None or mission.emblem is None:
        return []
    copy = cleaned((dossier.root / mission.emblem).resolve(), cache)
    image = {
        "t": "Image",
        "c": [tree.attr("", ("emblem",), height="2cm"), tree.text(alt), [str(copy), ""]],
    }
    # In a style of its own in Word: the body text's exact leading would clip it.
    return [tree.div((), [tree.para([image])], **{"custom-style": "Emblem"})]
