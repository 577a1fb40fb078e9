"""Provenance: what each edition was built from, written down.

Every build writes ``build/<name>/<edition>/manifest.json``: per output its
SHA-256 and the record of the run that wrote it (the SHA-256 of every input,
the tool versions, the git commit of the dossier when it has one, and the
SHA-256 of the leak fingerprints of what the edition withholds). The
fingerprints themselves stay in ``build/<name>/.leaks/``, outside every
edition folder: hashes of a withheld record's ID in a public manifest would
let anyone confirm a guessed ID (``ALD-2026-006``), and their number would
tell how many items were withheld. An edition folder can be sent as it is.
Runs of one language each (``make -j``) add to the manifest, under a lock. The manifest
holds no build time (only SOURCE_DATE_EPOCH when it is set) and its records
are content-addressed, so two builds of the same sources give the same bytes.

The manifest's format is in :mod:`dossier.seal.manifest`; ``dossier verify``
(:mod:`dossier.seal.verify`) re-hashes the outputs and inputs and re-runs
the leak scan of every output with the fingerprints of its run.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from dossier import __version__
from dossier.core.files import write_text_atomic
from dossier.core.model import Edition
from dossier.core.paths import EDITION_MANIFEST
from dossier.load.loaded import Dossier
from dossier.seal import leaks
from dossier.seal.manifest import (
    FORMAT,
    SHOWN,
    Json,
    Shown,
    prints_dir,
    prints_path,
    read_manifest,
    render,
    sha256,
    shown_path,
    to_plain,
)
from dossier.select.edition import Withheld, shown_digest

# Withheld kinds whose whole source file is kept out of an edition: their
# paths name them ('evidence/ALD-2026-006.md'), so the manifest lists them not.
WHOLE_FILE_KINDS = frozenset({"section", "record", "exhibit"})


def edition_inputs(inputs: Iterable[Path], withheld: Iterable[Withheld]) -> list[Path]:
    """The inputs an edition may name: without the files of the sections,
    records and exhibits it withholds (their paths carry their identifiers)."""
    tokens = [Path(w.ident).name for w in withheld if w.kind in WHOLE_FILE_KINDS]
    return [p for p in inputs if not any(t and t in shown_path(p) for t in tokens)]


def partly_shown(withheld: Iterable[Withheld], max_level: str) -> Shown:
    """The Markdown files an edition shows only in part (a passage of them
    withheld): their language and the edition's level, for
    :func:`dossier.select.edition.shown_digest`."""
    parts = {"block", "field"}  # a passage; a field of a person's or entity's front matter
    return {shown_path(w.source): (w.lang, max_level) for w in withheld if w.kind in parts}


# ---- writing -----------------------------------------------------------------


def input_entries(inputs: Iterable[Path], shown: Shown | None = None) -> list[Json]:
    """Path, SHA-256 and size of each input. A file shown only in part gets
    the hash of what the edition shows of it, and no size: the hash and size
    of the whole file would tell how much was withheld, and confirm a guess
    of it. ``dossier verify`` re-derives that hash the same way."""
    paths = {shown_path(p): p for p in inputs}
    entries = []
    for name, p in sorted(paths.items()):
        part = (shown or {}).get(name)
        if part is None:
            entries.append({"path": name, "sha256": sha256(p), "size": p.stat().st_size})
        else:
            shown_as = dict(zip(SHOWN, part, strict=True))
            entries.append({"path": name, "sha256": shown_digest(p, *part), "shown": shown_as})
    return entries


def output_entries(outputs: Iterable[Path], edition_dir: Path | None = None) -> list[Json]:
    """``<name>.<lang>.<ext>``: the language and format come from the name.
    A file in a folder of the edition's (``submission/``) is named by its
    path from ``edition_dir``; one without a language in its name
    (``submission.json``) has none ('')."""
    entries = []
    for p in sorted(set(outputs), key=lambda p: p.name):
        parts = p.name.split(".")
        lang, fmt = (parts[-2], parts[-1]) if len(parts) > 2 else ("", parts[-1])
        name = p.name
        if edition_dir is not None and p.parent != edition_dir:
            name = p.relative_to(edition_dir).as_posix()
        entry = {"file": name, "sha256": sha256(p), "size": p.stat().st_size}
        entries.append(entry | {"lang": lang, "format": fmt})
    return entries


def typst_version() -> str:
    import typst

    return str(getattr(typst, "__version__", "unknown"))


def tool_versions(pdf_langs: Iterable[str]) -> Json:
    from dossier.core import pandoc
    from dossier.core.fonts import fonts_for

    fonts = {lang: [f.family for f in fonts_for(lang)] for lang in sorted(set(pdf_langs))}
    return {
        "dossier": __version__,
        "pandoc": pandoc.version(),
        "typst": typst_version(),
        "python": platform.python_version(),
        "pdf_fonts": fonts,
    }


def _git(folder: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        proc = subprocess.run(
            # no optional locks: a status must not rewrite the index
            [git, "--no-optional-locks", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def git_state(folder: Path) -> Json | None:
    """The commit the dossier folder is at, and whether its work tree has
    changes; None when git is missing or the folder is no git work tree."""
    commit = _git(folder, "rev-parse", "--verify", "HEAD")
    if not commit:
        return None
    status = _git(folder, "status", "--porcelain")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def store_prints(edition_dir: Path, prints: leaks.Fingerprints) -> str:
    """Keep ``prints`` under their SHA-256 (written once: the same prints are
    the same file, whose time then does not change either)."""
    text = render(to_plain(prints))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = prints_path(edition_dir, digest)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
    return digest


def build_record(
    dossier: Origin,
    inputs: Iterable[Path],
    outputs: Sequence[Path],
    prints: str,
    shown: Shown | None = None,
) -> Json:
    """What one run of the build used: inputs, tools, commit, and the
    SHA-256 of its fingerprints (``prints``, see :func:`store_prints`)."""
    pdf_langs = [p.name.rsplit(".", 2)[1] for p in outputs if p.suffix == ".pdf"]
    return {
        "inputs": input_entries(inputs, shown),
        "tools": tool_versions(pdf_langs),
        "git": git_state(dossier.root),
        "source_date_epoch": source_date_epoch(),
        "leak_fingerprints_sha256": prints,
    }


def record_id(record: Json) -> str:
    """Content-addressed: the same sources and tools give the same id.
    Compact JSON: without ``indent`` Python encodes in C, not in Python
    (docs/performance.md)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder``: builds of one edition's languages
    running in parallel (make -j) update its manifest one after the other."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def previous(path: Path) -> Json:
    """The outputs and build records of an earlier manifest (none when it
    is missing, unreadable or of another format)."""
    data, problems = read_manifest(path) if path.is_file() else (None, [])
    if data is None or problems:
        return {"outputs": [], "builds": {}}
    return data


def merge(old: Json, langs: Iterable[str], entries: list[Json], ident: str, record: Json) -> Json:
    """The old outputs that this run did not rewrite (of languages the
    edition still has) and the new ones; only the records they use."""
    fresh = {e["file"] for e in entries}
    wanted = set(langs)
    kept = [
        e
        for e in old["outputs"]
        if e["file"] not in fresh and e["lang"] in {*wanted, ""} and e["build"] in old["builds"]
    ]
    outputs = sorted([*kept, *entries], key=lambda e: str(e["file"]))
    builds = {**old["builds"], ident: record}
    used = {e["build"] for e in outputs}
    return {"outputs": outputs, "builds": {k: v for k, v in builds.items() if k in used}}


@dataclass(frozen=True)
class Origin:
    """The dossier an edition's outputs come from: its name, its folder (for
    the git state) and the languages of the edition (the outputs of other
    languages are dropped from the manifest)."""

    name: str
    root: Path
    languages: tuple[str, ...]

    @classmethod
    def of(cls, dossier: Dossier, edition: Edition) -> Origin:
        return cls(dossier.name, dossier.root, tuple(dossier.manifest.layout_languages(edition)))


def write_manifest(
    edition_dir: Path,
    dossier: Origin,
    edition: Edition,
    inputs: Iterable[Path],
    outputs: Sequence[Path],
    prints: leaks.Fingerprints,
    withheld: Iterable[Withheld],
) -> Path:
    """Record ``outputs`` (written by this run, in ``edition_dir``) with
    what they were built from in ``edition_dir/manifest.json``, keeping the
    entries of the outputs an earlier run wrote (``--lang fr`` after
    ``--lang en``). The inputs of withheld sections, records and exhibits
    are left out. Written atomically, under a lock."""
    path = edition_dir / EDITION_MANIFEST
    head = {
        "format": FORMAT,
        "dossier": dossier.name,
        "edition": {"name": edition.name, "max": edition.max},
    }
    langs = dossier.languages
    with locked(edition_dir):
        digest = store_prints(edition_dir, prints)
        withheld = list(withheld)
        shown = partly_shown(withheld, edition.max)
        record = build_record(dossier, edition_inputs(inputs, withheld), outputs, digest, shown)
        ident = record_id(record)
        entries = [e | {"build": ident} for e in output_entries(outputs, edition_dir)]
        body = merge(previous(path), langs, entries, ident, record)
        write_text_atomic(path, render(head | body))
        _drop_unused_prints(edition_dir, body["builds"].values())
    return path


def _drop_unused_prints(edition_dir: Path, records: Iterable[Json]) -> None:
    """Delete the fingerprints no build record of the manifest names (under
    the edition's lock: no other run is between storing and naming them)."""
    used = {prints_path(edition_dir, str(r["leak_fingerprints_sha256"])) for r in records}
    for path in prints_dir(edition_dir).glob("*.json"):
        if path not in used:
            path.unlink(missing_ok=True)
