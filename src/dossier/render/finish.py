"""Finishing: clean each output before it is moved into place (written
through :mod:`dossier.core.files`, atomically). Each format's steps are
beside its renderer: :mod:`~dossier.render.docx_clean`,
:mod:`~dossier.render.pdf_finish`, :mod:`~dossier.render.html_finish`.

Clean: no metadata but what the dossier declares (title, symbol, language),
no author, template path, comment, tracked change or hidden text.
Reproducible: the same inputs give the same bytes, with every date fixed by
:func:`dossier.core.clock.build_timestamp` (SOURCE_DATE_EPOCH, else the dossier's date).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.render.docx_clean import finish_docx
from dossier.render.html_finish import finish_html
from dossier.render.pdf_finish import finish_pdf

if TYPE_CHECKING:  # the finishing steps do not import the assembling stage
    from dossier.assemble.compose import Document


def finish_output(path: Path, fmt: str, doc: Document) -> None:
    """Clean the freshly rendered ``path`` (a temporary file) in place."""
    finishers: dict[str, Callable[[Path, Document], None]] = {
        "docx": finish_docx,
        "pdf": finish_pdf,
        "html": finish_html,
    }
    if fmt not in finishers:
        raise ValueError(f"no finishing step for format {fmt!r}")
    finishers[fmt](path, doc)
