"""The submission package of an edition (:mod:`dossier.assemble.submission`),
written all or none into ``build/<name>/<edition>/submission/``:

- ``<name>.letter.<lang>.docx`` and ``.pdf``: the letter on the letterhead,
  to sign (``<name>.note-verbale.<lang>.*`` for a note verbale: to stamp);
- ``<name>.secretariat.<lang>.docx``: the Word file the Secretariat takes in;
- ``submission.json``: the files and their SHA-256, the language submitted,
  the addressees, the agenda item, the status.

Each file is scanned for what the edition withholds before any is moved
into place, as the documents as issued are.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

from dossier.assemble.compose import Document
from dossier.assemble.submission import KIND, SECRETARIAT, letter_part, submission_document
from dossier.core import paths
from dossier.core.files import atomic_output, file_sha256, write_text_atomic
from dossier.core.model import Edition, Manifest, local
from dossier.core.templates import kind_dir
from dossier.load.loaded import Dossier
from dossier.render.submission import render_letter, render_secretariat
from dossier.seal import leaks
from dossier.select.edition import Withheld, select

Write = Callable[[Document, Path], None]


def targets(m: Manifest, out: Path, name: str, edition: str, lang: str) -> dict[Path, Write]:
    """Each file of the package in ``lang`` and how it is written: the
    letter; the Secretariat's Word file in the language submitted only."""
    part = letter_part(m)

    def letter(fmt: str) -> Write:
        return lambda doc, path: render_letter(doc, path, fmt)

    files = {
        paths.submission(out, name, edition, part, lang, "docx"): letter("docx"),
        paths.submission(out, name, edition, part, lang, "pdf"): letter("pdf"),
    }
    if lang == m.submission_language:
        files[paths.submission(out, name, edition, SECRETARIAT, lang, "docx")] = render_secretariat
    return files


def courtesy_languages(m: Manifest, edition: Edition) -> list[str]:
    """The languages of ``edition`` its letter is also built in, as courtesy
    translations."""
    langs = m.edition_languages(edition)
    return [x for x in m.courtesy_languages if x in langs and x != m.submission_language]


def submission_templates() -> list[Path]:
    """The template files the package is laid out with (and the UN letter's
    Typst library, which the letterhead's imports)."""
    folder, letter = kind_dir(KIND), kind_dir("sc-letter")
    own = sorted(p for p in folder.rglob("*") if p.is_file()) if folder else []
    return [*own, *([letter / "un.typ"] if letter else [])]


def wanted(m: Manifest, edition: Edition) -> bool:
    """Whether ``edition`` has a submission package: it is in the language
    the letter is submitted in."""
    return m.submission_language in m.edition_languages(edition)


def assembled_languages(m: Manifest, edition: Edition) -> list[str]:
    """The languages ``edition`` is assembled in: those of its UN layout,
    and those its submission package is built in (a submitted dossier has
    no UN layout, but its package has a language)."""
    wanted_langs = set(m.layout_languages(edition))
    if wanted(m, edition):
        wanted_langs |= {m.submission_language, *courtesy_languages(m, edition)}
    return [lang for lang in m.edition_languages(edition) if lang in wanted_langs]


def write_submission(
    selected: Dossier,
    edition: Edition,
    out: Path,
    prints: leaks.Fingerprints,
    withheld: list[Withheld],
    sign: Callable[[Path, str], None] | None = None,
) -> list[Path]:
    """Write the submission package of ``edition`` from the dossier as it
    shows it (``selected``), with its courtesy translations among the
    languages loaded; the paths written, the record last. Every file is
    scanned for what the edition withholds (``prints``, ``withheld``) before
    any is moved into place; the PDFs are signed with ``sign`` (the build's
    key) when it is given, after the scan, as the documents as issued are."""
    m, cache = selected.manifest, out / selected.name / ".cache"
    loaded = {lang for _, lang in selected.sections}
    langs = [m.submission_language, *(x for x in courtesy_languages(m, edition) if x in loaded)]
    files: dict[Path, str] = {}  # each file and its language
    with contextlib.ExitStack() as pending:
        for lang in langs:
            doc = submission_document(selected, cache=cache, edition=edition, lang=lang)
            for target, write in targets(m, out, selected.name, edition.name, lang).items():
                tmp = pending.enter_context(atomic_output(target, shared=True))
                write(doc, tmp)
                leaks.enforce(tmp, prints, withheld, output=target)
                if sign is not None and target.suffix == ".pdf":
                    sign(tmp, f"{reason(m)} ({edition.name} edition)")
                files[target] = lang
    record = paths.submission_record(out, selected.name, edition.name)
    write_text_atomic(record, record_text(m, files), shared=True)
    return [*files, record]


def reason(m: Manifest) -> str:
    """The reason a signed submission PDF gives: what it is, by the
    mission's reference (no symbol exists yet)."""
    return f"Submitted as {m.reference}" if m.reference else "Submitted"


def build_submission(
    dossier: Dossier,
    edition: Edition,
    out: Path,
    sign: Callable[[Path, str], None] | None = None,
) -> list[Path]:
    """The package of ``edition`` from the whole dossier (selected here)."""
    selected, withheld = select(dossier, edition)
    prints = leaks.fingerprints(withheld, dossier.root)
    return write_submission(selected, edition, out, prints, withheld, sign)


def record_text(m: Manifest, files: dict[Path, str]) -> str:
    """``submission.json``: what the package holds, for whoever sends it;
    the courtesy translations (``files``: each file and its language) apart
    from what is submitted."""

    def listed(courtesy: bool) -> list[dict[str, str]]:
        return [
            {"name": f.name, "sha256": file_sha256(f)} | ({"language": lang} if courtesy else {})
            for f, lang in files.items()
            if (lang != m.submission_language) == courtesy
        ]

    record = {
        "status": m.status,
        "kind": m.kind,
        "language": m.submission_language,
        "date": m.date.isoformat(),
        "reference": m.reference,
        "addressees": m.addressees,
        "agenda_items": [_item(m)] if m.agenda_item else [],
        "files": listed(courtesy=False),
        "courtesy_translations": listed(courtesy=True),
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def _item(m: Manifest) -> dict[str, object]:
    item = m.agenda_item
    assert item is not None
    title = local(item.title, m.submission_language, m.source_language)
    return {"number": item.number, "title": title}
