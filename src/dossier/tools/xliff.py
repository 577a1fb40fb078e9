"""Hand translations to translators as XLIFF 2.0, and take them back.

``export`` writes every block (heading, paragraph, table, list, footnote
definition, image line) of the sections whose translation is missing or
stale as one ``<unit>``. The text stays Markdown; the markup a translator
must not change (footnote references, citations, link and image targets,
heading markers) becomes XLIFF inline codes, emphasis becomes ``<pc>``
pairs. ``import_xliff`` rebuilds the Markdown from the targets and records
the source hash the translator worked from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from dossier.check.fences import attr_level, strip_above
from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.files import write_text_atomic
from dossier.core.paths import DOSSIER_FILE
from dossier.core.sourcefile import read_source
from dossier.load.loaded import Dossier
from dossier.load.sections import reader_for, section_path, split_front_matter
from dossier.load.translations import Entry, State, record_source
from dossier.pipeline.loading import load
from dossier.select.edition import prune
from dossier.tools.status import matrix
from dossier.tools.xliff_marks import check_exported, check_marks

Element = Any  # lxml elements (lxml ships no type information)

XLF = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
BEHIND = (State.MISSING, State.STALE, State.UNRECORDED)

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


# --- Markdown blocks and their inline codes -------------------------------------------


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


def _codes(nodes: tuple[Inline, ...] | list[Inline]) -> Iterator[Code]:
    for node in nodes:
        if isinstance(node, Code):
            yield node
            yield from _codes(node.children)


def _numbered(nodes: list[Inline], counter: Iterator[int]) -> list[Inline]:
    """``nodes`` with their codes numbered 1, 2, ... depth first."""
    return [
        n
        if isinstance(n, str)
        else replace(n, id=str(next(counter)), children=tuple(_numbered(list(n.children), counter)))
        for n in nodes
    ]


def _aligned(nodes: list[Inline], source: list[Code]) -> list[Inline] | None:
    """A translation's nodes with the ids of the source's codes of the same
    Markdown; an unmatched emphasis becomes text, any other unmatched code
    gives None."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        match = next((s for s in source if (s.start, s.end) == (node.start, node.end)), None)
        children = _aligned(list(node.children), source)
        if children is None or (match is None and node.kind not in FORMATS):
            return None
        if match is None:
            out += [node.start, *children, node.end or ""]
            continue
        source.remove(match)
        out.append(replace(node, id=match.id, children=tuple(children)))
    return out


# --- Export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    source: list[Inline]
    target: list[Inline] | None
    previous: str | None  # a previous translation that could not be aligned


@dataclass(frozen=True)
class SectionExport:
    entry: Entry
    source_file: str  # relative to the dossier
    source_hash: str
    units: list[Unit]
    note: str


@dataclass
class ExportResult:
    path: Path | None
    sections: list[SectionExport] = field(default_factory=list)


def export(root: Path, lang: str, out: Path | None = None) -> ExportResult:
    """Write the LANG sections that are missing, stale or unrecorded as one
    XLIFF file; nothing when every translation is current."""
    dossier = load(root, draft=True)
    _check_target_language(dossier, lang)
    entries = [e for e in matrix(dossier) if e.lang == lang and e.state in BEHIND]
    sections = [s for s in (_section_export(dossier, e) for e in entries) if s.units]
    if not sections:
        return ExportResult(None)
    path = out or Path("build") / dossier.name / f"{dossier.name}.{lang}.xlf"
    document = xliff_document(str(root), dossier.manifest.source_language, lang, sections)
    write_text_atomic(path, serialise(document))
    return ExportResult(path, sections)


def _check_target_language(dossier: Dossier, lang: str) -> None:
    m = dossier.manifest
    if lang in m.languages and lang != m.source_language:
        return
    others = ", ".join(x for x in m.languages if x != m.source_language)
    problem = "is the source language" if lang == m.source_language else "is not a language"
    raise DossierError(
        [
            Diagnostic(
                dossier.root / DOSSIER_FILE,
                None,
                f"'{lang}' {problem} of this dossier",
                f"translate into one of: {others}" if others else "add a language to 'languages'",
            )
        ]
    )


def _section_export(dossier: Dossier, entry: Entry) -> SectionExport:
    m = dossier.manifest
    source = dossier.section(entry.name, m.source_language)
    limit = max(m.highest_level(entry.lang), 0)
    blocks = exported_blocks(source.path, m.source_language, entry.lang, limit)
    found = sum(1 for b in blocks for c in _codes(tokenize(b)) if c.kind in FORMATS)
    emphasis = found == _pandoc_formats(prune(source.blocks, limit))
    previous = body_blocks(entry.path) if entry.state is not State.MISSING else None
    note = _state_note(entry, m.source_language, previous, len(blocks))
    if previous is not None and len(previous) != len(blocks):
        previous = None
    units = [
        _unit(block, previous[i] if previous else None, emphasis) for i, block in enumerate(blocks)
    ]
    relative = source.path.relative_to(dossier.root).as_posix()
    return SectionExport(entry, relative, source.body_hash, units, note)


def _pandoc_formats(value: Any) -> int:
    """How many emphases pandoc found (a figure's caption repeats its image's
    description: counted once)."""
    if isinstance(value, list):
        return sum(_pandoc_formats(v) for v in value)
    if not isinstance(value, dict):
        return 0
    content: Any = value.get("c")
    if value.get("t") == "Figure":
        content = content[2]
    return (value.get("t") in PANDOC_FORMATS) + _pandoc_formats(content)


def body_blocks(path: Path) -> list[str]:
    return split_blocks(split_front_matter(read_source(path), path)[1])


def exported_blocks(path: Path, lang: str, target: str, limit: int) -> list[str]:
    """The blocks of the source at ``path`` that an edition of level
    ``limit`` (an index of LEVELS) may show: marked passages, headings and
    spans above it left out (see :mod:`dossier.tools.xliff_marks`)."""
    body = split_front_matter(read_source(path), path)[1]
    blocks = split_blocks(strip_above(body, limit))
    cut = [_cut(block, limit) for block in blocks]
    for i, block in enumerate(blocks):
        if not cut[i] and _CAPTION.match(block):  # a marked caption takes its table along
            for j in (i - 1, i + 1):
                if 0 <= j < len(blocks) and _TABLE.search(blocks[j]):
                    cut[j] = ""
    kept = [block for block in cut if block.strip()]
    check_exported("\n\n".join(kept), body, path, reader_for(lang), target, limit)
    return kept


def _cut(block: str, limit: int) -> str:
    """``block`` without its spans, links and images marked above ``limit``;
    nothing of it when it is a heading (or holds code) marked above it."""
    fence = _CODE_INFO.match(block)
    if fence and attr_level(fence.group(1)) > limit:
        return ""
    nodes = _cut_nodes(tokenize(block), limit)
    return "" if nodes is None else markdown(nodes).strip()


_CAPTION = re.compile(r"(?:Table)?:[ \t]")
_TABLE = re.compile(r"^[ \t]*(?:\||\+[-=:+]|-{3,}[ \t-]*$)", re.M)
_CODE_INFO = re.compile(r"[ \t]*(?:`{3,}|~{3,})[ \t]*(\{[^{}\n]*\})")


def _above(markup: str | None, limit: int) -> bool:
    found = re.search(r"\{[^{}]*\}\s*$", markup or "")
    return found is not None and attr_level(found.group(0)) > limit


def _cut_nodes(nodes: list[Inline], limit: int) -> list[Inline] | None:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.kind in ("span", "link", "image") and _above(node.end, limit):
            continue
        elif node.kind == "attributes" and _above(node.start, limit):
            return None
        else:
            children = _cut_nodes(list(node.children), limit)
            if children is None:
                return None
            out.append(replace(node, children=tuple(children)))
    return out


def _unit(block: str, previous: str | None, emphasis: bool) -> Unit:
    source = _numbered(tokenize(block, emphasis=emphasis), itertools.count(1))
    if previous is None:
        return Unit(source, None, None)
    target = _aligned(tokenize(previous, emphasis=emphasis), list(_codes(source)))
    return Unit(source, target, None if target is not None else previous)


def _state_note(entry: Entry, source_lang: str, previous: list[str] | None, count: int) -> str:
    lang = entry.lang
    text = {
        State.MISSING: f"missing: there is no {lang} translation of this section yet.",
        State.STALE: f"stale: the {source_lang} source changed since the {lang} translation "
        "was made.",
        State.UNRECORDED: f"unrecorded: the {lang} translation does not record which version "
        "of the source it translates.",
    }[entry.state]
    if previous is None:
        return text
    if len(previous) != count:
        return (
            f"{text} The previous translation has {len(previous)} blocks and the source "
            f"{count}: no target is proposed."
        )
    return f"{text} Each target is the previous translation: check it against its source."


# --- XLIFF writing --------------------------------------------------------------------


def _el(parent: Element, tag: str, text: str | None = None, **attrib: str) -> Element:
    node = etree.SubElement(parent, tag, attrib)
    node.text = text
    return node


def xliff_document(
    dossier_dir: str, source_lang: str, lang: str, sections: list[SectionExport]
) -> Element:
    root = etree.Element(f"{{{XLF}}}xliff", nsmap={None: XLF, "mda": MDA})
    root.attrib.update({"version": "2.0", "srcLang": source_lang, "trgLang": lang})
    for section in sections:
        _file(root, dossier_dir, section)
    _indent(root, 0)
    return root


def _file(root: Element, dossier_dir: str, section: SectionExport) -> None:
    name = section.entry.name
    file = _el(root, f"{{{XLF}}}file", id=re.sub(r"[^\w.-]", "_", name) or "section")
    file.attrib.update({"original": section.source_file, XML_SPACE: "preserve"})
    group = _el(_el(file, f"{{{MDA}}}metadata"), f"{{{MDA}}}metaGroup", category="dossier")
    meta = {
        "dossier": dossier_dir,
        "section": name,
        "state": str(section.entry.state),
        "source-hash": section.source_hash,
    }
    for key, value in meta.items():
        _el(group, f"{{{MDA}}}meta", value, type=key)
    for i, unit in enumerate(section.units, 1):
        where = f"{name}, block {i} of {len(section.units)} ({section.source_file})"
        notes = {"state": section.note, "section": where, "source-hash": section.source_hash}
        if unit.previous is not None:
            notes["previous-translation"] = unit.previous
        _unit_element(file, f"u{i}", unit, notes)


def _unit_element(file: Element, uid: str, unit: Unit, notes: dict[str, str]) -> None:
    element = _el(file, f"{{{XLF}}}unit", id=uid)
    box = _el(element, f"{{{XLF}}}notes")
    for category, text in notes.items():
        _el(box, f"{{{XLF}}}note", text, category=category)
    data = _data_ids(unit.source)
    if data:
        original = _el(element, f"{{{XLF}}}originalData")
        for text, did in data.items():
            _el(original, f"{{{XLF}}}data", text, id=did)
    state = "translated" if unit.target is not None else "initial"
    segment = _el(element, f"{{{XLF}}}segment", id="s1", state=state)
    _append(_el(segment, f"{{{XLF}}}source"), unit.source, data)
    if unit.target is not None:
        _append(_el(segment, f"{{{XLF}}}target"), unit.target, data)


def _data_ids(nodes: list[Inline]) -> dict[str, str]:
    """Markdown of every code -> the id of its ``<data>`` (shared when equal)."""
    data: dict[str, str] = {}
    for code in _codes(nodes):
        for part in (code.start, code.end):
            if part is not None and part not in data:
                data[part] = f"d{len(data) + 1}"
    return data


def _append(
    parent: Element, nodes: tuple[Inline, ...] | list[Inline], data: dict[str, str]
) -> None:
    for node in nodes:
        if isinstance(node, str):
            last = parent[-1] if len(parent) else None
            if last is None:
                parent.text = (parent.text or "") + node
            else:
                last.tail = (last.tail or "") + node
            continue
        kind, sub_type, deletable = KINDS[node.kind]
        attrib = {"id": node.id, "type": kind, "subType": sub_type}
        if not deletable:
            attrib["canDelete"] = "no"
        if node.end is None:
            attrib.update(dataRef=data[node.start], disp=node.start.strip() or node.start)
            _el(parent, f"{{{XLF}}}ph", **attrib)
            continue
        attrib.update(dataRefStart=data[node.start], dataRefEnd=data[node.end])
        attrib.update(dispStart=node.start, dispEnd=node.end)
        _append(_el(parent, f"{{{XLF}}}pc", **attrib), node.children, data)


_STRUCTURE = {"xliff", "file", "unit", "notes", "originalData", "segment", "metadata", "metaGroup"}


def _indent(element: Element, depth: int) -> None:
    """Indent the structural elements only: the text of sources, targets,
    notes and data stays as it is."""
    if etree.QName(element).localname not in _STRUCTURE or not len(element):
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in element:
        _indent(child, depth + 1)
        child.tail = "\n" + "  " * (depth + 1)
    element[-1].tail = "\n" + "  " * depth


def serialise(root: Element) -> str:
    text: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return text.decode("utf-8") + "\n"


# --- Import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Translated:
    name: str
    source_hash: str
    blocks: list[str]


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def _q(tag: str) -> str:
    return f"{{{XLF}}}{tag}"


def import_xliff(path: Path, dossier_dir: Path | None = None) -> ImportResult:
    """Write the targets of ``path`` into ``sections/<lang>/`` and record the
    source hash each was translated from. Nothing is written on any error."""
    root = _parse(path)
    directory = dossier_dir or _dossier_of(path, root)
    dossier = load(directory, draft=True)
    lang = _check_languages(path, root, dossier)
    problems: list[Diagnostic] = []
    sections = [_translated(path, f, dossier, problems) for f in root.iter(_q("file"))]
    for file, section in zip(root.iter(_q("file")), sections, strict=True):
        if section is not None:
            problems += _marks_kept(path, file.sourceline, dossier, lang, section)
    if problems:
        raise DossierError(problems)
    result = ImportResult()
    for section in filter(None, sections):
        written = _write(dossier, lang, section)
        result.written.append(written)
        result.warnings += _still_stale(dossier, section, written)
    return result


def _marks_kept(
    path: Path, line: int | None, dossier: Dossier, lang: str, section: Translated
) -> list[Diagnostic]:
    """The markings of the translation against those of the text the
    language's editions may show of the current source."""
    m = dossier.manifest
    source = dossier.section(section.name, m.source_language)
    limit = max(m.highest_level(lang), 0)
    exported = exported_blocks(source.path, m.source_language, lang, limit)
    target = "\n\n".join(section.blocks)
    source_text = "\n\n".join(exported)
    return check_marks(path, line, section.name, lang, source_text, target, m.source_language)


def _parse(path: Path) -> Element:
    if not path.is_file():
        raise DossierError([Diagnostic(path, None, "no such file", "check the file name")])
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        message = f"not well-formed XML: {exc.msg}"
        raise DossierError([Diagnostic(path, exc.lineno, message)]) from None
    version = str(root.get("version", ""))
    if root.tag != _q("xliff") or not version.startswith("2.") or root.find(_q("file")) is None:
        message = 'not an XLIFF 2 file (<xliff version="2.0"> in the namespace ' + XLF + ")"
        raise DossierError([Diagnostic(path, root.sourceline, message)])
    return root


def _dossier_of(path: Path, root: Element) -> Path:
    for meta in root.iter(f"{{{MDA}}}meta"):
        if meta.get("type") == "dossier" and meta.text:
            return Path(meta.text)
    hint = "pass --dossier DIR"
    raise DossierError(
        [Diagnostic(path, root.sourceline, "the file does not name its dossier", hint)]
    )


def _check_languages(path: Path, root: Element, dossier: Dossier) -> str:
    m = dossier.manifest
    source, lang = root.get("srcLang"), root.get("trgLang") or ""
    problem = None
    if source != m.source_language:
        problem = f"the source language is '{source}', the dossier's is '{m.source_language}'"
    elif lang not in m.languages or lang == m.source_language:
        others = ", ".join(x for x in m.languages if x != m.source_language)
        problem = f"the target language '{lang}' is not one this dossier translates into ({others})"
    if problem:
        raise DossierError([Diagnostic(path, root.sourceline, problem)])
    return lang


def _file_meta(file: Element) -> dict[str, str]:
    meta = {str(m.get("type")): m.text or "" for m in file.iter(f"{{{MDA}}}meta")}
    for note in file.iter(_q("note")):
        if note.get("category") == "source-hash":
            meta.setdefault("source-hash", (note.text or "").strip())
    if "section" not in meta and file.get("original"):
        meta["section"] = Path(str(file.get("original"))).stem
    return meta


def _translated(
    path: Path, file: Element, dossier: Dossier, problems: list[Diagnostic]
) -> Translated | None:
    meta = _file_meta(file)
    name, source_hash = meta.get("section", ""), meta.get("source-hash", "")
    m = dossier.manifest
    if name not in [*m.letter, *m.annex]:
        problems.append(
            Diagnostic(path, file.sourceline, f"unknown section '{name}'", "check --dossier")
        )
        return None
    if not re.fullmatch(r"[0-9a-f]{64}", source_hash):
        problems.append(Diagnostic(path, file.sourceline, f"{name}: no source hash recorded"))
        return None
    before = len(problems)
    blocks = [_unit_markdown(path, name, u, problems) for u in file.iter(_q("unit"))]
    if len(problems) > before:
        return None
    return Translated(name, source_hash, [b for b in blocks if b])


def _unit_markdown(path: Path, name: str, unit: Element, problems: list[Diagnostic]) -> str:
    codes = _source_codes(unit)
    where = f"unit {unit.get('id')} of {name}"
    parts: list[str] = []
    used: list[str] = []
    for child in unit.iterchildren(_q("segment"), _q("ignorable")):
        target = child.find(_q("target"))
        if target is None and child.tag == _q("ignorable"):
            target = child.find(_q("source"))
        if target is None:
            problems.append(Diagnostic(path, child.sourceline, f"{where} has no target"))
            return ""
        parts.append(_target_text(path, where, target, codes, used, problems))
    text = "".join(parts).strip()
    problems += _lost_codes(path, where, unit, codes, used, text)
    return _fix_block(text, codes, used)


@dataclass
class SourceCode:
    start: str = ""
    end: str = ""
    sub_type: str = ""
    keep: bool = False


def _source_codes(unit: Element) -> dict[str, SourceCode]:
    data = {d.get("id"): d.text or "" for d in unit.iter(_q("data"))}
    codes: dict[str, SourceCode] = {}
    for source in unit.iter(_q("source")):
        for el in source.iter(_q("ph"), _q("pc"), _q("sc"), _q("ec")):
            local = etree.QName(el).localname
            code = codes.setdefault(str(el.get("startRef") or el.get("id")), SourceCode())
            if local in ("ph", "sc"):
                code.start = data.get(el.get("dataRef"), "")
            elif local == "ec":
                code.end = data.get(el.get("dataRef"), "")
            else:
                code.start = data.get(el.get("dataRefStart"), "")
                code.end = data.get(el.get("dataRefEnd"), "")
            code.sub_type = code.sub_type or str(el.get("subType") or "")
            code.keep = code.keep or el.get("canDelete") == "no"
    return codes


def _target_text(
    path: Path,
    where: str,
    element: Element,
    codes: dict[str, SourceCode],
    used: list[str],
    problems: list[Diagnostic],
) -> str:
    out = [element.text or ""]
    for child in element:
        local = etree.QName(child).localname
        ref = str(child.get("startRef") or child.get("id"))
        code = codes.get(ref)
        if local in ("ph", "pc", "sc", "ec") and code is None:
            message = f'{where}: the target has a code <{local} id="{ref}"/> the source has not'
            problems.append(Diagnostic(path, child.sourceline, message))
        elif local in ("ph", "pc", "sc", "ec") and code is not None:
            used.append(ref)
            inner = _target_text(path, where, child, codes, used, problems)
            out.append(_code_text(local, code, inner))
        elif local == "mrk":
            out.append(_target_text(path, where, child, codes, used, problems))
        elif local == "cp":
            out.append(chr(int(str(child.get("hex")), 16)))
        out.append(child.tail or "")
    return "".join(out)


def _code_text(local: str, code: SourceCode, inner: str) -> str:
    return {
        "ph": code.start,
        "pc": code.start + inner + code.end,
        "sc": code.start,
        "ec": code.end,
    }[local]


def _lost_codes(
    path: Path, where: str, unit: Element, codes: dict[str, SourceCode], used: list[str], text: str
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    line = unit.sourceline
    for cid, code in codes.items():
        if code.keep and cid not in used:
            shown = code.start + ("…" + code.end if code.end else "")
            message = f"{where}: the target lacks the code {cid} '{shown}' ({code.sub_type})"
            out.append(Diagnostic(path, line, message, "copy it from the source into the target"))
        elif code.sub_type in BLOCK_SUBTYPES and cid in used and not text.startswith(code.start):
            message = f"{where}: '{code.start.strip()}' must begin the target"
            out.append(Diagnostic(path, line, message, "move the code to the start"))
    return out


def _fix_block(text: str, codes: dict[str, SourceCode], used: list[str]) -> str:
    """A heading stays on one line; a footnote's later lines stay indented."""
    kinds = {codes[c].sub_type for c in used}
    if KINDS["heading"][1] in kinds:
        return " ".join(text.split("\n"))
    if KINDS["footnote-definition"][1] in kinds:
        first, *rest = text.split("\n")
        indented = [ln if not ln.strip() or ln[0] in " \t" else "    " + ln for ln in rest]
        return "\n".join([first, *indented])
    return text


def _write(dossier: Dossier, lang: str, section: Translated) -> Path:
    path = section_path(dossier.root, lang, section.name)
    header = ""
    if path.is_file():
        match = re.match(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", read_source(path), re.S)
        header = match.group(0) + "\n" if match else ""
    write_text_atomic(path, header + "\n\n".join(section.blocks) + "\n")
    record_source(path, section.source_hash)
    return path


def _still_stale(dossier: Dossier, section: Translated, path: Path) -> list[Diagnostic]:
    source = dossier.section(section.name, dossier.manifest.source_language)
    if source.body_hash == section.source_hash:
        return []
    message = f"{source.path} changed after the export: this translation stays stale"
    hint = "export again to translate the changes"
    return [Diagnostic(path, 1, message, hint, Severity.WARNING)]
