"""One section file of a dossier in one language, parsed: what the loader
reads and every later stage receives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Section:
    """One Markdown file of one language, parsed into pandoc blocks."""

    name: str
    lang: str
    path: Path
    front_matter: dict[str, Any]
    blocks: list[Any]
    body_hash: str = ""
    untranslated: bool = False

    @property
    def translation_of(self) -> str:
        """The hash of the source this translation was made from ('' if none)."""
        return str(self.front_matter.get("translation-of") or "")
