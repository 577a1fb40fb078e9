"""The command line: a thin shell that parses arguments, calls a stage and
turns user errors into diagnostics and exit status 2.

Exit status: 0 success, 2 user error (bad input, failed check), 1 a bug.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click
from rich.console import Console
from rich.table import Table

from dossier import __version__
from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.model import LEVELS
from dossier.tools import interchange

if TYPE_CHECKING:
    from dossier.pipeline.stages import BuildResult

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


def _password(var: str | None) -> bytes | None:
    """The signing key's password from the environment variable ``var``;
    pyhanko (0.3 s to import, in each of a build's processes) only to sign."""
    if var is None:
        return None
    from dossier.seal.sign import password_from_env

    return password_from_env(var)


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
    from dossier.pipeline.stages import build as run_build

    password = run_stage(lambda: _password(sign_password_env))

    def run(progress: Callable[[Path], None]) -> BuildResult:
        return run_build(
            directory,
            out,
            editions=editions,
            langs=langs,
            formats=formats,
            draft=draft,
            sign_key=sign_key,
            sign_password=password,
            progress=progress,
        )

    total = _expected_outputs(directory, editions, langs, formats)
    with _build_progress(total) as progress:
        result = run_stage(lambda: run(progress))
    print_diagnostics(result.warnings)
    stdout.print(summary_table(result))


@contextmanager
def _build_progress(total: int | None) -> Iterator[Callable[[Path], None]]:
    """A progress bar on a terminal; the 'wrote' lines in CI, in pipes and
    under Make (whose parallel jobs would fight over one bar)."""
    if not err.is_terminal or in_ci() or "MAKELEVEL" in os.environ:
        yield lambda p: err.print(f"  wrote {p}", markup=False)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("building", total=total)
        yield lambda p: bar.update(task, advance=1, description=f"wrote {p.name}")


def _expected_outputs(
    directory: Path, editions: Sequence[str], langs: Sequence[str], formats: Sequence[str]
) -> int | None:
    """How many outputs the build will write, from dossier.yaml alone (None
    when it cannot be read: the build will say why)."""
    from dossier.core.paths import DOSSIER_FILE, FORMATS
    from dossier.core.sourcefile import read_source
    from dossier.core.yamlsource import parse_yaml
    from dossier.pipeline.loading import validate_manifest

    path = directory / DOSSIER_FILE
    try:
        m = validate_manifest(parse_yaml(read_source(path), path))
    except (OSError, DossierError):
        return None
    chosen = [e for e in m.editions if not editions or e.name in editions]
    versions = sum(
        1 for e in chosen for lang in m.edition_languages(e) if not langs or lang in langs
    )
    return versions * len(formats or FORMATS)


def summary_table(result: BuildResult) -> Table:
    """Every output with its size and page count; the warnings counted."""
    warnings = _count(len(result.warnings), "warning")
    title = f"{result.dossier.name}: {len(result.outputs)} outputs, {warnings}"
    table = Table(title=title, title_justify="left")
    table.add_column("output")
    table.add_column("size", justify="right")
    table.add_column("pages", justify="right")
    for path in result.outputs:
        table.add_row(str(path), f"{path.stat().st_size / 1024:.0f} KiB", page_count(path))
    return table


def page_count(path: Path) -> str:
    """Pages of a PDF; of a DOCX, what its docProps/app.xml says when a word
    processor computed it (pandoc's carries the template's stale values: a
    zero word count gives them away); '-' otherwise."""
    import zipfile

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        if path.suffix == ".pdf":
            return str(len(PdfReader(path).pages))
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                app = z.read("docProps/app.xml").decode("utf-8")
            pages, words = (re.search(rf"<{t}>(\d+)</{t}>", app) for t in ("Pages", "Words"))
            if pages and words and int(words.group(1)) > 0:
                return pages.group(1)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PyPdfError):
        pass
    return "-"


def _count(n: int, noun: str) -> str:
    """
    >>> _count(0, "error"), _count(1, "error"), _count(3, "warning")
    ('no errors', '1 error', '3 warnings')
    """
    return f"no {noun}s" if n == 0 else f"{n} {noun}{'s' if n != 1 else ''}"


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "style",
    type=click.Choice(["grouped", "lines"]),
    default="grouped",
    show_default=True,
    help="grouped: a heading per file, then its problems; lines: one "
    "'file:line: severity: message' line each (for editors and scripts).",
)
def check(directory: Path, style: str) -> None:
    """Validate DIRECTORY and print every problem found (exit 0 or 2)."""
    if style == "lines":
        _check_lines(directory)
        return
    if report(report_console(), directory, diagnose(directory)):
        sys.exit(2)


def _check_lines(directory: Path) -> None:
    from dossier.pipeline.loading import load

    dossier = run_stage(lambda: load(directory))
    print_diagnostics(list(dossier.warnings))
    stdout.print(f"{directory}: no errors", markup=False)


def report_console() -> Console:
    """Colour on a terminal (rich's defaults honour NO_COLOR and FORCE_COLOR);
    plain text in CI, whatever it claims to be."""
    return Console(highlight=False, soft_wrap=True, force_terminal=False if in_ci() else None)


def in_ci() -> bool:
    """CI services set CI (to 'true', '1', ...); 'false' or '0' means no."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def diagnose(directory: Path) -> list[Diagnostic]:
    """Every problem of the dossier in DIRECTORY: errors and warnings."""
    from dossier.pipeline.loading import load

    try:
        return list(load(directory).warnings)
    except DossierError as exc:
        return exc.diagnostics


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
    counts = f"{_count(errors, 'error')}, {_count(len(diagnostics) - errors, 'warning')}"
    console.print(Text(f"{directory}: {counts}.", style="bold red" if errors else "bold"))
    return errors


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 2 when any translation is not current.")
def status(directory: Path, strict: bool) -> None:
    """Print the translation matrix of DIRECTORY: language x section."""
    from dossier.load.translations import State
    from dossier.pipeline.loading import load
    from dossier.tools.status import matrix

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
    from dossier.load.translations import record_source
    from dossier.pipeline.loading import load

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
    from dossier.load.exhibits import add_exhibit

    path = run_stage(
        lambda: add_exhibit(
            directory, file, record, by=by, origin=origin, captured=captured, title=title
        )
    )
    stdout.print(f"registered {file.name} in {path}", markup=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option(
    "--write",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the rules into this file (atomically) instead of printing them.",
)
def rules(directory: Path, out: Path, target: Path | None) -> None:
    """Print the Make rules of DIRECTORY: one target per edition and
    language (the Makefile includes them). Writes each stage's list of
    inputs under OUT where it changed."""
    from dossier.core import pandoc
    from dossier.core.files import write_text_atomic
    from dossier.core.locks import build_lock, writing
    from dossier.pipeline.loading import load
    from dossier.pipeline.makerules import rules as make_rules
    from dossier.pipeline.makerules import write_lists

    pandoc.use_cache(pandoc.user_cache())  # what it parses, the stages find parsed
    dossier = run_stage(lambda: load(directory))
    print_diagnostics(list(dossier.warnings))
    made = make_rules(dossier, directory, out)
    folder = out / dossier.name

    def write() -> None:
        with build_lock(folder, exclusive=False), writing(folder):
            write_lists(made.lists)
            if target is not None:  # two makes into one folder write it at once
                write_text_atomic(target, made.text, shared=True)

    run_stage(write)
    if target is None:
        click.echo(made.text, nl=False)


@main.command(name="assemble")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option("--edition", required=True, help="The edition.")
@click.option("--lang", required=True, help="The language.")
@click.option("--draft", is_flag=True, help="Untranslated sections: the source text stands in.")
def assemble_cmd(directory: Path, out: Path, edition: str, lang: str, draft: bool) -> None:
    """Check DIRECTORY and assemble one language version of one edition into
    its stage file, from which `dossier render` writes each format (the
    Makefile's first step; `dossier build` does both at once)."""
    from dossier.pipeline.stages import assemble_stage

    path, stage = run_stage(lambda: assemble_stage(directory, out, edition, lang, draft=draft))
    print_diagnostics(stage.warnings)
    err.print(f"  assembled {path}", markup=False)


@main.command()
@click.argument("stage", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format",
    "formats",
    multiple=True,
    required=True,
    type=click.Choice(["docx", "pdf", "html"]),
    help="The format to write (repeatable).",
)
@click.option(
    "--sign-key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Sign the PDF with this PKCS#12 key (.p12).",
)
@click.option("--sign-password-env", metavar="VAR", help="Environment variable with its password.")
def render(
    stage: Path, formats: tuple[str, ...], sign_key: Path | None, sign_password_env: str | None
) -> None:
    """Write FORMAT of the language version in STAGE (a file `dossier
    assemble` wrote), scan it for withheld material and record it in the
    edition's manifest.json."""
    from dossier.pipeline.stages import render_stage

    password = run_stage(lambda: _password(sign_password_env))
    _, written = run_stage(
        lambda: render_stage(stage, formats, sign_key=sign_key, sign_password=password)
    )
    for path in written:
        err.print(f"  wrote {path}", markup=False)


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
    from dossier.tools.xliff.export import export

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
    from dossier.tools.xliff.importing import import_xliff as run_import

    result = run_stage(lambda: run_import(file, directory))
    print_diagnostics(result.warnings)
    for path in result.written:
        stdout.print(f"wrote {path}", markup=False)


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
        default=f"{name.upper()}-",
        show_default=True,
        help="Put before the data set's event ID to make the record ID.",
    )
    @click.option("--force", is_flag=True, help="Replace records that exist already.")
    def command(csv_file: Path, into: Path, prefix: str, force: bool) -> None:
        importer = interchange.IMPORTERS[name]
        written = run_stage(lambda: importer(csv_file, into, id_prefix=prefix, force=force))
        for path in written:
            stdout.print(f"wrote {path}", markup=False)
        stdout.print("Review the lines marked '# review:' in each record.", markup=False)

    command.help = f"Write a record under DIR/evidence/ for every row of the {name.upper()} CSV."
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
        result = run_stage(lambda: exporter(directory, out, max_level=max_level))
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


main.add_command(import_command)
main.add_command(export_command)


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
    from dossier.core.diagnostics import errors
    from dossier.seal.verify import verify_build

    result = verify_build(build_dir)
    print_diagnostics(result.diagnostics)
    count = len(errors(result.diagnostics))
    if count:
        plural = "s" if count != 1 else ""
        err.print(f"{count} error{plural}: {build_dir} does not match its manifest.", markup=False)
        sys.exit(2)
    stdout.print(f"{result.outputs} outputs verified", markup=False)


@main.command("new")
@click.argument("name")
@click.option("--kind", help="Document kind: a folder of templates/ (listed when wrong).")
@click.option(
    "--languages",
    default="en",
    show_default=True,
    help="Comma-separated languages to issue, the source language first: en,fr,ar.",
)
@click.option(
    "--into", type=click.Path(path_type=Path), default=Path("dossiers"), show_default=True
)
def new(name: str, kind: str | None, languages: str, into: Path) -> None:
    """Create the dossier INTO/NAME: a letter, an annex section and a sample
    incident (all fictional samples) that build at once, as a draft."""
    from dossier.tools.scaffold import create, parse_languages, plan

    today = dt.date.today()
    p = run_stage(lambda: plan(name, kind, parse_languages(languages), into, today))
    for path in run_stage(lambda: create(p)):
        stdout.print(f"wrote {path}", markup=False)
    stdout.print(
        f"Next: make dossier DOSSIER_DIR={p.folder}, or preview as you write: "
        f"dossier preview {p.folder} --lang {p.source}",
        markup=False,
    )


@main.command("schemas")
@click.option(
    "--out", type=click.Path(path_type=Path), help="Folder to write to (default: schemas/)."
)
@click.option("--check", is_flag=True, help="Write nothing; exit 2 when a schema is stale.")
def schemas_command(out: Path | None, check: bool) -> None:
    """Write the JSON Schemas of dossier.yaml and of the incident records'
    front matter, generated from the model (for editors)."""
    from dossier.tools.schemas import SCHEMA_DIR, stale, write

    folder = out or SCHEMA_DIR
    if check:
        old = stale(folder)
        for path in old:
            err.print(f"{path}: stale (run 'dossier schemas')", markup=False)
        sys.exit(2 if old else 0)
    changed = write(folder)
    for path in changed:
        stdout.print(f"wrote {path}", markup=False)
    if not changed:
        stdout.print(f"{folder}: up to date", markup=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--lang", help="The language to show (default: the source language).")
@click.option("--edition", help="The edition to show (default: the first listed).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--out", type=click.Path(path_type=Path), default=Path("build/preview"), show_default=True
)
def preview(directory: Path, lang: str | None, edition: str | None, port: int, out: Path) -> None:
    """Serve the HTML of one language of DIRECTORY on 127.0.0.1, rebuild it
    when a file of the dossier changes and reload the page (Ctrl-C stops)."""
    from dossier.tools.preview import Preview

    server = Preview(directory, lang=lang, edition=edition, out=out, port=port, log=_log)
    try:
        url = server.start()
        stdout.print(f"serving {url} ({server.lang}, {server.edition}); Ctrl-C stops", markup=False)
        server.wait()
    except KeyboardInterrupt:
        pass  # Ctrl-C is how the preview ends, whenever it comes
    except OSError as exc:
        reason = exc.strerror or str(exc)
        run_stage(lambda: _refuse(f"cannot serve on port {port}: {reason} (try --port {port + 1})"))
    finally:
        server.stop()


def _log(message: str) -> None:
    err.print(message, markup=False)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def precommit(files: tuple[Path, ...]) -> None:
    """Check every dossier that holds one of FILES (the files a commit
    changes, as pre-commit passes them); exit 2 when one has errors."""
    failed = [
        root for root in dossier_roots(files) if report(report_console(), root, diagnose(root))
    ]
    sys.exit(2 if failed else 0)


def dossier_roots(files: Sequence[Path]) -> list[Path]:
    """The dossier folders (with a dossier.yaml) that hold FILES, once each."""
    roots: dict[Path, None] = {}
    for file in files:
        for folder in file.parents:
            if (folder / "dossier.yaml").is_file():
                roots[folder] = None
                break
    return list(roots)


if __name__ == "__main__":
    run()
