"""A long PDF compiled in parts, each in a process of its own, and joined.

Typst keeps the layout of every page it has laid out until its process ends
(2 to 3 MB a page), so a 400-page annex needs a gigabyte. A document longer
than :func:`pages_per_part` is therefore compiled in parts of about that many
pages, one after the other, and the parts' pages are joined into one PDF
with one structure tree and one outline.

A part ends where the page of a whole compilation would end. The renderer
marks the start of every block of the annex (``#metadata(i)<dossier-b>``);
Typst reports the page and height of each mark. A page that begins with a
mark, at the top of its text, and no footnote of which began on an earlier
page, starts the same in a compilation that begins there: the part is cut
before the last such page, and the next part starts with that block, after
as many footnotes and pages (``sys.inputs``, "page-offset") as the whole
document has before it. Pages after the cut are laid out again by the next
part (a few). When no page of a part can be cut, the document is compiled
whole.

The pages' numbers ("2/380") need the total: the parts draw every page's
furniture but its number, and a document of the numbers alone, as many empty
pages as the joined one (:func:`numbers`), is drawn over them (template
``un.typ``, the ``page-numbers`` input). Joining: :mod:`dossier.render.join`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A mark before a block of the annex, and what it is in the Typst source.
MARK = "dossier-b"
MARK_LINE = re.compile(r"^#metadata\((\d+)\)<dossier-b>\n", re.MULTILINE)
FOUND = "<dossier-parts>"
# letter.typ: the lines above this one set the document up (no content)
PREAMBLE_END = "// dossier: the lines above begin each part of a document compiled in parts\n"
# What a part reports, last in its source: each mark's index, page (in the
# part) and height from the top of the page; the page of each footnote's
# reference and of the end of its note (un.typ); its pages.
COLLECT = """
#context [#metadata((
  marks: query(<dossier-b>).map(m => (
    m.value,
    m.location().page(),
    m.location().position().y.pt(),
  )),
  notes: query(footnote).map(f => f.location().page()),
  ends: query(<dossier-note-end>).map(m => m.location().page()),
  pages: here().page(),
))<dossier-parts>]
"""
# About how many pages a part has: Typst's largest process stays under
# 500 MB (Urdu, the most per page, takes 2.7 MB a page).
PAGES_PER_PART = 150
PAGES_VARIABLE = "DOSSIER_PDF_PART_PAGES"
# Characters of Typst source a page holds (measured on the benchmark's
# dossier), less some: a part's first estimate; the next use what the parts
# before held.
CHARS_PER_PAGE = {"zh": 2150, "ur": 2300}
CHARS_PER_PAGE_OTHER = 3600
MARGIN = 0.85
# The standards of a part after the first: tagged, but PDF/UA's checks
# (the first heading of level 1) are the whole document's.
LATER_STANDARDS = ["a-2a"]
# A part that holds a block longer than LONG pages (a table of the
# incidents) goes on for AFTER pages after it: pages to cut at. A block of
# more than BIG of a part is not laid out twice: the part before it ends
# before it. A part with no page to cut at goes on (twice AFTER pages, then
# four times) before the document is compiled whole.
LONG = 2
AFTER = 8
BIG = 0.25
RETRIES = 2
# The first part's first mark, at the top of its first page: the height of
# the top of a page's text. (A later part starts with a block's mark.)
TOP_MARK = f"#metadata(-1)<{MARK}>\n"
# What would be left for a last part, at most this share of a part, goes
# with the part before it (a part is about 15 % shorter than PAGES_PER_PART:
# MARGIN).
TAIL = 0.3
# Heights within this of the top are the top (pt).
TOP = 0.5


class CannotSplit(RuntimeError):
    """No page of a part can be cut, or the parts cannot be joined: the
    document is compiled whole."""


def mark(index: int) -> str:
    return f"#metadata({index})<{MARK}>"


def strip_marks(source: str) -> str:
    return MARK_LINE.sub("", source)


def pages_per_part() -> int:
    """The pages of a part (PAGES_VARIABLE, else PAGES_PER_PART); 0: whole."""
    value = os.environ.get(PAGES_VARIABLE, "").strip()
    return int(value) if value.isdigit() else PAGES_PER_PART


def chars_per_page(lang: str) -> float:
    return CHARS_PER_PAGE.get(lang, CHARS_PER_PAGE_OTHER) * MARGIN


def worth_splitting(source: str, lang: str, budget: int) -> bool:
    """Whether ``source`` is likely longer than a part and a quarter."""
    marks = list(MARK_LINE.finditer(source))
    return budget > 0 and len(marks) > 1 and len(source) > 1.25 * budget * chars_per_page(lang)


@dataclass
class Part:
    """A part's PDF and how many of its pages the joined document keeps."""

    path: Path
    keep: int


@dataclass
class Source:
    """The whole document's Typst source, cut at the marks."""

    text: str
    starts: list[int] = field(default_factory=list)  # offset of mark i
    preamble: str = ""

    @classmethod
    def of(cls, text: str) -> Source:
        starts = [m.start() for m in MARK_LINE.finditer(text)]
        end = text.find(PREAMBLE_END)
        if end < 0 or not starts:
            raise CannotSplit("the template does not say where its set-up ends")
        return cls(text, starts, text[: end + len(PREAMBLE_END)])

    def part(self, first: int, end: int, notes: int) -> str:
        """Blocks ``first`` to ``end`` (a mark's index; len: the end of the
        document); block 0 and the part with it start at the document's
        beginning, a later part after ``notes`` footnotes."""
        stop = self.starts[end] if end < len(self.starts) else len(self.text)
        if first == 0:
            start = len(self.preamble)
            body = self.preamble + TOP_MARK + self.text[start:stop]
        else:
            counters = f"#counter(footnote).update({notes})\n"
            body = self.preamble + counters + self.text[self.starts[first] : stop]
        return body + COLLECT

    def end_for(self, first: int, chars: float) -> int:
        """The first mark at least ``chars`` after mark ``first`` (len:
        none)."""
        if first >= len(self.starts):
            return len(self.starts)
        origin = 0 if first == 0 else self.starts[first]
        for index in range(first + 1, len(self.starts)):
            if self.starts[index] - origin >= chars:
                return index
        return len(self.starts)

    def chars_after(self, end: int) -> int:
        return len(self.text) - self.starts[end] if end < len(self.starts) else 0

    def size(self, index: int) -> int:
        """The characters of block ``index``."""
        stop = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return stop - self.starts[index]

    def end_of_part(self, first: int, chars: float, per_page: float) -> int:
        """Where the part from block ``first`` of about ``chars`` ends: the
        first mark ``chars`` after it; before a block of more than a share
        BIG of a part that does not begin it (the table of 5,000 incidents:
        the next part begins with it); AFTER pages after the last block of
        more than LONG pages (a page to cut at after it)."""
        end = self.end_for(first, chars)
        origin = 0 if first == 0 else self.starts[first]
        for index in range(first + 1, end):
            if self.size(index) > BIG * chars and self.starts[index] - origin > BIG * chars:
                end = index
                break
        for index in range(end - 1, first - 1, -1):
            if self.size(index) > LONG * per_page:
                return max(end, self.end_for(index + 1, AFTER * per_page))
        return end


def numbers(doc: Source, pages: int) -> str:
    """The document of the page numbers alone (``page-numbers``: "only"):
    ``pages`` empty pages of ``doc``'s set-up."""
    return doc.preamble + f"#for _ in range({pages - 1}) {{ pagebreak() }}\n"


@dataclass
class Cut:
    """Where a part ends: before ``mark``, on the part's page ``page`` (the
    pages before it are kept), after ``notes`` footnotes of the part."""

    mark: int
    page: int
    notes: int


def cut(found: dict[str, Any], first: int) -> Cut:
    """The last page of a part that begins with a mark at the top of its
    text and holds no end of a note whose reference is on a page before it."""
    marks = [m for m in found["marks"] if m[0] >= first or m[0] == -1]
    tops = [m[2] for m in marks if m[0] == (first or -1) and m[1] == 1]
    if not tops:
        raise CannotSplit("the part does not begin with its mark")
    top = tops[0]
    notes, ends = found["notes"], found["ends"]
    if len(notes) != len(ends):
        raise CannotSplit(f"{len(notes)} footnotes, {len(ends)} notes")
    spilled: set[int] = set()
    for note_page, end_page in zip(notes, ends, strict=True):
        spilled.update(range(note_page + 1, end_page + 1))
    best: Cut | None = None
    seen: set[int] = set()
    for index, page, y in sorted(marks):
        if page in seen:
            continue  # not the page's first mark
        seen.add(page)
        at_top = y <= top + TOP
        if index > first and page >= 2 and at_top and page not in spilled:
            before = sum(1 for n in notes if n < page)  # the mark is the page's first
            best = Cut(index, page, before)  # the marks go on in the pages' order
    if best is None:
        raise CannotSplit("no page of the part begins with a block")
    return best


def compile_parts(
    doc: Source,
    lang: str,
    budget: int,
    folder: Path,
    run: Callable[[str, Path, int], dict[str, Any]],
) -> Iterator[Part]:
    """Compile ``doc`` part by part in ``folder``; ``run(text, pdf,
    offset)`` compiles one part, whose first page is the document's page
    ``offset + 1``, and returns what it found (:data:`COLLECT`)."""
    first, offset, notes = 0, 0, 0
    kept_chars, kept_pages = 0.0, 0
    count = len(doc.starts)
    for number in range(count + 1):
        per_page = chars_per_page(lang)
        if kept_pages:
            per_page = min(per_page, kept_chars / kept_pages)
        end = doc.end_of_part(first, budget * per_page, per_page)
        if doc.chars_after(end) < TAIL * budget * per_page:
            end = count  # no part of a few pages at the end
        path = folder / f"part-{number + 1}.pdf"
        for attempt in range(RETRIES + 1):
            if first == 0 and end >= count:
                raise CannotSplit("the document is one part: no page of it to cut at")
            found = run(doc.part(first, end, notes), path, offset)
            if not found.get("tagged"):
                raise CannotSplit("a part could not be tagged")
            if end >= count:
                yield Part(path, int(found["found"]["pages"]))
                return
            try:
                at = cut(found["found"], first)
                break
            except CannotSplit:
                if attempt == RETRIES:
                    raise
                # no page to cut at yet: the part goes on further
                end = doc.end_for(end, AFTER * 2 ** (attempt + 1) * per_page)
        origin = 0 if first == 0 else doc.starts[first]
        kept_chars += doc.starts[at.mark] - origin
        kept_pages += at.page - 1
        yield Part(path, at.page - 1)
        first, offset, notes = at.mark, offset + at.page - 1, notes + at.notes
