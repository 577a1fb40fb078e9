"""Translations that stay in step with their source.

A section under ``sections/<lang>/`` translates the file of the same name
under ``sections/<source>/``. Its front matter records which version of the
source it translates: ``translation-of: <sha256 of the source's text>``.
When the source changes, the translation is stale.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

FRONT_KEY = "translation-of"


class State(StrEnum):
    SOURCE = "source"
    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"
    UNRECORDED = "unrecorded"


def text_hash(body: str) -> str:
    """SHA-256 of a section's text (front matter excluded, newlines normalised).

    >>> text_hash("Text.\\r\\n") == text_hash("Text.\\n")
    True
    """
    normal = body.replace("\r\n", "\n").lstrip("\n").rstrip() + "\n"
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    name: str
    lang: str
    state: State
    path: Path


def state_of(recorded: str | None, source_hash: str) -> State:
    """
    >>> [str(state_of(r, "ab")) for r in (None, "", "ab", "cd")]
    ['missing', 'unrecorded', 'current', 'stale']
    """
    if recorded is None:
        return State.MISSING
    if not recorded:
        return State.UNRECORDED
    return State.CURRENT if recorded == source_hash else State.STALE
