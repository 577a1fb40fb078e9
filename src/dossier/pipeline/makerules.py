"""Make rules for a dossier: per edition and language, a stage target (the
language version assembled, ``dossier assemble``) and one target per format
made from it (``dossier render``). Make rebuilds only the language versions
an edit touched, runs languages and formats in parallel (``-j``), and starts
no Python at all when nothing changed.

``dossier rules DIR --out build`` prints them; the Makefile includes the
result (``build/<name>/rules.mk``) and regenerates it when ``dossier.yaml``
or the list of files of the dossier changes.

Each stage also depends on the list of its inputs, a file next to it
(``.stage/<edition>.<lang>.inputs``) that ``dossier rules`` rewrites only
when the list changes: a deleted incident record is in no rule any more
once the rules are made anew, so without the list nothing that showed it
would be rebuilt, and the outputs would go on showing it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from dossier.core import paths
from dossier.core.files import write_text_atomic
from dossier.core.localise import po_path
from dossier.core.model import Edition, level
from dossier.load.evidence import SOURCES
from dossier.load.loaded import Dossier
from dossier.load.sections import image_paths
from dossier.pipeline.stages import code_inputs, kind_inputs
from dossier.select.edition import section_level

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


def language_inputs(dossier: Dossier, lang: str, edition: Edition) -> list[Path]:
    """Every file the assembled ``lang`` version of ``edition`` depends on:
    the manifest, the source and ``lang`` texts it may show and their
    images, the evidence it may show with its exhibits, sources, boundaries,
    the catalogues and the package's code (the kind's templates matter to
    the formats only). Material above the edition's level is left out:
    editing it rebuilds only what shows it."""
    m = dossier.manifest
    limit = level(edition.max)
    keep = {lang, m.source_language}
    files = [dossier.root / "dossier.yaml"]
    for (name, section_lang), section in dossier.sections.items():
        source = dossier.sections.get((name, m.source_language), section)
        if section_lang in keep and level(section_level(source)) <= limit:
            files.append(section.path)
            files += [Path(p) for p in image_paths(section.blocks)]
    if dossier.evidence is not None:
        files += _evidence_inputs(dossier, keep, limit)
    if (dossier.root / SOURCES).is_file():
        files.append(dossier.root / SOURCES)
    if m.evidence.boundaries:
        files.append(dossier.root / m.evidence.boundaries)
    if lang != "en" and po_path(lang).is_file():
        files.append(po_path(lang))
    return list(dict.fromkeys([*files, *code_inputs()]))


def _evidence_inputs(dossier: Dossier, keep: set[str], limit: int) -> list[Path]:
    assert dossier.evidence is not None
    files: list[Path] = []
    for record in dossier.evidence.records:
        if level(record.incident.classification) > limit:
            continue
        files.append(record.path)
        files += [n.path for lang, n in record.narratives.items() if lang in keep]
        files += [
            dossier.root / e.file
            for e in record.incident.exhibits
            if level(e.classification) <= limit
        ]
    return files


class Rules(NamedTuple):
    """The Make fragment, and the text of each stage's list of inputs."""

    text: str
    lists: dict[Path, str]


def inputs_list(stage: Path) -> Path:
    """
    >>> inputs_list(Path("build/example/.stage/public.fr.pickle")).as_posix()
    'build/example/.stage/public.fr.inputs'
    """
    return stage.with_suffix(".inputs")


def write_lists(lists: dict[Path, str]) -> None:
    """Write each list whose text changed; one that did not keeps its time
    (its stage is not rebuilt for it)."""
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
    and the lists of inputs its stages depend on."""
    m = dossier.manifest
    lists: dict[Path, str] = {}
    lines = [
        "# Generated by `dossier rules`: one target per edition and language. Do not edit.",
        f"DOSSIER_RULES_LISTING := {' '.join(listing(root))}",
    ]
    every: list[str] = []
    deps_all: set[str] = set()
    targets: list[str] = []
    lines.append(f"DOSSIER_CODE := {' '.join(make_path(p) for p in code_inputs())}")
    for fmt in paths.FORMATS:
        kind = " ".join(make_path(p) for p in kind_inputs(dossier, fmt))
        lines.append(f"DOSSIER_TEMPLATES_{fmt.upper()} := {kind}")
    for edition in m.editions:
        for lang in m.edition_languages(edition):
            stage_path = paths.stage(out, dossier.name, edition.name, lang)
            stage = make_path(stage_path)
            deps = [make_path(p) for p in language_inputs(dossier, lang, edition)]
            deps_all.update(deps)
            listed = inputs_list(stage_path)
            lists[listed] = "".join(f"{d}\n" for d in sorted(deps))
            assemble = (
                f"$(CLI) assemble {escape(str(root))} --out {escape(str(out))} "
                f"--edition {edition.name} --lang {lang}"
            )
            needs = " ".join([*deps, make_path(listed)])
            targets += [f"{stage}: {needs}", f"\t{assemble}", ""]
            # `dossier rules` writes the list; when it is missing, a new one
            # rebuilds the stage once
            targets += [f"{make_path(listed)}:", "\t@mkdir -p $(@D) && touch $@", ""]
            for fmt in paths.FORMATS:
                output = make_path(paths.output(out, dossier.name, edition.name, lang, fmt))
                every.append(output)
                render = f"$(CLI) render {stage} --format {fmt} $(BUILD_FLAGS)"
                needs = f"{stage} $(DOSSIER_TEMPLATES_{fmt.upper()}) $(DOSSIER_CODE)"
                targets += [f"{output}: {needs}", f"\t{render}", ""]
    lines += [f"DOSSIER_OUTPUTS := {' '.join(longest_first(every))}", "", *targets]
    lines += _empty_rules(sorted(deps_all))
    return Rules("\n".join(lines) + "\n", lists)


# Make starts the outputs in the order of DOSSIER_OUTPUTS: the longest jobs
# first, so that no long job is left alone on one core at the end. Typst sets
# Urdu's Nastaliq, then Arabic, slowest (benchmark: the Urdu PDF 35 s, the
# English 11 s); a PDF takes longer than the DOCX and HTML of its language.
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
