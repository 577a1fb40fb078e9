"""Named access to the block structures of pandoc's JSON (lists,
definition lists, line blocks, tables): the positions of their fields,
API 1.23, kept here and in :mod:`dossier.core.tree` alone."""

from __future__ import annotations

from dossier.core.tree import Node


def list_style(node: Node) -> tuple[int, str, str]:
    """An OrderedList's start, numbering style and delimiter:
    ``(1, "LowerAlpha", "TwoParens")`` for "(a)"."""
    start, style, delim = node["c"][0]
    return start, style["t"], delim["t"]


def ordered_list(items: list[list[Node]], start: int = 1, style: str = "DefaultStyle") -> Node:
    """An OrderedList of ``items`` in ``style``, pandoc's delimiter its default."""
    return {"t": "OrderedList", "c": [[start, {"t": style}, {"t": "DefaultDelim"}], items]}


def body_cells(node: Node) -> list[list[Node]]:
    """The blocks of each cell in the bodies of a Table (not its header or
    footer rows), row by row."""
    bodies = node["c"][4]
    return [cell[4] for body in bodies for row in body[3] for cell in row[1]]


def items_of(node: Node) -> list[list[Node]]:
    """The items of a BulletList or OrderedList, each a list of blocks."""
    if node["t"] == "OrderedList":
        return node["c"][1]  # type: ignore[no-any-return]
    return node["c"]  # type: ignore[no-any-return]


def definitions_of(node: Node) -> list[tuple[list[Node], list[list[Node]]]]:
    """The (term inlines, definitions as lists of blocks) of a DefinitionList."""
    return [(term, defs) for term, defs in node["c"]]


def lines_of(node: Node) -> list[list[Node]]:
    """The lines of a LineBlock, each a list of inlines."""
    return node["c"]  # type: ignore[no-any-return]


def table_cells(node: Node) -> list[list[Node]]:
    """The blocks of every cell of a Table, row by row: head, bodies
    (their head rows, then their rows), foot."""
    head, bodies, foot = node["c"][3], node["c"][4], node["c"][5]
    rows = [*head[1]]
    for body in bodies:
        rows += [*body[2], *body[3]]
    rows += foot[1]
    return [cell[4] for row in rows for cell in row[1]]
