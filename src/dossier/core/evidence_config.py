"""``evidence:`` in ``dossier.yaml``: the period, the country and the
boundaries the incident records are checked against, the glossary of
their names in each language, the dossier's own words for the types of
attack, and what the generated text shows in each edition."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dossier.core.mission import Lang, LocalText
from dossier.core.strict import Strict


class Period(Strict):
    """The period a dossier covers; every incident must fall within it."""

    start: dt.date
    end: dt.date


class Country(Strict):
    """The State where the incidents took place."""

    name: LocalText
    bounds: tuple[float, float, float, float] = Field(
        description="Bounding box [west, south, east, north] in degrees: coordinates "
        "outside it are errors."
    )


# Who sees a detail of the generated text: every edition (true), none
# (false), or the editions named.
Shown = bool | list[str]


class EvidenceConfig(Strict):
    """``evidence:`` in dossier.yaml: what the incident records are checked against."""

    period: Period | None = None
    country: Country | None = None
    boundaries: str | None = Field(
        default=None,
        description="GeoJSON file of the provinces (relative to the dossier): draws the map "
        "and checks that each incident lies in its admin1.",
    )
    boundaries_property: str = Field(
        default="name", description="The GeoJSON property that names a province (admin1)."
    )
    boundaries_source: LocalText | None = Field(
        default=None, description="Where the boundaries come from, printed under the map."
    )
    glossary: dict[str, dict[Lang, str]] = Field(
        default_factory=dict,
        description="Names of places, provinces and groups in each language, used in the "
        "generated tables: {Northern Marches: {fr: Marches du Nord, ar: ...}}.",
    )
    types: dict[str, dict[Lang, str]] = Field(
        default_factory=dict,
        description="The dossier's own words for the types of attack, in each language, "
        "in sentence case: {grenade-attack: {en: Grenade attack, fr: Attaque à la grenade}}. "
        "A record's 'type:' names one; a record without one shows its GTD attack type.",
    )
    show_confidence: Shown = Field(
        default=True,
        description="Whether the generated text shows the confidence of each attribution "
        "('alleged'): true (every edition), false (none) or a list of editions.",
    )
    show_record_ids: Shown = Field(
        default=True,
        description="Whether the headings of the incidents (and the list of exhibits) show "
        "the records' IDs: true (every edition), false (none) or a list of editions.",
    )

    def shows(self, setting: Shown, edition: str | None) -> bool:
        """Whether an edition (None: no edition named) shows what ``setting`` governs.

        >>> EvidenceConfig().shows(["internal"], "public")
        False
        """
        if isinstance(setting, bool):
            return setting
        return edition in setting
