"""Make's steps run in a worker that has the package loaded
(dossier.cli_worker, step_client): a step run there prints, writes and
exits as the command line does, from the step's working folder; a step
killed ends its client the same way; without a worker, or with
DOSSIER_WORKER=off, the step runs in its own process as before."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from dossier.pipeline import step_client

CLI = ROOT / ".venv" / "bin" / "dossier"
CLIENT = Path(step_client.__file__)


def step(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``dossier ARGS`` as a Make step runs it, from the repository."""
    command = [sys.executable, "-S", str(CLIENT), str(CLI), *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def by_worker(log: Path) -> int:
    """How many steps the worker ran (each records its largest process)."""
    return len(log.read_text().splitlines()) if log.is_file() else 0


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A worker of this test's own (its variables are its key)."""
    return {**os.environ, "DOSSIER_STEP_RSS": str(tmp_path / "rss.log")}


def until_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the step until the worker (started by the first run) runs it."""
    for _ in range(60):
        ran = by_worker(log)
        got = step(env, *args)
        if by_worker(log) > ran:
            return got
        time.sleep(0.5)
    raise AssertionError("no worker ran the step")


@pytest.mark.parametrize("folder", ["dossiers/example", "dossiers/none-here"])
def test_a_step_run_by_the_worker_reports_as_the_command_line_does(
    env: dict[str, str], tmp_path: Path, folder: str
) -> None:
    direct = subprocess.run(
        [str(CLI), "check", folder], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert direct.returncode in {0, 2}
    got = until_worker(env, tmp_path / "rss.log", "check", folder)  # a relative path: cwd
    assert (got.returncode, got.stdout, got.stderr) == (
        direct.returncode,
        direct.stdout,
        direct.stderr,
    )


def test_without_a_worker_the_step_runs_in_its_own_process(
    env: dict[str, str], tmp_path: Path
) -> None:
    off = {**env, step_client.VARIABLE: step_client.OFF}
    for _ in range(3):
        got = step(off, "check", "dossiers/example")
        assert got.returncode == 0, got.stderr
        assert "no errors" in got.stdout
    assert by_worker(tmp_path / "rss.log") == 0
    assert not Path(socket_of(off)).exists()


def socket_of(env: dict[str, str]) -> str:
    """The path of the worker's socket for ``env``."""
    code = "from dossier.pipeline import step_client; print(step_client.address())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return out.stdout.strip()


def test_a_folder_others_may_enter_is_not_used(env: dict[str, str], tmp_path: Path) -> None:
    """Another user's folder, or one others may write to, could hold a
    socket that is no worker of ours: the step then runs alone."""
    shared = tmp_path / "tmp"
    (shared / f"dossier-worker-{os.getuid()}").mkdir(parents=True, mode=0o777)
    os.chmod(shared / f"dossier-worker-{os.getuid()}", 0o777)
    open_env = {**env, "TMPDIR": str(shared)}
    assert socket_of(open_env) == "None"
    got = step(open_env, "check", "dossiers/example")
    assert got.returncode == 0, got.stderr
    assert by_worker(tmp_path / "rss.log") == 0


def test_a_step_killed_in_the_worker_ends_its_client_by_the_same_signal(
    env: dict[str, str], tmp_path: Path
) -> None:
    log = tmp_path / "rss.log"
    until_worker(env, log, "check", "dossiers/example")
    # `dossier preview` serves until it is stopped: the client forwards
    # the signal to the step's process in the worker
    command = [sys.executable, "-S", str(CLIENT), str(CLI), "preview", "dossiers/example"]
    command += ["--port", "0", "--out", str(tmp_path / "preview")]
    client = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    time.sleep(2)
    assert client.poll() is None
    client.send_signal(signal.SIGTERM)
    assert client.wait(timeout=30) == -signal.SIGTERM
    assert by_worker(log) == 2


def test_a_request_that_is_no_step_leaves_the_worker_serving(
    env: dict[str, str], tmp_path: Path
) -> None:
    log = tmp_path / "rss.log"
    until_worker(env, log, "check", "dossiers/example")
    sock = socket_of(env)
    for junk in (b"", b"not json\n", b'{"argv": []}\n'):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(sock)
            conn.sendall(junk)  # and no streams
            conn.shutdown(socket.SHUT_WR)
            assert conn.recv(100) == b""  # the worker hangs up
    ran = by_worker(log)
    got = step(env, "check", "dossiers/example")
    assert got.returncode == 0, got.stderr
    assert by_worker(log) == ran + 1  # the same worker, still there
    assert Path(sock).exists()


def test_a_step_in_the_worker_takes_the_shell_s_umask_and_limits(
    env: dict[str, str], tmp_path: Path
) -> None:
    """An internal edition's folder made under ``umask 077`` stays closed to
    others, whatever the umask of the shell that started the worker; a
    file-size limit the shell set holds in the worker's fork too."""
    log = tmp_path / "rss.log"
    until_worker(env, log, "check", "dossiers/example")  # a worker, started under 022
    out = tmp_path / "closed"
    script = (
        f"umask 077; ulimit -f 4096; exec {sys.executable} -S {CLIENT} {CLI} "
        f"rules dossiers/example --out {out} --write {out}/example/rules.mk"
    )
    ran = by_worker(log)
    got = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert got.returncode == 0, got.stderr
    assert by_worker(log) == ran + 1  # the worker ran it
    assert (out / "example").stat().st_mode & 0o777 == 0o700
    small = tmp_path / "small"  # rules.mk is larger than one 1024-byte block
    script = (
        f"ulimit -f 1; exec {sys.executable} -S {CLIENT} {CLI} "
        f"rules dossiers/example --out {small} --write {small}/example/rules.mk"
    )
    ran = by_worker(log)
    got = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert by_worker(log) == ran + 1
    assert got.returncode != 0
    assert not (small / "example" / "rules.mk").exists()
