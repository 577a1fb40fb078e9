"""Every path the build writes, computed in one place (contract:
``build/<name>/<edition>/<name>.<lang>.<ext>``)."""

from __future__ import annotations

from pathlib import Path

FORMATS: tuple[str, ...] = ("docx", "pdf", "html")
# A dossier's own description, the drafter's file (contract).
DOSSIER_FILE = "dossier.yaml"
# The record of an edition's inputs and outputs, in its folder.
EDITION_MANIFEST = "manifest.json"


def output(out: Path, name: str, edition: str, lang: str, fmt: str) -> Path:
    """
    >>> output(Path("build"), "example", "public", "en", "pdf").as_posix()
    'build/example/public/example.en.pdf'
    """
    return out / name / edition / f"{name}.{lang}.{fmt}"


def assembled(out: Path, name: str, edition: str, lang: str) -> Path:
    """Where one language version of an edition is kept assembled, between
    the Make steps `dossier assemble` and `dossier render`.

    >>> assembled(Path("build"), "example", "public", "fr").as_posix()
    'build/example/.stage/public.fr.pickle'
    """
    return out / name / ".stage" / f"{edition}.{lang}.pickle"


# The submission package's folder in an edition's, and its record.
SUBMISSION = "submission"
SUBMISSION_RECORD = "submission.json"


def submission(out: Path, name: str, edition: str, part: str, lang: str, fmt: str) -> Path:
    """One file of an edition's submission package: ``part`` is 'letter',
    'note-verbale' or 'secretariat'.

    >>> submission(Path("build"), "example", "public", "letter", "en", "pdf").as_posix()
    'build/example/public/submission/example.letter.en.pdf'
    """
    return out / name / edition / SUBMISSION / f"{name}.{part}.{lang}.{fmt}"


def submission_record(out: Path, name: str, edition: str) -> Path:
    """
    >>> submission_record(Path("build"), "example", "public").as_posix()
    'build/example/public/submission/submission.json'
    """
    return out / name / edition / SUBMISSION / SUBMISSION_RECORD
