"""The typed model of a dossier: what ``dossier.yaml`` may say, and what a
loaded dossier holds.

Every field has a docstring; they are the drafter's reference (and become
the JSON Schema descriptions later).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from dossier.core import sanctions as _sanctions
from dossier.core.evidence_config import EvidenceConfig
from dossier.core.limits import Limits
from dossier.core.mission import LANGS as LANGS
from dossier.core.mission import (
    OFFICIAL_LANGS,
    AgendaItem,
    Lang,
    LocalText,
    Mission,
    Recipient,
    Sender,
    Status,
    signer_problems,
)
from dossier.core.strict import Problems
from dossier.core.strict import Strict as _Strict

# The folders of templates/ with a letter: a test keeps them the same.
Kind = Literal[
    "sc-letter", "ga-letter", "identical-letters", "note-verbale", "position-paper",
    "listing-request",
]  # fmt: skip
Organ = Literal["security-council", "general-assembly"]
Addressee = Literal[
    "president-of-the-security-council",
    "secretary-general",
    "president-of-the-general-assembly",
]


def _lower(value: Any) -> Any:
    """A level is one word in any case: 'Confidential' is 'confidential'."""
    return value.strip().lower() if isinstance(value, str) else value


Classification = Annotated[
    Literal["public", "restricted", "confidential", "secret"], BeforeValidator(_lower)
]
LEVELS: tuple[str, ...] = ("public", "restricted", "confidential", "secret")


def level(name: str) -> int:
    """
    >>> level("public") < level("restricted") < level("confidential") < level("secret")
    True
    """
    return LEVELS.index(name)


class Edition(_Strict):
    """One edition of the dossier: what it may hold, and how it is marked."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Folder name under build/.")
    max: Classification = Field(
        default="public", description="The highest classification this edition may hold."
    )
    marking: LocalText | None = Field(
        default=None,
        description="Printed in the header and footer of every page; defaults to the "
        "level in capitals for editions above public ('CONFIDENTIAL').",
    )
    languages: list[Lang] | None = Field(
        default=None,
        description="Languages of this edition (default: all of the dossier's). An "
        "internal edition is often in the source language only.",
    )

    @property
    def marking_text(self) -> LocalText | None:
        if self.marking is not None:
            return self.marking
        return None if self.max == "public" else self.max.upper()


RawFormat = Literal["typst", "openxml", "html"]


# Parts of the annex generated from the evidence, listed in `annex:` as
# `generated/<part>`.
GENERATED: tuple[str, ...] = ("incident-table", "incidents", "statistics", "map", "exhibits")
GENERATED += _sanctions.LISTING_PARTS  # a listing request's
GENERATED_PREFIX = "generated/"


class Manifest(_Strict):
    """``dossier.yaml``: what document this dossier is and what it contains."""

    kind: Kind = Field(description="Document kind; a folder of templates/.")
    status: Status = Field(
        default="draft",
        description="The document's life: 'draft' (every page marked as a draft), "
        "'submitted' (the letter the mission signs and sends; no symbol yet), 'issued' "
        "(the Secretariat gave its symbol). Default: issued when the file names a "
        "symbol, draft otherwise.",
    )
    symbol: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{1,4}(/[A-Z0-9][A-Za-z0-9.\-]*)+$",
        description="UN document symbol, e.g. S/2026/1043: given by the Secretariat when "
        "it issues the document (status: issued).",
    )
    organ: Organ = Field(description="Organ whose document this is.")
    date: dt.date = Field(description="Date of the letter, YYYY-MM-DD.")
    issued_date: dt.date | None = Field(
        default=None,
        description="The date the Secretariat issued the document under, on its masthead "
        "(status: issued); default: the letter's date, which the title line keeps.",
    )
    job_number: str | None = Field(
        default=None,
        pattern=r"^\d{2}-\d{5}$",
        description="UN job number, e.g. 26-21345; generated from the symbol when absent.",
    )
    issued_languages: list[Lang] | None = Field(
        default=None,
        description="The languages the Secretariat issued the document in (status: "
        "issued); default: every language of the dossier.",
    )
    submit_language: Lang | None = Field(
        default=None,
        description="The official language the letter is submitted in (one of ar, zh, en, "
        "fr, ru, es); default: the source language.",
    )
    courtesy_languages: list[Lang] = Field(
        default_factory=list,
        description="Other languages the signed letter is built in, each page marked "
        "'Courtesy translation' (the Secretariat gets the submitted language's file only).",
    )
    mission: Mission | None = Field(
        default=None, description="The mission's letterhead, for the submission package."
    )
    reference: str | None = Field(
        default=None,
        description="The mission's reference number of the letter or note, as printed "
        "under the letterhead.",
    )
    recipient: Recipient | None = Field(
        default=None,
        description="Who holds the addressee's office: {name: ..., gender: female}, for "
        "the addressee block of the signed letter.",
    )
    circulate: bool = Field(
        default=True,
        description="Ask for circulation as a document of the organ (the closing request); "
        "false: a note or letter that only informs.",
    )
    word_limit: int | None = Field(
        default=None,
        ge=1,
        description="Words of letter and annex past which `dossier check` warns.",
    )
    sender: Sender | None = Field(default=None, description="Who signs the letter.")
    signatories: list[Sender] | None = Field(
        default=None,
        min_length=2,
        description="The signatories of a joint letter instead of 'sender', each with its "
        "State, in the English alphabetical order of their States.",
    )
    addressee: Addressee | Annotated[list[Addressee], Field(min_length=1)] = Field(
        description="To whom the letter is addressed; a list for several, in the Editorial "
        "Manual's order: [secretary-general, president-of-the-security-council]."
    )
    source_language: Lang = Field(description="Language of the original.")
    languages: list[Lang] = Field(min_length=1, description="Languages to issue.")
    letter: list[str] = Field(
        min_length=1, description="Section files (sections/<lang>/NAME.md) of the letter body."
    )
    annex: list[str] = Field(
        default_factory=list, description="Section files of the annex, in order."
    )
    paper: Literal["letter", "a4"] = Field(
        default="letter", description="Paper size: 'letter' (New York) or 'a4' (Geneva)."
    )
    draft: bool = Field(
        default=False,
        description="Build even when translations are missing, with the source text "
        "marked 'untranslated' in their place.",
    )
    notice: LocalText | None = Field(
        default=None,
        description="A visible marking on every output, e.g. 'Fictional example'.",
    )
    session: int | None = Field(
        default=None,
        ge=1,
        description="The General Assembly session (81 for 2026-2027): the masthead's "
        "'Eighty-first session' line. Needed by ga-letter and identical-letters.",
    )
    agenda_item: AgendaItem | None = Field(
        default=None,
        description="The General Assembly agenda item: {number: 109, title: ...}, on the "
        "masthead and in the closing request. Needed by ga-letter and identical-letters.",
    )
    place: LocalText | None = Field(
        default=None,
        description="Where a note verbale or a position paper is dated, before the date: "
        "'Geneva'; default New York, in each language.",
    )
    title: LocalText | None = Field(
        default=None, description="The title of a position paper (needed by position-paper)."
    )
    issuer: LocalText | None = Field(
        default=None,
        description="Who issues a position paper, at the top of its first page: 'Ministry "
        "of Foreign Affairs of the Republic of Aldoria'; default 'Government of' the State.",
    )
    evidence: EvidenceConfig = Field(
        default_factory=EvidenceConfig,
        description="Checks and map of the incident records under evidence/.",
    )
    sanctions_list: str | None = Field(default=None, description=_sanctions.SANCTIONS_LIST)
    committee: Literal[1267, 1988] | None = Field(default=None, description=_sanctions.COMMITTEE)
    proposed: str | None = Field(default=None, description=_sanctions.PROPOSED)
    allow_raw: list[RawFormat] = Field(
        default_factory=list,
        description="Raw blocks the dossier may hold (```{=typst}, ```{=openxml}, "
        "```{=html}); refused unless listed here. Even allowed, they cannot read files.",
    )
    limits: Limits = Field(
        default_factory=lambda: Limits(),
        description="Caps on file size, nesting and images; the defaults suit any real dossier.",
    )
    editions: list[Edition] = Field(
        default_factory=lambda: [Edition(name="public")],
        min_length=1,
        description="Editions to build: 'public' for the UN, others for the ministry.",
    )

    def highest_level(self, lang: str) -> int:
        """The highest level any edition in ``lang`` may hold: material above
        it needs no translation into ``lang``."""
        found = [level(e.max) for e in self.editions if e.languages is None or lang in e.languages]
        return max(found, default=-1)

    def edition_languages(self, edition: Edition) -> list[str]:
        return [
            lang
            for lang in self.languages
            if edition.languages is None or lang in edition.languages
        ]

    def layout_languages(self, edition: Edition) -> list[str]:
        """The languages ``edition`` is built in the UN layout: all of a draft's
        (marked as a draft), none of a submitted document's (it has no symbol
        yet), those the Secretariat issued."""
        langs = self.edition_languages(edition)
        return langs if self.status == "draft" else [x for x in langs if x in self.issued_in]

    @model_validator(mode="before")
    @classmethod
    def _default_status(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("status") is None:
            return {**data, "status": "issued" if data.get("symbol") else "draft"}
        return data

    @property
    def signers(self) -> list[Sender]:
        """Who signs: the sender, or the signatories of a joint letter."""
        return self.signatories or ([self.sender] if self.sender else [])

    @property
    def signer(self) -> Sender:
        return self.signers[0]  # whose gender and State a one-signer text uses

    @property
    def addressees(self) -> list[str]:
        """Every addressee, in the order written."""
        return [self.addressee] if isinstance(self.addressee, str) else list(self.addressee)

    @property
    def submission_language(self) -> str:
        return self.submit_language or self.source_language

    @property
    def issued_in(self) -> list[str]:
        """The languages of the as-issued versions: none before the document is issued."""
        if self.status != "issued":
            return []
        return [
            lang for lang in self.languages if lang in (self.issued_languages or self.languages)
        ]

    @model_validator(mode="after")
    def _kind_needs(self) -> Manifest:
        problems = signer_problems(self.sender, self.signatories, self.kind)
        problems += status_problems(self) + kind_problems(self)
        if problems:
            raise Problems(problems)
        return self

    @field_validator("letter", "annex")
    @classmethod
    def _strip_md(cls, names: list[str]) -> list[str]:
        return [n.removesuffix(".md") for n in names]

    @property
    def written_sections(self) -> list[str]:
        """Section files of letter and annex (not the generated parts)."""
        return [n for n in [*self.letter, *self.annex] if not is_generated(n)]


def status_problems(m: Manifest) -> list[tuple[str, str]]:
    """What the document's status needs and the manifest lacks or must not
    say: (the key it is about, the message)."""
    out: list[tuple[str, str]] = []
    if m.status == "issued" and m.symbol is None:
        out.append(
            (
                "status",
                "'status: issued' needs the symbol the Secretariat gave: run "
                "'dossier issued DIR --symbol S/2026/1043', or write 'symbol:'",
            )
        )
    if m.status != "issued":
        for key in ("symbol", "job_number", "issued_date", "issued_languages"):
            if getattr(m, key):
                out.append(
                    (
                        key,
                        f"'{key}' is given by the Secretariat when it issues the document, "
                        f"not before ('status: {m.status}'): remove it, or set "
                        "'status: issued'",
                    )
                )
    if m.submission_language not in OFFICIAL_LANGS:
        key = "submit_language" if m.submit_language else "source_language"
        out.append(
            (
                key,
                f"{key} '{m.submission_language}': the Secretariat takes a letter in one of "
                f"the six official languages ({', '.join(OFFICIAL_LANGS)}); name one as "
                "'submit_language:' (the other languages stay courtesy translations)",
            )
        )
    if m.submit_language and m.submit_language not in m.languages:
        out.append(
            (
                "submit_language",
                f"submit_language '{m.submit_language}' is not among the dossier's languages "
                f"({', '.join(m.languages)}): add it to 'languages', or submit in one of them",
            )
        )
    missing = sorted(set(m.issued_languages or []) - set(m.languages))
    if missing:
        out.append(
            (
                "issued_languages",
                f"issued_languages {missing} are not among the dossier's languages",
            )
        )
    return out


def kind_problems(m: Manifest) -> list[tuple[str, str]]:
    """What the document kind needs and the manifest lacks, in words for the
    drafter: (the key it is about, the message)."""
    out: list[tuple[str, str]] = []
    if m.kind in {"ga-letter", "identical-letters"}:
        if m.session is None or m.agenda_item is None:
            need = (
                f"'kind: {m.kind}' needs 'session' (the General Assembly session, e.g. 81) and "
                "'agenda_item' ({number: 109, title: Measures to eliminate international "
                "terrorism})"
            )
            out.append(("kind", need))
        if m.kind == "ga-letter" and m.organ != "general-assembly":
            organ = "a ga-letter is a General Assembly document: write 'organ: general-assembly'"
            out.append(("organ", organ))
    a = f"A/{m.session}/"
    symbol = m.symbol
    if m.kind == "ga-letter" and m.session and symbol and not symbol.startswith(a):
        out.append(
            ("symbol", f"the symbol of a ga-letter of session {m.session} is {a}..., e.g. {a}123")
        )
    both = symbol is None or re.fullmatch(rf"{a}[^-]+-S/\d{{4}}/[^-]+", symbol)
    if m.kind == "identical-letters" and m.session and not both:
        both_symbols = (
            "identical letters have the symbols of both organs: "
            f"'symbol: {a}123-S/{m.date.year}/1043'"
        )
        out.append(("symbol", both_symbols))
    if m.kind == "note-verbale" and m.addressees != ["secretary-general"]:
        to = "a note-verbale goes to the Secretary-General: write 'addressee: secretary-general'"
        out.append(("addressee", to))
    if m.kind == "position-paper" and m.title is None:
        out.append(("kind", "a position-paper needs its 'title'"))
    return out + _sanctions.listing_problems(m.kind, m.committee, m.proposed, m.title)


def is_generated(name: str) -> bool:
    return name.startswith(GENERATED_PREFIX)


def local(text: LocalText, lang: str, fallback: str) -> str:
    """Pick the text for ``lang`` from a :data:`LocalText`.

    >>> local({"en": "Examplia", "fr": "l'Examplie"}, "fr", "en")
    "l'Examplie"
    >>> local("Examplia", "fr", "en")
    'Examplia'
    """
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get(fallback) or next(iter(text.values()))  # type: ignore[call-overload]
