"""Chromium renders every HTML output, offline: a screenshot of the first
screen (a phone's, a desktop's) under build/screenshots/ for people to look
at, and axe-core finds no serious or critical accessibility violation.

What a reader sees, from the boxes Chromium lays out
(:mod:`dossier.tools.html_geometry`), in every language of the example and
of a dossier written for it (tests/clients/geometry: Arabic, Urdu and
English, a long title, long numbered headings, a table), on a phone and a
desktop: no number over its heading's text, no title's lines over each
other, numbers on the start side apart from their text, right-to-left
paragraphs and cells aligned to the right."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dossier.pipeline.stages import build
from dossier.tools.chromium import Browser, Tab
from dossier.tools.html_geometry import GEOMETRY_JS, failures

from .conftest import AXE, CLIENTS, SCREENSHOTS, VERSIONS, Version, missing, tool

SCREENS = {"phone": (412, 915, True), "desktop": (1280, 900, False)}
BAD = {"serious", "critical"}
# The widths of the geometry checks: a small phone's, a desktop's.
WIDTHS = (390, 1200)
GEOMETRY = CLIENTS / "geometry"
GEOMETRY_LANGS = ("en", "ar", "ur")
MEASURED = [str(v) for v in VERSIONS] + [f"geometry-{lang}" for lang in GEOMETRY_LANGS]
AXE_RUN = """axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary)})))"""


@dataclass
class Page:
    lang: str = ""
    dir: str = ""
    text: str = ""
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def visit(tools: Browser, html: Path, shots: Path, axe: str) -> Page:
    """``html`` on each screen: its shot, axe's findings, its requests and errors
    (the Network domain is on before the page loads, so every request is seen)."""
    target = tools.call("Target.createTarget", url="about:blank")["targetId"]
    session = tools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Network", "Runtime"):
        tools.call(f"{domain}.enable", session)
    tab = Tab(tools, target, session, 0)
    page = Page()
    for screen, (width, height, mobile) in SCREENS.items():
        tools.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        tools.call("Page.navigate", session, url=html.as_uri())
        tools.wait("Page.loadEventFired", session)
        tab.evaluate("document.fonts.ready.then(() => true)")
        shot = tools.call("Page.captureScreenshot", session, format="png")
        (shots / f"{html.stem.split('.')[-1]}-{screen}.png").write_bytes(
            base64.b64decode(shot["data"])
        )
        tab.evaluate(axe)
        page.violations[screen] = tab.evaluate(AXE_RUN)
    root = "document.documentElement"
    page.lang, page.dir = tab.evaluate(f"[{root}.lang, {root}.dir]")
    page.text = tab.evaluate("document.body.innerText")
    for event in [e for e in tools.events if e.get("sessionId") == session]:
        if event["method"] == "Network.requestWillBeSent":
            page.requests.append(event["params"]["request"]["url"])
        elif event["method"] == "Runtime.exceptionThrown":
            page.errors.append(str(event["params"]["exceptionDetails"]))
    tab.close()
    return page


@pytest.fixture(scope="session")
def chromium() -> str:
    return tool("chromium", "chromium", "Chromium")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        missing("axe-core is not installed (npm ci --prefix tests/clients)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pages(
    chromium: str, axe_source: str, out: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[Version, Page]]:
    """Every HTML output, visited once by one Chromium."""
    tools = Browser(chromium, tmp_path_factory.mktemp("chromium"))
    try:
        visited = {}
        for version in VERSIONS:
            shots = SCREENSHOTS / version.edition
            shots.mkdir(parents=True, exist_ok=True)
            visited[version] = visit(tools, version.path(out, "html"), shots, axe_source)
        yield visited
    finally:
        tools.close()


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_chromium_renders_every_html(pages: dict[Version, Page], version: Version) -> None:
    page = pages[version]
    assert (page.lang, page.dir) == (version.lang, "rtl" if version.lang in {"ar", "ur"} else "ltr")
    assert "S/2026/1043" in page.text
    assert not page.errors
    offline = [url for url in page.requests if not url.startswith(("file:", "data:"))]
    assert not offline, f"the page asks the network for {offline}"
    for screen in SCREENS:
        assert (SCREENSHOTS / version.edition / f"{version.lang}-{screen}.png").stat().st_size


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_axe_finds_no_serious_violation(pages: dict[Version, Page], version: Version) -> None:
    bad = [
        f"{screen}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
        for screen, found in pages[version].violations.items()
        for v in found
        if v["impact"] in BAD
    ]
    assert not bad, "\n".join(bad)


def measure(tools: Browser, html: Path) -> dict[int, dict[str, Any]]:
    """:data:`GEOMETRY_JS`'s result for ``html`` at each of :data:`WIDTHS`,
    the page laid out and its fonts loaded (as the proof sheet measures it)."""
    found = {}
    for width in WIDTHS:
        tab = tools.open(html, width)
        try:
            found[width] = tab.evaluate(GEOMETRY_JS)
        finally:
            tab.close()
    return found


@pytest.fixture(scope="session")
def measured(
    chromium: str, out: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[int, dict[str, Any]]]]:
    """Every HTML of the example and of the geometry dossier, measured by one
    Chromium: ``{"public-ar": {390: result, 1200: result}, ...}``."""
    built = tmp_path_factory.mktemp("geometry")
    build(GEOMETRY, built, formats=["html"])
    pages = {str(v): v.path(out, "html") for v in VERSIONS}
    for lang in GEOMETRY_LANGS:
        pages[f"geometry-{lang}"] = built / "geometry" / "public" / f"geometry.{lang}.html"
    tools = Browser(chromium, tmp_path_factory.mktemp("chromium-geometry"))
    try:
        yield {name: measure(tools, html) for name, html in pages.items()}
    finally:
        tools.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", MEASURED)
def test_reader_sees_numbers_titles_and_alignment_right(
    measured: dict[str, dict[int, dict[str, Any]]], page: str, width: int
) -> None:
    result = measured[page][width]
    lang = page.rsplit("-", 1)[1]
    # what the checks look at is there: a check of nothing cannot fail
    assert result["numbers"] and result["titles"]
    assert result["dir"] == ("rtl" if lang in {"ar", "ur"} else "ltr")
    if result["dir"] == "rtl":
        assert {b["tag"] for b in result["blocks"]} >= {"p", "th", "td"}
    found = failures(result, lang, width)
    assert not found, "\n".join(found)


# The notice's shot as laid out, then with every italic turned off: the same
# pixels when nothing was slanted.
NOTICE_RECT = """(() => { const r = document.querySelector('.notice').getBoundingClientRect();
  return {x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height, scale: 1}; })()"""
UPRIGHT = """document.querySelectorAll('.notice, .notice *').forEach(
  e => e.style.fontStyle = 'normal'); true"""


def notice_shot(tab: Tab, clip: dict[str, Any]) -> bytes:
    shot = tab.browser.call("Page.captureScreenshot", tab.session, format="png", clip=clip)
    return base64.b64decode(shot["data"])


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_scripts_without_italics_are_not_slanted(
    chromium: str, out: Path, tmp_path: Path, version: Version
) -> None:
    """Arabic, Chinese and Urdu text set upright where the English is in
    italics (the notice): Chromium does not slant a font that has no
    italic; the English notice, which has one, does change."""
    with Browser(chromium, tmp_path / "profile") as browser:
        tab = browser.open(version.path(out, "html"), 1200)
        clip = tab.evaluate(NOTICE_RECT)
        laid_out = notice_shot(tab, clip)
        tab.evaluate(UPRIGHT)
        upright = notice_shot(tab, clip)
        tab.close()
    assert (laid_out == upright) is (version.lang in {"ar", "ur", "zh"})
