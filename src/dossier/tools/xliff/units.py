"""Translation units from pandoc's AST, and the AST back from translations.

A *slot* is a list of inlines that a translator translates as one unit: a
paragraph, a heading, a list item's text, a table cell, a caption, a line
of a line block, a definition list's term; a footnote's paragraphs are
slots of their own, after the paragraph that calls the note. Inside a
slot, the nodes a translator must not change (a note, a citation, code,
math, raw HTML) are placeholders (``<ph>``) and the nodes around text
(emphasis, a link, an image's description, a span with its attributes)
are pairs (``<pc>``); both keep the node itself, so that the translation
takes it back unchanged.

The slots are found in the same order in the AST the export read and in
the copy of it the XLIFF file carries (its ``<skeleton>``): the import
fills the copy's slots with the targets.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dossier.core import tree, tree_blocks
from dossier.core.tree import Node

# kind -> (XLIFF type, subType, may the translator delete it?)
KINDS: dict[str, tuple[str, str, bool]] = {
    "Note": ("other", "md:footnote", False),
    "Cite": ("other", "md:citation", False),
    "Code": ("fmt", "md:code", False),
    "Math": ("other", "md:math", False),
    "RawInline": ("other", "md:html", False),
    "LineBreak": ("fmt", "md:linebreak", True),
    "Link": ("link", "md:link", False),
    "Image": ("image", "md:image", False),
    "Span": ("other", "md:span", False),
    "Quoted": ("quote", "md:quoted", True),
    "Strong": ("fmt", "xlf:b", True),
    "Emph": ("fmt", "xlf:i", True),
    "Underline": ("fmt", "xlf:u", True),
    "Strikeout": ("fmt", "md:strikeout", True),
    "Superscript": ("fmt", "md:superscript", True),
    "Subscript": ("fmt", "md:subscript", True),
    "SmallCaps": ("fmt", "md:smallcaps", True),
}

_PAIRS = {
    "Strong": ("**", "**"),
    "Emph": ("*", "*"),
    "Strikeout": ("~~", "~~"),
    "Superscript": ("^", "^"),
    "Subscript": ("~", "~"),
    "Underline": ("[", "]{.underline}"),
    "SmallCaps": ("[", "]{.smallcaps}"),
    "Quoted": ('"', '"'),
}


@dataclass
class Code:
    """A node kept as it is: a placeholder (``end`` None) or a pair around
    the translatable ``children``. ``start`` and ``end`` are what a
    translator sees of it."""

    kind: str
    id: str
    node: Node
    start: str
    end: str | None = None
    children: list[Inline] = field(default_factory=list)


Inline = str | Code


@dataclass
class Slot:
    inlines: list[Node]
    mirror: list[Node] | None = None  # a figure's image description: its caption


def slots(blocks: list[Node]) -> list[Slot]:
    """Every slot of ``blocks``, in reading order."""
    out: list[Slot] = []
    _blocks(blocks, out)
    return out


def _blocks(blocks: list[Node], out: list[Slot]) -> None:
    for block in blocks:
        kind = block["t"]
        if kind in ("Para", "Plain", "Header"):
            _inline_slot(tree.children(block), out)
        elif kind in ("Div", "BlockQuote"):
            _blocks(tree.children(block), out)
        elif kind in ("BulletList", "OrderedList"):
            for item in tree_blocks.items_of(block):
                _blocks(item, out)
        elif kind == "DefinitionList":
            for term, definitions in tree_blocks.definitions_of(block):
                _inline_slot(term, out)
                for definition in definitions:
                    _blocks(definition, out)
        elif kind == "LineBlock":
            for line in tree_blocks.lines_of(block):
                _inline_slot(line, out)
        elif kind == "Table":
            for cell in tree_blocks.table_cells(block):
                _blocks(cell, out)
            _blocks(tree.caption_of(block), out)
        elif kind == "Figure":
            _figure(block, out)


def _inline_slot(inlines: list[Node], out: list[Slot], mirror: list[Node] | None = None) -> None:
    out.append(Slot(inlines, mirror))
    for note in tree.find(inlines, {"Note"}):
        _blocks(tree.children(note), out)


def _figure(figure: Node, out: list[Slot]) -> None:
    """A figure of one image whose description is its caption (pandoc's
    ``![caption](file)``) is one slot, the description following it."""
    caption, content = tree.caption_of(figure), tree.children(figure)
    image = _lone_image(content)
    plain = [b["t"] for b in caption] == ["Plain"]
    if image is not None and plain and tree.children(caption[0]) == tree.children(image):
        _inline_slot(tree.children(caption[0]), out, tree.children(image))
        return
    _blocks(caption, out)
    _blocks(content, out)


def _lone_image(content: list[Node]) -> Node | None:
    if len(content) == 1 and content[0]["t"] == "Plain":
        inlines = tree.children(content[0])
        if len(inlines) == 1 and inlines[0]["t"] == "Image":
            return inlines[0]  # type: ignore[no-any-return]
    return None


class Numbers:
    """The numbers of codes (per unit) and of notes (per section)."""

    def __init__(self) -> None:
        self.notes = itertools.count(1)
        self.codes = itertools.count(1)

    def unit(self) -> Numbers:
        self.codes = itertools.count(1)
        return self


def tokens(inlines: list[Node], numbers: Numbers) -> list[Inline]:
    """The text and codes of a slot's inlines."""
    out: list[Inline] = []
    for node in inlines:
        kind = node["t"]
        if kind in ("Str", "Space", "SoftBreak"):
            _add_text(out, node["c"] if kind == "Str" else " " if kind == "Space" else "\n")
            continue
        start, end = _shown(node, numbers)
        code = Code(kind, str(next(numbers.codes)), node, start, end)
        if end is not None:
            code.children = tokens(tree.children(node), numbers)
        out.append(code)
    return out


def _add_text(out: list[Inline], text: str) -> None:
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def _shown(node: Node, numbers: Numbers) -> tuple[str, str | None]:
    """What a translator sees of a code: its start, and its end for a pair."""
    kind = node["t"]
    if kind in _PAIRS:
        return _PAIRS[kind]
    if kind in ("Link", "Image"):
        return "![" if kind == "Image" else "[", f"]({tree.target_of(node)})"
    if kind == "Span":
        return "[", "]{" + _attributes(tree.attr_of(node)) + "}"
    if kind == "Note":
        return f"[^{next(numbers.notes)}]", None
    if kind == "Cite":
        return tree.stringify(tree.children(node)), None
    if kind == "Code":
        return f"`{tree.text_of(node)}`", None
    if kind == "Math":
        return f"${tree.text_of(node)}$", None
    if kind == "RawInline":
        return tree.text_of(node), None
    if kind == "LineBreak":
        return "\\", None
    return kind, None


def _attributes(attr: list[Any]) -> str:
    ident, classes, pairs = attr
    parts = [f"#{ident}"] if ident else []
    parts += [f".{c}" for c in classes] + [f'{k}="{v}"' for k, v in pairs]
    return " ".join(parts)


def codes(nodes: list[Inline]) -> Iterator[Code]:
    """The codes of ``nodes``, depth first."""
    for node in nodes:
        if isinstance(node, Code):
            yield node
            yield from codes(node.children)


def translatable(nodes: list[Inline]) -> bool:
    """Whether ``nodes`` hold text outside their placeholders."""
    return any(n.strip() if isinstance(n, str) else translatable(n.children) for n in nodes)


def units(blocks: list[Node]) -> list[tuple[Slot, list[Inline]]]:
    """The slots of ``blocks`` that hold text to translate, with their tokens."""
    numbers = Numbers()
    found = [(slot, tokens(slot.inlines, numbers.unit())) for slot in slots(blocks)]
    return [(slot, nodes) for slot, nodes in found if translatable(nodes)]


# Gaps as pandoc reads them: a no-break space is part of a word (French
# "blessures ;"), not a gap.
_GAP = re.compile(r"([ \t\r\n]+)")


def text_nodes(text: str) -> list[Node]:
    """Inlines for translated text: words as Str, a gap as a Space, or a
    SoftBreak when it holds a line break."""
    out: list[Node] = []
    for part in _GAP.split(text):
        if not part:
            continue
        if _GAP.fullmatch(part):
            out.append({"t": "SoftBreak"} if "\n" in part else {"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def joined(nodes: list[Node]) -> list[Node]:
    """``nodes`` with adjacent words and gaps merged, as pandoc reads them."""
    out: list[Node] = []
    for node in nodes:
        last = out[-1] if out else None
        if last is not None and last["t"] == node["t"] == "Str":
            out[-1] = {"t": "Str", "c": last["c"] + node["c"]}
        elif last is not None and {last["t"], node["t"]} <= {"Space", "SoftBreak"}:
            out[-1] = last if last["t"] == "SoftBreak" else node
        else:
            out.append(node)
    return out


def trimmed(nodes: list[Node]) -> list[Node]:
    """``nodes`` without gaps at either end."""
    blank = {"Space", "SoftBreak"}
    start, end = 0, len(nodes)
    while start < end and nodes[start]["t"] in blank:
        start += 1
    while end > start and nodes[end - 1]["t"] in blank:
        end -= 1
    return nodes[start:end]
