"""YAML with line numbers.

PyYAML's node API keeps a mark (line, column) for every node. We load the
plain Python data and, beside it, a map from each key path to the line where
it stands, so that a schema error at ``("sender", "name")`` can be reported
at the right line of the right file.

Text is composed by libyaml (PyYAML's C binding), about ten times faster than
the pure-Python parser, with the same marks. The messages of a syntax error
are those of the pure-Python parser, which reads the text again to word them
(libyaml words some differently); text with a character YAML does not allow
goes to it directly, as it rejects such text where libyaml may not.
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


# libyaml when PyYAML was built with it; the same constructors either way.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_Base):  # type: ignore[misc]
    """The same as :class:`_Loader`, composed by libyaml when it is there."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


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


_TAG = "tag:yaml.org,2002:"
# Scalars built by their constructor alone; a mapping and a list by _plain.
_PLAIN_SCALARS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"


class _NotPlain(Exception):
    """Something _plain leaves to PyYAML's constructor."""


def _plain(loader: Any, node: yaml.Node, seen: set[int]) -> Any:
    """The data of ``node`` as PyYAML's safe constructor builds it, for the
    plain YAML of a dossier (mappings with scalar keys, lists, scalars) in
    one pass, without the constructor's bookkeeping for anchors, merge keys
    and recursion: :class:`_NotPlain` at the first of those."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _PLAIN_SCALARS:
            raise _NotPlain
        return loader.yaml_constructors[node.tag](loader, node)
    if id(node) in seen:  # an alias: the constructor shares the object
        raise _NotPlain
    seen.add(id(node))
    if node.tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag not in _PLAIN_SCALARS:
                raise _NotPlain  # a merge key '<<', a complex key
            mapping[_plain(loader, key, seen)] = _plain(loader, value, seen)
        return mapping
    if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_plain(loader, item, seen) for item in node.value]
    raise _NotPlain


def _compose(text: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            data = _plain(loader, node, set())
        except Exception:  # anything unusual: PyYAML's constructor decides
            data = loader.construct_document(node)
    finally:
        loader.dispose()
    return node, data


def parse_yaml(text: str, file: Path, line_offset: int = 0) -> YamlDoc:
    """Parse ``text``; a syntax error becomes a diagnostic at its line."""
    try:
        if yaml.reader.Reader.NON_PRINTABLE.search(text):
            node, data = _compose(text, _Loader)
        else:
            try:
                node, data = _compose(text, _FastLoader)
            except yaml.YAMLError:
                node, data = _compose(text, _Loader)  # its words for the error
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
    except yaml.reader.ReaderError as exc:
        # a character YAML forbids (a control character pasted from elsewhere)
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + line_offset
        raise DossierError(
            [
                Diagnostic(
                    file,
                    line,
                    f"this text holds a character YAML does not allow: U+{exc.character:04X}"
                    if isinstance(exc.character, int)
                    else f"this text holds a character YAML does not allow: {exc.character!r}",
                    "delete it, or retype the line (it often comes with text pasted from "
                    "a PDF or a word processor)",
                )
            ]
        ) from None
    lines: dict[KeyPath, int] = {(): 1}
    if node is not None:
        _index(node, (), lines)
    return YamlDoc(data, file, line_offset, lines)
