"""Load a dossier folder into the typed model, or explain what is wrong.

Everything is read and validated before anything is written: the result is
either a :class:`~dossier.model.Dossier` or a :class:`DossierError` holding
every problem found, each with its file and line.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dossier.diagnostics import Diagnostic, DossierError, Severity
from dossier.model import Dossier, Manifest, Sender
from dossier.sections import image_paths, load_sections
from dossier.templates import kind_dir
from dossier.yamlsource import KeyPath, YamlDoc, parse_yaml

MANIFEST = "dossier.yaml"

# Which model describes the mapping found at a key path (for "did you mean").
_MODELS: dict[KeyPath, type[BaseModel]] = {(): Manifest, ("sender",): Sender}

_FIXES: dict[str, str] = {
    "symbol": "write the UN symbol as issued, e.g. S/2026/1043",
    "job_number": "write two digits of the year, a hyphen and five digits, e.g. 26-21345",
    "date": "write the date as YYYY-MM-DD, e.g. 2026-11-27",
}


def load(root: Path, *, draft: bool = False) -> Dossier:
    """Read ``root/dossier.yaml`` and every section it names.

    ``draft`` (or ``draft: true`` in the manifest) lets a missing translation
    through: the source text stands in its place, marked untranslated.
    """
    root = Path(root)
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        hint = "create it, or run 'dossier new'" if root.is_dir() else "check the folder name"
        raise DossierError([Diagnostic(manifest_path, None, "no dossier.yaml here", hint)])
    doc = parse_yaml(manifest_path.read_text(encoding="utf-8"), manifest_path)
    manifest = validate_manifest(doc)
    diagnostics: list[Diagnostic] = []
    diagnostics += _check_manifest(manifest, doc)
    sections, more = load_sections(root, manifest, doc, draft=draft or manifest.draft)
    diagnostics += more
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise DossierError(diagnostics)
    inputs = [manifest_path, *(s.path for s in sections.values())]
    inputs += [Path(p) for s in sections.values() for p in image_paths(s.blocks)]
    return Dossier(
        root=root,
        name=root.resolve().name,
        manifest=manifest,
        sections=sections,
        inputs=tuple(dict.fromkeys(inputs)),
        warnings=tuple(d for d in diagnostics if d.severity is Severity.WARNING),
    )


def validate_manifest(doc: YamlDoc) -> Manifest:
    if not isinstance(doc.data, dict):
        raise DossierError(
            [
                Diagnostic(
                    doc.file,
                    1,
                    "dossier.yaml must be a list of 'key: value' lines",
                    "start from dossiers/example/dossier.yaml",
                )
            ]
        )
    try:
        return Manifest.model_validate(doc.data)
    except ValidationError as exc:
        raise DossierError(schema_diagnostics(exc, doc)) from None


def schema_diagnostics(exc: ValidationError, doc: YamlDoc) -> list[Diagnostic]:
    """Turn pydantic's errors into one diagnostic per wrong place.

    A misspelt key is reported once, as unknown with its suggestion, and not
    a second time as the missing key it was meant to be.
    """
    found: dict[KeyPath, Diagnostic] = {}
    suggested: set[KeyPath] = set()
    for error in exc.errors():
        path = _data_path(doc.data, error["loc"])
        if error["type"] == "missing":
            path = (*path, error["loc"][len(path)])
        if path in found:
            continue
        message, hint = _explain(error, path, doc.data)
        if error["type"] == "extra_forbidden" and hint and hint.startswith("did you mean"):
            suggested.add((*path[:-1], hint.split("'")[1]))
        line = doc.line_of(path if error["type"] != "missing" else path[:-1])
        found[path] = Diagnostic(doc.file, line, message, hint)
    out = [d for p, d in found.items() if p not in suggested]
    return sorted(out, key=lambda d: d.line or 0)


def _data_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """The prefix of pydantic's ``loc`` that indexes into the YAML data (union
    member names such as 'str' are dropped)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if (isinstance(node, dict) and part in node) or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)


def _name(path: KeyPath) -> str:
    return ".".join(str(p) for p in path) or "dossier.yaml"


def _explain(error: Any, path: KeyPath, data: Any) -> tuple[str, str | None]:
    kind = error["type"]
    key = str(path[-1]) if path else ""
    value = error.get("input")
    if kind == "extra_forbidden":
        model = _MODELS.get(path[:-1])
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        return f"unknown key '{_name(path)}'", hint
    if kind == "missing":
        model = _MODELS.get(path[:-1])
        field = model.model_fields.get(key) if model else None
        desc = field.description if field and field.description else None
        return f"missing key '{_name(path)}'", f"add it: {desc}" if desc else "add it"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}"
        return f"'{value}' is not a valid {_name(path)}", hint
    if kind.startswith("date_") or (key == "date" and kind != "missing"):
        return f"'{value}' is not a valid date for '{_name(path)}'", _FIXES["date"]
    if kind == "string_pattern_mismatch" or (kind == "string_type" and key in _FIXES):
        return f"'{value}' is not a valid {_name(path)}", _FIXES.get(key)
    if kind in {"too_short"} and isinstance(value, list):
        return f"'{_name(path)}' is empty", "list at least one item"
    if kind == "value_error":
        return f"{_name(path)}: {error['msg'].removeprefix('Value error, ')}", None
    expected = {
        "string_type": "text",
        "list_type": "a list ('- item' lines)",
        "dict_type": "a mapping ('key: value' lines)",
        "model_type": "a mapping ('key: value' lines)",
        "model_attributes_type": "a mapping ('key: value' lines)",
    }.get(kind)
    if expected:
        return f"'{_name(path)}' should be {expected}, not {_describe(value)}", None
    if isinstance(value, dict) and key in {"title", "state", "mission", "notice"}:
        return f"'{_name(path)}' should be text, or one text per language", "e.g. 'en: ...'"
    return f"{_name(path)}: {error['msg']}", None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _check_manifest(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if kind_dir(m.kind) is None:
        out.append(
            Diagnostic(
                doc.file,
                doc.line_of(("kind",)),
                f"the document kind '{m.kind}' has no templates yet",
                "use 'sc-letter'",
            )
        )
    if m.source_language not in m.languages:
        out.append(
            Diagnostic(
                doc.file,
                doc.line_of(("languages",)),
                f"the source language '{m.source_language}' is not in 'languages'",
                f"add '{m.source_language}' to languages",
            )
        )
    for i, lang in enumerate(m.languages):
        if m.languages.index(lang) != i:
            out.append(
                Diagnostic(doc.file, doc.line_of(("languages", i)), f"'{lang}' is listed twice")
            )
    names = [*m.letter, *m.annex]
    for i, name in enumerate(names):
        if names.index(name) != i:
            key = ("letter", i) if i < len(m.letter) else ("annex", i - len(m.letter))
            out.append(
                Diagnostic(
                    doc.file, doc.line_of(key), f"section '{name}' is listed twice", "remove one"
                )
            )
    return out
