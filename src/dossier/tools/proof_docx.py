"""The DOCX as its reader sees it: LibreOffice lays every DOCX out (one
``soffice`` for all of them, with a profile of its own) and prints it to
PDF; the checks compare that PDF with what the DOCX asks for.

Each check returns the failures it found as sentences (none: passed), so
that the proof sheet prints them and the real-client tests assert on them:

- :func:`image_sizes`: every picture drawn at the size the document gives
  it, on the page, with no text over it (a map cut to a 12 pt strip by an
  exact line height fails);
- :func:`justified_breaks`: no justified paragraph holds a manual line break
  (each line before it is stretched across the width);
- :func:`page_ends`: no page ends on a heading or a caption;
- :func:`page_counts`: LibreOffice's pages within one of the PDF's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EMU_PER_PT = 12700
# Paragraph styles a reader takes for a heading or a caption.
KEPT_STYLES = re.compile(r"^(Heading\d|Caption|TableCaption|ImageCaption|TitleLine|AnnexTitle)$")
# Scripts whose text LibreOffice's PDF does not give back: Nastaliq's glyphs
# map to fragments in no order. What needs the text is not checked there.
TEXT_UNREADABLE = frozenset({"ur"})
# Words this tall or taller are the body's (10 pt text, 9 pt tables): the
# 8 pt footnotes, header and footer are lower.
BODY_WORD = 11.0
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
    command += ["--norestore", "--convert-to", "pdf", "--outdir", str(outbox)]
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


def page_ends(docx: Path, rendered: Path, lang: str) -> list[str]:
    """Pages of LibreOffice's PDF whose last line of body text (not the
    footnotes, header or footer) is a heading's or a caption's; a page that
    ends on a picture ends well. Not checked where the PDF's text cannot be
    read (:data:`TEXT_UNREADABLE`). LibreOffice 7.4 may leave a heading at
    the foot of a page that has footnotes although it is kept with the next
    paragraph (one footnote less on the page and it moves): a failure here
    with keepNext set is its layout; Word keeps them."""
    if lang in TEXT_UNREADABLE:
        return []
    kept = kept_texts(docx)
    images = image_boxes(rendered)
    failures = []
    for n, (height, page_words) in enumerate(words(rendered)):
        body = [w for w in page_words if w[4] - w[2] >= BODY_WORD]
        if not body:
            continue
        last = max(w[4] for w in body)
        if any(p == n and height - y > last for p, (_, y, _, _) in images):
            continue  # a picture ends the page
        line = squeezed("".join(w[0] for w in body if abs(w[4] - last) < 2))
        ends = [k for k in kept if len(line) >= 3 and squeezed(k).endswith(line)]
        if ends:
            failures.append(f"page {n + 1} ends on a heading or caption: {ends[0][:50]}")
    return failures


def page_counts(rendered: Path, pdf: Path) -> list[str]:
    """LibreOffice's pages of the DOCX within one of the PDF's."""
    theirs, ours = page_count(rendered), page_count(pdf)
    if abs(theirs - ours) <= 1:
        return []
    return [f"the DOCX has {theirs} pages in LibreOffice, the PDF {ours}"]


def check_docx(docx: Path, rendered: Path, pdf: Path | None, lang: str) -> list[str]:
    """Every check of this module on one DOCX and LibreOffice's PDF of it."""
    failures = image_sizes(docx, rendered) + justified_breaks(docx)
    failures += page_ends(docx, rendered, lang)
    return failures + (page_counts(rendered, pdf) if pdf is not None else [])
