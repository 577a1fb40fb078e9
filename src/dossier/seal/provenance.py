"""Provenance: what each edition was built from, and a check that it still is.

Every build writes ``build/<name>/<edition>/manifest.json``: per output its
SHA-256 and the record of the run that wrote it (the SHA-256 of every input,
the tool versions, the git commit of the dossier when it has one, and the
SHA-256 of the leak fingerprints of what the edition withholds). The
fingerprints themselves stay in ``build/<name>/.leaks/``, outside every
edition folder: hashes of a withheld record's ID in a public manifest would
let anyone confirm a guessed ID (``ALD-2026-006``), and their number would
tell how many items were withheld. An edition folder can be sent as it is.
Runs of one
language each (``make -j``) add to the manifest, under a lock. The manifest
holds no build time (only SOURCE_DATE_EPOCH when it is set) and its records
are content-addressed, so two builds of the same sources give the same bytes.

``dossier verify`` re-hashes the outputs and inputs and re-runs the leak scan
of every output with the fingerprints of its run.
"""

from __future__ import annotations

import contextlib
import dataclasses
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
from typing import Any, Union, get_args, get_origin, get_type_hints

from dossier import __version__
from dossier.core import paths
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.files import file_sha256, write_text_atomic
from dossier.core.locks import TEMP_GLOB, temporaries
from dossier.core.model import Edition
from dossier.core.paths import EDITION_MANIFEST
from dossier.load.loaded import Dossier
from dossier.seal import leaks
from dossier.select.edition import Withheld, shown_digest

FORMAT = "dossier-manifest/2"
# build/<name>/.leaks/<sha256>.json: the fingerprints of a build, never sent.
LEAKS = ".leaks"
# Withheld kinds whose whole source file is kept out of an edition: their
# paths name them ('evidence/ALD-2026-006.md'), so the manifest lists them not.
WHOLE_FILE_KINDS = frozenset({"section", "record", "exhibit"})
OUTPUT_SUFFIXES = frozenset(f".{fmt}" for fmt in paths.FORMATS)

Json = dict[str, Any]
# shown path -> (language, edition level) of the files an edition shows in part
Shown = dict[str, tuple[str, str]]
SHOWN = ("lang", "max")


# ---- hashing and paths -------------------------------------------------------


sha256 = file_sha256


def shown_path(path: Path) -> str:
    """A path as the manifest stores it: relative to the working directory
    when it lies under it (the repository), absolute otherwise."""
    full = path.resolve()
    cwd = Path.cwd().resolve()
    return (full.relative_to(cwd) if full.is_relative_to(cwd) else full).as_posix()


def edition_inputs(inputs: Iterable[Path], withheld: Iterable[Withheld]) -> list[Path]:
    """The inputs an edition may name: without the files of the sections,
    records and exhibits it withholds (their paths carry their identifiers)."""
    tokens = [Path(w.ident).name for w in withheld if w.kind in WHOLE_FILE_KINDS]
    return [p for p in inputs if not any(t and t in shown_path(p) for t in tokens)]


def partly_shown(withheld: Iterable[Withheld], max_level: str) -> Shown:
    """The Markdown files an edition shows only in part (a passage of them
    withheld): their language and the edition's level, for
    :func:`dossier.select.edition.shown_digest`."""
    return {shown_path(w.source): (w.lang, max_level) for w in withheld if w.kind == "block"}


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


def output_entries(outputs: Iterable[Path]) -> list[Json]:
    """``<name>.<lang>.<ext>``: the language and format come from the name."""
    entries = []
    for p in sorted(set(outputs), key=lambda p: p.name):
        _, lang, fmt = p.name.rsplit(".", 2)
        entry = {"file": p.name, "sha256": sha256(p), "size": p.stat().st_size}
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


def prints_dir(edition_dir: Path) -> Path:
    """Where an edition's fingerprints are kept: beside the edition folders
    (``build/<name>/.leaks/<edition>/``), not in one."""
    return edition_dir.parent / LEAKS / edition_dir.name


def prints_path(edition_dir: Path, digest: str) -> Path:
    """The fingerprints of SHA-256 ``digest``."""
    return prints_dir(edition_dir) / f"{digest}.json"


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


def render(data: Json) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


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
        if e["file"] not in fresh and e["lang"] in wanted and e["build"] in old["builds"]
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
        return cls(dossier.name, dossier.root, tuple(dossier.manifest.edition_languages(edition)))


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
        entries = [e | {"build": ident} for e in output_entries(outputs)]
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


# ---- fingerprints to JSON and back -----------------------------------------


def to_plain(value: Any) -> Any:
    """A frozen dataclass of tuples, frozensets and strings as JSON values
    (sets sorted, so that the text is deterministic)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted((to_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(tp: Any, value: Any) -> Any:
    """The inverse of :func:`to_plain`, led by the type hints of ``tp``."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = get_type_hints(tp)
        fields = dataclasses.fields(tp)
        return tp(**{f.name: from_plain(hints[f.name], value[f.name]) for f in fields})
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        return tuple(from_plain(a, v) for a, v in zip(args, value, strict=True))
    if origin in (frozenset, set):
        return origin(from_plain(args[0], v) for v in value)
    if origin is list:
        return [from_plain(args[0], v) for v in value]
    if origin is dict:
        return {k: from_plain(args[1], v) for k, v in value.items()}
    if origin is Union or type(tp).__name__ == "UnionType":
        if value is None:
            return None
        return from_plain(next(a for a in args if a is not type(None)), value)
    return value


def load_prints(data: Any) -> leaks.Fingerprints:
    prints: leaks.Fingerprints = from_plain(leaks.Fingerprints, data)
    return prints


# ---- verifying ---------------------------------------------------------------


@dataclass
class Verification:
    diagnostics: list[Diagnostic]
    outputs: int  # outputs checked


def _visible(path: Path, top: Path) -> bool:
    return not any(s.startswith(".") for s in path.relative_to(top).parts)


def find_manifests(build_dir: Path) -> list[Path]:
    """An edition folder's manifest, or every one under a dossier's (or the
    whole build) folder; hidden folders (.cache) are not searched."""
    if (build_dir / EDITION_MANIFEST).is_file():
        return [build_dir / EDITION_MANIFEST]
    return sorted(p for p in build_dir.rglob(EDITION_MANIFEST) if _visible(p, build_dir))


def unlisted(build_dir: Path) -> list[Diagnostic]:
    """Folders with outputs (.docx, .pdf, .html) but no manifest."""
    folders = {
        p.parent
        for p in build_dir.rglob("*")
        if p.suffix in OUTPUT_SUFFIXES and p.is_file() and _visible(p, build_dir)
    }
    message = f"outputs without a {EDITION_MANIFEST}: they cannot be verified"
    hint = "rebuild the edition"
    return [
        Diagnostic(f, None, message, hint)
        for f in sorted(folders)
        if not (f / EDITION_MANIFEST).exists()
    ]


def leftovers(build_dir: Path) -> list[Diagnostic]:
    """Temporary files a killed build left (warnings: the outputs are whole;
    the next build removes them)."""
    message = "a temporary file left by a build that was interrupted"
    hint = "run the build again: it removes it"
    found = temporaries(build_dir) if build_dir.is_dir() else []
    return [Diagnostic(p, None, message, hint, Severity.WARNING) for p in found]


def verify(build_dir: Path) -> list[Diagnostic]:
    return verify_build(build_dir).diagnostics


def verify_build(build_dir: Path) -> Verification:
    manifests = find_manifests(build_dir) if build_dir.is_dir() else []
    orphans = unlisted(build_dir) if build_dir.is_dir() else []
    if not manifests and not orphans:
        hint = "give a build folder: build/<name> or build/<name>/<edition>"
        missing = Diagnostic(build_dir, None, f"no {EDITION_MANIFEST} found", hint)
        return Verification([missing, *leftovers(build_dir)], 0)
    diagnostics: list[Diagnostic] = orphans + leftovers(build_dir)
    count = 0
    for manifest in manifests:
        found, checked = verify_edition(manifest)
        diagnostics += found
        count += checked
    return Verification(diagnostics, count)


def read_manifest(manifest: Path) -> tuple[Json | None, list[Diagnostic]]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, [Diagnostic(manifest, None, f"cannot read the manifest: {exc}")]
    if not well_formed(data):
        return None, [Diagnostic(manifest, None, f"not a manifest of format {FORMAT}")]
    return data, []


def well_formed(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    outputs, builds = data.get("outputs"), data.get("builds")
    if not isinstance(outputs, list) or not isinstance(builds, dict):
        return False
    keys = {"file", "lang", "sha256", "build"}
    if not all(isinstance(e, dict) and keys <= e.keys() for e in outputs):
        return False
    records = builds.values()
    keys = {"inputs", "leak_fingerprints_sha256"}
    return all(isinstance(r, dict) and keys <= r.keys() for r in records)


def verify_edition(manifest: Path) -> tuple[list[Diagnostic], int]:
    """The diagnostics of one edition folder, and how many outputs it lists."""
    data, problems = read_manifest(manifest)
    if data is None:
        return problems, 0
    folder = manifest.parent
    outputs: list[Json] = data["outputs"]
    builds: dict[str, Json] = data["builds"]
    diagnostics = check_outputs(folder, outputs)
    diagnostics += check_extra(folder, outputs)
    diagnostics += check_inputs([e for r in builds.values() for e in r["inputs"]])
    diagnostics += rescan(folder, outputs, builds, data["edition"]["name"])
    return diagnostics, len(outputs)


def check_outputs(folder: Path, outputs: list[Json]) -> list[Diagnostic]:
    found = []
    for entry in outputs:
        path = folder / entry["file"]
        if not path.is_file():
            found.append(Diagnostic(path, None, "output missing", "rebuild the edition"))
        elif (actual := sha256(path)) != entry["sha256"]:
            was = entry["sha256"][:12]
            message = f"output changed since the build (sha256 {actual[:12]}, was {was})"
            found.append(Diagnostic(path, None, message, "rebuild the edition"))
    return found


def check_extra(folder: Path, outputs: list[Json]) -> list[Diagnostic]:
    known = {e["file"] for e in outputs} | {EDITION_MANIFEST}
    files = (p for p in folder.rglob("*") if p.is_file() and not p.match(TEMP_GLOB))
    extra = sorted(p for p in files if p.parent != folder or p.name not in known)
    hint = "delete it, or rebuild the edition"
    return [Diagnostic(p, None, "a file the build did not write", hint) for p in extra]


def check_inputs(inputs: list[Json]) -> list[Diagnostic]:
    """Changed or missing inputs are warnings (one per file): the outputs
    are intact, but no longer what the sources would give."""
    stored: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for entry in inputs:
        part = entry.get("shown")
        key = tuple(str(part.get(k)) for k in SHOWN) if isinstance(part, dict) else ()
        stored.setdefault((entry["path"], key), set()).add(entry["sha256"])
    found = []
    for (shown, part), hashes in sorted(stored.items()):
        path = Path(shown)
        if not path.is_file():
            message, hint = "input not found", "run verify where the build ran"
        elif hashes != {shown_digest(path, *part) if part else sha256(path)}:
            message = "input changed since the build: the outputs no longer match it"
            hint = "rebuild"
        else:
            continue
        found.append(Diagnostic(path, None, message, hint, Severity.WARNING))
    return found


def rescan(
    folder: Path, outputs: list[Json], builds: dict[str, Json], edition: str
) -> list[Diagnostic]:
    """The leak scan of every output, with the fingerprints of its build
    (from ``.leaks`` beside the edition folder: where the edition was built;
    a folder sent elsewhere has its hashes checked, not its leaks)."""
    prints: dict[str, leaks.Fingerprints] = {}
    found = []
    for ident, record in builds.items():
        digest = str(record["leak_fingerprints_sha256"])
        path = prints_path(folder, digest)
        if not path.is_file():
            message = "the leak fingerprints of this build are not here: no leak scan"
            hint = "run verify in the build folder the edition was built in"
            found.append(Diagnostic(path, None, message, hint, Severity.WARNING))
        elif sha256(path) != digest:
            message = "the leak fingerprints changed since the build"
            found.append(Diagnostic(path, None, message, "rebuild the edition"))
        else:
            try:
                prints[ident] = load_prints(json.loads(path.read_text(encoding="utf-8")))
            except (KeyError, TypeError, ValueError):  # the scan's rule changed since
                message = "the leak fingerprints are of an older version of dossier"
                found.append(Diagnostic(path, None, message, "rebuild the edition"))
    for entry in outputs:
        path = folder / entry["file"]
        if entry["build"] not in builds:
            message = "no build record in the manifest: the leak scan cannot be run"
            found.append(Diagnostic(path, None, message, "rebuild the edition"))
        elif entry["build"] in prints and path.is_file():
            hits = leaks.scan(path, prints[entry["build"]])
            found += [leak_diagnostic(hit, edition) for hit in hits]
    return found


def leak_diagnostic(hit: leaks.Hit, edition: str) -> Diagnostic:
    message = (
        f"leak: a {hit.kind} withheld from the '{edition}' edition is in {hit.where} "
        f"({hit.evidence})"
    )
    return Diagnostic(hit.output, None, message, "rebuild; do not release this file")
