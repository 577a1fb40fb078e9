"""Confinement: a build reads the files of its dossier and nothing else, and
what its Markdown says reaches nothing outside the document.

Files. Every path the manifest names (the sections of ``letter:`` and
``annex:``, ``evidence.boundaries``) and every file the loaders read
(sections, incident records and their translations, ``sources.yaml``) must
lie inside the dossier folder once symbolic links are resolved; a section's
name with ``..`` or a leading ``/`` is refused outright. All of it is
checked before any of those files is read
(:func:`dossier.check.confine_files.check_paths`, named here too).

Markdown (:func:`check_blocks`, on every section and narrative):

- Raw blocks and inlines (```` ```{=typst} ````, `` `x`{=openxml} ``, inline
  HTML such as ``<b>`` or ``<script>``) are refused unless their format is in
  the manifest's ``allow_raw``; any other format (LaTeX...) always is. An
  allowed HTML fragment must still keep to harmless tags and attributes
  (:mod:`dossier.check.htmlsafe`); allowed OpenXML is well-formed, names no
  relationship and holds no Word field that fetches a file or an address
  (INCLUDEPICTURE...), whatever its prefixes (:mod:`dossier.check.rawxml`). Allowed raw Typst is
  marked with the file and line it comes from, so that a Typst error in it
  names them; it reads no file (:mod:`dossier.render.sandbox`).
- An HTML comment (raw HTML that is nothing but ``<!-- ... -->``) is a
  drafter's note: dropped from the document, in every format, silently.
- A link goes within the document (``#id``, an identifier the document
  defines) or to an absolute http, https or mailto address
  (:func:`link_problem`): a relative path, a ``\\\\server\\share`` (Windows
  sends the reader's credentials to it), a protocol-relative ``//host`` or a
  bare ``host/page`` would open whatever lies there, on the reader's machine.
- No attribute runs a script (``onclick``...) or names a resource (``src``...).
- A narrative's images are files of the dossier: nothing from the network.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from dossier.check import htmlsafe
from dossier.check.confine_files import check_paths as check_paths
from dossier.check.confine_files import inside
from dossier.check.htmlsafe import link_problem
from dossier.check.marking import read_attr
from dossier.core import tree
from dossier.core.diagnostics import Diagnostic
from dossier.core.sourcefile import read_source

# The formats pandoc gives raw content, as allow_raw names them.
RAW_FORMATS = {"html": "html", "html4": "html", "html5": "html", "openxml": "openxml"}
RAW_FORMATS["typst"] = "typst"
# Link schemes a document may point to (besides #fragments within it).
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_HINT = "a link goes to an http, https or mailto address, or within the document (#...)"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# An HTML comment and nothing else: dropped (see the module's docstring).
_COMMENTS = re.compile(r"\s*(?:<!--(?!-?>)(?:(?!--!?>).)*--!?>\s*)+", re.S)
# The mark before allowed raw Typst: its file and line (render.sandbox reads it).
RAW_MARK = "dossier-raw"
# The node kinds that carry attributes (pandoc-types 1.23).
_WITH_ATTR = frozenset(
    {"Div", "Span", "Header", "CodeBlock", "Code", "Link", "Image", "Table", "Figure"}
)
# Attributes that name a resource or an action; any "on..." runs a script.
RESOURCE_ATTRIBUTES = frozenset(
    {"src", "srcset", "href", "action", "formaction", "background", "poster", "data"}
    | {"srcdoc", "ping", "xlink:href", "manifest", "codebase", "archive"}
)
EXCERPT = 60
FIELD_HINT = "Word would fetch it when the document is opened: remove the field"


def scheme(target: str) -> str | None:
    """The scheme of a URL as a browser reads it (control characters and
    spaces ignored, any case), None for a relative one.

    >>> scheme(" Java\\tScript:alert(1)"), scheme("#fn1"), scheme("https://un.org")
    ('javascript', None, 'https')
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", target).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 3] + "..."


# ---- Markdown -------------------------------------------------------------------------


RAW = frozenset({"RawBlock", "RawInline"})
CHECKED = RAW | _WITH_ATTR


class _Checker:
    """The checks of one file's blocks: its diagnostics, comments dropped,
    allowed raw Typst marked."""

    def __init__(self, path: Path, raw: str, allow: Collection[str], images: Path | None):
        self.path, self.raw, self.allow, self.images = path, raw, allow, images
        self.out: list[Diagnostic] = []
        self.resolved: list[str] = []  # the images found in the dossier

    def error(self, needle: str, message: str, hint: str, *more: str) -> None:
        """An error at the first line where ``needle`` (else one of ``more``) is."""
        line = next(filter(None, (line_of(self.raw, n) for n in (needle, *more))), None)
        self.out.append(Diagnostic(self.path, line, message, hint))

    def inspect(self, node: tree.Node) -> None:
        """A node with attributes (a link, an image...)."""
        kind = node["t"]
        self.attributes(tree.attr_of(node))
        if kind == "Link":
            self.link(tree.target_of(node), f"[{tree.stringify(tree.children(node))}]")
        elif kind == "Image":
            self.description(node)
            if self.images is not None:
                self.image(node)

    def raw_node(self, node: tree.Node) -> tree.Node | list[tree.Node] | None:
        """A raw block or inline: refused, dropped, marked or kept."""
        if node["t"] not in RAW:
            return None
        fmt, text = node["c"]
        name = RAW_FORMATS.get(fmt.lower())
        if name == "html" and _COMMENTS.fullmatch(text):
            return []  # a drafter's note: never published
        if name is None or name not in self.allow:
            self.error(text, f"raw {fmt} is not allowed: {excerpt(text)}", _raw_hint(fmt, name))
        elif name == "html":
            for problem in htmlsafe.problems(text):
                self.error(text, f"raw HTML: {problem}: {excerpt(text)}", htmlsafe.HINT)
        elif name == "typst":
            return _marked(node, self.path, line_of(self.raw, text))
        elif name == "openxml":
            self.openxml(text)
        return None

    def openxml(self, text: str) -> None:
        """Allowed raw OpenXML: nothing in it reaches outside the document."""
        from dossier.check import rawxml  # lxml: only for a dossier that holds raw OpenXML

        problem = rawxml.fragment_problem(text)
        if problem is not None:
            hint = FIELD_HINT if problem == rawxml.FETCHING else rawxml.HINT
            self.error(text, f"raw openxml: {problem}: {excerpt(text)}", hint)

    def attributes(self, attr: list[Any]) -> None:
        for key, value in attr[2]:
            low = key.lower()
            if low.startswith("on") or low in RESOURCE_ATTRIBUTES:
                self.error(
                    f"{key}=",
                    f"the attribute '{key}' is not allowed: it runs a script or loads a resource",
                    "remove it: a document runs nothing and loads nothing",
                )
            elif low == "style" and htmlsafe.unsafe_style(value):
                self.error(
                    value,
                    f"the style '{excerpt(value)}' loads a resource",
                    "remove url(), @import and expression() from it",
                )

    def link(self, target: str, text: str) -> None:
        problem = link_problem(target)
        if problem is not None:
            self.error(
                target, f"the link '{excerpt(target)}' is not allowed ({problem})", LINK_HINT, text
            )

    def description(self, node: tree.Node) -> None:
        """An image says what it shows (PDF/UA wants it) in every edition:
        a description that is all marked would be blank in the one that
        withholds it (partly marked is fine: the rest is shown)."""
        target, alt = tree.target_of(node), tree.children(node)
        shown = target if scheme(target) or not os.path.isabs(target) else Path(target).name
        if not tree.stringify(alt).strip():
            problem = "has no description"
        elif not tree.stringify(tree.map_nodes(alt, _unmarked)).strip():
            problem = "has a description that is all marked: an edition would show none"
        else:
            return
        words = tree.stringify(alt).strip()
        self.error(
            words or "![](",
            f"image '{excerpt(shown)}' {problem}",
            "write what the picture shows between the brackets, in words every edition "
            "may show: ![Map of the provinces](figures/map.png)",
            shown,
        )

    def image(self, node: tree.Node) -> None:
        """An image of a narrative: a file inside the dossier folder, its
        path made absolute (relative to the folder) as a section's are."""
        assert self.images is not None
        target = tree.target_of(node)
        path = self.images / target
        if scheme(target) is not None or target.startswith("//"):
            self.error(
                target,
                f"image '{excerpt(target)}' is not a file of the dossier",
                "save the image in the dossier and point to it there: documents must not "
                "load anything from the network",
            )
        elif not inside(self.images, path):
            self.error(
                target,
                f"image '{excerpt(target)}' lies outside the dossier folder",
                "copy it into the dossier (e.g. figures/) and point to it there",
            )
        elif not path.is_file():
            self.error(
                target,
                f"image '{excerpt(target)}' not found",
                f"paths are relative to the dossier folder {self.images}, e.g. figures/map.png",
            )
        else:
            tree.set_target(node, str(path.resolve()))
            self.resolved.append(tree.target_of(node))


def check_blocks(
    blocks: list[Any],
    path: Path,
    raw: str,
    allow: Collection[str],
    *,
    images: Path | None = None,
    found: list[str] | None = None,
) -> list[Diagnostic]:
    """Check the blocks of the file ``path`` (whose text is ``raw``) in place:
    drop its HTML comments, mark its allowed raw Typst, and return what it
    holds that a document may not (see the module's docstring). ``images``:
    the dossier folder, for blocks whose images nobody resolved yet (a
    narrative's): they must be files inside it, and ``found`` gets their
    paths."""
    checker = _Checker(path, raw, allow, images)
    nodes = tree.find(blocks, CHECKED)  # a walk that changes nothing: the fast one
    for node in nodes:
        if node["t"] not in RAW:
            checker.inspect(node)
    if any(node["t"] in RAW for node in nodes):
        tree.replace_nodes(blocks, checker.raw_node)
    if found is not None:
        found += checker.resolved
    return sorted(checker.out, key=lambda d: d.line or 0)


def _unmarked(node: tree.Node) -> list[tree.Node] | None:
    """A marked node dropped (for :meth:`_Checker.description`)."""
    shown = node.get("t") in _WITH_ATTR
    return [] if shown and read_attr(tree.attr_of(node))[0] else None


def _raw_hint(fmt: str, name: str | None) -> str:
    if name is None:
        return f"write it in Markdown: raw {fmt} has no place in any output"
    return (
        f"write it in Markdown, or let the dossier hold raw {name} with "
        f"'allow_raw: [{name}]' in dossier.yaml"
    )


def _marked(node: tree.Node, path: Path, line: int | None) -> tree.Node:
    """Allowed raw Typst behind a comment that says where it comes from."""
    where = f"{path}:{line or 0}".replace("*/", "*_").replace("\n", " ")
    fmt, text = node["c"]
    if node["t"] == "RawBlock":
        return {"t": "RawBlock", "c": [fmt, f"// {RAW_MARK} {where}\n{text}"]}
    return {"t": "RawInline", "c": [fmt, f"/* {RAW_MARK} {where} */{text}"]}


def check_sources(sources: dict[str, dict[str, Any]], path: Path | None) -> list[Diagnostic]:
    """The URL of every source (printed as a link in the citations) is an
    http or https address."""
    if path is None:
        return []
    raw = read_source(path)
    out: list[Diagnostic] = []
    for key, item in sources.items():
        url = item.get("URL")
        if isinstance(url, str) and (scheme(url) not in {"http", "https"} or link_problem(url)):
            out.append(
                Diagnostic(
                    path,
                    line_of(raw, url),
                    f"the URL of source '{key}' is not a web address: {excerpt(url)}",
                    "give the http or https address where the source can be read",
                )
            )
    return out


def line_of(raw: str, needle: str) -> int | None:
    """The line of ``raw`` where ``needle`` (or its first line) first appears."""
    for candidate in (needle, needle.strip().split("\n")[0]):
        index = raw.find(candidate) if candidate else -1
        if index >= 0:
            return raw.count("\n", 0, index) + 1
    return None
