"""PDF: pandoc's Typst writer with the project's template, compiled in-process
by the ``typst`` package.

The template folder (``templates/<kind>/``) holds ``letter.typ``, a pandoc
template, and the Typst library it imports (``un.typ``). Boilerplate goes to
pandoc as metadata (MetaInlines, the annex as MetaBlocks) so that pandoc
escapes it for Typst.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typst

from dossier import ast, pandoc
from dossier.assemble import Document
from dossier.render.lower import lower_spans, raw_block, raw_inline
from dossier.templates import kind_dir

FONT_PATHS: tuple[str, ...] = ("/usr/share/fonts",)
TEMPLATE = "letter.typ"
LIBRARY = "un.typ"
PAPERS = frozenset({"letter", "a4"})
DIRECTIONS = frozenset({"ltr", "rtl"})
# 2026-01-01T00:00:00Z: the creation date when the document gives none.
FIXED_TIMESTAMP = 1767225600
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class PdfFailed(RuntimeError):
    """The PDF could not be made; the message is pandoc's or Typst's."""


def render(doc: Document, out: Path, kind: str = "sc-letter") -> None:
    """Write ``doc`` as a PDF at ``out``."""
    folder = template_dir(kind)
    source = typst_source(doc, folder)
    compile_pdf(source, out, folder, timestamp(doc))


def template_dir(kind: str) -> Path:
    folder = kind_dir(kind)
    if folder is None or not (folder / TEMPLATE).is_file():
        raise PdfFailed(f"no PDF template for document kind {kind!r} ({TEMPLATE} missing)")
    return folder.resolve()


def typst_source(doc: Document, folder: Path) -> str:
    """The Typst source of ``doc``: pandoc's writer with our template."""
    args = ["-f", "json", "-t", "typst", "--template", str(folder / TEMPLATE)]
    try:
        return pandoc.run(args, pandoc.document(lower(doc.body), metadata(doc)))
    except pandoc.PandocFailed as err:
        raise PdfFailed(str(err)) from err


def compile_pdf(source: str, out: Path, folder: Path, when: int) -> None:
    """Compile ``source`` to ``out``; Typst reads images by absolute path, so
    the root is the file system's, and the library through ``sys.inputs``."""
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as tmp:
        main = Path(tmp) / "main.typ"
        main.write_text(source, encoding="utf-8")
        compile_file(main, out, folder, when)


def compile_file(main: Path, out: Path, folder: Path, when: int) -> None:
    try:
        typst.compile(
            str(main),
            output=str(out),
            root="/",
            font_paths=[*FONT_PATHS, str(folder)],
            sys_inputs={"un": (folder / LIBRARY).as_posix()},
            timestamp=when,
        )
    except typst.TypstError as err:
        raise PdfFailed(typst_message(err)) from err
    except RuntimeError as err:  # other failures of the binding (I/O, fonts)
        raise PdfFailed(f"typst failed: {err}") from err


def typst_message(err: Any) -> str:
    """Typst's message, with its diagnostic and hints when it gives them."""
    parts = [f"typst failed: {getattr(err, 'message', None) or err}"]
    diagnostic = getattr(err, "diagnostic", "")
    if diagnostic:
        parts.append(str(diagnostic))
    parts.extend(f"hint: {hint}" for hint in getattr(err, "hints", None) or [])
    return "\n".join(parts)


# ---- the pandoc document ------------------------------------------------------


def lower(blocks: list[Any]) -> list[Any]:
    """Numbering spans to Typst: a heading's number becomes its numbering
    (set just before it), a paragraph's a call of the template library."""

    def typst_call(cls: str, label: str) -> list[ast.Node]:
        fn = "hnum" if cls == "heading-num" else "pnum"
        # the ';' ends the call so that the text after it stays text
        return [raw_inline("typst", f"#un.{fn}({typst_string(label)});")]

    return lower_spans(ast.map_nodes(blocks, number_heading), typst_call)


def number_heading(node: ast.Node) -> list[ast.Node] | None:
    """A Header's number (the Span it starts with) as the heading's own
    numbering, set in a raw block just before it; none for a Header without."""
    if node["t"] != "Header":
        return None
    level, attr, inlines = node["c"]
    numbering = "none"
    if inlines and "heading-num" in ast.classes_of(inlines[0]):
        numbering = f"(..) => {typst_string(ast.stringify(inlines[0]['c'][1]))}"
        inlines = inlines[1:]
    return [
        raw_block("typst", f"#set heading(numbering: {numbering})"),
        {"t": "Header", "c": [level, attr, inlines]},
    ]


def typst_string(value: str) -> str:
    """A Typst string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def metadata(doc: Document) -> dict[str, Any]:
    strings = {**doc.strings, "job_line": doc.job_line, "job_number": doc.job_number}
    meta: dict[str, Any] = {key: inlines(value) for key, value in strings.items() if value}
    meta["paper"] = word(doc.paper, PAPERS, "paper")
    meta["dir"] = word(doc.direction, DIRECTIONS, "direction")
    meta["lang"] = language(doc.lang)
    if doc.annex:
        meta["annex"] = {"t": "MetaBlocks", "c": lower(doc.annex)}
    return meta


def inlines(value: str) -> dict[str, Any]:
    return {"t": "MetaInlines", "c": ast.text(value)}


def word(value: str, allowed: frozenset[str], what: str) -> dict[str, Any]:
    if value not in allowed:
        raise PdfFailed(f"unknown {what} {value!r} (expected one of {sorted(allowed)})")
    return {"t": "MetaString", "c": value}


def language(value: str) -> dict[str, Any]:
    if not _LANG.fullmatch(value):
        raise PdfFailed(f"not a language code: {value!r}")
    return {"t": "MetaString", "c": value.split("-")[0].lower()}


# ---- reproducible output ----------------------------------------------------


def timestamp(doc: Document) -> int:
    """The PDF creation date: the document's date when ``doc.meta`` has it
    (ISO form), else SOURCE_DATE_EPOCH, else a fixed date."""
    iso = doc.meta.get("date", "")
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        env = os.environ.get("SOURCE_DATE_EPOCH", "")
        return int(env) if env.isdigit() else FIXED_TIMESTAMP
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
