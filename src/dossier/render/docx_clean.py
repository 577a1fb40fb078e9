"""DOCX cleaning: the package rewritten as it is moved into place, with no
metadata but what the dossier declares (title, symbol, language), no author,
template path, comment, tracked change or hidden text, no field or
relationship that reaches outside (the last fence of :mod:`dossier.check.rawxml`),
and every ZIP entry dated by :func:`dossier.core.clock.build_timestamp`.

The parts (``read_package``, ``drop_parts``...), the properties
(``core_properties``), the WordprocessingML (``clean_word_xml``), the ZIP
(``write_package``).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from dossier.core.clock import build_timestamp
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.localise import lang_tag
from dossier.render import PRODUCER

if TYPE_CHECKING:  # the finishing steps do not import the assembling stage
    from dossier.assemble.compose import Document


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
# Parts that hold people, comments or other metadata, with nothing to lay out.
DROPPED_PARTS = re.compile(
    r"docProps/(custom\.xml|thumbnail\.\w+)|word/(comments\w*|people)\.xml|customXml/.*"
)
# Relationships (from settings.xml) to a template or a mail-merge source.
DROPPED_RELS = re.compile(r".*/(attachedTemplate|mailMerge\w*)")
# Elements removed wherever they are: spelling marks, editing permissions
# (they name users), comment anchors, earlier formatting of tracked changes,
# the template, session ids and variables of settings.xml.
DROPPED = [f"{{{W}}}{tag}" for tag in (
    "proofErr", "permStart", "permEnd", "commentRangeStart", "commentRangeEnd",
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "moveFromRangeStart",
    "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "cellIns",
    "attachedTemplate", "rsids", "docVars", "mailMerge",
)] + [f"{{{W14}}}docId", f"{{{W15}}}docId"]  # fmt: skip
# Attributes that record editing sessions (w:rsid*) or are random ids.
RSID = f"{{{W}}}rsid"
RANDOM_IDS = {f"{{{W14}}}paraId", f"{{{W14}}}textId"}
# Where w:ins and w:del mark a paragraph mark, a row or a number, not content.
MARK_PARENTS = {f"{{{W}}}{tag}" for tag in ("rPr", "trPr", "numPr", "pPr")}
OFF = {"0", "false", "off"}
ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the first date a ZIP entry can hold
ZIP_LAST = 4354819198  # 2107-12-31T23:59:58Z, the last one
COMPRESS_LEVEL = 6

Element = Any  # lxml elements (lxml ships no type information)


def finish_docx(path: Path, doc: Document) -> None:
    """Rewrite the package clean: properties, parts, markup, ZIP entries."""
    parts = read_package(path.read_bytes())
    drop_parts(parts, [name for name in parts if DROPPED_PARTS.fullmatch(name)])
    drop_relationships(parts, DROPPED_RELS)
    hidden = _hidden_styles(parts)
    for name in [n for n in parts if n.startswith("word/") and n.endswith(".xml")]:
        parts[name] = _serialise(clean_word_xml(_parse(parts[name]), hidden))
    _refuse_reaching_out(parts, doc)
    when = build_timestamp(doc)
    parts["docProps/core.xml"] = core_properties(doc, when)
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = app_properties()
    path.write_bytes(write_package(parts, when))


def _refuse_reaching_out(parts: dict[str, bytes], doc: Document) -> None:
    """The last fence of :mod:`dossier.check.rawxml`: no field that fetches, no
    external relationship but an http, https or mailto hyperlink."""
    from dossier.check import rawxml  # lxml: not imported by the commands that build nothing

    problems = rawxml.package_problems(parts)
    if problems:
        where = f"{doc.lang} docx: the document would hold"
        hint = "Word would reach outside the document when it opens it: remove it from the dossier"
        raise DossierError([Diagnostic(None, None, f"{where} {p}", hint) for p in problems])


def read_package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def write_package(parts: dict[str, bytes], when: int) -> bytes:
    """The ZIP: content types first, the package relationships next, then
    every part by name; one date, one mode, one compression level."""
    first = [name for name in (CONTENT_TYPES, ROOT_RELS) if name in parts]
    stamp = _utc(min(max(when, ZIP_EPOCH), ZIP_LAST)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in first + sorted(set(parts) - set(first)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, whatever system builds
            info.external_attr = 0o644 << 16
            package.writestr(info, parts[name], zipfile.ZIP_DEFLATED, COMPRESS_LEVEL)
    return out.getvalue()


def _parse(data: bytes) -> Element:
    from lxml import etree  # not imported by the commands that build nothing

    return etree.fromstring(data, etree.XMLParser(remove_blank_text=False, resolve_entities=False))


def _serialise(root: Element) -> bytes:
    from lxml import etree

    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


# -- parts and relationships --


def rels_of(name: str) -> str:
    """The relationships part of part ``name``.

    >>> rels_of("word/document.xml")
    'word/_rels/document.xml.rels'
    """
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _source_folder(rels: str) -> str:
    """The folder relationship targets of ``rels`` are relative to."""
    return posixpath.dirname(posixpath.dirname(rels))


def _target(rels: str, relationship: Element) -> str | None:
    """The part a relationship points to, None for an external one."""
    if relationship.get("TargetMode") == "External":
        return None
    target = str(relationship.get("Target", ""))
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(_source_folder(rels), target))


def drop_parts(parts: dict[str, bytes], names: list[str]) -> None:
    """Remove parts, their own relationships, the relationships to them and
    their content types."""
    doomed = set(names)
    for name in doomed:
        parts.pop(name, None)
        parts.pop(rels_of(name), None)
    for rels in [n for n in parts if n.endswith(".rels")]:
        _filter_rels(parts, rels, lambda source, r: _target(source, r) in doomed)
    if CONTENT_TYPES in parts:
        types = _parse(parts[CONTENT_TYPES])
        for override in types.findall(f"{{{CT}}}Override"):
            if str(override.get("PartName", "")).lstrip("/") in doomed:
                types.remove(override)
        parts[CONTENT_TYPES] = _serialise(types)


def drop_relationships(parts: dict[str, bytes], types: re.Pattern[str]) -> None:
    """Remove the relationships of the given types (a template, a data source)."""
    for rels in [n for n in parts if n.endswith(".rels")]:
        _filter_rels(parts, rels, lambda _, r: bool(types.fullmatch(str(r.get("Type", "")))))


def _filter_rels(
    parts: dict[str, bytes], rels: str, doomed: Callable[[str, Element], bool]
) -> None:
    """Remove from ``rels`` the relationships ``doomed(rels, relationship)``."""
    root = _parse(parts[rels])
    gone = [r for r in root.findall(f"{{{REL}}}Relationship") if doomed(rels, r)]
    if not gone:
        return
    for relationship in gone:
        root.remove(relationship)
    parts[rels] = _serialise(root)


# -- properties --

CORE_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
    "<dc:language>{language}</dc:language><cp:keywords></cp:keywords>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
    "</cp:coreProperties>"
)
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>{application}</Application></Properties>'
)


def core_properties(doc: Document, when: int) -> bytes:
    """Title, symbol, language and the build's date; nobody's name."""

    text = CORE_XML.format(
        title=escape(doc.meta.get("title", "")),
        subject=escape(doc.symbol),
        language=escape(lang_tag(doc.lang)),
        when=_utc(when).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    return text.encode("utf-8")


def app_properties() -> bytes:
    """The program and nothing else: no template, company, manager, editing
    time or hyperlink base (nor page and word counts, which are not the document's)."""
    return APP_XML.format(application=PRODUCER).encode("utf-8")


# -- WordprocessingML --


def clean_word_xml(root: Element, hidden_styles: set[str]) -> Element:
    """One part of the document cleaned: revisions accepted, comments and
    hidden text gone, no editing-session ids, no image file paths."""
    accept_revisions(root)
    drop_comment_marks(root)
    drop_hidden(root, hidden_styles)
    for node in list(root.iter(*DROPPED)):
        _remove(node)
    drop_go_back(root)
    for node in root.iter():
        for key in [k for k in node.attrib if k.startswith(RSID) or k in RANDOM_IDS]:
            del node.attrib[key]
    image_descriptions(root)
    return root


def _remove(node: Element) -> None:
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def _unwrap(node: Element) -> None:
    """Put ``node``'s children in its place."""
    parent = node.getparent()
    index = parent.index(node)
    for offset, child in enumerate(list(node)):
        parent.insert(index + offset, child)
    parent.remove(node)


def drop_go_back(root: Element) -> None:
    """Word's bookmark of where the last edit was."""
    starts = [b for b in root.iter(f"{{{W}}}bookmarkStart") if b.get(f"{{{W}}}name") == "_GoBack"]
    idents = {b.get(f"{{{W}}}id") for b in starts}
    ends = [b for b in root.iter(f"{{{W}}}bookmarkEnd") if b.get(f"{{{W}}}id") in idents]
    for node in starts + ends:
        _remove(node)


def accept_revisions(root: Element) -> None:
    """Tracked changes accepted: deletions gone, insertions kept as text,
    a deleted paragraph mark joins its paragraph to the next one, a deleted
    row goes, the marks of the rest are dropped."""
    deletions = list(root.iter(f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{W}}}cellDel"))
    for node in deletions:
        _accept_deletion(node)
    for node in list(root.iter(f"{{{W}}}ins", f"{{{W}}}moveTo")):
        if node.getparent() is None:
            continue
        if node.getparent().tag in MARK_PARENTS:
            _remove(node)
        else:
            _unwrap(node)


def _accept_deletion(node: Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tag == f"{{{W}}}cellDel":
        _remove(parent.getparent())  # the cell (tcPr's parent)
    elif parent.tag == f"{{{W}}}trPr":
        _remove(parent.getparent())  # the row
    elif parent.tag == f"{{{W}}}rPr" and parent.getparent().tag == f"{{{W}}}pPr":
        _remove(node)
        _join_next(parent.getparent().getparent())
    else:  # deleted content, or the mark of a deleted number
        _remove(node)


def _join_next(paragraph: Element) -> None:
    """A paragraph whose mark was deleted: its content moves to the start of
    the next paragraph (which keeps its own properties)."""
    following = paragraph.getnext()
    if following is None or following.tag != f"{{{W}}}p" or paragraph.tag != f"{{{W}}}p":
        return
    content = [c for c in paragraph if c.tag != f"{{{W}}}pPr"]
    start = 1 if following.find(f"{{{W}}}pPr") is not None else 0
    for offset, child in enumerate(content):
        following.insert(start + offset, child)
    _remove(paragraph)


def drop_comment_marks(root: Element) -> None:
    """The comment references (their runs too when nothing else is in them)."""
    for reference in list(root.iter(f"{{{W}}}commentReference")):
        run = reference.getparent()
        run.remove(reference)
        if all(child.tag == f"{{{W}}}rPr" for child in run):
            _remove(run)


def _hidden_styles(parts: dict[str, bytes]) -> set[str]:
    """The styles that hide their text (w:vanish in their run properties)."""
    if "word/styles.xml" not in parts:
        return set()
    styles = _parse(parts["word/styles.xml"])
    return {
        str(style.get(f"{{{W}}}styleId"))
        for style in styles.iter(f"{{{W}}}style")
        if _vanishes(style.find(f"{{{W}}}rPr"))
    }


def _vanishes(props: Element | None) -> bool | None:
    """Whether run properties hide the text: True, False, None (unsaid)."""
    flag = None if props is None else props.find(f"{{{W}}}vanish")
    if flag is None:
        return None
    return str(flag.get(f"{{{W}}}val", "true")).lower() not in OFF


def drop_hidden(root: Element, hidden_styles: set[str]) -> None:
    """Runs of hidden text, and the paragraphs left empty whose mark is hidden."""
    for paragraph in list(root.iter(f"{{{W}}}p")):
        style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        in_hidden = style is not None and style.get(f"{{{W}}}val") in hidden_styles
        for run in list(paragraph.iter(f"{{{W}}}r")):
            if _run_hidden(run, in_hidden, hidden_styles):
                _remove(run)
        if _mark_hidden(paragraph, in_hidden) and _removable(paragraph):
            _remove(paragraph)


def _run_hidden(run: Element, in_hidden: bool, hidden_styles: set[str]) -> bool:
    props = run.find(f"{{{W}}}rPr")
    direct = _vanishes(props)
    if direct is not None:
        return direct
    style = None if props is None else props.find(f"{{{W}}}rStyle")
    return in_hidden or (style is not None and style.get(f"{{{W}}}val") in hidden_styles)


def _mark_hidden(paragraph: Element, in_hidden: bool) -> bool:
    direct = _vanishes(paragraph.find(f"{{{W}}}pPr/{{{W}}}rPr"))
    return in_hidden if direct is None else direct


def _removable(paragraph: Element) -> bool:
    """An empty paragraph that ends no section and is not its cell's only one."""
    if paragraph.find(f".//{{{W}}}r") is not None:
        return False
    if paragraph.find(f"{{{W}}}pPr/{{{W}}}sectPr") is not None:
        return False
    parent = paragraph.getparent()
    return parent is not None and len(parent.findall(f"{{{W}}}p")) > 1


def image_descriptions(root: Element) -> None:
    """Pandoc writes the image's file path (the builder's folders) as the
    picture's description: the drawing's alternative text replaces it."""
    for drawing in root.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"):
        frame = drawing.find(f"{{{WP}}}docPr")
        alt = None if frame is None else frame.get("descr")
        for picture in drawing.iter(f"{{{PIC}}}cNvPr"):
            if alt:
                picture.set("descr", alt)
            elif "descr" in picture.attrib:
                del picture.attrib["descr"]
