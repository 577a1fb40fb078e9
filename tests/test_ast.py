"""The AST walkers give what the plain recursive ones give, node for node, on
a document with every kind of pandoc element; map_nodes leaves its input as
it was; replace_nodes changes it in place."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dossier.core import pandoc, tree

EVERYTHING = """\
# Heading *one* {#h1 .cls key=value}

Text with **strong**, _emph_, ~~struck~~, ^sup^, ~sub~, [small]{.smallcaps},
`code`{.py}, $x^2$, "quoted 'inner'", a [link](https://example.org "title"),
an ![image](figures/map.png){width=50%}, <b>raw</b>, a note[^1] and [@key, p. 4].

[^1]: A note with a citation [see @other] and a list:

    - item

$$E = mc^2$$

| Left | Right |
|:-----|------:|
| a    | 1     |

: A caption

1. one
2. two
    a. nested

Term
:   Definition

| A line block
|    indented

> A quote

```python
print("code block")
```

```{=latex}
\\newpage
```

::: {.facts lang=fr}
A div.
:::

***
"""


def reference_walk(value: Any) -> Iterator[tree.Node]:
    if isinstance(value, dict):
        if "t" in value:
            yield value
        for child in value.values():
            yield from reference_walk(child)
    elif isinstance(value, list):
        for item in value:
            yield from reference_walk(item)


def reference_map(value: Any, fn: Callable[[tree.Node], Any]) -> Any:
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            new = reference_map(item, fn)
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
        return {k: reference_map(v, fn) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def blocks() -> list[Any]:
    parsed, _ = pandoc.parse_markdown(EVERYTHING)
    return parsed


def test_the_sample_has_every_kind_of_node(blocks: list[Any]) -> None:
    kinds = {n["t"] for n in reference_walk(blocks)}
    assert {"Math", "InlineMath", "Quoted", "Cite", "NormalCitation", "Note", "Table"} <= kinds
    assert {"AlignLeft", "AlignRight", "OrderedList", "DefinitionList", "LineBlock"} <= kinds
    assert {"CodeBlock", "RawBlock", "RawInline", "Image", "Link", "HorizontalRule"} <= kinds


def test_walk_yields_the_same_nodes_in_the_same_order(blocks: list[Any]) -> None:
    expected = [id(n) for n in reference_walk(blocks)]
    assert [id(n) for n in tree.walk(blocks)] == expected
    assert [id(n) for n in tree.walk(blocks[0])] == [id(n) for n in reference_walk(blocks[0])]


def test_walk_goes_into_content_replaced_on_the_way() -> None:
    para = {"t": "Para", "c": [{"t": "Str", "c": "a"}]}
    seen = []
    for node in tree.walk([para]):
        seen.append(node["t"])
        if node["t"] == "Para":
            node["c"] = [{"t": "Emph", "c": [{"t": "Str", "c": "b"}]}]
    assert seen == ["Para", "Emph", "Str"]


@pytest.mark.parametrize("kinds", [{"Cite"}, {"Image", "Link"}, {"Note", "Str"}, {"Table"}])
def test_find_and_has(blocks: list[Any], kinds: set[str]) -> None:
    expected = [n for n in reference_walk(blocks) if n["t"] in kinds]
    assert [id(n) for n in tree.find(blocks, kinds)] == [id(n) for n in expected]
    assert tree.has(blocks, kinds)
    assert not tree.has(blocks, {"Underline"})


MAPPERS: dict[str, Callable[[tree.Node], Any]] = {
    "nothing": lambda n: None,
    "drop notes": lambda n: [] if n["t"] == "Note" else None,
    "unwrap cites": lambda n: list(n["c"][1]) if n["t"] == "Cite" else None,
    "mirror": lambda n: {"t": "AlignRight"} if n["t"] == "AlignLeft" else None,
    "upper": lambda n: {"t": "Str", "c": n["c"].upper()} if n["t"] == "Str" else None,
}


@pytest.mark.parametrize("name", list(MAPPERS))
def test_map_nodes_and_replace_nodes_give_what_the_reference_gives(
    blocks: list[Any], name: str
) -> None:
    fn = MAPPERS[name]
    before = copy.deepcopy(blocks)
    expected = reference_map(blocks, fn)
    assert tree.map_nodes(blocks, fn) == expected
    assert blocks == before  # the input is left as it was
    mine = copy.deepcopy(blocks)
    assert tree.replace_nodes(mine, fn) is mine
    assert mine == expected


def test_map_nodes_gives_copies_that_fn_may_change(blocks: list[Any]) -> None:
    def retarget(node: tree.Node) -> tree.Node | None:
        if node["t"] != "Image":
            return None
        node["c"][2][0] = "elsewhere.png"
        node["c"][0][2].append(["png", "x"])
        return node

    before = copy.deepcopy(blocks)
    after = tree.map_nodes(blocks, retarget)
    assert blocks == before
    assert [n["c"][2][0] for n in tree.find(after, {"Image"})] == ["elsewhere.png"]


def test_copy_is_a_deep_copy(blocks: list[Any]) -> None:
    copied = tree.copy(blocks)
    assert copied == blocks
    assert not any(a is b for a, b in zip(tree.walk(copied), tree.walk(blocks), strict=True))
    odd = [{"t": "Str", "c": "x"}, (1, 2), {1, 2}]  # not JSON: copied all the same
    assert tree.copy(odd) == odd


def test_only_the_tree_module_reads_nodes_by_position() -> None:
    """Code outside core/tree and core/tree_blocks names the field it reads (``target_of(image)``),
    never its position in pandoc's JSON (``image["c"][2][0]``)."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "src" / "dossier"
    positional = re.compile(r"""\[["']c["']\]\[\d\]""")
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).as_posix() not in {"core/tree.py", "core/tree_blocks.py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if positional.search(line)
    ]
    assert found == []
