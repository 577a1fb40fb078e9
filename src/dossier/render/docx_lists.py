"""Lettered lists (subparagraphs) in the DOCX with the letters of the
language version, as the PDF and the HTML write them
(:func:`dossier.assemble.numbering.subparagraph_label`).

pandoc numbers a list the drafter lettered "(a)" with Word's Latin letters
and the drafter's brackets. Latin letters stay Word's own numbering (an
editor may add an item), in the language's form: "(a)", or "a)" in French
and Spanish. Word has no format with the UN's Russian, Arabic and Urdu
letters in their order (its Russian and Arabic ones differ from the 10th
item, and no reader agrees on them), so those items each get their letter
written out: a list definition of their own whose level shows it as text.
"""

from __future__ import annotations

import copy
from collections import Counter

from dossier.assemble.numbering import CLOSING_ONLY, SUBPARAGRAPH_LETTERS, subparagraph_label
from dossier.render.wordml import NS, W_NS, Element, set_w, xpath

LATIN_FORMAT = "lowerLetter"


def letter_lists(body: Element, numbering: Element | None, lang: str) -> None:
    """Every lettered level in the form of ``lang``; in a language whose
    letters Word has not, each item's letter written out."""
    if numbering is None:
        return
    lettered = _lettered_levels(numbering)
    for level in lettered.values():
        depth = int(level.get(f"{{{W_NS}}}ilvl", "0")) + 1
        text = f"%{depth})" if lang in CLOSING_ONLY else f"(%{depth})"
        set_w(level.find("w:lvlText", NS), val=text)
    if lang in SUBPARAGRAPH_LETTERS and lettered:
        _write_out(body, numbering, lettered, lang)


def _lettered_levels(numbering: Element) -> dict[tuple[str, str], Element]:
    """(abstractNumId, ilvl) -> the level of each list level lettered a, b, c."""
    out: dict[tuple[str, str], Element] = {}
    for level in xpath(numbering, f"w:abstractNum/w:lvl[w:numFmt/@w:val='{LATIN_FORMAT}']"):
        abstract = level.getparent()
        assert abstract is not None
        key = (abstract.get(f"{{{W_NS}}}abstractNumId", ""), level.get(f"{{{W_NS}}}ilvl", "0"))
        out[key] = level
    return out


def _write_out(
    body: Element, numbering: Element, lettered: dict[tuple[str, str], Element], lang: str
) -> None:
    """Each item of a lettered level on a list definition of its own, its
    letter as the level's text (no number format)."""
    abstract_of = {
        n.get(f"{{{W_NS}}}numId", ""): n.find("w:abstractNumId", NS).get(f"{{{W_NS}}}val", "")
        for n in xpath(numbering, "w:num")
    }
    counts: Counter[tuple[str, str]] = Counter()
    taken = [*abstract_of, *abstract_of.values()]
    next_id = 1 + max((int(i) for i in taken if i.isdigit()), default=0)
    for props in xpath(body, ".//w:p/w:pPr/w:numPr"):
        num, ilvl = _w_val(props, "w:numId"), _w_val(props, "w:ilvl") or "0"
        level = lettered.get((abstract_of.get(num, ""), ilvl))
        if level is None:
            continue
        counts[(num, ilvl)] += 1
        for deeper in [k for k in counts if k[0] == num and int(k[1]) > int(ilvl)]:
            del counts[deeper]  # a sublist under the next item starts again
        start = int(_w_val(level, "w:start") or "1")
        label = subparagraph_label(start + counts[(num, ilvl)] - 1, lang)
        _own_definition(numbering, level, label, str(next_id))
        set_w(props.find("w:numId", NS), val=str(next_id))
        next_id += 1


def _own_definition(numbering: Element, level: Element, label: str, ident: str) -> None:
    """A list definition (and its instance ``ident``) whose only level,
    ``level``'s copy, shows ``label`` as text."""
    abstract = copy.deepcopy(level.getparent())
    assert abstract is not None
    abstract.set(f"{{{W_NS}}}abstractNumId", ident)
    ilvl = level.get(f"{{{W_NS}}}ilvl", "0")
    for mine in abstract.findall("w:lvl", NS):
        if mine.get(f"{{{W_NS}}}ilvl") == ilvl:
            set_w(mine.find("w:numFmt", NS), val="none")
            set_w(mine.find("w:lvlText", NS), val=label)
    first_num = numbering.find("w:num", NS)
    if first_num is not None:
        first_num.addprevious(abstract)  # every definition before the instances
    else:
        numbering.append(abstract)
    num = numbering.makeelement(f"{{{W_NS}}}num", {f"{{{W_NS}}}numId": ident})
    reference = num.makeelement(f"{{{W_NS}}}abstractNumId", {f"{{{W_NS}}}val": ident})
    num.append(reference)
    numbering.append(num)


def _w_val(parent: Element, path: str) -> str:
    found = parent.find(path, NS)
    return "" if found is None else found.get(f"{{{W_NS}}}val", "")
