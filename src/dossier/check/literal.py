"""Structure the drafter meant and pandoc printed as text.

A marking pandoc does not read as one (``#Heading {.restricted}``, a
``[span] {.restricted}`` with a space, a ``:::`` fence with no blank line
before it, ``:: restricted``) withholds nothing: its text would be
published with the marking printed beside it. So would a section whose
``classification:`` stands anywhere but in the front matter that opens the
file (pandoc reads a YAML block anywhere and drops it, or prints a
``----`` block as text). Each is an error. So is a heading with no text,
which no output can file in its outline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dossier.check.fences import attr_level
from dossier.core import pandoc, tree
from dossier.core.diagnostics import Diagnostic

_BRACES = re.compile(r"\{([^{}\n]*)\}")
_COLONS = re.compile(r"^[ \t]*(:{2,})[ \t]*(\S.*?)[ \t]*:*[ \t]*$", re.M)
_KEY_LINE = re.compile(r"^[ \t]*classification[ \t]*:[ \t]*[\"']?[\w-]*[\"']?[ \t]*$", re.I | re.M)
# A YAML block of pandoc's: '---' after a blank line, text right under it.
_META_OPEN = re.compile(r"(?:\A|\n[ \t]*\n)(---)[ \t]*\n[ \t]*\S")
_EMPTY_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(?:<!--.*?-->|\{[^{}]*\}|#+|[ \t])*)?[ \t]*$")
_COMMENT = re.compile(r"^ {0,3}<!--.*-->[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_TEXT_BLOCKS = frozenset({"Para", "Plain", "Header", "LineBlock", "CodeBlock"})
_SHOWN = frozenset({"Code", "Math", "Image", "RawInline", "Note"})

FENCE_HINT = (
    "write a marking pandoc reads: a blank line before a '::: {.restricted}' fence "
    "(three colons or more), no space between a span's ']' and its '{', a space after "
    "a heading's '#', and no four-space indent (which makes a code block)"
)
FRONT_HINT = "front matter opens the file, between two '---' lines"


def check_printed(blocks: Any, path: Path, raw: str) -> list[Diagnostic]:
    """Markings and ``classification:`` lines that pandoc left as text
    (an error each), and headings with no text."""
    out: list[Diagnostic] = []
    seen: set[tuple[str, int | None]] = set()
    for shown, line, message, hint in _printed(blocks, raw):
        if (shown, line) not in seen:
            seen.add((shown, line))
            out.append(Diagnostic(path, line, message, hint))
    return out + _empty_headings(blocks, path, raw)  # images: confine.check_blocks


def _printed(blocks: Any, raw: str) -> Iterator[tuple[str, int | None, str, str]]:
    for node in tree.find(blocks, _TEXT_BLOCKS):
        text = tree.text_of(node) if node["t"] == "CodeBlock" else _words(node)
        for match in _literal_marks(text):
            shown = match.group(0).strip()
            message = f"'{shown}' is printed as text: pandoc does not read it as a marking"
            yield shown, _line(raw, text, match), message, FENCE_HINT
        if node["t"] != "CodeBlock":
            for match in _KEY_LINE.finditer(text):
                shown = match.group(0).strip()
                message = f"'{shown}' stands in the text, where it classifies nothing"
                yield shown, _line(raw, text, match), message, FRONT_HINT


def _literal_marks(text: str) -> Iterator[re.Match[str]]:
    """Attribute blocks and fences naming a level (or a near miss) in text.

    >>> [m.group(0) for m in _literal_marks("a [b] {.restricted} c\\n:: secret\\n{#x .y}")]
    [':: secret', '{.restricted}']
    """
    fences = [m for m in _COLONS.finditer(text) if attr_level(m.group(2)) > 0]
    yield from fences
    for match in _BRACES.finditer(text):
        inside = any(f.start() <= match.start() < f.end() for f in fences)
        if not inside and attr_level("{" + match.group(1) + "}") > 0:
            yield match


def _words(value: Any) -> str:
    """The text of a block as it prints, a line break for each soft one.
    A Cite's own inlines are left out: they are the ``[@key, ...]`` as
    typed, which the citation processor replaces (its prefixes and
    suffixes, which it prints, are read)."""
    parts: list[str] = []
    _collect(value, parts)
    return "".join(parts)


def _collect(value: Any, parts: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, parts)
        return
    if not isinstance(value, dict):
        return
    kind = value.get("t")
    if kind == "Str":
        parts.append(value["c"])
    elif kind == "Space":
        parts.append(" ")
    elif kind in {"SoftBreak", "LineBreak"}:
        parts.append("\n")
    elif kind == "Cite":
        for citation in tree.citations_of(value):
            parts.append(" ")
            _collect(
                [citation["citationPrefix"], {"t": "Space"}, citation["citationSuffix"]], parts
            )
    elif kind not in tree.LEAVES:
        _collect(value.get("c"), parts)


def _line(raw: str, text: str, match: re.Match[str]) -> int | None:
    """The line of ``raw`` that holds ``match`` (found in ``text``): the
    word before it on its line tells two copies apart."""
    shown = match.group(0).strip()
    before = text[: match.start()].rsplit("\n", 1)[-1].split()
    pattern = re.escape(shown).replace("\\ ", r"[ \t]+")
    if shown.startswith(":"):
        pattern = r"(?<!:)" + pattern
    found = None
    if before:
        found = re.search(re.escape(before[-1]) + r"[ \t]*" + pattern, raw)
    found = found or re.search(pattern, raw)
    return raw.count("\n", 0, found.start()) + 1 if found else None


def _empty_headings(blocks: Any, path: Path, raw: str) -> list[Diagnostic]:
    empty = [
        h for h in tree.find(blocks, {"Header"}) if not tree.stringify(tree.children(h)).strip()
        and not tree.has(tree.children(h), _SHOWN)
    ]  # fmt: skip
    if not empty:
        return []
    lines = raw.split("\n")
    found = []  # the line of each, in order: an empty '#' line, a comment over '---'
    for i, line in enumerate(lines):
        if _EMPTY_ATX.match(line):
            found.append(i + 1)
        elif i and _SETEXT.match(line) and _COMMENT.match(lines[i - 1]):
            found.append(i)
    message = "this heading has no text"
    hint = "write the heading's words after its '#' marks (a comment is no text), or remove it"
    return [
        Diagnostic(path, found[i] if i < len(found) else None, message, hint)
        for i in range(len(empty))
    ]


def check_meta_blocks(body: str, path: Path, reader: str = pandoc.READER) -> list[Diagnostic]:
    """A YAML block in the body of a file (after its first line): pandoc
    reads it as metadata and drops it, so a ``classification:`` in it
    classifies nothing. Pandoc is asked only when a '---' line opens one."""
    match = _META_OPEN.search(body)
    if match is None:
        return []
    meta = pandoc.parse_meta(body, reader)
    if not meta:
        return []
    line = body.count("\n", 0, match.start(1)) + 1
    message = "a YAML block in the text: it is not the front matter, and classifies nothing"
    return [Diagnostic(path, line, message, FRONT_HINT)]
