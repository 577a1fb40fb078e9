"""Typst's root for one PDF (dossier.render.sandbox): the templates' Typst
files and copies of the images, nothing else; a Typst error traced back to
the dossier's raw Typst by the marks before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core import tree
from dossier.render import sandbox

SOURCE = """\
#import sys.inputs.un as un
= Title
// dossier-raw d/sections/en/a.md:12
#let x = 1
#oops
Some text /* dossier-raw d/sections/en/b.md:30 */#text(size:5pt)[#bad] here
"""


def error_at(line: int, file: str = "main.typ") -> str:
    return f"typst failed: unknown variable\nerror: unknown variable\n  ┌─ {file}:{line}:2\n"


@pytest.fixture
def main(tmp_path: Path) -> Path:
    path = tmp_path / "root" / "main.typ"
    path.parent.mkdir()
    path.write_text(SOURCE, encoding="utf-8")
    return path


def test_an_error_in_a_raw_block_names_its_line(main: Path) -> None:
    origin = sandbox.raw_origin(error_at(5), main, main.parent)
    assert origin == sandbox.RawOrigin("d/sections/en/a.md", 13, "unknown variable")


def test_an_error_in_raw_inline_typst_names_its_line(main: Path) -> None:
    origin = sandbox.raw_origin(error_at(6), main, main.parent)
    assert origin is not None and (origin.file, origin.line) == ("d/sections/en/b.md", 30)


def test_an_error_before_any_raw_typst_is_not_the_dossiers(main: Path) -> None:
    assert sandbox.raw_origin(error_at(1), main, main.parent) is None


def test_an_error_in_a_template_called_from_raw_typst(main: Path) -> None:
    origin = sandbox.raw_origin(error_at(40, "/templates/sc-letter/un.typ"), main, main.parent)
    assert origin is not None and (origin.file, origin.line) == ("d/sections/en/a.md", 12)


def test_no_raw_typst_no_origin(tmp_path: Path) -> None:
    main = tmp_path / "main.typ"
    main.write_text("= Title\n#oops\n", encoding="utf-8")
    assert sandbox.raw_origin(error_at(2), main, tmp_path) is None


def test_the_root_path_is_not_in_the_message(main: Path) -> None:
    message = f"typst failed: file not found (searched at {main.parent}/etc/passwd)\n"
    message += "  ┌─ main.typ:4:5\n"
    origin = sandbox.raw_origin(message, main, main.parent)
    assert origin is not None and origin.message == "file not found (searched at /etc/passwd)"


def test_the_root_holds_the_templates_and_copies_of_the_images(tmp_path: Path) -> None:
    root = sandbox.make_root(tmp_path)
    assert (root / "templates/sc-letter/un.typ").is_file()
    assert (root / "templates/ga-letter/letter.typ").is_file()
    assert not list(root.rglob("*.docx"))  # Typst's files only
    picture = tmp_path / "elsewhere" / "map.PNG"
    picture.parent.mkdir()
    picture.write_bytes(b"\x89PNG not really")
    blocks = [tree.para([image_of(picture), image_of(picture)])]
    sandbox.copy_images(blocks, root, {})
    targets = [n["c"][2][0] for n in tree.find(blocks, {"Image"})]
    assert targets == ["/images/1.png", "/images/1.png"]  # one copy of one file
    assert (root / "images/1.png").read_bytes() == picture.read_bytes()


def test_a_missing_image_is_said(tmp_path: Path) -> None:
    blocks = [tree.para([image_of(tmp_path / "gone.png")])]
    with pytest.raises(sandbox.MissingImage, match=r"gone\.png"):
        sandbox.copy_images(blocks, sandbox.make_root(tmp_path), {})


def image_of(path: Path) -> tree.Node:
    return {"t": "Image", "c": [tree.attr(), [], [str(path), ""]]}
