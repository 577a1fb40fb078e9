"""The two standards: ACLED's and GTD's columns, and the tables that
derive the types of one from those of the other."""

from __future__ import annotations

import functools
import re
from typing import get_args

from dossier.check.placeholders import PLACEHOLDER

# The models, pandoc and the loader are imported where used: the command
# line imports this package for its commands, and starts faster without them.


EVIDENCE = "evidence"


SOURCES = "sources.yaml"


# What an import writes where the data set has nothing: `dossier check`
# reports each, and a submitted or issued dossier refuses to print one.
TBC = PLACEHOLDER


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip


ACLED_REQUIRED = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1",
    "location", "fatalities",
)  # fmt: skip


GTD_COLUMNS = (
    "eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city", "latitude",
    "longitude", "specificity", "suicide", "attacktype1_txt", "weaptype1_txt", "targtype1_txt",
    "gname", "nkill", "nwound", "claimed", "summary", "scite1", "scite2", "scite3",
)  # fmt: skip


GTD_REQUIRED = (
    "eventid", "iyear", "imonth", "iday", "provstate", "city", "attacktype1_txt",
    "weaptype1_txt", "targtype1_txt", "gname",
)  # fmt: skip


# Our fields in the other standard's columns, after the standard ones.
ACLED_EXTRA = ("attacktype1_txt", "weaptype1_txt", "targtype1_txt", "claimed", "nwound")


GTD_EXTRA = (
    "event_type", "sub_event_type", "actor2", "admin2", "time_precision", "geo_precision",
)  # fmt: skip


# ACLED sub-event type -> GTD (attack type, weapon type).
GTD_OF_SUB_EVENT: dict[str, tuple[str, str]] = {
    "Armed clash": ("Armed Assault", "Firearms"),
    "Government regains territory": ("Armed Assault", "Firearms"),
    "Non-state actor overtakes territory": ("Armed Assault", "Firearms"),
    "Chemical weapon": ("Unknown", "Chemical"),
    "Air/drone strike": ("Bombing/Explosion", "Explosives"),
    "Suicide bomb": ("Bombing/Explosion", "Explosives"),
    "Shelling/artillery/missile attack": ("Bombing/Explosion", "Explosives"),
    "Remote explosive/landmine/IED": ("Bombing/Explosion", "Explosives"),
    "Grenade": ("Bombing/Explosion", "Explosives"),
    "Sexual violence": ("Unarmed Assault", "Unknown"),
    "Attack": ("Armed Assault", "Unknown"),
    "Abduction/forced disappearance": ("Hostage Taking (Kidnapping)", "Unknown"),
    "Looting/property destruction": ("Facility/Infrastructure Attack", "Unknown"),
}


VAC = "Violence against civilians"


# GTD attack type -> ACLED (event type, sub-event type) against civilians,
# and against police or the military.
ACLED_OF_ATTACK: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "Assassination": ((VAC, "Attack"), ("Battles", "Armed clash")),
    "Armed Assault": ((VAC, "Attack"), ("Battles", "Armed clash")),
    "Bombing/Explosion": (
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ),
    "Hijacking": ((VAC, "Abduction/forced disappearance"),) * 2,
    "Hostage Taking (Barricade Incident)": ((VAC, "Abduction/forced disappearance"),) * 2,
    "Hostage Taking (Kidnapping)": ((VAC, "Abduction/forced disappearance"),) * 2,
    "Facility/Infrastructure Attack": (("Strategic developments", "Looting/property destruction"),)
    * 2,
    "Unarmed Assault": ((VAC, "Attack"), ("Battles", "Armed clash")),
    "Unknown": ((VAC, "Attack"), ("Battles", "Armed clash")),
}


# ACLED actor2 -> GTD target type, first match.
TARGET_OF_ACTOR = (
    (re.compile(r"police|gendarmerie|border guard", re.I), "Police"),
    (re.compile(r"military|armed forces|army|navy|air force", re.I), "Military"),
    (re.compile(r"civilians", re.I), "Private Citizens & Property"),
)


@functools.cache
def options(name: str) -> tuple[str, ...]:
    """The values of a type of the model: 'AttackType', 'WeaponType'...

    >>> options("WeaponType")[:3]
    ('Biological', 'Chemical', 'Radiological')
    """
    from dossier.core import records as model

    if name == "EventType":
        return tuple(model.EVENT_TYPES)
    return tuple(get_args(getattr(model, name)))


SECURITY_TARGETS = frozenset({"Police", "Military"})


# Targets whose dead are neither civilians nor security forces, or may be either.
UNCLEAR_TARGETS = frozenset({"Terrorists/Non-State Militia", "Violent Political Party", "Other"})


MONTHS = {
    name.lower(): i + 1
    for i, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December")
    )
}  # fmt: skip


def target_of_actor(actor2: str, event_type: str) -> str:
    for pattern, target in TARGET_OF_ACTOR:
        if pattern.search(actor2):
            return target
    return "Private Citizens & Property" if event_type == VAC else "Unknown"


def category_of(target: str, event_type: str) -> str | None:
    """Where the dead and injured of an attack on ``target`` are counted."""
    if target in SECURITY_TARGETS:
        return "security_forces"
    if event_type == VAC:
        return "civilians"
    if target in UNCLEAR_TARGETS or target == "Unknown":
        return None
    return "civilians"
