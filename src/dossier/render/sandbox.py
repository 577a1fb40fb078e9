"""The folder Typst sees as its root ("/"), made afresh for each PDF and
holding only what the document needs: the Typst files of the templates
(``templates/<kind>/*.typ``: the kinds import one another), the document's
source, and copies of its images (``images/1.png``...). Typst reads nothing
outside its root, so raw Typst that calls ``read("/etc/passwd")`` finds no
such file; the fonts are found apart (``font_paths``). No package either:
Typst's package folders are an empty path in the root, and its process has
no network (:data:`NO_NETWORK`).

A Typst error in raw Typst of the dossier (allowed by ``allow_raw``) is the
dossier's mistake: :func:`raw_origin` finds the file and line of the raw
Typst it comes from, by the marks :mod:`dossier.check.confine` put before it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.check.confine import RAW_MARK
from dossier.core import tree
from dossier.core.templates import templates_root

TEMPLATES = "templates"
IMAGES = "images"
LIBRARY = "un.typ"
# A block's mark is a line of its own; an inline's a comment before it.
_MARK = re.compile(rf"^// {RAW_MARK} (.+):(\d+)$|/\* {RAW_MARK} (.+?):(\d+) \*/")
# Typst downloads the packages a source imports (#import "@preview/..."):
# its process goes through a proxy that refuses every connection (the
# discard port of this machine), so that raw Typst loads nothing.
_REFUSING_PROXY = "http://127.0.0.1:9"
NO_NETWORK = {
    name: _REFUSING_PROXY
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")
} | {"NO_PROXY": "", "no_proxy": ""}
# Where Typst says an error is: "┌─ main.typ:12:5".
_AT = re.compile(r"┌─ (\S+?):(\d+):\d+")


class MissingImage(FileNotFoundError):
    """An image of the document is not there."""


def make_root(tmp: Path) -> Path:
    """A fresh folder under ``tmp`` holding the templates' Typst files."""
    root = tmp / "root"
    source = templates_root()
    for file in sorted(source.glob("*/*.typ")):
        target = root / TEMPLATES / file.parent.name / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    return root


def library(folder: Path) -> str:
    """The root's path of the library of the template folder ``folder``."""
    return f"/{TEMPLATES}/{folder.name}/{LIBRARY}"


def copy_images(blocks: list[Any], root: Path, copied: dict[str, str]) -> None:
    """Copy every image of ``blocks`` into ``root`` and point the image at
    the copy (in place: ``blocks`` must be the caller's own). ``copied``:
    the copies made so far (source -> root path), shared by the calls of
    one document."""

    def visit(node: tree.Node) -> None:
        if node["t"] != "Image":
            return None
        source = tree.target_of(node)
        if source not in copied:
            path = Path(source)
            if not path.is_file():
                raise MissingImage(f"image {source} not found")
            name = f"{len(copied) + 1}{path.suffix.lower()}"
            target = root / IMAGES / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied[source] = f"/{IMAGES}/{name}"
        tree.set_target(node, copied[source])
        return None

    tree.replace_nodes(blocks, visit)


@dataclass(frozen=True)
class RawOrigin:
    """Where raw Typst that Typst refused comes from."""

    file: str
    line: int | None
    message: str


def raw_origin(message: str, main: Path, root: Path) -> RawOrigin | None:
    """The file and line of the dossier's raw Typst that Typst's error
    ``message`` (compiling ``main``) points at: the last mark before the
    error's line in ``main``; the first mark when the error is in another
    file (a function of the template that raw Typst called). None when
    ``main`` holds no raw Typst of the dossier, or the error comes before
    the first: not the dossier's."""
    try:
        lines = main.read_text(encoding="utf-8").split("\n")
    except OSError:
        return None
    marks = [(i + 1, m) for i, text in enumerate(lines) for m in _MARK.finditer(text)]
    if not marks:
        return None
    at = next((int(m.group(2)) for m in _AT.finditer(message) if _same(m.group(1), main)), None)
    before = [(n, m) for n, m in marks if at is not None and n <= at]
    if at is not None and not before:
        return None  # before any raw Typst: the template's error, not the dossier's
    number, mark = before[-1] if before else marks[0]
    block = mark.group(1) is not None
    file, first = (mark.group(1), mark.group(2)) if block else (mark.group(3), mark.group(4))
    line = int(first) or None
    if line is not None and at is not None and before:
        # the raw text begins on the line after a block's mark, on an inline's
        line += at - number - (1 if block else 0)
    return RawOrigin(file, line, clean_message(message, root))


def _same(name: str, main: Path) -> bool:
    return Path(name).name == main.name


def clean_message(message: str, root: Path) -> str:
    """Typst's first line, without the prefix and the root's own path."""
    first = message.strip().split("\n")[0].removeprefix("typst failed: ")
    return first.replace(str(root), "")
