"""A content-addressed cache of the PDFs of a document's parts.

A long PDF is compiled in parts (:mod:`dossier.render.parts`). The part's
PDF, and what Typst reported of it, depend only on what Typst read: the
part's Typst source and inputs, the files of its root it names (the
templates' library, its images), the fonts and Typst itself. That is the
key (:func:`key`); a rebuild after an edit compiles again only the parts
whose key changed and copies the others, byte for byte, from the cache.

The cache is a plain folder of files named by their key, like ccache's:
``DOSSIER_PDF_CACHE`` names it (a CI cache, a network share: any machine
with the same fonts and Typst finds the same keys), ``off`` turns it off,
and by default it is ``pdf-parts`` under the per-user cache folder. Entries
not read for CACHE_DAYS are deleted, and the least recently read beyond
CACHE_BYTES, once a day.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import math
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs

from dossier.render import sandbox

VARIABLE = "DOSSIER_PDF_CACHE"
OFF = "off"
# Bump when what a part's PDF depends on changes in a way the key misses.
FORMAT = "1"
CACHE_DAYS = 30
CACHE_BYTES = 4 * 1024**3
DAY = 24 * 3600
PRUNED = ".pruned"
# An image of the root, as the Typst source names it (sandbox.copy_images).
IMAGE = re.compile(rf'"(/{sandbox.IMAGES}/[^"/]+)"')
# What compiles a part: typst_run.compile_file's arguments, what it found.
Compile = Callable[[dict[str, Any]], dict[str, Any]]


def folder() -> Path | None:
    """The cache's folder (None: off)."""
    value = os.environ.get(VARIABLE, "").strip()
    if value.lower() == OFF:
        return None
    if value:
        return Path(value)
    return platformdirs.user_cache_path("dossier", appauthor=False) / "pdf-parts"


def cached(run: Compile, where: Path | None) -> Compile:
    """``run`` with the cache in ``where``: a part whose key is there is
    copied from it, another compiled and stored."""
    if where is None:
        return run
    prune_if_due(where)

    def through_cache(args: dict[str, Any]) -> dict[str, Any]:
        entry = where / key(args)
        pdf, found = entry.with_suffix(".pdf"), entry.with_suffix(".json")
        try:
            result: dict[str, Any] = json.loads(found.read_text(encoding="utf-8"))
            shutil.copyfile(pdf, args["out"])
            os.utime(found)  # read: kept by the pruning
            return result
        except (FileNotFoundError, ValueError):
            pass
        result = run(args)
        store(where, pdf, Path(args["out"]), json.dumps(result))
        return result

    return through_cache


def key(args: dict[str, Any]) -> str:
    """The SHA-256 of what Typst reads to compile ``args``: the main file's
    text, every argument but the paths (the root is a fresh folder each
    time), the root's files it names (its images) and the templates'
    library, the fonts, Typst's version and :data:`FORMAT`."""
    root = Path(args["root"])
    text = Path(args["main"]).read_text(encoding="utf-8")
    h = hashlib.sha256()
    fixed = {k: v for k, v in args.items() if k not in {"main", "out", "root"}}
    fixed["main"] = Path(args["main"]).relative_to(root).as_posix()
    h.update(json.dumps(fixed, sort_keys=True).encode())
    h.update(f"\0{typst_version()}\0{FORMAT}\0{fonts(tuple(args['font_paths']))}\0".encode())
    h.update(text.encode())
    read = sorted(root.joinpath(sandbox.TEMPLATES).rglob("*"))
    read += [root / name.lstrip("/") for name in sorted(set(IMAGE.findall(text)))]
    for path in read:
        if path.is_file():
            h.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
            h.update(file_digest(path).encode())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@functools.cache
def typst_version() -> str:
    return importlib.metadata.version("typst")


@functools.cache
def fonts(dirs: tuple[str, ...]) -> str:
    """One hash of the font files under ``dirs``: their paths, sizes and
    times (a font installed, removed or updated changes every key)."""
    h = hashlib.sha256()
    for folder_ in dirs:
        for dirpath, dirnames, filenames in os.walk(folder_):
            dirnames.sort()
            for name in sorted(filenames):
                st = os.stat(os.path.join(dirpath, name))
                h.update(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def store(where: Path, pdf: Path, compiled: Path, found: str) -> None:
    """Keep ``compiled`` at ``pdf`` and ``found`` beside it; the JSON is
    written last (an entry is read only when it is there), each file
    under a name of its own renamed into place (builds share the cache)."""
    where.mkdir(parents=True, exist_ok=True, mode=0o700)  # parts of internal editions
    for target, write in (
        (pdf, lambda tmp: shutil.copyfile(compiled, tmp)),
        (pdf.with_suffix(".json"), lambda tmp: Path(tmp).write_text(found, encoding="utf-8")),
    ):
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        os.close(fd)
        try:
            write(tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def prune_if_due(where: Path) -> None:
    try:
        due = (where / PRUNED).stat().st_mtime < time.time() - DAY
    except FileNotFoundError:
        due = where.is_dir()
    if due:
        prune(where)


def prune(where: Path, max_age: float = CACHE_DAYS * DAY, max_bytes: int = CACHE_BYTES) -> int:
    """Delete the entries not read for ``max_age`` seconds, then the least
    recently read until the rest holds ``max_bytes``; how many went."""
    where.mkdir(parents=True, exist_ok=True, mode=0o700)  # parts of internal editions
    (where / PRUNED).touch()
    entries = []
    for found in where.glob("*.json"):
        pdf = found.with_suffix(".pdf")
        try:
            entries.append((found.stat().st_mtime, pdf.stat().st_size, found, pdf))
        except FileNotFoundError:
            continue
    for tmp in where.glob(".*.tmp"):
        if tmp.stat().st_mtime < time.time() - DAY:
            tmp.unlink(missing_ok=True)  # left by a build that was killed
    entries.sort(reverse=True)  # most recently read first
    oldest, kept, removed = time.time() - max_age, 0, 0
    for mtime, size, found, pdf in entries:
        if mtime >= oldest and kept + size <= max_bytes:
            kept += size
            continue
        oldest = math.inf  # the rest is older still
        found.unlink(missing_ok=True)
        pdf.unlink(missing_ok=True)
        removed += 1
    return removed
