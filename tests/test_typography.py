"""Footnote marks against the punctuation: the fast pass changes what the
plain one (every list of inlines through the rule) changes, and only that."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dossier import ast, pandoc
from dossier.typography import _INLINES, _after, _before, place_note_marks

TEXT = """\
At dawn.[^1] Before the note[^2]. Twice.,[^3] *Inside emphasis.[^4]* and
[a span.[^5]]{.x} then "quoted"[^6]; end.

[^1]: One.
[^2]: Two.
[^3]: Three.
[^4]: Four.
[^5]: Five.
[^6]: Six.

| Cell.[^7] |
|-----------|
| x         |

[^7]: Seven.
"""


def reference(blocks: list[Any], lang: str) -> list[Any]:
    fix = _before if lang == "fr" else _after
    for node in ast.walk(blocks):
        content = node.get("c")
        if (
            isinstance(content, list)
            and content
            and all(isinstance(i, dict) and i.get("t") in _INLINES for i in content)
        ):
            node["c"] = fix(content)
    return blocks


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_same_marks_move_as_with_the_plain_pass(lang: str) -> None:
    blocks, _ = pandoc.parse_markdown(TEXT)
    once = place_note_marks(copy.deepcopy(blocks), lang)
    assert once == reference(copy.deepcopy(blocks), lang)
    assert once != blocks  # marks moved
    twice = place_note_marks(copy.deepcopy(once), lang)
    assert twice == reference(copy.deepcopy(once), lang)


def test_two_str_side_by_side_are_joined_before_the_punctuation() -> None:
    para = {"t": "Para", "c": [{"t": "Str", "c": "a"}, {"t": "Str", "c": "b"}]}
    assert place_note_marks([para], "fr")[0]["c"] == [{"t": "Str", "c": "ab"}]
    para = {"t": "Para", "c": [{"t": "Str", "c": "a"}, {"t": "Str", "c": "b"}]}
    assert len(place_note_marks([para], "en")[0]["c"]) == 2
