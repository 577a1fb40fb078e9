"""YAML read by libyaml gives the data and lines the pure-Python parser
gives, and a syntax error the pure-Python parser's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from dossier.diagnostics import DossierError
from dossier.yamlsource import _Loader, parse_yaml

CASES = [
    "a: 1\nb: [x, 'y', 2.5, true, ~]\nc: {d: 2026-08-10, e: 2026-02-30}\n",
    "when: 2026-02-03 10:00:00\nlist:\n- id: x\n  n: 0x1F\n- id: y\n",
    "a: &anchor [1, 2]\nb: *anchor\n",  # shared, as PyYAML shares it
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\n",
    "bin: !!binary aGVsbG8=\n1: one\ntrue: yes\n= : value\n",
    "",
    "# only a comment\n",
]


def pure(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


@pytest.mark.parametrize("text", CASES)
def test_the_data_is_what_the_pure_python_parser_builds(text: str) -> None:
    doc = parse_yaml(text, Path("x.yaml"))
    assert repr(doc.data) == repr(pure(text))


def test_shared_anchors_stay_shared_and_lines_are_kept() -> None:
    doc = parse_yaml(CASES[2], Path("x.yaml"), line_offset=1)
    assert doc.data["a"] is doc.data["b"]
    assert doc.line_of(("b",)) == 3
    doc = parse_yaml(CASES[0], Path("x.yaml"))
    assert doc.data["c"] == {"d": dt.date(2026, 8, 10), "e": "2026-02-30"}
    assert doc.line_of(("c", "e")) == 3
    assert doc.line_of(("b", 3)) == 2


@pytest.mark.parametrize(
    "text",
    ["a: [1, 2\nb: 3\n", "a: b: c\n", "? [1]\n: 2\n", "x: !custom 1\n", "- a\nb: c\n"],
)
def test_an_error_has_the_words_and_line_of_the_pure_python_parser(text: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as expected:
        pure(text)
    mark = expected.value.problem_mark or expected.value.context_mark
    with pytest.raises(DossierError) as got:
        parse_yaml(text, Path("x.yaml"), line_offset=1)
    [diagnostic] = got.value.diagnostics
    assert diagnostic.message == f"this is not valid YAML: {expected.value.problem}"
    assert diagnostic.line == (mark.line + 1 if mark else 1) + 1
