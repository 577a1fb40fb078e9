"""The evidence of a dossier as typed data: an incident record with its
narrative per language, and every record with the sources they cite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.core import tree
from dossier.core.records import Incident
from dossier.core.yamlsource import YamlDoc

EVIDENCE = "evidence"
SOURCES = "sources.yaml"


# Fields of a record that its translation may give in its own language.
TRANSLATED_FIELDS = ("title", "place", "attribution_to", "attribution_basis")


@dataclass(frozen=True)
class Narrative:
    """The narrative of a record in one language, and the fields its
    translation gives in that language (title, place, attribution)."""

    lang: str
    path: Path
    blocks: list[Any]
    body_hash: str
    untranslated: bool = False
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """One incident: its checked front matter and its narrative per language."""

    incident: Incident
    path: Path
    doc: YamlDoc
    narratives: dict[str, Narrative] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.incident.id

    def line_of(self, *path: str | int) -> int:
        return self.doc.line_of(tuple(path))


@dataclass(frozen=True)
class Evidence:
    records: tuple[Record, ...] = ()
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources_path: Path | None = None

    @property
    def inputs(self) -> list[Path]:
        files = [r.path for r in self.records]
        files += [r.path.parent.parent / e.file for r in self.records for e in r.incident.exhibits]
        files += [n.path for r in self.records for n in r.narratives.values() if not n.untranslated]
        files += [Path(p) for r in self.records for n in r.narratives.values() for p in _images(n)]
        return files + ([self.sources_path] if self.sources_path else [])


def _images(narrative: Narrative) -> list[str]:
    return [tree.target_of(n) for n in tree.find(narrative.blocks, {"Image"})]
