"""Where templates live: ``templates/<kind>/`` at the top of the repository
(or wherever ``DOSSIER_TEMPLATES`` points)."""

from __future__ import annotations

import os
from pathlib import Path


def templates_root() -> Path:
    env = os.environ.get("DOSSIER_TEMPLATES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "templates"


def kind_dir(kind: str) -> Path | None:
    folder = templates_root() / kind
    return folder if folder.is_dir() else None
