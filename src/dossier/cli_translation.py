"""`dossier status` and `dossier translation`: the translation matrix,
and translations handed to translators (XLIFF) and taken back."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from dossier.cli_output import print_diagnostics, refuse, reported, stdout


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 2 when any translation is not current.")
@click.option(
    "--lang",
    "only",
    multiple=True,
    help="Only this language (repeat for more): the matrix and --strict look at it alone.",
)
def status(directory: Path, strict: bool, only: tuple[str, ...]) -> None:
    """Print the translation matrix of DIRECTORY: language x section."""
    from dossier.load.translations import State
    from dossier.pipeline.loading import load
    from dossier.tools.status import chosen_languages, matrix

    dossier = reported(lambda: load(directory, draft=True))
    langs = reported(lambda: chosen_languages(dossier, only))
    entries = [e for e in matrix(dossier) if e.lang in langs]
    table = Table(title=f"{dossier.name}: translations", title_justify="left")
    table.add_column("section", no_wrap=True, min_width=max(len(e.name) for e in entries))
    for lang in langs:
        table.add_column(lang, no_wrap=True)
    colours = {
        State.SOURCE: "bold",
        State.CURRENT: "green",
        State.STALE: "yellow",
        State.WITHHELD: "dim",
    }
    for name in dict.fromkeys(e.name for e in entries):
        cells = {e.lang: e.state for e in entries if e.name == name}
        row = [f"[{colours.get(cells[lang], 'red')}]{cells[lang]}[/]" for lang in langs]
        table.add_row(name, *row)
    stdout.print(table)
    behind = [e for e in entries if e.state not in {State.SOURCE, State.CURRENT, State.WITHHELD}]
    if behind:
        stdout.print(f"{len(behind)} translation(s) not current.", markup=False)
        if strict:
            sys.exit(2)


@click.group()
def translation() -> None:
    """Hand translations to translators and take them back."""


@translation.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--lang", "lang", required=True, help="The translation's language.")
@click.argument("sections", nargs=-1)
def mark(directory: Path, lang: str, sections: tuple[str, ...]) -> None:
    """Record that the LANG translations of SECTIONS (default: all present)
    are current with their source, after editing them by hand."""
    from dossier.load.translations import record_source
    from dossier.pipeline.loading import load

    dossier = reported(lambda: load(directory, draft=True))
    m = dossier.manifest
    names = list(sections) or [n for n in m.written_sections if (n, lang) in dossier.sections]
    unknown = [n for n in names if (n, lang) not in dossier.sections]
    if unknown or lang == m.source_language:
        what = ", ".join(unknown) or "any section (it is the source language)"
        reported(lambda: refuse(f"no {lang} translation of {what}"))
    for name in names:
        section = dossier.section(name, lang)
        if section.untranslated:
            continue
        record_source(section.path, dossier.section(name, m.source_language).body_hash)
        stdout.print(f"marked current: {section.path}", markup=False)


@translation.command("export")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--lang", "lang", required=True, help="The translation's language.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="The XLIFF file to write (default: build/NAME/NAME.LANG.xlf).",
)
def export_xliff(directory: Path, lang: str, out: Path | None) -> None:
    """Write the LANG sections of DIRECTORY that are missing or stale as an
    XLIFF 2.0 file for translators: a unit per paragraph, heading, list item,
    table cell, caption and footnote paragraph."""
    from dossier.tools.xliff.export import export

    result = reported(lambda: export(directory, lang, out))
    if result.path is None:
        stdout.print(f"nothing to translate: every {lang} section is current", markup=False)
        return
    for s in result.sections:
        stdout.print(f"  {s.entry.name}: {s.entry.state}, {len(s.units)} units", markup=False)
    stdout.print(f"wrote {result.path}", markup=False)


@translation.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--dossier",
    "directory",
    type=click.Path(path_type=Path),
    help="The dossier folder (default: the one the file was exported from).",
)
def import_xliff(file: Path, directory: Path | None) -> None:
    """Write the translations in the XLIFF FILE into sections/<lang>/ and
    record the source version they translate."""
    from dossier.tools.xliff.importing import import_xliff as run_import

    result = reported(lambda: run_import(file, directory))
    print_diagnostics(result.warnings)
    for path in result.written:
        stdout.print(f"wrote {path}", markup=False)
