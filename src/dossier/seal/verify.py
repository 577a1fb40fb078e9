"""``dossier verify``: an edition folder checked against its manifest. The
outputs are re-hashed (a changed or missing one is an error, a file the
build did not write too), the inputs re-hashed where the build ran (a
changed one is a warning: the outputs are intact), and every output
scanned again for leaks with the fingerprints of its build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dossier.core import paths
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.locks import TEMP_GLOB, temporaries
from dossier.core.paths import EDITION_MANIFEST
from dossier.seal import leaks
from dossier.seal.manifest import SHOWN, Json, load_prints, prints_path, read_manifest, sha256
from dossier.select.edition import shown_digest

OUTPUT_SUFFIXES = frozenset(f".{fmt}" for fmt in paths.FORMATS)


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
        # a submission package is recorded in its edition's manifest
        and not (f.name == paths.SUBMISSION and (f.parent / EDITION_MANIFEST).exists())
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
    extra = sorted(p for p in files if p.relative_to(folder).as_posix() not in known)
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
