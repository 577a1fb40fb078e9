"""HTML: one self-contained file (CSS and images inlined, nothing loaded from
elsewhere), readable on a phone, with a print stylesheet.

The letter body and the annex are written by pandoc's HTML writer as two
fragments (footnote ids kept apart by ``--id-prefix``); the page around them
is a Jinja template of the document kind.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dossier.assemble.compose import Document
from dossier.assemble.numbering import CLOSING_ONLY, LATIN, SUBPARAGRAPH_LETTERS
from dossier.check import htmlsafe
from dossier.core import pandoc, tree
from dossier.core.localise import ENGLISH_MASTHEAD
from dossier.core.templates import kind_dir
from dossier.render.lower import lower_spans

# The raw formats pandoc's HTML writer copies into its output.
HTML_RAW = frozenset({"html", "html4", "html5"})


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
    page = env.get_template("letter.html.j2").render(
        doc=doc,
        s=doc.strings,
        masthead_lang="en" if doc.lang in ENGLISH_MASTHEAD else doc.lang,
        # The kind's own stylesheet, trusted: HTML escapes would break its quotes.
        css=Markup((folder / "letter.css").read_text(encoding="utf-8"))
        + subparagraph_style(doc.lang),
        body=fragment([*doc.body, *closing_blocks(doc)], "letter-", doc.lang),
        annex=fragment(number_spans(doc.annex, doc.direction), "annex-", doc.lang)
        if doc.annex
        else "",
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
    """Keep the numbers as classed spans; CSS hangs and spaces them. A Latin
    number ("I.") in a right-to-left document is isolated left-to-right so
    that its full stop stays after it."""

    def span(cls: str, label: str) -> list[tree.Node]:
        isolate = direction == "rtl" and label.isascii()
        extra = {"dir": "ltr"} if isolate else {}
        return [tree.span((cls,), tree.text(label), **extra)]

    return lower_spans(blocks, span)


def fragment(blocks: list[Any], prefix: str, lang: str) -> Markup:
    """Pandoc HTML for ``blocks``, images inlined as data URIs."""
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
