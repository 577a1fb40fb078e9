"""The leak scan: search a finished output for anything its edition must
not hold (the identifiers of withheld sections, blocks, records and
exhibits, and fingerprints of their text) in every place a reader or a tool
could find it.

Fingerprints are hashed word shingles, so that a reworded or re-flowed line
is still caught and the fingerprints themselves (stored in manifest.json)
reveal nothing of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.select import Withheld


@dataclass(frozen=True)
class Fingerprints:
    """What to look for, hashed: per withheld item its identifier hash and
    the hashes of its word shingles."""

    items: tuple[tuple[str, str, str, frozenset[str]], ...]  # (kind, ident hash, level, shingles)


@dataclass(frozen=True)
class Hit:
    output: Path
    kind: str  # the withheld item's kind: section, block, record, exhibit
    ident: str  # its identifier hash (the clear id when known to the caller)
    where: str  # where in the output: 'word/document.xml', 'PDF metadata /Title', ...
    evidence: str  # 'identifier' or 'N shingles'


def fingerprints(withheld: list[Withheld]) -> Fingerprints:
    raise NotImplementedError


def scan(output: Path, prints: Fingerprints) -> list[Hit]:
    raise NotImplementedError
