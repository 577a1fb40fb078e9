"""``evidence:`` in ``dossier.yaml``: the period, the country and the
boundaries the incident records are checked against, and the glossary of
their names in each language."""

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
