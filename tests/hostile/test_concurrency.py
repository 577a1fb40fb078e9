"""Two builds into one folder, and a build killed in the middle: the second
build waits for the first (and says so), and what a killed build leaves is
named by `verify` and removed by the next build."""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile.conftest import MEMORY_CAP, ROOT, dossier, files_under

TEMPORARY = (
    "a temporary file left by a build that was interrupted (run the build again: it removes it)"
)


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def start_build(base: Path, build: Path) -> subprocess.Popen[str]:
    """``dossier build`` in a session of its own (to kill it with its children)."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", "build", str(base), "--out", str(build)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_cap,
        start_new_session=True,
    )


def temporaries(build: Path) -> list[str]:
    return sorted(name for name in files_under(build) if name.endswith(".tmp"))


def test_a_second_build_waits_for_the_first_and_says_so(base: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    (build / "d").mkdir(parents=True)
    with (build / "d" / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a build of this folder under way
        proc = start_build(base, build)
        assert proc.stderr is not None
        line = proc.stderr.readline()  # the loading comes first, then the wait
        assert line == f"waiting for another build of {build / 'd'}\n"
        time.sleep(1)
        assert proc.poll() is None  # still waiting: nothing written
        assert files_under(build / "d") == {".lock"}
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert dossier("verify", build).code == 0


def test_two_builds_into_one_folder_at_once(base: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    procs = [start_build(base, build) for _ in range(2)]
    results = [p.communicate(timeout=900) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "internal error" not in err, err
    run = dossier("verify", build)
    assert run.code == 0, run.text
    assert "14 outputs verified" in run.text  # 6 documents, and 2 submission packages
    assert temporaries(build) == []


def test_a_killed_build_leaves_what_verify_names_and_the_next_build_removes(
    base: Path, tmp_path: Path
) -> None:
    build = tmp_path / "build"
    assert dossier("build", base, "--out", build).code == 0
    before = {p: (build / p).read_bytes() for p in files_under(build) if "." in Path(p).name}
    proc = start_build(base, build)
    deadline = time.monotonic() + 300
    while not temporaries(build / "d" / "public") and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # mid-render: no clean-up runs
    proc.wait(timeout=60)
    left = temporaries(build)
    assert left, "the kill came after the render"
    run = dossier("verify", build)
    assert run.code == 0, run.text  # the outputs are those of the first build, whole
    for name in left:
        assert f"{build / name}: warning: {TEMPORARY}" in run.text
    for name, data in before.items():
        if name.endswith((".docx", ".pdf", ".html", "manifest.json")):
            assert (build / name).read_bytes() == data, f"{name} changed"
    assert dossier("build", base, "--out", build).code == 0
    assert temporaries(build) == []
    run = dossier("verify", build)
    assert run.code == 0 and "warning" not in run.text, run.text


def test_a_make_step_shares_the_folder(base: Path, tmp_path: Path) -> None:
    """Make's steps share the lock: one runs while another holds it shared
    (make -j), without a word about waiting."""
    build = tmp_path / "build"
    (build / "d").mkdir(parents=True)
    with (build / "d" / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_SH)  # a sibling step under make -j
        run = dossier("assemble", base, "--out", build, "--edition", "public", "--lang", "en")
    assert run.code == 0, run.text
    assert "waiting" not in run.text
    assert (build / "d" / ".stage" / "public.en.pickle").is_file()


@pytest.mark.slow
def test_two_makes_into_one_folder_at_once(base: Path, tmp_path: Path) -> None:
    """Before: one of the two failed in about half the rounds (the fixed
    name rules.mk.tmp, moved away by the other make)."""
    build = tmp_path / "build"
    args = ["make", "--no-print-directory", "-C", str(ROOT), "dossier"]
    args += [f"DOSSIER_DIR={base}", f"BUILD_DIR={build}"]
    procs = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]
    for proc in procs:
        out, _ = proc.communicate(timeout=900)
        assert proc.returncode == 0, out
    run = dossier("verify", build / "d")
    assert run.code == 0 and "14 outputs verified" in run.text, run.text
    assert temporaries(build) == []
