"""YAML read by libyaml gives the data and lines the pure-Python parser
gives, and a syntax error the pure-Python parser's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from dossier.core.diagnostics import DossierError
from dossier.core.yamlsource import _Loader, parse_yaml

CASES = [
    "a: 1\nb: [x, 'y', 2.5, true, ~]\nc: {d: 2026-08-10, e: 2026-02-30}\n",
    "when: 2026-02-03 10:00:00\nlist:\n- id: x\n  n: 0x1F\n- id: y\n",
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


def test_lines_are_kept() -> None:
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


def refusal(text: str, **kwargs: Any) -> str:
    with pytest.raises(DossierError) as got:
        parse_yaml(text, Path("x.yaml"), line_offset=1, **kwargs)
    [diagnostic] = got.value.diagnostics
    return str(diagnostic)


@pytest.mark.parametrize(
    "text",
    [
        "a: &anchor [1, 2]\nb: *anchor\n",
        "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
        "a: &anchor 1\n",  # an anchor alone: refused too
    ],
)
def test_anchors_and_aliases_are_refused_at_the_anchor(text: str) -> None:
    name = text.split("&")[1].split()[0]
    assert refusal(text) == (
        f"x.yaml:2: error: YAML aliases (*{name}) and anchors (&{name}) are not allowed "
        "(write the value out in full wherever it is used)"
    )


def test_an_ampersand_in_text_is_no_anchor() -> None:
    assert parse_yaml("a: '&b'\nc: Smith & Jones\n", Path("x.yaml")).data == {
        "a": "&b",
        "c": "Smith & Jones",
    }


@pytest.mark.parametrize("text", ["a: 1\nb: 2\na: 3\n", "{a: 1,\n a: 2}\n"])
def test_a_key_given_twice_names_both_lines(text: str) -> None:
    first = 2
    second = 1 + text.count("\n", 0, text.rindex("a")) + 1
    assert refusal(text) == (
        f"x.yaml:{second}: error: 'a' is given twice: here and on line {first} "
        "(keep one (YAML would silently use the last))"
    )


def test_too_many_values_or_too_deep() -> None:
    many = "".join(f"- {i}\n" for i in range(200))
    assert refusal(many, max_nodes=100) == (
        "x.yaml:101: error: this YAML holds more than 100 values "
        "(split it, or raise limits.yaml_nodes in dossier.yaml)"
    )
    # libyaml composes 500 levels; at 2000 it refuses, and the pure-Python
    # parser that words its errors runs out of stack
    for deep in ("x: " + "[" * 500 + "]" * 500, "- " * 500 + "x", "[" * 2000):
        assert refusal(deep) == (
            "x.yaml:2: error: this YAML is nested more than 100 levels deep (write it flatter)"
        )
