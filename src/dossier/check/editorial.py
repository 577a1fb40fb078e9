"""The UN Editorial Manual's rules for communications from Member States
("Communications", https://www.un.org/dgacm/en/content/editorial-manual/communications),
as diagnostics with the line of ``dossier.yaml`` or of the section they
are about: the addressees and their order, the signatory's function, the
unsigned note verbale, the agenda item of a General Assembly document, the
same text in identical letters, and the length of letter and annex.

The submitted language (one of the six official languages) is the model's
rule: ``core.model.status_problems``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from dossier.core import tree
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.mission import LocalText, Sender
from dossier.core.model import Manifest, is_generated, local
from dossier.core.section import Section
from dossier.core.sourcefile import read_source
from dossier.core.yamlsource import KeyPath, YamlDoc

Sections = Mapping[tuple[str, str], Section]

# The functions that sign a letter (the Permanent Representative or
# Observer, in his or her absence the Chargé d'affaires a.i.; a minister),
# in the languages a drafter writes them in most; lower case.
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "permanent representative",
        "chargé d'affaires a.i.",
        "charge d'affaires a.i.",
        "permanent observer",
        "minister for foreign affairs",
        "minister of foreign affairs",
        "minister for external affairs",
    ),
    "fr": (
        "représentant permanent",
        "représentante permanente",
        "chargé d'affaires par intérim",
        "chargée d'affaires par intérim",
        "chargé d'affaires a.i.",
        "chargée d'affaires a.i.",
        "observateur permanent",
        "observatrice permanente",
        "ministre des affaires étrangères",
    ),
    "es": (
        "representante permanente",
        "encargado de negocios interino",
        "encargada de negocios interina",
        "encargado de negocios a.i.",
        "encargada de negocios a.i.",
        "observador permanente",
        "observadora permanente",
        "ministro de relaciones exteriores",
        "ministra de relaciones exteriores",
    ),
}
# Words that address one addressee of identical letters alone.
ONE_ADDRESSEE = re.compile(
    r"\b(?:Mr\.?|Madam|Mister)\s+(?:President|Secretary-General)\b"
    r"|\bMonsieur le (?:Président|Secrétaire général)\b"
    r"|\bMadame la (?:Présidente|Secrétaire générale)\b"
    r"|\bSeñora? (?:President[ae]|Secretari[ao] General)\b",
)


def check_editorial(m: Manifest, doc: YamlDoc, sections: Sections) -> list[Diagnostic]:
    """Every rule of the Editorial Manual the dossier breaks."""
    return [
        *addressee_order(m, doc),
        *signatory(m, doc),
        *signatory_order(m, doc),
        *courtesy(m, doc),
        *agenda_item(m, doc),
        *unsigned_note(m, sections),
        *identical_text(m, sections),
    ]


# The Editorial Manual's order of addressees: the Secretary-General first,
# then the Presidents.
ADDRESSEE_ORDER = (
    "secretary-general",
    "president-of-the-general-assembly",
    "president-of-the-security-council",
)


def addressee_order(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """Several addressees go in the Manual's order: the Secretary-General,
    the President of the General Assembly, the President of the Security
    Council, each once (an error otherwise). Identical letters go to the
    Secretary-General first (a warning when one addressee is written)."""
    written = m.addressees
    right = sorted(set(written), key=ADDRESSEE_ORDER.index)
    if written != right:
        return [
            Diagnostic(
                doc.file,
                doc.line_of(("addressee",)),
                f"the addressees go in the Editorial Manual's order, the Secretary-General "
                f"first, then the Presidents, each once: [{', '.join(right)}]",
                f"write 'addressee: [{', '.join(right)}]'",
                Severity.ERROR,
            )
        ]
    if m.kind != "identical-letters" or written[0] == "secretary-general":
        return []
    return [
        _warning(
            doc.file,
            doc.line_of(("addressee",)),
            "identical letters go to the Secretary-General and the President of the "
            "Security Council, the Secretary-General first (Editorial Manual, 'Addressees')",
            "write 'addressee: secretary-general'",
        )
    ]


def signatory(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """A letter is signed by the Permanent Representative (or Observer) or,
    in his or her absence, the Chargé d'affaires a.i.: each signatory of a
    joint letter."""
    if m.kind in {"note-verbale", "position-paper", "listing-request"}:
        return []
    out: list[Diagnostic] = []
    for at, signer in enumerate(m.signers):
        where: KeyPath = ("signatories", at) if m.signatories else ("sender",)
        out += _function(signer.title, doc, where)
    return out


def _function(title: LocalText, doc: YamlDoc, where: KeyPath) -> list[Diagnostic]:
    written = {"en": title} if isinstance(title, str) else {str(k): v for k, v in title.items()}
    lang = next((x for x in FUNCTIONS if x in written), None)
    if lang is None:
        return []  # no form of a language listed here to compare
    function = " ".join(written[lang].lower().replace("’", "'").split())
    if any(known in function for known in FUNCTIONS[lang]):
        return []
    key = (*where, "title") if isinstance(title, str) else (*where, "title", lang)
    return [
        _warning(
            doc.file,
            doc.line_of(key),
            f"the signatory's function '{written[lang]}' is not one that signs a "
            "communication (Editorial Manual, 'Signature')",
            "the Permanent Representative or Observer signs, in his or her absence the "
            "Chargé d'affaires a.i. (or a Deputy Permanent Representative, a minister)",
        )
    ]


def signatory_order(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """The signatories of a joint letter sign in the English alphabetical
    order of their States' short names. A formal name without its
    'short_name:' ('the Kingdom of Veskaria') cannot be placed for sure (the
    UN lists it under V; 'the Republic of Korea' under R): a warning asks
    for the short name rather than an error that may be wrong."""
    if not m.signatories:
        return []
    written = [state_in_english(s.state) for s in m.signatories]
    keys = {state_in_english(s.state): state_key(s) for s in m.signatories}
    right = sorted(written, key=keys.__getitem__)
    if written == right:
        return []
    unsure = [state_in_english(s.state) for s in m.signatories if _formal_without_short(s)]
    if unsure:
        message = (
            "the signatories of a joint letter sign in the English alphabetical order of "
            f"their States' short names, and 'short_name:' is missing for {'; '.join(unsure)}"
        )
        hint = "add 'short_name:' to each, as the UN lists its Member States ('Veskaria')"
        return [
            Diagnostic(doc.file, doc.line_of(("signatories",)), message, hint, Severity.WARNING)
        ]
    return [
        Diagnostic(
            doc.file,
            doc.line_of(("signatories",)),
            "the signatories of a joint letter sign in the English alphabetical order of "
            f"their States: {'; '.join(right)}",
            "reorder 'signatories:': the Editorial Manual's order, by each State's short "
            "name ('short_name:' where it differs from 'state' without 'the')",
            Severity.ERROR,
        )
    ]


def _formal_without_short(signer: Sender) -> bool:
    """A State named in its formal form ('... of ...') with no short name."""
    return not signer.short_name and " of " in state_in_english(signer.state)


def state_in_english(state: LocalText) -> str:
    return local(state, "en", "en")


def state_key(signer: Sender) -> str:
    """The State's place in the English alphabetical order: its short name
    ('short_name'), else its English name without the leading article.

    >>> state_key(Sender(name="A B", title="T", state="the Kingdom of Veskaria"))
    'kingdom of veskaria'
    >>> state_key(Sender(name="A B", title="T", state="x", short_name="Veskaria"))
    'veskaria'
    """
    name = signer.short_name or state_in_english(signer.state).removeprefix("the ")
    return name.casefold()


def courtesy(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """A courtesy translation is of a language the dossier has, other than
    the one submitted."""
    out: list[Diagnostic] = []
    for at, lang in enumerate(m.courtesy_languages):
        if lang == m.submission_language or lang not in m.languages:
            why = "is the language submitted" if lang in m.languages else "is not in languages"
            out.append(
                Diagnostic(
                    doc.file,
                    doc.line_of(("courtesy_languages", at)),
                    f"courtesy language '{lang}' {why}: a courtesy translation is one of the "
                    "dossier's other languages",
                    f"remove '{lang}' from courtesy_languages",
                    Severity.ERROR,
                )
            )
    return out


def agenda_item(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """A General Assembly document is issued under an item of its agenda:
    an error once submitted, a warning in a draft."""
    if m.organ != "general-assembly" or m.agenda_item is not None:
        return []
    severity = Severity.WARNING if m.status == "draft" else Severity.ERROR
    return [
        Diagnostic(
            doc.file,
            doc.line_of(("organ",)),
            "a General Assembly communication names the agenda item it is to be "
            "circulated under (Editorial Manual, 'Agenda item')",
            "add 'agenda_item: {number: 109, title: ...}', as the preliminary list or the "
            "agenda gives it",
            severity,
        )
    ]


def unsigned_note(m: Manifest, sections: Sections) -> list[Diagnostic]:
    """A note verbale is unsigned: the mission's stamp and initials stand
    for a signature, and the sender's name is not printed."""
    if m.kind != "note-verbale":
        return []
    name = local(m.signer.name, m.source_language, m.source_language)
    out: list[Diagnostic] = []
    for section in _letter(m, sections, m.source_language):
        line = _line_of(section.path, (name, "(Signed)"))
        if line:
            out.append(
                _warning(
                    section.path,
                    line,
                    "a note verbale is unsigned (Editorial Manual, 'Signature'): the "
                    "mission's stamp and initials authenticate it",
                    "remove the signature; dossier.yaml's sender is not printed on a note",
                )
            )
    return out


def identical_text(m: Manifest, sections: Sections) -> list[Diagnostic]:
    """Identical letters carry the same text to each addressee. The dossier
    has one body per language, so the text cannot differ; what can go wrong
    is a body that speaks to one addressee only ('Mr. President')."""
    if m.kind != "identical-letters" and len(m.addressees) < 2:
        return []
    out: list[Diagnostic] = []
    for lang in m.languages:
        for section in _letter(m, sections, lang):
            found = ONE_ADDRESSEE.search(tree.stringify(section.blocks))
            if found:
                words = " ".join(found.group(0).split())  # a no-break space as written
                out.append(
                    _warning(
                        section.path,
                        _line_of(section.path, (words,)),
                        f"'{words}' speaks to one addressee: identical letters "
                        "carry the same text to the Secretary-General and the President "
                        "of the Security Council",
                        "address neither in the body ('I have the honour to ...')",
                    )
                )
    return out


def word_count(m: Manifest, sections: Sections) -> tuple[int, int]:
    """Words of the letter and of the written annex (not the generated
    tables), in the submitted language (the source when it is not loaded).
    The caller gives the sections as the most public edition shows them:
    the limit is on the document circulated, not on what it withholds."""
    lang = m.submission_language
    if not any(key[1] == lang for key in sections):
        lang = m.source_language

    def words(names: Iterable[str]) -> int:
        texts = (sections[(n, lang)].blocks for n in names if (n, lang) in sections)
        return sum(len(re.findall(r"\w+", tree.stringify(blocks))) for blocks in texts)

    written = [n for n in m.annex if not is_generated(n)]
    return words(m.letter), words(written)


def count_line(m: Manifest, sections: Sections) -> str:
    """What `dossier check` reports: 'letter 412 words, annex 2,301 words'."""
    letter, annex = word_count(m, sections)
    return f"letter {letter:,} words, annex {annex:,} words"


def past_word_limit(m: Manifest, doc: YamlDoc, sections: Sections) -> list[Diagnostic]:
    if m.word_limit is None:
        return []
    total = sum(word_count(m, sections))
    if total <= m.word_limit:
        return []
    return [
        _warning(
            doc.file,
            doc.line_of(("word_limit",)),
            f"letter and annex have {total:,} words, more than the word_limit of {m.word_limit:,}",
            "shorten them, or move material to a separate annex document",
        )
    ]


def _letter(m: Manifest, sections: Sections, lang: str) -> list[Section]:
    return [sections[(n, lang)] for n in m.letter if (n, lang) in sections]


def _line_of(path: Path, needles: Iterable[str]) -> int | None:
    """The first line of ``path`` that holds one of ``needles``."""
    for number, line in enumerate(read_source(path).split("\n"), start=1):
        if any(needle and needle in line for needle in needles):
            return number
    return None


def _warning(file: Path | None, line: int | None, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, line, message, hint, Severity.WARNING)
