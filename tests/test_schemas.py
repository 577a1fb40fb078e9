"""The JSON Schemas under schemas/ are generated from the model and cannot
drift from it; the example validates against them, and the mistakes a
drafter makes do not.

`jsonschema` is not a dependency of the project: a small validator below
covers the keywords pydantic writes (enough to tell the schema is right).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import EXAMPLE, ROOT
from dossier.cli import main
from dossier.load.sections import split_front_matter
from dossier.tools import schemas

TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def plain(value: Any) -> Any:
    """YAML as an editor's language server sees it: dates are strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def problems(value: Any, node: dict[str, Any], root: dict[str, Any], at: str = "") -> list[str]:
    """What is wrong with ``value`` under the schema ``node`` (empty: valid)."""
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        return problems(value, root["$defs"][name], root, at)
    if "anyOf" in node:
        tries = [problems(value, option, root, at) for option in node["anyOf"]]
        return [] if any(not t for t in tries) else [f"{at}: no option of anyOf fits"]
    out = _scalar_problems(value, node, at)
    if out:
        return out
    if isinstance(value, dict):
        out += _object_problems(value, node, root, at)
    if isinstance(value, list):
        out += _array_problems(value, node, root, at)
    return out


def _type_ok(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in {"integer", "number"}:
        return False
    return isinstance(value, TYPES[name])


def _scalar_problems(value: Any, node: dict[str, Any], at: str) -> list[str]:
    kind = node.get("type")
    if kind and not _type_ok(value, kind):
        return [f"{at}: {value!r} is not of type {kind}"]
    if "enum" in node and value not in node["enum"]:
        return [f"{at}: {value!r} is not one of {node['enum']}"]
    if "const" in node and value != node["const"]:
        return [f"{at}: {value!r} is not {node['const']!r}"]
    if isinstance(value, str):
        if "pattern" in node and not re.search(node["pattern"], value):
            return [f"{at}: {value!r} does not match {node['pattern']}"]
        if node.get("format") == "date" and not DATE.match(value):
            return [f"{at}: {value!r} is not a date"]
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in node and value < node["minimum"]:
            return [f"{at}: {value} < {node['minimum']}"]
        if "maximum" in node and value > node["maximum"]:
            return [f"{at}: {value} > {node['maximum']}"]
    return []


def _object_problems(
    value: dict[str, Any], node: dict[str, Any], root: dict[str, Any], at: str
) -> list[str]:
    out = [f"{at}: missing {k}" for k in node.get("required", []) if k not in value]
    props = node.get("properties", {})
    extra = node.get("additionalProperties", True)
    for key, item in value.items():
        if "propertyNames" in node:
            out += problems(key, node["propertyNames"], root, f"{at}.{key}(name)")
        if key in props:
            out += problems(item, props[key], root, f"{at}.{key}")
        elif extra is False:
            out.append(f"{at}: unknown key {key}")
        elif isinstance(extra, dict):
            out += problems(item, extra, root, f"{at}.{key}")
    return out


def _array_problems(
    value: list[Any], node: dict[str, Any], root: dict[str, Any], at: str
) -> list[str]:
    out: list[str] = []
    if len(value) < node.get("minItems", 0) or len(value) > node.get("maxItems", len(value)):
        out.append(f"{at}: {len(value)} items")
    prefix = node.get("prefixItems", [])
    for i, item in enumerate(value):
        sub = prefix[i] if i < len(prefix) else node.get("items")
        if sub:
            out += problems(item, sub, root, f"{at}[{i}]")
    return out


def validate(data: Any, name: str) -> list[str]:
    root = schemas.schema(schemas.MODELS[name])
    return problems(plain(data), root, root)


def example_manifest() -> dict[str, Any]:
    data = yaml.safe_load((EXAMPLE / "dossier.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_committed_schemas_are_those_the_model_gives() -> None:
    stale = [p.name for p in schemas.stale()]
    assert stale == [], f"run `.venv/bin/dossier schemas`: {stale} differ from the model"


def test_schemas_describe_the_fields() -> None:
    manifest = schemas.schema(schemas.MODELS[schemas.MANIFEST_SCHEMA])
    assert manifest["$schema"] == schemas.DRAFT
    described = [k for k, v in manifest["properties"].items() if "description" in v]
    assert {"kind", "symbol", "date", "languages", "editions", "draft"} <= set(described)
    incident = schemas.schema(schemas.MODELS[schemas.EVIDENCE_SCHEMA])
    assert incident["additionalProperties"] is False
    assert "ACLED" in incident["properties"]["event_type"]["description"]


def test_the_example_manifest_validates() -> None:
    assert validate(example_manifest(), schemas.MANIFEST_SCHEMA) == []


MISTAKES = {
    "unknown key": ("simbol", "S/2026/1"),
    "bad kind": ("kind", "sc-leter"),
    "bad symbol": ("symbol", "s 2026 1043"),
    "bad date": ("date", "27 November 2026"),
    "bad language": ("languages", ["en", "de"]),
    "bad bounds": ("evidence", {"country": {"name": "X", "bounds": [1, 2, 3]}}),
}


@pytest.mark.parametrize("case", MISTAKES, ids=list(MISTAKES))
def test_the_schema_catches_a_mistake(case: str) -> None:
    key, value = MISTAKES[case]
    data = {**example_manifest(), key: value}
    assert validate(data, schemas.MANIFEST_SCHEMA) != []


def test_a_missing_key_is_caught() -> None:
    data = example_manifest()
    del data["organ"]
    assert validate(data, schemas.MANIFEST_SCHEMA) == [": missing organ"]


def test_the_example_records_validate() -> None:
    records = sorted((EXAMPLE / "evidence").glob("*.md"))
    assert records
    for path in records:
        front, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        assert validate(front, schemas.EVIDENCE_SCHEMA) == [], path


def test_the_example_points_its_editor_at_the_schema() -> None:
    first = (EXAMPLE / "dossier.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == schemas.modeline(EXAMPLE)
    target = first.split("$schema=", 1)[1]
    assert (EXAMPLE / target).resolve() == ROOT / "schemas" / schemas.MANIFEST_SCHEMA


def test_schemas_command_writes_and_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schemas", "--out", str(tmp_path), "--check"]).exit_code == 2
    result = runner.invoke(main, ["schemas", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(schemas.MODELS)
    assert runner.invoke(main, ["schemas", "--out", str(tmp_path), "--check"]).exit_code == 0
    again = runner.invoke(main, ["schemas", "--out", str(tmp_path)])
    assert "up to date" in again.output
