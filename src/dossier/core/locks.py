"""One lock per build folder, and the temporary files a killed build leaves.

``build/<name>/.lock`` is locked (``flock``: the system releases it when its
process ends, even when killed):

- **exclusively** by ``dossier build``, for its whole run: a second build of
  the same folder waits, saying so ("waiting for another build of ..."),
  instead of both writing, and sweeping, at once;
- **shared** by each step of a Make build (``dossier rules``, ``assemble``,
  ``render``): under ``make -j`` these run side by side in one folder on
  different outputs, and two makes into one folder run theirs side by side
  too. What they share is serialised more finely: an edition's
  ``manifest.json`` is merged under that edition's own lock
  (:func:`dossier.seal.provenance.locked`), and every file is written under a
  name of its own and renamed into place (two makes writing one output
  leave the same bytes; the last rename wins).

Every temporary file in a build folder is named ``.<name>.<random>.tmp``
(:data:`TEMP_GLOB`). A build that is killed leaves its temporaries behind;
the next run that holds the lock exclusively removes them: ``dossier build``,
or a Make step that finds the folder idle (it takes the lock exclusively if
nobody holds it, sweeps, then shares it). A temporary someone is still
writing is never swept: its writer holds the lock. ``dossier verify`` names
any it finds as a leftover of an interrupted build.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from dossier.core.diagnostics import Diagnostic, DossierError

# flock, not filelock: its ReadWriteLock (SQLite) has these semantics but is far slower to
# import in each Make step, and makes .lock a database (docs/performance.md, "Libraries").
LOCK = ".lock"
TEMP_GLOB = ".*.tmp"
# A Make step waits this long, quietly, for a sibling that sweeps.
_QUIET_WAIT = 2.0


def temporaries(folder: Path) -> list[Path]:
    """The temporary files under ``folder`` (a build folder)."""
    return sorted(p for p in folder.rglob(TEMP_GLOB) if p.is_file())


def sweep(folder: Path) -> None:
    """Remove the temporaries a killed build left (call with the lock held
    exclusively: then no one is writing them)."""
    for path in temporaries(folder):
        path.unlink(missing_ok=True)


def _say_waiting(folder: Path) -> None:
    print(f"waiting for another build of {folder}", file=sys.stderr, flush=True)


def _try(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def build_lock(folder: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold ``folder/.lock`` (see the module's documentation), after
    sweeping the folder's leftovers when nobody else is in it."""
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if exclusive:
            if not _try(fd, fcntl.LOCK_EX):
                _say_waiting(folder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            sweep(folder)
        else:
            _share(fd, folder)
        yield
    finally:
        os.close(fd)  # releases the lock


def _share(fd: int, folder: Path) -> None:
    """A shared hold, with a sweep first when the folder is idle."""
    if _try(fd, fcntl.LOCK_EX):
        sweep(folder)
        fcntl.flock(fd, fcntl.LOCK_SH)  # a downgrade: others may come in
        return
    deadline = time.monotonic() + _QUIET_WAIT
    while not _try(fd, fcntl.LOCK_SH):
        if time.monotonic() > deadline:  # not a sibling's sweep: a whole build
            _say_waiting(folder)
            fcntl.flock(fd, fcntl.LOCK_SH)
            return
        time.sleep(0.05)


def _target(path: Path) -> Path:
    """The file a temporary stands for (``.name.<random>.tmp`` -> ``name``).

    >>> _target(Path("b/.d.en.pdf.x1y2.tmp")).as_posix(), _target(Path("b/d.en.pdf")).as_posix()
    ('b/d.en.pdf', 'b/d.en.pdf')
    """
    if path.match(TEMP_GLOB) and path.name.count(".") >= 3:
        return path.with_name(path.name[1:].rsplit(".", 2)[0])
    return path


# ---- a folder that cannot be written ---------------------------------------------

_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, or build elsewhere with --out",
    errno.EDQUOT: "your disk quota is used up: free some space, or build elsewhere with --out",
    errno.EROFS: "the disk is read-only: build elsewhere with --out",
    errno.EACCES: "you may not write there: check the folder's permissions, or use --out",
    errno.EPERM: "you may not write there: check the folder's permissions, or use --out",
    errno.ENOTDIR: "a part of that path is a file, not a folder: build elsewhere with --out",
    errno.EEXIST: "a file stands where a folder should be: remove it, or use --out",
}


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Turn a failure to write into ``folder`` (a full disk, a read-only
    folder, a file in the way) into a diagnostic naming the path."""
    try:
        yield
    except OSError as exc:
        hint = _HINTS.get(exc.errno or 0)
        if hint is None:
            raise
        where = _target(Path(exc.filename)) if exc.filename else folder
        message = f"cannot write {where}: {exc.strerror or os.strerror(exc.errno or 0)}"
        raise DossierError([Diagnostic(None, None, message, hint)]) from None
