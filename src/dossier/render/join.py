"""Join the parts of a PDF compiled in parts (:mod:`dossier.render.parts`)
into one PDF with pikepdf: the first part's catalogue, the kept pages of
every part, one structure tree (one Document element, one parent tree, one
ID tree), one outline, and the page numbers drawn over the pages.

Imported only when a PDF is compiled in parts: pikepdf stays off the path
of every other render.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf

from dossier.render.parts import CannotSplit, Part


def join(parts: list[Part], numbers: Path, out: Path) -> None:
    """Join the kept pages of ``parts`` into ``out``: the first part's
    catalogue (metadata, language, output intent), every part's structure
    elements under one Document element, one parent tree, one ID tree and
    one outline; the pages of ``numbers`` drawn over them as artifacts."""
    with pikepdf.open(parts[0].path) as base:
        joined = Joined(base)
        joined.add(base, parts[0].keep)
        for part in parts[1:]:
            with pikepdf.open(part.path) as other:
                joined.add(other, part.keep)
        joined.finish()
        with pikepdf.open(numbers) as drawn:
            if len(drawn.pages) != len(base.pages):
                raise CannotSplit("the numbers do not match the pages")
            for page, over in zip(base.pages, drawn.pages, strict=True):
                overlay(base, page, over)
        base.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )


HEADING = re.compile(r"/H([1-6])")
# Structure elements that neither are nor hold what the joining changes (an
# ID, a table cell's headers, a heading): not walked.
INLINE = frozenset(
    {"/Span", "/Em", "/Strong", "/Link", "/Lbl", "/Datetime", "/Code", "/Quote", "/Formula"}
)


class Joined:
    """The joined document as it is being made in ``base``, part by part."""

    def __init__(self, base: Any) -> None:
        self.base = base
        self.document = document_of(base)
        self.kids: list[Any] = []
        self.parents: list[Any] = []  # parent tree values, by new key
        self.outline: list[Any] = []  # items, in order
        self.levels: list[int] = []  # of the headings, in order
        self.ids: dict[str, Any] = {}
        self.parts = 0

    def add(self, pdf: Any, keep: int) -> None:
        """The first ``keep`` pages of ``pdf`` and what is on them."""
        pages = list(pdf.pages)
        kept = pages[:keep]
        dropped = {page.obj.objgen for page in pages[keep:]}
        every = list(document_of(pdf).K)
        kids = kept_elements(every, dropped)
        survey = Survey(kids, identified=name_tree(pdf.Root.StructTreeRoot.get("/IDTree")))
        survey.drop(Survey(every[len(kids) :], deep=True).identified)
        tree = number_tree(pdf.Root.StructTreeRoot.ParentTree)
        items = [i for i in outline_items(pdf) if page_of(i.get("/Dest")) not in dropped]
        keys = parent_keys(kept)
        values = [tree[key] for _, _, key in keys]
        if pdf is self.base:
            for _ in pages[keep:]:
                del self.base.pages[-1]
            new_pages = [page.obj for page in kept]
            elements = list(survey.identified.values())
        else:
            survey.rename(f" ({self.parts + 1})")
            for kid in kids:
                del kid["/P"]  # not the part's Document element
            new_pages = self._append_pages(kept)
            bundle = [kids, items, list(survey.identified.values()), values]
            kids, items, elements, values = self._copy_in(pdf, bundle)
        self._take(kids, items, survey, elements)
        self._number_parents(keys, values, new_pages)
        self.parts += 1

    def _append_pages(self, kept: list[Any]) -> list[Any]:
        """The pages of a later part at the end of ``base``: their copies."""
        new_pages = []
        for page in kept:
            self.base.pages.append(page)
            new_pages.append(self.base.pages[-1].obj)
        return new_pages

    def _copy_in(self, pdf: Any, bundle: list[list[Any]]) -> list[list[Any]]:
        """Lists of objects of a later part copied into ``base`` in one copy:
        what refers to the same object refers to one copy."""
        copied = self.base.copy_foreign(
            pdf.make_indirect(pikepdf.Array([pikepdf.Array(things) for things in bundle]))
        )
        return [list(things) for things in copied]

    def _take(self, kids: list[Any], items: list[Any], survey: Survey, elements: list[Any]) -> None:
        """A part's structure elements under the Document, its outline items
        and headings, its IDs (which must be new)."""
        for kid in kids:
            kid.P = self.document
        self.kids.extend(kids)
        self.outline.extend(items)
        self.levels.extend(survey.levels)
        for name, element in zip(survey.identified, elements, strict=True):
            if name in self.ids:
                raise CannotSplit(f"two structure elements have the ID {name!r}")
            self.ids[name] = element

    def _number_parents(
        self, keys: list[tuple[int, int | None, int]], values: list[Any], new_pages: list[Any]
    ) -> None:
        """The next keys of the parent tree, for the pages and their links."""
        for (page, annotation, _), value in zip(keys, values, strict=True):
            holder = new_pages[page]
            if annotation is None:
                holder.StructParents = len(self.parents)
            else:
                holder.Annots[annotation].StructParent = len(self.parents)
            self.parents.append(value)

    def finish(self) -> None:
        base = self.base
        self.document.K = pikepdf.Array(self.kids)
        root = base.Root.StructTreeRoot
        nums = pikepdf.Array()
        for number, value in enumerate(self.parents):
            nums.append(number)
            nums.append(value)
        root.ParentTree = base.make_indirect(pikepdf.Dictionary(Nums=nums))
        root.ParentTreeNextKey = len(self.parents)
        names = pikepdf.Array()
        for key in sorted(self.ids, key=lambda k: k.encode("utf-16-be")):
            names.append(pikepdf.String(key))
            names.append(self.ids[key])
        root.IDTree = base.make_indirect(pikepdf.Dictionary(Names=names))
        if len(self.levels) != len(self.outline):
            raise CannotSplit(f"{len(self.outline)} bookmarks for {len(self.levels)} headings")
        base.Root.Outlines = base.make_indirect(outline(self.outline, self.levels))


def parent_keys(pages: list[Any]) -> list[tuple[int, int | None, int]]:
    """The parent tree keys of ``pages`` and of their annotations: (page,
    annotation or None, key), in order."""
    keys: list[tuple[int, int | None, int]] = []
    for number, page in enumerate(pages):
        if "/StructParents" in page.obj:
            keys.append((number, None, int(page.obj.StructParents)))
        for index, annotation in enumerate(page.obj.get("/Annots", [])):
            if "/StructParent" in annotation:
                keys.append((number, index, int(annotation.StructParent)))
    return keys


def document_of(pdf: Any) -> Any:
    """The Document element at the root of a Typst PDF's structure."""
    kids = pdf.Root.StructTreeRoot.K
    document = kids[0] if isinstance(kids, pikepdf.Array) else kids
    if str(document.get("/S")) != "/Document":
        raise CannotSplit("the structure tree has no Document element at its root")
    return document


class Survey:
    """What the joining changes in a list of structure elements: their IDs
    (by value), the /Headers of table cells, the levels of the headings.
    ``identified``: the IDs, when known (the part's ID tree): paragraphs
    (which hold notes, their only IDs) are then not walked; ``deep``: walk
    them for the IDs."""

    def __init__(
        self, elements: list[Any], identified: dict[str, Any] | None = None, deep: bool = False
    ) -> None:
        self.identified: dict[str, Any] = dict(identified or {})
        self.headers: list[Any] = []  # attribute dictionaries
        self.levels: list[int] = []
        skip = INLINE if deep else INLINE | {"/P"}
        dictionary, array = pikepdf.Dictionary, pikepdf.Array
        stack = list(reversed(elements))
        while stack:
            element = stack.pop()
            if not isinstance(element, dictionary):
                continue
            tag = element.get("/S")
            if tag is None:
                continue  # a marked-content or object reference
            kind = str(tag)
            if kind in skip:
                continue
            heading = HEADING.fullmatch(kind)
            if heading:
                self.levels.append(int(heading.group(1)))
            if "/ID" in element:
                self.identified[str(element.ID)] = element
            attributes = element.get("/A")
            if attributes is not None:
                for attribute in attributes if isinstance(attributes, array) else [attributes]:
                    if isinstance(attribute, dictionary) and "/Headers" in attribute:
                        self.headers.append(attribute)
            kids = element.get("/K")
            if isinstance(kids, array):
                stack.extend(reversed(list(kids)))
            elif isinstance(kids, dictionary):
                stack.append(kids)

    def drop(self, names: dict[str, Any]) -> None:
        """Forget the IDs of ``names`` (elements after the cut)."""
        for name in names:
            self.identified.pop(name, None)

    def rename(self, suffix: str) -> None:
        """Every ID with ``suffix`` (each part numbers its notes and table
        cells from 1), and every reference to it (a cell's /Headers)."""
        string = pikepdf.String
        for name, element in self.identified.items():
            element.ID = string(name + suffix)
        for attribute in self.headers:
            attribute.Headers = pikepdf.Array([string(str(h) + suffix) for h in attribute.Headers])
        self.identified = {name + suffix: e for name, e in self.identified.items()}


def kept_elements(kids: list[Any], dropped: set[Any]) -> list[Any]:
    """The elements of ``kids`` before the cut: from the end, those on the
    dropped pages go (or on none, after them), up to the first on a kept
    page; one on both is an error."""
    end = len(kids)
    if not dropped:
        return kids
    while end > 0:
        on = set(pages_of(kids[end - 1]))
        if on and not on <= dropped:
            if on & dropped:
                raise CannotSplit("a structure element spans the cut")
            break
        end -= 1
    return kids[:end]


def pages_of(element: Any) -> Iterator[Any]:
    """The pages (their object ids) an element and those below it are on."""
    stack = [element]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if "/Pg" in node:
            yield node.Pg.objgen
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)


def name_tree(node: Any) -> dict[str, Any]:
    """A name tree's entries (none: empty)."""
    return {str(key): value for key, value in tree_entries(node, "/Names")}


def number_tree(node: Any) -> dict[int, Any]:
    """A number tree's entries."""
    return {int(key): value for key, value in tree_entries(node, "/Nums")}


def tree_entries(node: Any, leaves: str) -> Iterator[tuple[Any, Any]]:
    """The (key, value) pairs of a name or number tree (``leaves``: /Names
    or /Nums), in order."""
    if node is None:
        return
    if leaves in node:
        flat = list(node[leaves])
        yield from zip(flat[::2], flat[1::2], strict=True)
    for kid in node.get("/Kids", []):
        yield from tree_entries(kid, leaves)


def outline_items(pdf: Any) -> list[Any]:
    """The outline's items in the order of the document, unlinked."""
    items: list[Any] = []
    stack = []
    if "/Outlines" in pdf.Root and "/First" in pdf.Root.Outlines:
        stack.append(pdf.Root.Outlines.First)
    while stack:
        item = stack.pop()
        items.append(item)
        if "/Next" in item:
            stack.append(item.Next)
        if "/First" in item:
            stack.append(item.First)
    for item in items:
        for key in ("/Parent", "/First", "/Last", "/Next", "/Prev", "/Count"):
            if key in item:
                del item[key]
    return items


def page_of(dest: Any) -> Any:
    try:
        return dest[0].objgen
    except (TypeError, IndexError, AttributeError, KeyError):
        return None


def outline(items: list[Any], levels: list[int]) -> Any:
    """The outline of ``items`` nested by their headings' ``levels`` as
    Typst nests it (under the last heading of a lower level), closed."""
    root = pikepdf.Dictionary(Type=pikepdf.Name.Outlines)
    children: dict[int, list[Any]] = {}
    stack: list[tuple[int, Any]] = [(0, root)]
    order = [root]
    for level, item in zip(levels, items, strict=True):
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        item.Parent = parent
        children.setdefault(id(parent), []).append(item)
        stack.append((level, item))
        order.append(item)
    for node in order:
        kids = children.get(id(node), [])
        if not kids:
            continue
        node.First, node.Last = kids[0], kids[-1]
        for before, after in itertools.pairwise(kids):
            before.Next, after.Prev = after, before
        node.Count = len(kids) if node is root else -len(kids)
    return root


def overlay(pdf: Any, page: Any, over: Any) -> None:
    """Draw page ``over`` (of another PDF) on ``page``, as a footer artifact."""
    form = pdf.copy_foreign(over.as_form_xobject())
    # a name of our own (Typst's are short: /x1), the same in every build
    name = page.add_resource(
        form, pikepdf.Name.XObject, name=pikepdf.Name.DossierNumber, replace_existing=False
    )
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(
        b"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq "
        + str(name).encode()
        + b" Do Q\nEMC\n"
    )
