"""Exhibits and their chain of custody, after the Berkeley Protocol on
Digital Open Source Investigations: each file an incident record points to
is recorded with its SHA-256, when, by whom and from where it was captured,
and a custody log. Every build re-hashes the files and refuses to go on when
one no longer matches.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import file_sha256, write_text_atomic
from dossier.core.limits import Limits
from dossier.core.sourcefile import read_source
from dossier.load.evidence import EVIDENCE, Record
from dossier.load.images import FileProblem, check_image, confine
from dossier.load.sections import split_front_matter

EXHIBITS = "exhibits"
# Exhibits the annex shows as pictures (see evidence.annex.exhibit_list).
SHOWN = {".png", ".jpg", ".jpeg", ".svg"}
EMPTY = "a 0-byte file is no evidence: register the file that was captured"


sha256_of = file_sha256


def check_exhibits(record: Record, root: Path, limits: Limits | None = None) -> list[Diagnostic]:
    """Every exhibit of ``record`` is a file of the dossier (after links),
    not empty, within ``limits``, a sound image if it is one, and still has
    its recorded hash."""
    out: list[Diagnostic] = []
    for i, exhibit in enumerate(record.incident.exhibits):
        path = root / exhibit.file
        line = record.line_of("exhibits", i, "file")
        if not path.is_file():
            out.append(
                Diagnostic(
                    record.path,
                    line,
                    f"exhibit {exhibit.file} not found",
                    f"put the file under {root / EXHIBITS} or fix the path",
                )
            )
            continue
        try:
            confine_exhibit(path, root)
        except FileProblem as problem:
            out.append(_problem(record, line, exhibit.file, problem))
            continue
        actual = sha256_of(path)
        if actual != exhibit.sha256:
            out.append(
                Diagnostic(
                    record.path,
                    record.line_of("exhibits", i, "sha256"),
                    f"exhibit {exhibit.file} no longer matches its recorded SHA-256 "
                    f"(recorded {exhibit.sha256[:12]}..., now {actual[:12]}...)",
                    "the file changed since it was registered: restore the original, or "
                    "register the new file as a new exhibit with its own custody record",
                )
            )
            continue
        try:
            _check_content(path, limits or Limits())
        except FileProblem as problem:
            out.append(_problem(record, line, exhibit.file, problem))
    return out


def _problem(record: Record, line: int, file: str, problem: FileProblem) -> Diagnostic:
    return Diagnostic(record.path, line, f"exhibit {file} {problem.what}", problem.hint)


def confine_exhibit(path: Path, root: Path) -> None:
    """FileProblem unless ``path`` is a non-empty file of the dossier (after
    links): nothing outside it is read, not even to hash it."""
    if confine(path, root).stat().st_size == 0:
        raise FileProblem("is empty (0 bytes)", EMPTY)


def _check_content(path: Path, limits: Limits) -> None:
    """FileProblem unless ``path`` is within ``limits`` (and a sound image,
    when the annex shows it as one)."""
    size = path.stat().st_size
    if size > limits.image_bytes:
        raise FileProblem(
            f"is {size:,} bytes, more than the limit of {limits.image_bytes:,}",
            "raise 'limits: {image_bytes: ...}' in dossier.yaml",
        )
    if path.suffix.lower() in SHOWN:
        check_image(path.resolve(), limits)


def add_exhibit(
    root: Path,
    file: Path,
    record_id: str,
    *,
    by: str,
    origin: str,
    captured: dt.datetime | dt.date | None = None,
    title: str | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Register ``file`` as an exhibit of record ``record_id``: copy it under
    ``exhibits/`` (unless it is there), hash it, and append the exhibit with
    its first custody entry to the record's front matter. Returns the record.

    Relative paths are taken from the current folder. Everything is checked
    (the record, the file, the name under ``exhibits/``, the new header)
    before anything is copied or written, so a refusal leaves no trace."""
    record_path = root / EVIDENCE / f"{record_id}.md"
    _check_inputs(root, record_path, record_id, file)
    source = file.resolve()
    within = _within_exhibits(root, source)
    target = root / EXHIBITS / within
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    entry = {
        "file": (Path(EXHIBITS) / within).as_posix(),
        "sha256": sha256_of(source),
        **({"title": title} if title else {}),
        "captured": captured or now,
        "by": by,
        "origin": origin,
        "custody": [{"date": now, "by": by, "action": "registered in the dossier"}],
    }
    text = read_source(record_path)
    _not_registered(text, record_path, entry["file"])
    new_text = append_exhibit(text, record_path, entry)
    split_front_matter(new_text, record_path)  # the new header reads back
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    write_text_atomic(record_path, new_text)
    return record_path


def _check_inputs(root: Path, record_path: Path, record_id: str, file: Path) -> None:
    if not record_path.is_file():
        known = sorted(p.stem for p in (root / EVIDENCE).glob("*.md"))
        hint = f"records: {', '.join(known) or 'none yet'}"
        raise DossierError(
            [Diagnostic(record_path, None, f"no incident record '{record_id}'", hint)]
        )
    if not file.is_file():
        raise DossierError([Diagnostic(file, None, "no such file", "check the path")])
    if file.stat().st_size == 0:
        raise DossierError([Diagnostic(file, None, "the file is empty (0 bytes)", EMPTY)])


def _within_exhibits(root: Path, source: Path) -> Path:
    """Where the exhibit is kept, under ``exhibits/``: where it is if it is
    there already, else a new file of its name (refused if that is taken)."""
    folder = (root / EXHIBITS).resolve()
    if source.is_relative_to(folder):
        return source.relative_to(folder)
    target = root / EXHIBITS / source.name
    if _same_file(target, source):  # copied by an earlier attempt, say
        return Path(source.name)
    if target.exists() or target.is_symlink():
        hint = "rename the file before adding it"
        raise DossierError(
            [Diagnostic(target, None, "an exhibit of that name exists already", hint)]
        )
    return Path(source.name)


def _same_file(target: Path, source: Path) -> bool:
    """``target`` is a plain file of the same bytes as ``source``."""
    plain = target.is_file() and not target.is_symlink()
    return (
        plain
        and target.stat().st_size == source.stat().st_size
        and (sha256_of(target) == sha256_of(source))
    )


def _not_registered(text: str, record_path: Path, file: object) -> None:
    front, _ = split_front_matter(text, record_path)
    listed = front.get("exhibits") if isinstance(front, dict) else None
    files = [e.get("file") for e in listed or [] if isinstance(e, dict)]
    if file in files:
        message = f"{file} is an exhibit of this record already"
        hint = "add a custody entry to it by hand, or register another file"
        raise DossierError([Diagnostic(record_path, None, message, hint)])


class _NoAliases(yaml.SafeDumper):
    """Write a repeated value twice rather than as an anchor and alias, and
    a time as RFC 3339 (``2026-08-10T07:30:00Z``), the JSON Schema's
    ``date-time``, rather than PyYAML's ``2026-08-10 07:30:00+00:00``."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _rfc3339(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.ScalarNode:
    if value.tzinfo is None:
        value = value.astimezone()  # a local time: its offset, as the schema needs one
    text = value.isoformat().replace("+00:00", "Z")
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", text)


_NoAliases.add_representer(dt.datetime, _rfc3339)


def append_exhibit(text: str, path: Path, entry: dict[str, object]) -> str:
    """Append ``entry`` to the ``exhibits:`` list of the front matter in
    ``text``, leaving every other line (and comment) as it was."""
    split_front_matter(text, path)  # raises on a bad header
    lines = text.split("\n")
    end = lines.index("---", 1)
    header = "\n".join(lines[1:end]) + "\n"
    item = yaml.dump([entry], Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=88)
    item = "\n".join("  " + line if line else line for line in item.rstrip("\n").split("\n"))
    node = yaml.compose(header)
    exhibits = None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "exhibits":
                exhibits = value
    if exhibits is None:
        new_header = header.rstrip("\n") + "\nexhibits:\n" + item
    elif isinstance(exhibits, yaml.SequenceNode) and not exhibits.flow_style:
        at = exhibits.end_mark.line  # the line after the last item
        head = header.split("\n")
        while at > 0 and not head[at - 1].strip():
            at -= 1
        new_header = "\n".join([*head[:at], item, *head[at:]])
    else:  # `exhibits: []` or a flow list: rewrite that line as a block list
        head = header.split("\n")
        line = exhibits.start_mark.line
        head[line] = head[line][: head[line].index("exhibits")] + "exhibits:"
        existing = yaml.safe_load(header).get("exhibits") or []
        if existing:
            raise DossierError(
                [Diagnostic(path, line + 2, "write 'exhibits:' as a list of '- file: ...' items")]
            )
        new_header = "\n".join([*head[: line + 1], item, *head[line + 1 :]])
    return "\n".join(["---", new_header.strip("\n"), *lines[end:]])
