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
import re
import signal
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from dossier.assemble.compose import Document
from dossier.core import fonts, pandoc, tree
from dossier.core.clock import build_timestamp
from dossier.core.localise import ENGLISH_MASTHEAD, RTL
from dossier.core.templates import kind_dir
from dossier.render import parts, sandbox, typst_run
from dossier.render.lower import lower_spans, raw_block, raw_inline

FONT_PATHS: tuple[str, ...] = fonts.FONT_DIRS
TEMPLATE = "letter.typ"
LIBRARY = "un.typ"
PAPERS = frozenset({"letter", "a4"})
DIRECTIONS = frozenset({"ltr", "rtl"})
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# The language whose fonts set Latin text (symbols, job numbers) anywhere.
LATIN = "en"
# Typst's `region` where a language needs one: Simplified Chinese forms.
REGIONS = {"zh": "cn"}
# The strings of the masthead's distribution block (English in some versions).
MASTHEAD_BLOCK = frozenset({"distribution", "date", "version", "original"})
UNTRANSLATED = "untranslated"
# The Python that runs Typst (dossier.render.typst_run), and what the
# process prints when memory runs out: Rust before it aborts, or a panic on
# a failed mapping (ENOMEM).
TYPST_RUN: tuple[str, ...] = (sys.executable, "-m", "dossier.render.typst_run")
OUT_OF_MEMORY = ("memory allocation of", "Cannot allocate memory", "MemoryError")
OUT_OF_MEMORY_SIGNALS = frozenset({signal.SIGABRT, signal.SIGKILL})
# An image of a figure, described by the figure's set rule (see with_alt).
DESCRIBED = "pdf-described"
MARKER = "untranslated-marker"
# How many missing characters a message lists.
LISTED = 20


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


def render(doc: Document, out: Path, kind: str | None = None) -> None:
    """Write ``doc`` as a PDF at ``out``."""
    folder = template_dir(kind or doc.kind)
    found = texts(doc)
    check_glyphs(doc, found)
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as tmp:
        root = sandbox.make_root(Path(tmp))
        source = typst_source(doc, folder, root)
        styles = typography(doc, found)
        compile_pdf(source, out, folder, timestamp(doc), styles, code(doc.lang), root)


def template_dir(kind: str) -> Path:
    folder = kind_dir(kind)
    if folder is None or not (folder / TEMPLATE).is_file():
        raise PdfFailed(f"no PDF template for document kind {kind!r} ({TEMPLATE} missing)")
    return folder.resolve()


def typst_source(doc: Document, folder: Path, root: Path | None = None) -> str:
    """The Typst source of ``doc``: pandoc's writer with our template; its
    images copied into Typst's ``root`` (:mod:`dossier.render.sandbox`;
    None: a source to look at, not to compile, its images where they are)."""
    args = ["-f", "json", "-t", "typst", "--wrap=none", "--template", str(folder / TEMPLATE)]
    body = lower(doc.body, rtl=direction(doc) == "rtl")
    meta = metadata(doc)
    copied: dict[str, str] = {}
    try:
        if root is not None:
            sandbox.copy_images(body, root, copied)
        if root is not None and "annex" in meta:
            sandbox.copy_images(meta["annex"]["c"], root, copied)
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

    def run(text: str, pdf: Path, inputs: dict[str, str], **extra: Any) -> dict[str, Any]:
        main = root / pdf.with_suffix(".typ").name
        main.write_text(text, encoding="utf-8")
        args = typst_args(main, pdf, folder, when, styles)
        args["sys_inputs"].update(inputs)
        return run_typst({**args, **extra})

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


# ---- languages and fonts ----------------------------------------------------


def code(value: str) -> str:
    """A language code as the template takes it: 'zh-CN' -> 'zh'."""
    if not _LANG.fullmatch(value):
        raise PdfFailed(f"not a language code: {value!r}")
    return value.split("-")[0].lower()


def direction(doc: Document) -> str:
    if doc.direction not in DIRECTIONS:
        raise PdfFailed(
            f"unknown direction {doc.direction!r} (expected one of {sorted(DIRECTIONS)})"
        )
    return doc.direction


def masthead_lang(lang: str) -> str:
    """The language of the masthead's distribution block."""
    return "en" if lang in ENGLISH_MASTHEAD else lang


def source_lang(block: tree.Node) -> str | None:
    """The language of an untranslated stand-in (a Div of class
    ``untranslated`` with a ``lang``); None for any other block."""
    if UNTRANSLATED not in tree.classes_of(block):
        return None
    values = dict(block["c"][0][2])
    return code(values["lang"]) if values.get("lang") else None


def split_marker(div: tree.Node) -> tuple[list[Any], list[Any]]:
    """A Div's marker blocks (class ``untranslated-marker``) and the rest."""
    content: list[Any] = div["c"][1]
    marker = [b for b in content if MARKER in tree.classes_of(b)]
    return marker, [b for b in content if MARKER not in tree.classes_of(b)]


def texts(doc: Document) -> dict[str, list[str]]:
    """All the text of ``doc`` by the language it is set in: the symbol and
    the job line in Latin fonts, the masthead block in its language, the rest
    in the document's but untranslated stand-ins in their source language."""
    lang = code(doc.lang)
    out: dict[str, list[str]] = {lang: [], LATIN: [doc.job_line]}
    for key, value in doc.strings.items():
        where = LATIN if key == "marking" and marking_ltr(doc) else string_lang(key, lang)
        out.setdefault(where, []).append(value)
    collect(doc.body + doc.annex, lang, out)
    return out


def marking_ltr(doc: Document) -> bool:
    """Whether the classification marking is Latin text ('CONFIDENTIAL') in a
    right-to-left document: set left to right, in the Latin fonts."""
    marking = doc.strings.get("marking", "")
    rtl_letters = any(unicodedata.bidirectional(c) in {"R", "AL"} for c in marking)
    return doc.direction == "rtl" and bool(marking) and not rtl_letters


def string_lang(key: str, lang: str) -> str:
    """The language a boilerplate string is set in."""
    if key == "symbol":
        return LATIN
    return masthead_lang(lang) if key in MASTHEAD_BLOCK else lang


def collect(blocks: list[Any], lang: str, out: dict[str, list[str]]) -> None:
    for block in blocks:
        source = source_lang(block)
        if block.get("t") != "Div":
            out.setdefault(lang, []).append(tree.stringify(block))
        elif source is None:
            collect(block["c"][1], lang, out)
        else:
            marker, content = split_marker(block)
            out.setdefault(lang, []).append(tree.stringify(marker))
            collect(content, source, out)


def faces(lang: str, doc: Document) -> tuple[fonts.Face, ...]:
    """The fonts of text in ``lang`` in ``doc``: the document's language's,
    any other's followed by the document's (see :func:`fonts.inside`)."""
    outer = code(doc.lang)
    return fonts.fonts_for(lang) if lang == outer else fonts.inside(lang, outer)


def check_glyphs(doc: Document, found: dict[str, list[str]] | None = None) -> None:
    """Raise :class:`MissingGlyphs` for the characters no font of their
    language has, :class:`PdfFailed` for a font that is not installed.
    ``found``: the document's :func:`texts`, when already known."""
    reports: list[str] = []
    for lang, strings in (texts(doc) if found is None else found).items():
        listed = faces(lang, doc)
        try:
            fonts.require(listed, lang)
        except fonts.FontNotInstalled as err:
            raise PdfFailed(str(err)) from err
        missing = fonts.uncovered(" ".join(strings), listed)
        if missing:
            reports.append(glyph_report(lang, listed, missing))
    if reports:
        raise MissingGlyphs("\n".join(reports))


def glyph_report(lang: str, listed: tuple[fonts.Face, ...], missing: list[tuple[str, str]]) -> str:
    families = ", ".join(face.family for face in listed)
    lines = [
        f"no font for the {lang!r} text of the PDF has these characters ({families} lack them):"
    ]
    lines += [f"  {name} ({char})" for char, name in missing[:LISTED]]
    if len(missing) > LISTED:
        lines.append(f"  ... and {len(missing) - LISTED} more")
    lines.append(
        f"  add a font that has them to the {lang!r} list of dossier.core.fonts, or remove them"
    )
    return "\n".join(lines)


def script(lang: str, dir_: str, listed: tuple[fonts.Face, ...]) -> dict[str, Any]:
    """How text in ``lang`` is set: the template's ``script(lang)``."""
    top, bottom = fonts.edges_for(lang)
    return {
        "font": [face.typst() for face in listed],
        "dir": dir_,
        "region": REGIONS.get(lang),
        "edges": [top, bottom],
    }


def typography(doc: Document, found: dict[str, list[str]] | None = None) -> str:
    """The JSON of ``sys.inputs.typography``: each language the document
    sets text in (and English, for Latin symbols and numbers), with its
    fonts, direction and line box."""
    table = {
        lang: script(lang, "rtl" if lang in RTL else "ltr", faces(lang, doc))
        for lang in sorted(texts(doc) if found is None else found)
    }
    lang = code(doc.lang)
    table[lang] = script(lang, direction(doc), faces(lang, doc))
    return json.dumps(table, ensure_ascii=False, sort_keys=True)


# ---- the pandoc document ------------------------------------------------------


def lower(blocks: list[Any], rtl: bool = False) -> list[Any]:
    """Numbering spans to Typst: a heading's number becomes its numbering
    (set just before it), a paragraph's a call of the template library; an
    untranslated stand-in a call too; tables mirrored in right-to-left text."""

    def typst_call(cls: str, label: str) -> list[tree.Node]:
        fn = "hnum" if cls == "heading-num" else "pnum"
        # the ';' ends the call so that the text after it stays text
        return [raw_inline("typst", f"#un.{fn}({typst_string(label)});")]

    # One copy of the document; the passes after it change that copy in place.
    blocks = tree.map_nodes(mirror_tables(blocks, rtl), number_heading)
    blocks = tree.replace_nodes(with_alt(blocks), untranslated)
    # No wrapper for the SingleTxt indent: the template's margins hold it.
    return lower_spans(blocks, typst_call, in_place=True)


def with_alt(blocks: list[Any]) -> list[Any]:
    """Every image and equation with its description (PDF/UA needs one;
    pandoc's writer drops it), in a scoped set rule: around a figure (its
    images', else its caption), an image or a formula elsewhere. In place:
    ``blocks`` must be the caller's own copy."""
    figures: list[Any] = tree.replace_nodes(blocks, describe_figure)
    inlines: list[Any] = tree.replace_nodes(figures, describe_inline)
    return inlines


def describe_figure(node: tree.Node) -> list[tree.Node] | None:
    if node["t"] != "Figure":
        return None
    images = [n for n in tree.walk(node["c"][2]) if n["t"] == "Image"]
    if not images:
        return None
    alts = [tree.stringify(image["c"][1]) for image in images]
    alt = next((a for a in alts if a.strip()), "") or tree.stringify(node["c"][1][1])
    for image in images:
        image["c"][0][2] = [*image["c"][0][2], [DESCRIBED, "1"]]
    opening = alt_rule("image", alt, images[0]["c"][2][0])
    return [raw_block("typst", opening), node, raw_block("typst", "]")]


def describe_inline(node: tree.Node) -> list[tree.Node] | None:
    if node["t"] == "Image":
        kvs = node["c"][0][2]
        if any(key == DESCRIBED for key, _ in kvs):
            node["c"][0][2] = [kv for kv in kvs if kv[0] != DESCRIBED]
            return [node]
        opening = alt_rule("image", tree.stringify(node["c"][1]), node["c"][2][0])
    elif node["t"] == "Math":
        opening = alt_rule("math.equation", node["c"][1], "a formula")
    else:
        return None
    return [raw_inline("typst", opening), node, raw_inline("typst", "]")]


def alt_rule(element: str, alt: str, what: str) -> str:
    """``#[#set element(alt: ..);``, the opening of a scope closed by ``]``."""
    alt = " ".join(alt.split())
    if not alt:
        raise PdfFailed(
            f"{what} has no description, which an accessible PDF needs: write it "
            "in the brackets, ![description](figures/...)"
        )
    return f"#[#set {element}(alt: {typst_string(alt)});"


def number_heading(node: tree.Node) -> list[tree.Node] | None:
    """A Header's number (the Span it starts with) as the heading's own
    numbering, set just before it in a scope that closes after it; none for
    a Header without. Unscoped, each set rule would wrap the rest of the
    document in one more style: Typst laid an 80-page annex with 660
    headings out in twice the time."""
    if node["t"] != "Header":
        return None
    level, attr, inlines = node["c"]
    numbering = "none"
    if inlines and "heading-num" in tree.classes_of(inlines[0]):
        numbering = f"(..) => {typst_string(tree.stringify(inlines[0]['c'][1]))}"
        inlines = inlines[1:]
    return [
        raw_block("typst", "#["),
        raw_block("typst", f"#set heading(numbering: {numbering})"),
        {"t": "Header", "c": [level, attr, inlines]},
        raw_block("typst", "]"),
    ]


def untranslated(node: tree.Node) -> list[tree.Node] | None:
    """An untranslated stand-in as ``#un.untranslated(lang: .., marker: ..)[
    ... ]`` around its blocks; the marker is the text of its marker Div."""
    if node["t"] != "Div" or UNTRANSLATED not in tree.classes_of(node):
        return None
    lang = source_lang(node)
    marker, content = split_marker(node)
    label = " ".join(tree.stringify(marker).split())
    args = [f"lang: {typst_string(lang)}" if lang else "", f"marker: {typst_string(label)}"]
    call = f"#un.untranslated({', '.join(a for a in args if a)})["
    if lang:
        content = tree.map_nodes(content, lambda node: note_in(node, lang))
    return [raw_block("typst", call), *content, raw_block("typst", "]")]


def note_in(node: tree.Node, lang: str) -> tree.Node | None:
    """A footnote of an untranslated stand-in, set in the stand-in's
    language (Typst lays the note out at the foot, in the document's)."""
    if node["t"] != "Note" or not node["c"] or node["c"][0]["t"] not in {"Para", "Plain"}:
        return None
    first = node["c"][0]
    switch = raw_inline("typst", f"#set text(..un.script({typst_string(lang)}));")
    return {"t": "Note", "c": [{"t": first["t"], "c": [switch, *first["c"]]}, *node["c"][1:]]}


# Markdown's column alignments are left and right; in right-to-left text
# the first column stands on the right and a column's "left" is its start.
MIRRORED = {"AlignLeft": "AlignRight", "AlignRight": "AlignLeft"}


def mirror_tables(blocks: list[Any], rtl: bool) -> list[Any]:
    """Swap the left and right alignments of the tables set right to left
    (the document's, or those of an untranslated stand-in in such a script)."""
    out: list[Any] = []
    for block in blocks:
        if block.get("t") == "Div":
            lang = source_lang(block)
            inner = rtl if lang is None else lang in RTL
            block = {**block, "c": [block["c"][0], mirror_tables(block["c"][1], inner)]}
        elif block.get("t") == "Table" and rtl:
            block = tree.map_nodes(block, mirror_alignment)
        out.append(block)
    return out


def mirror_alignment(node: tree.Node) -> tree.Node | None:
    swapped = MIRRORED.get(node["t"])
    return {"t": swapped} if swapped else None


def typst_string(value: str) -> str:
    """A Typst string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def metadata(doc: Document) -> dict[str, Any]:
    strings = {**doc.strings, "job_line": doc.job_line, "job_number": doc.job_number}
    meta: dict[str, Any] = {key: inlines(value) for key, value in strings.items() if value}
    meta["paper"] = word(doc.paper, PAPERS, "paper")
    meta["lang"] = language(doc.lang)
    meta["masthead_lang"] = language(masthead_lang(code(doc.lang)))
    meta["signed_gap"] = {"t": "MetaBool", "c": not wide_end(doc.strings.get("signed", ""))}
    meta["marking_ltr"] = {"t": "MetaBool", "c": marking_ltr(doc)}
    if doc.annex:
        # each block of the annex after a mark: where a part may begin
        marked = [b for i, block in enumerate(doc.annex) for b in (mark(i), block)]
        meta["annex"] = {"t": "MetaBlocks", "c": lower(marked, rtl=doc.direction == "rtl")}
    return meta


def mark(index: int) -> tree.Node:
    return raw_block("typst", parts.mark(index))


def wide_end(value: str) -> bool:
    """Whether ``value`` ends with a full-width character, which needs no
    space after it: '（签名）米拉·卡斯特兰' but '(Signed) Mira Castellan'.

    >>> wide_end("（签名）"), wide_end("(Signed)")
    (True, False)
    """
    return bool(value) and unicodedata.east_asian_width(value[-1]) in {"W", "F"}


def inlines(value: str) -> dict[str, Any]:
    return {"t": "MetaInlines", "c": tree.text(value)}


def word(value: str, allowed: frozenset[str], what: str) -> dict[str, Any]:
    if value not in allowed:
        raise PdfFailed(f"unknown {what} {value!r} (expected one of {sorted(allowed)})")
    return {"t": "MetaString", "c": value}


def language(value: str) -> dict[str, Any]:
    return {"t": "MetaString", "c": code(value)}


# ---- reproducible output ----------------------------------------------------


def timestamp(doc: Document) -> int:
    """The PDF creation date: the build's (SOURCE_DATE_EPOCH, else the
    document's date), as every output has it."""
    return build_timestamp(doc)
