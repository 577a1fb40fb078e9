"""Files written atomically, so that a failed or killed build leaves either
the old file or the new one, never half of one; and their hashes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_output(path: Path, *, shared: bool = False, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (``.<name>.<random>.tmp``);
    rename it into place only if the block succeeds, delete it otherwise.

    ``shared``: other processes may write ``path`` at the same time (a build
    folder: two makes); their temporaries are not touched here, the build
    folder's lock sweeps what a killed build left (:mod:`dossier.core.locks`).
    Otherwise the leftovers of ``path`` are removed first. ``mode``: the
    file's permissions, set before it takes its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not shared:
        remove_leftovers(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def rewrite_source(path: Path, text: str) -> None:
    """Write ``text`` (read by :func:`~dossier.core.sourcefile.read_source`,
    so with ``\n`` line ends and no byte-order mark) back over a drafter's
    file in the form the file had: its line ends (``\r\n`` when it used
    them), its byte-order mark and its permissions, and through a symbolic
    link to the file it names (the link stays). Only the edited lines then
    show in the drafter's ``git diff``."""
    target = path.resolve() if path.is_symlink() else path
    data = target.read_bytes()
    newline = "\r\n" if b"\r\n" in data else "\n"
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    mode = target.stat().st_mode & 0o7777
    with atomic_output(target, mode=mode) as tmp:
        tmp.write_bytes((bom + text.replace("\n", newline)).encode("utf-8"))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks (exhibits, manifests, verify)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def remove_leftovers(path: Path) -> None:
    """Temporary files of ``path`` left by a run that was killed (a SIGKILL
    runs no clean-up), for a file only one process writes at a time."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str, *, shared: bool = False) -> None:
    """Write ``text`` to ``path`` through :func:`atomic_output`."""
    with atomic_output(path, shared=shared) as tmp:
        tmp.write_text(text, encoding="utf-8")
