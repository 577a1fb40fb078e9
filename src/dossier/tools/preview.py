"""``dossier preview``: the HTML of one language, served on 127.0.0.1,
rebuilt when a file of the dossier changes, reloaded in the browser.

No dependency beyond the standard library: ``http.server`` in a thread
serves the page; another thread polls the modification times of the
dossier's files every half second and rebuilds that one language and
edition. The page served (never the file on disk) carries a few lines of
script that poll ``/__build`` (a build counter) and reload when it moves. A
build that fails shows its diagnostics in the page, and the next save tries
again.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from dossier.core.diagnostics import DossierError

COUNTER_PATH = "/__build"
POLL_SECONDS = 0.5
HOST = "127.0.0.1"

RELOAD_SCRIPT = """/* dossier preview: reload when the build changes */
(function () {
  var seen = "%s";
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (n) { if (n !== seen) { location.reload(); } })
      .catch(function () {});
  }, 500);
})();
"""
# The page's Content-Security-Policy (templates/*/letter.html.j2) forbids
# every script and fetch: the page served lets this script alone (by its
# hash) fetch the counter from the preview's own address.
_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)"', re.I)


@dataclass(frozen=True)
class Page:
    """What the server shows: the build counter and the page of that build."""

    counter: int
    body: str


def inject(page: str, counter: int) -> str:
    """``page`` with the reload script before its ``</body>``, and its
    Content-Security-Policy letting that script run.

    >>> "fetch" in inject("<html><body><p>x</p></body></html>", 3)
    True
    >>> inject("<p>x</p>", 3).startswith("<p>x</p><script>")
    True
    """
    code = RELOAD_SCRIPT % (counter, COUNTER_PATH)
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
    extra = f"; script-src 'sha256-{digest}'; connect-src 'self'"
    page = _CSP.sub(lambda m: f'{m.group(1)}{m.group(2)}{extra}"', page, count=1)
    script = f"<script>{code}</script>\n"
    at = page.lower().rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def error_page(lines: list[str]) -> str:
    """A page that says why the build failed."""
    items = "\n".join(html.escape(line) for line in lines)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Build failed</title></head>\n<body>"
        '<h1 style="color:#b00">The build failed</h1>\n'
        f'<pre style="white-space:pre-wrap">{items}</pre>\n'
        "<p>Fix the file and save it: the page reloads by itself.</p>\n</body></html>\n"
    )


def snapshot(root: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Path -> (mtime, size) of every file under ``root``; hidden files,
    editor backups and ``skip`` (a build folder inside it) left out."""
    found: dict[str, tuple[int, int]] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).parts
        if any(p.startswith(".") or p.endswith("~") for p in rel):
            continue
        if skip is not None and path.is_relative_to(skip):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted while we looked
        if path.is_file():
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def manifest_defaults(root: Path) -> tuple[str, str]:
    """(source language, first edition) from dossier.yaml; ('en', 'public')
    when it cannot be read (the build will say why)."""
    from dossier.core.paths import DOSSIER_FILE
    from dossier.core.sourcefile import read_source
    from dossier.core.yamlsource import parse_yaml
    from dossier.pipeline.loading import validate_manifest

    path = root / DOSSIER_FILE
    try:
        m = validate_manifest(parse_yaml(read_source(path), path))
    except (OSError, DossierError):
        return "en", "public"
    return m.source_language, m.editions[0].name


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    preview: Preview


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        page = self.server.preview.page
        path = self.path.split("?", 1)[0]
        if path == COUNTER_PATH:
            self._send(200, "text/plain", str(page.counter))
        elif path in {"/", "/index.html"}:
            self._send(200, "text/html", inject(page.body, page.counter))
        else:
            self._send(404, "text/plain", "not found: the preview serves / only")

    def _send(self, status: int, kind: str, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one request every half second: not worth a line each


class Preview:
    """Build, serve and watch one language version of a dossier."""

    def __init__(
        self,
        root: Path,
        *,
        lang: str | None = None,
        edition: str | None = None,
        out: Path = Path("build/preview"),
        port: int = 8000,
        log: Callable[[str], None] | None = None,
    ) -> None:
        source, first = manifest_defaults(root)
        self.root, self.out, self.port = root, out, port
        self.lang, self.edition = lang or source, edition or first
        self.page = Page(0, "")
        self._log = log or (lambda _message: None)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server: _Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://{HOST}:{self._server.server_address[1]}/"

    def rebuild(self) -> None:
        """Build the HTML of the language; the page shows it, or why not."""
        started = time.monotonic()
        try:
            body, what = self._build(), "built"
        except DossierError as exc:
            body = error_page([str(d) for d in exc.diagnostics])
            what = f"build failed ({len(exc.diagnostics)} problems)"
        except Exception as exc:  # a bug must not stop the preview
            body = error_page([f"internal error: {type(exc).__name__}: {exc}"])
            what = "build failed (internal error)"
        self.page = Page(self.page.counter + 1, body)
        self._log(f"{what}: {self.lang}, {time.monotonic() - started:.1f} s")

    def _build(self) -> str:
        from dossier.pipeline.stages import build

        result = build(
            self.root, self.out, editions=[self.edition], langs=[self.lang], formats=["html"]
        )
        return result.outputs[0].read_text(encoding="utf-8")

    def start(self) -> str:
        """Build once, then serve and watch in threads; return the URL."""
        self._server = _Server((HOST, self.port), _Handler)
        self._server.preview = self
        seen = snapshot(*self._watched())  # before the build: no edit slips through
        self.rebuild()
        self._spawn(self._serve)
        self._spawn(lambda: self._watch(seen))
        return self.url

    def _spawn(self, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _serve(self) -> None:
        assert self._server is not None
        self._server.serve_forever(poll_interval=0.2)

    def _watched(self) -> tuple[Path, Path | None]:
        """The dossier folder, and the build folder when it lies inside it."""
        root, out = self.root.resolve(), self.out.resolve()
        return root, out if out.is_relative_to(root) else None

    def _watch(self, seen: dict[str, tuple[int, int]]) -> None:
        while not self._stop.wait(POLL_SECONDS):
            now = snapshot(*self._watched())
            if now != seen:
                seen = now
                self.rebuild()

    def wait(self) -> None:
        """Block until stop() (or Ctrl-C in the caller)."""
        while not self._stop.wait(0.5):
            pass

    def stop(self) -> None:
        """Stop watching and serving (at any point: also when start() was
        interrupted before the server ran, whose shutdown() would wait)."""
        self._stop.set()
        if self._server is not None:
            if self._threads:  # the first thread is the server's
                self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=30)
