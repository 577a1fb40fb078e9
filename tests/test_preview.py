"""`dossier preview` serves the HTML of one language on 127.0.0.1, rebuilds
it when a file changes and tells the page to reload; a failed build shows
its diagnostics in the page. Every wait here is bounded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dossier.tools.preview import COUNTER_PATH, Preview, snapshot

TIMEOUT = 60.0  # a rebuild takes about a second; a loaded machine, more


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def counter(url: str) -> int:
    return int(fetch(url + COUNTER_PATH.lstrip("/")))


@pytest.fixture
def preview(make_dossier: Callable[..., Path], tmp_path: Path) -> Iterator[Preview]:
    server = Preview(make_dossier(), lang="en", out=tmp_path / "build", port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_serves_the_page_with_a_reload_script(preview: Preview, tmp_path: Path) -> None:
    assert preview.url.startswith("http://127.0.0.1:")
    page = fetch(preview.url)
    assert "A paragraph of the annex." in page
    assert COUNTER_PATH in page and "location.reload()" in page
    on_disk = (tmp_path / "build/sample/public/sample.en.html").read_text(encoding="utf-8")
    assert COUNTER_PATH not in on_disk  # the script is in the page served only
    assert counter(preview.url) == 1
    with pytest.raises(urllib.error.HTTPError):
        fetch(preview.url + "elsewhere")


def test_an_edit_rebuilds_and_moves_the_counter(preview: Preview) -> None:
    section = preview.root / "sections/en/01-annex.md"
    section.write_text("# Facts\n\nAn edited paragraph.\n", encoding="utf-8")
    wait_for(lambda: counter(preview.url) >= 2, "the rebuild")
    assert "An edited paragraph." in fetch(preview.url)


def test_a_failed_build_shows_in_the_page(preview: Preview) -> None:
    section = preview.root / "sections/en/01-annex.md"
    section.write_text("# Facts\n\n![A map](figures/nowhere.png)\n", encoding="utf-8")
    wait_for(lambda: counter(preview.url) >= 2, "the failed rebuild")
    page = fetch(preview.url)
    assert "The build failed" in page
    assert "image &#x27;figures/nowhere.png&#x27; not found" in page
    assert "location.reload()" in page  # and it reloads once fixed
    section.write_text("# Facts\n\nFixed.\n", encoding="utf-8")
    wait_for(lambda: counter(preview.url) >= 3, "the rebuild after the fix")
    assert "Fixed." in fetch(preview.url)


def test_snapshot_leaves_out_hidden_files_and_the_build(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a")
    (tmp_path / ".a.md.swp").write_text("x")
    (tmp_path / "a.md~").write_text("x")
    (tmp_path / "build").mkdir()
    (tmp_path / "build/x.html").write_text("x")
    assert list(snapshot(tmp_path, tmp_path / "build")) == [str(tmp_path / "a.md")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_command_serves_and_stops_on_ctrl_c(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    port = free_port()
    folder = make_dossier()
    command = [sys.executable, "-m", "dossier", "preview", str(folder), "--port", str(port)]
    command += ["--out", str(tmp_path / "build")]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as in a terminal: a test run started in the background
        # (`make test &`) ignores SIGINT, and its children would inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    url = f"http://127.0.0.1:{port}/"
    said: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: said.extend(proc.stdout or ()), daemon=True)
    reader.start()
    try:
        wait_for(
            lambda: any("serving" in line for line in said) or proc.poll() is not None, "serving"
        )
        assert said == [f"serving {url} (en, public); Ctrl-C stops\n"], proc.stderr
        assert "A paragraph of the annex." in fetch(url)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)  # its output is small: no pipe fills up
        reader.join(timeout=10)
        err = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_a_busy_port_is_a_user_error(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "dossier", "preview", str(make_dossier()), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "DOSSIER_DEBUG": ""},
        )
    assert proc.returncode == 2
    assert f"cannot serve on port {port}" in proc.stderr
