"""Small helpers to build and walk pandoc's JSON AST (API 1.23)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Node = dict[str, Any]


def text(value: str) -> list[Node]:
    """Inlines for plain ``value``: words as Str, gaps as Space.

    >>> text("I. Background")
    [{'t': 'Str', 'c': 'I.'}, {'t': 'Space'}, {'t': 'Str', 'c': 'Background'}]
    """
    out: list[Node] = []
    for i, word in enumerate(value.split(" ")):
        if i:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def attr(ident: str = "", classes: tuple[str, ...] = (), **kv: str) -> list[Any]:
    return [ident, list(classes), [[k.replace("_", "-"), v] for k, v in kv.items()]]


def span(classes: tuple[str, ...], inlines: list[Node], **kv: str) -> Node:
    return {"t": "Span", "c": [attr("", classes, **kv), inlines]}


def div(classes: tuple[str, ...], blocks: list[Node], ident: str = "", **kv: str) -> Node:
    return {"t": "Div", "c": [attr(ident, classes, **kv), blocks]}


def para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def emph(inlines: list[Node]) -> Node:
    return {"t": "Emph", "c": inlines}


def strong(inlines: list[Node]) -> Node:
    return {"t": "Strong", "c": inlines}


def plain(inlines: list[Node]) -> Node:
    return {"t": "Plain", "c": inlines}


def classes_of(node: Node) -> list[str]:
    if node.get("t") in {"Div", "Span"}:
        return list(node["c"][0][1])
    return []


def walk(value: Any) -> Iterator[Node]:
    """Every AST node under ``value``, depth first."""
    if isinstance(value, dict):
        if "t" in value:
            yield value
        for child in value.values():
            yield from walk(child)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def map_nodes(value: Any, fn: Callable[[Node], Node | list[Node] | None]) -> Any:
    """Rebuild ``value`` bottom-up; ``fn`` may return a node, a list to splice
    into the parent list, or None to keep the node unchanged."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            new = map_nodes(item, fn)
            if isinstance(item, dict) and "t" in item:
                replaced = fn(new)
                if isinstance(replaced, list):
                    out.extend(replaced)
                    continue
                if replaced is not None:
                    new = replaced
            out.append(new)
        return out
    if isinstance(value, dict):
        return {k: map_nodes(v, fn) for k, v in value.items()}
    return value


def stringify(value: Any) -> str:
    """Plain text of inlines or blocks (for alt text, searching, tests)."""
    parts: list[str] = []
    for node in walk(value):
        kind = node.get("t")
        if kind == "Str":
            parts.append(node["c"])
        elif kind in {"Space", "SoftBreak", "LineBreak"}:
            parts.append(" ")
    return "".join(parts)
