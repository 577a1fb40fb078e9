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
import fcntl
import json
import os
import select
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dossier.pipeline.stages import build
from dossier.tools.html_geometry import GEOMETRY_JS, failures

from .conftest import AXE, CLIENTS, SCREENSHOTS, VERSIONS, Version, missing, tool

# Debian's chromium as root in a container, with no way out to the network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--remote-debugging-pipe",
]
SCREENS = {"phone": (412, 915, True), "desktop": (1280, 900, False)}
BAD = {"serious", "critical"}
TIMEOUT = 60.0
# The widths of the geometry checks: a small phone's, a desktop's.
WIDTHS = (390, 1200)
GEOMETRY = CLIENTS / "geometry"
GEOMETRY_LANGS = ("en", "ar", "ur")
MEASURED = [str(v) for v in VERSIONS] + [f"geometry-{lang}" for lang in GEOMETRY_LANGS]
AXE_RUN = """axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary)})))"""


class DevTools:
    """Chromium's DevTools protocol over --remote-debugging-pipe: JSON
    messages ending in NUL, read on fd 4 and written on fd 3 of Chromium."""

    def __init__(self, chromium: str, profile: Path) -> None:
        ours_in, theirs_out = os.pipe()
        theirs_in, ours_out = os.pipe()
        theirs_in, theirs_out = above_4(theirs_in), above_4(theirs_out)
        # bash (dash takes no fd above 9) puts the pipes at Chromium's 3 and 4
        shell = f'exec "$0" "$@" 3<&{theirs_in} 4>&{theirs_out}'
        self.proc = subprocess.Popen(
            ["bash", "-c", shell, chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(theirs_in, theirs_out),
        )
        os.close(theirs_in)
        os.close(theirs_out)
        self.read, self.write = ours_in, ours_out
        self.buffer = b""
        self.events: list[dict[str, Any]] = []
        self.last = 0

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        os.close(self.read)
        os.close(self.write)

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            if not select.select([self.read], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self.read, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium quit ({self.proc.poll()})")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.last += 1
        message: dict[str, Any] = {"id": self.last, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._message(deadline)
            if answer.get("id") != self.last:
                self.events.append(answer)
            elif "error" in answer:
                raise RuntimeError(f"{method}: {answer['error']}")
            else:
                result: dict[str, Any] = answer["result"]
                return result

    def wait(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self.events.append(self._message(deadline))

    def value(self, session: str, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            session,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")


def above_4(fd: int) -> int:
    """``fd`` moved above 4, where the shell's redirections cannot clash."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


@dataclass
class Page:
    lang: str = ""
    dir: str = ""
    text: str = ""
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def visit(tools: DevTools, html: Path, shots: Path, axe: str) -> Page:
    target = tools.call("Target.createTarget", url="about:blank")["targetId"]
    session = tools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Network", "Runtime"):
        tools.call(f"{domain}.enable", session)
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
        tools.value(session, "document.fonts.ready.then(() => true)")
        shot = tools.call("Page.captureScreenshot", session, format="png")
        (shots / f"{html.stem.split('.')[-1]}-{screen}.png").write_bytes(
            base64.b64decode(shot["data"])
        )
        tools.value(session, axe)
        page.violations[screen] = tools.value(session, AXE_RUN)
    root = "document.documentElement"
    page.lang, page.dir = tools.value(session, f"[{root}.lang, {root}.dir]")
    page.text = tools.value(session, "document.body.innerText")
    for event in [e for e in tools.events if e.get("sessionId") == session]:
        if event["method"] == "Network.requestWillBeSent":
            page.requests.append(event["params"]["request"]["url"])
        elif event["method"] == "Runtime.exceptionThrown":
            page.errors.append(str(event["params"]["exceptionDetails"]))
    tools.events = [e for e in tools.events if e.get("sessionId") != session]
    tools.call("Target.closeTarget", targetId=target)
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
    tools = DevTools(chromium, tmp_path_factory.mktemp("chromium"))
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


def measure(tools: DevTools, html: Path) -> dict[int, dict[str, Any]]:
    """:data:`GEOMETRY_JS`'s result for ``html`` at each of :data:`WIDTHS`,
    the page laid out and its fonts loaded."""
    target = tools.call("Target.createTarget", url="about:blank")["targetId"]
    session = tools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    tools.call("Page.enable", session)
    found = {}
    for width in WIDTHS:
        tools.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        tools.call("Page.navigate", session, url=html.as_uri())
        tools.wait("Page.loadEventFired", session)
        tools.value(session, "document.fonts.ready.then(() => true)")
        found[width] = tools.value(session, GEOMETRY_JS)
    tools.events = [e for e in tools.events if e.get("sessionId") != session]
    tools.call("Target.closeTarget", targetId=target)
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
    tools = DevTools(chromium, tmp_path_factory.mktemp("chromium-geometry"))
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
