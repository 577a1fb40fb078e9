"""The XLIFF 2.0 document: its namespaces, and the elements written for
each section (``<file>``, its ``<skeleton>`` the exported AST) and slot
(``<unit>``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from dossier.load.translations import Entry
from dossier.tools.xliff.units import KINDS, Inline, codes

Element = Any  # lxml elements (lxml ships no type information)


XLF = "urn:oasis:names:tc:xliff:document:2.0"


MDA = "urn:oasis:names:tc:xliff:metadata:2.0"


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def qname(tag: str) -> str:
    return f"{{{XLF}}}{tag}"


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
    skeleton: str  # the exported AST (pandoc JSON) the targets fill in
    labels: tuple[str, ...] = ()  # the source's footnote labels, note by note


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
    _el(file, f"{{{XLF}}}skeleton", section.skeleton)
    group = _el(_el(file, f"{{{MDA}}}metadata"), f"{{{MDA}}}metaGroup", category="dossier")
    meta = {
        "dossier": dossier_dir,
        "section": name,
        "state": str(section.entry.state),
        "source-hash": section.source_hash,
    }
    if section.labels:
        meta["note-labels"] = " ".join(section.labels)
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
    for code in codes(nodes):
        for part in (code.start, code.end):
            if part is not None and part not in data:
                data[part] = f"d{len(data) + 1}"
    return data


def _append(parent: Element, nodes: list[Inline], data: dict[str, str]) -> None:
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
