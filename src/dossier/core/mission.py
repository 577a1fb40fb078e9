"""Who sends a document and how far it got, as ``dossier.yaml`` says it: the
languages, the signer, the mission's letterhead, the agenda item, and the
document's life (draft, submitted, issued)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from dossier.core.strict import Strict

# A document's life: the drafter's draft, the letter the mission signs and
# sends (no symbol exists yet), the document the Secretariat issued.
Status = Literal["draft", "submitted", "issued"]
STATUSES: tuple[str, ...] = ("draft", "submitted", "issued")

# The languages the Secretariat takes a communication in (UN Editorial
# Manual, "Communications from Member States"); Urdu is not one of them.
OFFICIAL_LANGS: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")

Lang = Literal["ar", "zh", "en", "fr", "ru", "es", "ur"]
LANGS: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es", "ur")
# Text that may be given once, or per language: ``state: Examplia`` or
# ``state: {en: Examplia, fr: l'Examplie}``.
LocalText = str | dict[Lang, str]


LocalLines = list[str] | dict[Lang, list[str]]


class Sender(Strict):
    """Who signs the letter."""

    name: LocalText = Field(
        description="Name as signed, without honorifics; per language where it is "
        "transliterated (ru: Мира Кастеллан)."
    )
    title: LocalText = Field(
        description="Function, e.g. 'Permanent Representative'; used in the title line "
        "and under the signature."
    )
    state: LocalText = Field(
        description="The State as it follows 'of' in the title line, with its article: "
        "'the Republic of Examplia'."
    )
    mission: LocalText | None = Field(
        default=None, description="Name of the mission, for notes verbales."
    )
    short_name: str | None = Field(
        default=None,
        description="The State's short name in English as the UN lists its Member States "
        "('Aldoria', 'Republic of Korea'): its place in the alphabetical order of a joint "
        "letter's signatories; default: the English 'state' without its leading 'the'.",
    )
    title_of: LocalText | None = Field(
        default=None,
        description="The function as it stands in the title line, where a language "
        "needs another form than under the signature (Russian genitive "
        "'Постоянного представителя', Chinese '常驻联合国代表'); defaults to title.",
    )
    gender: Literal["female", "male"] | None = Field(
        default=None,
        description="'female' makes the title line and closing agree with a woman signer "
        "in the languages that require it (French 'la Représentante permanente').",
    )

    @field_validator("name")
    @classmethod
    def _no_honorific(cls, value: LocalText) -> LocalText:
        for name in [value] if isinstance(value, str) else list(value.values()):
            words = name.split()
            if not words:
                raise ValueError("the name is empty")
            if words[0].rstrip(".").lower() in {"mr", "mrs", "ms", "dr", "h.e", "ambassador"}:
                raise ValueError(
                    "the Editorial Manual signs letters without honorifics: write the name only"
                )
        return value


class AgendaItem(Strict):
    """The General Assembly agenda item a document is issued under."""

    number: int | str = Field(
        description="The item's number as the agenda gives it: 109, or '68 (b)'."
    )
    title: LocalText = Field(
        description="The item's title, per language as the agenda gives it: "
        "'Measures to eliminate international terrorism'."
    )


class Mission(Strict):
    """``mission:``: the letterhead of the letters and notes verbales the
    mission signs and sends."""

    name: LocalText = Field(
        description="The mission's name as the letterhead gives it, per language: "
        "'Permanent Mission of the Republic of Aldoria to the United Nations'."
    )

    @field_validator("name")
    @classmethod
    def _named(cls, value: LocalText) -> LocalText:
        names = [value] if isinstance(value, str) else list(value.values())
        if not names or not all(name.strip() for name in names):
            raise ValueError("the letterhead needs the mission's name, in each language given")
        return value

    address: LocalLines = Field(
        default_factory=list,
        description="Address lines under the name, once or per language: "
        "['801 Second Avenue', 'New York, NY 10017'].",
    )
    telephone: str | None = Field(default=None, description="Telephone, as printed.")
    email: str | None = Field(default=None, description="E-mail address, as printed.")
    emblem: str | None = Field(
        default=None,
        description="The State's emblem (PNG, JPEG or SVG, relative to the dossier), "
        "at the top of the letterhead.",
    )


class Recipient(Strict):
    """``recipient:``: who holds the office the letter is addressed to, for
    the addressee block at the foot of the signed letter."""

    name: LocalText | None = Field(
        default=None,
        description="The addressee's name, per language where it is transliterated; "
        "often unknown when the letter is drafted (the presidency rotates monthly).",
    )
    gender: Literal["female", "male"] | None = Field(
        default=None,
        description="'female' or 'male': 'Her Excellency' or 'His Excellency' before the "
        "name; without it the block begins with the office.",
    )


# The kinds a joint letter may be: the title line of several signatories is
# a letter's.
JOINT_KINDS: tuple[str, ...] = ("sc-letter", "ga-letter")


def signer_problems(
    sender: Sender | None, signatories: list[Sender] | None, kind: str
) -> list[tuple[str, str]]:
    """Who signs: 'sender' or, for a joint letter, 'signatories', one of
    them (the key it is about, the message)."""
    if sender is not None and signatories is not None:
        return [
            (
                "signatories",
                "write 'sender:' for one signatory or 'signatories:' for a joint letter, not both",
            )
        ]
    if sender is None and signatories is None:
        return [("sender", "who signs is missing: write 'sender:' (or 'signatories:')")]
    if signatories is not None and kind not in JOINT_KINDS:
        kinds = " or ".join(JOINT_KINDS)
        return [("signatories", f"a joint letter with 'signatories:' is a {kinds}")]
    return []
