"""The DOCX renderer merges what pandoc writes (the letter body, the annex)
into the letter template: what that text refers to (footnotes, links,
pictures, lists, bookmarks, styles) comes along, with ids unique in the
document."""

from __future__ import annotations

import dataclasses
import posixpath
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dossier.assemble.compose import Document
from dossier.core import pandoc
from dossier.render.docx import render
from dossier.render.docx_bidi import first_langs, set_direction

ROOT = Path(__file__).resolve().parents[1]
FIGURE = ROOT / "tests" / "fixtures" / "letter" / "figures" / "northern-marches.png"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}

BODY = """\
See the [report](https://body.example/report).[^b1]

1. first
2. second

![The map](FIGURE)

[^b1]: The body's note, <https://body.example/note>.
"""
ANNEX = """\
# Facts {#facts}

As said [above](#facts).[^a1] Again.[^a2]

1. third
2. fourth

![The same map](FIGURE)

```python
def f():
    return 1
```

[^a1]: The annex's note, <https://annex.example/one>.
[^a2]: Another, <https://annex.example/two> and <https://body.example/note>.
"""


def blocks(markdown: str) -> list[Any]:
    parsed, _ = pandoc.parse_markdown(markdown.replace("FIGURE", str(FIGURE)))
    return parsed


@pytest.fixture(scope="module")
def merged(example_doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("merge") / "merged.docx"
    render(dataclasses.replace(example_doc, body=blocks(BODY), annex=blocks(ANNEX)), out)
    return out


def read(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def rels(path: Path, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    with zipfile.ZipFile(path) as archive:
        if f"{folder}/_rels/{name}.rels" not in archive.namelist():
            return {}
    root = read(path, f"{folder}/_rels/{name}.rels")
    return {str(r.get("Id")): str(r.get("Target")) for r in root}


def xp(node: Any, expr: str) -> list[Any]:
    return list(etree.XPath(expr, namespaces=NS)(node))


def text(node: Any) -> str:
    return "".join(xp(node, ".//w:t/text()"))


def test_footnotes_follow_their_references(merged: Path) -> None:
    refs = xp(read(merged, "word/document.xml"), "//w:footnoteReference/@w:id")
    notes = xp(read(merged, "word/footnotes.xml"), "w:footnote[not(@w:type)]")
    ids = [n.get(f"{{{W}}}id") for n in notes]
    assert refs == ids and len(set(ids)) == 3
    assert [text(n).split(",")[0].strip() for n in notes] == [
        "The body’s note",
        "The annex’s note",
        "Another",
    ]


@pytest.mark.parametrize("part", ["word/document.xml", "word/footnotes.xml"])
def test_every_reference_has_its_relationship(merged: Path, part: str) -> None:
    """r:id, r:embed: each names a relationship of its own part, and a
    file that the package holds."""
    targets = rels(merged, part)
    with zipfile.ZipFile(merged) as archive:
        names = set(archive.namelist())
    root = read(merged, part)
    refs = xp(root, "//@r:*")
    assert refs
    for ref in refs:
        target = targets[str(ref)]
        assert target.startswith("http") or f"word/{target}" in names, target


def test_links_point_at_their_urls(merged: Path) -> None:
    """Each footnote's link goes where its text says (the footnote links
    of docxtpl's subdocuments named relationships the package did not have)."""
    targets = rels(merged, "word/footnotes.xml")
    links = xp(read(merged, "word/footnotes.xml"), "//w:hyperlink")
    assert [targets[h.get(f"{{{R}}}id")] for h in links] == [text(h) for h in links]
    assert len(links) == 4 and len(targets) == 3  # one link twice: one relationship
    body = xp(read(merged, "word/document.xml"), "//w:hyperlink[@r:id]")
    assert [rels(merged, "word/document.xml")[h.get(f"{{{R}}}id")] for h in body] == [
        "https://body.example/report"
    ]


def test_one_picture_file_for_one_picture(merged: Path) -> None:
    with zipfile.ZipFile(merged) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert media == ["word/media/image1.png"]
    document = read(merged, "word/document.xml")
    ids = xp(document, "//wp:docPr/@id")
    assert len(ids) == 2 and len(set(ids)) == 2
    assert len(set(xp(document, "//@r:embed"))) == 1


def test_lists_apart(merged: Path) -> None:
    """The body's list and the annex's are two lists (both count from 1),
    each defined in numbering.xml."""
    document = read(merged, "word/document.xml")
    numbering = read(merged, "word/numbering.xml")
    used = list(dict.fromkeys(xp(document, "//w:numPr/w:numId/@w:val")))
    assert len(used) == 2
    for num_id in used:
        abstract = xp(numbering, f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        assert len(abstract) == 1
        assert xp(numbering, f"w:abstractNum[@w:abstractNumId='{abstract[0]}']")
    nsids = xp(numbering, "w:abstractNum/w:nsid/@w:val")
    assert len(nsids) == len(set(nsids))


def test_bookmarks_and_anchors(merged: Path) -> None:
    document = read(merged, "word/document.xml")
    starts = xp(document, "//w:bookmarkStart")
    ids = [s.get(f"{{{W}}}id") for s in starts]
    assert len(ids) == len(set(ids))
    assert sorted(xp(document, "//w:bookmarkEnd/@w:id")) == sorted(ids)
    names = {s.get(f"{{{W}}}name") for s in starts}
    assert set(xp(document, "//w:hyperlink/@w:anchor")) <= names


def test_every_style_is_defined(merged: Path) -> None:
    """The template's styles, and those pandoc adds that the template lacks
    (code highlighting)."""
    styles = read(merged, "word/styles.xml")
    defined = set(xp(styles, "w:style/@w:styleId"))
    for part in ("word/document.xml", "word/footnotes.xml"):
        used = set(xp(read(merged, part), "//w:pStyle/@w:val | //w:rStyle/@w:val"))
        used |= set(xp(read(merged, part), "//w:tblStyle/@w:val"))
        assert used <= defined, part
    assert {"SourceCode", "KeywordTok"} <= defined
    based_on = set(xp(styles, "w:style/w:basedOn/@w:val"))
    assert based_on <= defined


def test_text_between_masthead_and_closing(merged: Path, example_doc: Document) -> None:
    """Body and annex where the template's ``{{p body }}`` and ``{{p annex }}`` were."""
    paragraphs = [text(p) for p in xp(read(merged, "word/document.xml"), "w:body/w:p")]
    title = paragraphs.index(example_doc.strings["title_line"])
    closing = paragraphs.index(example_doc.strings["closing"])
    annex = paragraphs.index(example_doc.strings["annex_title"])
    assert paragraphs[title + 1].startswith("See the report")
    assert title < closing < annex
    assert paragraphs[annex + 1] == "Facts"
    assert not any(
        "dossier-merge" in etree.tostring(p).decode()
        for p in xp(read(merged, "word/document.xml"), "//w:p")
    )


# -- languages: one pass --------------------------------------------------------------


def body(xml: str) -> Any:
    return etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')


def run(value: str, lang: str | None = None) -> str:
    props = f'<w:rPr><w:lang w:val="{lang}"/></w:rPr>' if lang else ""
    return f"<w:r>{props}<w:t>{value}</w:t></w:r>"


def naive_lang(node: Any) -> str | None:
    """The first run under ``node`` that names a language (the definition)."""
    for lang in xp(node, ".//w:r/w:rPr/w:lang"):
        value = lang.get(f"{{{W}}}bidi") or lang.get(f"{{{W}}}val")
        if value:
            return str(value)
    return None


def test_first_langs_is_the_first_run_naming_one() -> None:
    root = body(
        f"<w:p>{run('a')}{run('b', 'fr')}{run('c', 'ar')}</w:p>"
        f"<w:tbl><w:tr><w:tc><w:p>{run('x')}</w:p></w:tc>"
        f"<w:tc><w:p>{run('y', 'ar')}</w:p><w:tbl><w:tr><w:tc><w:p>{run('z', 'ru')}</w:p>"
        f"</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"
        f"<w:p>{run('none')}</w:p>"
    )
    first = first_langs(root)
    for node in xp(root, "//w:p | //w:tbl"):
        assert first.get(node) == naive_lang(node), text(node)
    assert [first.get(t) for t in xp(root, "//w:tbl")] == ["ar", "ru"]


def test_arabic_table_in_an_english_letter(example_doc: Document) -> None:
    """A table's paragraphs without a language take the table's."""
    root = body(
        f"<w:tbl><w:tblPr/><w:tr><w:tc><w:p>{run('Name')}</w:p></w:tc>"
        f"<w:tc><w:p>{run('اسم', 'ar')}</w:p></w:tc></w:tr></w:tbl>"
        f"<w:p>{run('After')}</w:p>"
    )
    set_direction(root, example_doc)
    table = xp(root, "w:tbl")[0]
    assert xp(table, "w:tblPr/w:bidiVisual")
    assert [bool(xp(p, "w:pPr/w:bidi")) for p in xp(root, "//w:p")] == [True, True, False]
    assert [bool(xp(r, "w:rPr/w:rtl")) for r in xp(root, "//w:r")] == [False, True, False]
    assert xp(root, "//w:lang/@w:bidi") == ["ar-SA"]
