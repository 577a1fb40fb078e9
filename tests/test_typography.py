"""Footnote marks against the punctuation: the fast pass changes what the
plain one (every list of inlines through the rule) changes, and only that."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dossier.core import pandoc, tree
from dossier.core.typography import _INLINES, _after, _before, place_note_marks

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
    for node in tree.walk(blocks):
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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_rule_applied_twice_moves_nothing_more(lang: str) -> None:
    """The rule runs before and after citeproc: a second pass must find
    every mark in its place ("Twice.," once lost both its marks)."""
    blocks, _ = pandoc.parse_markdown(TEXT)
    once = place_note_marks(copy.deepcopy(blocks), lang)
    assert place_note_marks(copy.deepcopy(once), lang) == once


def test_an_abbreviation_point_stays_before_the_note_in_french() -> None:
    """ "etc.,¹" becomes "etc.¹,": the comma goes after the note, the point
    of the abbreviation stays with its word."""
    blocks, _ = pandoc.parse_markdown("See etc.,[^1] then.\n\n[^1]: Note.\n")
    inlines = place_note_marks(blocks, "fr")[0]["c"]
    note = next(i for i, x in enumerate(inlines) if x["t"] == "Note")
    assert inlines[note - 1] == {"t": "Str", "c": "etc."}
    assert inlines[note + 1]["c"].startswith(",")
