"""PDF: pandoc's Typst writer with the project's template, compiled by the
``typst`` package in a process of its own.

The template folder (``templates/<kind>/``) holds ``letter.typ``, a pandoc
template, and the Typst library it imports (``un.typ``). Boilerplate goes to
pandoc as metadata (MetaInlines, the annex as MetaBlocks) so that pandoc
escapes it for Typst. How each language is set (its fonts, named in
:mod:`dossier.core.fonts`, its direction) goes to Typst as JSON in ``sys.inputs``.

Before anything is compiled, every character of the document is checked
against the fonts of its language: a missing glyph is an error, not an empty
box or a stray font in the PDF.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from dossier.assemble.compose import Document
from dossier.core import fonts, pandoc
from dossier.core.clock import build_timestamp
from dossier.core.templates import kind_dir
from dossier.render import part_cache, parts, sandbox, typst_run
from dossier.render.pdf_errors import MissingGlyphs as MissingGlyphs
from dossier.render.pdf_errors import PdfFailed, PdfTooLarge, RawTypstFailed
from dossier.render.pdf_lower import lower, metadata
from dossier.render.pdf_scripts import check_glyphs, code, direction, texts, typography

FONT_PATHS: tuple[str, ...] = fonts.FONT_DIRS
TEMPLATE = "letter.typ"
LIBRARY = "un.typ"
# The Python that runs Typst (dossier.render.typst_run), and what the
# process prints when memory runs out: Rust before it aborts, or a panic on
# a failed mapping (ENOMEM).
TYPST_RUN: tuple[str, ...] = (sys.executable, "-m", "dossier.render.typst_run")
OUT_OF_MEMORY = ("memory allocation of", "Cannot allocate memory", "MemoryError")
OUT_OF_MEMORY_SIGNALS = frozenset({signal.SIGABRT, signal.SIGKILL})


def render(doc: Document, out: Path, kind: str | None = None, template: str = TEMPLATE) -> None:
    """Write ``doc`` as a PDF at ``out`` (with ``template`` of the kind's folder)."""
    folder = template_dir(kind or doc.kind, template)
    found = texts(doc)
    check_glyphs(doc, found)
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as tmp:
        root = sandbox.make_root(Path(tmp))
        source = typst_source(doc, folder, root, template)
        styles = typography(doc, found)
        compile_pdf(source, out, folder, timestamp(doc), styles, code(doc.lang), root)


def template_dir(kind: str, template: str = TEMPLATE) -> Path:
    folder = kind_dir(kind)
    if folder is None or not (folder / template).is_file():
        raise PdfFailed(f"no PDF template for document kind {kind!r} ({template} missing)")
    return folder.resolve()


def typst_source(
    doc: Document, folder: Path, root: Path | None = None, template: str = TEMPLATE
) -> str:
    """The Typst source of ``doc``: pandoc's writer with our template; its
    images copied into Typst's ``root`` (:mod:`dossier.render.sandbox`;
    None: a source to look at, not to compile, its images where they are)."""
    args = ["-f", "json", "-t", "typst", "--wrap=none", "--template", str(folder / template)]
    body = lower(doc.body, rtl=direction(doc) == "rtl", lang=doc.lang)
    meta = metadata(doc)
    copied: dict[str, str] = {}
    try:
        if root is not None:
            sandbox.copy_images(body, root, copied)
        for part in ("annex", "head"):
            if root is not None and part in meta:
                sandbox.copy_images(meta[part]["c"], root, copied)
    except sandbox.MissingImage as err:
        raise PdfFailed(str(err)) from err
    try:
        return pandoc.run(args, pandoc.document(body, meta))
    except pandoc.PandocFailed as err:
        raise PdfFailed(str(err)) from err


def compile_pdf(
    source: str,
    out: Path,
    folder: Path,
    when: int,
    styles: str,
    lang: str,
    root: Path,
) -> None:
    """Compile ``source`` to ``out`` in Typst's ``root`` (made by
    :func:`sandbox.make_root`, the images already in it), the library
    through ``sys.inputs`` (with ``styles``, the JSON of :func:`typography`).
    A document longer than a part (:mod:`dossier.render.parts`) is compiled
    in parts, whose PDFs are kept beside the root, not in it."""
    budget = parts.pages_per_part()
    if parts.worth_splitting(source, lang, budget):
        try:
            compile_in_parts(source, out, folder, when, styles, lang, budget, root)
            return
        except parts.CannotSplit:
            out.unlink(missing_ok=True)  # compiled whole, below
    main = root / "main.typ"
    main.write_text(parts.strip_marks(source), encoding="utf-8")
    compile_file(main, out, folder, when, styles)


def compile_in_parts(
    source: str,
    out: Path,
    folder: Path,
    when: int,
    styles: str,
    lang: str,
    budget: int,
    root: Path,
) -> None:
    """Compile ``source`` in parts of about ``budget`` pages in Typst's
    ``root`` and join them at ``out``. Raises parts.CannotSplit."""
    tmp = root.parent
    # a part whose source, inputs, images and fonts were compiled before is
    # copied from the cache: an edit lays out again only the parts it touches
    compile_ = part_cache.cached(run_typst, part_cache.folder())

    def run(text: str, pdf: Path, inputs: dict[str, str], **extra: Any) -> dict[str, Any]:
        main = root / pdf.with_suffix(".typ").name
        main.write_text(text, encoding="utf-8")
        args = typst_args(main, pdf, folder, when, styles)
        args["sys_inputs"].update(inputs)
        return compile_({**args, **extra})

    def part(text: str, pdf: Path, offset: int) -> dict[str, Any]:
        # PDF/UA's checks are the whole document's: the first part's (a part
        # after it may begin with a heading of level 2)
        standards = parts.LATER_STANDARDS if offset else None
        inputs = {"page-numbers": "none", "parts": "1", "page-offset": str(offset)}
        return run(text, pdf, inputs, query=parts.FOUND, standards=standards)

    from dossier.render import join  # pikepdf, only for a document in parts

    doc = parts.Source.of(source)
    made = list(parts.compile_parts(doc, lang, budget, tmp, part))
    total = sum(p.keep for p in made)
    numbers = tmp / "numbers.pdf"
    run(parts.numbers(doc, total), numbers, {"page-numbers": "only"}, plain=True)
    try:
        join.join(made, numbers, out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def typst_args(main: Path, out: Path, folder: Path, when: int, styles: str) -> dict[str, Any]:
    """The arguments of :func:`dossier.render.typst_run.compile_file`:
    Typst's root is ``main``'s folder (:func:`sandbox.make_root`), where
    the library of the template folder ``folder`` is."""
    return {
        "main": str(main),
        "root": str(main.parent),
        "out": str(out),
        "font_paths": [*FONT_PATHS, str(folder)],
        "sys_inputs": {"un": sandbox.library(folder), "typography": styles},
        "timestamp": when,
    }


def compile_file(main: Path, out: Path, folder: Path, when: int, styles: str = "{}") -> None:
    """Typst sees the fonts under FONT_PATHS (those :mod:`dossier.core.fonts`
    checks) and the template folder's, none of the system's others, and no
    file outside ``main``'s folder. It runs in a process of its own
    (:mod:`dossier.render.typst_run`)."""
    run_typst(typst_args(main, out, folder, when, styles))


def run_typst(args: dict[str, Any]) -> dict[str, Any]:
    """Run :mod:`dossier.render.typst_run` on ``args``; what it found."""
    out = Path(args["out"])
    proc = subprocess.run(
        TYPST_RUN,
        input=json.dumps(args),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **sandbox.NO_NETWORK},
    )
    if proc.returncode == 0:
        found: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
        return found
    out.unlink(missing_ok=True)
    if proc.returncode == typst_run.REFUSED:
        message = proc.stdout.strip()
        origin = sandbox.raw_origin(message, Path(args["main"]), Path(args["root"]))
        raise PdfFailed(message) if origin is None else RawTypstFailed(origin)
    if proc.returncode == typst_run.CANNOT_WRITE:
        code = int(proc.stdout.strip() or 0)
        raise OSError(code, os.strerror(code), str(out))
    stopped = signal.Signals(-proc.returncode) if proc.returncode < 0 else None
    # Rust aborts when an allocation fails; the kernel kills what it must.
    if stopped in OUT_OF_MEMORY_SIGNALS or any(sign in proc.stderr for sign in OUT_OF_MEMORY):
        raise PdfTooLarge("Typst ran out of memory" + (f" ({stopped.name})" if stopped else ""))
    if stopped is not None:
        raise PdfFailed(f"typst stopped by {stopped.name}: {proc.stderr.strip()[-2000:]}")
    raise PdfFailed(f"typst failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")


# ---- reproducible output ----------------------------------------------------


def timestamp(doc: Document) -> int:
    """The PDF creation date: the build's (SOURCE_DATE_EPOCH, else the
    document's date), as every output has it."""
    return build_timestamp(doc)
