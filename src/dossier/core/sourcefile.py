"""Reading the dossier's own text files: sections, evidence records,
dossier.yaml, sources.yaml, translations.

Every such file is read by :func:`read_source`, which refuses what would
exhaust the machine or confuse the stages after it, each with its file and
line: a file larger than ``limits.file_bytes`` (checked before it is read),
bytes that are not UTF-8, a NUL byte. A leading byte-order mark is dropped
(an editor's signature, never a reason to miss the front matter after it)
and line ends are those of :meth:`pathlib.Path.read_text` (CRLF and CR read
as LF). Anything but a regular file (a named pipe, a device) is refused
before it is opened: reading a pipe waits for a writer, forever.

:func:`check_nesting` bounds how deeply Markdown nests lists, block quotes
and ``:::`` divs before pandoc reads it: a few kilobytes of ``>`` or of
indented list items made pandoc use gigabytes and Python's AST walks run out
of stack.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any, BinaryIO

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.limits import Limits

DEFAULTS = Limits()  # what dossier.yaml itself is read with
BOM = "\ufeff"


def _fail(path: Path, line: int | None, message: str, hint: str | None) -> DossierError:
    return DossierError([Diagnostic(path, line, message, hint)])


def read_source(path: Path, limits: Limits | None = None) -> str:
    """The text of ``path``, checked (see the module's documentation)."""
    data = _read_bytes(path, (limits or DEFAULTS).file_bytes)
    nul = data.find(b"\0")
    if nul >= 0:
        raise _fail(
            path,
            data.count(b"\n", 0, nul) + 1,
            "this file holds a NUL byte: it is not a text file, or it is damaged",
            "delete the character, or restore the file from an earlier version",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(
            path,
            data.count(b"\n", 0, exc.start) + 1,
            f"this file is not UTF-8: byte 0x{data[exc.start]:02X} cannot be read",
            "save it as UTF-8 (in most editors: Save As, encoding UTF-8)",
        ) from None
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of ``path``: its size is checked before it
    is read, and again while it is (it may grow in between)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _fail(path, None, "this is a folder, not a file", "give the path of a file")
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path)
        if info.st_size <= limit:
            with _open_regular(path) as f:
                data = f.read(info.st_size + 1)  # not limit + 1: a buffer that large
                if len(data) > info.st_size:  # it grew since
                    data += f.read(limit + 1 - len(data))
            if len(data) <= limit:
                return data
    except FileNotFoundError:
        raise _fail(path, None, "file not found", "check the name and the folder") from None
    except OSError as exc:
        raise _fail(path, None, f"cannot read {path}: {exc.strerror}", _access_hint(exc)) from None
    raise _fail(
        path,
        None,
        f"this file is larger than {_size(limit)}, the most a dossier's text file may be",
        "split it into several files, or raise limits.file_bytes in dossier.yaml",
    )


def _not_regular(path: Path) -> DossierError:
    return _fail(
        path,
        None,
        "this is not a regular file (a pipe, a socket or a device): reading it could wait forever",
        "put a text file in its place",
    )


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, refused unless it is still a regular
    file: it may have been swapped for a pipe since it was looked at, and a
    pipe opened without O_NONBLOCK waits for a writer."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_regular(path)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _access_hint(exc: OSError) -> str:
    return "check the file's permissions" if isinstance(exc, PermissionError) else "check the file"


def _size(n: int) -> str:
    if n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n % (1 << 10) == 0:
        return f"{n >> 10} KiB"
    return f"{n} bytes"


# ---- nesting ------------------------------------------------------------------

# Containers at the start of a line: the indentation before each, then a
# block quote marker or a list marker (and the one space after it).
_INDENT = re.compile(r"[ \t]*")
_MARKER = re.compile(r"(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))[ \t]?")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
# The first characters of a line that may nest or fence.
_STARTS = frozenset(" \t>-*+:0123456789")
_DIV = re.compile(r"[ \t]*:{3,}[ \t]*(\S?)")


def nesting_depth(line: str) -> int:
    """How deeply ``line`` nests: its block quote and list markers, and its
    indentation (two columns a level, as a nested list indents).

    >>> [nesting_depth(x) for x in ("text", "- a", "    - b", "> > - c", ">>>", "- - d")]
    [0, 1, 3, 3, 3, 2]
    """
    depth = columns = pos = 0
    while True:
        indent = _INDENT.match(line, pos)
        assert indent is not None  # it matches the empty string
        columns += len(indent.group().expandtabs(4))
        marker = _MARKER.match(line, indent.end())
        if marker is None:
            return depth + columns // 2
        depth, pos = depth + 1, marker.end()


# pandoc's time grows exponentially with each '[' inside another (timings in
# docs/performance.md); no text nests more.
MAX_BRACKETS = 6


# Nodes of pandoc's AST that hold others without nesting them visibly.
_FLAT = frozenset({"Para", "Plain"})
# Characters of inline nesting (emphasis, super- and subscripts, quotes,
# HTML elements): text with fewer than AST_FACTOR x limit of them cannot
# nest inlines that deep, and its AST is not walked.
_INLINE = ("*", "_", "^", "~", '"', "<")
AST_FACTOR = 3


def could_nest_inlines(text: str, limit: int) -> bool:
    """Whether ``text`` holds enough inline markers to nest past ``limit``."""
    return sum(text.count(c) for c in _INLINE) > AST_FACTOR * limit


def ast_depth(blocks: list[Any]) -> int:
    """How deeply the nodes of a pandoc AST nest (paragraphs aside),
    without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(blocks, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            if "t" in node and node["t"] not in _FLAT:
                depth += 1
                deepest = max(deepest, depth)
            content = node.get("c")
            if isinstance(content, list | dict):
                stack.append((content, depth))
        else:
            stack.extend((x, depth) for x in node if isinstance(x, list | dict))
    return deepest


def check_nesting(text: str, path: Path, limit: int) -> None:
    """Refuse Markdown nested more than ``limit`` levels deep, or with
    brackets nested more than :data:`MAX_BRACKETS` deep in a paragraph, at
    the first line that is (code blocks aside)."""
    fence: str | None = None
    divs = brackets = 0
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            raise _fail(path, number, *_LONG_LINE)
        if line.count("|") > MAX_COLUMNS:
            raise _fail(path, number, *_WIDE_TABLE)
        first = line[:1]
        if first in _FENCE_STARTS and (opened := _FENCE.match(line)):
            if fence is None:
                fence = opened.group(1)
            elif opened.group(1).startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        if "[" in line:
            brackets, peak = _brackets(line, brackets)
            if peak > MAX_BRACKETS:
                raise _fail(path, number, *_BRACKETS)
        elif not line.strip():
            brackets = 0  # a paragraph ends
        elif "]" in line:
            brackets, _ = _brackets(line, brackets)
        if first not in _STARTS:
            continue  # a line of text: nests nothing
        div = _DIV.match(line, len(line) - len(line.lstrip(" \t>")))
        if div:
            divs += 1 if div.group(1) else -1 if divs else 0
        if nesting_depth(line) + divs > limit:
            raise _fail(
                path,
                number,
                f"this is nested more than {limit} levels deep (lists, block quotes and "
                "::: divs inside each other)",
                "write it flatter: a PDF cannot lay out much deeper",
            )


# A line, and a table row, far beyond any document's: pandoc and Typst need
# gigabytes for one paragraph of millions of characters or a table of
# 100,000 columns (found by an adversarial probe), well under file_bytes.
MAX_LINE = 100_000
MAX_COLUMNS = 200
_LONG_LINE = (
    f"this line is longer than {MAX_LINE:,} characters",
    "break it into paragraphs (a blank line between them)",
)
_WIDE_TABLE = (
    f"this line has more than {MAX_COLUMNS} '|': a table this wide cannot be printed",
    "split the table, or write '\\|' for a bar of the text",
)
_FENCE_STARTS = frozenset(" \t`~")
_BRACKETS = (
    f"brackets '[' are nested (or left open) more than {MAX_BRACKETS} deep here",
    "close each '[' with its ']', or write '\\[' for a bracket of the text",
)


def _brackets(line: str, depth: int) -> tuple[int, int]:
    """The depth of unclosed '[' after ``line`` and the deepest in it
    (escaped brackets aside)."""
    opens = line.count("[")
    if depth + opens <= MAX_BRACKETS:  # the common case, without a loop
        return max(0, depth + opens - line.count("]")), depth + opens
    line = line.replace("\\\\", "").replace("\\[", "").replace("\\]", "")
    peak = depth
    for char in line:
        if char == "[":
            depth += 1
            peak = max(peak, depth)
        elif char == "]" and depth:
            depth -= 1
    return depth, peak
