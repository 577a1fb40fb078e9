"""The load stage's part for sanctions: the persons and entities of a
dossier, the snapshot of the Consolidated List it keeps, and the names of
the evidence matched against it (:mod:`dossier.check.sanctions`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.check.sanctions import check_listed
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.model import Manifest
from dossier.core.sanctions import SNAPSHOT_FILE, Snapshot, snapshot_dir
from dossier.core.yamlsource import YamlDoc
from dossier.load.actors import FOLDERS, Actors, load_actors
from dossier.load.consolidated import read_snapshot
from dossier.load.evidence import Evidence


@dataclass(frozen=True)
class Listing:
    """What the load stage read for sanctions."""

    actors: Actors | None = None  # None when the dossier has no persons/ or entities/
    snapshot: Snapshot | None = None  # None when no list was imported
    files: tuple[Path, ...] = ()


def load_listing(
    root: Path, m: Manifest, doc: YamlDoc, evidence: Evidence | None, out: list[Diagnostic]
) -> Listing:
    """The persons and entities, the snapshot and the files read; their
    problems and the names found on the list into ``out``."""
    actors = None
    if any((root / folder).is_dir() for folder in FOLDERS) or m.kind == "listing-request":
        actors, more = load_actors(root, m, evidence)
        out += more
    folder = snapshot_dir(root, m.sanctions_list)
    try:
        snapshot = read_snapshot(folder)
    except DossierError as exc:
        out += exc.diagnostics
        return Listing(actors)
    out += check_listed(m, doc, evidence, actors, snapshot)
    files = [*(actors.inputs if actors else []), *([folder / SNAPSHOT_FILE] if snapshot else [])]
    return Listing(actors, snapshot, tuple(files))
