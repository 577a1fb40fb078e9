"""The command line: a thin shell that parses arguments, calls a stage and
turns user errors into diagnostics and exit status 2.

Exit status: 0 success, 2 user error (bad input, failed check), 1 a bug.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from rich.console import Console
from rich.table import Table

from dossier import __version__
from dossier.diagnostics import Diagnostic, DossierError, Severity

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


def run_stage(fn: Callable[[], T]) -> T:
    """Run ``fn``; user errors are printed and end the program with status 2."""
    try:
        return fn()
    except DossierError as exc:
        print_diagnostics(exc.diagnostics)
        count = sum(1 for d in exc.diagnostics if d.severity is Severity.ERROR)
        err.print(f"{count} error{'s' if count != 1 else ''}; nothing was built.", markup=False)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
def main() -> None:
    """Build United Nations documents from a dossier of Markdown files."""


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--edition", "editions", multiple=True, help="Only this edition (repeatable; default all)."
)
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "pdf", "html"]),
    help="Only this format (repeatable).",
)
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option(
    "--sign-key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Sign every PDF with this PKCS#12 key (.p12).",
)
@click.option("--sign-password-env", metavar="VAR", help="Environment variable with its password.")
@click.option(
    "--draft",
    is_flag=True,
    help="Build even with translations missing: the source text stands in, marked untranslated.",
)
def build(
    directory: Path,
    editions: tuple[str, ...],
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    out: Path,
    sign_key: Path | None,
    sign_password_env: str | None,
    draft: bool,
) -> None:
    """Validate DIRECTORY and build its outputs in every language and format."""
    from dossier.build import build as run_build
    from dossier.sign import password_from_env

    password = run_stage(lambda: password_from_env(sign_password_env))
    result = run_stage(
        lambda: run_build(
            directory,
            out,
            editions=editions,
            langs=langs,
            formats=formats,
            draft=draft,
            sign_key=sign_key,
            sign_password=password,
            progress=lambda p: err.print(f"  wrote {p}", markup=False),
        )
    )
    print_diagnostics(result.warnings)
    table = Table(
        title=f"{result.dossier.name}: {len(result.outputs)} outputs", title_justify="left"
    )
    table.add_column("output")
    table.add_column("size", justify="right")
    for path in result.outputs:
        table.add_row(str(path), f"{path.stat().st_size / 1024:.0f} KiB")
    stdout.print(table)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
def check(directory: Path) -> None:
    """Validate DIRECTORY and print every problem found (exit 0 or 2)."""
    from dossier.load import load

    dossier = run_stage(lambda: load(directory))
    print_diagnostics(list(dossier.warnings))
    stdout.print(f"{directory}: no errors", markup=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 2 when any translation is not current.")
def status(directory: Path, strict: bool) -> None:
    """Print the translation matrix of DIRECTORY: language x section."""
    from dossier.load import load
    from dossier.translations import State, matrix

    dossier = run_stage(lambda: load(directory, draft=True))
    entries = matrix(dossier)
    langs = dossier.manifest.languages
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


@main.group()
def translation() -> None:
    """Hand translations to translators and take them back."""


@translation.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--lang", "lang", required=True, help="The translation's language.")
@click.argument("sections", nargs=-1)
def mark(directory: Path, lang: str, sections: tuple[str, ...]) -> None:
    """Record that the LANG translations of SECTIONS (default: all present)
    are current with their source, after editing them by hand."""
    from dossier.load import load
    from dossier.translations import record_source

    dossier = run_stage(lambda: load(directory, draft=True))
    m = dossier.manifest
    names = list(sections) or [n for n in m.written_sections if (n, lang) in dossier.sections]
    unknown = [n for n in names if (n, lang) not in dossier.sections]
    if unknown or lang == m.source_language:
        what = ", ".join(unknown) or "any section (it is the source language)"
        run_stage(lambda: _refuse(f"no {lang} translation of {what}"))
    for name in names:
        section = dossier.section(name, lang)
        if section.untranslated:
            continue
        record_source(section.path, dossier.section(name, m.source_language).body_hash)
        stdout.print(f"marked current: {section.path}", markup=False)


@main.group()
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
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]),
    help="When it was captured (default: now).",
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
    captured: dt.datetime | None,
    directory: Path,
) -> None:
    """Copy FILE under exhibits/, hash it and record it, with its first
    custody entry, in the incident record --to."""
    from dossier.evidence.exhibits import add_exhibit

    path = run_stage(
        lambda: add_exhibit(
            directory, file, record, by=by, origin=origin, captured=captured, title=title
        )
    )
    stdout.print(f"registered {file.name} in {path}", markup=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
def rules(directory: Path, out: Path) -> None:
    """Print the Make rules of DIRECTORY: one target per edition and
    language (the Makefile includes them)."""
    from dossier.load import load
    from dossier.makerules import rules as make_rules

    dossier = run_stage(lambda: load(directory))
    print_diagnostics(list(dossier.warnings))
    click.echo(make_rules(dossier, directory, out), nl=False)


def _refuse(message: str) -> None:
    raise DossierError([Diagnostic(None, None, message)])


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
    XLIFF 2.0 file for translators (one unit per paragraph)."""
    from dossier.xliff import export

    result = run_stage(lambda: export(directory, lang, out))
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
    from dossier.xliff import import_xliff as run_import

    result = run_stage(lambda: run_import(file, directory))
    print_diagnostics(result.warnings)
    for path in result.written:
        stdout.print(f"wrote {path}", markup=False)


def _register_interchange() -> None:
    from dossier.evidence.interchange import export_command, import_command

    main.add_command(import_command)
    main.add_command(export_command)


_register_interchange()


def run() -> None:
    """The console entry point: a bug (exit 1) is reported in one line, with
    the traceback only when DOSSIER_DEBUG is set."""
    import os

    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # the last resort of the program
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        err.print(f"dossier: internal error: {type(exc).__name__}: {exc}", markup=False)
        err.print(
            "This is a bug in dossier, not in your dossier. Run again with DOSSIER_DEBUG=1 "
            "for the details, and report them.",
            markup=False,
        )
        sys.exit(1)


@main.command()
@click.argument("build_dir", type=click.Path(path_type=Path))
def verify(build_dir: Path) -> None:
    """Check BUILD_DIR (build/<name> or one edition folder) against its
    manifest.json files: re-hash outputs and inputs, re-run the leak scan
    (exit 2 on any difference)."""
    from dossier.diagnostics import errors
    from dossier.provenance import verify_build

    result = verify_build(build_dir)
    print_diagnostics(result.diagnostics)
    count = len(errors(result.diagnostics))
    if count:
        plural = "s" if count != 1 else ""
        err.print(f"{count} error{plural}: {build_dir} does not match its manifest.", markup=False)
        sys.exit(2)
    stdout.print(f"{result.outputs} outputs verified", markup=False)


if __name__ == "__main__":
    run()
