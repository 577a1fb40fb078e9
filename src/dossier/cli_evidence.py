"""`dossier exhibit`, `dossier import` and `dossier export`: the files
that support incident records, and records from and to ACLED and GTD CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from dossier.cli_output import print_diagnostics, reported, stdout
from dossier.core.model import LEVELS
from dossier.tools import interchange


@click.group()
def exhibit() -> None:
    """Register the files that support incident records."""


@exhibit.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--to", "record", required=True, help="The incident record's ID.")
@click.option("--by", required=True, help="Who captured the file.")
@click.option("--origin", required=True, help="Where from: a place, a device, an address.")
@click.option("--title", help="What it shows, for the annex.")
@click.option(
    "--captured",
    callback=lambda _ctx, _param, value: _when(value),
    help="When it was captured: a day (2026-08-10) or a time (2026-08-10T07:30, "
    "local unless it gives its zone, e.g. Z) (default: now).",
)
@click.option(
    "--dossier",
    "directory",
    type=click.Path(path_type=Path),
    default=Path("."),
    help="The dossier folder (default: the current one).",
)
def exhibit_add(
    file: Path,
    record: str,
    by: str,
    origin: str,
    title: str | None,
    captured: dt.datetime | dt.date | None,
    directory: Path,
) -> None:
    """Copy FILE under exhibits/, hash it and record it, with its first
    custody entry, in the incident record --to."""
    from dossier.load.exhibits import add_exhibit

    path = reported(
        lambda: add_exhibit(
            directory, file, record, by=by, origin=origin, captured=captured, title=title
        )
    )
    stdout.print(f"registered {file.name} in {path}", markup=False)


def _when(value: str | None) -> dt.datetime | dt.date | None:
    """A day stays a day (the record says no more than the user knew); a
    time is a time."""
    if value is None:
        return None
    try:
        if len(value.strip()) == 10:
            return dt.date.fromisoformat(value.strip())
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date (2026-08-10) or a time (2026-08-10T07:30)"
        ) from None


# ACLED and GTD: `dossier import acled|gtd` and `dossier export acled|gtd`.


def _import_subcommand(name: str) -> click.Command:
    @click.command(name)
    @click.argument("csv_file", metavar="CSV", type=click.Path(path_type=Path))
    @click.option(
        "--into",
        metavar="DIR",
        required=True,
        type=click.Path(path_type=Path),
        help="The dossier folder.",
    )
    @click.option(
        "--prefix",
        default="",
        help="Put before the data set's event ID to make the record ID (default: none, "
        "the data set's own ID).",
    )
    @click.option(
        "--force",
        is_flag=True,
        help="Replace the records in conflict too (edits made here are lost).",
    )
    def command(csv_file: Path, into: Path, prefix: str, force: bool) -> None:
        importer = interchange.IMPORTERS[name]
        synced = reported(lambda: importer(csv_file, into, id_prefix=prefix, force=force))
        for label, paths in (("new", synced.new), ("revised", synced.revised)):
            for path in paths:
                stdout.print(f"{label}: {path}", markup=False)
        if synced.sources is not None:
            stdout.print(f"added sources to {synced.sources}", markup=False)
        print_diagnostics(synced.conflicts)
        stdout.print(synced.summary(), markup=False)
        if synced.new or synced.revised:
            stdout.print("Review the lines marked '# review:' in each record.", markup=False)

    command.help = (
        f"Bring the rows of the {name.upper()} CSV into DIR/evidence/: new rows become "
        "records, rows revised upstream update records not edited since the last import, "
        "conflicts are reported and left."
    )
    return command


def _export_subcommand(name: str) -> click.Command:
    @click.command(name)
    @click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
    @click.option("--out", required=True, type=click.Path(path_type=Path), help="The CSV file.")
    @click.option(
        "--level",
        "max_level",
        type=click.Choice(LEVELS),
        default="public",
        show_default=True,
        help="The highest classification of the records let out.",
    )
    def command(directory: Path, out: Path, max_level: str) -> None:
        exporter = interchange.EXPORTERS[name]
        result = reported(lambda: exporter(directory, out, max_level=max_level))
        withheld = f"; {result.withheld} above {max_level} left out" if result.withheld else ""
        stdout.print(f"wrote {result.rows} records to {result.path}{withheld}", markup=False)

    article = "an" if name == "acled" else "a"
    command.help = f"Write the incident records of DIR as {article} {name.upper()}-style CSV."
    return command


import_command = click.Group(
    "import",
    commands=[_import_subcommand("acled"), _import_subcommand("gtd")],
    help="Import incident records from an ACLED or GTD CSV export.",
)
export_command = click.Group(
    "export",
    commands=[_export_subcommand("acled"), _export_subcommand("gtd")],
    help="Export the incident records as ACLED- or GTD-style CSV.",
)
