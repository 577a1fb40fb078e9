"""The command line: a thin shell that parses arguments, calls a stage and
turns user errors into diagnostics and exit status 2.

Exit status: 0 success, 2 user error (bad input, failed check), 1 a bug.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from dossier import __version__
from dossier.cli_evidence import exhibit, export_command, import_command
from dossier.cli_output import (
    count,
    diagnose,
    err,
    examine,
    in_ci,
    print_diagnostics,
    report,
    report_console,
    reported,
    stdout,
)
from dossier.cli_sanctions import sanctions
from dossier.cli_tools import dossier_roots, issued, new, precommit, preview, proof, schemas_command
from dossier.cli_translation import status, translation
from dossier.core.diagnostics import DossierError

if TYPE_CHECKING:
    from dossier.pipeline.stages import BuildResult

# What the tests and other modules reach through this one.
__all__ = [
    "diagnose",
    "dossier_roots",
    "export_command",
    "import_command",
    "main",
    "page_count",
    "report",
    "report_console",
    "run",
    "summary_table",
]


def _password(var: str | None) -> bytes | None:
    """The signing key's password from the environment variable ``var``;
    pyhanko (slow to import, in each of a build's processes) only to sign."""
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

    password = reported(lambda: _password(sign_password_env))

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
        result = reported(lambda: run(progress))
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
        1 for e in chosen for lang in m.layout_languages(e) if not langs or lang in langs
    )
    return versions * len(formats or FORMATS)


def summary_table(result: BuildResult) -> Table:
    """Every output with its size and page count; the warnings counted."""
    warnings = count(len(result.warnings), "warning")
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
    diagnostics, notes = examine(directory)
    errors = report(report_console(), directory, diagnostics)
    for note in notes:
        stdout.print(f"{directory}: {note}", markup=False)
    if errors:
        sys.exit(2)


def _check_lines(directory: Path) -> None:
    from dossier.pipeline.loading import load

    dossier = reported(lambda: load(directory))
    print_diagnostics(list(dossier.warnings))
    for note in dossier.notes:
        stdout.print(f"{directory}: {note}", markup=False)
    stdout.print(f"{directory}: no errors", markup=False)


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
    language (the Makefile includes them). Writes the listing of the
    dossier's files under OUT where it changed."""
    from dossier.core import pandoc
    from dossier.core.files import write_text_atomic
    from dossier.core.locks import build_lock, writing
    from dossier.pipeline.loading import load
    from dossier.pipeline.makerules import rules as make_rules
    from dossier.pipeline.makerules import write_lists

    pandoc.use_cache(pandoc.user_cache())  # what it parses, the stages find parsed
    dossier = reported(lambda: load(directory))
    print_diagnostics(list(dossier.warnings))
    made = make_rules(dossier, directory, out)
    folder = out / dossier.name

    def write() -> None:
        with build_lock(folder, exclusive=False), writing(folder):
            write_lists(made.lists)
            if target is not None:  # two makes into one folder write it at once
                write_text_atomic(target, made.text, shared=True)

    reported(write)
    if target is None:
        click.echo(made.text, nl=False)


@main.command(name="submission")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option("--edition", required=True, help="The edition.")
@click.option("--draft", is_flag=True, help="Untranslated sections: the source text stands in.")
@click.option(
    "--sign-key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Sign the letter's PDF with this PKCS#12 key (.p12).",
)
@click.option("--sign-password-env", metavar="VAR", help="Environment variable with its password.")
def submission_cmd(
    directory: Path,
    out: Path,
    edition: str,
    draft: bool,
    sign_key: Path | None,
    sign_password_env: str | None,
) -> None:
    """Write the submission package of one edition of DIRECTORY (the letter
    to sign, the Word file for the Secretariat, submission.json): Make's
    step for it; `dossier build` writes it with the edition."""
    from dossier.pipeline.makesteps import submission_step

    password = reported(lambda: _password(sign_password_env))
    step = functools.partial(submission_step, directory, out, edition, draft=draft)
    for path in reported(lambda: step(sign_key=sign_key, sign_password=password)):
        err.print(f"  wrote {path}", markup=False)


@main.command(name="assemble")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option("--edition", required=True, help="The edition.")
@click.option("--lang", required=True, help="The language.")
@click.option("--draft", is_flag=True, help="Untranslated sections: the source text stands in.")
def assemble_cmd(directory: Path, out: Path, edition: str, lang: str, draft: bool) -> None:
    """Check DIRECTORY and assemble one language version of one edition into
    the build folder, from which `dossier render` writes each format, with
    the list of files it read for Make (the Makefile's first step; `dossier
    build` does both at once)."""
    from dossier.pipeline.makesteps import assemble_step

    path, warnings = reported(lambda: assemble_step(directory, out, edition, lang, draft=draft))
    print_diagnostics(warnings)
    err.print(f"  assembled {path}", markup=False)


@main.command()
@click.argument("assembled", type=click.Path(path_type=Path, dir_okay=False, exists=True))
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
    assembled: Path, formats: tuple[str, ...], sign_key: Path | None, sign_password_env: str | None
) -> None:
    """Write FORMAT of the language version in ASSEMBLED (a file `dossier
    assemble` wrote), scan it for withheld material and record it in the
    edition's manifest.json."""
    from dossier.pipeline.makesteps import render_step

    password = reported(lambda: _password(sign_password_env))
    written = reported(
        lambda: render_step(assembled, formats, sign_key=sign_key, sign_password=password)
    )
    for path in written:
        err.print(f"  wrote {path}", markup=False)


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


for command in (
    exhibit,
    export_command,
    import_command,
    issued,
    new,
    precommit,
    preview,
    proof,
    sanctions,
    schemas_command,
    status,
    translation,
):
    main.add_command(command)


if __name__ == "__main__":
    run()
