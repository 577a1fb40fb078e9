"""The typed model of an incident record (``evidence/<ID>.md`` front matter).

Field names follow the two public standards for incident data so that data
moves in and out: ACLED (event_date, time_precision, event_type,
sub_event_type, actor1, actor2, admin1, admin2, location, latitude,
longitude, geo_precision, fatalities, source, notes) and the Global
Terrorism Database (attack type, weapon type, target type, nkill, nwound,
claimed, gname). Ours on top: attribution with a confidence level,
casualties split by civilians and security forces, sources, exhibits and a
classification.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from dossier.core.model import LEVELS, Classification  # noqa: F401 - re-exported
from dossier.core.strict import Strict as _Strict

# ACLED's event types and the sub-event types of the political violence ones.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}  # fmt: skip
EventType = Literal[
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"
]
# GTD codebook, attack type (attacktype1_txt).
AttackType = Literal[
    "Assassination", "Armed Assault", "Bombing/Explosion", "Hijacking",
    "Hostage Taking (Barricade Incident)", "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown",
]  # fmt: skip
# GTD codebook, weapon type (weaptype1_txt).
WeaponType = Literal[
    "Biological", "Chemical", "Radiological", "Nuclear", "Firearms", "Explosives",
    "Fake Weapons", "Incendiary", "Melee", "Vehicle", "Sabotage Equipment", "Other", "Unknown",
]  # fmt: skip
# GTD codebook, target type (targtype1_txt).
TargetType = Literal[
    "Business", "Government (General)", "Police", "Military", "Abortion Related",
    "Airports & Aircraft", "Government (Diplomatic)", "Educational Institution",
    "Food or Water Supply", "Journalists & Media", "Maritime", "NGO", "Other",
    "Private Citizens & Property", "Religious Figures/Institutions", "Telecommunication",
    "Terrorists/Non-State Militia", "Tourists", "Transportation", "Unknown", "Utilities",
    "Violent Political Party",
]  # fmt: skip
Confidence = Literal["confirmed", "probable", "alleged"]
# The first 16 hexadecimal digits of a SHA-256 (`dossier import`'s fingerprints).
HASH = r"^[0-9a-f]{16}$"
# A data set's cell as it was, spaces included.
Verbatim = Annotated[str, StringConstraints(strip_whitespace=False)]


class Location(_Strict):
    """Where it happened (ACLED's admin1, admin2, location, coordinates)."""

    place: str = Field(description="Village, town or site (ACLED 'location').")
    admin1: str = Field(description="Province or first-level division (ACLED 'admin1').")
    admin2: str | None = Field(default=None, description="District (ACLED 'admin2').")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: Literal[1, 2, 3] = Field(
        default=1, description="ACLED: 1 the place itself, 2 near it, 3 the province."
    )


class Split(_Strict):
    """People killed or injured, by category."""

    civilians: int = Field(default=0, ge=0)
    security_forces: int = Field(default=0, ge=0)

    @property
    def total(self) -> int:
        return self.civilians + self.security_forces


class Casualties(_Strict):
    killed: Split = Field(default_factory=Split)
    injured: Split = Field(default_factory=Split)
    fatalities: int | None = Field(
        default=None,
        ge=0,
        description="ACLED 'fatalities' / GTD 'nkill' if given: must equal killed.",
    )
    wounded: int | None = Field(
        default=None, ge=0, description="GTD 'nwound' if given: must equal injured."
    )

    @model_validator(mode="after")
    def _totals(self) -> Casualties:
        if self.fatalities is not None and self.fatalities != self.killed.total:
            raise ValueError(
                f"fatalities is {self.fatalities} but killed adds up to {self.killed.total} "
                f"({self.killed.civilians} civilians + {self.killed.security_forces} "
                "security forces)"
            )
        if self.wounded is not None and self.wounded != self.injured.total:
            raise ValueError(
                f"wounded is {self.wounded} but injured adds up to {self.injured.total}"
            )
        return self


class Attribution(_Strict):
    to: str = Field(description="To whom the attack is attributed.")
    basis: str = Field(description="On what basis: statements, forensics, claims...")
    confidence: Confidence = Field(description="confirmed, probable or alleged.")


class CustodyEntry(_Strict):
    date: dt.datetime | dt.date
    by: str
    action: str = Field(description="What was done: received, copied, examined, sealed...")


class Exhibit(_Strict):
    """A file that supports the record, with its chain of custody (after the
    Berkeley Protocol on Digital Open Source Investigations)."""

    file: str = Field(description="Path under the dossier's exhibits/ folder.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file.")
    title: str | None = Field(default=None, description="What it shows, for the annex.")
    captured: dt.datetime | dt.date = Field(description="When it was captured.")
    by: str = Field(description="Who captured it.")
    origin: str = Field(description="Where from: a place, a device, an address.")
    custody: list[CustodyEntry] = Field(default_factory=list)
    classification: Classification = "public"


class Imported(_Strict):
    """What an import wrote, so that the next import of an updated file tells
    a row revised upstream from a record edited here."""

    standard: Literal["ACLED", "GTD"]
    row: str = Field(pattern=HASH, description="The source row, hashed.")
    data: str = Field(pattern=HASH, description="The row the record exported, hashed.")
    text: str = Field(pattern=HASH, description="The file as written, this line left out.")


class Incident(_Strict):
    """The front matter of one incident record."""

    id: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", description="Unique ID; the file name."
    )
    title: str = Field(description="A short name: 'Attack on Kellbrook village'.")
    event_date: dt.date = Field(description="ACLED event_date, YYYY-MM-DD.")
    end_date: dt.date | None = Field(default=None, description="Last day, for a night or days.")
    time_precision: Literal[1, 2, 3, 4] = Field(
        default=1,
        description="ACLED: 1 the day is known, 2 the week, 3 the month; ours: 4 the year "
        "(GTD's month 0). The annex prints no more than is known.",
    )
    location: Location
    event_type: EventType = Field(description="ACLED event type.")
    sub_event_type: str = Field(description="ACLED sub-event type of the event type.")
    type: str | None = Field(
        default=None,
        description="The type of attack in the dossier's own words: a term of "
        "'evidence: types:' in dossier.yaml (the annex shows the GTD attack type without one).",
    )
    attack_type: AttackType = Field(description="GTD attack type.")
    weapon_type: WeaponType = Field(description="GTD weapon type.")
    target_type: TargetType = Field(description="GTD target type.")
    actor1: str = Field(description="ACLED actor1 / GTD gname: the perpetrator group.")
    actor2: str | None = Field(default=None, description="ACLED actor2: the side attacked.")
    actors: list[str] = Field(
        default_factory=list,
        description="IDs of the persons/ and entities/ records of those who took part.",
    )
    claimed: bool = Field(default=False, description="GTD: was it claimed?")
    casualties: Casualties = Field(default_factory=Casualties)
    attribution: Attribution
    sources: list[str] = Field(default_factory=list, description="Keys of sources.yaml.")
    exhibits: list[Exhibit] = Field(default_factory=list)
    classification: Classification = "public"
    notes: str | None = Field(default=None, description="ACLED notes.")
    source_record: dict[Verbatim, Verbatim] = Field(
        default_factory=dict,
        description="An imported row's cells this record does not hold otherwise, verbatim "
        "(column -> text): the export writes them back.",
    )
    imported: Imported | None = Field(
        default=None, description="Written by `dossier import`: do not edit."
    )
