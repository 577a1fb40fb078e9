"""The Security Council's Consolidated List as typed data: a listed
individual or entity with its names, and the snapshot a dossier keeps of
the list (its ``dateGenerated``, the SHA-256 of the file, the counts).

The snapshot is kept as JSON (``SNAPSHOT_FILE``) in the dossier's
``sanctions/`` folder, or in the shared folder ``sanctions_list:`` of
``dossier.yaml`` names, so that ``dossier check`` matches names offline.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

# Where a dossier keeps the snapshot when dossier.yaml names no shared folder.
SANCTIONS_DIR = "sanctions"
SNAPSHOT_FILE = "consolidated.json"
SNAPSHOT_FORMAT = 1

ListedKind = Literal["individual", "entity"]


@dataclass(frozen=True)
class ListedName:
    """One name of a listed record: the name itself, an alias (with the
    list's quality: Good, Low, a.k.a., f.k.a.), or the original-script name."""

    name: str
    quality: str = ""  # "" for the name itself and the original-script name
    original_script: bool = False


@dataclass(frozen=True)
class Listed:
    """One INDIVIDUAL or ENTITY of the list."""

    dataid: str
    kind: ListedKind
    reference: str  # REFERENCE_NUMBER, e.g. QDi.123 or QDe.115
    list_type: str  # UN_LIST_TYPE, e.g. Al-Qaida
    listed_on: str  # LISTED_ON, YYYY-MM-DD as the list writes it
    names: tuple[ListedName, ...]
    nationalities: tuple[str, ...] = ()
    births: tuple[str, ...] = ()  # dates or years of birth, as written
    places_of_birth: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # "Passport A123 (Country)"
    addresses: tuple[str, ...] = ()
    comments: str = ""

    @property
    def name(self) -> str:
        """The record's own name (its FIRST_NAME..FOURTH_NAME)."""
        return self.names[0].name if self.names else ""


@dataclass(frozen=True)
class Snapshot:
    """What ``dossier sanctions import`` kept of one list file."""

    date_generated: str
    sha256: str
    source: str  # the file's name when imported
    records: tuple[Listed, ...] = ()
    format: int = SNAPSHOT_FORMAT
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def individuals(self) -> int:
        return sum(1 for r in self.records if r.kind == "individual")

    @property
    def entities(self) -> int:
        return sum(1 for r in self.records if r.kind == "entity")


def to_json(snapshot: Snapshot) -> str:
    """The snapshot as the JSON kept on disk (sorted keys: stable bytes)."""
    data = asdict(snapshot)
    data["counts"] = {"individuals": snapshot.individuals, "entities": snapshot.entities}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def from_json(text: str) -> Snapshot:
    """A snapshot read back; ``ValueError`` or ``KeyError`` or ``TypeError``
    when it is not one (the caller reports the file)."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError("not a snapshot of this version")
    records = tuple(_listed(r) for r in data["records"])
    return Snapshot(
        date_generated=str(data["date_generated"]),
        sha256=str(data["sha256"]),
        source=str(data["source"]),
        records=records,
        counts=dict(data.get("counts") or {}),
    )


def _listed(data: dict[str, Any]) -> Listed:
    names = tuple(ListedName(**n) for n in data["names"])
    lists = ("nationalities", "births", "places_of_birth", "documents", "addresses")
    return Listed(
        dataid=str(data["dataid"]),
        kind=data["kind"],
        reference=str(data["reference"]),
        list_type=str(data["list_type"]),
        listed_on=str(data["listed_on"]),
        names=names,
        comments=str(data.get("comments") or ""),
        **{key: tuple(data.get(key) or ()) for key in lists},
    )


def snapshot_dir(root: Path, shared: str | None) -> Path:
    """The folder of a dossier's snapshot: the shared one dossier.yaml names
    (relative to the dossier), else ``<dossier>/sanctions``."""
    return (root / shared) if shared else root / SANCTIONS_DIR


# What dossier.yaml says of sanctions (the fields of core/model.Manifest).
SANCTIONS_LIST = (
    "A folder (relative to the dossier) holding the Consolidated List's snapshot that "
    "several dossiers share; default: the dossier's sanctions/."
)
COMMITTEE = (
    "The sanctions committee a listing-request goes to: 1267 (ISIL (Da'esh) and Al-Qaida) or 1988."
)
PROPOSED = (
    "The ID of the person or entity a listing-request proposes (persons/<ID>.md or "
    "entities/<ID>.md)."
)
_LISTING = ("committee", "proposed")
# The parts of a listing request's annex generated from its records (generated/<part>).
LISTING_PARTS = ("listing-form", "listing-case", "listing-links")


def listing_problems(
    kind: str, committee: int | None, proposed: str | None, title: object = None
) -> list[tuple[str, str]]:
    """A listing request names its committee and the name it proposes; no
    other kind does: (the key, the message).

    >>> listing_problems("sc-letter", 1267, None)
    [('committee', "'committee' is for 'kind: listing-request'")]
    """
    given = {"committee": committee, "proposed": proposed}
    if kind != "listing-request":
        return [(k, f"'{k}' is for 'kind: listing-request'") for k in _LISTING if given[k]]
    if committee is None or proposed is None or title is None:
        need = "a listing-request needs 'committee' (1267 or 1988), 'proposed' (the ID of the "
        return [("kind", need + "person or entity it proposes for listing) and its 'title'")]
    return []
