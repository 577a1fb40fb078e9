"""What a classification marking is, and what only looks like one.

A level is written one way, in any case: a class (``{.restricted}``,
``::: confidential``, ``<div class="secret">``) or the attribute
``classification=`` (``{classification="restricted"}``). It may stand on any
element that carries attributes: a div, a span, a heading, a code block or
span, a link, an image, a table, a figure. Anything else that looks like a
marking (``.restriced``, ``.Top-Secret``, ``classification=topsecret``,
``level=secret``) is an error: a misspelt marking would otherwise publish
what it was meant to withhold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dossier.core import tree
from dossier.core.diagnostics import Diagnostic
from dossier.core.model import LEVELS

# The node kinds that carry an Attr (pandoc-types 1.23).
WITH_ATTR = frozenset(
    {"Div", "Span", "Code", "CodeBlock", "Link", "Image", "Table", "Figure", "Header"}
)
KEYS = ("classification", "data-classification")
# Words that read as a classification but are none of ours: refused, not ignored.
SUSPECT = frozenset(
    {
        "classified",
        "unclassified",
        "internal",
        "private",
        "sensitive",
        "topsecret",
        "top-secret",
        "top_secret",
        "official",
        "official-sensitive",
        "withheld",
        "redacted",
        "noforn",
        "confidentiel",
        "restreint",
        "secreto",
        "confidencial",
        "reservado",
    }
)
# A bad marking withholds from every edition (fail closed), should one ever
# reach selection without being refused first.
UNKNOWN = len(LEVELS)
HINT = (
    "mark a passage with one of {.restricted}, {.confidential}, {.secret} "
    "(or classification=restricted|confidential|secret), in any case"
)


def attr_of(node: dict[str, Any]) -> list[Any] | None:
    """The ``[id, classes, key-values]`` of a node, None for a node without."""
    return tree.attr_of(node) if node.get("t", "") in WITH_ATTR else None


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (optimal string alignment)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _near_level(word: str) -> bool:
    """A misspelling of a level above public (public itself withholds nothing)."""
    for name in LEVELS[1:]:
        allowed = 1 if len(name) <= 6 else 2
        if word != name and _distance(word, name) <= allowed:
            return True
    return False


def _suspect(word: str) -> bool:
    word = word.lower()
    if word in LEVELS:
        return False
    if word in SUSPECT or _near_level(word):
        return True
    tokens = [t for t in re.split(r"[-_.:]+", word) if t]
    return len(tokens) > 1 and any(t in LEVELS[1:] or t in SUSPECT for t in tokens)


def read_attr(attr: list[Any]) -> tuple[int | None, list[str]]:
    """The level an Attr sets (its index in LEVELS, None when it sets none)
    and the parts of it that look like a marking but are not one.

    >>> read_attr(["", ["RESTRICTED"], []])
    (1, [])
    >>> read_attr(["", [], [["classification", "Confidential"]]])
    (2, [])
    >>> read_attr(["", ["restriced", "smallcaps"], [["level", "secret"]]])
    (4, ['.restriced', 'level=secret'])
    >>> read_attr(["", ["unnumbered"], [["width", "50%"]]])
    (None, [])
    """
    found: list[int] = []
    bad: list[str] = []
    for cls in attr[1]:
        if cls.lower() in LEVELS:
            found.append(LEVELS.index(cls.lower()))
        elif _suspect(cls):
            bad.append(f".{cls}")
    for key, value in attr[2]:
        word = str(value).strip().lower()
        if key.lower() in KEYS:
            if word in LEVELS:
                found.append(LEVELS.index(word))
            else:
                bad.append(f"{key}={value}")
        elif word in LEVELS[1:] or _suspect(word) or _distance(key.lower(), KEYS[0]) <= 3:
            bad.append(f"{key}={value}")
    if bad:
        found.append(UNKNOWN)
    return (max(found) if found else None), bad


def node_level(node: dict[str, Any]) -> int | None:
    """The level a node's own attributes set (None when none)."""
    attr = attr_of(node)
    return None if attr is None else read_attr(attr)[0]


def marked(blocks: Any) -> Iterator[tuple[dict[str, Any], int]]:
    """Every marked node under ``blocks`` (at any depth) and its level."""
    for node in tree.find(blocks, WITH_ATTR):
        lvl = node_level(node)
        if lvl is not None:
            yield node, lvl


def skeleton(blocks: Any) -> list[tuple[str, str]]:
    """The markings of a text in order (kind of node, level): what a
    translation must keep of its source."""
    names = [*LEVELS, "unknown"]
    return [(node["t"], names[lvl]) for node, lvl in marked(blocks) if lvl > 0]


def check_markings(blocks: Any, path: Path, raw: str) -> list[Diagnostic]:
    """Markings that are none: an error each, at its line of ``raw``."""
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for node in tree.find(blocks, WITH_ATTR):
        attr = attr_of(node)
        for shown in read_attr(attr)[1] if attr is not None else ():
            if shown in seen:
                continue
            seen.add(shown)
            message = f"'{shown}' looks like a classification marking but is not one"
            out.append(Diagnostic(path, _line_of(raw, shown), message, HINT))
    return out


KeyPath = tuple[str | int, ...]


def check_fields(data: Any, where: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """The fields of a record's front matter that hold a marking
    (``title: "Raid [at Orlen]{.restricted}"``): front matter is plain
    text, so the marking would be printed and its text published."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from check_fields(value, (*where, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from check_fields(value, (*where, i))
    elif isinstance(data, str):
        for match in _BRACES.finditer(data):
            spec = match.group(1)
            classes = re.findall(r"(?<![\w-])\.([\w-]+)", spec)
            pairs = [(k, v.strip("\"'")) for k, v in re.findall(r"([\w-]+)=(\S+)", spec)]
            level, bad = read_attr(["", classes, pairs])
            if level or bad:
                yield where, match.group(0)


_BRACES = re.compile(r"\{([^{}]*)\}")


def check_raw_html(blocks: Any, path: Path, raw: str) -> list[Diagnostic]:
    """A marking on an HTML tag that pandoc keeps as raw HTML (``<p
    class="restricted">``) is no marking: the tag and its text reach the
    HTML edition. An error, unlike ``<div>`` and ``<span>``, which are read."""
    out: list[Diagnostic] = []
    for node in tree.find(blocks, {"RawBlock", "RawInline"}):
        fmt, text = node["c"]
        if fmt != "html":
            continue
        for match in _HTML_ATTR.finditer(text):
            key, value = match.group(1), match.group(3) or match.group(4) or ""
            classes = value.split() if key.lower() == "class" else []
            pairs = [] if classes else [(key, value)]
            level, bad = read_attr(["", classes, pairs])
            if level is None and not bad:
                continue
            message = f"the marking {match.group(0)} of an HTML tag withholds nothing"
            hint = "mark the passage as a ::: {.restricted} div or a [text]{.restricted} span"
            line = _line_in(raw, match.group(0)) or _line_in(raw, value)
            out.append(Diagnostic(path, line, message, hint))
    return out


_HTML_ATTR = re.compile(
    r"""\b(class|[\w-]*classification)\s*=\s*(?:(["'])(.*?)\2|([^\s>]+))""", re.I
)


def _line_in(raw: str, text: str) -> int | None:
    index = raw.find(text)
    return raw.count("\n", 0, index) + 1 if index >= 0 else None


def _line_of(raw: str, shown: str) -> int | None:
    if shown.startswith("."):
        pattern = rf"(?<![\w-]){re.escape(shown[1:])}(?![\w-])"
    else:
        key, value = shown.split("=", 1)
        pattern = rf"{re.escape(key)}\s*=\s*[\"']?{re.escape(value)}"
    match = re.search(pattern, raw, re.I)
    return raw.count("\n", 0, match.start()) + 1 if match else None
