"""YAML with line numbers.

PyYAML's node API keeps a mark (line, column) for every node. We load the
plain Python data and, beside it, a map from each key path to the line where
it stands, so that a schema error at ``("sender", "name")`` can be reported
at the right line of the right file.

Text is composed by libyaml (PyYAML's C binding), much faster than the
pure-Python parser (docs/performance.md), with the same marks. The messages of a syntax error
are those of the pure-Python parser, which reads the text again to word them
(libyaml words some differently); text with a character YAML does not allow
goes to it directly, as it rejects such text where libyaml may not.

Hostile or broken YAML ends in a diagnostic, never in a blow-up: anchors
and aliases are refused outright (an alias bomb, a few lines that expand to
gigabytes, needs them, and a dossier does not), a key given twice is an
error naming both lines (PyYAML keeps the last silently), and a file may
hold at most ``limits.yaml_nodes`` nodes nested at most :data:`MAX_DEPTH`
deep. Only text with a '&' can hold an anchor, so only such text is read a
second time, as events, to look for one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.limits import Limits

KeyPath = tuple[str | int, ...]

# The most YAML nodes one file may hold unless its dossier says otherwise
# (dossier.yaml itself is read with this: its limits apply after it).
DEFAULT_MAX_NODES: int = Limits.model_fields["yaml_nodes"].default
# Deeper than any dossier's YAML; below PyYAML's and Python's own recursion.
MAX_DEPTH = 100


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


@dataclass
class _Walk:
    """What :func:`_index` checks on its way: the count of nodes, the depth,
    keys given twice."""

    file: Path
    line_offset: int
    max_nodes: int
    nodes: int = 0
    lines: dict[KeyPath, int] = field(default_factory=lambda: {(): 1})

    def fail(self, line: int, message: str, hint: str) -> DossierError:
        return DossierError([Diagnostic(self.file, line + self.line_offset, message, hint)])

    def count(self, node: yaml.Node, depth: int) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self.fail(
                node.start_mark.line + 1,
                f"this YAML holds more than {self.max_nodes} values",
                "split it, or raise limits.yaml_nodes in dossier.yaml",
            )
        if depth > MAX_DEPTH:
            raise self.fail(
                node.start_mark.line + 1,
                f"this YAML is nested more than {MAX_DEPTH} levels deep",
                "write it flatter",
            )


def _index(node: yaml.Node, path: KeyPath, walk: _Walk, depth: int = 0) -> None:
    """Keep the line of every key and item in ``walk.lines``, checking each
    node on the way."""
    walk.count(node, depth)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise walk.fail(line, *_twice(name, seen[key.value] + walk.line_offset))
                seen[key.value] = line
            walk.lines[(*path, name)] = line
            _index(value, (*path, name), walk, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            walk.lines[(*path, i)] = item.start_mark.line + 1
            _index(item, (*path, i), walk, depth + 1)


def _twice(name: str, first: int) -> tuple[str, str]:
    return (
        f"'{name}' is given twice: here and on line {first}",
        "keep one (YAML would silently use the last)",
    )


def _refuse_anchors(text: str, loader_class: Any, walk: _Walk) -> None:
    """An anchor (``&name``) or alias (``*name``) is an error at its line."""
    if "&" not in text:  # no anchor, hence no alias either
        return
    for event in yaml.parse(text, Loader=loader_class):
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            continue
        line = event.start_mark.line + 1 if event.start_mark else 1
        raise walk.fail(
            line,
            f"YAML aliases (*{anchor}) and anchors (&{anchor}) are not allowed",
            "write the value out in full wherever it is used",
        )


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


def _compose(text: str, loader_class: Any, walk: _Walk) -> Any:
    """The data of ``text``: its nodes checked (and their lines
    kept in ``walk.lines``) before anything is constructed."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _index(node, (), walk)
        try:
            data = _plain(loader, node, set())
        except Exception:  # anything unusual: PyYAML's constructor decides
            data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data


def parse_yaml(
    text: str, file: Path, line_offset: int = 0, *, max_nodes: int = DEFAULT_MAX_NODES
) -> YamlDoc:
    """Parse ``text``; a syntax error, an anchor or alias, a key given twice
    or more than ``max_nodes`` values become a diagnostic at its line."""
    walk = _Walk(file, line_offset, max_nodes)
    try:
        if yaml.reader.Reader.NON_PRINTABLE.search(text):
            _refuse_anchors(text, _Loader, walk)
            data = _compose(text, _Loader, walk)
        else:
            try:
                _refuse_anchors(text, _FastLoader, walk)
                data = _compose(text, _FastLoader, walk)
            except yaml.YAMLError:
                data = _compose(text, _Loader, walk)  # its words for the error
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
        raise DossierError([_bad_character(exc, text, file, line_offset)]) from None
    except RecursionError:  # the pure-Python parser, on deeply nested text
        raise walk.fail(
            1, f"this YAML is nested more than {MAX_DEPTH} levels deep", "write it flatter"
        ) from None
    return YamlDoc(data, file, line_offset, walk.lines)


def _bad_character(exc: yaml.reader.ReaderError, text: str, file: Path, offset: int) -> Diagnostic:
    """A character YAML forbids (a control character pasted from elsewhere)."""
    line = text.count("\n", 0, max(exc.position, 0)) + 1 + offset
    what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return Diagnostic(
        file,
        line,
        f"this text holds a character YAML does not allow: {what}",
        "delete it, or retype the line (it often comes with text pasted from "
        "a PDF or a word processor)",
    )
