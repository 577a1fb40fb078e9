"""Pydantic's validation errors, told to a drafter: one diagnostic per wrong
place, at the line of the YAML where it stands, with a fix."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from dossier.core.diagnostics import Diagnostic
from dossier.core.strict import Problems
from dossier.core.yamlsource import KeyPath, YamlDoc

_FIXES: dict[str, str] = {
    "symbol": "write the UN symbol as issued, e.g. S/2026/1043",
    "job_number": "write two digits of the year, a hyphen and five digits, e.g. 26-21345",
    "date": "write the date as YYYY-MM-DD, e.g. 2026-11-27",
    "sha256": "64 hexadecimal digits: let 'dossier exhibit add' write it",
}


def model_at(root: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    """The model that describes the mapping found at ``path`` under ``root``.

    >>> from dossier.core.model import Manifest
    >>> model_at(Manifest, ("sender",)).__name__
    'Sender'
    """
    model: type[BaseModel] | None = root
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in {
        typing.Union,
        list,
    }:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None


def schema_diagnostics(
    exc: ValidationError, doc: YamlDoc, root: type[BaseModel]
) -> list[Diagnostic]:
    """Turn pydantic's errors into one diagnostic per wrong place.

    A misspelt key is reported once, as unknown with its suggestion, and not
    a second time as the missing key it was meant to be.
    """
    found: dict[KeyPath, Diagnostic] = {}
    suggested: set[KeyPath] = set()
    out: list[Diagnostic] = []
    for error in exc.errors():
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, Problems):
            out += [_at_key(doc, error["loc"], key, message) for key, message in cause.problems]
            continue
        path = _data_path(doc.data, error["loc"])
        if error["type"] == "missing":
            path = (*path, error["loc"][len(path)])
        if path in found:
            continue
        message, hint = _explain(error, path, root)
        if error["type"] == "extra_forbidden" and hint and hint.startswith("did you mean"):
            suggested.add((*path[:-1], hint.split("'")[1]))
        line = doc.line_of(path if error["type"] != "missing" else path[:-1])
        found[path] = Diagnostic(doc.file, line, message, hint)
    out += [d for p, d in found.items() if p not in suggested]
    return sorted(out, key=lambda d: d.line or 0)


def _at_key(doc: YamlDoc, loc: tuple[Any, ...], key: str, message: str) -> Diagnostic:
    """A problem a model found across its fields, at the line of ``key`` in
    the mapping it checked (or of that mapping, when the key is not written)."""
    return Diagnostic(doc.file, doc.line_of((*_data_path(doc.data, loc), key)), message)


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


def _explain(error: Any, path: KeyPath, root: type[BaseModel]) -> tuple[str, str | None]:
    kind = error["type"]
    key = str(path[-1]) if path else ""
    value = error.get("input")
    if kind == "extra_forbidden":
        model = model_at(root, path[:-1])
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        return f"unknown key '{_name(path)}'", hint
    if kind == "missing":
        model = model_at(root, path[:-1])
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
        where = f"{_name(path)}: " if path else ""
        return f"{where}{error['msg'].removeprefix('Value error, ')}", None
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
