"""The proof sheet drawn: one image per edition and language, every format
side by side under a head that names the version, counts the pages and
lists the checks that failed. The PDF's pages and LibreOffice's pages of the
DOCX in grids of thumbnails; the HTML at each width the whole page long,
cut into columns as tall as the grids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from dossier.core.files import atomic_output

THUMB_WIDTH = 240
GRID_COLUMNS = 3
GAP = 12
MARGIN = 24
MIN_BODY = 1500
# Each HTML shot is scaled to this width on the sheet, by its CSS width.
HTML_WIDTH = {1200: 480, 390: 234}
LINE = 22
MAX_FAILURES = 40
INK, GREY, RED, GREEN, PAPER = "#111111", "#8a8a8a", "#b00020", "#1b6e20", "#ffffff"
BACKDROP = "#d9d9d9"
FONT_FILES = ("LiberationSans-Regular.ttf", "DejaVuSans.ttf", "NotoSans-Regular.ttf")


@dataclass
class Sheet:
    """What one version's sheet shows."""

    title: str
    pdf: Path | None = None
    docx_pdf: Path | None = None  # LibreOffice's PDF of the DOCX
    html: dict[int, Image.Image] = field(default_factory=dict)  # by CSS width
    failures: list[str] = field(default_factory=list)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def pages_of(pdf: Path | None) -> list[Image.Image]:
    """Every page of ``pdf`` as a thumbnail :data:`THUMB_WIDTH` wide."""
    if pdf is None:
        return []
    document = pdfium.PdfDocument(pdf)
    try:
        thumbs = []
        for page in document:
            scale = THUMB_WIDTH / page.get_width()
            thumbs.append(page.render(scale=scale).to_pil().convert("RGB"))
        return thumbs
    finally:
        document.close()


def grid(thumbs: list[Image.Image]) -> Image.Image | None:
    """Thumbnails in rows of :data:`GRID_COLUMNS`, each with its page number."""
    if not thumbs:
        return None
    height = max(t.height for t in thumbs)
    rows = -(-len(thumbs) // GRID_COLUMNS)
    columns = min(len(thumbs), GRID_COLUMNS)
    out = Image.new("RGB", (columns * (THUMB_WIDTH + GAP) - GAP, rows * (height + GAP)), BACKDROP)
    draw = ImageDraw.Draw(out)
    for n, thumb in enumerate(thumbs):
        x, y = (n % GRID_COLUMNS) * (THUMB_WIDTH + GAP), (n // GRID_COLUMNS) * (height + GAP)
        out.paste(thumb, (x, y))
        draw.rectangle((x, y, x + thumb.width - 1, y + thumb.height - 1), outline=GREY)
        draw.text((x + 4, y + thumb.height - 16), str(n + 1), fill=GREY, font=font(12))
    return out


def columns(shot: Image.Image, width: int, body: int) -> list[Image.Image]:
    """A page shot scaled to ``width`` and cut into columns ``body`` tall."""
    scaled = shot.convert("RGB").resize((width, max(1, round(shot.height * width / shot.width))))
    return [
        scaled.crop((0, top, width, min(top + body, scaled.height)))
        for top in range(0, scaled.height, body)
    ]


def compose(sheet: Sheet) -> Image.Image:
    """The sheet as one image."""
    pdf_pages, docx_pages = pages_of(sheet.pdf), pages_of(sheet.docx_pdf)
    blocks: list[tuple[str, list[Image.Image]]] = []
    grids = {"PDF": grid(pdf_pages), "DOCX in LibreOffice": grid(docx_pages)}
    body = max([MIN_BODY, *(g.height for g in grids.values() if g is not None)])
    for label, pages in (("PDF", pdf_pages), ("DOCX in LibreOffice", docx_pages)):
        made = grids[label]
        blocks.append(
            (f"{label}: {len(pages)} pages" if made else f"{label}: none", [made] if made else [])
        )
    for width, shot in sorted(sheet.html.items(), reverse=True):
        blocks.append((f"HTML at {width} px", columns(shot, HTML_WIDTH.get(width, 300), body)))
    head = _head_lines(sheet, pdf_pages, docx_pages)
    top = MARGIN + len(head) * LINE + GAP + LINE
    width = MARGIN + sum(max(sum(i.width + GAP for i in images), 200) for _, images in blocks)
    out = Image.new("RGB", (width + MARGIN, top + body + MARGIN), PAPER)
    draw = ImageDraw.Draw(out)
    for n, (text, colour) in enumerate(head):
        draw.text((MARGIN, MARGIN + n * LINE), text, fill=colour, font=font(18 if n else 24))
    x = MARGIN
    for label, images in blocks:
        draw.text((x, top - LINE), label, fill=INK, font=font(16))
        start = x
        for image in images:
            out.paste(image, (x, top))
            x += image.width + GAP
        x = max(x, start + 200) + GAP
    return out


def _head_lines(
    sheet: Sheet, pdf_pages: list[Image.Image], docx_pages: list[Image.Image]
) -> list[tuple[str, str]]:
    counts = f"PDF {len(pdf_pages)} pages, DOCX {len(docx_pages)} pages in LibreOffice"
    lines = [(sheet.title, INK), (counts, INK)]
    if not sheet.failures:
        return [*lines, ("No check failed.", GREEN)]
    shown = sheet.failures[:MAX_FAILURES]
    lines.append((f"{len(sheet.failures)} checks failed:", RED))
    lines += [(f"- {failure}", RED) for failure in shown]
    if len(sheet.failures) > len(shown):
        lines.append((f"... and {len(sheet.failures) - len(shown)} more", RED))
    return lines


def write(sheet: Sheet, path: Path) -> Path:
    """The sheet as PNG at ``path``."""
    with atomic_output(path) as tmp:
        compose(sheet).save(tmp, format="PNG", optimize=True)
    return path
