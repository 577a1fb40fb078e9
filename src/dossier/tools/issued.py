"""``dossier issued``: what the Secretariat gave when it issued the document
(its symbol, job number, date and languages), recorded in ``dossier.yaml``
with ``status: issued``.

The file is the drafter's: only the lines of those keys change, every other
line and comment stays as it was (the text is edited line by line, as
``dossier exhibit add`` does). The result is validated by the model before
anything is written, and written atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import rewrite_source
from dossier.core.paths import DOSSIER_FILE
from dossier.core.sourcefile import read_source
from dossier.core.yamlsource import parse_yaml
from dossier.pipeline.loading import validate_manifest

# The keys written, in the order new ones follow each other after `kind:`.
KEYS = ("status", "symbol", "job_number", "issued_date", "issued_languages")


@dataclass(frozen=True)
class Issue:
    """What the Secretariat gave: ``dossier issued --symbol ...``."""

    symbol: str
    job_number: str | None = None
    date: dt.date | None = None
    languages: tuple[str, ...] = ()

    def values(self) -> dict[str, str]:
        """The keys to write, as YAML text."""
        out = {"status": "issued", "symbol": scalar(self.symbol)}
        if self.job_number:
            out["job_number"] = scalar(self.job_number)
        if self.date:  # the masthead's; the letter keeps its own date
            out["issued_date"] = self.date.isoformat()
        if self.languages:
            out["issued_languages"] = f"[{', '.join(scalar(x) for x in self.languages)}]"
        return out


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when it is safe, quoted otherwise.

    >>> scalar("S/2026/1043"), scalar("26-21345"), scalar("S/2026: x")
    ('S/2026/1043', '26-21345', '"S/2026: x"')
    """
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9/.\-]*|\d{2}-\d{5}", text)
    return text if plain else json.dumps(text, ensure_ascii=False)


def record_issue(root: Path, issue: Issue) -> Path:
    """Write ``issue`` into ``root``'s dossier.yaml when the result is a
    valid manifest; otherwise raise its diagnostics and write nothing."""
    path = root / DOSSIER_FILE
    text = read_source(path)
    new = issued_text(text, path, issue)
    validate_manifest(parse_yaml(new, path))
    rewrite_source(path, new)
    return path


def issued_text(text: str, path: Path, issue: Issue) -> str:
    """``text`` with each key of ``issue`` replaced on its own line(s), or
    added after the key before it (``kind:`` first)."""
    values = issue.values()
    previous = "kind"
    for key in KEYS:
        if key in values:
            text = set_key(text, path, key, values[key], previous)
            previous = key
    return text


def set_key(text: str, path: Path, key: str, value: str, after: str) -> str:
    """``key: value`` in place of the key's lines (a comment after a one-line
    value kept), or a new line after the lines of ``after``."""
    nodes = top_level(text, path)
    lines = text.split("\n")
    if key in nodes:
        name, node = nodes[key]
        first, end = name.start_mark.line, _end_line(node, lines)
        empty = node.start_mark.index == node.end_mark.index  # `key:` with no value
        if node.start_mark.line == first and end == first + 1 and not empty:
            line = lines[first]
            lines[first] = line[: node.start_mark.column] + value + line[node.end_mark.column :]
        else:
            lines[first:end] = [f"{key}: {value}"]
        return "\n".join(lines)
    if after not in nodes:
        message = f"dossier.yaml has no '{after}:' to write '{key}:' after"
        raise DossierError([Diagnostic(path, 1, message, "write 'kind:' first")])
    lines.insert(_end_line(nodes[after][1], lines), f"{key}: {value}")
    return "\n".join(lines)


def top_level(text: str, path: Path) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The keys of the file's mapping with their name and value nodes."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise DossierError([Diagnostic(path, line, f"not valid YAML: {exc}")]) from None
    if not isinstance(node, yaml.MappingNode):
        raise DossierError([Diagnostic(path, 1, "dossier.yaml must be 'key: value' lines")])
    return {str(k.value): (k, v) for k, v in node.value}


def _end_line(node: yaml.Node, lines: list[str]) -> int:
    """The line after the value's last (0-based). A block value's end mark
    stands at the start of the next key's line, after the comments and blank
    lines before it: those stay."""
    start, end = node.start_mark.line, node.end_mark
    if not (end.column == 0 and end.line > start):
        return end.line + 1
    last = end.line
    while last - 1 > start and (
        not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")
    ):
        last -= 1
    return last
