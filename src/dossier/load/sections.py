"""Read the section files of a dossier: front matter, Markdown parsed once
into pandoc's AST, images resolved, translations checked against their
source."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dossier.core import pandoc, tree
from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.limits import Limits
from dossier.core.model import LEVELS, Manifest, is_generated, level
from dossier.core.section import Section
from dossier.core.sourcefile import (
    AST_FACTOR,
    BOM,
    DEFAULTS,
    ast_depth,
    check_nesting,
    could_nest_inlines,
    read_source,
)
from dossier.core.yamlsource import YamlDoc, parse_yaml
from dossier.load.images import FileProblem, confine, resolve_images
from dossier.load.translations import FRONT_KEY, State, state_of, text_hash

# Blank lines before it are tolerated: pandoc reads the block all the same.
_FRONT_MATTER = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
# '---' and a line of text after it: front matter opens (pandoc reads '---'
# and an empty line as a rule).
_OPENED = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n[ \t]*\S")
# Chinese and Japanese: a line break between two ideographs is not a space.
READER_EXTENSIONS = {"zh": "+east_asian_line_breaks"}


def section_path(root: Path, lang: str, name: str) -> Path:
    return root / "sections" / lang / f"{name}.md"


def split_front_matter(
    text: str, path: Path, max_nodes: int = DEFAULTS.yaml_nodes
) -> tuple[dict[str, Any], str]:
    """Split YAML front matter off a Markdown file.

    Returns (front matter, body). The header's lines are kept in the body as
    empty lines so that pandoc's line numbers stay those of the file.
    """
    front, body, _ = read_front_matter(text, path, max_nodes)
    return front, body


def read_front_matter(
    text: str, path: Path, max_nodes: int = DEFAULTS.yaml_nodes
) -> tuple[dict[str, Any], str, YamlDoc | None]:
    """:func:`split_front_matter`, and the header as a :class:`YamlDoc` with
    the file's line numbers (None when there is no header). A header opened
    and never closed is an error."""
    text = text.removeprefix(BOM)  # an editor's mark: the front matter follows
    match = _FRONT_MATTER.match(text)
    if not match:
        if _OPENED.match(text):
            raise DossierError(
                [
                    Diagnostic(
                        path,
                        1,
                        "the front matter that starts here is never closed",
                        "end it with a line of three dashes '---' after its last 'key: value'",
                    )
                ]
            )
        return {}, text, None
    opens = text.count("\n", 0, text.index("---"))  # the blank lines before it
    doc = parse_yaml(match.group(1) or "", path, line_offset=1 + opens, max_nodes=max_nodes)
    if doc.data is None:
        data: dict[str, Any] = {}
    elif not isinstance(doc.data, dict):
        raise DossierError(
            [Diagnostic(path, 2, "the front matter must be 'key: value' lines", None)]
        )
    else:
        data = doc.data
    return data, markdown_body(text), doc


def markdown_body(text: str) -> str:
    """The Markdown of a file without its front matter, whose lines are kept
    as empty lines: pandoc's line numbers stay those of the file."""
    text = text.removeprefix(BOM)
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end() :]


def parse_body(
    body: str, path: Path, lang: str, limits: Limits = DEFAULTS
) -> tuple[list[Any], list[str]]:
    """The blocks of the Markdown ``body`` of ``path`` (and pandoc's
    warnings), its nesting checked first."""
    check_nesting(body, path, limits.nesting)
    try:
        blocks, warnings = pandoc.parse_markdown(body, reader_for(lang))
    except RecursionError:  # pandoc's JSON, too deep for Python to read
        raise DossierError([_too_deep(path)]) from None
    deep = could_nest_inlines(body, limits.nesting)
    if deep and ast_depth(blocks) > AST_FACTOR * limits.nesting:
        raise DossierError([_too_deep(path)])  # Typst could not lay it out
    return blocks, warnings


def _too_deep(path: Path) -> Diagnostic:
    return Diagnostic(
        path,
        None,
        "this file nests too deeply to be read (emphasis, links, spans or HTML elements "
        "inside each other)",
        "write it flatter",
    )


def reader_for(lang: str) -> str:
    """The pandoc reader of Markdown written in ``lang``."""
    return pandoc.READER + READER_EXTENSIONS.get(lang, "")


def listed_sections(m: Manifest) -> list[tuple[str, int, str]]:
    """(part, index in the manifest, name) of every section, in order."""
    out = [("letter", i, n) for i, n in enumerate(m.letter)]
    out += [("annex", i, n) for i, n in enumerate(m.annex)]
    return [entry for entry in out if not is_generated(entry[2])]


def load_sections(
    root: Path, m: Manifest, doc: YamlDoc, *, draft: bool, langs: Sequence[str] | None = None
) -> tuple[dict[tuple[str, str], Section], list[Diagnostic]]:
    """Every listed section in every language. The source language first:
    translations are compared with it."""
    sections: dict[tuple[str, str], Section] = {}
    out: list[Diagnostic] = []
    if m.source_language not in m.languages:
        return sections, out  # reported by the manifest check
    wanted = m.languages if langs is None else langs
    order = [m.source_language, *(x for x in wanted if x != m.source_language)]
    for lang in order:
        for part, i, name in listed_sections(m):
            path = section_path(root, lang, name)
            source = sections.get((name, m.source_language))
            try:
                confine(path, root)
            except FileProblem as problem:
                # A name that climbs out is said once; a file linked out, per language.
                if lang == m.source_language or _inside_by_name(path, root):
                    line = doc.line_of((part, i))
                    message = f"section '{name}' ({lang}) {problem.what}"
                    out.append(Diagnostic(doc.file, line, message, problem.hint))
                continue
            if not path.exists() or path.is_dir():  # a pipe: read_source refuses it
                if lang == m.source_language:
                    out.append(_missing_source(doc, part, i, name, path))
                elif source is not None and not _needed(source, lang, m):
                    continue
                elif source is not None:
                    if draft:
                        sections[(name, lang)] = _stand_in(source, lang)
                    else:
                        out.append(_missing_translation(path, lang, source))
                continue
            try:
                section = read_section(path, name, lang, root, out, m.limits)
            except DossierError as exc:
                out += exc.diagnostics
                continue
            sections[(name, lang)] = section
            if source is not None and lang != m.source_language:
                out += _check_translation(section, source)
        out += unlisted(root, lang, m, doc)
    return sections, out


def unlisted(root: Path, lang: str, m: Manifest, doc: YamlDoc) -> list[Diagnostic]:
    """A warning for each Markdown file of ``sections/<lang>/`` that
    dossier.yaml does not list: it is in no output, which its author may
    not expect (a section added, or renamed, but not listed)."""
    listed = {name for _, _, name in listed_sections(m)}
    out: list[Diagnostic] = []
    for path in sorted((root / "sections" / lang).glob("*.md")):
        if path.stem in listed:
            continue
        close = difflib.get_close_matches(path.stem, sorted(listed), n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'? rename the file, or list '{path.stem}'"
            if close
            else f"list '{path.stem}' under letter: or annex: in {doc.file.name}, or delete it"
        )
        message = f"{path.name} is not listed in {doc.file.name}: no document holds it"
        out.append(Diagnostic(path, None, message, hint, Severity.WARNING))
    return out


def _inside_by_name(path: Path, root: Path) -> bool:
    """Whether ``path`` is in ``root`` as written (links not followed)."""
    return Path(os.path.normpath(path.absolute())).is_relative_to(root.absolute())


def _needed(source: Section, lang: str, m: Manifest) -> bool:
    """Whether ``lang`` needs a translation of ``source``: not when the
    section is classified above every edition issued in ``lang``."""
    classification = str(source.front_matter.get("classification") or "public").strip().lower()
    if classification not in LEVELS:
        return True
    return level(classification) <= m.highest_level(lang)


def _missing_source(doc: YamlDoc, part: str, i: int, name: str, path: Path) -> Diagnostic:
    present = sorted(p.stem for p in path.parent.glob("*.md"))
    close = difflib.get_close_matches(name, present, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"create {path}"
    line = doc.line_of((part, i))
    return Diagnostic(doc.file, line, f"section '{name}' has no file {path}", hint)


def _missing_translation(path: Path, lang: str, source: Section) -> Diagnostic:
    return Diagnostic(
        path,
        None,
        f"the {lang} translation of {source.path} is missing",
        "translate it (dossier translation export), or build a draft: 'draft: true' in "
        "dossier.yaml or --draft, which prints the source text marked untranslated",
    )


def _stand_in(source: Section, lang: str) -> Section:
    """The source's text in place of a missing translation, in a Div that
    every renderer marks as untranslated."""
    marked = [tree.div(("untranslated",), source.blocks, lang=source.lang)]
    return Section(
        name=source.name,
        lang=lang,
        path=source.path,
        front_matter={},
        blocks=marked,
        body_hash=source.body_hash,
        untranslated=True,
    )


def _check_translation(section: Section, source: Section) -> list[Diagnostic]:
    state = state_of(section.translation_of, source.body_hash)
    if state is State.STALE:
        message = f"stale translation: {source.path} changed since it was translated"
        hint = "update the translation, then its 'translation-of' (dossier translation import)"
    elif state is State.UNRECORDED:
        message = f"the translation does not record which version of {source.path} it translates"
        hint = f"add '{FRONT_KEY}: {source.body_hash}' to its front matter once it is current"
    else:
        return []
    return [Diagnostic(section.path, 1, message, hint, Severity.WARNING)]


def read_section(
    path: Path,
    name: str,
    lang: str,
    root: Path,
    out: list[Diagnostic],
    limits: Limits = DEFAULTS,
) -> Section:
    raw = read_source(path, limits)
    front, body = split_front_matter(raw, path, limits.yaml_nodes)
    blocks, warnings = parse_body(body, path, lang, limits)
    for warning in warnings:
        line = re.search(r"line (\d+)", warning)
        out.append(
            Diagnostic(
                path,
                int(line.group(1)) if line else None,
                warning.removeprefix("[WARNING] "),
                severity=Severity.WARNING,
            )
        )
    blocks = resolve_images(blocks, path, root, raw, limits or Limits(), out, lang)
    return Section(
        name=name,
        lang=lang,
        path=path,
        front_matter=front,
        blocks=blocks,
        body_hash=text_hash(body),
    )


def image_paths(blocks: list[Any]) -> list[str]:
    return [tree.target_of(n) for n in tree.find(blocks, {"Image"})]
