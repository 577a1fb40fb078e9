"""Lower the format-neutral numbering spans of the assembled AST into what
one output format needs (raw OpenXML, raw Typst, or kept for HTML/CSS)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dossier.core import tree


def lower_spans(
    blocks: list[Any],
    fn: Callable[[str, str], list[tree.Node] | None],
    *,
    in_place: bool = False,
) -> list[Any]:
    """Replace every Span with class ``heading-num`` or ``para-num`` by the
    inlines ``fn(class, label)`` returns (None keeps the Span); in a copy of
    ``blocks``, or in ``blocks`` themselves when the caller owns them."""

    def visit(node: tree.Node) -> list[tree.Node] | None:
        if node["t"] != "Span":
            return None
        classes = tree.classes_of(node)
        for cls in ("heading-num", "para-num"):
            if cls in classes:
                return fn(cls, tree.stringify(tree.children(node)))
        return None

    result: list[Any] = (tree.replace_nodes if in_place else tree.map_nodes)(blocks, visit)
    return result


def raw_inline(fmt: str, text: str) -> tree.Node:
    return {"t": "RawInline", "c": [fmt, text]}


def raw_block(fmt: str, text: str) -> tree.Node:
    return {"t": "RawBlock", "c": [fmt, text]}
