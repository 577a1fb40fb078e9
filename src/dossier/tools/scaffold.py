"""``dossier new``: a dossier that builds at once, to write into.

The scaffold holds a letter, one annex section and one sample incident
with its source, all in the source language and all marked as fictional
samples. The other languages get no files: ``draft: true`` in the manifest
builds them with the source text under a visible "untranslated" marker,
which is what they are, until the translations come back
(``dossier translation export``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import ValidationError

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.model import LANGS, Manifest
from dossier.tools.scaffold_files import Plan, render
from dossier.tools.schemas import document_kinds

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def available_kinds(root: Path | None = None) -> list[str]:
    """The document kinds with templates (:func:`document_kinds`)."""
    return document_kinds(root)


def parse_languages(text: str) -> tuple[str, ...]:
    """``en,fr,ar`` -> ('en', 'fr', 'ar'), the source language first.

    >>> parse_languages(" en, fr ,ar")
    ('en', 'fr', 'ar')
    """
    return tuple(part.strip() for part in text.split(",") if part.strip())


def plan(name: str, kind: str | None, languages: Sequence[str], into: Path, today: dt.date) -> Plan:
    """Check the request; every mistake is reported at once (exit 2)."""
    out: list[Diagnostic] = []
    kinds = available_kinds()
    if not NAME.fullmatch(name):
        out.append(
            Diagnostic(
                None,
                None,
                f"'{name}' is not a dossier name",
                "use lower-case letters, digits and hyphens, e.g. border-attacks-2026",
            )
        )
    if kind not in kinds:
        what = f"'{kind}' is not a document kind" if kind else "no document kind given"
        out.append(Diagnostic(None, None, what, f"--kind one of: {', '.join(kinds)}"))
    out += _check_languages(languages)
    folder = into / name
    if folder.exists():
        out.append(Diagnostic(folder, None, "this folder exists already", "choose another name"))
    if out:
        raise DossierError(out)
    assert kind is not None
    return Plan(name, kind, tuple(languages), folder, today)


def _check_languages(languages: Sequence[str]) -> list[Diagnostic]:
    choose = f"--languages from: {', '.join(LANGS)}, the source language first"
    if not languages:
        return [Diagnostic(None, None, "no language given", choose)]
    out = [
        Diagnostic(None, None, f"'{lang}' is not a UN language of this tool", choose)
        for lang in languages
        if lang not in LANGS
    ]
    out += [
        Diagnostic(None, None, f"'{lang}' is listed twice", "list each language once")
        for i, lang in enumerate(languages)
        if list(languages).index(lang) != i
    ]
    return out


def create(p: Plan) -> list[Path]:
    """Write the dossier of ``p``; return the files written."""
    files = render(p)
    _validate(files["dossier.yaml"])
    written: list[Path] = []
    for relative, text in files.items():
        path = p.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _validate(manifest: str) -> None:
    """The manifest written must be one the model accepts (a kind with
    templates but not yet in the model is refused here, not at build time)."""
    try:
        Manifest.model_validate(yaml.safe_load(manifest))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise DossierError(
            [Diagnostic(None, None, f"cannot scaffold this kind yet: {problems}")]
        ) from None
