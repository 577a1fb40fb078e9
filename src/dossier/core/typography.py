"""Typographic rules that differ by language, applied to the pandoc AST.

Footnote marks: English puts the mark after the punctuation ("dawn.¹");
French and Spanish before it ("l'aube¹."), as the UN's French and Spanish
services do. Drafters and translators may type either; the rule is applied
here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dossier.core import tree
from dossier.core.localise import NOTE_BEFORE_PUNCTUATION

PUNCTUATION = ".,;:"
MARKS = tuple(PUNCTUATION)
NOTE_AFTER_PUNCTUATION = frozenset({"en"})


def place_note_marks(blocks: list[Any], lang: str) -> list[Any]:
    """
    >>> para = [{"t": "Str", "c": "dawn."}, {"t": "Note", "c": []}]
    >>> place_note_marks([{"t": "Para", "c": para}], "fr")[0]["c"]
    [{'t': 'Str', 'c': 'dawn'}, {'t': 'Note', 'c': []}, {'t': 'Str', 'c': '.'}]
    >>> moved = place_note_marks([{"t": "Para", "c": list(para)}], "fr")
    >>> place_note_marks(moved, "en")[0]["c"] == para
    True
    """
    if lang in NOTE_BEFORE_PUNCTUATION:
        fix = _before
    elif lang in NOTE_AFTER_PUNCTUATION:
        fix = _after
    else:
        return blocks
    _place((blocks,), fix)
    return blocks


def _place(items: Iterable[Any], fix: Callable[[list[Any]], list[Any]]) -> None:
    """Every node whose content is a list of inlines (a Para, a Plain, an
    Emph...), in the order of :func:`tree.walk`, its new content walked in turn:
    those lists are where a Note stands beside its punctuation."""
    for item in items:
        kind = type(item)
        if kind is dict or (kind is not list and kind is not str and isinstance(item, dict)):
            if "t" in item:
                if item["t"] in tree.LEAVES:
                    continue
                content = item.get("c")
                if isinstance(content, list) and content:
                    kinds = _inline_kinds(content)
                    if kinds is not None and _changes(kinds, fix):
                        item["c"] = fix(content)
            for child in item.values():
                if type(child) is not str:
                    _place((child,), fix)
        elif kind is list or (kind is not str and isinstance(item, list)):
            _place(item, fix)


def _inline_kinds(content: list[Any]) -> list[str] | None:
    """The types of ``content``'s items when all of them are inlines."""
    try:
        kinds = [item.get("t") for item in content]
    except AttributeError:  # not a dict: a string, a list
        return None
    return kinds if _INLINES.issuperset(kinds) else None


def _changes(kinds: list[str], fix: Callable[[list[Any]], list[Any]]) -> bool:
    """Whether ``fix`` can change inlines of ``kinds``: only around a Note,
    or (before the punctuation) where two Str stand side by side, which it
    joins."""
    if "Note" in kinds:
        return True
    return fix is _before and "|Str|Str|" in "|" + "|".join(kinds) + "|"


_INLINES = frozenset(
    {"Str", "Space", "SoftBreak", "LineBreak", "Note", "Emph", "Strong", "Span", "Quoted",
     "Cite", "Code", "Link", "Image", "Math", "RawInline", "SmallCaps", "Strikeout",
     "Superscript", "Subscript", "Underline"}
)  # fmt: skip


def _before(inlines: list[Any]) -> list[Any]:
    """'word.' + Note  ->  'word' + Note + '.'. A Note already followed by
    punctuation stays where it is: 'etc.,' + Note became 'etc.' + Note + ','
    (the point of the abbreviation stays with its word), and a second pass
    must not take that point too."""
    out: list[Any] = []
    for i, item in enumerate(inlines):
        previous = out[-1] if out else None
        following = inlines[i + 1] if i + 1 < len(inlines) else None
        if (
            item["t"] == "Note"
            and previous is not None
            and previous["t"] == "Str"
            and len(previous["c"]) > 1
            and previous["c"][-1] in PUNCTUATION
            and not (following and following["t"] == "Str" and following["c"].startswith(MARKS))
        ):
            out[-1] = {"t": "Str", "c": previous["c"][:-1]}
            out += [item, {"t": "Str", "c": previous["c"][-1]}]
            continue
        out.append(item)
    return _merge_strs(out)


def _after(inlines: list[Any]) -> list[Any]:
    """Note + '.' (at the start of the next Str)  ->  '.' + Note"""
    out: list[Any] = []
    i = 0
    while i < len(inlines):
        item = inlines[i]
        following = inlines[i + 1] if i + 1 < len(inlines) else None
        if (
            item["t"] == "Note"
            and following is not None
            and following["t"] == "Str"
            and following["c"][:1] in set(PUNCTUATION)
            and following["c"][:1]
        ):
            mark, rest = following["c"][:1], following["c"][1:]
            if out and out[-1]["t"] == "Str":
                out[-1] = {"t": "Str", "c": out[-1]["c"] + mark}
            else:
                out.append({"t": "Str", "c": mark})
            out.append(item)
            if rest:
                out.append({"t": "Str", "c": rest})
            i += 2
            continue
        out.append(item)
        i += 1
    return out


def _merge_strs(inlines: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in inlines:
        if item["t"] == "Str" and out and out[-1]["t"] == "Str":
            out[-1] = {"t": "Str", "c": out[-1]["c"] + item["c"]}
        else:
            out.append(item)
    return out
