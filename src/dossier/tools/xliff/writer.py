"""A translated AST written as Markdown by pandoc, in the forms the
project's own Markdown uses, and read back to make sure nothing changed."""

from __future__ import annotations

import re
from typing import Any

from dossier.core import pandoc, tree
from dossier.core.tree import Node

# The reader's extensions, so that what is written reads back the same;
# lines kept where the translator broke them; tables as pipe tables where
# they fit, grid tables where a cell holds more than a line.
WRITER = pandoc.READER + "-simple_tables-multiline_tables"


_DIV = re.compile(r"( *)(:{3,}) ([A-Za-z_][\w-]*)[ \t]*")


_CODE_FENCE = re.compile(r" *(`{3,}|~{3,})")


def markdown(blocks: list[Any]) -> str:
    """``blocks`` as Markdown, a div's lone class written ``{.class}`` as in
    the project's sections (pandoc writes ``::: class``). A table's columns
    lose the source's widths, which would make pandoc wrap its cells: they
    take those of the translated text."""
    document = pandoc.document(tree.map_nodes(blocks, _for_writing))
    text = pandoc.run(["-f", "json", "-t", WRITER, "--wrap=preserve", "--columns=200"], document)
    lines = text.split("\n")
    fence = ""
    for i, line in enumerate(lines):
        code = _CODE_FENCE.match(line)
        if code and (not fence or code.group(1).startswith(fence)):
            fence = "" if fence else code.group(1)
            lines[i] = line.removesuffix(" " + _FENCED)
        elif not fence:
            lines[i] = _DIV.sub(r"\1\2 {.\3}", line) if _DIV.fullmatch(line) else line
    return "\n".join(lines)


# A class given to code blocks without attributes, taken off again:
# pandoc would write them indented, and two in a row would read as one.
_FENCED = "dossier-fenced"


def _for_writing(node: Node) -> Node | None:
    if node["t"] == "CodeBlock" and tree.attr_of(node) == ["", [], []]:
        tree.attr_of(node)[1].append(_FENCED)
        return node
    return _default_width(node)


def _default_width(node: Node) -> Node | None:
    return {"t": "ColWidthDefault"} if node["t"] == "ColWidth" else None


_NUMBERED = re.compile(r"(?<!\\)\[\^([0-9]+)\]")


def labelled(text: str, labels: tuple[str, ...], blocks: list[Any]) -> str:
    """``text`` (written by :func:`markdown`) with its numbered footnotes
    given the source's ``labels`` back; ``text`` itself when the result
    would not read back as ``blocks``."""
    if not labels:
        return text

    def label(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[^{labels[n - 1]}]" if 0 < n <= len(labels) else match.group(0)

    renamed = _NUMBERED.sub(label, text)
    return renamed if renamed == text or reads_back(renamed, blocks) else text


def comparable(blocks: Any) -> Any:
    """``blocks`` with the widths of table columns left to the text, a
    citation's text as written and empty HTML comments left out (a copy).
    A citation's text is pandoc's record of the source, which citeproc
    replaces: written from the citation's parts, ``p. 4`` reads back with a
    no-break space. Pandoc ends a list followed by code with ``<!-- -->``."""

    def normal(node: Node) -> Node | list[Node] | None:
        if node["t"] == "RawBlock" and tree.text_of(node).strip() == "<!-- -->":
            return []
        if node["t"] == "Cite":
            tree.set_children(node, [])
        return _default_width(node)

    return tree.map_nodes(blocks, normal)


def reads_back(text: str, blocks: list[Any]) -> bool:
    """Whether Markdown ``text`` reads as ``blocks`` (widths of table
    columns aside), with the base reader: a Chinese reader drops line breaks
    between ideographs, which the written text keeps."""
    again, _ = pandoc.parse_markdown(text, pandoc.READER)
    return bool(comparable(again) == comparable(blocks))
