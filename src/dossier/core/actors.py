"""The typed model of the people and organisations the evidence names:
``persons/<ID>.md`` and ``entities/<ID>.md`` front matter.

The fields are those a sanctions committee's listing form asks for (names
in Latin and original script, aliases with their quality, title,
designation, date and place of birth, nationality, documents, addresses,
gender). Each identifying field carries a *release level*: ``public`` (the
committee's narrative summary may publish it), ``states`` (released to
interested States on request), ``committee`` (the committee only). A
release level is a classification under another name (``RELEASE_LEVELS``):
the editions and the leak scan guard both the same way. What a drafter
does not mark is ``committee``, the names excepted.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from dossier.core.localise import un_date
from dossier.core.mission import LANGS
from dossier.core.model import LEVELS, Classification
from dossier.core.strict import Problems
from dossier.core.strict import Strict as _Strict

Release = Literal["public", "states", "committee"]
# A release level as the classification editions are built by.
RELEASE_LEVELS: dict[str, str] = {
    "public": "public",
    "states": "restricted",
    "committee": "confidential",
}
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class Alias(_Strict):
    """Another name, with the list's quality: good (enough to identify) or
    low (too common or too vague alone)."""

    name: str
    quality: Literal["good", "low"] = "good"
    release: Release = "public"


class IdDocument(_Strict):
    """A passport or national identity document."""

    type: Literal["passport", "national-id", "other"] = Field(description="What document.")
    number: str
    country: str | None = Field(default=None, description="The issuing country.")
    issued: dt.date | None = None
    expires: dt.date | None = None
    release: Release = "committee"


class Address(_Strict):
    street: str | None = None
    city: str | None = None
    province: str | None = None
    country: str
    release: Release = "committee"

    @property
    def text(self) -> str:
        return ", ".join(p for p in (self.street, self.city, self.province, self.country) if p)


class _Actor(_Strict):
    id: str = Field(pattern=ID_PATTERN, description="Unique ID; the file name.")
    name: str = Field(description="The name in Latin script, as the list would write it.")
    name_original: str | None = Field(
        default=None, description="The name in its original script (Arabic, Urdu...)."
    )
    aliases: list[Alias] = Field(default_factory=list)
    addresses: list[Address] = Field(default_factory=list)
    release: dict[str, Release] = Field(
        default_factory=dict,
        description="The release level of each field that is not a list: "
        "{date_of_birth: states}; a field not named is 'committee', the names 'public'.",
    )
    classification: Classification = Field(
        default="public", description="The record's level: above an edition, it is left out."
    )

    @model_validator(mode="after")
    def _release_keys(self) -> _Actor:
        own = {"id", "release", "classification", "aliases", "addresses", "documents"}
        fields = set(type(self).model_fields) - own
        unknown = sorted(set(self.release) - fields)
        if unknown:
            names = ", ".join(sorted(fields))
            message = f"release names no field '{unknown[0]}' (it may name: {names}; an alias, "
            raise Problems([("release", message + "address or document has its own release)")])
        return self

    def level_of(self, name: str) -> Release:
        """The release level of a field that is not a list."""
        default: Release = "public" if name in {"name", "name_original"} else "committee"
        return self.release.get(name, default)


class Person(_Actor):
    """The front matter of ``persons/<ID>.md``."""

    title: str | None = Field(default=None, description="Honorific or religious title.")
    designation: str | None = Field(default=None, description="Function or rank.")
    date_of_birth: dt.date | int | None = Field(
        default=None, description="YYYY-MM-DD, or the year alone when only it is known."
    )
    place_of_birth: str | None = None
    nationality: list[str] = Field(default_factory=list)
    gender: Literal["male", "female"] | None = None
    documents: list[IdDocument] = Field(default_factory=list)


class Entity(_Actor):
    """The front matter of ``entities/<ID>.md``."""

    founded: dt.date | int | None = Field(default=None, description="When it was set up.")


def release_level(release: str) -> int:
    """A release level as the index of the classification it stands for."""
    return LEVELS.index(RELEASE_LEVELS[release])


# Fields whose values name the person by themselves: searched for in the
# outputs of an edition that withholds them (a nationality or a gender is
# too common a word to search for).
_IDENTIFYING = ("name", "name_original", "date_of_birth")


def shown_fields(
    record: Person | Entity, limit: int
) -> tuple[Person | Entity, list[tuple[str, str]]]:
    """The record as an edition of level ``limit`` (an index of LEVELS) may
    show it, its fields above that level left out; and what was left out
    that names the person (text, release level), for the leak scan."""
    hidden: list[tuple[str, str]] = []
    update: dict[str, object] = {}
    for name in type(record).model_fields:
        if name in {"id", "release", "classification", "aliases", "addresses", "documents"}:
            continue
        value = getattr(record, name)
        lvl = record.level_of(name)
        if value in (None, []) or release_level(lvl) <= limit:
            continue
        update[name] = [] if isinstance(value, list) else None
        if isinstance(value, dt.date):  # as the list writes it, and in words in each language
            hidden += [(value.isoformat(), lvl), *((un_date(value, lang), lvl) for lang in LANGS)]
        elif name in _IDENTIFYING and isinstance(value, str):  # a year alone is any number
            hidden.append((value, lvl))
    for name, text in (("aliases", "name"), ("addresses", "street"), ("documents", "number")):
        items = getattr(record, name, None)
        if items is None:
            continue
        kept = [i for i in items if release_level(i.release) <= limit]
        hidden += [
            (getattr(i, text), i.release) for i in items if i not in kept and getattr(i, text)
        ]
        update[name] = kept
    return record.model_copy(update=update), hidden
