"""The one reader of a dossier's text files, and the nesting check before
pandoc: what they let through unchanged, and where they stop."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core.diagnostics import DossierError
from dossier.core.limits import Limits
from dossier.core.sourcefile import ast_depth, check_nesting, read_source


def refusal(fn: object, *args: object) -> str:
    with pytest.raises(DossierError) as got:
        fn(*args)  # type: ignore[operator]
    [diagnostic] = got.value.diagnostics
    return str(diagnostic)


def test_line_ends_and_a_bom_read_as_path_read_text_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\nx: 1\r\n---\r\nold Mac\rline\n")
    assert read_source(path) == "---\nx: 1\n---\nold Mac\nline\n"


def test_bad_bytes_are_named_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"one\ntwo \xc3\n")
    assert refusal(read_source, path) == (
        f"{path}:2: error: this file is not UTF-8: byte 0xC3 cannot be read "
        "(save it as UTF-8 (in most editors: Save As, encoding UTF-8))"
    )
    path.write_bytes(b"one\n\ntwo\0\n")
    assert refusal(read_source, path).startswith(f"{path}:3: error: this file holds a NUL byte")


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 2048)
    assert read_source(path, Limits(file_bytes=2048)) == "x" * 2048
    path.write_bytes(b"x" * 2049)
    assert refusal(read_source, path, Limits(file_bytes=2048)) == (
        f"{path}: error: this file is larger than 2 KiB, the most a dossier's text file "
        "may be (split it into several files, or raise limits.file_bytes in dossier.yaml)"
    )
    assert refusal(read_source, tmp_path).endswith(
        "this is a folder, not a file (give the path of a file)"
    )
    assert "file not found" in refusal(read_source, tmp_path / "missing.md")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("".join("  " * i + "- x\n" for i in range(20)), 17),
        ("\n\n" + "> " * 17 + "x\n", 3),
        ("::: a\n" * 10 + "> " * 7 + "x\n", 11),
        ("text\n" + "\t" * 9 + "- x\n", 2),
    ],
)
def test_nesting_is_refused_at_the_first_line_too_deep(text: str, line: int) -> None:
    message = refusal(check_nesting, text, Path("a.md"), 16)
    assert message.startswith(f"a.md:{line}: error: this is nested more than 16 levels deep")


@pytest.mark.parametrize(
    "text",
    [
        "```\n" + "".join("  " * i + "- x\n" for i in range(40)) + "```\n",  # code
        "::: a\n:::\n" * 100,  # divs one after the other
        "[a] [b] [[c]] \\[\\[\\[\\[\\[\\[\\[x\n",  # escaped brackets
        "[[[[[[\n\n[[[[[[x\n",  # a paragraph ends, its open brackets with it
        "* * *\n- - -\n1. 2. 3. x\n",
    ],
)
def test_what_does_not_nest_passes(text: str) -> None:
    check_nesting(text, Path("a.md"), 16)


def test_brackets_nested_past_pandocs_threshold() -> None:
    assert refusal(check_nesting, "x\n" + "[" * 7 + "y" + "]" * 7, Path("a.md"), 16) == (
        "a.md:2: error: brackets '[' are nested (or left open) more than 6 deep here "
        "(close each '[' with its ']', or write '\\[' for a bracket of the text)"
    )


def test_ast_depth_without_recursion() -> None:
    deep: dict[str, object] = {"t": "Str", "c": "x"}
    for _ in range(5000):
        deep = {"t": "Emph", "c": [deep]}
    assert ast_depth([{"t": "Para", "c": [deep]}]) == 5001
