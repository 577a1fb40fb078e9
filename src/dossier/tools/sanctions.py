"""`dossier sanctions import` and `dossier sanctions report`: a snapshot of
the Consolidated List kept with the dossier (or in the shared folder
``sanctions_list:`` names), and the evidence's names matched against it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.check.sanctions import Found, listed_names
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import write_text_atomic
from dossier.core.model import Manifest
from dossier.core.paths import DOSSIER_FILE
from dossier.core.sanctions import SNAPSHOT_FILE, Snapshot, snapshot_dir, to_json
from dossier.core.sourcefile import read_source
from dossier.core.yamlsource import parse_yaml
from dossier.load.consolidated import read_list
from dossier.pipeline.loading import load, validate_manifest


@dataclass(frozen=True)
class Imported:
    """What an import kept, and where."""

    path: Path
    snapshot: Snapshot
    previous: Snapshot | None


def manifest_of(directory: Path) -> Manifest:
    """The dossier's manifest, read alone (an import needs nothing else)."""
    path = directory / DOSSIER_FILE
    if not path.is_file():
        hint = "name the dossier with --dossier DIR"
        raise DossierError([Diagnostic(path, None, "no dossier.yaml here", hint)])
    return validate_manifest(parse_yaml(read_source(path), path))


def import_list(xml: Path, directory: Path) -> Imported:
    """Read the list file ``xml`` whole, then keep its snapshot; nothing is
    written when the file cannot be read."""
    from dossier.load.consolidated import read_snapshot

    manifest = manifest_of(directory)
    snapshot = read_list(xml)
    folder = snapshot_dir(directory, manifest.sanctions_list)
    try:
        previous = read_snapshot(folder)
    except DossierError:
        previous = None  # replaced by the new one
    path = folder / SNAPSHOT_FILE
    write_text_atomic(path, to_json(snapshot))
    return Imported(path, snapshot, previous)


def report(directory: Path) -> tuple[Snapshot | None, list[Found]]:
    """The snapshot of the dossier in ``directory`` and every match of the
    names of its persons, entities and incident actors."""
    dossier = load(directory)
    return dossier.sanctions, listed_names(dossier)
