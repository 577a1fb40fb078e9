"""The files of a new dossier: the shape of each document kind, the plan
of ``dossier new`` (checked by :mod:`dossier.tools.scaffold`), and the text
of every file it writes, all marked as fictional samples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dossier.tools.schemas import modeline

SAMPLE_ID = "SAMPLE-001"
SOURCE_ID = "sample-report"
PERSON_ID = "SAMPLE-P1"


@dataclass(frozen=True)
class Shape:
    """What a document kind needs in dossier.yaml and how its body opens."""

    organ: str = "security-council"
    addressee: str = "president-of-the-security-council"
    extra: tuple[str, ...] = ()  # "session": session and agenda item; "title"
    opening: str = (
        "I have the honour to draw your attention to the incident set out in the\n"
        "annex to the present letter."
    )


SHAPES: dict[str, Shape] = {
    "sc-letter": Shape(),
    "ga-letter": Shape("general-assembly", "secretary-general", extra=("session",)),
    "identical-letters": Shape(
        "general-assembly",
        "secretary-general",
        extra=("session",),
    ),
    "note-verbale": Shape(
        addressee="secretary-general",
        opening="transmit herewith information on the incident set out in the annex to\n"
        "the present note.",
    ),
    "position-paper": Shape(
        addressee="secretary-general",
        extra=("title",),
        opening="This position paper sets out the facts of the incident described in\nits annex.",
    ),
    "listing-request": Shape(
        extra=("listing",),
        opening="The Government proposes that the individual identified in the annex be\n"
        "added to the Sanctions List.",
    ),
}


@dataclass(frozen=True)
class Plan:
    """What ``dossier new`` was asked for, checked."""

    name: str
    kind: str
    languages: tuple[str, ...]
    folder: Path
    today: dt.date

    @property
    def source(self) -> str:
        return self.languages[0]

    @property
    def session(self) -> int:
        """The General Assembly session of the date (the 81st opens in
        September 2026)."""
        return self.today.year - 1945 - (self.today.month < 9)

    @property
    def shape(self) -> Shape:
        return SHAPES.get(self.kind, SHAPES["sc-letter"])

    @property
    def incident_date(self) -> dt.date:
        return self.today - dt.timedelta(days=14)


def render(p: Plan) -> dict[str, str]:
    """Relative path -> text of every file of the new dossier."""
    src = p.source
    return {
        "dossier.yaml": manifest_text(p),
        f"sections/{src}/00-letter.md": letter_text(p),
        f"sections/{src}/01-facts.md": annex_text(p),
        f"evidence/{SAMPLE_ID}.md": incident_text(p),
        "sources.yaml": sources_text(p),
    } | ({f"persons/{PERSON_ID}.md": PERSON} if "listing" in p.shape.extra else {})


def manifest_text(p: Plan) -> str:
    period_start = p.today - dt.timedelta(days=90)
    return f"""\
{modeline(p.folder)}
# FICTIONAL SAMPLE written by `dossier new`: the State, names and incident are
# invented. Replace every one of them before the document leaves the ministry.
kind: {p.kind}
# A draft: every page marked as such. The Secretariat gives the symbol when
# it issues the document: record it then with `dossier issued DIR --symbol ...`.
status: draft
organ: {p.shape.organ}
date: {p.today.isoformat()}
{sender_text(p)}addressee: {p.shape.addressee}
{kind_text(p)}source_language: {p.source}
languages: [{", ".join(p.languages)}]
# Missing translations build as drafts: the source text stands in, marked
# "untranslated". Remove this line once `dossier status` shows every
# translation current.
draft: true
notice: "Draft: fictional sample text written by 'dossier new'."
evidence:
  period: {{start: {period_start.isoformat()}, end: {p.today.isoformat()}}}
letter:
  - 00-letter
annex:
{annex_parts(p)}"""


def annex_parts(p: Plan) -> str:
    listing = "listing" in p.shape.extra
    parts = ["generated/listing-form"] if listing else []
    parts += ["01-facts", "generated/listing-case", "generated/listing-links"] if listing else [
        "01-facts", "generated/incident-table", "generated/incidents"
    ]  # fmt: skip
    return "".join(f"  - {part}\n" for part in parts)


# The sample sender in each language (the forms of dossiers/example).
NAMES = {
    "en": "Alex Example",
    "ru": "Алекс Экзампл",
    "zh": "亚历克斯·埃克森普尔",
    "ar": "أليكس إكزامبل",
    "ur": "ایلکس ایگزامپل",
}
TITLES = {
    "en": "Permanent Representative",
    "fr": "Représentante permanente",
    "es": "Representante Permanente",
    "ru": "Постоянный представитель",
    "zh": "常驻代表",
    "ar": "المندوبة الدائمة",
    "ur": "مستقل مندوب",
}
TITLES_OF = {"ru": "Постоянного представителя", "zh": "常驻联合国代表"}
STATES = {
    "en": "the Republic of Examplia",
    "fr": "de la République d'Examplie",
    "es": "de la República de Examplia",
    "ru": "Республики Экзамплия",
    "zh": "埃克森普利亚共和国",
    "ar": "جمهورية إكزامبليا",
    "ur": "جمہوریہ ایگزامپلیا",
}


def local_yaml(
    key: str, texts: dict[str, str], languages: Sequence[str], indent: str = "  "
) -> list[str]:
    """The lines of ``key`` with the texts of ``languages``, the first (the
    source) given in English where the table has no form of its own, so that
    every language falls back on the source's; no line where none applies.

    >>> print("\\n".join(local_yaml("title", TITLES, ["en", "fr"])))
      title:
        en: Permanent Representative
        fr: Représentante permanente
    >>> local_yaml("name", NAMES, ["fr", "es"])
    ['  name: Alex Example']
    >>> local_yaml("title_of", TITLES_OF, ["en"])
    []
    """
    chosen = {lang: texts[lang] for lang in languages if lang in texts}
    if chosen and languages[0] not in chosen and "en" in texts:
        chosen = {languages[0]: texts["en"], **chosen}
    if not chosen and key in REQUIRED:
        chosen = {languages[0]: texts["en"]}
    if len(chosen) <= 1:
        return [f"{indent}{key}: {text}" for text in chosen.values()]
    return [f"{indent}{key}:", *(f"{indent}  {lang}: {text}" for lang, text in chosen.items())]


REQUIRED = ("name", "title", "state")  # a sample form even where the table has none


def sender_text(p: Plan) -> str:
    lines = ["sender:", "  # As signed, without honorifics; per language where transliterated."]
    lines += local_yaml("name", NAMES, p.languages)
    lines += ["  gender: female  # agreements in French, Spanish, Russian, Arabic, Urdu"]
    lines += ["  # The function under the signature, and as the title line needs it."]
    lines += local_yaml("title", TITLES, p.languages)
    lines += local_yaml("title_of", TITLES_OF, p.languages)
    lines += ['  # The State as it stands in each title line (after "of" in English).']
    lines += local_yaml("state", STATES, p.languages)
    if p.kind == "note-verbale":
        lines += ["  mission: the Permanent Mission of the Republic of Examplia"]
    return "\n".join(lines) + "\n"


AGENDA_TITLES = {
    "en": "Measures to eliminate international terrorism",
    "fr": "Mesures visant à éliminer le terrorisme international",
    "es": "Medidas para eliminar el terrorismo internacional",
    "ru": "Меры по ликвидации международного терроризма",
    "zh": "消除国际恐怖主义的措施",
    "ar": "التدابير الرامية إلى القضاء على الإرهاب الدولي",
}


def kind_text(p: Plan) -> str:
    """The fields the kind needs beyond those of a Security Council letter."""
    lines: list[str] = []
    if "session" in p.shape.extra:
        lines += [f"session: {p.session}  # of the General Assembly", "agenda_item:"]
        lines += ["  number: 109  # a sample: the item your letter is issued under"]
        lines += local_yaml("title", AGENDA_TITLES, p.languages, indent="  ")
    if "title" in p.shape.extra:
        lines += ["title: Position paper on the incident at Sampleton (fictional sample)"]
    if "listing" in p.shape.extra:
        lines += ["committee: 1267  # or 1988", f"proposed: {PERSON_ID}  # persons/{PERSON_ID}.md"]
        lines += ["title: Proposal for the listing of Sam Example (fictional sample)"]
    return "".join(f"{line}\n" for line in lines)


def letter_text(p: Plan) -> str:
    opening = ""
    if p.kind == "note-verbale":
        opening = (
            'the opening ("The Permanent Mission ... has the honour to",\n'
            "which this text continues), "
        )
    return f"""\
<!-- FICTIONAL SAMPLE written by `dossier new`: replace this text. The title
line, {opening}the closing and the signature are written for you from
dossier.yaml. -->

{p.shape.opening}

This sample text is fictional. Write the body here in plain
paragraphs; they are not numbered.[^1]

[^1]: A footnote: a mark after the word in the paragraph, the note anywhere below
    (see the Markdown of this file).
"""


def annex_text(p: Plan) -> str:
    d = p.incident_date
    day = f"{d.day} {d:%B} {d.year}"
    return f"""\
<!-- FICTIONAL SAMPLE written by `dossier new`: replace this text. -->

# Facts

This annex is a fictional sample. `#` makes a chapter, `##` a section: do not
type their numbers, nor those of the paragraphs.

## The incident of {day}

On {day}, an armed group attacked the village of Sampleton, as the
provincial police reported.[@{SOURCE_ID}] The incident is recorded in
evidence/{SAMPLE_ID}.md; the table and the entries that follow are generated
from that record.
"""


def incident_text(p: Plan) -> str:
    return f"""\
---
# FICTIONAL SAMPLE written by `dossier new`: an invented incident. Replace it,
# or delete this file and the generated parts from `annex:` in dossier.yaml.
id: {SAMPLE_ID}
title: Attack on the village of Sampleton (fictional sample)
event_date: {p.incident_date.isoformat()}
time_precision: 1
location:
  place: Sampleton
  admin1: Sample Province
event_type: Violence against civilians
sub_event_type: Attack
attack_type: Armed Assault
weapon_type: Firearms
target_type: Private Citizens & Property
actor1: Unidentified armed group
{actors_line(p)}actor2: Civilians (Examplia)
claimed: false
casualties:
  killed: {{civilians: 1, security_forces: 0}}
  injured: {{civilians: 2, security_forces: 0}}
attribution:
  to: Unidentified armed group
  basis: Testimony of witnesses
  confidence: alleged
sources: [{SOURCE_ID}]
classification: public
---

A fictional sample narrative: an armed group entered the village at night
and opened fire on a house. One civilian was killed and two were
injured.[@{SOURCE_ID}]
"""


def actors_line(p: Plan) -> str:
    """A listing request's sample incident names the sample person."""
    return f"actors: [{PERSON_ID}]\n" if "listing" in p.shape.extra else ""


def sources_text(p: Plan) -> str:
    d = p.incident_date + dt.timedelta(days=1)
    return f"""\
# FICTIONAL SAMPLE written by `dossier new`: an invented source, in CSL YAML.
# Cite it as [@{SOURCE_ID}] in a section or a narrative.
- id: {SOURCE_ID}
  type: report
  title: Report on the attack on Sampleton (fictional sample)
  author:
    - literal: Sample Province Police
  issued: {{date-parts: [[{d.year}, {d.month}, {d.day}]]}}
"""


PERSON = f"""\
---
# FICTIONAL SAMPLE written by `dossier new`: an invented person. Replace it.
id: {PERSON_ID}
name: Sam Example
aliases:
  - {{name: Sammy the Example, quality: low, release: states}}
date_of_birth: 1980
nationality: [Examplia]
release: {{nationality: public, date_of_birth: states}}
---

A fictional sample: why the person meets the listing criteria, in words the
committee may publish.
"""
