"""Import: every row checked, then the new and revised records and
``sources.yaml`` written, or nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import write_text_atomic
from dossier.core.sourcefile import read_source
from dossier.core.yamlsource import parse_yaml
from dossier.tools.interchange.cells import Row, read_csv
from dossier.tools.interchange.drafts import Draft
from dossier.tools.interchange.exporting import CellsOf, data_digest
from dossier.tools.interchange.standards import EVIDENCE, SOURCES, TBC
from dossier.tools.interchange.sync import Content, Synced, plan, row_digest, text_digest


def _yaml(value: Any) -> str:
    """One YAML scalar or flow list, quoted only where needed."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=2**30)
    return text.rstrip("\n").removesuffix("\n...")


def _emit(data: dict[str, Any], review: dict[str, str], prefix: str = "") -> list[str]:
    lines: list[str] = []
    pad = "  " * prefix.count(".")
    for key, value in data.items():
        path = f"{prefix}{key}"
        note = f"  # review: {review[path]}" if path in review else ""
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:{note}")
            lines += _emit(value, review, f"{path}.")
        else:
            lines.append(f"{pad}{key}: {_yaml(value)}{note}")
    return lines


def markdown_text(text: str) -> str:
    """Plain text as Markdown that reads back as the same text.

    >>> markdown_text("Mail @press_office [see 2.] *now*\\n1. first")
    'Mail \\\\@press\\\\_office \\\\[see 2.\\\\] \\\\*now\\\\*\\n1\\\\. first'
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"([\\`*_\[\]<>#@~^$|{}])", r"\\\1", text)
    text = re.sub(r"^([-+:=])(?=\s|$|[-=]+$)", r"\\\1", text, flags=re.M)
    return re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text, flags=re.M)


KEPT_NOTE = "source_record:  # the row's other cells, as they were: the export gives them back"
IMPORTED_NOTE = "imported:  # by 'dossier import', to tell revisions upstream from edits here"


def _verbatim(value: str) -> str:
    """A data set's cell as YAML that reads back exactly, spaces and line
    breaks included: one double-quoted line."""
    text = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=2**30)
    return text.rstrip("\n").removesuffix("\n...")


def render(draft: Draft, front: dict[str, Any], kept: dict[str, str], stamp: list[str]) -> str:
    """The record's text: the front matter with its review comments, the
    row's own cells, the import's fingerprints, then the narrative."""
    lines = [
        "---",
        f"# Imported from {stamp[0]}: {stamp[1]}, line {draft.line}.",
        "# Check every line marked 'review' before the record goes into a document.",
        *_emit(front, draft.review),
    ]
    if kept:
        lines.append(KEPT_NOTE)
        lines += [f"  {_yaml(k)}: {_verbatim(v)}" for k, v in kept.items()]
    lines += [IMPORTED_NOTE, *stamp[2:]]
    lines += ["---", ""]
    lines.append(markdown_text(draft.narrative) if draft.narrative else f"{TBC}: the narrative.")
    return "\n".join(lines) + "\n"


def content_of(
    draft: Draft,
    keys: dict[str, str],
    entries: dict[str, dict[str, Any]],
    standard: Standard,
    csv_path: Path,
) -> Content | list[Diagnostic]:
    """What the record of ``draft`` holds, or the problems of its values (at
    the CSV line): the row's cells its export would not give back are kept."""
    from pydantic import ValidationError

    from dossier.core.records import Incident

    front = {**draft.front, "sources": [keys[n] for n in dict.fromkeys(draft.source_names)]}
    try:
        incident = Incident.model_validate(front)
    except ValidationError as exc:
        return _validation(exc, csv_path, draft.line)
    cells = standard.cells_of(incident, incident.notes or "", "", entries)
    kept = {
        c: v
        for c, v in draft.cells.items()
        if cells.get(c, "") != v or c not in standard.columns  # an empty column comes back too
    }
    return Content(front, data_digest(cells), kept)


def record_text(draft: Draft, content: Content, standard: Standard, csv_path: Path) -> str:
    """The record's file, fingerprinted."""
    stamp = [
        standard.name,
        csv_path.name,
        f"  standard: {standard.name}",
        # Quoted: YAML would read '1234567890123456' or '12e4...' as a number.
        f"  row: '{row_digest(draft.cells)}'",
        f"  data: '{content.data}'",
        f"  text: '{'0' * 16}'",  # the file's fingerprint, once the file is written out
    ]
    text = render(draft, content.front, content.kept, stamp)
    return text.replace(f"  text: '{'0' * 16}'\n", f"  text: '{text_digest(text)}'\n", 1)


def _validation(exc: Any, csv_path: Path, line: int) -> list[Diagnostic]:
    return [
        Diagnostic(csv_path, line, f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
        for e in exc.errors()
    ]


def _check_text(text: str, path: Path, csv_path: Path, line: int) -> list[Diagnostic]:
    """The record as written must validate: a last check, at the CSV line."""
    from pydantic import ValidationError

    from dossier.core.records import Incident
    from dossier.load.sections import split_front_matter

    front, _ = split_front_matter(text, path)
    try:
        Incident.model_validate(front)
    except ValidationError as exc:
        return _validation(exc, csv_path, line)
    return []


def _slug(name: str) -> str:
    """
    >>> _slug("The Marches Herald (Orlen)")
    'the-marches-herald-orlen'
    >>> _slug('"Grenades thrown into Orlen market," The Marches Herald, 22 September 2026')
    'grenades-thrown-into-orlen-market-the-marches'
    """
    slug = re.sub(r"[^\w]+", "-", name.lower()).strip("-_")
    if len(slug) > 48:
        slug = slug[:49].rsplit("-", 1)[0].strip("-_")
    return slug or "source"


def _source_items(path: Path, text: str) -> tuple[list[Any], str]:
    """The items of sources.yaml and the indentation of its list."""
    data = parse_yaml(text, path).data  # no aliases, no key given twice
    if data is None or isinstance(data, list):
        return list(data or []), ""
    block = re.search(r"^( *)- ", text, re.M)
    if isinstance(data, dict) and set(data) == {"references"} and block:
        return list(data["references"] or []), block.group(1)
    hint = "make it a list of sources ('- id: ...'), or add the sources by hand"
    raise DossierError([Diagnostic(path, 1, "cannot add the imported sources here", hint)])


def plan_sources(
    root: Path, names: Iterable[str], origin: str
) -> tuple[dict[str, str], dict[str, dict[str, Any]], str | None]:
    """The key of each source name (an entry with that title, or a new one),
    the entries by key, and the new text of sources.yaml (None if unchanged)."""
    path = root / SOURCES
    text = read_source(path) if path.is_file() else ""
    items, pad = _source_items(path, text)
    entries = {str(i["id"]): i for i in items if isinstance(i, dict) and i.get("id")}
    keys = {str(i.get("title", "")).strip(): k for k, i in entries.items()}
    added: list[str] = []
    for name in dict.fromkeys(names):
        if name in keys:
            continue
        key = base = _slug(name)
        n = 1
        while key in entries:
            n += 1
            key = f"{base}-{n}"
        keys[name] = key
        entries[key] = {"id": key, "type": "document", "title": name}
        added += [f"- id: {_yaml(key)}", "  type: document", f"  title: {_yaml(name)}"]
    if not added:
        return keys, entries, None
    note = f"# Imported from {origin}, the name only: complete (type, author, issued, URL)."
    lines = [note, *added] if not pad else [pad + note, *(pad + line for line in added)]
    start = text.rstrip("\n") + "\n" if text.strip() else ""
    return keys, entries, start + "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Standard:
    """A data set: its name, the columns every file has, a row's record and
    a record's row."""

    name: str
    columns: Sequence[str]  # those the export writes
    required: Sequence[str]
    draft_of: Callable[[Row, str], Draft]
    cells_of: CellsOf


def import_rows(
    csv_path: Path, into_dir: Path, standard: Standard, *, id_prefix: str, force: bool
) -> Synced:
    """Check every row, then write the new and revised records (or nothing)."""
    if not into_dir.is_dir():
        hint = "give the dossier's folder"
        raise DossierError([Diagnostic(into_dir, None, "no such folder", hint)])
    rows = read_csv(csv_path, standard.required)
    if not rows:
        raise DossierError([Diagnostic(csv_path, None, "no incidents in the file", None)])
    drafts = [(row, standard.draft_of(row, id_prefix)) for row in rows]
    errors = [e for row in rows for e in row.errors]
    good = [d for row, d in drafts if not row.errors]
    errors += _twice(good, csv_path)
    try:
        keys, entries, _ = plan_sources(into_dir, _names(good), standard.name)
    except DossierError as exc:
        raise DossierError([*exc.diagnostics, *errors]) from None
    contents: dict[str, Content] = {}
    for draft in good:
        content = content_of(draft, keys, entries, standard, csv_path)
        if isinstance(content, list):
            errors += content
        else:
            contents[draft.id] = content
    todo = plan(good, contents, into_dir, csv_path, _data_of(standard, entries), force=force)
    writing = [*todo.new, *todo.revised]
    keys, entries, sources = plan_sources(into_dir, _names(writing), standard.name)
    texts: dict[Path, str] = {}
    for draft in (d for d in writing if d.id in contents):
        path = into_dir / EVIDENCE / f"{draft.id}.md"
        texts[path] = record_text(draft, contents[draft.id], standard, csv_path)
        errors += _check_text(texts[path], path, csv_path, draft.line)
    if errors:
        raise DossierError(sorted(errors, key=lambda d: d.line or 0))
    if sources is not None:
        write_text_atomic(into_dir / SOURCES, sources)
    for path, text in texts.items():
        write_text_atomic(path, text)
    return Synced(
        new=[into_dir / EVIDENCE / f"{d.id}.md" for d in todo.new],
        unchanged=[into_dir / EVIDENCE / f"{d.id}.md" for d in todo.unchanged],
        revised=[into_dir / EVIDENCE / f"{d.id}.md" for d in todo.revised],
        conflicts=todo.conflicts,
        sources=into_dir / SOURCES if sources is not None else None,
    )


def _data_of(
    standard: Standard, entries: dict[str, dict[str, Any]]
) -> Callable[[dict[str, Any]], str | None]:
    """The fingerprint of the row a record's front matter exports."""
    from pydantic import ValidationError

    from dossier.core.records import Incident

    def data_of(front: dict[str, Any]) -> str | None:
        try:
            incident = Incident.model_validate(front)
        except ValidationError:
            return None
        return data_digest(standard.cells_of(incident, incident.notes or "", "", entries))

    return data_of


def _names(drafts: list[Draft]) -> list[str]:
    return [n for d in drafts for n in d.source_names]


def _twice(drafts: list[Draft], csv_path: Path) -> list[Diagnostic]:
    """IDs twice in the file."""
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for d in drafts:
        if d.id in seen:
            message = f"the ID {d.id} is also that of line {seen[d.id]}"
            out.append(Diagnostic(csv_path, d.line, message, "give each incident its own ID"))
        seen.setdefault(d.id, d.line)
    return out
