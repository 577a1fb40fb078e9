"""The build: load and check everything first, then write every output.

    load -> assemble (per language) -> render (per format) -> finish

Nothing is written until the whole dossier has loaded without an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dossier import leaks, pandoc, paths, provenance
from dossier.assemble import Document, assemble
from dossier.diagnostics import Diagnostic, DossierError
from dossier.finish import atomic_output, finish_output
from dossier.load import MANIFEST, load
from dossier.localise import catalogue_dir, supported
from dossier.model import Dossier
from dossier.select import Withheld, select
from dossier.sign import load_signer, sign_pdf
from dossier.templates import kind_dir

Renderer = Callable[[Document, Path], None]


def renderers() -> dict[str, Renderer]:
    # Imported here: a `dossier check` does not pay for lxml, typst, docxtpl.
    from dossier.render import docx, html, pdf

    return {"docx": docx.render, "pdf": pdf.render, "html": html.render}


@dataclass
class BuildResult:
    dossier: Dossier
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    # edition -> what it withheld (for the leak scan)
    withheld: dict[str, list[Withheld]] = field(default_factory=dict)


def build(
    root: Path,
    out: Path,
    *,
    editions: Sequence[str] = (),
    langs: Sequence[str] = (),
    formats: Sequence[str] = (),
    draft: bool = False,
    progress: Callable[[Path], None] | None = None,
    sign_key: Path | None = None,
    sign_password: bytes | None = None,
) -> BuildResult:
    """Build every edition x language x format asked (all by default); scan
    each output for what its edition withholds; record the inputs and outputs
    in the edition's manifest.json; sign the PDFs when a key is given."""
    pandoc.use_cache(pandoc.user_cache())
    dossier = load(root, draft=draft, langs=langs)
    manifest_path = root / MANIFEST
    known = [e.name for e in dossier.manifest.editions]
    chosen = _choose(editions, known, "edition", manifest_path)
    langs = _choose(langs, dossier.manifest.languages, "language", manifest_path)
    formats = _choose(formats, paths.FORMATS, "format", None)
    _check_supported(langs, manifest_path)
    result = BuildResult(dossier, warnings=list(dossier.warnings))
    table = renderers()
    cache = out / dossier.name / ".cache"
    if sign_key is not None:
        load_signer(sign_key, sign_password)  # a wrong password fails before any output
    inputs = [*dossier.inputs, *template_inputs(dossier)]
    for edition in (e for e in dossier.manifest.editions if e.name in chosen):
        selected, withheld = select(dossier, edition)
        result.withheld[edition.name] = withheld
        prints = leaks.fingerprints(withheld, leaks.source_text(selected))
        for lang in (x for x in langs if x in dossier.manifest.edition_languages(edition)):
            doc = assemble(selected, lang, cache=cache, edition=edition)
            for fmt in formats:
                target = paths.output(out, dossier.name, edition.name, lang, fmt)
                with atomic_output(target) as tmp:
                    render_one(table[fmt], doc, tmp, fmt)
                    finish_output(tmp, fmt, doc)
                    leaks.enforce(tmp, prints, withheld, output=target)
                    if fmt == "pdf" and sign_key is not None:
                        reason = f"{dossier.manifest.symbol} ({edition.name} edition)"
                        sign_pdf(tmp, sign_key, sign_password, reason, location="")
                result.outputs.append(target)
                if progress:
                    progress(target)
        folder = out / dossier.name / edition.name
        written = [p for p in result.outputs if p.parent == folder]
        if written:
            provenance.write_manifest(folder, dossier, edition, inputs, written, prints, withheld)
    return result


def render_one(renderer: Renderer, doc: Document, tmp: Path, fmt: str) -> None:
    """Run one renderer; what the user can fix (a character no font has)
    becomes a diagnostic."""
    from dossier.render.pdf import MissingGlyphs

    try:
        renderer(doc, tmp)
    except MissingGlyphs as exc:
        raise DossierError(
            [Diagnostic(None, None, f"{doc.lang} {fmt}: {exc}", "see docs: fonts")]
        ) from None


def _choose(
    asked: Sequence[str], available: Sequence[str], what: str, file: Path | None
) -> list[str]:
    if not asked:
        return list(available)
    unknown = [a for a in asked if a not in available]
    if unknown:
        raise DossierError(
            [
                Diagnostic(
                    file,
                    None,
                    f"{what} '{u}' is not in this dossier",
                    f"choose from: {', '.join(available)}",
                )
                for u in unknown
            ]
        )
    return list(asked)


def _check_supported(langs: Iterable[str], manifest_path: Path) -> None:
    ready = supported()
    missing = [lang for lang in langs if lang not in ready]
    if missing:
        raise DossierError(
            [
                Diagnostic(
                    manifest_path,
                    None,
                    f"language '{lang}' cannot be built yet: its boilerplate catalogue "
                    "is not written",
                    f"build the languages that are ready: {', '.join(sorted(ready))}",
                )
                for lang in missing
            ]
        )


def template_inputs(dossier: Dossier) -> list[Path]:
    """Files the outputs depend on besides the dossier: templates and this
    package's own source (an upgrade of the code rebuilds the outputs)."""
    found: list[Path] = []
    # The other kinds reuse the files of ga-letter and sc-letter.
    kinds = dict.fromkeys([dossier.manifest.kind, "ga-letter", "sc-letter"])
    if dossier.manifest.kind == "sc-letter":
        kinds = {"sc-letter": None}
    for kind in kinds:
        folder = kind_dir(kind)
        if folder:
            found += sorted(p for p in folder.rglob("*") if p.is_file())
    found += sorted(catalogue_dir().glob("*/LC_MESSAGES/*.po"))
    package = Path(__file__).resolve().parent
    found += sorted(package.rglob("*.py"))
    return found
