"""Import: the Markdown rebuilt from a file's targets, its inline codes
checked against the source's, written with the source hash the
translator worked from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from dossier.core.diagnostics import Diagnostic, DossierError, Severity
from dossier.core.files import write_text_atomic
from dossier.core.sourcefile import read_source
from dossier.load.loaded import Dossier
from dossier.load.sections import section_path
from dossier.load.translations import record_source
from dossier.pipeline.loading import load
from dossier.tools.xliff.document import MDA, XLF, Element, qname
from dossier.tools.xliff.export import exported_blocks
from dossier.tools.xliff.inline import BLOCK_SUBTYPES, KINDS
from dossier.tools.xliff.marks import check_marks


@dataclass(frozen=True)
class Translated:
    name: str
    source_hash: str
    blocks: list[str]


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
    sections = [_translated(path, f, dossier, problems) for f in root.iter(qname("file"))]
    for file, section in zip(root.iter(qname("file")), sections, strict=True):
        if section is not None:
            problems += _marks_kept(path, file.sourceline, dossier, lang, section)
    if problems:
        raise DossierError(problems)
    result = ImportResult()
    for section in filter(None, sections):
        written = _write(dossier, lang, section)
        result.written.append(written)
        result.warnings += _still_stale(dossier, section, written)
    return result


def _marks_kept(
    path: Path, line: int | None, dossier: Dossier, lang: str, section: Translated
) -> list[Diagnostic]:
    """The markings of the translation against those of the text the
    language's editions may show of the current source."""
    m = dossier.manifest
    source = dossier.section(section.name, m.source_language)
    limit = max(m.highest_level(lang), 0)
    exported = exported_blocks(source.path, m.source_language, lang, limit)
    target = "\n\n".join(section.blocks)
    source_text = "\n\n".join(exported)
    return check_marks(path, line, section.name, lang, source_text, target, m.source_language)


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


def _translated(
    path: Path, file: Element, dossier: Dossier, problems: list[Diagnostic]
) -> Translated | None:
    meta = _file_meta(file)
    name, source_hash = meta.get("section", ""), meta.get("source-hash", "")
    m = dossier.manifest
    if name not in [*m.letter, *m.annex]:
        problems.append(
            Diagnostic(path, file.sourceline, f"unknown section '{name}'", "check --dossier")
        )
        return None
    if not re.fullmatch(r"[0-9a-f]{64}", source_hash):
        problems.append(Diagnostic(path, file.sourceline, f"{name}: no source hash recorded"))
        return None
    before = len(problems)
    blocks = [_unit_markdown(path, name, u, problems) for u in file.iter(qname("unit"))]
    if len(problems) > before:
        return None
    return Translated(name, source_hash, [b for b in blocks if b])


def _unit_markdown(path: Path, name: str, unit: Element, problems: list[Diagnostic]) -> str:
    codes = _source_codes(unit)
    where = f"unit {unit.get('id')} of {name}"
    parts: list[str] = []
    used: list[str] = []
    for child in unit.iterchildren(qname("segment"), qname("ignorable")):
        target = child.find(qname("target"))
        if target is None and child.tag == qname("ignorable"):
            target = child.find(qname("source"))
        if target is None:
            problems.append(Diagnostic(path, child.sourceline, f"{where} has no target"))
            return ""
        parts.append(_target_text(path, where, target, codes, used, problems))
    text = "".join(parts).strip()
    problems += _lost_codes(path, where, unit, codes, used, text)
    return _fix_block(text, codes, used)


@dataclass
class SourceCode:
    start: str = ""
    end: str = ""
    sub_type: str = ""
    keep: bool = False


def _source_codes(unit: Element) -> dict[str, SourceCode]:
    data = {d.get("id"): d.text or "" for d in unit.iter(qname("data"))}
    codes: dict[str, SourceCode] = {}
    for source in unit.iter(qname("source")):
        for el in source.iter(qname("ph"), qname("pc"), qname("sc"), qname("ec")):
            local = etree.QName(el).localname
            code = codes.setdefault(str(el.get("startRef") or el.get("id")), SourceCode())
            if local in ("ph", "sc"):
                code.start = data.get(el.get("dataRef"), "")
            elif local == "ec":
                code.end = data.get(el.get("dataRef"), "")
            else:
                code.start = data.get(el.get("dataRefStart"), "")
                code.end = data.get(el.get("dataRefEnd"), "")
            code.sub_type = code.sub_type or str(el.get("subType") or "")
            code.keep = code.keep or el.get("canDelete") == "no"
    return codes


def _target_text(
    path: Path,
    where: str,
    element: Element,
    codes: dict[str, SourceCode],
    used: list[str],
    problems: list[Diagnostic],
) -> str:
    out = [element.text or ""]
    for child in element:
        local = etree.QName(child).localname
        ref = str(child.get("startRef") or child.get("id"))
        code = codes.get(ref)
        if local in ("ph", "pc", "sc", "ec") and code is None:
            message = f'{where}: the target has a code <{local} id="{ref}"/> the source has not'
            problems.append(Diagnostic(path, child.sourceline, message))
        elif local in ("ph", "pc", "sc", "ec") and code is not None:
            used.append(ref)
            inner = _target_text(path, where, child, codes, used, problems)
            out.append(_code_text(local, code, inner))
        elif local == "mrk":
            out.append(_target_text(path, where, child, codes, used, problems))
        elif local == "cp":
            out.append(chr(int(str(child.get("hex")), 16)))
        out.append(child.tail or "")
    return "".join(out)


def _code_text(local: str, code: SourceCode, inner: str) -> str:
    return {
        "ph": code.start,
        "pc": code.start + inner + code.end,
        "sc": code.start,
        "ec": code.end,
    }[local]


def _lost_codes(
    path: Path, where: str, unit: Element, codes: dict[str, SourceCode], used: list[str], text: str
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    line = unit.sourceline
    for cid, code in codes.items():
        if code.keep and cid not in used:
            shown = code.start + ("…" + code.end if code.end else "")
            message = f"{where}: the target lacks the code {cid} '{shown}' ({code.sub_type})"
            out.append(Diagnostic(path, line, message, "copy it from the source into the target"))
        elif code.sub_type in BLOCK_SUBTYPES and cid in used and not text.startswith(code.start):
            message = f"{where}: '{code.start.strip()}' must begin the target"
            out.append(Diagnostic(path, line, message, "move the code to the start"))
    return out


def _fix_block(text: str, codes: dict[str, SourceCode], used: list[str]) -> str:
    """A heading stays on one line; a footnote's later lines stay indented."""
    kinds = {codes[c].sub_type for c in used}
    if KINDS["heading"][1] in kinds:
        return " ".join(text.split("\n"))
    if KINDS["footnote-definition"][1] in kinds:
        first, *rest = text.split("\n")
        indented = [ln if not ln.strip() or ln[0] in " \t" else "    " + ln for ln in rest]
        return "\n".join([first, *indented])
    return text


def _write(dossier: Dossier, lang: str, section: Translated) -> Path:
    path = section_path(dossier.root, lang, section.name)
    header = ""
    if path.is_file():
        match = re.match(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", read_source(path), re.S)
        header = match.group(0) + "\n" if match else ""
    write_text_atomic(path, header + "\n\n".join(section.blocks) + "\n")
    record_source(path, section.source_hash)
    return path


def _still_stale(dossier: Dossier, section: Translated, path: Path) -> list[Diagnostic]:
    source = dossier.section(section.name, dossier.manifest.source_language)
    if source.body_hash == section.source_hash:
        return []
    message = f"{source.path} changed after the export: this translation stays stale"
    hint = "export again to translate the changes"
    return [Diagnostic(path, 1, message, hint, Severity.WARNING)]
