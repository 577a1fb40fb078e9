"""HTML that runs nothing and loads nothing.

Three fences, each on its own enough:

1. :func:`problems`: raw HTML in the Markdown (only where the dossier has
   ``allow_raw: [html]``) keeps to harmless tags and attributes; anything
   else is an error at its file and line (:mod:`dossier.check.confine`).
   A link (``href``, ``cite``) is ``#id`` or an absolute http, https or
   mailto address (:func:`link_problem`), as in the Markdown.
2. :func:`sanitise`: the HTML pandoc writes from a document holding raw HTML
   goes through ``nh3`` with an allow-list before it enters the page.
3. :func:`finish_page`: the last pass over the page: comments removed, and a
   script, an event handler, a ``javascript:`` URL or a resource from outside
   (``src`` that is not a ``data:`` URI, ``url()`` in a style) refused.

The page also carries a Content-Security-Policy (templates/*/letter.html.j2)
that forbids scripts and every load but ``data:`` images and fonts.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

HINT = "raw HTML may hold formatting tags only: no script, event handler, style sheet or resource"
# Tags a raw HTML fragment may hold (formatting, tables, lists).
TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col"}
    | {"colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption"}
    | {"figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark"}
    | {"ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong"}
    | {"sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time"}
    | {"tr", "u", "ul", "var", "wbr"}
)
# Attributes of any tag; and of some tags only.
GENERIC = frozenset({"class", "id", "lang", "dir", "title", "role", "style", "tabindex"})
SPECIFIC = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
PREFIXES = ("data-", "aria-")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Elements that run, embed or load something, refused anywhere in the page.
FORBIDDEN = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link"}
    | {"form", "portal", "noscript", "template", "svg", "math", "audio", "video", "source"}
    | {"track", "input", "button", "textarea", "select", "param", "picture", "area", "map"}
)
RESOURCES = frozenset({"src", "srcset", "poster", "data", "background", "action", "formaction"})
RESOURCES |= {"srcdoc", "ping", "xlink:href", "manifest", "codebase", "archive", "lowsrc"}
CSP = "content-security-policy"
_UNSAFE_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(|\\", re.I)
_COMMENT = re.compile(r"<!--.*?(?:--!?>|\Z)", re.S)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def scheme(url: str) -> str | None:
    """A URL's scheme as a browser reads it; None for a relative URL."""
    match = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", url).lower())
    return match.group(1) if match else None


def link_problem(target: str) -> str | None:
    """Why a link's target is not allowed (None: it is ``#id`` or an
    absolute http, https or mailto address).

    >>> link_problem("#fn1"), link_problem("https://un.org"), link_problem("//evil.example/x")
    (None, None, 'no scheme: //host')
    """
    if "\\" in target:
        return "a backslash: \\\\server\\share opens a Windows share"
    if target.startswith("#"):
        return None
    found = scheme(target)
    if found is None:
        cleaned = re.sub(r"[\x00-\x20\x7f]", "", target)
        if cleaned.startswith("//"):
            return "no scheme: //host"
        return "a relative path: a file next to the document" if cleaned else "no target"
    return None if found in LINK_SCHEMES else f"{found}:"


def unsafe_style(value: str) -> bool:
    """Whether a style loads something (url(), @import) or escapes the
    reading of one (a backslash, an old expression())."""
    return bool(_UNSAFE_STYLE.search(value))


def _attribute_problem(tag: str, name: str, value: str, page: bool) -> str | None:
    """What is wrong with one attribute (None: nothing)."""
    if name.startswith("on"):
        return f"the event handler '{name}'"
    if name == "style":
        return f"a style that loads a resource ('{value}')" if unsafe_style(value) else None
    if name in {"href", "cite"}:
        problem = link_problem(value)
        if problem is None:
            return None
        return f"a {problem} link" if problem.endswith(":") else f"the link '{value}' ({problem})"
    if name in RESOURCES:
        if page and name == "src" and tag == "img" and value.startswith("data:"):
            return None  # an image of the document, inlined by the renderer
        return f"the resource '{name}' of <{tag}>"
    return None


class _Scanner(HTMLParser):
    """The problems of a fragment (``page``: of a whole page, whose own tags
    are allowed too)."""

    def __init__(self, page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN or (not self.page and tag not in TAGS):
            self.found.append(f"the element <{tag}>")
            return
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and "http-equiv" in values and values["http-equiv"].lower() != CSP:
            self.found.append(f'<meta http-equiv="{values["http-equiv"]}">')
        self.in_style = tag == "style"
        for name, value in values.items():
            problem = _attribute_problem(tag, name, value, self.page)
            if problem is None and not self.page and not _listed(tag, name):
                problem = f"the attribute '{name}' of <{tag}>"
            if problem:
                self.found.append(problem)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_style = False

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and unsafe_style(data.replace("\\", "")):
            self.found.append("a style sheet that loads a resource")

    def handle_decl(self, decl: str) -> None:
        if not (self.page and decl.lower() == "doctype html"):
            self.found.append(f"the declaration <!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.found.append(f"the processing instruction <?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.found.append(f"the declaration <![{data}]>")


def _listed(tag: str, name: str) -> bool:
    return name in GENERIC or name in SPECIFIC.get(tag, ()) or name.startswith(PREFIXES)


def problems(fragment: str, *, page: bool = False) -> list[str]:
    """What in ``fragment`` (raw HTML of the Markdown) is not allowed."""
    scanner = _Scanner(page)
    scanner.feed(fragment)
    scanner.close()
    return list(dict.fromkeys(scanner.found))


def _keep(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: the allow-list's verdict on one value."""
    if _attribute_problem(tag, name, value, page=True):
        return None
    return value


def sanitise(html: str) -> str:
    """``html`` (pandoc's, from a document with raw HTML) through nh3: only
    TAGS and the images the renderer inlined, only the attributes listed,
    no comment, no URL but http, https, mailto, relative ones and inlined
    images."""
    attributes = {tag: set(names) for tag, names in SPECIFIC.items()}
    attributes["*"] = set(GENERIC)
    return nh3.clean(
        html,
        tags=set(TAGS | {"img", "section", "aside", "header", "footer", "article", "nav"}),
        attributes=attributes,
        attribute_filter=_keep,
        generic_attribute_prefixes=set(PREFIXES),
        url_schemes=set(LINK_SCHEMES | {"data"}),
        link_rel=None,
        strip_comments=True,
    )


def finish_page(page: str) -> tuple[str, list[str]]:
    """The page without its comments, and what it holds that runs a script
    or loads a resource (an empty list for every page our renderer makes)."""
    cleaned = _COMMENT.sub("", page)
    return cleaned, problems(cleaned, page=True)
