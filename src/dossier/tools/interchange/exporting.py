"""Export: the records up to a classification as CSV rows, with what
both standards' rows share (sources, counts, notes, country)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
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
    from dossier.core.records import Incident, Split
    from dossier.load.evidence import Record
    from dossier.load.loaded import Dossier

# A record's cells in a standard: (incident, notes, the dossier's country,
# sources.yaml by key) -> column -> text. The import runs it too, on the
# record it writes, to know which cells of the row the record cannot give back.
CellsOf = Callable[["Incident", str, str, dict[str, dict[str, Any]]], dict[str, str]]


# Our export writes the dossier's country; an import does not know it.
COUNTRY_COLUMNS = frozenset({"country", "country_txt"})


def digest(text: str) -> str:
    """A short fingerprint (16 hexadecimal digits of a SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def data_digest(cells: dict[str, str]) -> str:
    """The fingerprint of the row a record exports, without the country."""
    kept = {k: v for k, v in cells.items() if k not in COUNTRY_COLUMNS}
    return digest(json.dumps(kept, sort_keys=True, ensure_ascii=False))


def with_source_record(cells: dict[str, str], incident: Incident) -> dict[str, str]:
    """``cells`` with the imported row's own cells put back: the columns we
    do not map (and the row's country) always, the others while the record's
    data are as imported (a date written '3 September 2026')."""
    imported = incident.imported
    unchanged = imported is not None and data_digest(cells) == imported.data
    kept = {
        k: v
        for k, v in incident.source_record.items()
        if unchanged or k not in cells or k in COUNTRY_COLUMNS
    }
    return {**cells, **kept}


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
    dossier_dir: Path, out_csv: Path, columns: Sequence[str], cells_of: CellsOf, max_level: str
) -> Exported:
    """One row per record up to ``max_level``: ``columns``, then the other
    columns imported rows brought (in the order met)."""
    dossier, records, withheld = _records(dossier_dir, max_level)
    sources = dossier.evidence.sources if dossier.evidence else {}
    lang, country = dossier.manifest.source_language, country_of(dossier)
    rows = [
        with_source_record(cells_of(r.incident, notes_of(r, lang), country, sources), r.incident)
        for r in records
    ]
    extra = dict.fromkeys(k for row in rows for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*columns, *extra], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: escape_cell(v) for k, v in row.items()})
    write_text_atomic(out_csv, buffer.getvalue())
    return Exported(out_csv, len(records), withheld)
