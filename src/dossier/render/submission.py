"""The submission package's files from its :class:`Document`
(:mod:`dossier.assemble.submission`), through the renderers of the UN
documents:

- the letter on the letterhead, DOCX and PDF: :func:`dossier.render.docx.render`
  and :func:`dossier.render.pdf.render` with ``templates/submission/``;
- the Word file for the Secretariat: pandoc's DOCX writer with
  ``templates/submission/secretariat.docx`` (Word's own style names), the
  letter and annex as plain blocks, no letterhead; then the UN letter's
  fixes for language and direction (:func:`dossier.render.docx.finish`).

Each file is finished as the UN documents are (:mod:`dossier.render.finish`).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx as python_docx

from dossier.assemble.compose import Document
from dossier.core import pandoc, tree
from dossier.core.templates import kind_dir
from dossier.render import docx, pdf
from dossier.render.finish import finish_output

SECRETARIAT_REFERENCE = "secretariat.docx"
# The Typst template of the letterhead's layouts: not letter.typ, which
# names a folder of templates/ as a document kind.
LETTERHEAD = "letterhead.typ"


def render_letter(doc: Document, out: Path, fmt: str) -> None:
    """The letter (or note verbale) on the letterhead at ``out``, finished."""
    if fmt == "pdf":
        pdf.render(doc, out, template=LETTERHEAD)
    else:
        docx.render(doc, out)
    finish_output(out, fmt, doc)


def render_secretariat(doc: Document, out: Path) -> None:
    """The Word file of letter and annex the Secretariat takes in, finished."""
    folder = kind_dir(doc.kind)
    if folder is None or not (folder / SECRETARIAT_REFERENCE).is_file():
        raise FileNotFoundError(f"no {SECRETARIAT_REFERENCE} in templates/{doc.kind}")
    plain = dataclasses.replace(doc, head=[])
    blocks = docx.pandoc_blocks(secretariat_blocks(plain), plain)
    with tempfile.TemporaryDirectory(prefix="dossier-docx-") as tmp:
        written = Path(tmp) / "secretariat.docx"
        args = ["-f", "json", "-t", "docx", "--reference-doc", str(folder / SECRETARIAT_REFERENCE)]
        pandoc.run([*args, "-o", str(written)], pandoc.document(blocks, {"lang": _meta(doc.lang)}))
        document = python_docx.Document(str(written))
        docx.finish(document, plain)
        _mark_every_page(document, doc.strings.get("marking", ""))
        document.save(str(written))
        out.write_bytes(docx.normalised_zip(written.read_bytes()))
    finish_output(out, "docx", plain)


def _mark_every_page(document: Any, marking: str) -> None:
    """A draft's (or an internal edition's) marking in the header of every
    page: a Secretariat file sent by mistake says what it is on each page."""
    if not marking:
        return
    for section in document.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.text = marking
        paragraph.alignment = 1  # centred
        for run in paragraph.runs:
            run.bold = True


def secretariat_blocks(doc: Document) -> list[Any]:
    """The dossier's notice, date, salutation, body, circulation request,
    complimentary close and signatory; the annex title (a style that begins a
    new page) and the annex."""
    s = doc.strings

    def styled(style: str, *lines: str) -> list[Any]:
        present = [line for line in lines if line]
        if not present:
            return []
        inlines: list[Any] = []
        for i, line in enumerate(present):
            inlines += ([{"t": "LineBreak"}] if i else []) + tree.text(line)
        return [_div(style, [tree.para(inlines)])]

    signed = bool(s.get("signer_name"))
    out = [
        *styled("Body Text", s.get("notice", "")),
        *(styled("Dateline", s.get("place_date", "")) if signed else []),
        *(styled("Body Text", s.get("salutation", ""))),
        *doc.body,
        *styled("Body Text", s.get("closing", "")),
        *styled("Body Text", s.get("courtesy", "")),
        *signatures(doc, styled),
        *(styled("Dateline", s.get("place_date", "")) if not signed else []),
    ]
    if doc.annex:
        out += [*styled("Annex Title", s.get("annex_title", "")), *doc.annex]
    return out


def signatures(doc: Document, styled: Callable[..., list[Any]]) -> list[Any]:
    """The signatory's name and function in the Signature style; each of a
    joint letter's; none on a note verbale."""
    s = doc.strings
    if doc.signers:
        return [b for x in doc.signers for b in styled("Signature", x["name"], x["function"])]
    if not s.get("signer_name"):
        return []
    return styled("Signature", s["signer_name"], s.get("signer_title", ""))


def _div(style: str, blocks: list[Any]) -> dict[str, Any]:
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], blocks]}


def _meta(lang: str) -> dict[str, Any]:
    return {"t": "MetaString", "c": lang}
