"""The targets of a file's units put into the slots of its skeleton: text
becomes words and gaps, each code the node it stands for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from dossier.core import tree
from dossier.core.diagnostics import Diagnostic
from dossier.core.tree import Node
from dossier.tools.xliff.document import Element, qname
from dossier.tools.xliff.units import KINDS, Inline, codes, joined, text_nodes, trimmed, units

CODES = ("ph", "pc", "sc", "ec")


_GAPS = ({"t": "Space"}, {"t": "SoftBreak"})


def filled(
    path: Path, name: str, file: Element, blocks: list[Any], problems: list[Diagnostic]
) -> list[Any]:
    """``blocks`` (a copy of the skeleton) with the targets of ``file`` in
    its slots; a problem for each unit missing, without a target, or whose
    codes differ from its source's."""
    found = units(blocks)
    elements = {str(u.get("id")): u for u in file.iter(qname("unit"))}
    if len(elements) != len(found):
        message = f"{name}: the file has {len(elements)} units, its skeleton {len(found)}"
        problems.append(Diagnostic(path, file.sourceline, message, "export again"))
        return blocks
    new: list[list[Node]] = []
    for i, (_, nodes) in enumerate(found, 1):
        element = elements.get(f"u{i}")
        if element is None:
            message = f"{name}: unit u{i} is missing"
            problems.append(Diagnostic(path, file.sourceline, message, "export again"))
            continue
        new.append(_unit(path, f"unit u{i} of {name}", element, nodes, problems))
    if len(new) == len(found):
        for (slot, _), inlines in zip(found, new, strict=True):
            slot.inlines[:] = inlines
            if slot.mirror is not None:
                slot.mirror[:] = tree.copy(inlines)
    return blocks


class _Target:
    """The reading of one unit's target: the source's codes by id, and the
    ids used so far."""

    def __init__(self, path: Path, where: str, source: list[Inline], problems: list[Diagnostic]):
        self.path, self.where, self.problems = path, where, problems
        self.codes = {c.id: c for c in codes(source)}
        self.used: set[str] = set()

    def problem(self, element: Element, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(self.path, element.sourceline, message, hint))

    def nodes(self, element: Element) -> list[Node]:
        out = text_nodes(element.text or "")
        for child in element:
            local = etree.QName(child).localname
            if local in CODES:
                out += self.code(child, local)
            elif local == "mrk":
                out += self.nodes(child)
            elif local == "cp":
                out += text_nodes(chr(int(str(child.get("hex")), 16)))
            out += text_nodes(child.tail or "")
        return joined(out)

    def code(self, element: Element, local: str) -> list[Node]:
        ref = str(element.get("id") or element.get("startRef"))
        code = self.codes.get(ref)
        if code is None:
            shown = f'<{local} id="{ref}"/>'
            self.problem(element, f"{self.where}: the target has a code {shown} the source has not")
            return []
        if local in ("sc", "ec") or (local == "pc") != (code.end is not None):
            tag = "a <pc> around its text" if code.end is not None else "a <ph/>"
            self.problem(element, f"{self.where}: the code {ref} '{code.start}' must be {tag}")
            return []
        if ref in self.used:
            self.problem(element, f"{self.where}: the target has the code {ref} twice")
            return []
        self.used.add(ref)
        if code.end is None:
            return [code.node]
        inner = self.nodes(element)
        core = trimmed(inner)
        tree.set_children(code.node, core)
        # A gap just inside a pair goes outside it: "* a *" is no emphasis.
        start = next((i for i, n in enumerate(inner) if n not in _GAPS), len(inner))
        return [*inner[:start], code.node, *inner[start + len(core) :]]

    def lost(self, unit: Element) -> None:
        for cid, code in self.codes.items():
            _, sub_type, deletable = KINDS[code.kind]
            if deletable or cid in self.used:
                continue
            shown = code.start + ("…" + code.end if code.end else "")
            message = f"{self.where}: the target lacks the code {cid} '{shown}' ({sub_type})"
            self.problem(unit, message, "copy it from the source into the target")


def _unit(
    path: Path, where: str, unit: Element, source: list[Inline], problems: list[Diagnostic]
) -> list[Node]:
    reading = _Target(path, where, source, problems)
    out: list[Node] = []
    for child in unit.iterchildren(qname("segment"), qname("ignorable")):
        target = child.find(qname("target"))
        if target is None and child.tag == qname("ignorable"):
            target = child.find(qname("source"))
        if target is None:
            problems.append(Diagnostic(path, child.sourceline, f"{where} has no target"))
            return []
        out += reading.nodes(target)
    reading.lost(unit)
    return trimmed(joined(out))
