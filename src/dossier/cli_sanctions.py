"""`dossier sanctions import` and `dossier sanctions report`: the UN
Consolidated List kept offline, and the evidence's names matched against it."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from dossier.cli_output import reported, stdout

_DOSSIER = click.option(
    "--dossier",
    "directory",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="The dossier folder.",
)


@click.group()
def sanctions() -> None:
    """The Security Council's Consolidated List, offline."""


@sanctions.command("import")
@click.argument("xml", metavar="FILE.xml", type=click.Path(path_type=Path))
@_DOSSIER
def import_cmd(xml: Path, directory: Path) -> None:
    """Keep a snapshot of the Consolidated List FILE.xml (as published at
    scsanctions.un.org) for the dossier: its date, SHA-256 and records."""
    from dossier.tools.sanctions import import_list

    done = reported(lambda: import_list(xml, directory))
    snap = done.snapshot
    stdout.print(
        f"kept {done.path}: list of {snap.date_generated}, {snap.individuals} individuals, "
        f"{snap.entities} entities, sha256 {snap.sha256}",
        markup=False,
    )
    if done.previous is not None and done.previous.sha256 != snap.sha256:
        stdout.print(f"replaced the list of {done.previous.date_generated}", markup=False)


@sanctions.command("report")
@click.argument("directory", type=click.Path(path_type=Path), default=Path("."))
def report_cmd(directory: Path) -> None:
    """Print the names of DIRECTORY's persons, entities and incident actors
    found on the list, with the reference number, list, date and strength."""
    from dossier.check.sanctions import STRENGTHS
    from dossier.tools.sanctions import report

    snapshot, found = reported(lambda: report(directory))
    if snapshot is None:
        stdout.print(
            f"{directory}: no snapshot of the list: run 'dossier sanctions import FILE.xml "
            f"--dossier {directory}'",
            markup=False,
        )
        return
    table = Table(title=f"Consolidated List of {snapshot.date_generated}")
    for column in ("name", "where", "reference", "list", "listed on", "listed as", "strength"):
        table.add_column(column)
    for f in found:
        named, match = f.named, f.match
        where = f"{_relative(named.path, directory)}:{named.line or ''}"
        table.add_row(
            named.name, where, match.listed.reference, match.listed.list_type,
            match.listed.listed_on, match.listed_name.name, match.strength,
        )  # fmt: skip
    stdout.print(table)
    counts = {s: sum(1 for f in found if f.match.strength == s) for s in STRENGTHS}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    plural = "es" if len(found) != 1 else ""
    stdout.print(f"{len(found)} match{plural} ({summary})", markup=False)


def _relative(path: Path, directory: Path) -> Path:
    """A record's path within the dossier: persons/P-001.md."""
    try:
        return path.relative_to(directory)
    except ValueError:
        return path
