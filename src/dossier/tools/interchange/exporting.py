"""Export: the records up to a classification as CSV rows, with what
both standards' rows share (sources, counts, notes, country)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import write_text_atomic
from dossier.tools.interchange.cells import escape_cell
from dossier.tools.interchange.standards import EVIDENCE, TBC

# The models, pandoc and the loader are imported where used: the command
# line imports this package for its commands, and starts faster without them.

if TYPE_CHECKING:
    from dossier.core.records import Split
    from dossier.load.evidence import Record
    from dossier.load.loaded import Dossier

    RowOf = Callable[[Record, Dossier, dict[str, dict[str, Any]]], dict[str, str]]


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    withheld: int  # records above the classification allowed out


def _records(dossier_dir: Path, max_level: str) -> tuple[Dossier, list[Record], int]:
    from dossier.core.model import level
    from dossier.pipeline.loading import load

    dossier = load(dossier_dir, draft=True)
    if dossier.evidence is None:
        hint = "incident records are evidence/<ID>.md files"
        raise DossierError([Diagnostic(dossier_dir / EVIDENCE, None, "no evidence folder", hint)])
    records = list(dossier.evidence.records)
    allowed = [r for r in records if level(r.incident.classification) <= level(max_level)]
    return dossier, allowed, len(records) - len(allowed)


def plain_narrative(record: Record, lang: str) -> str:
    """The narrative as one line of plain text, without citations or notes."""
    from dossier.core import pandoc, tree

    blocks = tree.map_nodes(
        record.narratives[lang].blocks, lambda n: [] if n["t"] in {"Cite", "Note"} else None
    )
    text = pandoc.run(["-f", "json", "-t", "plain", "--wrap=none"], pandoc.document(blocks))
    return re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split()))


def _names(item: dict[str, Any]) -> list[str]:
    people = item.get("author") or []
    names = [p.get("literal") or f"{p.get('given', '')} {p.get('family', '')}" for p in people]
    return [" ".join(str(n).split()) for n in names if str(n).strip()]


def outlet(item: dict[str, Any]) -> str:
    """Who published a source, as ACLED names its sources."""
    for value in (item.get("container-title"), "; ".join(_names(item)), item.get("publisher")):
        if value:
            return str(value)
    return str(item.get("title", item["id"]))


def citation(item: dict[str, Any]) -> str:
    """A source in one line, as GTD cites it."""
    parts = [str(item.get("title", item["id"]))]
    published = item.get("container-title") or item.get("publisher")
    parts += [str(published)] if published else []
    issued = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    parts += ["-".join(f"{int(p):02}" for p in issued)] if issued else []
    return ", ".join(parts)


def number_cell(value: float | int | None) -> str:
    return "" if value is None else str(value)


def count_of(given: int | None, split: Split) -> str:
    """A total: as given, else the split's; empty (unknown) if neither says
    anything, as a record cannot tell 'none' from 'not known' in its split."""
    if given is not None:
        return str(given)
    return str(split.total) if split.total else ""


def notes_of(record: Record, lang: str) -> str:
    """ACLED notes / GTD summary: the record's notes, else its narrative
    (not the placeholder of an import)."""
    if record.incident.notes is not None:
        return record.incident.notes
    text = plain_narrative(record, lang)
    return "" if text.startswith(TBC) else text


def country_of(dossier: Dossier) -> str:
    from dossier.core.model import local

    country = dossier.manifest.evidence.country
    return local(country.name, "en", dossier.manifest.source_language) if country else ""


def export_rows(
    dossier_dir: Path, out_csv: Path, columns: Sequence[str], row_of: RowOf, max_level: str
) -> Exported:
    dossier, records, withheld = _records(dossier_dir, max_level)
    sources = dossier.evidence.sources if dossier.evidence else {}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: escape_cell(v) for k, v in row_of(record, dossier, sources).items()})
    write_text_atomic(out_csv, buffer.getvalue())
    return Exported(out_csv, len(records), withheld)
