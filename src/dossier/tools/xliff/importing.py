"""Import: each file's skeleton (the AST exported) filled with its
targets, the codes of each target checked against its source's, written
as Markdown by pandoc with the source hash the translator worked from."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from dossier.core import tree
from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.files import write_text_atomic
from dossier.core.sourcefile import read_source
from dossier.load.loaded import Dossier
from dossier.load.sections import section_path
from dossier.load.translations import record_source
from dossier.pipeline.loading import load
from dossier.tools.xliff.document import MDA, XLF, Element, qname
from dossier.tools.xliff.marks import check_marks
from dossier.tools.xliff.targets import filled
from dossier.tools.xliff.writer import labelled, markdown, reads_back


@dataclass(frozen=True)
class Translated:
    name: str
    source_hash: str
    text: str


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def import_xliff(path: Path, dossier_dir: Path | None = None) -> ImportResult:
    """Write the targets of ``path`` into ``sections/<lang>/`` and record the
    source hash each was translated from. Nothing is written on any error."""
    root = _parse(path)
    directory = dossier_dir or _dossier_of(path, root)
    dossier = load(directory, draft=True)
    lang = _check_languages(path, root, dossier)
    problems: list[Diagnostic] = []
    sections = [_translated(path, f, dossier, lang, problems) for f in root.iter(qname("file"))]
    if problems:
        raise DossierError(problems)
    result = ImportResult()
    for section in filter(None, sections):
        written = _write(dossier, lang, section)
        result.written.append(written)
        result.warnings += _still_stale(dossier, section, written)
    return result


def _parse(path: Path) -> Element:
    if not path.is_file():
        raise DossierError([Diagnostic(path, None, "no such file", "check the file name")])
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        message = f"not well-formed XML: {exc.msg}"
        raise DossierError([Diagnostic(path, exc.lineno, message)]) from None
    version = str(root.get("version", ""))
    if (
        root.tag != qname("xliff")
        or not version.startswith("2.")
        or root.find(qname("file")) is None
    ):
        message = 'not an XLIFF 2 file (<xliff version="2.0"> in the namespace ' + XLF + ")"
        raise DossierError([Diagnostic(path, root.sourceline, message)])
    return root


def _dossier_of(path: Path, root: Element) -> Path:
    for meta in root.iter(f"{{{MDA}}}meta"):
        if meta.get("type") == "dossier" and meta.text:
            return Path(meta.text)
    hint = "pass --dossier DIR"
    raise DossierError(
        [Diagnostic(path, root.sourceline, "the file does not name its dossier", hint)]
    )


def _check_languages(path: Path, root: Element, dossier: Dossier) -> str:
    m = dossier.manifest
    source, lang = root.get("srcLang"), root.get("trgLang") or ""
    problem = None
    if source != m.source_language:
        problem = f"the source language is '{source}', the dossier's is '{m.source_language}'"
    elif lang not in m.languages or lang == m.source_language:
        others = ", ".join(x for x in m.languages if x != m.source_language)
        problem = f"the target language '{lang}' is not one this dossier translates into ({others})"
    if problem:
        raise DossierError([Diagnostic(path, root.sourceline, problem)])
    return lang


def _file_meta(file: Element) -> dict[str, str]:
    meta = {str(m.get("type")): m.text or "" for m in file.iter(f"{{{MDA}}}meta")}
    for note in file.iter(qname("note")):
        if note.get("category") == "source-hash":
            meta.setdefault("source-hash", (note.text or "").strip())
    if "section" not in meta and file.get("original"):
        meta["section"] = Path(str(file.get("original"))).stem
    return meta


OLD_FORMAT = (
    "{name}: this file carries no skeleton (the structure of the exported text): "
    "it was exported by an earlier version of dossier, whose units this one cannot place"
)
OLD_HINT = (
    "export again (dossier translation export DIR --lang LANG) and translate the new "
    "file: a translation tool's memory fills in the units already translated"
)


def _translated(
    path: Path, file: Element, dossier: Dossier, lang: str, problems: list[Diagnostic]
) -> Translated | None:
    meta = _file_meta(file)
    name, source_hash = meta.get("section", ""), meta.get("source-hash", "")
    m = dossier.manifest
    line = file.sourceline
    if name not in [*m.letter, *m.annex]:
        problems.append(Diagnostic(path, line, f"unknown section '{name}'", "check --dossier"))
        return None
    if not re.fullmatch(r"[0-9a-f]{64}", source_hash):
        problems.append(Diagnostic(path, line, f"{name}: no source hash recorded"))
        return None
    exported = _skeleton(path, file, name, problems)
    if exported is None:
        return None
    before = len(problems)
    blocks = filled(path, name, file, tree.copy(exported), problems)
    if len(problems) > before:
        return None
    text = markdown(blocks)
    if not reads_back(text, blocks):
        message = (
            f"the {lang} translation of {name} does not read back as the same document "
            "once written as Markdown: it was not written"
        )
        hint = "report it with this XLIFF file; look for a target that holds Markdown syntax"
        problems.append(Diagnostic(path, line, message, hint))
        return None
    problems += check_marks(path, line, name, lang, exported, text)
    labels = tuple(meta.get("note-labels", "").split())
    return Translated(name, source_hash, labelled(text, labels, blocks))


def _skeleton(path: Path, file: Element, name: str, problems: list[Diagnostic]) -> list[Any] | None:
    element = file.find(qname("skeleton"))
    if element is None or not (element.text or "").strip():
        problems.append(Diagnostic(path, file.sourceline, OLD_FORMAT.format(name=name), OLD_HINT))
        return None
    try:
        blocks = json.loads(element.text)
    except json.JSONDecodeError as exc:
        message = f"{name}: the skeleton is not pandoc JSON ({exc.msg})"
        problems.append(Diagnostic(path, element.sourceline, message, "export again"))
        return None
    if not isinstance(blocks, list):
        message = f"{name}: the skeleton is not a list of pandoc blocks"
        problems.append(Diagnostic(path, element.sourceline, message, "export again"))
        return None
    return blocks


def _write(dossier: Dossier, lang: str, section: Translated) -> Path:
    path = section_path(dossier.root, lang, section.name)
    header = ""
    if path.is_file():
        match = re.match(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", read_source(path), re.S)
        header = match.group(0) + "\n" if match else ""
    write_text_atomic(path, header + section.text)
    record_source(path, section.source_hash)
    return path


def _still_stale(dossier: Dossier, section: Translated, path: Path) -> list[Diagnostic]:
    source = dossier.section(section.name, dossier.manifest.source_language)
    if source.body_hash == section.source_hash:
        return []
    message = f"{source.path} changed after the export: this translation stays stale"
    hint = "export again to translate the changes"
    return [Diagnostic(path, 1, message, hint, Severity.WARNING)]
