"""Nothing half-written: a build killed at any moment leaves each output
either as it was or complete, and the next `make dossier` finishes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from conftest import LETTER, ROOT


def complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None and "word/document.xml" in z.namelist()
    return True


@pytest.mark.parametrize("delay", [1.5, 5.0])
def test_killed_build_leaves_whole_files_and_make_finishes(delay: float, tmp_path: Path) -> None:
    folder = tmp_path / "letter"
    shutil.copytree(LETTER, folder)
    build = tmp_path / "build"
    args = ["make", "--no-print-directory", "-C", str(ROOT), "dossier"]
    args += [f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)  # make and every build it started, at once
    proc.wait(timeout=30)
    for output in build.glob("letter/*/letter.*"):
        assert complete(output), f"{output.name} is half-written"
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stderr
    outputs = sorted(build.glob("letter/*/letter.*"))
    assert len(outputs) == 21
    assert all(complete(p) for p in outputs)
    assert not list(build.glob("letter/*/.*.tmp"))
