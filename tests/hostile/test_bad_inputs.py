"""Bad inputs: limits, broken files and a build folder that cannot be
written. Each ends in exit 2 with its message at its file and line, no
traceback, no "internal error", nothing new in the build folder, within a
time and memory cap (conftest's ``dossier()``)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile.conftest import (
    assert_clean_refusal,
    copy_example,
    dossier,
    files_under,
    found_in,
    outputs,
)

# Nine lists of nine of the one before: 9**9 strings once expanded.
NAMES = [f"x{i}" for i in range(10)]
BOMB = f"{NAMES[0]}: &{NAMES[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{NAMES[i + 1]}: &{NAMES[i + 1]} [{', '.join(['*' + NAMES[i]] * 9)}]\n" for i in range(8)
)
ALIASES = "YAML aliases (*x0) and anchors (&x0) are not allowed"
HINT_ALIASES = "(write the value out in full wherever it is used)"
NESTED = (
    "this is nested more than 16 levels deep (lists, block quotes and ::: divs inside each other) "
    "(write it flatter: a PDF cannot lay out much deeper)"
)
NOT_UTF8 = "this file is not UTF-8: byte 0xFF cannot be read"
LONG_LINE = (
    "this line is longer than 100,000 characters (break it into paragraphs (a blank line "
    "between them))"
)
WIDE = "this line has more than 200 '|': a table this wide cannot be printed"
NUL = "this file holds a NUL byte: it is not a text file, or it is damaged"
UNCLOSED = (
    "the front matter that starts here is never closed (end it with a line of three "
    "dashes '---' after its last 'key: value')"
)
NOT_A_MAPPING = "dossier.yaml must be a list of 'key: value' lines"
SECTION = "sections/en/01-overview.md"
RECORD = "evidence/ALD-2026-099.md"
TIMEOUT = 60
ENTRY = -1  # the line of the section's entry in dossier.yaml
DELETE = b"\0delete"

Content = str | bytes | Callable[[bytes], bytes]


def before(text: str | bytes) -> Callable[[bytes], bytes]:
    """The file with ``text`` put before what it holds."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return lambda old: data + old


def nested_list(levels: int) -> str:
    return "".join("  " * i + "- item\n" for i in range(levels))


@dataclass(frozen=True)
class Case:
    """Files written into the example's copy, and where and what the error is."""

    files: dict[str, Content | None]  # None: a folder in the file's place; DELETE: none
    where: str  # the file the message names
    line: int | None
    message: str


CASES: dict[str, Case] = {
    "alias bomb in dossier.yaml": Case(
        {"dossier.yaml": before(BOMB)}, "dossier.yaml", 1, f"{ALIASES} {HINT_ALIASES}"
    ),
    "alias bomb in evidence front matter": Case(
        {RECORD: f"---\n{BOMB}---\n\nText.\n"}, RECORD, 2, ALIASES
    ),
    "alias bomb in a section's front matter": Case(
        {SECTION: f"---\n{BOMB}---\n\n# Overview\n"}, SECTION, 2, ALIASES
    ),
    "alias bomb in sources.yaml": Case(
        {"sources.yaml": before("- &x0 {id: zz-a, title: A}\n- *x0\n")},
        "sources.yaml",
        1,
        ALIASES,
    ),
    "a plain anchor and alias": Case(
        {"dossier.yaml": before("x-a: &x0 1\nx-b: *x0\n")}, "dossier.yaml", 1, ALIASES
    ),
    "a key twice in dossier.yaml": Case(
        {"dossier.yaml": before("x-a: 1\nx-a: 2\n")},
        "dossier.yaml",
        2,
        "'x-a' is given twice: here and on line 1 (keep one (YAML would silently use the last))",
    ),
    "a key twice in front matter": Case(
        {RECORD: "---\nid: ALD-2026-099\ntitle: A\nid: ALD-2026-100\n---\n\nText.\n"},
        RECORD,
        4,
        "'id' is given twice: here and on line 2",
    ),
    "YAML nested 500 deep in front matter": Case(
        {SECTION: "---\nx: " + "[" * 500 + "]" * 500 + "\n---\n\n# Overview\n"},
        SECTION,
        2,
        "this YAML is nested more than 100 levels deep (write it flatter)",
    ),
    "a file just over limits.file_bytes": Case(
        {
            "dossier.yaml": before("limits: {file_bytes: 4096}\n"),
            SECTION: "# Overview\n\n" + "Words of the overview. " * 200 + "\n",
        },
        SECTION,
        None,
        "this file is larger than 4 KiB, the most a dossier's text file may be "
        "(split it into several files, or raise limits.file_bytes in dossier.yaml)",
    ),
    "a 10,000-level nested list": Case({SECTION: "- " * 10_000 + "x\n"}, SECTION, 1, NESTED),
    "a 1,000-level indented list": Case({SECTION: nested_list(1000)}, SECTION, 17, NESTED),
    "10,000 nested block quotes": Case({SECTION: ">" * 10_000 + " x\n"}, SECTION, 1, NESTED),
    "a paragraph of 1.6 million characters on one line": Case(
        {SECTION: "# Overview\n\n" + "word " * 320_000 + "\n"}, SECTION, 3, LONG_LINE
    ),
    "a table of 100,000 columns": Case(
        {SECTION: "# Overview\n\n|" + "a|" * 100_000 + "\n"}, SECTION, 3, LONG_LINE
    ),
    "a table of 300 columns": Case(
        {SECTION: "# Overview\n\n|" + "a|" * 300 + "\n|" + "-|" * 300 + "\n"}, SECTION, 3, WIDE
    ),
    "200 nested ::: divs": Case(
        {SECTION: "::: {.note}\n" * 200 + "x\n" + ":::\n" * 200}, SECTION, 17, NESTED
    ),
    "a limit of 8 on nesting": Case(
        {"dossier.yaml": before("limits: {nesting: 8}\n"), SECTION: nested_list(12)},
        SECTION,
        9,
        "this is nested more than 8 levels deep",
    ),
    "brackets left open": Case(
        {SECTION: "# Overview\n\n" + "[" * 1000 + "x\n"},
        SECTION,
        3,
        "brackets '[' are nested (or left open) more than 6 deep here",
    ),
    "emphasis 60 deep": Case(
        {SECTION: "*_" * 30 + "x" + "_*" * 30 + "\n"},
        SECTION,
        None,
        "this file nests too deeply to be read (emphasis, links, spans or HTML elements "
        "inside each other)",
    ),
    "emphasis 3,000 deep": Case(
        {SECTION: "*_" * 3000 + "x" + "_*" * 3000 + "\n"},
        SECTION,
        None,
        "this file nests too deeply to be read (emphasis, links, spans or HTML elements "
        "inside each other)",
    ),
    "invalid UTF-8 in a section": Case(
        {SECTION: b"# Overview\n\nFine.\n\xff\xfe\n"}, SECTION, 4, NOT_UTF8
    ),
    "invalid UTF-8 in dossier.yaml": Case(
        {"dossier.yaml": before(b"# caf\xff\n")}, "dossier.yaml", 1, NOT_UTF8
    ),
    "invalid UTF-8 in an evidence record": Case(
        {RECORD: b"---\nid: ALD-2026-099\ntitle: caf\xff\n---\n"}, RECORD, 3, NOT_UTF8
    ),
    "a NUL byte": Case({SECTION: "# Overview\n\nText\0more.\n"}, SECTION, 3, NUL),
    "unclosed front matter in a section": Case(
        {SECTION: "---\nclassification: public\n\n# Overview\n\nText.\n"}, SECTION, 1, UNCLOSED
    ),
    "unclosed front matter in an evidence record": Case(
        {RECORD: "---\nid: ALD-2026-099\ntitle: A\n"}, RECORD, 1, UNCLOSED
    ),
    "front matter that is a list": Case(
        {SECTION: "---\n- a\n- b\n---\n\n# Overview\n"},
        SECTION,
        2,
        "the front matter must be 'key: value' lines",
    ),
    "an empty dossier.yaml": Case({"dossier.yaml": ""}, "dossier.yaml", 1, NOT_A_MAPPING),
    "a dossier.yaml that is a scalar": Case(
        {"dossier.yaml": "just some text\n"}, "dossier.yaml", 1, NOT_A_MAPPING
    ),
    "a tab in dossier.yaml's indentation": Case(
        {"dossier.yaml": before("x-a:\n\ty: 1\n")},
        "dossier.yaml",
        2,
        "this is not valid YAML: found character '\\t' that cannot start any token",
    ),
    "a missing section file": Case(
        {SECTION: DELETE}, "dossier.yaml", ENTRY, "section '01-overview' has no file"
    ),
    "a 9 MiB dossier.yaml": Case(
        {"dossier.yaml": lambda old: old + b"# padding\n" * 943_719},
        "dossier.yaml",
        None,
        "this file is larger than 8 MiB, the most a dossier's text file may be",
    ),
    "a key twice in sources.yaml": Case(
        {"sources.yaml": before("- id: zz-a\n  title: A\n  title: B\n")},
        "sources.yaml",
        3,
        "'title' is given twice: here and on line 2",
    ),
    "a section file that is a folder": Case(
        {SECTION: None}, "dossier.yaml", ENTRY, "section '01-overview' has no file"
    ),
}


def write(base: Path, files: dict[str, Content | None]) -> None:
    for name, content in files.items():
        path = base / name
        if content is None or content == DELETE:
            path.unlink()
            if content is None:
                path.mkdir()
            continue
        if callable(content):
            content = content(path.read_bytes())
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@pytest.mark.bad_input
@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_input_is_refused_clearly(name: str, base: Path, tmp_path: Path) -> None:
    case = CASES[name]
    write(base, case.files)
    build = tmp_path / "build"
    build.mkdir()
    started = time.monotonic()
    run = dossier("build", base, "--out", build, timeout=TIMEOUT)
    assert time.monotonic() - started < TIMEOUT
    where = base / case.where
    line = case.line
    if line == ENTRY:
        line = where.read_text(encoding="utf-8").split("\n").index("  - 01-overview") + 1
    prefix = f"{where}:{line}" if line else f"{where}"
    assert_clean_refusal(run, f"{prefix}: error: {case.message}")
    assert files_under(build) == set()


@pytest.mark.bad_input
def test_a_50_mb_markdown_file_is_refused_before_it_is_read(base: Path, tmp_path: Path) -> None:
    section = base / SECTION
    with section.open("w", encoding="utf-8") as f:
        for _ in range(50):
            f.write("A sentence of the overview, again and again. " * 23_000 + "\n\n")
    assert section.stat().st_size > 50_000_000
    build = tmp_path / "build"
    started = time.monotonic()
    for command in (["check", base], ["build", base, "--out", build]):
        run = dossier(*command, timeout=TIMEOUT)
        assert_clean_refusal(run, "this file is larger than 8 MiB")
    assert time.monotonic() - started < 20  # read, it took minutes and 12 GB
    assert files_under(build) == set()


@pytest.mark.bad_input
def test_a_build_folder_under_a_file_is_refused(base: Path, tmp_path: Path) -> None:
    """A path that cannot be a folder: the same refusal a full disk or a
    read-only folder gets (exit 2, the path and the reason, a hint)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    run = dossier("build", base, "--out", blocker / "build", timeout=TIMEOUT)
    assert_clean_refusal(
        run,
        f"cannot write {blocker / 'build' / 'd'}: Not a directory (a part of that path is a file, "
        "not a folder: build elsewhere with --out)",
    )
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.bad_input
@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through a read-only mode")
def test_a_read_only_build_folder_is_refused(base: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    build.chmod(0o555)
    try:
        run = dossier("build", base, "--out", build, timeout=TIMEOUT)
    finally:
        build.chmod(0o755)
    assert_clean_refusal(run, f"cannot write {build / 'd'}: Permission denied")
    assert files_under(build) == set()


@pytest.mark.bad_input
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")
def test_a_build_folder_on_a_read_only_disk_is_refused(base: Path, tmp_path: Path) -> None:
    """As root, a read-only mode is no obstacle: a read-only file system is."""
    build = tmp_path / "build"
    build.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(build)]
    if subprocess.run(mount, capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a read-only file system here")
    try:
        run = dossier("build", base, "--out", build, timeout=TIMEOUT)
        assert files_under(build) == set()
    finally:
        subprocess.run(["umount", str(build)], check=True)
    assert_clean_refusal(
        run,
        f"cannot write {build / 'd'}: Read-only file system (the disk is read-only: "
        "build elsewhere with --out)",
    )


# ---- what must keep working ---------------------------------------------------------

CANARY = "Quillfeather marmalade protocol seventeen"


@pytest.fixture(scope="module")
def odd_but_fine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A dossier with a BOM before a confidential section's front matter
    (and before dossier.yaml and a record's), and CRLF line ends in a
    section and a record, built once."""
    base = copy_example(tmp_path_factory.mktemp("odd") / "d")
    # the conclusions: no sentence of theirs is in a public section (the
    # overview's are in the letter, which the leak check would refuse)
    section = base / "sections/en/04-conclusions.md"
    body = section.read_text(encoding="utf-8")
    overview = base / "sections/en/01-overview.md"  # a reference the public edition would lose
    overview.write_text(
        overview.read_text(encoding="utf-8").replace("[](#conclusions)", "section VIII"),
        encoding="utf-8",
    )
    marked = f"---\nclassification: confidential\n---\n\n{body}\n{CANARY}.\n"
    section.write_bytes(b"\xef\xbb\xbf" + marked.encode("utf-8"))
    for name in ("sections/en/03-area.md", "evidence/ALD-2026-001.md"):
        path = base / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    for name in ("dossier.yaml", "evidence/ALD-2026-002.md"):
        path = base / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    build = base.parent / "build"
    run = dossier("build", base, "--out", build)
    assert run.code == 0, run.text
    return base, build


@pytest.mark.leak_vector
def test_a_bom_does_not_hide_front_matter(odd_but_fine: tuple[Path, Path]) -> None:
    _, build = odd_but_fine
    assert found_in(outputs(build, "public"), CANARY) == []
    # the three formats, and the package's letter (DOCX, PDF) and Secretariat's file
    assert len(found_in(outputs(build, "internal"), CANARY)) == 6


def test_crlf_and_a_bom_are_still_read(odd_but_fine: tuple[Path, Path]) -> None:
    _, build = odd_but_fine
    public = outputs(build, "public")
    # in the three formats and the package's three documents
    assert len(found_in(public, "Attack on the village of Kellbrook")) == 6  # CRLF
    assert len(found_in(public, "Attack on the Tarn Pass border post")) == 6  # a BOM
    run = dossier("verify", build)
    assert run.code == 0, run.text


@pytest.mark.bad_input
def test_a_failed_render_leaves_the_edition_as_it_was(base: Path, tmp_path: Path) -> None:
    """The PDF fails (a character no font has) after the DOCX was written:
    no DOCX of the failed run is left, with or without a manifest."""
    build = tmp_path / "build"
    assert dossier("build", base, "--out", build).code == 0
    before = {name: (build / name).read_bytes() for name in files_under(build)}
    with (base / SECTION).open("a", encoding="utf-8") as f:
        f.write("\nThe sign \U00012000 is old.\n")
    run = dossier("build", base, "--out", build, timeout=TIMEOUT)
    assert_clean_refusal(run, "U+12000 CUNEIFORM SIGN A")
    assert {name: (build / name).read_bytes() for name in files_under(build)} == before
    run = dossier("verify", build)
    assert run.code == 0, run.text
