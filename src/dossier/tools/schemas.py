"""JSON Schemas of what a drafter writes, generated from the typed model so
that they cannot drift from it: ``schemas/dossier.schema.json`` for
``dossier.yaml`` and ``schemas/evidence.schema.json`` for the front matter
of an incident record.

An editor that knows JSON Schema (VS Code's YAML extension) checks
``dossier.yaml`` as the drafter types when its first line names the schema::

    # yaml-language-server: $schema=../../schemas/dossier.schema.json

``dossier schemas`` writes them again after a change to the model; the
test suite fails while the committed files differ from a fresh generation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dossier.core.model import Manifest
from dossier.core.records import Incident
from dossier.core.templates import templates_root

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The package's copy (in a checkout, src/dossier/schemas links to the
# repository's schemas/, where `dossier schemas` writes them).
_PACKAGED = Path(__file__).resolve().parents[1] / "schemas"
SCHEMA_DIR = (
    _PACKAGED.resolve() if _PACKAGED.is_dir() else Path(__file__).resolve().parents[3] / "schemas"
)
MANIFEST_SCHEMA = "dossier.schema.json"
EVIDENCE_SCHEMA = "evidence.schema.json"
MODELS: dict[str, type[BaseModel]] = {MANIFEST_SCHEMA: Manifest, EVIDENCE_SCHEMA: Incident}


def document_kinds(root: Path | None = None) -> list[str]:
    """The document kinds: the folders of templates/ that hold a
    ``letter.typ``. The one list the JSON Schema, ``dossier new`` and
    their messages give (core.model's ``Kind`` is tested against it)."""
    base = root or templates_root()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "letter.typ").is_file())


def schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of ``model``, with the draft it follows; a document
    kind is one of the folders of templates/ that hold a letter.

    >>> schema(Manifest)["properties"]["status"]["enum"]
    ['draft', 'submitted', 'issued']
    >>> schema(Manifest)["properties"]["kind"]["enum"][:2]
    ['ga-letter', 'identical-letters']
    """
    out = {"$schema": DRAFT, **model.model_json_schema(mode="validation")}
    if model is Manifest:
        out["properties"]["kind"]["enum"] = document_kinds()
    return out


def render(model: type[BaseModel]) -> str:
    """The text of the schema file: stable, two-space indented JSON."""
    return json.dumps(schema(model), indent=2, ensure_ascii=False) + "\n"


def generate() -> dict[str, str]:
    """File name -> text of every schema."""
    return {name: render(model) for name, model in MODELS.items()}


def write(out: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema under ``out``; return the files that changed."""
    out.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for name, text in generate().items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(out: Path = SCHEMA_DIR) -> list[Path]:
    """The schema files under ``out`` that differ from a fresh generation."""
    return [
        out / name
        for name, text in generate().items()
        if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text
    ]


def modeline(folder: Path, name: str = MANIFEST_SCHEMA) -> str:
    """The comment line that points an editor at a schema from a file in
    ``folder``, by a relative path.

    >>> modeline(SCHEMA_DIR.parent / "dossiers" / "example")
    '# yaml-language-server: $schema=../../schemas/dossier.schema.json'
    """
    relative = os.path.relpath(SCHEMA_DIR / name, folder.resolve())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"
