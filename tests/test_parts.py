"""A long PDF compiled in parts and joined (dossier.render.parts): the pages
look as when the document is compiled whole, with the whole's page numbers,
one structure tree, one outline and one ID tree; where no page can be cut,
the document is compiled whole."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import missing
from dossier.assemble.compose import assemble
from dossier.core import tree
from dossier.core.model import Edition
from dossier.pipeline.loading import Dossier
from dossier.render import join, part_cache, parts, pdf

# The example's annex six times over: 10 to 12 pages, in parts of about 4.
TIMES = 6
BUDGET = "4"
# Right to left, Chinese; the position paper draws its own page number; an
# internal edition has its marking above the header and below the footer.
CASES = {
    "en": ("sc-letter", None),
    "ar": ("sc-letter", None),
    "zh": ("sc-letter", None),
    "fr": ("position-paper", None),
    "ru": ("sc-letter", Edition(name="internal", max="confidential")),
}
LANGS = tuple(CASES)


def needs(tool: str) -> None:
    if not shutil.which(tool):
        missing(f"{tool} is not installed (Debian: poppler-utils)")


@dataclass
class Rendered:
    whole: Path
    joined: Path
    made: list[parts.Part]
    marking: str


def render(doc: Any, out: Path, budget: str) -> list[parts.Part]:
    """Render ``doc`` with parts of ``budget`` pages; the parts made."""
    made: list[parts.Part] = []
    real = parts.compile_parts

    def recording(*args: Any, **kwargs: Any) -> Iterator[parts.Part]:
        for part in real(*args, **kwargs):
            made.append(part)
            yield part

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(parts.PAGES_VARIABLE, budget)
        # every part compiled, none copied from the cache (test_part_cache.py)
        patch.setenv(part_cache.VARIABLE, part_cache.OFF)
        patch.setattr(parts, "compile_parts", recording)
        pdf.render(doc, out)
    return made


@pytest.fixture(scope="module")
def rendered(
    example_dossier: Dossier, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Rendered]:
    out = tmp_path_factory.mktemp("parts")
    found = {}
    for lang in LANGS:
        kind, edition = CASES[lang]
        doc = assemble(example_dossier, lang, edition=edition)
        doc = replace(doc, annex=doc.annex * TIMES, kind=kind)
        whole, joined = out / f"{lang}.whole.pdf", out / f"{lang}.joined.pdf"
        assert render(doc, whole, "0") == []
        made = render(doc, joined, BUDGET)
        found[lang] = Rendered(whole, joined, made, doc.strings.get("marking", ""))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_document_is_compiled_in_parts(rendered: dict[str, Rendered], lang: str) -> None:
    got = rendered[lang]
    assert len(got.made) >= 3
    pages = len(PdfReader(got.joined).pages)
    assert pages == len(PdfReader(got.whole).pages)
    assert sum(part.keep for part in got.made) == pages
    assert all(part.keep >= 1 for part in got.made)


def gray_pages(path: Path, into: Path) -> list[bytes]:
    into.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", "-gray", str(path), str(into / "p")], check=True)
    return [page.read_bytes() for page in sorted(into.glob("p-*.pgm"))]


@pytest.mark.parametrize("lang", LANGS)
def test_the_pages_look_as_when_compiled_whole(
    rendered: dict[str, Rendered], lang: str, tmp_path: Path
) -> None:
    """Every page, rendered at 50 dpi, the same pixels but for a few of a
    glyph (a font's subset differs): a line moved would differ in thousands,
    a missing running header or page number in hundreds."""
    needs("pdftoppm")
    got = rendered[lang]
    whole = gray_pages(got.whole, tmp_path / "whole")
    joined = gray_pages(got.joined, tmp_path / "joined")
    assert len(whole) == len(joined)
    for number, (a, b) in enumerate(zip(whole, joined, strict=True), start=1):
        assert len(a) == len(b)
        differing = sum(1 for x, y in zip(a, b, strict=True) if x != y)
        assert differing < 40, f"page {number}: {differing} pixels differ"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_its_number_of_the_whole(rendered: dict[str, Rendered], lang: str) -> None:
    needs("pdftotext")
    got = rendered[lang]
    total = len(PdfReader(got.joined).pages)
    for page in range(2, total + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(got.joined), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if got.marking:  # above the header, below the footer
            assert text.count(got.marking) == 2, f"page {page}"
        if CASES[lang][0] == "position-paper":  # its number alone, centred
            assert str(page) in [line.strip() for line in text.splitlines()], f"page {page}"
        else:
            assert f"{page}/{total}" in text, f"page {page}"


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of each bookmark, in order."""
    with pikepdf.open(path) as doc:
        pages = {page.obj.objgen: n for n, page in enumerate(doc.pages)}
        out: list[tuple[int, str, int]] = []

        def visit(item: Any, depth: int) -> None:
            while item is not None:
                out.append((depth, str(item.Title), pages[item.Dest[0].objgen]))
                visit(item.get("/First"), depth + 1)
                item = item.get("/Next")

        visit(doc.Root.Outlines.get("/First"), 1)
        count = int(doc.Root.Outlines.Count)
        assert count == sum(1 for depth, _, _ in out if depth == 1)
        return out


@pytest.mark.parametrize("lang", LANGS)
def test_one_outline_as_the_whole_has(rendered: dict[str, Rendered], lang: str) -> None:
    got = rendered[lang]
    bookmarks = outline(got.joined)
    assert len(bookmarks) > TIMES
    assert bookmarks == outline(got.whole)


def structure(path: Path) -> dict[str, Any]:
    """What a tagged PDF's structure tree holds, and whether it is sound."""
    with pikepdf.open(path) as doc:
        root = doc.Root.StructTreeRoot
        pages = {page.obj.objgen for page in doc.pages}
        (document,) = list(root.K)
        assert document.S == "/Document"
        kinds: Counter[str] = Counter()
        ids: list[str] = []
        headers: set[str] = set()
        stack = list(document.K)
        while stack:
            node = stack.pop()
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if "/Pg" in node:
                assert node.Pg.objgen in pages, "an element on a page not in the document"
            if "/S" not in node:
                continue
            kinds[str(node.S)] += 1
            if "/ID" in node:
                ids.append(str(node.ID))
            for attribute in (
                node.get("/A", [])
                if isinstance(node.get("/A"), pikepdf.Array)
                else [node.get("/A")]
            ):
                if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
                    headers.update(str(h) for h in attribute.Headers)
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
        tree = join.name_tree(root.IDTree)
        assert sorted(tree) == sorted(ids) and len(set(ids)) == len(ids)
        assert headers <= set(ids), "a table cell refers to a header that is not there"
        keys = join.number_tree(root.ParentTree)
        holders = join.parent_keys(list(doc.pages))
        assert sorted(key for _, _, key in holders) == sorted(keys)
        assert int(root.ParentTreeNextKey) > max(keys)
        return {"kinds": kinds, "ids": len(ids), "keys": len(keys)}


@pytest.mark.parametrize("lang", LANGS)
def test_one_structure_tree_as_the_whole_has(rendered: dict[str, Rendered], lang: str) -> None:
    got = rendered[lang]
    joined = structure(got.joined)
    assert joined["kinds"]["/Note"] > 0 and joined["kinds"]["/H1"] > 0
    assert joined == structure(got.whole)


def test_the_joined_pdf_is_sound_and_declares_its_standards(rendered: dict[str, Rendered]) -> None:
    with pikepdf.open(rendered["en"].joined) as doc:
        assert doc.check_pdf_syntax() == []
        assert doc.Root.MarkInfo.Marked
        meta = doc.open_metadata()
        assert meta.pdfa_status == "2A"
        assert str(meta.get("pdfuaid:part")) == "1"
    if shutil.which("qpdf"):
        run = subprocess.run(["qpdf", "--check", str(rendered["en"].joined)], capture_output=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_parts_give_the_same_bytes_twice(
    example_dossier: Dossier, rendered: dict[str, Rendered], tmp_path: Path
) -> None:
    doc = assemble(example_dossier, "en")
    again = tmp_path / "again.pdf"
    render(replace(doc, annex=doc.annex * TIMES), again, BUDGET)
    assert again.read_bytes() == rendered["en"].joined.read_bytes()


def test_where_no_page_can_be_cut_the_document_is_compiled_whole(
    example_dossier: Dossier, tmp_path: Path
) -> None:
    """An annex of one paragraph of some twelve pages: no page begins with a
    block of it."""
    doc = assemble(example_dossier, "en")
    heading = next(block for block in doc.annex if block["t"] == "Header")
    paragraph = {"t": "Para", "c": tree.text(" ".join(["Testimony"] * 6000))}
    doc = replace(doc, annex=[heading, paragraph])
    whole, tried = tmp_path / "whole.pdf", tmp_path / "tried.pdf"
    render(doc, whole, "0")
    assert len(PdfReader(whole).pages) > 10
    assert render(doc, tried, BUDGET) == []
    assert tried.read_bytes() == whole.read_bytes()


# ---- where a part is cut ------------------------------------------------------


def found(
    marks: list[tuple[int, int, float]], notes: list[int], ends: list[int] | None = None
) -> dict[str, Any]:
    """A part's report: its marks (index, page, height), the pages of its
    footnotes' references and of their notes' ends."""
    ends = notes if ends is None else ends
    return {"marks": [list(m) for m in marks], "notes": notes, "ends": ends, "pages": 9}


def test_a_part_is_cut_before_the_last_page_that_begins_with_a_block() -> None:
    marks = [(-1, 1, 72.0), (0, 1, 300.0), (1, 2, 72.0), (2, 3, 140.0), (3, 4, 72.0),
             (4, 4, 200.0), (5, 5, 90.0)]  # fmt: skip
    at = parts.cut(found(marks, notes=[1, 1, 2, 3, 3, 3, 4, 5]), 0)
    # the footnotes before page 4: those of pages 1 to 3
    assert (at.mark, at.page, at.notes) == (3, 4, 6)


def test_a_page_with_the_end_of_a_note_begun_before_it_is_not_cut() -> None:
    marks = [(-1, 1, 72.0), (1, 2, 72.0), (3, 4, 72.0)]
    at = parts.cut(found(marks, notes=[1, 3, 4], ends=[1, 4, 4]), 0)
    assert (at.mark, at.page, at.notes) == (1, 2, 1)


def test_a_later_part_takes_the_top_from_its_first_block() -> None:
    marks = [(7, 1, 80.0), (8, 2, 80.0), (9, 3, 100.0)]
    assert parts.cut(found(marks, notes=[]), 7).mark == 8


def test_no_page_to_cut_at_is_said() -> None:
    marks = [(-1, 1, 72.0), (1, 2, 130.0), (2, 3, 245.0)]
    with pytest.raises(parts.CannotSplit):
        parts.cut(found(marks, notes=[]), 0)


def test_notes_that_do_not_match_their_references_are_said() -> None:
    marks = [(-1, 1, 72.0), (1, 2, 72.0)]
    with pytest.raises(parts.CannotSplit):
        parts.cut(found(marks, notes=[1, 2], ends=[1]), 0)


def test_a_short_document_is_compiled_whole_without_marks(example_doc: Any) -> None:
    folder = pdf.template_dir(example_doc.kind)
    source = pdf.typst_source(example_doc, folder)
    assert parts.MARK_LINE.search(source)
    assert not parts.worth_splitting(source, "en", parts.PAGES_PER_PART)
    assert parts.MARK not in parts.strip_marks(source)


def source_of(sizes: list[int]) -> parts.Source:
    """A document whose blocks have ``sizes`` characters."""
    blocks = "".join(parts.mark(i) + "\n" + "x" * size + "\n" for i, size in enumerate(sizes))
    return parts.Source.of(parts.PREAMBLE_END + blocks)


def test_a_part_ends_before_a_block_too_long_to_lay_out_twice() -> None:
    doc = source_of([100] * 5 + [5000] + [100] * 20)
    assert doc.end_of_part(0, chars=2000, per_page=100) == 5


def test_a_part_that_begins_with_a_long_block_goes_on_after_it() -> None:
    doc = source_of([100] * 5 + [5000] + [100] * 20)
    end = doc.end_of_part(5, chars=2000, per_page=100)
    # AFTER pages of 100 characters after it: blocks of about 120
    assert doc.starts[end] - doc.starts[6] >= parts.AFTER * 100
    assert end < len(doc.starts)
