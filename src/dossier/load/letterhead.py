"""The mission's letterhead (``mission:`` in dossier.yaml): its emblem is a
file of the dossier and an image a document may show, checked as the
images of the text are (:mod:`dossier.load.images`)."""

from __future__ import annotations

from pathlib import Path

from dossier.core.diagnostics import Diagnostic
from dossier.core.model import Manifest
from dossier.core.yamlsource import YamlDoc
from dossier.load.images import FileProblem, check_image, confine


def emblem_path(root: Path, m: Manifest) -> Path | None:
    """The emblem's file, when the letterhead names one."""
    if m.mission is None or m.mission.emblem is None:
        return None
    return root / m.mission.emblem


def letterhead_files(root: Path, m: Manifest) -> list[str]:
    """The files the letterhead reads: its emblem, if any (an input of the build)."""
    path = emblem_path(root, m)
    return [] if path is None else [str(path)]


def check_emblem(root: Path, m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """The emblem is a PNG, JPEG, GIF, WebP or SVG file inside the dossier
    that reads whole and is within the limits; a diagnostic at its line else."""
    path = emblem_path(root, m)
    if path is None:
        return []
    name = m.mission.emblem if m.mission else ""
    line = doc.line_of(("mission", "emblem"))
    try:
        real = confine(path, root)
        if not real.is_file():
            raise FileProblem("is not found", f"put the emblem's image file at {path}")
        check_image(real, m.limits)
    except FileProblem as problem:
        return [Diagnostic(doc.file, line, f"emblem '{name}' {problem.what}", problem.hint)]
    except OSError as exc:
        return [Diagnostic(doc.file, line, f"emblem '{name}' cannot be read: {exc}", "check it")]
    return []
