"""Confinement of files: every path the manifest names (the sections of
``letter:`` and ``annex:``, ``evidence.boundaries``) and every file the
loaders read (sections, incident records and their translations,
``sources.yaml``) lie inside the dossier folder once symbolic links are
resolved; a section's name with ``..`` or a leading ``/`` is refused
outright. All of it is checked before any of those files is read
(:func:`check_paths`). The Markdown's confinement is in
:mod:`dossier.check.confine`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from dossier.core.diagnostics import Diagnostic
from dossier.core.model import Manifest, is_generated
from dossier.core.yamlsource import YamlDoc
from dossier.load.sections import section_path


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, its links resolved, lies inside the folder ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def check_paths(root: Path, m: Manifest, doc: YamlDoc, langs: Sequence[str]) -> list[Diagnostic]:
    """Every path the manifest names, and every file the loaders of ``langs``
    would read, inside the dossier folder (see the module's docstring)."""
    out = [*_named_sections(m, doc), *_boundaries(root, m, doc)]
    if out:
        return out
    named = [section_path(root, lang, name) for lang in langs for name in m.written_sections]
    files = [p for lang in langs for p in (root / "sections" / lang).glob("*.md")]
    files += [p for p in [*named, root / "sources.yaml"] if os.path.lexists(p)]
    files += _evidence_files(root, langs)
    within = _Inside(root)
    for path in dict.fromkeys(files):
        if not within(path):
            out.append(
                Diagnostic(
                    path,
                    None,
                    "the file lies outside the dossier folder (a link to "
                    f"{_target(path)}): a build reads only the dossier's own files",
                    "copy the file into the dossier instead of linking to it",
                )
            )
    return out


class _Inside:
    """:func:`inside` for the many files of a few folders: a file that is
    not a link is where its folder is, and each folder is resolved once
    (a dossier of 500 records: a stat per file instead of one per part of
    its path)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: dict[Path, bool] = {}

    def __call__(self, path: Path) -> bool:
        if path.is_symlink():
            return inside(self.root, path)
        folder = path.parent
        if folder not in self.folders:
            self.folders[folder] = inside(self.root, folder)
        return self.folders[folder]


def _target(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return "a loop of links"


def _evidence_files(root: Path, langs: Iterable[str]) -> list[Path]:
    folder = root / "evidence"
    files = list(folder.glob("*.md"))
    return files + [p for lang in langs for p in (folder / lang).glob("*.md")]


def _named_sections(m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for part, names in (("letter", m.letter), ("annex", m.annex)):
        for i, name in enumerate(names):
            if is_generated(name):
                continue
            path = Path(name)
            if path.is_absolute() or ".." in path.parts or "\\" in name or not name.strip():
                out.append(
                    Diagnostic(
                        doc.file,
                        doc.line_of((part, i)),
                        f"section '{name}' is not a file of sections/: a build reads only "
                        "the dossier's own files",
                        "name the file of sections/<lang>/ without '..' or a leading '/', "
                        "e.g. '01-overview'",
                    )
                )
    return out


def _boundaries(root: Path, m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    name = m.evidence.boundaries
    if name is None or inside(root, root / name):
        return []
    return [
        Diagnostic(
            doc.file,
            doc.line_of(("evidence", "boundaries")),
            f"the boundaries file '{name}' lies outside the dossier folder: a build reads "
            "only the dossier's own files",
            "copy it into the dossier (e.g. geo/provinces.geojson) and give its path "
            "relative to the dossier folder",
        )
    ]
