"""Select what one edition may contain.

Classification levels: public < restricted < confidential < secret. A level
may be set on a section (``classification:`` in the front matter of its
source file; translations follow their source), on any element of the
Markdown that carries attributes, at any depth (see :mod:`dossier.check.marking`:
a div, a span, a heading, a code block, a link, an image, a table, a
figure, inside lists, quotes, tables, notes and captions), on an incident
record and on an exhibit. An edition holds everything up to its ``max``
level; the rest is withheld, and returned as such so that the finished
outputs can be scanned for any trace of it.

A marked element is withheld whole: a heading marked ``{.restricted}`` goes
with its text (not with the section under it). An element left empty by
what it held being withheld (a list item, a paragraph, a quote, a note, a
figure, a link) goes too, so that no empty bullet or number shows the gap.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.check import marking
from dossier.check.anchors import unlink_lost
from dossier.core import pandoc, tree
from dossier.core.actors import RELEASE_LEVELS, shown_fields
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.model import LEVELS, Edition, level
from dossier.core.section import Section
from dossier.core.sourcefile import read_source
from dossier.load.actors import Actors
from dossier.load.loaded import Dossier


@dataclass(frozen=True)
class Withheld:
    """Something an edition must not show: its identifier and its text."""

    kind: str  # section, block, record, exhibit, field (of a person or entity)
    ident: str
    level: str
    source: Path
    text: str = ""
    lang: str = ""  # the language of ``source`` (for a block: the file it is cut from)
    copies: tuple[str, ...] = ()  # an exhibit's: SHA-256 of its pictures' re-encoded copies


def block_level(block: dict[str, Any]) -> str | None:
    """The classification a node carries (``::: {.confidential}``,
    ``[x]{.secret}``, ``{classification=restricted}``), None when none."""
    lvl = marking.node_level(block)
    return None if lvl is None else _name(lvl)


def _name(lvl: int) -> str:
    return LEVELS[min(lvl, len(LEVELS) - 1)]


def front_level(value: Any) -> str | None:
    """A ``classification:`` value of front matter as a level, any case;
    None when it names none."""
    word = str(value).strip().lower() if value is not None else "public"
    return word if word in LEVELS else None


def section_level(section: Section) -> str:
    """The level of a section; an unknown value (refused by the check)
    counts as the highest."""
    return front_level(section.front_matter.get("classification")) or LEVELS[-1]


def check_levels(sections: Iterable[Section]) -> list[Diagnostic]:
    """Unknown levels in section front matter, and keys that look like
    ``classification`` but are not, are errors."""
    out: list[Diagnostic] = []
    for section in sections:
        for key in section.front_matter:
            lowered = str(key).lower()
            if key != "classification" and marking._distance(lowered, "classification") <= 3:
                out.append(
                    Diagnostic(
                        section.path,
                        2,
                        f"'{key}' looks like 'classification' but is not",
                        "write 'classification: restricted' (or public, confidential, secret)",
                    )
                )
        value = section.front_matter.get("classification")
        if value is not None and front_level(value) is None:
            out.append(
                Diagnostic(
                    section.path,
                    2,
                    f"'{value}' is not a classification",
                    f"use one of: {', '.join(LEVELS)}",
                )
            )
    return out


def select(dossier: Dossier, edition: Edition) -> tuple[Dossier, list[Withheld]]:
    """The dossier as ``edition`` may show it, and what was withheld."""
    limit = level(edition.max)
    withheld: list[Withheld] = []
    m = dossier.manifest
    sections: dict[tuple[str, str], Section] = {}
    for (name, lang), section in dossier.sections.items():
        source = dossier.sections.get((name, m.source_language), section)
        lvl = section_level(source)
        if level(lvl) > limit:
            text = _lines(section.blocks)
            withheld.append(Withheld("section", name, lvl, section.path, text, lang))
            sections[(name, lang)] = dataclasses.replace(section, blocks=[])
            continue
        pruner = Pruner(limit, name, section.path, lang, withheld)
        sections[(name, lang)] = dataclasses.replace(section, blocks=pruner.blocks(section.blocks))
    evidence = dossier.evidence
    if evidence is not None:
        evidence = _select_evidence(evidence, limit, withheld)
    actors = dossier.actors and _select_actors(dossier.actors, limit, m.source_language, withheld)
    selected = dataclasses.replace(dossier, sections=sections, evidence=evidence, actors=actors)
    return unlink_lost(selected), _unique(withheld)


def prune(blocks: list[Any], limit: int) -> list[Any]:
    """``blocks`` without what is marked above ``limit`` (a level index)."""
    return Pruner(limit, "", Path(), "", []).blocks(blocks)


def shown_digest(path: Path, lang: str, max_level: str) -> str:
    """SHA-256 of what an edition of ``max_level`` shows of a Markdown file
    (its AST as pandoc reads it, pruned, as compact JSON): the hash a public
    manifest gives of a file it shows only in part, which neither tells how
    much was withheld nor confirms a guess of it."""
    from dossier.load.sections import markdown_body, reader_for

    body = markdown_body(read_source(path))
    blocks, _ = pandoc.parse_markdown(body, reader_for(lang))
    data = json.dumps(prune(blocks, level(max_level)), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# Nodes that go when what they held was withheld: content at this index.
_EMPTIED = {
    "Para": None,
    "Plain": None,
    "BlockQuote": None,
    "Note": None,
    "Emph": None,
    "Strong": None,
    "Underline": None,
    "Strikeout": None,
    "Superscript": None,
    "Subscript": None,
    "SmallCaps": None,
    "Header": 2,
    "Div": 1,
    "Span": 1,
    "Link": 1,
    "Quoted": 1,
    "Cite": 1,
    "Figure": 2,
}
_BLANK = frozenset({"Space", "SoftBreak", "LineBreak"})
_DROP: Any = object()


@dataclass
class Pruner:
    """Removes the nodes marked above ``limit`` from an AST, copying only
    what changes, and records each as withheld."""

    limit: int
    where: str
    path: Path
    lang: str
    withheld: list[Withheld] = field(default_factory=list)

    def blocks(self, blocks: list[Any]) -> list[Any]:
        if all(lvl <= self.limit for _, lvl in marking.marked(blocks)):
            return blocks  # the common case, found by the faster walk
        new = self._list(blocks)
        return new if new is not _DROP else []

    def _list(self, items: list[Any]) -> Any:
        out: list[Any] | None = None
        for i, item in enumerate(items):
            new = self._item(item)
            if new is not item and out is None:
                out = items[:i]
            if out is not None and new is not _DROP:
                out.append(new)
        return items if out is None else out

    def _item(self, item: Any) -> Any:
        if isinstance(item, list):
            return self._list(item)
        if not isinstance(item, dict) or item.get("t") in _BLANK or item.get("t") == "Str":
            return item
        kind = item.get("t")
        if kind is None:
            return self._citation(item) if "citationId" in item else item
        lvl = marking.node_level(item) if kind in marking.WITH_ATTR else None
        if lvl is not None and lvl > self.limit:
            self._withhold(item, lvl)
            return _DROP
        content = item.get("c")
        if kind in tree.LEAVES or not isinstance(content, list):
            return item
        new = self._list(content)
        if new is content:
            return item
        return _DROP if _empty(kind, new) else {"t": kind, "c": _tidy(kind, new)}

    def _citation(self, item: dict[str, Any]) -> dict[str, Any]:
        """A citation of a Cite: its prefix and suffix are inlines the
        footnote prints (``[see [x]{.restricted} @key, p. 4]``)."""
        prefix, suffix = item["citationPrefix"], item["citationSuffix"]
        new_prefix, new_suffix = self._list(prefix), self._list(suffix)
        if new_prefix is prefix and new_suffix is suffix:
            return item
        return {**item, "citationPrefix": new_prefix, "citationSuffix": new_suffix}

    def _withhold(self, node: dict[str, Any], lvl: int) -> None:
        attr = marking.attr_of(node) or ["", [], []]
        ident = attr[0] or f"{self.where}#{len(self.withheld) + 1}"
        text = withheld_text(node)
        self.withheld.append(Withheld("block", ident, _name(lvl), self.path, text, self.lang))


def _blank(items: list[Any]) -> bool:
    return all(isinstance(i, dict) and i.get("t") in _BLANK for i in items)


def _empty(kind: str, content: list[Any]) -> bool:
    """Whether a node whose content changed is left with nothing to show."""
    if kind in ("BulletList", "OrderedList", "DefinitionList"):
        return not _items(kind, _tidy(kind, content))
    if kind not in _EMPTIED:
        return False
    at = _EMPTIED[kind]
    inner = content if at is None else content[at]
    return isinstance(inner, list) and _blank(inner)


def _items(kind: str, content: list[Any]) -> list[Any]:
    items: list[Any] = content[1] if kind == "OrderedList" else content
    return items


def _tidy(kind: str, content: list[Any]) -> list[Any]:
    """A list without the items (and definitions) left empty; a Cite
    whose citations changed, with its literal text written anew from them
    (pandoc keeps the whole ``[@key, ...]`` as it was typed there)."""
    if kind == "Cite":
        return [content[0], _cite_text(content[0])]
    if kind == "BulletList":
        return [item for item in content if item]
    if kind == "OrderedList":
        return [content[0], [item for item in content[1] if item]]
    if kind == "DefinitionList":
        kept = [[term, [d for d in defs if d]] for term, defs in content]
        return [item for item in kept if item[1]]
    return content


def _cite_text(citations: list[Any]) -> list[Any]:
    """The literal inlines of a Cite of ``citations`` (what shows where no
    citation processor replaces it)."""
    parts = []
    for c in citations:
        words = [tree.stringify(c["citationPrefix"]).strip(), f"@{c['citationId']}"]
        parts.append(
            " ".join(w for w in [*words, tree.stringify(c["citationSuffix"]).strip()] if w)
        )
    return tree.text(f"[{'; '.join(parts)}]")


def withheld_text(node: Any) -> str:
    """The words of a withheld node, code and link targets included (an
    image's file is no text an output shows)."""
    parts = [_lines(tree.children(node)) if node.get("t") == "Div" else tree.stringify(node)]
    for inner in tree.find(node, {"Code", "CodeBlock", "Link"}):
        if inner["t"] in ("Code", "CodeBlock"):
            parts.append(tree.text_of(inner))
        else:
            parts.append(tree.target_of(inner))
    return " ".join(p for p in parts if p)


def _select_evidence(evidence: Any, limit: int, withheld: list[Withheld]) -> Any:
    records = []
    for record in evidence.records:
        inc = record.incident
        if level(inc.classification) > limit:
            text = "\n".join(_lines(n.blocks) for n in record.narratives.values())
            withheld.append(Withheld("record", inc.id, inc.classification, record.path, text))
            withheld += [
                Withheld("exhibit", e.file, inc.classification, record.path, e.sha256)
                for e in inc.exhibits
            ]
            continue
        kept = []
        for exhibit in inc.exhibits:
            if level(exhibit.classification) > limit:
                withheld.append(
                    Withheld(
                        "exhibit", exhibit.file, exhibit.classification, record.path, exhibit.sha256
                    )
                )
            else:
                kept.append(exhibit)
        narratives = {
            lang: dataclasses.replace(
                n, blocks=Pruner(limit, inc.id, n.path, lang, withheld).blocks(n.blocks)
            )
            for lang, n in record.narratives.items()
        }
        incident = inc.model_copy(update={"exhibits": kept})
        records.append(dataclasses.replace(record, incident=incident, narratives=narratives))
    return dataclasses.replace(evidence, records=tuple(records))


def _select_actors(actors: Actors, limit: int, lang: str, withheld: list[Withheld]) -> Actors:
    """Persons and entities as an edition shows them: a record above it
    left out, and of the others each field above it (its release level)."""
    kept = []
    for actor in actors.actors:
        rec = actor.record
        if level(rec.classification) > limit:
            text = _lines(actor.blocks)
            withheld.append(Withheld("record", rec.id, rec.classification, actor.path, text))
            continue
        record, hidden = shown_fields(rec, limit)
        for value, release in hidden:
            level_name = RELEASE_LEVELS[release]
            withheld.append(Withheld("field", value, level_name, actor.path, "", lang))
        blocks = Pruner(limit, rec.id, actor.path, lang, withheld).blocks(actor.blocks)
        kept.append(dataclasses.replace(actor, record=record, blocks=blocks))
    return dataclasses.replace(actors, actors=tuple(kept))


def _lines(blocks: list[Any]) -> str:
    """The text of ``blocks``, one line a block: a heading and the
    paragraph after it are two sentences to the leak scan, not one."""
    return "\n".join(tree.stringify(block) for block in blocks)


def _unique(items: list[Withheld]) -> list[Withheld]:
    """One item per (kind, ident), holding the text of every language
    version: the French version of a withheld section is as secret as the
    English one, and the scan must know its sentences too."""
    found: dict[tuple[str, str], Withheld] = {}
    for item in items:
        key = (item.kind, item.ident)
        seen = found.get(key)
        if seen is None:
            found[key] = item
        elif item.text and item.text not in seen.text:
            found[key] = dataclasses.replace(seen, text=f"{seen.text}\n{item.text}")
    return list(found.values())


def translation_marks(source: Any, translation: Any, limit: int, source_path: Path) -> str | None:
    """Why a translation does not keep the markings of its source (a
    ``:::`` fence dropped by hand would publish the passage it held), or
    None when it keeps them all or leaves out exactly the passages above
    ``limit``, the highest level of the editions in its language (as
    ``dossier translation export`` does)."""
    got, full = marking.skeleton(translation), marking.skeleton(source)
    if got == full or got == marking.skeleton(prune(source, limit)):
        return None
    return (
        f"the markings differ from those of {source_path}: the source has "
        f"{_marks(full)}, the translation {_marks(got)}"
    )


def marks_diagnostic(path: Path, message: str, limit: int, current: bool) -> Diagnostic:
    """An error when the translation is current, a warning when it is stale
    (its source changed since: it may simply lack a new passage)."""
    hint = (
        "keep every ':::' fence, span and heading marking of the source around the "
        f"translation of the same text, or leave out the passages above {LEVELS[limit]} whole"
    )
    return Diagnostic(path, None, message, hint, Severity.ERROR if current else Severity.WARNING)


def _marks(marks: list[tuple[str, str]]) -> str:
    return ", ".join(f"{lvl} {kind}" for kind, lvl in marks) or "none"
