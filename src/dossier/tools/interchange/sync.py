"""Import as synchronisation: each row of a new export of a data set is new,
unchanged, revised upstream (the record is updated, when nobody edited it
since the import), or in conflict with edits made here (left as it is)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.sourcefile import read_source
from dossier.tools.interchange.drafts import Draft
from dossier.tools.interchange.exporting import digest
from dossier.tools.interchange.standards import EVIDENCE

# The line of the record's `imported:` block that fingerprints the file
# itself (and is left out of that fingerprint).
TEXT_LINE = re.compile(r"^  text: '[0-9a-f]{16}'\n", re.M)


def row_digest(cells: dict[str, str]) -> str:
    """The fingerprint of a data set's row (the order of columns aside)."""
    return digest(json.dumps(cells, sort_keys=True, ensure_ascii=False))


def text_digest(text: str) -> str:
    """The fingerprint of a record's file, its own line left out."""
    return digest(TEXT_LINE.sub("", text.replace("\r\n", "\n")))


# The fingerprint of the row a record's front matter exports (None if it
# does not validate).
DataOf = Callable[[dict[str, Any]], "str | None"]


@dataclass(frozen=True)
class Content:
    """What a row's record holds: its front matter, the fingerprint of the
    row it exports, and the row's cells it keeps as they were."""

    front: dict[str, Any]
    data: str
    kept: dict[str, str]


@dataclass
class Plan:
    """What an import does with each row of the file."""

    new: list[Draft] = field(default_factory=list)
    unchanged: list[Draft] = field(default_factory=list)
    revised: list[Draft] = field(default_factory=list)
    conflicts: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Synced:
    """What an import did: the records written, those left, the conflicts."""

    new: list[Path]
    unchanged: list[Path]
    revised: list[Path]
    conflicts: list[Diagnostic]
    sources: Path | None  # sources.yaml, when names were added

    def summary(self) -> str:
        """'12 new, 480 unchanged, 3 revised, 1 conflict'."""
        n = len(self.conflicts)
        return (
            f"{len(self.new)} new, {len(self.unchanged)} unchanged, {len(self.revised)} revised, "
            f"{n} conflict{'s' if n != 1 else ''}"
        )


def plan(
    drafts: list[Draft],
    contents: dict[str, Content],
    root: Path,
    csv_path: Path,
    data_of: DataOf,
    *,
    force: bool,
) -> Plan:
    """Sort the rows by what the records under ``root`` say of them."""
    out = Plan()
    for draft in drafts:
        path = root / EVIDENCE / f"{draft.id}.md"
        if not path.exists():
            out.new.append(draft)
            continue
        state = _state(draft, contents.get(draft.id), path, csv_path, data_of)
        if isinstance(state, Diagnostic):
            if force:
                out.revised.append(draft)
            else:
                out.conflicts.append(state)
        elif state == "unchanged":
            out.unchanged.append(draft)
        else:
            out.revised.append(draft)
    return out


def _state(
    draft: Draft, content: Content | None, path: Path, csv_path: Path, data_of: DataOf
) -> str | Diagnostic:
    """'unchanged' when the row is as it was, or says what the record holds
    (our own export coming back, or a revision brought in by hand);
    'revised' when the record is as the import wrote it; else a conflict."""
    text = read_source(path)
    front = _front(text, path)
    imported = front.get("imported") if isinstance(front.get("imported"), dict) else None
    if content is not None and data_of(front) == content.data:
        return "unchanged"
    where = f"{csv_path.name}, line {draft.line}"
    if imported is None:
        message = f"the record {draft.id} exists already and was not written by an import"
        hint = f"give the row of {where} another ID, or use --force to replace the record"
        return Diagnostic(path, None, message, hint, Severity.WARNING)
    same = content is not None and (content.data, content.kept) == (
        imported.get("data"),
        front.get("source_record") or {},
    )
    if same or imported.get("row") == row_digest(draft.cells):
        return "unchanged"
    if imported.get("text") == text_digest(text):
        return "revised"
    message = (
        f"the row of {draft.id} was revised upstream ({where}) and the record edited here "
        "since the import: left as it is"
    )
    hint = "bring the row's changes in by hand, or use --force to replace the record"
    return Diagnostic(path, None, message, hint, Severity.WARNING)


def _front(text: str, path: Path) -> dict[str, Any]:
    from dossier.load.sections import split_front_matter

    try:
        front, _ = split_front_matter(text, path)
    except DossierError:
        return {}
    return front if isinstance(front, dict) else {}
