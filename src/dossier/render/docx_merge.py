"""Merge a DOCX that pandoc wrote (the letter body, the annex) into the
rendered letter template, in place of a placeholder paragraph.

The template keeps its styles, section, headers, footers and settings; the
merged part brings what its text refers to: footnotes, lists (numbering),
pictures and links (relationships, media), bookmarks, and the styles the
template lacks (pandoc adds code highlighting styles to the reference
document's). Each of these is one pass over the merged XML: the time grows
with the length of the text, not with its square.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree
from markupsafe import Markup

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PACKAGE_NS = {
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
# The attribute that marks the paragraph a merged part replaces.
PLACEHOLDER = "dossier-merge"
STYLE_REFS = ("pStyle", "rStyle", "tblStyle")
# Every attribute in the relationships namespace (r:id, r:embed, r:link...).
_REL_ATTRIBUTES = etree.XPath("descendant-or-self::*/@*[namespace-uri()=$ns]")

Element = Any  # lxml elements (lxml ships no type information)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def placeholder(name: str) -> Markup:
    """What the template's ``{{p name }}`` paragraph becomes; :meth:`Merger.merge`
    replaces it by the merged part's text."""
    return Markup(f'<w:p {PLACEHOLDER}="{name}"/>')


@dataclass(frozen=True)
class Rel:
    reltype: str
    target: str  # a URL, or the part's name in the package ("word/media/x.png")
    external: bool


@dataclass
class Source:
    """A DOCX written by pandoc, read into memory."""

    files: dict[str, bytes]
    body: Element
    rels: dict[str, Rel]
    footnotes: Element | None
    footnote_rels: dict[str, Rel]
    numbering: Element | None
    styles: Element | None
    content_types: Element

    def content_type(self, name: str) -> str:
        override = self.content_types.find(f"ct:Override[@PartName='/{name}']", PACKAGE_NS)
        if override is not None:
            return str(override.get("ContentType"))
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        for default in self.content_types.iterfind("ct:Default", PACKAGE_NS):
            if str(default.get("Extension")).lower() == ext:
                return str(default.get("ContentType"))
        return "application/octet-stream"


def read(path: Path) -> Source:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}

    def xml(name: str) -> Element | None:
        return etree.fromstring(files[name]) if name in files else None

    body = etree.fromstring(files["word/document.xml"]).find(_w("body"))
    section = body.find(_w("sectPr"))
    if section is not None:
        body.remove(section)
    return Source(
        files=files,
        body=body,
        rels=_rels(files, "word/document.xml"),
        footnotes=xml("word/footnotes.xml"),
        footnote_rels=_rels(files, "word/footnotes.xml"),
        numbering=xml("word/numbering.xml"),
        styles=xml("word/styles.xml"),
        content_types=xml("[Content_Types].xml"),
    )


def _rels(files: dict[str, bytes], part: str) -> dict[str, Rel]:
    folder, name = posixpath.split(part)
    data = files.get(f"{folder}/_rels/{name}.rels")
    if data is None:
        return {}
    rels = {}
    for rel in etree.fromstring(data).iterfind("rel:Relationship", PACKAGE_NS):
        external = rel.get("TargetMode") == "External"
        target = str(rel.get("Target"))
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        rels[str(rel.get("Id"))] = Rel(str(rel.get("Type")), target, external)
    return rels


class Merger:
    """Merges pandoc's parts into ``document``, a rendered python-docx document."""

    def __init__(self, document: Any) -> None:
        self.part = document.part
        self.body = document.element.body
        self.styles = document.styles.element
        self.numbering = document.part.numbering_part.element
        self.notes_part = document.part.part_related_by(RT.FOOTNOTES)
        self.notes = etree.fromstring(self.notes_part.blob)
        self.partnames = {str(p.partname) for p in document.part.package.iter_parts()}
        self.media: dict[str, Part] = {}  # sha1 of the file -> its part
        self.links: dict[tuple[str, str, str], str] = {}  # (part, type, target) -> rId
        self.next_rid: dict[str, int] = {}
        ids = [int(n.get(_w("id"))) for n in self.notes.iterfind(_w("footnote"))]
        self.next_note = max(ids, default=0) + 1
        marks = [int(m.get(_w("id"))) for m in self.body.iter(_w("bookmarkStart"))]
        self.next_bookmark = max(marks, default=-1) + 1

    def merge(self, name: str, source: Source) -> None:
        """The body of ``source`` in place of the placeholder paragraph ``name``."""
        target = self.body.find(f".//{_w('p')}[@{PLACEHOLDER}='{name}']")
        if target is None:
            raise ValueError(f"the letter template has no paragraph {{{{p {name} }}}}")
        notes = self._footnotes(source)
        self._relationships(source.body, source.rels, self.part, source)
        for note in notes:
            self._relationships(note, source.footnote_rels, self.notes_part, source)
        roots = [source.body, *notes]
        self._numbering(roots, source)
        self._styles(roots, source)
        self._bookmarks(roots)
        for child in list(source.body):
            target.addprevious(child)
        target.getparent().remove(target)

    def close(self) -> None:
        """Write the footnotes back; number the drawings (``wp:docPr/@id``
        must be unique in the document)."""
        drawings = [*self.body.iter(f"{{{WP_NS}}}docPr"), *self.notes.iter(f"{{{WP_NS}}}docPr")]
        for number, drawing in enumerate(drawings, 1):
            drawing.set("id", str(number))
        self.notes_part._blob = etree.tostring(
            self.notes, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    # -- what the merged text refers to ---------------------------------------------

    def _footnotes(self, source: Source) -> list[Element]:
        """The notes the body refers to, renumbered after the template's."""
        refs = list(source.body.iter(_w("footnoteReference")))
        if not refs or source.footnotes is None:
            return []
        notes = {n.get(_w("id")): n for n in source.footnotes.iterfind(_w("footnote"))}
        new_ids: dict[str, str] = {}
        moved = []
        for ref in refs:
            old = str(ref.get(_w("id")))
            if old not in new_ids:
                note = notes[old]
                new_ids[old] = str(self.next_note)
                self.next_note += 1
                note.set(_w("id"), new_ids[old])
                self.notes.append(note)
                moved.append(note)
            ref.set(_w("id"), new_ids[old])
        return moved

    def _relationships(
        self, root: Element, rels: dict[str, Rel], part: Any, source: Source
    ) -> None:
        """Each ``r:`` reference under ``root`` to a relationship of ``part``:
        links as they are, files (pictures) copied once into the package."""
        for value in _REL_ATTRIBUTES(root, ns=R_NS):
            value.getparent().set(value.attrname, self._relate(part, rels[str(value)], source))

    def _relate(self, part: Any, rel: Rel, source: Source) -> str:
        if rel.external:
            target: str | Part = rel.target
            key = (str(part.partname), rel.reltype, rel.target)
        else:
            data = source.files[rel.target]
            target = self._copy(rel.target, data, source)
            key = (str(part.partname), rel.reltype, str(target.partname))
        if key not in self.links:
            rid = self._free_rid(part)
            part.rels.add_relationship(rel.reltype, target, rid, is_external=rel.external)
            self.links[key] = rid
        return self.links[key]

    def _copy(self, name: str, data: bytes, source: Source) -> Part:
        """A file of ``source`` as a part of the package ('word/media/image3.png')."""
        digest = hashlib.sha1(data).hexdigest()
        if digest not in self.media:
            folder, base = posixpath.split(name)
            stem, ext = posixpath.splitext(base)
            stem = "image" if folder.endswith("media") else stem.rstrip("0123456789")
            number = 1
            while f"/{folder}/{stem}{number}{ext}" in self.partnames:
                number += 1
            partname = f"/{folder}/{stem}{number}{ext}"
            self.partnames.add(partname)
            package = self.part.package
            self.media[digest] = Part(PackURI(partname), source.content_type(name), data, package)
        return self.media[digest]

    def _free_rid(self, part: Any) -> str:
        key = str(part.partname)
        number = self.next_rid.get(key, 1)
        while f"rId{number}" in part.rels:
            number += 1
        self.next_rid[key] = number + 1
        return f"rId{number}"

    def _numbering(self, roots: list[Element], source: Source) -> None:
        """The lists the text uses, with ids after the template's."""
        refs = [ref for root in roots for ref in root.iter(_w("numId"))]
        if not refs or source.numbering is None:
            return
        nums = {n.get(_w("numId")): n for n in source.numbering.iterfind(_w("num"))}
        abstracts = {
            a.get(_w("abstractNumId")): a for a in source.numbering.iterfind(_w("abstractNum"))
        }
        ours = self.numbering
        next_num = 1 + max((int(n.get(_w("numId"))) for n in ours.iterfind(_w("num"))), default=0)
        next_abstract = 1 + max(
            (int(a.get(_w("abstractNumId"))) for a in ours.iterfind(_w("abstractNum"))),
            default=-1,
        )
        first_num = ours.find(_w("num"))
        num_ids: dict[str, str] = {}
        abstract_ids: dict[str, str] = {}
        for ref in refs:
            old = str(ref.get(_w("val")))
            if old not in num_ids:
                num = nums.get(old)
                if num is None:  # 0: no list
                    continue
                link = num.find(_w("abstractNumId"))
                old_abstract = str(link.get(_w("val")))
                if old_abstract not in abstract_ids:
                    abstract = abstracts[old_abstract]
                    abstract_ids[old_abstract] = str(next_abstract)
                    next_abstract += 1
                    abstract.set(_w("abstractNumId"), abstract_ids[old_abstract])
                    if first_num is None:
                        ours.append(abstract)
                    else:
                        first_num.addprevious(abstract)
                link.set(_w("val"), abstract_ids[old_abstract])
                num_ids[old] = str(next_num)
                next_num += 1
                num.set(_w("numId"), num_ids[old])
                ours.append(num)
                first_num = num if first_num is None else first_num
            ref.set(_w("val"), num_ids[old])

    def _styles(self, roots: list[Element], source: Source) -> None:
        """Styles are the template's: pandoc's ids are mapped to the template's
        by name; a style the template lacks is copied (with the styles it is
        based on)."""
        if source.styles is None:
            return
        ours = {s.get(_w("styleId")): s for s in self.styles.iterfind(_w("style"))}
        our_ids = {_style_name(s): i for i, s in ours.items() if _style_name(s)}
        theirs = {s.get(_w("styleId")): s for s in source.styles.iterfind(_w("style"))}
        tags = [_w(t) for t in STYLE_REFS]
        refs = [ref for root in roots for ref in root.iter(*tags)]
        renamed: dict[str, str] = {}
        for style_id in dict.fromkeys(str(ref.get(_w("val"))) for ref in refs):
            style = theirs.get(style_id)
            same_name = our_ids.get(_style_name(style)) if style is not None else None
            if same_name is not None and same_name != style_id:
                renamed[style_id] = same_name
            elif style_id not in ours:
                self._copy_style(style_id, ours, theirs)
        for ref in refs if renamed else []:
            value = ref.get(_w("val"))
            if value in renamed:
                ref.set(_w("val"), renamed[value])

    def _copy_style(
        self, style_id: str, ours: dict[str, Element], theirs: dict[str, Element]
    ) -> None:
        style = theirs.get(style_id)
        if style is None or style_id in ours:
            return
        self.styles.append(style)
        ours[style_id] = style
        for tag in ("basedOn", "link"):
            ref = style.find(_w(tag))
            if ref is not None:
                self._copy_style(str(ref.get(_w("val"))), ours, theirs)

    def _bookmarks(self, roots: list[Element]) -> None:
        """Bookmark ids unique in the document (the body's and the annex's
        both start at pandoc's first)."""
        new_ids: dict[str, str] = {}
        start = _w("bookmarkStart")
        for root in roots:
            for mark in root.iter(start, _w("bookmarkEnd")):
                old = str(mark.get(_w("id")))
                if mark.tag == start:
                    new_ids[old] = str(self.next_bookmark)
                    self.next_bookmark += 1
                mark.set(_w("id"), new_ids.get(old, old))


def _style_name(style: Element) -> str | None:
    name = style.find(_w("name"))
    return None if name is None else str(name.get(_w("val")))
