"""The DOCX as its reader sees it: LibreOffice lays every DOCX out (one
``soffice`` for all of them, with a profile of its own) and prints it to
a tagged PDF; the checks compare that PDF with what the DOCX asks for.

Each check returns the failures it found as sentences (none: passed), so
that the proof sheet prints them and the real-client tests assert on them:

- :func:`image_sizes`: every picture drawn at the size the document gives
  it, on the page, with no text over it (a map cut to a 12 pt strip by an
  exact line height fails);
- :func:`justified_breaks`: no justified paragraph holds a manual line break
  (each line before it is stretched across the width);
- :func:`page_ends`: no page ends on a heading or a caption (from the
  PDF's structure tags, in every script);
- :func:`page_counts`: LibreOffice's pages within one of the PDF's.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
from lxml import etree
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EMU_PER_PT = 12700
# Paragraph styles a reader takes for a heading or a caption.
KEPT_STYLES = re.compile(r"^(Heading\d|Caption|TableCaption|ImageCaption|TitleLine|AnnexTitle)$")
# The roles LibreOffice tags a heading or a caption with (its styles' names).
KEPT_ROLES = re.compile(r"^(H\d|.*Caption.*|Title Line|Annex Title)$")
NOTE_ROLES = frozenset({"Note", "Footnote", "Endnote"})
INLINE_ROLES = frozenset({"Span", "Link", "Quote", "Reference", "Annot"})
# LibreOffice's PDF export with its structure tagged (the same layout).
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
# A picture may be drawn this much larger or smaller than its extent.
SIZE_TOLERANCE = 0.03
# A cold LibreOffice converts the eight files of the example in well under a minute.
TIMEOUT = 300

Box = tuple[float, float, float, float]
Word = tuple[str, float, float, float, float]


# -- LibreOffice -------------------------------------------------------------------------


def libreoffice_pdfs(soffice: str, docx_files: list[Path], work: Path) -> dict[Path, Path]:
    """Each DOCX printed to PDF by one LibreOffice with a fresh profile under
    ``work``: the PDF of each file, by the file (a file LibreOffice could not
    open has none)."""
    inbox, outbox = work / "in", work / "out"
    inbox.mkdir(parents=True, exist_ok=True)
    copies = {}
    for n, docx in enumerate(docx_files):  # the same name in two editions
        copies[docx] = inbox / f"{n}.docx"
        shutil.copyfile(docx, copies[docx])
    command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless"]
    command += ["--norestore", "--convert-to", TAGGED_PDF, "--outdir", str(outbox)]
    subprocess.run(
        [*command, *map(str, copies.values())], capture_output=True, timeout=TIMEOUT, check=False
    )
    found = {docx: outbox / f"{copy.stem}.pdf" for docx, copy in copies.items()}
    return {docx: pdf for docx, pdf in found.items() if pdf.is_file()}


def page_count(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


# -- what the DOCX says ------------------------------------------------------------------


def xml_part(docx: Path, name: str) -> Any:
    with zipfile.ZipFile(docx) as package:
        return etree.fromstring(package.read(name))


class Styles:
    """A paragraph's property as Word resolves it: the paragraph's own, then
    its style's and those of the styles it is based on."""

    def __init__(self, root: Any) -> None:
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        default = root.find(f"{W}style[@{W}default='1'][@{W}type='paragraph']")
        self.default = None if default is None else default.get(f"{W}styleId")

    def chain(self, style_id: str | None) -> list[Any]:
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            out.append(self.by_id[style_id])
            based = self.by_id[style_id].find(f"{W}basedOn")
            style_id = None if based is None else based.get(f"{W}val")
        return out

    def style_of(self, paragraph: Any) -> str | None:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        return self.default if style is None else style.get(f"{W}val")

    def prop(self, paragraph: Any, tag: str) -> Any:
        own = paragraph.find(f"{W}pPr/{W}{tag}")
        if own is not None:
            return own
        for style in self.chain(self.style_of(paragraph)):
            found = style.find(f"{W}pPr/{W}{tag}")
            if found is not None:
                return found
        return None


def on(prop: Any) -> bool:
    """A WordprocessingML toggle that is present and not switched off."""
    return prop is not None and prop.get(f"{W}val", "true") not in {"0", "false", "off"}


def paragraphs(docx: Path) -> tuple[list[Any], Styles]:
    styles = Styles(xml_part(docx, "word/styles.xml"))
    return list(xml_part(docx, "word/document.xml").iter(f"{W}p")), styles


def text_of(paragraph: Any) -> str:
    """The paragraph's text, a tab in a run (after a heading's number) as a space."""
    return "".join(
        " " if e.tag == f"{W}tab" else e.text or ""
        for e in paragraph.iter(f"{W}t", f"{W}tab")
        if e.getparent().tag == f"{W}r"
    )


def squeezed(text: str) -> str:
    """Without white space (lines break differently in every client) nor the
    direction marks LibreOffice puts around right-to-left lines."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def extents(docx: Path) -> list[tuple[float, float]]:
    """Every picture's size as the document gives it, in points."""
    root = xml_part(docx, "word/document.xml")
    return [
        (int(e.get("cx")) / EMU_PER_PT, int(e.get("cy")) / EMU_PER_PT)
        for e in root.iter(f"{WP}extent")
    ]


def kept_texts(docx: Path) -> list[str]:
    """The text of every heading and caption."""
    all_paragraphs, styles = paragraphs(docx)
    texts = [text_of(p) for p in all_paragraphs if KEPT_STYLES.match(styles.style_of(p) or "")]
    return [t for t in texts if squeezed(t)]


# -- what LibreOffice draws --------------------------------------------------------------


def image_boxes(pdf: Path) -> list[tuple[int, Box]]:
    """Where each image is drawn: page index, (x, y, width, height) in points."""
    boxes: list[tuple[int, Box]] = []
    for n, page in enumerate(PdfReader(pdf).pages):
        resources: Any = page["/Resources"]
        objects = resources.get("/XObject")
        objects = objects.get_object() if objects is not None else {}

        def visit(
            op: bytes, args: Any, cm: Any, _tm: Any, n: int = n, objects: Any = objects
        ) -> None:
            image = objects.get(args[0]) if op == b"Do" and args else None
            if image is not None and image.get_object().get("/Subtype") == "/Image":
                boxes.append((n, (cm[4], cm[5], cm[0], cm[3])))

        page.extract_text(visitor_operand_before=visit)
    return boxes


def words(pdf: Path) -> list[tuple[float, list[Word]]]:
    """Per page, its height and its words: text, xMin, yMin, xMax, yMax (from the top)."""
    run = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True)
    root = etree.fromstring(run.stdout, etree.HTMLParser())
    pages = []
    for page in root.iter("page"):
        found: list[Word] = []
        for word in page.iter("word"):
            x0, y0, x1, y1 = (float(word.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
            found.append((word.text or "", x0, y0, x1, y1))
        pages.append((float(page.get("height")), found))
    return pages


# -- the checks --------------------------------------------------------------------------


def image_sizes(docx: Path, rendered: Path) -> list[str]:
    """Every picture drawn at (nearly) its size, on its page, under no text."""
    wanted = sorted(extents(docx))
    boxes = image_boxes(rendered)
    drawn = sorted((w, h) for _, (_, _, w, h) in boxes)
    if len(drawn) != len(wanted):
        return [f"{len(wanted)} pictures in the DOCX, {len(drawn)} drawn by LibreOffice"]
    failures = [
        f"a picture of {w:.0f} x {h:.0f} pt is drawn at {dw:.0f} x {dh:.0f} pt"
        for (w, h), (dw, dh) in zip(wanted, drawn, strict=True)
        if abs(dw - w) > SIZE_TOLERANCE * w or abs(dh - h) > SIZE_TOLERANCE * h
    ]
    pages = words(rendered)
    for n, box in boxes:
        failures += _placed(n, box, *pages[n])
    return failures


def _placed(n: int, box: Box, height: float, page_words: list[Word]) -> list[str]:
    x, y, w, h = box
    top, bottom = height - (y + h), height - y
    if top < -1 or bottom > height + 1:
        return [f"page {n + 1}: a picture of {w:.0f} x {h:.0f} pt runs off the page"]
    over = [
        text
        for text, x0, y0, x1, y1 in page_words
        if x0 < x + w - 1 and x1 > x + 1 and y0 < bottom - 1 and y1 > top + 1
    ]
    if over:
        shown = " ".join(over[:6])
        return [f"page {n + 1}: text over a picture of {w:.0f} x {h:.0f} pt: {shown}"]
    return []


def justified_breaks(docx: Path) -> list[str]:
    """Paragraphs aligned to both edges that hold a manual line break: each
    line before the break is stretched across the width."""
    found = []
    all_paragraphs, styles = paragraphs(docx)
    for paragraph in all_paragraphs:
        jc = styles.prop(paragraph, "jc")
        if jc is None or jc.get(f"{W}val") not in {"both", "distribute"}:
            continue
        breaks = [b.get(f"{W}type", "textWrapping") for b in paragraph.iter(f"{W}br")]
        if "textWrapping" in breaks:
            found.append(
                f"a justified paragraph breaks its lines by hand: {text_of(paragraph)[:50]}"
            )
    return found


def page_ends(docx: Path, rendered: Path) -> list[str]:
    """Pages of LibreOffice's PDF whose last element of body text (not the
    footnotes, header or footer) is a heading or a caption, read from the
    PDF's tags (any script: the text of Nastaliq cannot be read back).
    LibreOffice 7.4 may leave a heading at the foot of a page that has
    footnotes although it is kept with the next paragraph (one footnote less
    on the page and it moves): its layout, which Word does not share."""
    found = [e for e in tagged_elements(rendered) if e[1]]
    kept = [e for e in found if KEPT_ROLES.match(e[0])]
    texts = kept_texts(docx)
    names = texts if len(texts) == len(kept) else [role for role, _ in kept]
    name_of = {id(e): name for e, name in zip(kept, names, strict=True)}
    failures = []
    for element, after in itertools.pairwise(found):
        if id(element) in name_of and min(after[1]) > max(element[1]):
            page = max(element[1]) + 1
            name = name_of[id(element)][:50]
            failures.append(f"page {page} ends on a heading or caption: {name}")
    return failures


def tagged_elements(pdf: Path) -> list[tuple[str, list[int]]]:
    """The structure elements of a tagged PDF in reading order, each its
    role and the pages (from 0) its content is on; notes left out."""
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: n for n, page in enumerate(document.pages)}
        out: list[tuple[str, list[int]]] = []
        root = document.Root.get("/StructTreeRoot")
        if root is not None:
            _walk(root.get("/K"), None, out, pages)
        return out


def _walk(node: Any, page: Any, out: list[tuple[str, list[int]]], pages: dict[Any, int]) -> None:
    if isinstance(node, pikepdf.Array):
        for child in node:
            _walk(child, page, out, pages)
        return
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return
    role = str(node.S)[1:]
    if role in NOTE_ROLES:
        return
    page = node.get("/Pg", page)
    k = node.get("/K")
    kids: list[Any] = list(k) if isinstance(k, pikepdf.Array) else [] if k is None else [k]
    own: list[int] = []
    if role == "Figure":  # a picture: its page, whatever it holds
        own += [pages[page.objgen]] if page is not None else []
    element = (role, own)
    out.append(element)
    for kid in kids:
        if isinstance(kid, int) and page is not None:
            own.append(pages[page.objgen])
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            own.append(pages[kid.Pg.objgen])
        elif str(kid.get("/S", ""))[1:] not in INLINE_ROLES:
            _walk(kid, page, out, pages)
        else:  # a link or span: its content is its paragraph's
            inner: list[tuple[str, list[int]]] = []
            _walk(kid, page, inner, pages)
            own += [n for _, found in inner for n in found]


def page_counts(rendered: Path, pdf: Path) -> list[str]:
    """LibreOffice's pages of the DOCX within one of the PDF's."""
    theirs, ours = page_count(rendered), page_count(pdf)
    if abs(theirs - ours) <= 1:
        return []
    return [f"the DOCX has {theirs} pages in LibreOffice, the PDF {ours}"]
