"""What the PDF renderer raises: :class:`PdfFailed` and the failures a
caller tells apart (a glyph no font has, memory, raw Typst of the dossier)."""

from __future__ import annotations

from dossier.render import sandbox


class PdfFailed(RuntimeError):
    """The PDF could not be made; the message is pandoc's or Typst's, or
    names the font or the glyphs that are missing."""


class MissingGlyphs(PdfFailed):
    """Characters of the document that no font of their language has."""


class PdfTooLarge(PdfFailed):
    """Typst ran out of memory: the document is too large for the machine."""


class RawTypstFailed(PdfFailed):
    """Typst refused raw Typst of the dossier (``allow_raw: [typst]``):
    the dossier's mistake, at ``file`` and ``line``."""

    def __init__(self, origin: sandbox.RawOrigin) -> None:
        super().__init__(origin.message)
        self.file, self.line = origin.file, origin.line
