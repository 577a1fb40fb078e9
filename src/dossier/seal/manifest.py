"""The manifest of an edition folder, as stored: its format, where the
fingerprints of its builds are kept (``build/<name>/.leaks/``, beside the
edition folders), how a path and a file's hash are written, the manifest
read back and checked for its shape, and the fingerprints to JSON and back.
What :mod:`dossier.seal.provenance` writes and :mod:`dossier.seal.verify`
reads.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from dossier.core.diagnostics import Diagnostic
from dossier.core.files import file_sha256
from dossier.seal import leaks

FORMAT = "dossier-manifest/2"
# build/<name>/.leaks/<sha256>.json: the fingerprints of a build, never sent.
LEAKS = ".leaks"

Json = dict[str, Any]
# shown path -> (language, edition level) of the files an edition shows in part
Shown = dict[str, tuple[str, str]]
SHOWN = ("lang", "max")

sha256 = file_sha256


def shown_path(path: Path) -> str:
    """A path as the manifest stores it: relative to the working directory
    when it lies under it (the repository), absolute otherwise."""
    full = path.resolve()
    cwd = Path.cwd().resolve()
    return (full.relative_to(cwd) if full.is_relative_to(cwd) else full).as_posix()


def prints_dir(edition_dir: Path) -> Path:
    """Where an edition's fingerprints are kept: beside the edition folders
    (``build/<name>/.leaks/<edition>/``), not in one."""
    return edition_dir.parent / LEAKS / edition_dir.name


def prints_path(edition_dir: Path, digest: str) -> Path:
    """The fingerprints of SHA-256 ``digest``."""
    return prints_dir(edition_dir) / f"{digest}.json"


def render(data: Json) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def read_manifest(manifest: Path) -> tuple[Json | None, list[Diagnostic]]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, [Diagnostic(manifest, None, f"cannot read the manifest: {exc}")]
    if not well_formed(data):
        return None, [Diagnostic(manifest, None, f"not a manifest of format {FORMAT}")]
    return data, []


def well_formed(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    outputs, builds = data.get("outputs"), data.get("builds")
    if not isinstance(outputs, list) or not isinstance(builds, dict):
        return False
    keys = {"file", "lang", "sha256", "build"}
    if not all(isinstance(e, dict) and keys <= e.keys() for e in outputs):
        return False
    records = builds.values()
    keys = {"inputs", "leak_fingerprints_sha256"}
    return all(isinstance(r, dict) and keys <= r.keys() for r in records)


def to_plain(value: Any) -> Any:
    """A frozen dataclass of tuples, frozensets and strings as JSON values
    (sets sorted, so that the text is deterministic)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted((to_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(tp: Any, value: Any) -> Any:
    """The inverse of :func:`to_plain`, led by the type hints of ``tp``."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = get_type_hints(tp)
        fields = dataclasses.fields(tp)
        return tp(**{f.name: from_plain(hints[f.name], value[f.name]) for f in fields})
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        return tuple(from_plain(a, v) for a, v in zip(args, value, strict=True))
    if origin in (frozenset, set):
        return origin(from_plain(args[0], v) for v in value)
    if origin is list:
        return [from_plain(args[0], v) for v in value]
    if origin is dict:
        return {k: from_plain(args[1], v) for k, v in value.items()}
    if origin is Union or type(tp).__name__ == "UnionType":
        if value is None:
            return None
        return from_plain(next(a for a in args if a is not type(None)), value)
    return value


def load_prints(data: Any) -> leaks.Fingerprints:
    prints: leaks.Fingerprints = from_plain(leaks.Fingerprints, data)
    return prints
