"""Confinement: a build reads only the dossier's files, raw blocks are
refused unless the dossier allows them (and even then read no file), and no
output carries a script, an event handler, a resource from outside or a
drafter's HTML comment.

Refusals run ``dossier build`` (which stops at the load, before writing
anything); the few builds that must get further are shared by several
assertions.
"""

from __future__ import annotations

import base64
import hashlib
import html.parser
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from dossier.assemble.compose import Document, assemble
from dossier.check import htmlsafe
from dossier.core import tree
from dossier.pipeline.loading import load
from dossier.render import pdf
from dossier.tools.preview import inject
from hostile.conftest import (
    ROOT,
    Run,
    append,
    assert_clean_refusal,
    copy_example,
    dossier,
    found_in,
    layout,
    outputs,
    refused,
)

OVERVIEW = "sections/en/01-overview.md"
RECORD = "evidence/ALD-2026-001.md"
# A line of the machine's /etc/passwd: the file a raw Typst block tries to print.
PASSWD_FIRST_LINE = Path("/etc/passwd").read_text(encoding="utf-8").split("\n")[0]
RAW_HINT = "write it in Markdown, or let the dossier hold raw {0} with 'allow_raw: [{0}]'"
LINK_HINT = "a link goes to an http, https or mailto address, or within the document (#...)"
OUTSIDE = "a build reads only the dossier's own files"


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


def add(d: Path, rel: str, text: str, needle: str) -> str:
    """Append ``text`` to ``d/rel``; the 'file:line' of ``needle`` in it."""
    path = d / rel
    append(path, text)
    return f"{path}:{line_of(path, needle)}"


def edit_manifest(d: Path, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` in dossier.yaml; the 'file:line' of ``new``."""
    path = d / "dossier.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f"{path}:{line_of(path, new.strip().split(chr(10))[-1])}"


def allow(d: Path, *formats: str) -> None:
    edit_manifest(d, "\nletter:", f"\nallow_raw: [{', '.join(formats)}]\nletter:")


# ---- raw blocks, HTML, links ----------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """An attack on the overview section (or an incident record): the
    Markdown appended, the text its diagnostic points at, the message."""

    markdown: str
    needle: str
    message: str
    allow: tuple[str, ...] = ()
    file: str = OVERVIEW


CASES = {
    "raw-typst-read": Case(
        '\n```{=typst}\n#raw(read("/etc/passwd"))\n```\n',
        "#raw(read",
        'error: raw typst is not allowed: #raw(read("/etc/passwd")) (' + RAW_HINT.format("typst"),
    ),
    "raw-openxml": Case(
        "\n```{=openxml}\n<w:p><w:r><w:t>XML</w:t></w:r></w:p>\n```\n",
        "<w:p>",
        "error: raw openxml is not allowed: <w:p><w:r><w:t>XML</w:t></w:r></w:p> ("
        + RAW_HINT.format("openxml"),
    ),
    "raw-html-inline": Case(
        "\nSome <b>bold</b> words.\n",
        "<b>",
        "error: raw html is not allowed: <b> (" + RAW_HINT.format("html"),
    ),
    "raw-latex": Case(
        "\nA page break `\\newpage`{=latex} here.\n",
        "\\newpage",
        "error: raw latex is not allowed: \\newpage (write it in Markdown: raw latex has no "
        "place in any output)",
    ),
    "script": Case(
        "\n<script>alert('x')</script>\n",
        "<script>",
        "error: raw html is not allowed: <script>alert('x')</script> (",
    ),
    "onerror": Case(
        '\nSee <img src="x.png" onerror="alert(1)"> here.\n',
        "<img",
        'error: raw html is not allowed: <img src="x.png" onerror="alert(1)"> (',
    ),
    "external-img-tag": Case(
        '\nA <img src="http://evil.example/pixel.png"> beacon.\n',
        "<img",
        'error: raw html is not allowed: <img src="http://evil.example/pixel.png"> (',
    ),
    "iframe": Case(
        '\n<iframe src="http://evil.example/"></iframe>\n',
        "<iframe",
        'error: raw html is not allowed: <iframe src="http://evil.example/"> (',
    ),
    "javascript-link": Case(
        "\nSee [the map](javascript:alert(1)).\n",
        "javascript:",
        "error: the link 'javascript:alert(1)' is not allowed (javascript:) (" + LINK_HINT,
    ),
    "javascript-link-disguised": Case(
        "\nSee [the map](&#106;AVASCRIPT:alert(1)).\n",
        "&#106;AVASCRIPT",
        "error: the link 'jAVASCRIPT:alert(1)' is not allowed (javascript:) (" + LINK_HINT,
    ),
    "data-link": Case(
        "\nSee [this](data:text/html;base64,PHNjcmlwdD4=).\n",
        "data:text",
        "error: the link 'data:text/html;base64,PHNjcmlwdD4=' is not allowed (data:) (" + LINK_HINT,
    ),
    "file-link": Case(
        "\nSee [this](file:///etc/passwd).\n",
        "file:",
        "error: the link 'file:///etc/passwd' is not allowed (file:) (" + LINK_HINT,
    ),
    "event-attribute": Case(
        '\nA [word]{onmouseover="alert(1)"} here.\n',
        "onmouseover=",
        "error: the attribute 'onmouseover' is not allowed: it runs a script or loads a "
        "resource (remove it: a document runs nothing and loads nothing)",
    ),
    "div-attribute": Case(
        '\n<div onclick="alert(1)">\nText.\n</div>\n',
        "onclick=",
        "error: the attribute 'onclick' is not allowed: it runs a script or loads a resource",
    ),
    "style-url": Case(
        "\nA [word]{style=\"background: url('http://evil.example/t.png')\"} here.\n",
        "background",
        "error: the style 'background: url('http://evil.example/t.png')' loads a resource",
    ),
    "allowed-html-script": Case(
        "\n<script>alert('x')</script>\n",
        "<script>",
        "error: raw HTML: the element <script>: <script>alert('x')</script> (raw HTML may "
        "hold formatting tags only",
        allow=("html",),
    ),
    "allowed-html-onclick": Case(
        '\nSee <em onclick="alert(1)">this</em>.\n',
        "<em",
        "error: raw HTML: the event handler 'onclick': <em onclick=\"alert(1)\">",
        allow=("html",),
    ),
    "allowed-html-javascript": Case(
        '\nSee <a href="javascript:alert(1)">this</a>.\n',
        "<a href",
        'error: raw HTML: a javascript: link: <a href="javascript:alert(1)">',
        allow=("html",),
    ),
    "allowed-openxml-fetching-field": Case(
        '\n```{=openxml}\n<w:p><w:fldSimple w:instr=" INCLUDETEXT /etc/passwd "/></w:p>\n```\n',
        "<w:p><w:fld",
        "error: raw openxml: a field that loads a file or an address: <w:p><w:fldSimple "
        'w:instr=" INCLUDETEXT /etc/passwd "/></... (Word would fetch it when the document '
        "is opened: remove the field)",
        allow=("openxml",),
    ),
    "narrative-external-image": Case(
        "\n![Beacon](http://evil.example/pixel.png)\n",
        "http://evil",
        "error: image 'http://evil.example/pixel.png' is not a file of the dossier (save the "
        "image in the dossier and point to it there",
        file=RECORD,
    ),
    "narrative-protocol-relative-image": Case(
        "\n![Beacon](//evil.example/pixel.png)\n",
        "//evil",
        "error: image '//evil.example/pixel.png' is not a file of the dossier",
        file=RECORD,
    ),
    "narrative-image-outside": Case(
        "\n![Passwords](../../../../../../../../etc/passwd)\n",
        "../../",
        "error: image '../../../../../../../../etc/passwd' lies outside the dossier folder",
        file=RECORD,
    ),
    "narrative-raw-typst": Case(
        '\n`#read("/etc/passwd")`{=typst}\n',
        "#read",
        'error: raw typst is not allowed: #read("/etc/passwd") (',
        file=RECORD,
    ),
}


@pytest.mark.bad_input
@pytest.mark.parametrize("name", sorted(CASES))
def test_markup_that_reaches_outside_is_refused(name: str, base: Path, tmp_path: Path) -> None:
    case = CASES[name]
    if case.allow:
        allow(base, *case.allow)
    where = add(base, case.file, case.markdown, case.needle)
    refused(base, tmp_path, f"{where}: {case.message}")


@pytest.mark.bad_input
def test_check_says_it_too(base: Path) -> None:
    """`dossier check` (which the editor and CI run) refuses what the build
    would, at the same line."""
    where = add(base, OVERVIEW, '\n```{=typst}\n#raw(read("/etc/passwd"))\n```\n', "#raw(")
    line = where.rsplit(":", 1)[1]
    run = dossier("check", base)
    assert_clean_refusal(
        run, f'  {line}: error: raw typst is not allowed: #raw(read("/etc/passwd"))'
    )
    assert PASSWD_FIRST_LINE not in run.text


@pytest.mark.bad_input
def test_an_external_image_of_a_section_is_refused(base: Path, tmp_path: Path) -> None:
    add(base, OVERVIEW, "\n![Beacon](http://evil.example/pixel.png)\n", "Beacon")
    refused(base, tmp_path, "http://evil.example/pixel.png")


@pytest.mark.bad_input
def test_a_source_url_that_is_not_a_web_address_is_refused(base: Path, tmp_path: Path) -> None:
    """A citation prints its source's URL as a link."""
    path = base / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    key = re.search(r"(?m)^- id: (\S+)", text)
    assert key
    text = text.replace(key.group(0), f"{key.group(0)}\n  URL: javascript:alert(1)", 1)
    path.write_text(text, encoding="utf-8")
    where = f"{path}:{line_of(path, 'javascript:')}"
    refused(
        base,
        tmp_path,
        f"{where}: error: the URL of source '{key.group(1)}' is not a web address: "
        "javascript:alert(1) (give the http or https address",
    )


# ---- paths --------------------------------------------------------------------------


@pytest.mark.bad_input
def test_an_annex_entry_up_the_tree_is_refused(base: Path, tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("OUTSIDE-CANARY\n", encoding="utf-8")
    where = edit_manifest(base, "  - 04-conclusions\n", "  - 04-conclusions\n  - ../../../x\n")
    run = refused(
        base,
        tmp_path,
        f"{where}: error: section '../../../x' is not a file of sections/: {OUTSIDE} (name "
        "the file of sections/<lang>/ without '..' or a leading '/', e.g. '01-overview')",
    )
    assert "OUTSIDE-CANARY" not in run.text


@pytest.mark.bad_input
def test_a_letter_entry_with_an_absolute_path_is_refused(base: Path, tmp_path: Path) -> None:
    where = edit_manifest(base, "  - 00-letter\n", "  - 00-letter\n  - /etc/passwd\n")
    refused(base, tmp_path, f"{where}: error: section '/etc/passwd' is not a file of sections/")


@pytest.mark.bad_input
def test_boundaries_outside_the_dossier_are_refused(base: Path, tmp_path: Path) -> None:
    outside = tmp_path / "provinces.geojson"
    outside.write_bytes((base / "geo/aldoria-provinces.geojson").read_bytes())
    where = edit_manifest(
        base, "boundaries: geo/aldoria-provinces.geojson", f"boundaries: {outside}"
    )
    refused(
        base,
        tmp_path,
        f"{where}: error: the boundaries file '{outside}' lies outside the dossier folder: "
        f"{OUTSIDE} (copy it into the dossier",
    )


@pytest.mark.bad_input
def test_boundaries_linked_from_inside_are_refused(base: Path, tmp_path: Path) -> None:
    outside = tmp_path / "provinces.geojson"
    outside.write_bytes((base / "geo/aldoria-provinces.geojson").read_bytes())
    (base / "geo/aldoria-provinces.geojson").unlink()
    (base / "geo/aldoria-provinces.geojson").symlink_to(outside)
    path = base / "dossier.yaml"
    where = f"{path}:{line_of(path, 'boundaries: geo/')}"
    refused(
        base,
        tmp_path,
        f"{where}: error: the boundaries file 'geo/aldoria-provinces.geojson' lies outside",
    )


@pytest.mark.leak_vector
@pytest.mark.parametrize("rel", [OVERVIEW, RECORD, "sections/en/99-unlisted.md"])
def test_a_file_linked_to_outside_is_refused(rel: str, base: Path, tmp_path: Path) -> None:
    """A section, a record or a file the build would only parse: a link
    that leads out of the dossier is not followed (its text would be
    published, or shown in a diagnostic)."""
    secret = tmp_path / "secret.md"
    secret.write_text("LINKED-CANARY lies here.\n", encoding="utf-8")
    path = base / rel
    path.unlink(missing_ok=True)
    path.symlink_to(secret)
    run = refused(
        base,
        tmp_path,
        f"{path}: error: the file lies outside the dossier folder (a link to {secret}): "
        f"{OUTSIDE} (copy the file into the dossier instead of linking to it)",
    )
    assert "LINKED-CANARY" not in run.text


@pytest.mark.bad_input
def test_an_exhibit_outside_the_dossier_is_refused(base: Path, tmp_path: Path) -> None:
    record = base / RECORD
    text = record.read_text(encoding="utf-8")
    exhibit = (
        "exhibits:\n  - file: ../../../../../../../../etc/passwd\n"
        f"    sha256: '{'0' * 64}'\n    captured: 2026-08-10\n    by: Officer\n"
        "    origin: Kellbrook\n"
    )
    record.write_text(text.replace("classification:", exhibit + "classification:", 1))
    where = f"{record}:{line_of(record, '- file:')}"
    refused(
        base,
        tmp_path,
        f"{where}: error: exhibit ../../../../../../../../etc/passwd is outside the dossier "
        "folder (it leads to /etc/passwd)",
    )


# ---- raw Typst, allowed: it still reads no file ------------------------------------------


@pytest.mark.leak_vector
def test_allowed_raw_typst_cannot_read_a_file(base: Path, tmp_path: Path) -> None:
    allow(base, "typst")
    where = add(
        base, OVERVIEW, '\n```{=typst}\n#text[ok]\n#raw(read("/etc/passwd"))\n```\n', "#raw("
    )
    assert dossier("check", base).code == 0  # allowed: the build is what stops it
    out = tmp_path / "out"
    run = dossier("build", base, "--out", out, "--format", "pdf")
    assert_clean_refusal(
        run,
        f"{where}: error: Typst refused the raw Typst here (en pdf): file not found (searched "
        "at /etc/passwd) (fix the ```{=typst} block; raw Typst cannot read files",
    )
    assert PASSWD_FIRST_LINE not in run.text
    made = [p for edition in ("public", "internal") for p in outputs(out, edition)]
    assert made == []
    assert not found_in([p for p in out.rglob("*") if p.is_file()], PASSWD_FIRST_LINE)


@pytest.mark.bad_input
def test_a_typst_error_in_raw_typst_names_its_line(base: Path, tmp_path: Path) -> None:
    allow(base, "typst")
    where = add(base, "sections/en/03-area.md", "\nA line `#let x = (1 +`{=typst} here.\n", "#let")
    out = tmp_path / "out"
    run = dossier("build", base, "--out", out, "--format", "pdf", "--edition", "public")
    assert_clean_refusal(
        run, f"{where}: error: Typst refused the raw Typst here (en pdf): unclosed delimiter"
    )
    assert outputs(out, "public") == []


@pytest.mark.bad_input
def test_allowed_raw_typst_cannot_load_a_package(base: Path, tmp_path: Path) -> None:
    """A package is downloaded (or read from the user's cache) by Typst:
    neither happens, however the name is spelt."""
    allow(base, "typst")
    markdown = '\n```{=typst}\n#import ("@pre" + "view/example:0.1.0"): *\n```\n'
    where = add(base, OVERVIEW, markdown, "#import")
    out = tmp_path / "out"
    run = dossier("build", base, "--out", out, "--format", "pdf", "--edition", "public")
    assert_clean_refusal(
        run,
        f"{where}: error: Typst refused the raw Typst here (en pdf): failed to download "
        "package (https://packages.typst.org/preview/example-0.1.0.tar.gz",
        "Connection refused",  # by the proxy Typst is given, whether or not there is a network
    )
    assert outputs(out, "public") == []


# ---- one build: what the outputs hold ----------------------------------------------------

COMMENT_CANARY = "COMMENTCANARY"
RAW_OK = "RAWOK"
RULE_TEXT = "Text after the rule."


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Run]]:
    """The example with HTML comments (a block and an inline, in a public
    section and a narrative), a horizontal rule, and raw HTML, OpenXML and
    Typst allowed and used harmlessly; built whole."""
    tmp = tmp_path_factory.mktemp("confined")
    d = copy_example(tmp / "d")
    allow(d, "html", "openxml", "typst")
    append(
        d / OVERVIEW,
        f"\n<!-- {COMMENT_CANARY}1 a drafter's note -->\n\n* * *\n\n{RULE_TEXT} "
        f"<!-- {COMMENT_CANARY}2 --> And <mark>marked</mark> words.\n\n"
        f"`<w:r><w:t>{RAW_OK}openxml</w:t></w:r>`{{=openxml}} "
        f"`#text[{RAW_OK}typst]`{{=typst}}\n",
    )
    append(d / RECORD, f"\n<!--\n{COMMENT_CANARY}3 who told us\n-->\n")
    out = tmp / "out"
    yield out, dossier("build", d, "--out", out)


def test_the_build_with_comments_and_a_rule_succeeds(built: tuple[Path, Run]) -> None:
    out, run = built
    assert run.code == 0, run.text
    made = layout(out, "public")
    assert len(made) == 4  # three formats and the manifest
    by_format = {p.suffix: p for p in made}
    # allowed raw blocks reach their own format
    assert found_in([by_format[".docx"]], f"{RAW_OK}openxml")
    assert found_in([by_format[".pdf"]], f"{RAW_OK}typst")


@pytest.mark.leak_vector
@pytest.mark.parametrize("edition", ["public", "internal"])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_html_comments_are_in_no_output(built: tuple[Path, Run], edition: str, n: int) -> None:
    out, run = built
    assert run.code == 0, run.text
    made = [p for p in outputs(out, edition) if p.suffix in {".docx", ".pdf", ".html"}]
    assert len(made) == 3 + 3  # and the package's letter (DOCX, PDF), the Secretariat's
    assert found_in(made, f"{COMMENT_CANARY}{n}") == []
    assert found_in(made, RULE_TEXT) == [str(p) for p in made]  # the text around it is there


class _Meta(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == htmlsafe.CSP:
            self.policies.append(values.get("content") or "")


def policy_of(page: str) -> dict[str, list[str]]:
    parser = _Meta()
    parser.feed(page)
    (policy,) = parser.policies
    head = page[: page.index("</head>")]
    assert head.index("Content-Security-Policy") < head.index("<style")  # before any content
    directives = [d.split() for d in policy.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_the_html_has_a_strict_content_security_policy(
    built: tuple[Path, Run], edition: str
) -> None:
    out, run = built
    assert run.code == 0, run.text
    (page,) = [p for p in outputs(out, edition) if p.suffix == ".html"]
    text = page.read_text(encoding="utf-8")
    policy = policy_of(text)
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert "script-src" not in policy and "connect-src" not in policy
    assert "<mark>marked</mark>" in text  # the allowed raw HTML, through the allow-list
    assert htmlsafe.problems(text, page=True) == []
    assert "<!--" not in text


def test_a_horizontal_rule_is_a_short_centred_line(built: tuple[Path, Run]) -> None:
    out, run = built
    assert run.code == 0, run.text
    (pdf,) = [p for p in layout(out, "public") if p.suffix == ".pdf"]
    doc = pdfium.PdfDocument(str(pdf))
    page = next(p for p in doc if RULE_TEXT in p.get_textpage().get_text_range())
    width = page.get_width()
    image = page.render(scale=1).to_pil().convert("L")
    doc.close()
    runs = [r for y in range(image.height) for r in dark_runs(image, y)]
    # 3.5 cm (99 pt) centred between the margins: not the footnote separator
    # (as long, at the start of the line) nor a rule across the page
    centred = [(a, b) for a, b in runs if 90 <= b - a <= 110 and abs((a + b) / 2 - width / 2) < 60]
    assert centred, runs


KINDS = sorted(p.parent.name for p in (ROOT / "templates").glob("*/letter.typ"))


@pytest.fixture(scope="module")
def example_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    d = copy_example(tmp_path_factory.mktemp("kinds") / "d")
    return assemble(load(d), "en")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_draws_a_horizontal_rule(
    kind: str, example_doc: Document, tmp_path: Path
) -> None:
    """Pandoc's Typst writer calls it ``horizontalrule``; every kind's
    template binds it (an unknown variable was an internal error)."""
    rule, text = {"t": "HorizontalRule"}, tree.para(tree.text(RULE_TEXT))
    out = tmp_path / "rule.pdf"
    pdf.render(replace(example_doc, kind=kind, body=[text, rule, text], annex=[]), out)
    assert found_in([out], RULE_TEXT)
    source = pdf.typst_source(replace(example_doc, body=[rule]), pdf.template_dir(kind))
    assert "#horizontalrule" in source


def dark_runs(image: object, y: int) -> Iterator[tuple[int, int]]:
    get = image.getpixel  # type: ignore[attr-defined]
    width = image.width  # type: ignore[attr-defined]
    x = 0
    while x < width:
        if get((x, y)) < 128:
            start = x
            while x < width and get((x, y)) < 128:
                x += 1
            yield start, x
        x += 1


# ---- the last fence, and the preview -------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ("<script>x()</script>", "the element <script>"),
        ('<img src="data:image/png;base64,AA" onerror="x()">', "the event handler 'onerror'"),
        ('<a href="javascript:x()">a</a>', "a javascript: link"),
        ('<a href=" JAVA\tSCRIPT:x()">a</a>', "a javascript: link"),
        ('<img src="http://evil.example/p.png">', "the resource 'src' of <img>"),
        ('<iframe src="https://evil.example/"></iframe>', "the element <iframe>"),
        ('<p style="background:url(http://e.example/x)">a</p>', "a style that loads"),
        ('<meta http-equiv="refresh" content="0;url=http://e.example/">', '<meta http-equiv="'),
    ],
)
def test_the_last_pass_over_the_page_refuses(markup: str, problem: str) -> None:
    page = f"<!DOCTYPE html><html><head></head><body><!-- note -->{markup}</body></html>"
    cleaned, problems = htmlsafe.finish_page(page)
    assert "<!--" not in cleaned
    assert any(p.startswith(problem) for p in problems), problems


def test_the_page_from_the_renderer_passes_the_last_pass(built: tuple[Path, Run]) -> None:
    out, _ = built
    (page,) = [p for p in outputs(out, "public") if p.suffix == ".html"]
    text = page.read_text(encoding="utf-8")
    assert htmlsafe.finish_page(text) == (text, [])


def test_the_preview_lets_its_own_script_alone_run(built: tuple[Path, Run]) -> None:
    out, _ = built
    (page,) = [p for p in outputs(out, "public") if p.suffix == ".html"]
    served = inject(page.read_text(encoding="utf-8"), 7)
    policy = policy_of(served)
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    (digest,) = policy["script-src"]
    script = re.search(r"<script>(.*?)</script>", served, re.S)
    assert script
    expected = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert digest == f"'sha256-{expected}'"
