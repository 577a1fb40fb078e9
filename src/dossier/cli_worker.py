"""A worker that has the package loaded and runs Make's steps in forks of
itself (:mod:`dossier.pipeline.step_client` is the other end).

``python -m dossier.cli_worker SOCKET`` imports what the steps import
(:data:`PRELOAD`), then listens on ``SOCKET``. For each step it forks: the
fork takes the step's standard streams, working folder and Make's
variables, runs the command line (:func:`dossier.cli.run`) and ends; the
worker sends its exit status, and its largest resident size, to the
client. Each step is still a process of its own (its locks, its memory,
its failure), but none pays the imports.

The worker ends when no step has come for IDLE seconds, or when the
package's code changed since it started (the step is then run by the
client itself, with the new code).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib
import json
import os
import resource
import selectors
import signal
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from dossier.core.fonts import FONT_DIRS

# A drafter's rebuild minutes after a build finds the worker loaded.
IDLE = 300.0
REQUEST_TIMEOUT = 5.0
# What the steps import (dossier rules, assemble, render, submission), some
# of it only inside the functions that need it.
PRELOAD = (
    "dossier.cli",
    "dossier.pipeline.makesteps",
    "dossier.pipeline.makerules",
    "dossier.pipeline.stages",
    "dossier.pipeline.loading",
    "dossier.assemble.charts",
    "dossier.assemble.charts_draw",
    "dossier.check.rawxml",
    "dossier.load.images.raster",
    "dossier.load.images.svg",
    "dossier.render.html",
    "dossier.render.docx",
    "dossier.render.pdf",
    "dossier.render.join",
    "dossier.render.submission",
    "dossier.seal.leaks",
    "pypdf",
)
PACKAGE = Path(__file__).resolve().parent
# What a client sends for a step (pipeline/step_client.run_in_worker).
STEP_KEYS = {"argv", "cwd", "env", "umask", "limits"}


def code_stamp() -> tuple[tuple[str, int], ...]:
    """The package's Python files and the font folders (the fonts are read
    once, before listening: a font package installed since changes a
    folder's time), with their times: a change ends the worker."""
    code = [(str(p), p.stat().st_mtime_ns) for p in PACKAGE.rglob("*.py")]
    for top in map(Path, FONT_DIRS):
        with contextlib.suppress(OSError):
            code += [(str(d), d.stat().st_mtime_ns) for d in [top, *top.iterdir()] if d.is_dir()]
    return tuple(sorted(code))


def preload() -> None:
    for name in PRELOAD:
        with contextlib.suppress(Exception):  # a step that needs it reports it
            importlib.import_module(name)
    from dossier.core import fonts, pandoc

    pandoc.version()  # cached: each step asks
    pandoc.api_version()
    # the fonts installed, and the characters of those the languages use:
    # read once here (cached), not by every PDF's glyph check
    fonts.installed()  # the charts' call (a cache of its own)
    installed = fonts.installed(fonts.FONT_DIRS)  # the glyph check's
    families = {face.family for faces in fonts.FONTS.values() for face in faces}
    for family in sorted(families & installed.keys()):
        fonts.coverage(family)
    warm_charts()


# A language of each script the charts set: a first chart registers its
# fonts with matplotlib and readies its text layout.
CHART_LANGS = ("ar", "en", "ur", "zh")


def warm_charts() -> None:
    """Draw a small chart in each of CHART_LANGS, into a folder thrown away:
    every assemble step draws its language's charts, and its fork then
    finds matplotlib ready."""
    from dossier.assemble import charts
    from dossier.assemble.chart_specs import BarSpec

    with tempfile.TemporaryDirectory(prefix="dossier-worker-") as tmp:
        for lang in CHART_LANGS:
            spec = BarSpec(lang, "0", ("0",), (("0", (1,)),), "0")
            with contextlib.suppress(Exception):  # a font missing: the step says so
                charts.draw_bars(spec, Path(tmp))


def run_step(request: dict[str, Any], fds: list[int]) -> None:
    """In the fork: become the step, run it, end with its exit status."""
    status = 1
    try:
        for target, fd in enumerate(fds[:3]):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.update(request["env"])
        take_process_state(request)
        sys.argv = list(request["argv"])
        from dossier.cli import run

        run()
        status = 0
    except SystemExit as done:
        code = done.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException:  # the CLI reports its own errors; this is a last resort
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def take_process_state(request: dict[str, Any]) -> None:
    """The client's umask and limits in the step's fork: files and folders
    the step makes have the modes the drafter's shell asked for (an
    internal edition's folder 0700 under ``umask 077``, whatever the
    umask of the shell that started the worker), and a limit the shell set
    holds. A hard limit above the worker's own cannot be raised: the
    worker's stays, and the soft limit is kept under it."""
    os.umask(int(request["umask"]))
    for name, (soft, hard) in request["limits"].items():
        which = getattr(resource, str(name), None)
        if which is None:
            continue
        hard = _stricter(int(hard), resource.getrlimit(which)[1])
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (_stricter(int(soft), hard), hard))


def _stricter(a: int, b: int) -> int:
    """The lower of two limits, ``RLIM_INFINITY`` the highest.

    >>> _stricter(resource.RLIM_INFINITY, 5), _stricter(7, 5)
    (5, 5)
    """
    if a == resource.RLIM_INFINITY:
        return b
    return a if b == resource.RLIM_INFINITY else min(a, b)


class Worker:
    """The listening socket, the steps running (pid -> the client's
    connection) and the time of the code loaded."""

    def __init__(self, sock: Path, lock: int) -> None:
        self.sock = sock
        self.lock = lock
        self.stamp = code_stamp()
        self.running: dict[int, socket.socket] = {}
        self.listener: socket.socket | None = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.unlink(missing_ok=True)  # a worker's that died (we hold the lock)
        self.listener.bind(str(sock))
        self.listener.listen(64)
        self.wakeup_r, self.wakeup_w = os.pipe()
        os.set_blocking(self.wakeup_w, False)
        signal.set_wakeup_fd(self.wakeup_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wakeup_r, selectors.EVENT_READ, "child")

    def serve(self) -> None:
        """Run steps until none came for IDLE seconds, or the code changed
        (then the steps running are waited for)."""
        while self.listener is not None or self.running:
            events = self.selector.select(timeout=IDLE)
            if not events and not self.running:
                return
            for key, _ in events:
                if key.data == "child":
                    os.read(self.wakeup_r, 4096)
                    self.reap()
                elif self.listener is not None and not self.accept(self.listener):
                    self.stop_listening()

    def accept(self, listener: socket.socket) -> bool:
        """Start the step a client asks for; False: the code changed."""
        conn, _ = listener.accept()
        conn.settimeout(REQUEST_TIMEOUT)  # a client that never asks holds no one up
        fds: list[int] = []
        try:
            message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            request = json.loads(message)
            if len(fds) != 3 or not isinstance(request, dict) or not request.keys() >= STEP_KEYS:
                raise ValueError("not a step")
            if code_stamp() != self.stamp:
                conn.sendall(b'{"stale": 1}\n')
                conn.close()
                return False
            pid = os.fork()
            if pid == 0:
                try:
                    self.in_fork(conn)
                except BaseException:
                    os._exit(1)
                run_step(request, fds)
            self.running[pid] = conn
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        except (OSError, ValueError):
            conn.close()  # the client went: it runs its step itself, or is gone
        finally:
            for fd in fds:
                os.close(fd)
        return True

    def in_fork(self, conn: socket.socket) -> None:
        """Drop, in a step's fork, what is the worker's."""
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in (self.lock, self.wakeup_r, self.wakeup_w):
            os.close(fd)
        for other in [conn, *self.running.values()]:
            other.close()
        if self.listener is not None:
            self.listener.close()

    def reap(self) -> None:
        while self.running:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
            if pid == 0:
                return
            conn = self.running.pop(pid, None)
            if conn is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            answer = {"status": code, "maxrss": usage.ru_maxrss}
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps(answer).encode() + b"\n")
            conn.close()

    def stop_listening(self) -> None:
        if self.listener is not None:
            self.selector.unregister(self.listener)
            self.sock.unlink(missing_ok=True)
            self.listener.close()
            self.listener = None


def main(sock: Path) -> int:
    lock = os.open(f"{sock}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return 0  # another worker for this socket
    preload()
    worker = Worker(sock, lock)
    try:
        worker.serve()
    finally:
        worker.stop_listening()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
