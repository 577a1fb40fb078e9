"""Headless Chromium, driven over its DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages ending in NUL, read on its fd 4
and written on its fd 3), offline: the proof sheet's screenshots of an HTML
output at a given width, the whole page long, and scripts evaluated in it
(the HTML checks).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

# Debian's chromium, as root in a container too, with no way out to the network.
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
TIMEOUT = 60.0
# The longest page shot, in CSS pixels (a phone's view of a long annex).
MAX_HEIGHT = 30000
SCREEN_HEIGHT = 900


class Browser:
    """One Chromium, with a profile of its own under ``profile``."""

    def __init__(self, chromium: str, profile: Path) -> None:
        ours_in, theirs_out = os.pipe()
        theirs_in, ours_out = os.pipe()
        theirs_in, theirs_out = _above_4(theirs_in), _above_4(theirs_out)
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

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

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
        """Send one command and return its result (events met meanwhile are kept)."""
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

    def wait(self, method: str, session: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return
            self.events.append(self._message(deadline))

    def open(self, html: Path, width: int) -> Tab:
        """``html`` loaded in a new tab as wide as ``width`` CSS pixels (a
        phone's under 600: mobile), its fonts ready."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session)
        self.call("Runtime.enable", session)
        metrics = {"width": width, "height": SCREEN_HEIGHT, "deviceScaleFactor": 1}
        self.call("Emulation.setDeviceMetricsOverride", session, **metrics, mobile=width < 600)
        self.call("Page.navigate", session, url=html.resolve().as_uri())
        self.wait("Page.loadEventFired", session)
        tab = Tab(self, target, session, width)
        tab.evaluate("document.fonts.ready.then(() => true)")
        return tab


class Tab:
    """One page open in the browser."""

    def __init__(self, browser: Browser, target: str, session: str, width: int) -> None:
        self.browser, self.target, self.session, self.width = browser, target, session, width

    def evaluate(self, expression: str) -> Any:
        """The value of a script (a promise is awaited), as JSON gives it back."""
        result = self.browser.call(
            "Runtime.evaluate",
            self.session,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """The whole page as PNG, at most :data:`MAX_HEIGHT` pixels long."""
        height = self.evaluate("document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": self.width, "height": min(int(height), MAX_HEIGHT)}
        shot = self.browser.call(
            "Page.captureScreenshot",
            self.session,
            format="png",
            captureBeyondViewport=True,
            clip={**clip, "scale": 1},
        )
        return base64.b64decode(shot["data"])

    def close(self) -> None:
        self.browser.call("Target.closeTarget", targetId=self.target)
        self.browser.events = [e for e in self.browser.events if e.get("sessionId") != self.session]


def _above_4(fd: int) -> int:
    """``fd`` moved above 4, where the shell's redirections cannot clash."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved
