"""A loaded dossier: the manifest, the sections and the evidence, as the
load stage hands them to every stage after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.core.diagnostics import Diagnostic
from dossier.core.model import Manifest
from dossier.core.sanctions import Snapshot
from dossier.core.section import Section
from dossier.load.actors import Actors
from dossier.load.evidence import Evidence


@dataclass(frozen=True)
class Dossier:
    """A loaded, validated dossier."""

    root: Path
    name: str
    manifest: Manifest
    sections: dict[tuple[str, str], Section] = field(default_factory=dict)
    inputs: tuple[Path, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    # What `dossier check` reports besides problems: the word count.
    notes: tuple[str, ...] = ()
    evidence: Evidence | None = None
    # persons/ and entities/, and the Consolidated List's snapshot, when the dossier has them
    actors: Actors | None = None
    sanctions: Snapshot | None = None

    def section(self, name: str, lang: str) -> Section:
        return self.sections[(name, lang)]
