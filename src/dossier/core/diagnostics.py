"""Diagnostics: problems a user can cause, with the file and line to fix.

A user mistake is never an exception with a traceback. Stages collect
:class:`Diagnostic` objects; the command line prints them all at once and
exits with status 2. :class:`DossierError` carries a batch of them across a
stage boundary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one place.

    >>> str(Diagnostic(Path("d/dossier.yaml"), 3, "unknown key 'simbol'", "did you mean 'symbol'?"))
    "d/dossier.yaml:3: error: unknown key 'simbol' (did you mean 'symbol'?)"
    """

    file: Path | None
    line: int | None
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        if self.file is None:
            return "dossier"
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self) -> str:
        text = f"{self.where}: {self.severity.value}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class DossierError(Exception):
    """One or more user errors that stop the run (exit status 2)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]
