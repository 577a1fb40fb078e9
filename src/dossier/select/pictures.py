"""The check of the images: no edition shows a picture it withholds as an
exhibit. Run by :func:`dossier.pipeline.loading.load` beside the check of
the text (:mod:`dossier.select.shown`), so that ``dossier check`` and every
build refuse such a dossier before anything is written.

An edition withholds every exhibit of a record above its level and every
exhibit classified above it. It shows the images of the section blocks
and narratives its view keeps (:func:`dossier.select.edition.select`), the
pictures of the exhibits the generated exhibit list shows, and the
mission's emblem (the letterhead of its submission package). An image is
the withheld exhibit when it is the same file (links followed) or has the
same content (the exhibit's recorded SHA-256): the outputs re-encode every
picture, so the scan of the finished outputs cannot be relied on to know
it again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dossier.core import tree
from dossier.core.diagnostics import Diagnostic
from dossier.core.files import file_sha256
from dossier.core.model import GENERATED_PREFIX, level
from dossier.core.yamlsource import YamlDoc
from dossier.load.exhibits import SHOWN
from dossier.load.letterhead import emblem_path
from dossier.load.loaded import Dossier
from dossier.select.edition import select

_TARGET = re.compile(r"\]\(\s*<?([^)>\s]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HINT = "show it only in an edition at its level, or lower the exhibit's classification"


@dataclass(frozen=True)
class _Exhibit:
    """An exhibit an edition withholds."""

    file: str  # as the record gives it
    record: str  # the record's id
    level: str  # the record's level when the record is withheld, else the exhibit's
    whole_record: bool  # withheld with its record
    sha256: str


@dataclass(frozen=True)
class _Shown:
    """An image an edition shows: its file (resolved), where it is named."""

    path: Path
    source: Path
    line: int | None
    emblem: bool = False


def check_pictures(dossier: Dossier, doc: YamlDoc) -> list[Diagnostic]:
    """An error for every image an edition shows that is an exhibit it
    withholds (one per place and exhibit, naming every edition concerned)."""
    editions: dict[tuple[_Shown, _Exhibit], list[str]] = defaultdict(list)
    digests: dict[Path, str] = {}
    for edition in dossier.manifest.editions:
        exhibits = _withheld(dossier, level(edition.max))
        if not exhibits:
            continue
        selected, _ = select(dossier, edition)
        by_digest = {e.sha256: e for e in exhibits.values()}
        for shown in shown_images(selected, doc):
            found = exhibits.get(shown.path) or by_digest.get(_digest(shown.path, digests) or "")
            if found is not None:
                editions[(shown, found)].append(edition.name)
    return [_diagnostic(shown, found, names) for (shown, found), names in editions.items()]


def _withheld(dossier: Dossier, limit: int) -> dict[Path, _Exhibit]:
    """The exhibits an edition of level ``limit`` withholds (as
    :func:`dossier.select.edition.select` does), by their resolved path."""
    found: dict[Path, _Exhibit] = {}
    for record in dossier.evidence.records if dossier.evidence else ():
        inc = record.incident
        whole = level(inc.classification) > limit
        for exhibit in inc.exhibits:
            if whole or level(exhibit.classification) > limit:
                lvl = inc.classification if whole else exhibit.classification
                item = _Exhibit(exhibit.file, inc.id, lvl, whole, exhibit.sha256)
                found.setdefault((dossier.root / exhibit.file).resolve(), item)
    return found


def shown_images(selected: Dossier, doc: YamlDoc) -> Iterator[_Shown]:
    """Every image an edition's view (``selected``) shows."""
    root = selected.root
    for section in selected.sections.values():
        yield from _images(section.blocks, section.path, root)
    evidence = selected.evidence
    listed = f"{GENERATED_PREFIX}exhibits" in selected.manifest.annex
    for record in evidence.records if evidence else ():
        for narrative in record.narratives.values():
            yield from _images(narrative.blocks, narrative.path, root)
        for exhibit in record.incident.exhibits if listed else ():
            if Path(exhibit.file).suffix.lower() in SHOWN:
                path = (root / exhibit.file).resolve()
                yield _Shown(path, record.path, _line(record.path, root, path))
    emblem = emblem_path(root, selected.manifest)
    if emblem is not None:
        line = doc.line_of(("mission", "emblem"))
        yield _Shown(emblem.resolve(), doc.file, line, emblem=True)


def _images(blocks: list[object], path: Path, root: Path) -> Iterator[_Shown]:
    for image in tree.find(blocks, {"Image"}):
        target = Path(tree.target_of(image))
        if target.is_absolute():  # resolved when loaded; a chart's is not there yet
            yield _Shown(target, path, _line(path, root, target))


def _line(path: Path, root: Path, image: Path) -> int | None:
    """The line of ``path`` that names ``image`` (after links; else the
    first that names a file of its name)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    named = None
    for n, text in enumerate(lines, 1):
        for match in _TARGET.finditer(text):
            target = match.group(1) or match.group(2)
            if any((base / target).resolve() == image for base in (path.parent, root)):
                return n
        if named is None and image.name in text:
            named = n
    return named


def _digest(path: Path, seen: dict[Path, str]) -> str | None:
    if path not in seen:
        try:
            seen[path] = file_sha256(path)
        except OSError:
            return None
    return seen[path]


def _diagnostic(shown: _Shown, found: _Exhibit, editions: list[str]) -> Diagnostic:
    names = " and ".join(f"'{e}'" for e in editions)
    plural = "editions withhold" if len(editions) > 1 else "edition withholds"
    what = (
        f"exhibit {found.file} of the {found.level} record {found.record}"
        if found.whole_record
        else f"the {found.level} exhibit {found.file} of record {found.record}"
    )
    subject = "the emblem" if shown.emblem else "this image"
    message = f"{subject} is {what}, which the {names} {plural}"
    return Diagnostic(shown.source, shown.line, message, HINT)
