"""Run one Make step in a worker that has the package loaded.

``python -S step_client.py CLI ARGS...`` is the recipe of every Make step
(:mod:`dossier.pipeline.makerules`). Each step used to be a Python process
that imported the package before any work; the worker
(:mod:`dossier.cli_worker`) imports it once and forks a process per
step, which runs ``CLI ARGS...`` as the command line would, with this
process's standard streams, working folder and exit status. Make stays the
front door: it still decides which steps run, and when.

This file imports only the standard library, and runs without ``site``
(``-S``): it starts in a few milliseconds. When no worker answers, it starts
one for the steps after it and runs its own step as before (``exec`` of
``CLI``); ``DOSSIER_WORKER=off`` always does.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

VARIABLE = "DOSSIER_WORKER"
OFF = "off"
# Variables that change from one Make step (or test) to the next without
# changing what a step does; the worker's process for a step sets them as
# the step's. (Keyed on them, a test suite would start a worker per test.)
RSS_LOG = "DOSSIER_STEP_RSS"
VOLATILE = frozenset(
    {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "PWD", "OLDPWD", "SHLVL", "_", RSS_LOG}
    | {"PYTEST_CURRENT_TEST"}
)
# How long a step waits for a worker that is starting (loading the package
# and reading the fonts) before it runs alone; how often it looks.
WAIT = 8.0
POLL = 0.05
STARTED = time.monotonic()
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


# The limits a step runs under (``ulimit``): the worker's fork takes the
# client's, as it takes its umask, so a step cannot get more room through
# the worker than the shell that ran Make gave it.
LIMITS = ("RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU", "RLIMIT_STACK")


# The longest path a Unix socket may have (Linux: 108 bytes with its end).
SOCKET_PATH_MAX = 100


def address() -> Path | None:
    """The worker's socket for this Python and environment: a step is run
    only by a worker started with the same variables (a different
    ``PATH``, cache folder or ``SOURCE_DATE_EPOCH`` has a worker of its
    own), in a folder of the user's own that no one else may enter (None:
    there is none, or the path is too long for a socket)."""
    env = {k: v for k, v in os.environ.items() if k not in VOLATILE}
    seed = json.dumps([sys.executable, sorted(env.items())])
    name = hashlib.sha256(seed.encode()).hexdigest()[:24]
    folder = Path(tempfile.gettempdir()) / f"dossier-worker-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077
    sock = folder / f"{name}.sock"
    return sock if private and len(str(sock)) <= SOCKET_PATH_MAX else None


def standalone(argv: list[str]) -> NoReturn:
    """Run the step in this process, as without a worker."""
    os.execv(argv[0], argv)


def starting(sock: Path) -> bool:
    """Whether a worker holds the lock beside ``sock`` (it is starting, or
    running); when none does, start one in the background."""
    lock = os.open(f"{sock}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(lock)  # the worker takes the lock itself
    start_worker(sock)
    return False


def wait_for(sock: Path) -> socket.socket | None:
    """The worker's connection once it listens, within WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        time.sleep(POLL)
        conn = connect(sock)
        if conn is not None:
            return conn
    return None


def start_worker(sock: Path) -> None:
    """Start a worker for ``sock`` in the background; this step runs alone."""
    subprocess.Popen(
        [sys.executable, "-m", "dossier.cli_worker", str(sock)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not in Make's process group, nor waited for
        close_fds=True,
    )


def connect(sock: Path) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(sock))
    except OSError:
        conn.close()
        return None
    return conn


def read_line(conn: socket.socket) -> dict[str, int] | None:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
    answer: dict[str, int] = json.loads(data)
    return answer


def run_in_worker(conn: socket.socket, argv: list[str]) -> int | None:
    """Have the worker run ``argv`` with this process's streams; its exit
    status (None: the worker declined, the step must run here)."""
    volatile = {k: v for k, v in os.environ.items() if k in VOLATILE}
    mask = os.umask(0)
    os.umask(mask)
    limits = {name: resource.getrlimit(getattr(resource, name)) for name in LIMITS}
    step = {"argv": argv, "cwd": os.getcwd(), "env": volatile, "umask": mask, "limits": limits}
    request = json.dumps(step).encode() + b"\n"
    try:
        socket.send_fds(conn, [request], [0, 1, 2])
        started = read_line(conn)
    except OSError:  # the worker was ending
        return None
    if started is None or "pid" not in started:
        return None
    pid = started["pid"]

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    for signum in FORWARDED:
        signal.signal(signum, forward)
    try:
        ended = read_line(conn)
    except OSError:
        ended = None
    if ended is None:  # the worker was killed; the step's process may run on
        print(f"dossier: the worker running this step ended: {' '.join(argv)}", file=sys.stderr)
        return 1
    record_rss(argv, ended.get("maxrss", 0))
    status = ended["status"]
    if status < 0:  # killed by a signal: end the same way, as Make expects
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    return status


def record_rss(argv: list[str], kb: int) -> None:
    """The step's largest process and its time, appended to the file
    DOSSIER_STEP_RSS names (the benchmark's: Make's /usr/bin/time does not
    see the worker's processes)."""
    log = os.environ.get(RSS_LOG)
    if log:
        seconds = time.monotonic() - STARTED
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{kb}\t{seconds:.3f}\t{' '.join(argv[1:])}\n")


def main(argv: list[str]) -> int:
    if os.environ.get(VARIABLE, "").strip().lower() == OFF:
        standalone(argv)
    sock = address()
    if sock is None:
        standalone(argv)
    conn = connect(sock)
    if conn is None and starting(sock):
        conn = wait_for(sock)  # cheaper than loading the package here
    if conn is None:
        standalone(argv)
    with conn:
        status = run_in_worker(conn, argv)
    if status is None:
        standalone(argv)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
