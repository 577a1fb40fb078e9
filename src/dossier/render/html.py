"""HTML: one self-contained file (CSS and images inlined, nothing loaded from
elsewhere), readable on a phone, with a print stylesheet.

The letter body and the annex are written by pandoc's HTML writer as two
fragments (footnote ids kept apart by ``--id-prefix``); the page around them
is a Jinja template of the document kind.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dossier.assemble.compose import Document
from dossier.assemble.numbering import CLOSING_ONLY, LATIN, SUBPARAGRAPH_LETTERS
from dossier.check import htmlsafe
from dossier.core import pandoc, tree
from dossier.core.localise import ENGLISH_MASTHEAD, RTL
from dossier.core.templates import kind_dir
from dossier.render.lower import lower_spans
from dossier.render.pdf_scripts import MARKER, source_lang

# The raw formats pandoc's HTML writer copies into its output.
HTML_RAW = frozenset({"html", "html4", "html5"})
# What pandoc's HTML writer makes of the annex's notes (``--id-prefix=annex-``):
# the number of each reference, and the list of the notes.
ANNEX_NOTE_REF = re.compile(
    r'(<a href="#annex-fn\d+" class="footnote-ref"[^>]*><sup>)(\d+)(</sup>)'
)
ANNEX_NOTES = re.compile(r'(<section id="annex-footnotes"[^>]*>\s*<hr />\s*<ol)>')


def render(doc: Document, out: Path, kind: str | None = None) -> None:
    folder = kind_dir(kind or doc.kind)
    if folder is None:
        raise FileNotFoundError(f"no templates for {kind}")
    env = jinja2.Environment(
        # The kind's folder, then templates/: a kind may extend another's page.
        loader=jinja2.FileSystemLoader([folder, folder.parent]),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["css_string"] = css_string
    letter = [*doc.body, *closing_blocks(doc)]
    page = env.get_template("letter.html.j2").render(
        doc=doc,
        s=doc.strings,
        masthead_lang="en" if doc.lang in ENGLISH_MASTHEAD else doc.lang,
        # The kind's own stylesheet, trusted: HTML escapes would break its quotes.
        css=Markup((folder / "letter.css").read_text(encoding="utf-8"))
        + subparagraph_style(doc.lang),
        body=fragment(letter, "letter-", doc.lang, doc.direction),
        annex=annex_fragment(doc, notes_before=len(tree.find(letter, {"Note"}))),
    )
    out.write_text(page, encoding="utf-8")


def subparagraph_style(lang: str) -> Markup:
    """A counter style giving lettered lists (``<ol type="a">``) the
    subparagraph letters of ``lang``, as in the PDF and the DOCX
    (:func:`dossier.assemble.numbering.subparagraph_label`).

    >>> rule = str(subparagraph_style("ur").splitlines()[1])
    >>> rule[:44], rule[-28:]
    ('@counter-style subparagraph { system: alphab', 'prefix: "("; suffix: ") "; }')
    """
    symbols = " ".join(css_string(c) for c in SUBPARAGRAPH_LETTERS.get(lang, LATIN))
    prefix = '""' if lang in CLOSING_ONLY else '"("'
    return Markup(
        f"\n@counter-style subparagraph {{ system: alphabetic; symbols: {symbols}; "
        f'prefix: {prefix}; suffix: ") "; }}\n'
        'ol[type="a"] { list-style-type: subparagraph; }\n'
    )


def annex_fragment(doc: Document, notes_before: int) -> Markup:
    """The annex's HTML, its notes numbered on from the letter's (as in the
    PDF and the DOCX): pandoc numbers each fragment's notes from 1."""
    if not doc.annex:
        return Markup("")
    html = str(fragment(number_spans(doc.annex, doc.direction), "annex-", doc.lang, doc.direction))
    if notes_before:
        html = ANNEX_NOTE_REF.sub(lambda m: f"{m[1]}{int(m[2]) + notes_before}{m[3]}", html)
        html = ANNEX_NOTES.sub(rf'\1 start="{notes_before + 1}">', html, count=1)
    return Markup(html)


def css_string(value: str) -> Markup:
    """A CSS string literal that stays one inside a ``<style>`` element
    (quotes, backslashes, angle brackets and line breaks escaped).

    >>> print(css_string('SECRET "A" </style>'))
    "SECRET \\22 A\\22  \\3c /style\\3e "
    """
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>&' or not c.isprintable() else c for c in value
    )
    return Markup(f'"{escaped}"')


def closing_blocks(doc: Document) -> list[Any]:
    """Closing request and signature (or, in a note verbale, the place and
    date), inside the letter so that the letter's footnotes follow them; each
    only where the document kind has it."""
    s = doc.strings
    out = [tree.div(("closing",), [tree.para(tree.text(s["closing"]))])] if s["closing"] else []
    gap = [{"t": "Space"}] if s["signed_gap"] else []
    for signer in doc.signers:  # a joint letter's
        signed = [tree.emph(tree.text(s["signed"])), *gap, *tree.text(signer["name"])]
        lines = [tree.para(signed), tree.para(tree.text(signer["function"]))]
        out.append(tree.div(("signature",), lines))
    if s["signer_name"] and not doc.signers:
        signed = [tree.emph(tree.text(s["signed"])), *gap, *tree.text(s["signer_name"])]
        lines = [tree.para(signed), tree.para(tree.text(s["signer_title"]))]
        out.append(tree.div(("signature",), lines))
    if s.get("place_date"):
        out.append(tree.div(("place-date",), [tree.para(tree.text(s["place_date"]))]))
    return out


def number_spans(blocks: list[Any], direction: str) -> list[Any]:
    """Keep the numbers as classed spans; CSS hangs and spaces them in the
    document's direction. A Latin number ("I.", "1.") in a right-to-left
    document is isolated left to right inside its span, so that its full stop
    stays after it while the span keeps the page's start side; the Arabic
    "1 -" reads right to left, its dash between the number and the text."""

    def span(cls: str, label: str) -> list[tree.Node]:
        latin = direction == "rtl" and label.isascii() and not label.endswith(" -")
        inner = [tree.span((), tree.text(label), dir="ltr")] if latin else tree.text(label)
        return [tree.span((cls,), inner)]

    return lower_spans(blocks, span)


def directed(blocks: list[Any], lang: str, rtl: bool, here: bool | None = None) -> list[Any]:
    """Each untranslated stand-in in its own language's direction, its marker
    in the document's language and direction; right-to-left tables with their
    left-aligned columns set to the start (the right): a column a drafter
    aligned left is aligned to where the text begins, one aligned right
    (figures) stays right, its digits in line. A copy of ``blocks``."""
    here = rtl if here is None else here
    out: list[Any] = []
    for block in blocks:
        if block.get("t") == "Div":
            source = source_lang(block)
            inner = here if source is None else source in RTL
            extra = [] if source is None else [["dir", "rtl" if inner else "ltr"]]
            if MARKER in tree.classes_of(block):
                extra = [["lang", lang], ["dir", "rtl" if rtl else "ltr"]]
            ident, classes, pairs = tree.attr_of(block)
            kept = [kv for kv in pairs if kv[0] not in {k for k, _ in extra}]
            attr = [ident, classes, [*kept, *extra]]
            block = {**block, "c": [attr, directed(tree.children(block), lang, rtl, inner)]}
        elif block.get("t") == "Table" and here:
            block = tree.map_nodes(block, _left_to_start)
        out.append(block)
    return out


def _left_to_start(node: tree.Node) -> tree.Node | None:
    return {"t": "AlignDefault"} if node["t"] == "AlignLeft" else None


def fragment(blocks: list[Any], prefix: str, lang: str, direction: str) -> Markup:
    """Pandoc HTML for ``blocks``, images inlined as data URIs."""
    blocks = directed(blocks, lang, direction == "rtl")
    blocks = tree.map_nodes(blocks, _for_the_web)  # one copy of the annex, not one per change
    html = pandoc.run(
        [
            "-f",
            "json",
            "-t",
            "html5",
            f"--id-prefix={prefix}",
            "--shift-heading-level-by=1",
            "--wrap=none",
            "--reference-location=document",
        ],
        pandoc.document(blocks),
    )
    if any(tree.format_of(n) in HTML_RAW for n in tree.find(blocks, {"RawBlock", "RawInline"})):
        html = htmlsafe.sanitise(html)  # the dossier allows raw HTML: allow-listed
    return Markup(html)


def _for_the_web(node: tree.Node) -> tree.Node | None:
    """Images inlined, wide tables focusable: both in one walk of the copy."""
    kind = node["t"]
    if kind == "Image":
        return _inline_image(node)
    if kind == "Table":
        return _focusable_table(node)
    return None


def _focusable_table(node: tree.Node) -> tree.Node | None:
    """Wide tables scroll sideways on a phone: let the keyboard reach them
    (axe-core: scrollable-region-focusable)."""
    if node["t"] != "Table":
        return None
    attrs = tree.attributes_of(node)
    if not any(k == "tabindex" for k, _ in attrs):
        attrs.append(["tabindex", "0"])
    return node


def _inline_image(node: tree.Node) -> tree.Node | None:
    if node["t"] != "Image":
        return None
    path = Path(tree.target_of(node))
    # The PNG beside a chart is for Word; its path says where the build ran.
    tree.set_attributes(node, [kv for kv in tree.attributes_of(node) if kv[0] != "png"])
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    tree.set_target(node, f"data:{mime};base64,{data}")
    return node
