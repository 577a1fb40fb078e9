"""Make is the front door: `make dossier` builds every edition, language and
format; a second run does no work; an edit rebuilds exactly the versions
that show what changed, and leaves the other files' bytes and times alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT

LANGS = ["ar", "en", "es", "fr", "ru", "ur", "zh"]


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    work = tmp_path_factory.mktemp("make")
    folder = work / "example"
    shutil.copytree(EXAMPLE, folder)
    build = work / "build"
    vars_ = [f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}"]
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    return folder, build, vars_


def state(build: Path) -> dict[str, tuple[int, bytes]]:
    """Every output: its modification time and its bytes."""
    return {
        str(p.relative_to(build)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(build.glob("example/*/example.*.*"))
    }


def touch_later(path: Path, text: str) -> None:
    """Edit a source now. Not in the future: a source dated ahead of the clock
    stays newer than the outputs a fast build writes before that date, and the
    next `make` would rebuild them again (as CI once saw)."""
    path.write_text(path.read_text() + text)
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def changed(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]) -> set[str]:
    return {name for name in after if after[name][0] != before[name][0]}


def test_make_dossier_writes_every_edition_language_and_format(
    built: tuple[Path, Path, list[str]],
) -> None:
    _, build, _ = built
    public = sorted(p.name for p in (build / "example/public").glob("example.*"))
    assert public == [f"example.{lang}.{ext}" for lang in LANGS for ext in ("docx", "html", "pdf")]
    internal = sorted(p.name for p in (build / "example/internal").glob("example.*"))
    assert internal == ["example.en.docx", "example.en.html", "example.en.pdf"]
    rules = (build / "example/rules.mk").read_text()
    assert "templates/sc-letter/letter.css" in rules
    read = (build / "example/.stage/public.fr.d").read_text()  # the step's depfile
    assert "sections/fr/02-incidents.md" in read
    assert "figures/northern-marches.png" in read


def test_second_make_does_nothing(built: tuple[Path, Path, list[str]]) -> None:
    _, build, vars_ = built
    before = state(build)
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    assert "Nothing to be done for 'dossier'" in proc.stdout
    assert "dossier build" not in proc.stdout
    assert state(build) == before


def test_editing_one_section_of_one_language_rebuilds_that_language(
    built: tuple[Path, Path, list[str]],
) -> None:
    folder, build, vars_ = built
    before = state(build)
    touch_later(folder / "sections/fr/03-area.md", "\nUne phrase ajoutée.\n")
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    after = state(build)
    assert changed(before, after) == {
        f"example/public/example.fr.{x}" for x in ("docx", "html", "pdf")
    }
    assert "Une phrase ajoutée." in (build / "example/public/example.fr.html").read_text()
    for name in set(after) - changed(before, after):
        assert after[name][1] == before[name][1]


def test_editing_a_restricted_record_rebuilds_only_the_internal_edition(
    built: tuple[Path, Path, list[str]],
) -> None:
    folder, build, vars_ = built
    before = state(build)
    record = (build / "example/public/manifest.json").read_text(encoding="utf-8")
    touch_later(folder / "evidence/ALD-2026-006.md", "\nA second patrol confirmed it.\n")
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    # The public steps read the record too (they withhold it, and scan their
    # outputs for its text): they run, scan and record anew, and render nothing.
    assert "--edition public --lang fr" in proc.stdout
    assert (build / "example/public/manifest.json").read_text(encoding="utf-8") != record
    verify = subprocess.run(
        [str(ROOT / ".venv/bin/dossier"), "verify", str(build / "example")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert changed(before, state(build)) == {
        f"example/internal/example.en.{x}" for x in ("docx", "html", "pdf")
    }


def test_deleting_a_record_rebuilds_what_showed_it(built: tuple[Path, Path, list[str]]) -> None:
    """A record withdrawn from the dossier leaves the outputs that showed it.
    The deleted file is in the depfile of every step that read it, with an
    empty rule: the steps run again (before the fix nothing was rebuilt,
    and the internal edition went on showing it)."""
    folder, build, vars_ = built
    record = folder / "evidence/ALD-2026-006.md"
    kept = record.read_text(encoding="utf-8")
    html = build / "example/internal/example.en.html"
    assert "Halden Ford" in html.read_text(encoding="utf-8")
    before = state(build)
    record.unlink()
    try:
        proc = make("dossier", *vars_)
        assert proc.returncode == 0, proc.stderr
        assert changed(before, state(build)) == {
            f"example/internal/example.en.{x}" for x in ("docx", "html", "pdf")
        }
        assert "Halden Ford" not in html.read_text(encoding="utf-8")
        assert "Nothing to be done" in make("dossier", *vars_).stdout
    finally:
        record.write_text(kept, encoding="utf-8")
        assert make("dossier", *vars_).returncode == 0
    assert "Halden Ford" in html.read_text(encoding="utf-8")


def test_a_template_of_one_format_rebuilds_that_format_only(
    built: tuple[Path, Path, list[str]],
) -> None:
    """Each format is its own target, made from the language's stage: the
    HTML stylesheet rebuilds every HTML and nothing else."""
    _, build, vars_ = built
    before = state(build)
    css = ROOT / "templates/sc-letter/letter.css"
    now = time.time_ns()
    os.utime(css, ns=(now, now))
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    assert "dossier assemble" not in proc.stdout
    assert changed(before, state(build)) == {name for name in before if name.endswith(".html")}


def test_a_new_file_remakes_the_rules(built: tuple[Path, Path, list[str]]) -> None:
    folder, build, vars_ = built
    rules = build / "example/rules.mk"
    stamp = rules.stat().st_mtime_ns
    extra = folder / "figures/unused.png"
    shutil.copy(folder / "figures/northern-marches.png", extra)
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    assert rules.stat().st_mtime_ns > stamp
    assert "figures/unused.png" in rules.read_text()
    extra.unlink()
    assert make("dossier", *vars_).returncode == 0


def test_new_code_makes_the_rules_anew(built: tuple[Path, Path, list[str]]) -> None:
    """A build folder made by older code must not keep its rules (those of
    before the list of inputs would keep the deleted-record defect)."""
    _, _, vars_ = built
    code = ROOT / "src/dossier/pipeline/makerules.py"
    kept = code.stat()
    now = time.time_ns()
    os.utime(code, ns=(now, now))
    try:
        proc = make("-n", "dossier", *vars_)
        assert proc.returncode == 0, proc.stderr
        assert "dossier rules" in proc.stdout
    finally:
        os.utime(code, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert "Nothing to be done" in make("dossier", *vars_).stdout


def test_deleted_output_is_rebuilt(built: tuple[Path, Path, list[str]]) -> None:
    _, build, vars_ = built
    html = build / "example/public/example.es.html"
    html.unlink()
    proc = make("dossier", *vars_)
    assert proc.returncode == 0, proc.stderr
    assert html.exists()


def test_bad_input_fails_make_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(EXAMPLE, folder)
    manifest = folder / "dossier.yaml"
    manifest.write_text(manifest.read_text().replace("date: 2026-11-27", "date: 2026-02-30"))
    build = tmp_path / "build"
    proc = make("dossier", f"DOSSIER_DIR={folder}", f"BUILD_DIR={build}")
    assert proc.returncode != 0
    assert "dossier.yaml:6: error: '2026-02-30' is not a valid date" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(build.glob("**/example.*"))


def test_cli_with_a_relative_build_folder(tmp_path: Path) -> None:
    """`make dossier` passes `--out build`: paths relative to the working
    directory must reach every renderer (charts are files under build/)."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    proc = subprocess.run(
        [str(ROOT / ".venv/bin/dossier"), "build", "example", "--out", "build", "--lang", "en"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "build/example/public/example.en.pdf").stat().st_size > 10_000


def make_rules_once(vars_: list[str]) -> None:
    """`make -n dossier` makes the rules (they are a makefile) and no output;
    a second one finds them up to date. Before a fix, the rules of some
    dossiers never were: Make made them again on every read, for ever."""
    first = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "-n", "dossier", *vars_],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("dossier rules") <= 1
    again = make("-n", "dossier", *vars_)
    assert again.returncode == 0, again.stderr
    assert "dossier rules" not in again.stdout
    assert "dossier assemble" in again.stdout  # nothing was built


def test_a_dossier_given_by_an_absolute_or_dotted_path_makes_its_rules_once() -> None:
    """Make compares the listing of the dossier's files with the one the
    rules were made from: the rules named a file under the working
    directory by its relative path, Make by the path it was given."""
    work = ROOT / "build" / f"test-make-{os.getpid()}"
    folder = work / "example"
    shutil.copytree(EXAMPLE, folder)
    try:
        for given in (str(folder), f"./{folder.relative_to(ROOT)}"):
            make_rules_once([f"DOSSIER_DIR={given}", f"BUILD_DIR={work / 'build'}"])
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.parametrize("name", ["map of the north.png", "c$d#e.png"])
def test_a_file_named_with_a_space_or_a_sign_makes_the_rules_once(
    tmp_path: Path, name: str
) -> None:
    """A drafter's "map of the north.png": Make's listing splits the name
    in two words, and so must the rules' listing."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(folder / "figures/northern-marches.png", folder / "figures" / name)
    make_rules_once([f"DOSSIER_DIR={folder}", f"BUILD_DIR={tmp_path / 'build'}"])


@pytest.mark.parametrize("var", ["DOSSIER_DIR", "BUILD_DIR"])
def test_a_folder_path_with_a_space_is_refused_with_what_to_do(tmp_path: Path, var: str) -> None:
    """Make cannot name files under such a folder: it stopped with "No rule
    to make target '.../My'"; it now says what is wrong and how to fix it."""
    folder = tmp_path / "My Dossiers" / "example"
    shutil.copytree(EXAMPLE, folder)
    given = {"DOSSIER_DIR": str(folder), "BUILD_DIR": str(tmp_path / "build")}
    if var == "BUILD_DIR":
        given = {"DOSSIER_DIR": str(EXAMPLE), "BUILD_DIR": str(tmp_path / "my build")}
    proc = make("dossier", *(f"{k}={v}" for k, v in given.items()))
    assert proc.returncode == 2
    assert f'{var} "{given[var]}": Make cannot build' in proc.stderr
    assert "without spaces" in proc.stderr
    assert not (tmp_path / "build").exists()
    assert not (tmp_path / "my build").exists()
