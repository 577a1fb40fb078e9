"""Import: every row checked, then every record and ``sources.yaml``
written, or nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import write_text_atomic
from dossier.core.sourcefile import read_source
from dossier.core.yamlsource import parse_yaml
from dossier.tools.interchange.cells import Row, read_csv
from dossier.tools.interchange.drafts import Draft
from dossier.tools.interchange.standards import EVIDENCE, SOURCES, TBC


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


def render(draft: Draft, keys: dict[str, str], origin: str, csv_path: Path) -> str:
    front = {**draft.front, "sources": [keys[n] for n in dict.fromkeys(draft.source_names)]}
    lines = [
        "---",
        f"# Imported from {origin}: {csv_path.name}, line {draft.line}.",
        "# Check every line marked 'review' before the record goes into a document.",
        *_emit(front, draft.review),
        "---",
        "",
        markdown_text(draft.narrative) if draft.narrative else f"{TBC}: the narrative.",
    ]
    return "\n".join(lines) + "\n"


def _check_text(text: str, path: Path, csv_path: Path, line: int) -> list[Diagnostic]:
    """The record as written must validate: a last check, at the CSV line."""
    from pydantic import ValidationError

    from dossier.core.records import Incident
    from dossier.load.sections import split_front_matter

    front, _ = split_front_matter(text, path)
    try:
        Incident.model_validate(front)
    except ValidationError as exc:
        return [
            Diagnostic(csv_path, line, f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in exc.errors()
        ]
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
) -> tuple[dict[str, str], str | None]:
    """The key of each source name (an entry with that title, or a new one),
    and the new text of sources.yaml (None if unchanged)."""
    path = root / SOURCES
    text = read_source(path) if path.is_file() else ""
    items, pad = _source_items(path, text)
    entries = [i for i in items if isinstance(i, dict) and i.get("id")]
    keys = {str(i.get("title", "")).strip(): str(i["id"]) for i in entries}
    used = {str(i["id"]) for i in entries}
    added: list[str] = []
    for name in dict.fromkeys(names):
        if name in keys:
            continue
        key = base = _slug(name)
        n = 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        keys[name] = key
        used.add(key)
        added += [f"- id: {_yaml(key)}", "  type: document", f"  title: {_yaml(name)}"]
    if not added:
        return keys, None
    note = f"# Imported from {origin}, the name only: complete (type, author, issued, URL)."
    lines = [note, *added] if not pad else [pad + note, *(pad + line for line in added)]
    start = text.rstrip("\n") + "\n" if text.strip() else ""
    return keys, start + "\n".join(lines) + "\n"


def import_rows(
    csv_path: Path,
    into_dir: Path,
    *,
    origin: str,
    required: Sequence[str],
    draft_of: Callable[[Row, str], Draft],
    id_prefix: str,
    force: bool,
) -> list[Path]:
    """Check every row, then write every record (or nothing)."""
    if not into_dir.is_dir():
        raise DossierError(
            [Diagnostic(into_dir, None, "no such folder", "give the dossier's folder")]
        )
    rows = read_csv(csv_path, required)
    if not rows:
        raise DossierError([Diagnostic(csv_path, None, "no incidents in the file", None)])
    drafts = [(row, draft_of(row, id_prefix)) for row in rows]
    errors = [e for row in rows for e in row.errors]
    good = [d for row, d in drafts if not row.errors]
    errors += _clashes(good, into_dir, csv_path, force=force)
    try:
        keys, sources = plan_sources(into_dir, (n for d in good for n in d.source_names), origin)
    except DossierError as exc:
        raise DossierError([*exc.diagnostics, *errors]) from None
    texts: dict[Path, str] = {}
    for draft in good:
        path = into_dir / EVIDENCE / f"{draft.id}.md"
        texts[path] = render(draft, keys, origin, csv_path)
        errors += _check_text(texts[path], path, csv_path, draft.line)
    if errors:
        raise DossierError(sorted(errors, key=lambda d: d.line or 0))
    if sources is not None:
        write_text_atomic(into_dir / SOURCES, sources)
    for path, text in texts.items():
        write_text_atomic(path, text)
    return [*texts, *([into_dir / SOURCES] if sources is not None else [])]


def _clashes(drafts: list[Draft], root: Path, csv_path: Path, *, force: bool) -> list[Diagnostic]:
    """IDs twice in the file, and records that exist already."""
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for d in drafts:
        path = root / EVIDENCE / f"{d.id}.md"
        if d.id in seen:
            message = f"the ID {d.id} is also that of line {seen[d.id]}"
            out.append(Diagnostic(csv_path, d.line, message, "give each incident its own ID"))
        elif path.exists() and not force:
            hint = "use --force to replace it, or another --prefix"
            out.append(Diagnostic(path, None, f"the record {d.id} exists already", hint))
        seen.setdefault(d.id, d.line)
    return out
