"""Where templates live: ``templates/<kind>/`` inside the package (the
wheel's copy; in a checkout, ``src/dossier/templates`` is a link to the
repository's ``templates/``, where they are edited), or wherever
``DOSSIER_TEMPLATES`` points."""

from __future__ import annotations

import os
from pathlib import Path

# The package's folder, and the repository's (a checkout whose links were
# not made, as on a system without symbolic links).
PACKAGED = Path(__file__).resolve().parents[1] / "templates"
REPOSITORY = Path(__file__).resolve().parents[3] / "templates"


def templates_root() -> Path:
    """The folder of every kind's templates, the catalogues and the style."""
    env = os.environ.get("DOSSIER_TEMPLATES")
    if env:
        return Path(env)
    # Resolved: in a checkout, the same paths as the repository's own.
    return PACKAGED.resolve() if PACKAGED.is_dir() else REPOSITORY


def kind_dir(kind: str) -> Path | None:
    folder = templates_root() / kind
    return folder if folder.is_dir() else None
