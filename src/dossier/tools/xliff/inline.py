"""Markdown blocks and their inline codes: a block cut into text and the
markup a translator must not change (``Code``), and back to Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

# kind -> (XLIFF type, subType, may the translator delete it?)
KINDS: dict[str, tuple[str, str, bool]] = {
    "heading": ("fmt", "md:heading", False),
    "footnote-definition": ("other", "md:footnote-definition", False),
    "caption": ("fmt", "md:caption", False),
    "footnote": ("other", "md:footnote", False),
    "citation": ("other", "md:citation", False),
    "code": ("fmt", "md:code", False),
    "html": ("other", "md:html", False),
    "autolink": ("link", "md:autolink", False),
    "attributes": ("other", "md:attributes", False),
    "link": ("link", "md:link", False),
    "image": ("image", "md:image", False),
    "span": ("other", "md:span", False),
    "strong": ("fmt", "xlf:b", True),
    "emphasis": ("fmt", "xlf:i", True),
    "strikeout": ("fmt", "md:strikeout", True),
    "superscript": ("fmt", "md:superscript", True),
    "subscript": ("fmt", "md:subscript", True),
}


BLOCK_SUBTYPES = {KINDS[k][1] for k in ("heading", "footnote-definition", "caption")}


FORMATS = {"strong", "emphasis", "strikeout", "superscript", "subscript"}


PANDOC_FORMATS = {"Strong", "Emph", "Strikeout", "Superscript", "Subscript"}


@dataclass(frozen=True)
class Code:
    """Markup to keep: a placeholder (``end`` None) or a pair around text."""

    kind: str
    start: str
    end: str | None = None
    children: tuple[Inline, ...] = ()
    id: str = ""


Inline = str | Code


def split_blocks(body: str) -> list[str]:
    """Markdown blocks: runs of lines between blank lines. An indented run
    continues the block before it (footnote or list item); a fenced code
    block is one block.

    >>> split_blocks("# A\\n\\nB\\nc\\n\\n[^1]: N\\n\\n    more\\n")
    ['# A', 'B\\nc', '[^1]: N\\n\\n    more']
    """
    chunks: list[list[str]] = [[]]
    fence = ""
    for line in body.replace("\r\n", "\n").split("\n"):
        if fence or line.strip():
            chunks[-1].append(line)
            fence = _fence(line, fence)
        elif chunks[-1]:
            chunks.append([])
    blocks: list[str] = []
    for chunk in (c for c in chunks if c):
        text = "\n".join(chunk)
        if blocks and chunk[0][:1] in (" ", "\t"):
            blocks[-1] += "\n\n" + text
        else:
            blocks.append(text)
    return blocks


def _fence(line: str, fence: str) -> str:
    """The open code fence after ``line`` ('' when none)."""
    stripped = line.strip()
    if fence:
        return "" if stripped.startswith(fence) and not stripped.strip(fence[0]) else fence
    match = re.match(r"(`{3,}|~{3,})", stripped)
    return match.group(1) if match else ""


_PREFIX = re.compile(
    r"(?P<heading>#{1,6}[ \t]+)|(?P<footnote_definition>\[\^[^\]\s]+\]:[ \t]*)"
    r"|(?P<caption>(?:Table)?:[ \t]+)"
)


_KEY = r"(?:\w+(?:[:.#$%&+?<>~/-]+\w+)*|\{[^{}]*\})"


_CITATIONS = re.compile(rf"\[-?@{_KEY}[^\[\]]*\]")  # locators are kept as they are


_BARE_KEY = re.compile(_KEY)


_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")


_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)


_ANGLE = [
    ("autolink", re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")),
    ("html", re.compile(r"<!--.*?-->", re.S)),
    ("html", re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")),
]


_ATTRIBUTES = re.compile(r"\{(?:[#.=-][^{}\n]*|[\w-]+=[^{}\n]*)\}")


_DELIMITERS = [
    ("**", "strong"),
    ("__", "strong"),
    ("~~", "strikeout"),
    ("*", "emphasis"),
    ("_", "emphasis"),
    ("^", "superscript"),
    ("~", "subscript"),
]


def tokenize(block: str, *, emphasis: bool = True) -> list[Inline]:
    """A block as text and codes; ``markdown`` of the result is ``block``.

    >>> nodes = tokenize("## See *this*[^1] [@un]")
    >>> [n if isinstance(n, str) else n.kind for n in nodes]
    ['heading', 'See ', 'emphasis', 'footnote', ' ', 'citation']
    >>> markdown(nodes)
    '## See *this*[^1] [@un]'
    """
    prefix = _PREFIX.match(block)
    if prefix is None or prefix.lastgroup is None:
        return _inlines(block, emphasis)
    head = Code(prefix.lastgroup.replace("_", "-"), prefix.group(0))
    return [head, *_inlines(block[prefix.end() :], emphasis)]


def markdown(nodes: tuple[Inline, ...] | list[Inline]) -> str:
    return "".join(n if isinstance(n, str) else _code_markdown(n) for n in nodes)


def _code_markdown(code: Code) -> str:
    return code.start + markdown(code.children) + (code.end or "")


def _inlines(text: str, emphasis: bool) -> list[Inline]:
    out: list[Inline] = []
    plain: list[str] = []
    pos = 0
    while pos < len(text):
        found = _match_at(text, pos, emphasis)
        node, pos = found if found else (text[pos], pos + 1)
        if isinstance(node, str):
            plain.append(node)
            continue
        if plain:
            out.append("".join(plain))
            plain = []
        out.append(node)
    return [*out, "".join(plain)] if plain else out


def _match_at(text: str, pos: int, emphasis: bool) -> tuple[Inline, int] | None:
    c = text[pos]
    if c == "\\":
        return text[pos : pos + 2], pos + 2
    if c == "`":
        return _code_span(text, pos)
    if c == "<":
        return _angle(text, pos)
    if c == "[" or text.startswith("![", pos):
        return _bracket(text, pos, emphasis)
    if c == "@":
        return _bare_citation(text, pos)
    if c == "{":
        match = _ATTRIBUTES.match(text, pos)
        return (Code("attributes", match.group(0)), match.end()) if match else None
    if emphasis and c in "*_~^":
        return _format(text, pos)
    return None


def _code_span(text: str, pos: int) -> tuple[Inline, int]:
    match = _CODE_SPAN.match(text, pos)
    if match:
        return Code("code", match.group(0)), match.end()
    run = len(text[pos:]) - len(text[pos:].lstrip("`"))
    return text[pos : pos + run], pos + run


def _angle(text: str, pos: int) -> tuple[Inline, int] | None:
    for kind, pattern in _ANGLE:
        match = pattern.match(text, pos)
        if match:
            return Code(kind, match.group(0)), match.end()
    return None


def _bare_citation(text: str, pos: int) -> tuple[Inline, int] | None:
    before = text[pos - 1] if pos else " "
    key = _BARE_KEY.match(text, pos + 1)
    if key is None or before.isalnum() or before in "@_.+-/\\:":
        return None
    return Code("citation", text[pos : key.end()]), key.end()


def _bracket(text: str, pos: int, emphasis: bool) -> tuple[Inline, int] | None:
    for kind, pattern in (("footnote", _FOOTNOTE), ("citation", _CITATIONS)):
        match = pattern.match(text, pos)
        if match:
            return Code(kind, match.group(0)), match.end()
    image = text[pos] == "!"
    opening = pos + 1 + image
    close = _matching(text, opening - 1, "[", "]")
    end = _link_tail(text, close + 1) if close is not None else None
    if close is None or end is None:
        return None
    kind = "image" if image else "span" if text[close + 1] == "{" else "link"
    children = tuple(_inlines(text[opening:close], emphasis))
    return Code(kind, text[pos:opening], text[close:end], children), end


def _matching(text: str, i: int, left: str, right: str) -> int | None:
    """The index of the ``right`` that closes the ``left`` at ``i``."""
    depth = 0
    while i < len(text):
        c = text[i]
        depth += (c == left) - (c == right)
        if c == right and depth == 0:
            return i
        i += 2 if c == "\\" else 1
    return None


def _link_tail(text: str, after: int) -> int | None:
    """The end of ``(target)``, ``[ref]`` or ``{attributes}`` at ``after``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    left = text[after : after + 1]
    close = _matching(text, after, left, pairs[left]) if left in pairs else None
    if close is None:
        return None
    if left != "{" and text.startswith("{", close + 1):
        attributes = _matching(text, close + 1, "{", "}")
        return (attributes if attributes is not None else close) + 1
    return close + 1


def _format(text: str, pos: int) -> tuple[Inline, int] | None:
    for delimiter, kind in _DELIMITERS:
        if _opens(text, pos, delimiter):
            close = _closer(text, pos, delimiter)
            if close is not None:
                inner = text[pos + len(delimiter) : close]
                children = tuple(_inlines(inner, True))
                return Code(kind, delimiter, delimiter, children), close + len(delimiter)
    return None


def _run(text: str, i: int) -> int:
    return len(text[i:]) - len(text[i:].lstrip(text[i]))


def _opens(text: str, pos: int, delimiter: str) -> bool:
    after = text[pos + len(delimiter) : pos + len(delimiter) + 1]
    before = text[pos - 1] if pos else " "
    if not text.startswith(delimiter, pos) or _run(text, pos) != len(delimiter):
        return False
    if before == delimiter[0] or not after or after.isspace():
        return False
    return not (delimiter[0] == "_" and before.isalnum())


def _closer(text: str, pos: int, delimiter: str) -> int | None:
    """Where the emphasis opened at ``pos`` closes: the next run of the same
    length after a non-space (for ``_``, not inside a word)."""
    char, size = delimiter[0], len(delimiter)
    i = pos + size + 1
    while i < len(text):
        c = text[i]
        if c in "\\`":
            i = _code_span(text, i)[1] if c == "`" else i + 2
            continue
        if char in "^~" and c.isspace():
            return None
        if c == char:
            run = _run(text, i)
            after = text[i + run : i + run + 1]
            inword = char == "_" and after.isalnum()
            if run == size and not text[i - 1].isspace() and not inword:
                return i
            i += run
            continue
        i += 1
    return None


def codes(nodes: tuple[Inline, ...] | list[Inline]) -> Iterator[Code]:
    for node in nodes:
        if isinstance(node, Code):
            yield node
            yield from codes(node.children)


def numbered(nodes: list[Inline], counter: Iterator[int]) -> list[Inline]:
    """``nodes`` with their codes numbered 1, 2, ... depth first."""
    return [
        n
        if isinstance(n, str)
        else replace(n, id=str(next(counter)), children=tuple(numbered(list(n.children), counter)))
        for n in nodes
    ]


def aligned(nodes: list[Inline], source: list[Code]) -> list[Inline] | None:
    """A translation's nodes with the ids of the source's codes of the same
    Markdown; an unmatched emphasis becomes text, any other unmatched code
    gives None."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        match = next((s for s in source if (s.start, s.end) == (node.start, node.end)), None)
        children = aligned(list(node.children), source)
        if children is None or (match is None and node.kind not in FORMATS):
            return None
        if match is None:
            out += [node.start, *children, node.end or ""]
            continue
        source.remove(match)
        out.append(replace(node, id=match.id, children=tuple(children)))
    return out
