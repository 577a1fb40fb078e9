"""The package's imports, read from its source (imports inside functions
and under TYPE_CHECKING included): the floor plan of docs/architecture.md
as a check. No two modules import each other, directly or round a cycle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "dossier"
ARCHITECTURE = SRC.parent / "docs" / "architecture.md"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports, wherever in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            for alias in node.names:
                whole = f"{base}.{alias.name}"
                found.add(whole if whole in modules else base)
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, modules) for p in files}


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan,
    without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_cycles_are_found() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [{"a", "b", "c"}]


def test_imports_inside_functions_are_read() -> None:
    assert "dossier.assemble.charts_draw" in graph()["dossier.assemble.charts"]  # in a function


def test_no_import_cycle() -> None:
    assert [sorted(c) for c in cycles(graph())] == []


def layers(text: str) -> dict[str, tuple[int, str]]:
    """Module -> (rank, layer name) from the table of "The rooms" in
    docs/architecture.md: its rows are the layers, from the bottom up.

    >>> table = "## The rooms\\n\\n| layer | modules | job |\\n|---|---|---|\\n"
    >>> layers(table + "| core | `core/paths` | x |\\n| top | `cli` | y |\\n")
    {'dossier.core.paths': (0, 'core'), 'dossier.cli': (1, 'top')}
    """
    section = text.split("## The rooms", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    found: dict[str, tuple[int, str]] = {}
    for rank, row in enumerate(rows):
        name, modules = (cell.strip() for cell in row.strip("|").split("|")[:2])
        for module in re.findall(r"`([\w/]+)`", modules):
            found["dossier." + module.replace("/", ".")] = (rank, name)
    return found


def rank_of(module: str, placed: dict[str, tuple[int, str]]) -> tuple[int, str] | None:
    """A module's layer; a package's own ``__init__`` or a module of a
    listed package (``images.raster``) takes its package's, the top-level
    package the lowest."""
    if module in placed:
        return placed[module]
    parent = module.rpartition(".")[0]
    if parent in placed:
        return placed[parent]
    inside = [rank for name, rank in placed.items() if name.startswith(module + ".")]
    return min(inside) if inside else (0, "core") if module == "dossier" else None


def test_every_module_has_a_layer() -> None:
    placed = layers(ARCHITECTURE.read_text(encoding="utf-8"))
    unplaced = sorted(m for m in graph() if rank_of(m, placed) is None)
    assert unplaced == [], f"place these in docs/architecture.md's table: {unplaced}"


def test_no_import_climbs_the_layers() -> None:
    placed = layers(ARCHITECTURE.read_text(encoding="utf-8"))
    climbing = []
    for module, imported in sorted(graph().items()):
        low = rank_of(module, placed)
        for other in sorted(imported):
            high = rank_of(other, placed)
            if low and high and high[0] > low[0]:
                climbing.append(f"{module} ({low[1]}) imports {other} ({high[1]})")
    assert climbing == []


def test_only_the_command_line_knows_click() -> None:
    users = sorted(
        module_name(p)
        for p in PACKAGE.rglob("*.py")
        if any(
            isinstance(n, ast.Import | ast.ImportFrom)
            and any(
                (getattr(n, "module", None) or a.name).split(".")[0] == "click" for a in n.names
            )
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    )
    assert users == [
        "dossier.cli",
        "dossier.cli_evidence",
        "dossier.cli_sanctions",
        "dossier.cli_tools",
        "dossier.cli_translation",
    ]
