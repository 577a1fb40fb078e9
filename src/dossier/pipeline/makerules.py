"""Make rules for a dossier: per edition and language, an assemble step
(the language version assembled, ``dossier assemble``) and one target per
format made from it (``dossier render``). Make runs again only the steps an
edit touched, runs languages and formats in parallel (``-j``), and starts
no Python at all when nothing changed.

``dossier rules DIR --out build`` prints them; the Makefile includes the
result (``build/<name>/rules.mk``) and regenerates it when ``dossier.yaml``
or the list of files of the dossier changes.

The rules do not say what a step reads: the step writes it, as a compiler
writes a depfile (``.stage/<edition>.<lang>.d``, included by the rules).
What no depfile can name is a file that appears: every step also depends on
the listing of the dossier's files (``.stage/listing``), which ``dossier
rules`` rewrites only when a file appears or goes, so that a new incident
record is read by every step that may show it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from dossier.core import paths
from dossier.core.files import write_text_atomic
from dossier.core.model import Edition
from dossier.load.loaded import Dossier
from dossier.pipeline import step_client, submission
from dossier.pipeline.inputs import code_inputs, kind_inputs

# The files whose appearance or disappearance changes the rules; the Makefile
# lists the same patterns with $(wildcard) and compares.
LISTING_PATTERNS = (
    "sections/*/*.md",
    "evidence/*.md",
    "evidence/*/*.md",
    "exhibits/*",
    "figures/*",
    "geo/*",
    "sources.yaml",
)


def make_path(path: Path) -> str:
    """A path as Make should see it: relative when it lies under the working
    directory, as given otherwise (Make compares target names as text)."""
    text = str(path)
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        text = os.path.relpath(path)
    return escape(text)


def escape(text: str) -> str:
    return text.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")


def listing(root: Path) -> list[str]:
    """The files the Makefile lists with $(wildcard ...) for the patterns,
    as its variable DOSSIER_RULES_LISTING should hold them: Make splits a
    name with a space into two words in both lists alike, so a space is
    left as it is (escaped, "figures/map of the north.png" never matched
    and the rules were made again for ever); only what a variable's value
    would read otherwise is escaped ($ and #)."""
    found = {
        str(path).replace("$", "$$").replace("#", "\\#")
        for pattern in LISTING_PATTERNS
        for path in root.glob(pattern)
    }
    return sorted(found)


class StepFiles(NamedTuple):
    """The files of one language version's assemble step, in ``.stage/``."""

    assembled: Path  # the version assembled, read by the render step
    withheld: Path  # what the edition withholds: the step's target in Make
    depfile: Path  # the files the step read, as Make rules
    listing: Path  # the dossier's files: written anew when one appears or goes


def step_files(assembled: Path) -> StepFiles:
    """
    >>> files = step_files(Path("build/example/.stage/public.fr.pickle"))
    >>> [p.as_posix() for p in files]  # doctest: +NORMALIZE_WHITESPACE
    ['build/example/.stage/public.fr.pickle', 'build/example/.stage/public.fr.withheld.pickle',
     'build/example/.stage/public.fr.d', 'build/example/.stage/listing']
    """
    stem = assembled.name.removesuffix(".pickle")
    return StepFiles(
        assembled,
        assembled.with_name(f"{stem}.withheld.pickle"),
        assembled.with_name(f"{stem}.d"),
        assembled.with_name("listing"),
    )


def listing_path(out: Path, name: str) -> Path:
    """The listing of the dossier's files that every assemble step depends on."""
    return step_files(paths.assembled(out, name, "edition", "lang")).listing


def depfile_text(target: Path, reads: Iterable[Path]) -> str:
    """A Make depfile as ``gcc -MD -MP`` writes it: ``target`` depends on
    every file read, and each file has an empty rule of its own, so that a
    deleted one makes the target again instead of stopping Make with 'No
    rule to make target'.

    >>> print(depfile_text(Path("b/x.d"), [Path("s/a b.md"), Path("s/$c.md")]), end="")
    b/x.d: \\
     s/a\\ b.md \\
     s/$$c.md
    s/a\\ b.md:
    s/$$c.md:
    """
    names = list(dict.fromkeys(make_path(p) for p in reads))
    lines = [f"{make_path(target)}: \\", *(f" {n} \\" for n in names[:-1])]
    lines += [f" {names[-1]}"] if names else []
    return "\n".join([*lines, *_empty_rules(names)]) + "\n"


class Rules(NamedTuple):
    """The Make fragment, and the text of the listing of the dossier's files."""

    text: str
    lists: dict[Path, str]


def write_lists(lists: dict[Path, str]) -> None:
    """Write each list whose text changed; one that did not keeps its time
    (no step is run again for it)."""
    for path, text in lists.items():
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (FileNotFoundError, UnicodeDecodeError):
            pass
        # two makes into one folder write the same lists at once
        write_text_atomic(path, text, shared=True)


def rules(dossier: Dossier, root: Path, out: Path) -> Rules:
    """The Make fragment for ``dossier`` built from ``root`` into ``out``,
    and the listing of its files that every assemble step depends on."""
    m = dossier.manifest
    found = listing(root)
    lines = [
        "# Generated by `dossier rules`: one target per edition and language. Do not edit.",
        f"DOSSIER_RULES_LISTING := {' '.join(found)}",
        f"DOSSIER_CODE := {' '.join(make_path(p) for p in code_inputs())}",
        f"DOSSIER_STEP := {step_command()}",
    ]
    for fmt in paths.FORMATS:
        kind = " ".join(make_path(p) for p in kind_inputs(dossier, fmt))
        lines.append(f"DOSSIER_TEMPLATES_{fmt.upper()} := {kind}")
    every: list[str] = []
    targets: list[str] = []
    listed = listing_path(out, dossier.name)
    for edition in m.editions:
        layout = m.layout_languages(edition)
        for lang in submission.assembled_languages(m, edition):
            formats = paths.FORMATS if lang in layout else ()
            every += _version_rules(dossier, root, out, (edition, lang), formats, targets)
    # the submission packages first: each is a PDF and two DOCX in one job
    packages = [r for e in m.editions for r in _submission_rule(dossier, root, out, e, targets)]
    # `dossier rules` writes the listing; when it is missing, a new one runs
    # every step once
    targets += [f"{make_path(listed)}:", "\t@mkdir -p $(@D) && touch $@", ""]
    targets += [".PHONY: FORCE", "FORCE:", ""]
    outputs = [*packages, *longest_first(every)]
    lines += [f"DOSSIER_OUTPUTS := {' '.join(outputs)}", "", *targets]
    return Rules("\n".join(lines) + "\n", {listed: "".join(f"{f}\n" for f in found)})


def step_command() -> str:
    """What runs a step: the client of the worker that has the package
    loaded (:mod:`dossier.pipeline.step_client`), without ``site``, in front
    of the step's command line; in the Makefile's Python (``$(PY)``, the
    one of ``$(CLI)``), else in this one."""
    client = Path(step_client.__file__).resolve()
    return f"$(or $(PY),{escape(sys.executable)}) -S {escape(str(client))}"


def _version_rules(
    dossier: Dossier,
    root: Path,
    out: Path,
    version: tuple[Edition, str],
    formats: Sequence[str],
    targets: list[str],
) -> list[str]:
    """The rules of one language version of an edition: its assemble step
    and a render step per format of ``formats``; the outputs they make."""
    edition, lang = version
    listed = listing_path(out, dossier.name)
    files = step_files(paths.assembled(out, dossier.name, edition.name, lang))
    assemble = (
        f"$(DOSSIER_STEP) $(CLI) assemble {escape(str(root))} --out {escape(str(out))} "
        f"--edition {edition.name} --lang {lang}"
    )
    step, assembled = make_path(files.withheld), make_path(files.assembled)
    # The step's other prerequisites are in its depfile, written by the step
    # from what it read; before the first run there is none, and the step's
    # target does not exist either. A version assembled that was deleted
    # runs the step again.
    again = f"$(if $(wildcard {assembled}),,FORCE)"
    targets += [f"{step}: {make_path(listed)} {again}", f"\t{assemble}", ""]
    targets += [f"-include {make_path(files.depfile)}", ""]
    # Rewritten by the step only when its bytes change; the empty recipe
    # makes Make look at its time again after the step, and render again
    # only the formats of a version that changed.
    targets += [f"{assembled}: {step} ;", ""]
    outputs: list[str] = []
    for fmt in formats:
        output = make_path(paths.output(out, dossier.name, edition.name, lang, fmt))
        outputs.append(output)
        render = f"$(DOSSIER_STEP) $(CLI) render {assembled} --format {fmt} $(BUILD_FLAGS)"
        needs = f"{assembled} $(DOSSIER_TEMPLATES_{fmt.upper()}) $(DOSSIER_CODE)"
        targets += [f"{output}: {needs}", f"\t{render}", ""]
    return outputs


def _submission_rule(
    dossier: Dossier, root: Path, out: Path, edition: Edition, targets: list[str]
) -> list[str]:
    """The rule of an edition's submission package (its record the target),
    made after the version of its language is assembled; the target, or
    nothing for an edition not in the submission language."""
    m = dossier.manifest
    if not submission.wanted(m, edition):
        return []
    # the version in the submitted language, and those of its courtesy
    # translations
    versions = [m.submission_language, *submission.courtesy_languages(m, edition)]
    assembled = " ".join(
        make_path(paths.assembled(out, dossier.name, edition.name, x)) for x in versions
    )
    record = make_path(paths.submission_record(out, dossier.name, edition.name))
    layouts = " ".join(make_path(p) for p in submission.submission_templates())
    step = (
        f"$(DOSSIER_STEP) $(CLI) submission {escape(str(root))} --out {escape(str(out))}"
        f" --edition {edition.name} $(BUILD_FLAGS)"
    )
    targets += [f"{record}: {assembled} {layouts} $(DOSSIER_CODE)", f"\t{step}", ""]
    return [record]


# Make starts the outputs in the order of DOSSIER_OUTPUTS: the longest jobs
# first, so that no long job is left alone on one core at the end. Typst sets
# Urdu's Nastaliq, then Arabic, slowest (docs/performance.md); a PDF takes
# longer than the DOCX and HTML of its language.
SLOW_LANGS = ("ur", "ar")
SLOW_FORMATS = ("pdf", "docx", "html")


def longest_first(outputs: list[str]) -> list[str]:
    """
    >>> longest_first(["b/x.en.docx", "b/x.en.pdf", "b/x.ur.html", "b/x.ur.pdf"])
    ['b/x.ur.pdf', 'b/x.ur.html', 'b/x.en.pdf', 'b/x.en.docx']
    """

    def key(item: tuple[int, str]) -> tuple[int, int, int]:
        index, output = item
        _, lang, fmt = output.rsplit(".", 2)
        slow = SLOW_LANGS.index(lang) if lang in SLOW_LANGS else len(SLOW_LANGS)
        return slow, SLOW_FORMATS.index(fmt) if fmt in SLOW_FORMATS else 0, index

    return [output for _, output in sorted(enumerate(outputs), key=key)]


def _empty_rules(files: Iterable[str]) -> list[str]:
    """A deleted input makes its dependents rebuild (and report it) instead
    of stopping Make with 'No rule to make target' (gcc -MP does the same)."""
    return [f"{f}:" for f in files]
