"""The side commands: `dossier new`, `issued`, `schemas`, `preview`, `proof` and `precommit`."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from dossier.cli_output import diagnose, err, refuse, report, report_console, reported, stdout


@click.command("new")
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
    p = reported(lambda: plan(name, kind, parse_languages(languages), into, today))
    for path in reported(lambda: create(p)):
        stdout.print(f"wrote {path}", markup=False)
    stdout.print(
        f"Next: make dossier DOSSIER_DIR={p.folder}, or preview as you write: "
        f"dossier preview {p.folder} --lang {p.source}",
        markup=False,
    )


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--symbol", required=True, help="The symbol the Secretariat gave: S/2026/1043.")
@click.option("--job-number", help="The job number on its first page: 26-21345.")
@click.option(
    "--date", type=click.DateTime(["%Y-%m-%d"]), help="The date it was issued under, YYYY-MM-DD."
)
@click.option(
    "--languages", help="Comma-separated languages it was issued in (default: all): en,fr."
)
def issued(
    directory: Path,
    symbol: str,
    job_number: str | None,
    date: dt.datetime | None,
    languages: str | None,
) -> None:
    """Record in DIRECTORY/dossier.yaml the symbol (and job number, date,
    languages) the Secretariat gave, and set 'status: issued'; every other
    line of the file stays as it was."""
    from dossier.tools.issued import Issue, record_issue

    names = tuple(x.strip() for x in (languages or "").split(",") if x.strip())
    issue = Issue(symbol.strip(), job_number, date.date() if date else None, names)
    path = reported(lambda: record_issue(directory, issue))
    stdout.print(f"wrote {path}: status issued, symbol {issue.symbol}", markup=False)


@click.command("schemas")
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


@click.command()
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
        reported(lambda: refuse(f"cannot serve on port {port}: {reason} (try --port {port + 1})"))
    finally:
        server.stop()


@click.command()
@click.argument("build_dir", type=click.Path(path_type=Path))
def proof(build_dir: Path) -> None:
    """Write a proof sheet per edition and language under BUILD_DIR (build/,
    build/<name> or an edition's folder): the PDF's pages, the DOCX's pages
    as LibreOffice lays them out and the HTML in Chromium at 1200 and 390 px,
    side by side, with the page counts and every check that failed, in
    build/<name>/proof/<edition>.<lang>.png. Needs LibreOffice, Chromium and
    poppler-utils."""
    from dossier.tools.proof import proof as write_sheets

    for path, failures in reported(lambda: write_sheets(build_dir)):
        count = len(failures)
        verdict = f"{count} check{'s' if count != 1 else ''} failed" if count else "no check failed"
        stdout.print(f"wrote {path}: {verdict}", markup=False)
        for failure in failures:
            stdout.print(f"  {failure}", markup=False)


def _log(message: str) -> None:
    err.print(message, markup=False)


@click.command()
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
