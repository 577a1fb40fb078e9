"""Make's inputs of an assemble step are the files that step read.

The step writes them itself, as a depfile (``.stage/<edition>.<lang>.d``).
Here the step runs under an audit hook that records every file of the
dossier it opens; the depfile must name exactly those, and Make must run the
step again when any one of them is newer or gone, and for no other file of
the dossier. The public edition's step reads the restricted records too (it
withholds them, and fingerprints their text to scan its outputs): they are
its inputs, and a change to one runs its step again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT

# (edition, language): the public edition's step, and the internal one's
STEPS = [("public", "fr"), ("internal", "en")]

TRACE = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path

    folder = Path(sys.argv[1]).resolve()
    opened = set()

    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path.startswith(f"{folder}{os.sep}"):
                opened.add(path)

    sys.addaudithook(hook)
    from dossier.cli import main

    main(sys.argv[3:], standalone_mode=False)
    Path(sys.argv[2]).write_text(json.dumps(sorted(opened)))
    """
)


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def prerequisites(depfile: Path) -> tuple[str, list[str]]:
    """The target of a depfile and its prerequisites (no name in the
    example has a space)."""
    rule = depfile.read_text(encoding="utf-8").split("\n\n")[0].replace("\\\n", " ")
    target, _, needs = rule.splitlines()[0].partition(":")
    return target, needs.split()


@pytest.fixture(scope="module")
def stepped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, set[Path]]]:
    """The example's rules made, and the two steps run under the hook:
    what each opened, by its depfile's path."""
    work = tmp_path_factory.mktemp("depfile")
    folder = work / "example"
    shutil.copytree(EXAMPLE, folder)
    build = work / "build"
    proc = make("-n", "dossier", f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}")
    assert proc.returncode == 0, proc.stderr
    opened: dict[str, set[Path]] = {}
    for edition, lang in STEPS:
        trace = work / f"{edition}.{lang}.json"
        args = ["assemble", str(folder), "--out", str(build), "--edition", edition]
        run = subprocess.run(
            [sys.executable, "-c", TRACE, str(folder), str(trace), *args, "--lang", lang],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert run.returncode == 0, run.stderr
        opened[f"{edition}.{lang}"] = {Path(p) for p in json.loads(trace.read_text())}
    return folder, build, opened


def question(build: Path, target: str) -> int:
    """0 when Make finds ``target`` up to date, 1 when it would make it."""
    rules = build / "example/rules.mk"
    return make("-q", "-f", str(rules), target).returncode


@pytest.mark.parametrize("step", [f"{e}.{lang}" for e, lang in STEPS])
def test_the_depfile_names_what_the_step_read(
    stepped: tuple[Path, Path, dict[str, set[Path]]], step: str
) -> None:
    folder, build, opened = stepped
    target, needs = prerequisites(build / f"example/.stage/{step}.d")
    named = {Path(n).resolve() for n in needs if Path(n).resolve().is_relative_to(folder)}
    assert named == opened[step]
    assert folder / "dossier.yaml" in named
    assert Path(target) == build / f"example/.stage/{step}.withheld.pickle"


@pytest.mark.parametrize("step", [f"{e}.{lang}" for e, lang in STEPS])
def test_make_redoes_the_step_for_what_it_read_and_nothing_else(
    stepped: tuple[Path, Path, dict[str, set[Path]]], step: str
) -> None:
    folder, build, opened = stepped
    target = str(build / f"example/.stage/{step}.withheld.pickle")
    assert question(build, target) == 0
    later = Path(target).stat().st_mtime_ns + 5_000_000_000
    redone, kept = set(), set()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        before = path.stat()
        os.utime(path, ns=(later, later))
        try:
            (redone if question(build, target) == 1 else kept).add(path)
        finally:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert redone == opened[step]
    assert kept  # other languages' texts at least
    if step == "public.fr":
        assert folder / "sections/es/03-area.md" in kept
        assert folder / "evidence/ALD-2026-006.md" in redone  # restricted: withheld, scanned
        assert folder / "figures/fr/northern-marches.png" in redone  # French's own sketch map
        assert folder / "figures/es/northern-marches.png" in kept


def test_a_deleted_input_redoes_the_step(
    stepped: tuple[Path, Path, dict[str, set[Path]]],
) -> None:
    """The depfile's empty rules: Make redoes the step (which says what is
    missing) instead of stopping at 'No rule to make target'."""
    folder, build, _ = stepped
    section = folder / "sections/fr/03-area.md"
    kept = section.read_bytes()
    section.unlink()
    try:
        target = str(build / "example/.stage/public.fr.withheld.pickle")
        assert question(build, target) == 1
    finally:
        section.write_bytes(kept)


def test_a_new_file_redoes_every_step(
    stepped: tuple[Path, Path, dict[str, set[Path]]],
) -> None:
    """No depfile can name a file that did not exist: a new incident record
    must be read by every step that may show it. The rules are made anew
    when the dossier's listing changes, and every step depends on it."""
    folder, build, _ = stepped
    vars_ = [f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}"]
    extra = folder / "evidence/ALD-2026-099.md"
    record = (folder / "evidence/ALD-2026-006.md").read_text(encoding="utf-8")
    extra.write_text(record.replace("ALD-2026-006", "ALD-2026-099"), encoding="utf-8")
    try:
        proc = make("-n", "dossier", *vars_)
        assert proc.returncode == 0, proc.stderr
        for edition, lang in STEPS:
            assert f"--edition {edition} --lang {lang}" in proc.stdout
    finally:
        extra.unlink()
        assert make("-n", "dossier", *vars_).returncode == 0
