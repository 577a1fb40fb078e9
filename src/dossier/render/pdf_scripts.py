"""Languages and fonts of the PDF: the text of a document by the language
it is set in, every character checked against that language's fonts (a
missing glyph is an error), and the JSON of ``sys.inputs.typography`` that
tells the template how each language is set.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from dossier.assemble.compose import Document
from dossier.core import fonts, tree
from dossier.core.localise import ENGLISH_MASTHEAD, RTL
from dossier.render.pdf_errors import MissingGlyphs, PdfFailed

DIRECTIONS = frozenset({"ltr", "rtl"})
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# The language whose fonts set Latin text (symbols, job numbers) anywhere.
LATIN = "en"
# Typst's `region` where a language needs one: Simplified Chinese forms.
REGIONS = {"zh": "cn"}
# The strings of the masthead's distribution block (English in some versions).
MASTHEAD_BLOCK = frozenset({"distribution", "date", "version", "original"})
UNTRANSLATED = "untranslated"
MARKER = "untranslated-marker"
# Kinds whose Latin text holds names in their original script (Arabic,
# Urdu): a listing request, and the letter its mission signs ('submission').
ORIGINAL_SCRIPT = frozenset({"listing-request", "submission"})
# How many missing characters a message lists.
LISTED = 20


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
    values = dict(tree.attributes_of(block))
    return code(values["lang"]) if values.get("lang") else None


def split_marker(div: tree.Node) -> tuple[list[Any], list[Any]]:
    """A Div's marker blocks (class ``untranslated-marker``) and the rest."""
    content: list[Any] = tree.children(div)
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
            collect(tree.children(block), lang, out)
        else:
            marker, content = split_marker(block)
            out.setdefault(lang, []).append(tree.stringify(marker))
            collect(content, source, out)


def faces(lang: str, doc: Document) -> tuple[fonts.Face, ...]:
    """The fonts of text in ``lang`` in ``doc``: the document's language's,
    any other's followed by the document's (see :func:`fonts.inside`)."""
    outer = code(doc.lang)
    listed = fonts.fonts_for(lang) if lang == outer else fonts.inside(lang, outer)
    if doc.kind in ORIGINAL_SCRIPT and fonts.NASKH not in listed:
        return (*listed, fonts.NASKH)
    return listed


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
