"""YAML with line numbers.

PyYAML's node API keeps a mark (line, column) for every node. We load the
plain Python data and, beside it, a map from each key path to the line where
it stands, so that a schema error at ``("sender", "name")`` can be reported
at the right line of the right file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossier.diagnostics import Diagnostic, DossierError

KeyPath = tuple[str | int, ...]


@dataclass
class YamlDoc:
    data: Any
    file: Path
    line_offset: int = 0
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int:
        """Line of the deepest known node on ``path`` (1-based)."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found + self.line_offset
        return 1 + self.line_offset


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as written when they are not valid dates."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _index(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            lines[(*path, name)] = key.start_mark.line + 1
            _index(value, (*path, name), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _index(item, (*path, i), lines)


def parse_yaml(text: str, file: Path, line_offset: int = 0) -> YamlDoc:
    """Parse ``text``; a syntax error becomes a diagnostic at its line."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or "invalid YAML"
        raise DossierError(
            [
                Diagnostic(
                    file,
                    line,
                    f"this is not valid YAML: {problem}",
                    "check the indentation and that text with ':' or '#' is in quotes",
                )
            ]
        ) from None
    lines: dict[KeyPath, int] = {(): 1}
    if node is not None:
        _index(node, (), lines)
    return YamlDoc(data, file, line_offset, lines)
