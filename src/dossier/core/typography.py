"""Typographic rules that differ by language, applied to the pandoc AST.

Footnote marks: English puts the mark after the punctuation ("dawn.¹");
French and Spanish before it ("l'aube¹."), as the UN's French and Spanish
services do. Drafters and translators may type either; the rule is applied
here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from dossier.core import tree, tree_blocks
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


# ---- the text the pipeline writes ---------------------------------------------------
#
# Generated parts of the annex (tables, fact lists, captions) and the
# boilerplate are put together from catalogue strings, the dossier's YAML
# (names, a mission's title) and numbers; pandoc's "smart" typography, which
# the drafters' Markdown gets, never saw them. Their typography is set here,
# per language. Sources in docs/layout.md.

APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
# French (Imprimerie nationale): a narrow no-break space before ; ! ? and
# inside « »; a word no-break space before the colon (as the catalogue
# writes "Date : ").
_FRENCH_NARROW = re.compile(r"[ \u00a0\u202f]?([;!?»])")
_FRENCH_AFTER_GUILLEMET = re.compile(r"«[ \u00a0\u202f]?")
_FRENCH_COLON = re.compile(r"(?<=\S)[ \u202f]?:(?=\s|$)")
NNBSP, NBSP = "\u202f", "\u00a0"
# Arabic script: its own semicolon (and comma) in generated text.
ARABIC_PUNCTUATION = {"ar": str.maketrans({";": "؛"}), "ur": str.maketrans({";": "؛"})}


def typeset(text: str, lang: str) -> str:
    """One generated string in the typography of ``lang``.

    >>> typeset("Civils\u00a0: 9; Forces d'Aldorie", "fr")
    'Civils\u00a0: 9\u202f; Forces d’Aldorie'
    >>> typeset("«Mortar»", "fr")
    '«\u202fMortar\u202f»'
    >>> typeset("المدنيون: 9; قوات", "ar")
    'المدنيون: 9؛ قوات'
    >>> typeset("Permanent Mission of Aldoria's", "en")
    'Permanent Mission of Aldoria’s'
    """
    text = APOSTROPHE.sub("\u2019", text)
    if lang == "fr":
        text = _french(text)
    table = ARABIC_PUNCTUATION.get(lang)
    return text.translate(table) if table else text


def _french(text: str) -> str:
    if not any(mark in text for mark in ";!?:«»"):
        return text
    if "://" in text:  # a URL keeps its "?" and ":" as they are
        return text
    text = _FRENCH_NARROW.sub(lambda m: NNBSP + m.group(1), text)
    text = _FRENCH_AFTER_GUILLEMET.sub("«" + NNBSP, text)
    return _FRENCH_COLON.sub(NBSP + ":", text)


def generated_text(blocks: list[Any], lang: str) -> list[Any]:
    """The generated blocks ``blocks`` in the typography of ``lang``, in
    place: every Str typeset (:func:`typeset`; code, links and raw text
    left alone), and the first letter of each table cell a capital (a name
    from the glossary, "poste de Tarn", begins a cell as "Poste de Tarn")."""
    tree.replace_nodes(blocks, lambda node: _typeset_node(node, lang))
    for table in tree.find(blocks, {"Table"}):
        for cell in tree_blocks.body_cells(table):
            _capitalise_first(cell)
    for facts in tree.find(blocks, {"Div"}):
        if "facts" in tree.classes_of(facts):
            _capitalise_values(facts)
    return blocks


_UNTOUCHED = frozenset({"Code", "CodeBlock", "Link", "RawInline", "RawBlock", "Math"})


def _typeset_node(node: Any, lang: str) -> list[Any] | None:
    kind = node["t"]
    if kind in _UNTOUCHED:
        return [node]  # as it is, and nothing inside it
    if kind == "Str":
        node["c"] = typeset(node["c"], lang)
    elif lang == "fr" and isinstance(node.get("c"), list) and "Space" in _kinds(node["c"]):
        node["c"] = _glue(node["c"])
    return None


def _kinds(items: list[Any]) -> list[Any]:
    return [item.get("t") if isinstance(item, dict) else None for item in items]


def _glue(inlines: list[Any]) -> list[Any]:
    """No breaking space before a Str that begins with a no-break space (the
    French "frontière ; témoignages" typed with a plain one)."""
    out: list[Any] = []
    for item in inlines:
        starts = item.get("t") == "Str" and item["c"][:1] in {NNBSP, NBSP}
        if starts and out and out[-1].get("t") == "Space":
            out.pop()
        out.append(item)
    return out


def _capitalise_values(facts: Any) -> None:
    """The value after each label (a Strong) of a fact list begins with a
    capital, as the values from the catalogue do ("Type : Attaque armée")."""
    for para in tree.find(tree.children(facts), {"Para", "Plain"}):
        inlines = tree.children(para)
        for i, item in enumerate(inlines):
            if item["t"] == "Strong":
                _capitalise_first(inlines[i + 1 : i + 3])


def _capitalise_first(blocks: list[Any]) -> None:
    """The first letter of the first Str in ``blocks`` as a capital (in a
    script with capitals; a number or a Chinese character stays)."""
    for node in tree.walk(blocks):
        text = node.get("c") if node.get("t") == "Str" else None
        if text:
            node["c"] = text[:1].upper() + text[1:]
            return


# ---- Latin text in right-to-left notes ------------------------------------------------

LRM = "\u200e"
# The class of those Spans: Word takes a paragraph's language from its
# first run, so the DOCX drops their language (its fonts follow the script).
LATIN_RUN = "latin-run"
RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A Latin word followed by what separates it from the next element in
# Arabic script: "Police،" + a right-to-left mark.
_WORD_AND_SEPARATOR = re.compile(r"^([^\u0590-\u08ff\u200f]+?)([\u060c\u061b\u06d4\u200f]+)$")
_RUN_PARTS = frozenset({"Space", "Str", "Emph", "Strong", "Quoted", "Span", "SmallCaps", "Link"})


def latin_runs(inlines: list[Any]) -> list[Any]:
    """Each run of Latin words among ``inlines`` (a title, a publisher, a
    document number, with the digits inside them) in a Span ``lang="en"``,
    so that each format sets it in the Latin fonts: in Arabic-script text
    the digits of "9–10 August 2026" otherwise take the Arabic font. A run
    ends at an Arabic-script character; the separator after a word stays
    outside it.

    >>> out = latin_runs(tree.text("Report 9–10 August، \u200f10 آب"))
    >>> tree.stringify(out[0]).strip(LRM), tree.attributes_of(out[0]), tree.stringify(out[1:])
    ('Report 9–10 August', [['lang', 'en']], '، \u200f10 آب')
    """
    out: list[Any] = []
    run: list[Any] = []
    for node in inlines:
        if node["t"] in _RUN_PARTS and not RTL_SCRIPT.search(tree.stringify([node])):
            run.append(node)
            continue
        parts = _WORD_AND_SEPARATOR.match(node["c"]) if node["t"] == "Str" else None
        if parts:
            run.append({"t": "Str", "c": parts.group(1)})
            node = {"t": "Str", "c": parts.group(2)}
        out += _wrapped(run)
        out.append(node)
        run = []
    return out + _wrapped(run)


def _wrapped(run: list[Any]) -> list[Any]:
    """``run`` in a Span ``lang="en"`` when it holds a Latin letter, between
    left-to-right marks (a closing quotation mark stays after the title it
    closes, not after the right-to-left text beyond); the spaces at its
    ends outside the Span."""
    start, end = 0, len(run)
    while start < end and run[start]["t"] == "Space":
        start += 1
    while end > start and run[end - 1]["t"] == "Space":
        end -= 1
    if not LATIN_LETTER.search(tree.stringify(run[start:end])):
        return run
    mark = {"t": "Str", "c": LRM}
    span = tree.span((LATIN_RUN,), [mark, *run[start:end], dict(mark)], lang="en")
    return [*run[:start], span, *run[end:]]
