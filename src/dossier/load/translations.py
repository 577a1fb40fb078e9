"""Translations that stay in step with their source.

A section under ``sections/<lang>/`` translates the file of the same name
under ``sections/<source>/``. Its front matter records which version of the
source it translates: ``translation-of: <sha256 of the source's text>``.
When the source changes, the translation is stale.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from dossier.core.files import write_text_atomic
from dossier.core.sourcefile import read_source

FRONT_KEY = "translation-of"


class State(StrEnum):
    SOURCE = "source"
    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"
    UNRECORDED = "unrecorded"
    # classified above every edition in that language: nothing to translate
    WITHHELD = "withheld"


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


_KEY_LINE = re.compile(rf"^{re.escape(FRONT_KEY)}\s*:.*$", re.M)


def record_source(path: Path, source_hash: str) -> None:
    """Write ``translation-of: <hash>`` into the front matter of ``path``,
    keeping everything else of the file as it is."""
    text = read_source(path)
    line = f"{FRONT_KEY}: {source_hash}"
    match = re.match(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", text, re.S)
    if match is None:
        text = f"---\n{line}\n---\n\n{text}"
    else:
        header = match.group(1) or ""
        header = _KEY_LINE.sub(line, header) if _KEY_LINE.search(header) else header + line + "\n"
        text = f"---\n{header}---\n{text[match.end() :]}"
    write_text_atomic(path, text)
