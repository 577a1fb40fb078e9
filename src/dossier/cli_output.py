"""What the command line prints: diagnostics, the report of `dossier
check`, and the one wrapper that turns a user error into exit status 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from rich.console import Console

from dossier.core.diagnostics import Diagnostic, DossierError, Severity

T = TypeVar("T")
err = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)
if not stdout.is_terminal:
    stdout.width = 160  # tables in CI logs and pipes: no truncated cells


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        colour = "red" if d.severity is Severity.ERROR else "yellow"
        err.print(f"[bold]{d.where}[/bold]: [{colour}]{d.severity.value}[/{colour}]: ", end="")
        err.print(d.message, markup=False, end="")
        err.print(f" ({d.hint})" if d.hint else "", markup=False)


def reported(fn: Callable[[], T]) -> T:
    """Run ``fn``; user errors are printed and end the program with status 2."""
    try:
        try:
            return fn()
        except RecursionError:  # the last resort: the stages report it at its file
            message = "the dossier nests too deeply to be processed"
            hint = "write the most deeply nested lists, quotes or emphasis flatter"
            raise DossierError([Diagnostic(None, None, message, hint)]) from None
    except DossierError as exc:
        print_diagnostics(exc.diagnostics)
        count = sum(1 for d in exc.diagnostics if d.severity is Severity.ERROR)
        err.print(f"{count} error{'s' if count != 1 else ''}; nothing was built.", markup=False)
        sys.exit(2)


def refuse(message: str) -> None:
    raise DossierError([Diagnostic(None, None, message)])


def report_console() -> Console:
    """Colour on a terminal (rich's defaults honour NO_COLOR and FORCE_COLOR);
    plain text in CI, whatever it claims to be."""
    return Console(highlight=False, soft_wrap=True, force_terminal=False if in_ci() else None)


def in_ci() -> bool:
    """CI services set CI (to 'true', '1', ...); 'false' or '0' means no."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def diagnose(directory: Path) -> list[Diagnostic]:
    """Every problem of the dossier in DIRECTORY: errors and warnings."""
    return examine(directory)[0]


def examine(directory: Path) -> tuple[list[Diagnostic], tuple[str, ...]]:
    """Every problem of the dossier in DIRECTORY, and what a check reports
    besides (the word count) when it loads."""
    from dossier.pipeline.loading import load

    try:
        dossier = load(directory)
    except DossierError as exc:
        return exc.diagnostics, ()
    return list(dossier.warnings), dossier.notes


def grouped(diagnostics: Sequence[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """File -> its diagnostics by line; files in the order first met."""
    groups: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        groups.setdefault(str(d.file) if d.file else "dossier", []).append(d)
    return {f: sorted(ds, key=lambda d: d.line or 0) for f, ds in groups.items()}


def report(console: Console, directory: Path, diagnostics: Sequence[Diagnostic]) -> int:
    """Print the diagnostics grouped by file and count them; return the
    number of errors."""
    from rich.text import Text

    for file, items in grouped(diagnostics).items():
        console.print(Text(file, style="bold underline"))
        for d in items:
            colour = "red" if d.severity is Severity.ERROR else "yellow"
            line = Text("  ")
            line.append(f"{d.line}: " if d.line else "")
            line.append(d.severity.value, style=f"bold {colour}")
            line.append(f": {d.message}" + (f" ({d.hint})" if d.hint else ""))
            console.print(line)
        console.print()
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    counts = f"{count(errors, 'error')}, {count(len(diagnostics) - errors, 'warning')}"
    console.print(Text(f"{directory}: {counts}.", style="bold red" if errors else "bold"))
    return errors


def count(n: int, noun: str) -> str:
    """
    >>> count(0, "error"), count(1, "error"), count(3, "warning")
    ('no errors', '1 error', '3 warnings')
    """
    return f"no {noun}s" if n == 0 else f"{n} {noun}{'s' if n != 1 else ''}"
