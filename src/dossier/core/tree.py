"""Small helpers to build and walk pandoc's JSON AST (API 1.23)."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Collection, Iterable, Iterator
from copy import deepcopy
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
    """The classes of a Div or Span; none for any other node."""
    if node.get("t") in {"Div", "Span"}:
        return list(attr_of(node)[1])
    return []


# Named access to the fields of the node types the pipeline reads, so that
# code says ``target_of(image)`` and not ``image["c"][2][0]``. The positions
# are those of pandoc's JSON, API 1.23.
_ATTR_AT = {
    "Div": 0, "Span": 0, "CodeBlock": 0, "Code": 0, "Image": 0, "Link": 0,
    "Figure": 0, "Table": 0, "Header": 1,
}  # fmt: skip
_CHILDREN_AT = {
    "Div": 1, "Span": 1, "Header": 2, "Image": 1, "Link": 1, "Cite": 1, "Figure": 2, "Quoted": 1,
}  # fmt: skip
_CHILDREN_ARE_C = {
    "Para", "Plain", "Note", "BlockQuote", "Emph", "Strong", "Underline", "Strikeout",
    "Superscript", "Subscript", "SmallCaps",
}  # fmt: skip


def attr_of(node: Node) -> list[Any]:
    """The ``[ident, classes, [[key, value], ...]]`` of a node that has one
    (the list itself: changing it changes the node).

    >>> attr_of({"t": "Header", "c": [2, ["a", ["unnumbered"], []], text("A")]})
    ['a', ['unnumbered'], []]
    """
    return node["c"][_ATTR_AT[node["t"]]]  # type: ignore[no-any-return]


def ident_of(node: Node) -> str:
    return attr_of(node)[0]  # type: ignore[no-any-return]


def header_classes(node: Node) -> list[str]:
    """The classes of a Header (``unnumbered``, ``withheld``...)."""
    return list(attr_of(node)[1])


def attributes_of(node: Node) -> list[list[str]]:
    """The key-value pairs of a node's Attr, as the node holds them."""
    return attr_of(node)[2]  # type: ignore[no-any-return]


def set_attributes(node: Node, pairs: list[list[str]]) -> None:
    attr_of(node)[2] = pairs


def children(node: Node) -> list[Any]:
    """What a node holds: the blocks of a Div, Note or BlockQuote, the
    inlines of a Para, Span or Header, an image's description, a link's
    text, the text a Cite shows (the list itself).

    >>> children(span(("a",), text("x")))
    [{'t': 'Str', 'c': 'x'}]
    """
    kind = node["t"]
    if kind in _CHILDREN_ARE_C:
        return node["c"]  # type: ignore[no-any-return]
    return node["c"][_CHILDREN_AT[kind]]  # type: ignore[no-any-return]


def set_children(node: Node, items: list[Any]) -> None:
    if node["t"] in _CHILDREN_ARE_C:
        node["c"] = items
    else:
        node["c"][_CHILDREN_AT[node["t"]]] = items


def target_of(node: Node) -> str:
    """The URL or path of an Image or a Link."""
    return node["c"][2][0]  # type: ignore[no-any-return]


def set_target(node: Node, url: str) -> None:
    node["c"][2][0] = url


def level_of(node: Node) -> int:
    """A Header's level, 1 for the highest."""
    return node["c"][0]  # type: ignore[no-any-return]


def citations_of(node: Node) -> list[dict[str, Any]]:
    """The citations of a Cite, each with its id, prefix and suffix."""
    return node["c"][0]  # type: ignore[no-any-return]


def format_of(node: Node) -> str:
    """The format of a RawBlock or RawInline (``html``, ``typst``...)."""
    return node["c"][0]  # type: ignore[no-any-return]


def text_of(node: Node) -> str:
    """The literal text of a CodeBlock, Code, Math, RawBlock or RawInline."""
    return node["c"][1]  # type: ignore[no-any-return]


def caption_of(node: Node) -> list[Node]:
    """The blocks of a Figure's or a Table's caption (its long form)."""
    return node["c"][1][1]  # type: ignore[no-any-return]


# Nodes with no node inside them (pandoc-types 1.23): a walk does not step in.
LEAVES = frozenset(
    {"Str", "Space", "SoftBreak", "LineBreak", "Code", "RawInline", "RawBlock", "CodeBlock",
     "HorizontalRule"}
)  # fmt: skip


# Leaves that hold nothing but strings: a shallow copy is a whole copy.
_TEXT = frozenset({"Str", "Space", "SoftBreak", "LineBreak"})


def walk(value: Any) -> Iterator[Node]:
    """Every AST node under ``value``, depth first, a node before its children.

    A node's children are read when the walk moves past it, so a caller may
    replace a node's content on the way and the walk goes into the new one.
    One stack of iterators instead of nested generators, and no step into a
    string or a leaf (a Str...): a document has hundreds of thousands of nodes.
    """
    stack: list[Iterator[Any]] = [iter((value,))]
    push, pop = stack.append, stack.pop
    while stack:
        for item in stack[-1]:
            kind = type(item)
            if kind is str:
                continue
            if kind is dict or (kind is not list and isinstance(item, dict)):
                if "t" in item:
                    yield item
                    if item["t"] in LEAVES:
                        continue
                push(iter(item.values()))
                break
            if kind is list or isinstance(item, list):
                push(iter(item))
                break
        else:
            pop()


def find(value: Any, kinds: Collection[str]) -> list[Node]:
    """The nodes of ``kinds`` under ``value``, in the order of :func:`walk`.

    >>> find([{"t": "Para", "c": [{"t": "Str", "c": "a"}, {"t": "Note", "c": []}]}], {"Note"})
    [{'t': 'Note', 'c': []}]
    """
    found: list[Node] = []
    _find((value,), kinds, found.append)
    return found


def _find(items: Iterable[Any], kinds: Collection[str], found: Callable[[Node], None]) -> None:
    for item in items:
        kind = type(item)
        if kind is dict or (kind is not list and kind is not str and isinstance(item, dict)):
            name = item.get("t")
            if name is not None:
                if name in kinds:
                    found(item)
                if name in LEAVES:
                    continue
            for child in item.values():
                if type(child) is not str:
                    _find((child,), kinds, found)
        elif kind is list or (kind is not str and isinstance(item, list)):
            _find(item, kinds, found)


def has(value: Any, kinds: Collection[str]) -> bool:
    """Whether a node of ``kinds`` is under ``value`` (stops at the first).

    >>> has([{"t": "Para", "c": [{"t": "Str", "c": "a"}]}], {"Note"})
    False
    """
    return _has((value,), kinds)


def _has(items: Iterable[Any], kinds: Collection[str]) -> bool:
    for item in items:
        kind = type(item)
        if kind is dict or (kind is not list and kind is not str and isinstance(item, dict)):
            name = item.get("t")
            if name is not None:
                if name in kinds:
                    return True
                if name in LEAVES:
                    continue
            for child in item.values():
                if type(child) is not str and _has((child,), kinds):
                    return True
        elif (kind is list or (kind is not str and isinstance(item, list))) and _has(item, kinds):
            return True
    return False


Mapper = Callable[[Node], "Node | list[Node] | None"]


def map_nodes(value: Any, fn: Mapper) -> Any:
    """Rebuild ``value`` bottom-up; ``fn`` may return a node, a list to splice
    into the parent list, or None to keep the node unchanged.

    Every list and dict is a copy, so ``fn`` may change the node it is given
    in place; ``value`` itself is left as it was. ``fn`` is called on the
    nodes that stand in a list (not on ``value`` itself when it is a node).
    """
    if type(value) is list or isinstance(value, list):
        return _map_list(value, fn)
    if type(value) is dict or isinstance(value, dict):
        return _map_dict(value, fn)
    return value


def _map_list(items: list[Any], fn: Mapper) -> list[Any]:
    out: list[Any] = []
    append = out.append
    for item in items:
        kind = type(item)
        if kind is str:
            append(item)
        elif kind is dict or (kind is not list and isinstance(item, dict)):
            new = item.copy() if item.get("t") in _TEXT else _map_dict(item, fn)
            if "t" in item:
                replaced = fn(new)
                if isinstance(replaced, list):
                    out.extend(replaced)
                    continue
                if replaced is not None:
                    new = replaced
            append(new)
        elif kind is list or isinstance(item, list):
            append(_map_list(item, fn))
        else:
            append(item)
    return out


def _map_dict(node: dict[str, Any], fn: Mapper) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, child in node.items():
        kind = type(child)
        if kind is str:
            out[key] = child
        elif kind is list or (kind is not dict and isinstance(child, list)):
            out[key] = _map_list(child, fn)
        elif kind is dict or isinstance(child, dict):
            out[key] = _map_dict(child, fn)
        else:
            out[key] = child
    return out


def replace_nodes(value: Any, fn: Mapper) -> Any:
    """:func:`map_nodes` without the copy: the lists of ``value`` are changed
    in place and ``fn`` gets the nodes themselves. For a tree nobody else
    holds (fresh from pandoc), where the copy would be waste."""
    if type(value) is list or isinstance(value, list):
        _replace_in_list(value, fn)
    elif type(value) is dict or isinstance(value, dict):
        _replace_in_dict(value, fn)
    return value


def _replace_in_list(items: list[Any], fn: Mapper) -> None:
    out: list[Any] | None = None  # the new items, from the first replaced one on
    for i, item in enumerate(items):
        kind = type(item)
        if kind is dict or (kind is not list and kind is not str and isinstance(item, dict)):
            if item.get("t") not in LEAVES:
                _replace_in_dict(item, fn)
            if "t" in item:
                replaced = fn(item)
                if replaced is not None and replaced is not item:
                    if out is None:
                        out = items[:i]
                    if isinstance(replaced, list):
                        out.extend(replaced)
                    else:
                        out.append(replaced)
                    continue
        elif kind is list or (kind is not str and isinstance(item, list)):
            _replace_in_list(item, fn)
        if out is not None:
            out.append(item)
    if out is not None:
        items[:] = out


def _replace_in_dict(node: dict[str, Any], fn: Mapper) -> None:
    for child in node.values():
        kind = type(child)
        if kind is str:
            continue
        if kind is list or (kind is not dict and isinstance(child, list)):
            _replace_in_list(child, fn)
        elif kind is dict or isinstance(child, dict):
            _replace_in_dict(child, fn)


def copy(value: Any) -> Any:
    """A deep copy of an AST (lists, dicts, strings, numbers): as
    ``copy.deepcopy`` gives, several times faster. A parsed AST shares no
    node between two places, which this copy would not keep shared."""
    try:
        return marshal.loads(marshal.dumps(value, 2))
    except ValueError:  # something else than JSON data in it
        return deepcopy(value)


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
