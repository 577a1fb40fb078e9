"""The marked passages of a Markdown file, read from its lines.

pandoc resolves footnotes (``[^q]: ...``) and link references
(``[rr]: http://...``) over the whole file when it parses it: a definition
written inside a ``::: {.restricted}`` passage and used from public text
puts its text into the public paragraph, where no selection of the AST can
tell where it came from. So definitions are checked on the source: one that
stands in a marked passage may be used only from text at that level or
above; anything else is an error naming both lines. (Withholding the
reference instead would silently drop a footnote from the public text: the
drafter should decide where the note belongs.)

The same reading of fences leaves the passages above a level out of the
Markdown handed to translators (:func:`strip_above`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dossier.check.marking import read_attr
from dossier.core.diagnostics import Diagnostic

_QUOTE = re.compile(r"^(?:[ \t]*>)*[ \t]*")
_CODE_FENCE = re.compile(r"(`{3,}|~{3,})")
_DIV_FENCE = re.compile(r"(:{3,})[ \t]*(.*?)[ \t]*:*[ \t]*$")
_HTML_OPEN = re.compile(r"<div\b([^>]*)>", re.I)
_HTML_CLOSE = re.compile(r"</div\s*>", re.I)
_NOTE_DEF = re.compile(r"\[\^([^\]\s]+)\]:")
_LINK_DEF = re.compile(r"\[((?:[^\]\\]|\\.)+)\]:(?:[ \t]|$)")
_NOTE_USE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_BRACKETS = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\]")
_CLASSES = re.compile(r"(?<![\w-])\.([\w-]+)")
_PAIRS = re.compile(r"([\w-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s}\"']+)")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str
    level: int  # the highest level of the marked passages around it
    fence: bool  # an opening or closing fence of a div


def attr_level(spec: str) -> int:
    """The level of a fence's attributes: ``{.secret}``, ``secret``,
    ``class="secret"``, ``classification=secret``.

    >>> [attr_level(s) for s in ("{.secret}", "restricted", ' class="x Confidential"', "{#a}")]
    [3, 1, 2, 0]
    """
    spec = spec.strip()
    if spec.startswith("{") or "=" in spec:
        classes = _CLASSES.findall(spec)
        pairs = [(k, v.strip("\"'")) for k, v in _PAIRS.findall(spec)]
        for key, value in list(pairs):
            if key.lower() == "class":
                classes += value.split()
                pairs.remove((key, value))
    else:
        classes, pairs = spec.split(), []
    lvl, _ = read_attr(["", classes, pairs])
    return lvl or 0


def lines(text: str) -> list[Line]:
    r"""Every line of ``text`` with the level of the passage it stands in.

    >>> [ln.level for ln in lines("a\n::: {.secret}\n> b\n```\n:::\n```\n:::\nc")]
    [0, 3, 3, 3, 3, 3, 3, 0]
    """
    out: list[Line] = []
    stack: list[int] = []
    code = ""
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        line = _QUOTE.sub("", raw, count=1)
        if code:
            if line.startswith(code) and not line.strip().strip(code[0]):
                code = ""
            out.append(Line(number, raw, max(stack, default=0), False))
            continue
        fence = _CODE_FENCE.match(line)
        div = _DIV_FENCE.fullmatch(line)
        if fence:
            code = fence.group(1)
        elif div and div.group(2):
            stack.append(max(attr_level(div.group(2)), max(stack, default=0)))
            out.append(Line(number, raw, stack[-1], True))
            continue
        elif div and stack:
            out.append(Line(number, raw, stack.pop(), True))
            continue
        else:
            for match in _HTML_OPEN.finditer(line):
                stack.append(max(attr_level(match.group(1)), max(stack, default=0)))
            for _ in _HTML_CLOSE.finditer(line):
                if stack:
                    stack.pop()
        out.append(Line(number, raw, max(stack, default=0), False))
    return out


def strip_above(text: str, limit: int) -> str:
    """``text`` without the lines of the fenced passages above ``limit``
    (their fences included); blank lines keep the blocks apart."""
    kept = [ln.text if ln.level <= limit else "" for ln in lines(text)]
    return "\n".join(kept)


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def check_definitions(text: str, path: Path) -> list[Diagnostic]:
    """Footnotes and link references defined in a marked passage and used
    from text of a lower level: an error each."""
    if ":::" not in text and not _HTML_OPEN.search(text):
        return []  # no marked passage: nothing to carry out of one
    notes: dict[str, list[Line]] = {}
    links: dict[str, list[Line]] = {}
    uses: list[tuple[str, str, Line, str]] = []
    for ln in lines(text):
        body = _QUOTE.sub("", ln.text, count=1).lstrip()
        note, link = _NOTE_DEF.match(body), _LINK_DEF.match(body)
        if note:
            notes.setdefault(note.group(1), []).append(ln)
            body = body[note.end() :]
        elif link:
            links.setdefault(_label(link.group(1)), []).append(ln)
            body = body[link.end() :]
        uses += [("note", m.group(1), ln, f"[^{m.group(1)}]") for m in _NOTE_USE.finditer(body)]
        uses += [("link", _label(m.group(1)), ln, m.group(0)) for m in _BRACKETS.finditer(body)]
    out: dict[tuple[int, str], Diagnostic] = {}
    for kind, key, use, shown in uses:
        for defined in (notes if kind == "note" else links).get(key, []):
            if defined.level > use.level:
                out.setdefault((use.number, key), _leak(path, kind, shown, use, defined))
    return list(out.values())


def _leak(path: Path, kind: str, shown: str, use: Line, defined: Line) -> Diagnostic:
    what = "footnote" if kind == "note" else "link reference"
    message = (
        f"the {what} {shown} used here is defined inside a marked passage "
        f"(line {defined.number}): its text would be published with this line"
    )
    hint = (
        f"move the definition (line {defined.number}) out of the marked passage, next to "
        "the text that uses it, or give the passage its own definition"
    )
    return Diagnostic(path, use.number, message, hint)
