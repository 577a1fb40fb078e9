"""The build: load and check everything first, then write every output.

    load -> assemble (per language) -> render (per format) -> finish

Nothing is written until the whole dossier has loaded without an error.

Under Make the two halves run apart: ``dossier assemble`` writes one
language version of one edition, assembled and checked, as a :class:`Stage`
file (``build/<name>/.stage/<edition>.<lang>.pickle``), and ``dossier render``
writes one format from it. The three formats of a language are then three
jobs that ``make -j`` runs side by side, without loading the dossier again.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dossier.assemble.compose import Document, assemble
from dossier.core import pandoc, paths
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import atomic_output
from dossier.core.localise import catalogue_dir, supported
from dossier.core.locks import build_lock, writing
from dossier.core.model import Edition
from dossier.core.paths import DOSSIER_FILE
from dossier.core.templates import kind_dir
from dossier.load.loaded import Dossier
from dossier.pipeline.loading import load
from dossier.render.finish import finish_output
from dossier.seal import leaks, provenance
from dossier.select.edition import Withheld, select

Renderer = Callable[[Document, Path], None]


def renderers(formats: Iterable[str] = paths.FORMATS) -> dict[str, Renderer]:
    """The renderers of ``formats``, imported here and only those: a
    `dossier check` pays for none of lxml, typst, docxtpl, and a `dossier
    render --format html` (one of many under make -j) for the HTML's alone."""
    import importlib

    return {fmt: importlib.import_module(f"dossier.render.{fmt}").render for fmt in formats}


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
    manifest_path = root / DOSSIER_FILE
    known = [e.name for e in dossier.manifest.editions]
    chosen = _choose(editions, known, "edition", manifest_path)
    langs = _choose(langs, dossier.manifest.languages, "language", manifest_path)
    formats = _choose(formats, paths.FORMATS, "format", None)
    _check_supported(langs, manifest_path)
    result = BuildResult(dossier, warnings=list(dossier.warnings))
    table = renderers()
    if sign_key is not None:
        from dossier.seal.sign import load_signer  # pyhanko: only to sign (0.3 s to import)

        load_signer(sign_key, sign_password)  # a wrong password fails before any output
    folder = out / dossier.name
    with build_lock(folder, exclusive=True), writing(folder):
        for edition in (e for e in dossier.manifest.editions if e.name in chosen):
            selected, withheld = select(dossier, edition)
            result.withheld[edition.name] = withheld
            prints = _prints(withheld)
            stages = (
                version(dossier, selected, edition, lang, out, withheld, prints)
                for lang in langs
                if lang in dossier.manifest.edition_languages(edition)
            )
            result.outputs += _write_edition(
                stages, lambda s: write_stage(s, formats, table, sign_key, sign_password, progress)
            )
    return result


def _write_edition(stages: Iterable[Stage], render: Callable[[Stage], list[Path]]) -> list[Path]:
    """Write each language version of an edition, then its manifest. When a
    version fails (a leak, a renderer, a full disk), the versions written
    before it are recorded before the error goes on: no output is left
    without its manifest (and none of the failed version is left at all)."""
    written: list[Path] = []
    stage: Stage | None = None
    try:
        for stage in stages:
            written += render(stage)
    except BaseException:
        if stage is not None and written:
            _record_or_remove(stage, written)
        raise
    if stage is not None and written:
        write_manifest(stage, written)
    return written


def _record_or_remove(stage: Stage, written: list[Path]) -> None:
    """Record ``written`` in the manifest, or, when that fails too (a full
    disk), remove them."""
    try:
        write_manifest(stage, written)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)


@dataclass
class Stage:
    """One language version of one edition, assembled and checked, with all
    that its renderers, the leak scan and the provenance record need."""

    doc: Document
    edition: Edition
    origin: provenance.Origin
    out: Path
    inputs: list[Path]
    withheld: list[Withheld]
    prints: leaks.Fingerprints
    warnings: list[Diagnostic] = field(default_factory=list)

    def target(self, fmt: str) -> Path:
        return paths.output(self.out, self.origin.name, self.edition.name, self.doc.lang, fmt)


def version(
    dossier: Dossier,
    selected: Dossier,
    edition: Edition,
    lang: str,
    out: Path,
    withheld: list[Withheld],
    prints: leaks.Fingerprints,
) -> Stage:
    """The ``lang`` version of ``edition`` assembled, with what its
    renderers, the leak scan and the manifest need: the one step that
    ``dossier build`` and Make's ``dossier assemble`` share."""
    doc = assemble(selected, lang, cache=out / dossier.name / ".cache", edition=edition)
    inputs = [*dossier.inputs, *template_inputs(dossier)]
    origin = provenance.Origin.of(dossier, edition)
    return Stage(doc, edition, origin, out, inputs, withheld, prints)


def _prints(withheld: list[Withheld]) -> leaks.Fingerprints:
    """The fingerprints of what an edition withholds, all of its text: a
    withheld sentence the public text repeats was refused by the check of
    the sources (dossier.select.shown) already, and is a leak in an output too."""
    return leaks.fingerprints(withheld)


def assemble_stage(
    root: Path, out: Path, edition: str, lang: str, *, draft: bool = False
) -> tuple[Path, Stage]:
    """Load ``root`` (only ``lang`` and the source language), assemble the
    ``lang`` version of ``edition`` and write it as a stage file; the file is
    the build's own, read back only by :func:`render_stage`."""
    pandoc.use_cache(pandoc.user_cache())
    dossier = load(root, draft=draft, langs=[lang])
    manifest_path = root / DOSSIER_FILE
    editions = dossier.manifest.editions
    _choose([edition], [e.name for e in editions], "edition", manifest_path)
    chosen = next(e for e in editions if e.name == edition)
    _choose([lang], dossier.manifest.edition_languages(chosen), "language", manifest_path)
    _check_supported([lang], manifest_path)
    selected, withheld = select(dossier, chosen)
    prints = _prints(withheld)
    folder = out / dossier.name
    path = paths.stage(out, dossier.name, chosen.name, lang)
    # Held from the first file written (the charts, in .cache) to the last.
    with build_lock(folder, exclusive=False), writing(folder):
        stage = version(dossier, selected, chosen, lang, out, withheld, prints)
        stage.warnings = list(dossier.warnings)
        with atomic_output(path, shared=True) as tmp:
            tmp.write_bytes(pickle.dumps(stage, protocol=pickle.HIGHEST_PROTOCOL))
    return path, stage


def render_stage(
    path: Path,
    formats: Sequence[str],
    *,
    sign_key: Path | None = None,
    sign_password: bytes | None = None,
) -> tuple[Stage, list[Path]]:
    """Write ``formats`` of the stage file at ``path`` and record them in the
    edition's manifest.json."""
    with path.open("rb") as f:
        stage: Stage = pickle.load(f)  # written by assemble_stage, in the build folder
    if sign_key is not None:
        from dossier.seal.sign import load_signer  # pyhanko: only to sign (0.3 s to import)

        load_signer(sign_key, sign_password)  # a wrong password fails before any output
    pandoc.use_cache(pandoc.user_cache())
    table = renderers(formats)
    folder = path.parent.parent  # build/<name>/.stage/<file>
    with build_lock(folder, exclusive=False), writing(folder):
        written = write_stage(stage, formats, table, sign_key, sign_password)
        write_manifest(stage, written)
    return stage, written


def write_stage(
    stage: Stage,
    formats: Sequence[str],
    table: dict[str, Renderer],
    sign_key: Path | None,
    sign_password: bytes | None,
    progress: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write every format of a language version, all or none: each is
    rendered into a temporary file, and the files are renamed into place
    only when every format has been written and scanned."""
    targets = [stage.target(fmt) for fmt in formats]
    with contextlib.ExitStack() as pending:
        for fmt, target in zip(formats, targets, strict=True):
            tmp = pending.enter_context(atomic_output(target, shared=True))
            write_format(stage, fmt, table[fmt], tmp, sign_key, sign_password)
    for target in targets:
        if progress:
            progress(target)
    return targets


def write_format(
    stage: Stage,
    fmt: str,
    renderer: Renderer,
    tmp: Path,
    sign_key: Path | None,
    sign_password: bytes | None,
) -> None:
    """Render, finish, scan for what the edition withholds and sign one
    output into ``tmp``, the temporary file of its target."""
    doc = stage.doc
    render_one(renderer, doc, tmp, fmt)
    finish_output(tmp, fmt, doc)
    leaks.enforce(tmp, stage.prints, stage.withheld, output=stage.target(fmt))
    if fmt == "pdf" and sign_key is not None:
        reason = f"{doc.symbol} ({stage.edition.name} edition)"
        from dossier.seal.sign import sign_pdf

        sign_pdf(tmp, sign_key, sign_password, reason, location="")


def write_manifest(stage: Stage, written: list[Path]) -> None:
    folder = stage.out / stage.origin.name / stage.edition.name
    provenance.write_manifest(
        folder, stage.origin, stage.edition, stage.inputs, written, stage.prints, stage.withheld
    )


def render_one(renderer: Renderer, doc: Document, tmp: Path, fmt: str) -> None:
    """Run one renderer; what the user can fix (a character no font has)
    becomes a diagnostic."""
    try:
        renderer(doc, tmp)
    except Exception as exc:
        # Only the PDF's renderer raises them; the others do not import it.
        pdf = sys.modules.get("dossier.render.pdf")
        if pdf is not None and isinstance(exc, pdf.RawTypstFailed):
            message = f"Typst refused the raw Typst here ({doc.lang} pdf): {exc}"
            hint = "fix the ```{=typst} block; raw Typst cannot read files, only lay out text"
            raise DossierError([Diagnostic(Path(exc.file), exc.line, message, hint)]) from None
        if pdf is not None and isinstance(exc, pdf.MissingGlyphs):
            hint = "see docs: fonts"
        elif pdf is not None and isinstance(exc, pdf.PdfTooLarge):
            hint = (
                "the PDF needs more memory than this machine gave it: build fewer "
                "versions at once (make dossier NPROC=1), close other programs, or "
                "build on a machine with more memory"
            )
        else:
            raise
        raise DossierError([Diagnostic(None, None, f"{doc.lang} {fmt}: {exc}", hint)]) from None


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
    return [*kind_inputs(dossier), *code_inputs()]


# The template files each renderer reads, by suffix (any other: every format).
FORMAT_SUFFIXES = {"docx": {".docx"}, "pdf": {".typ"}, "html": {".css", ".j2"}}


def kind_inputs(dossier: Dossier, fmt: str | None = None) -> list[Path]:
    """The template files of the dossier's kind (those ``fmt``'s renderer
    reads; all when None)."""
    found: list[Path] = []
    # The other kinds reuse the files of ga-letter and sc-letter.
    kinds = dict.fromkeys([dossier.manifest.kind, "ga-letter", "sc-letter"])
    if dossier.manifest.kind == "sc-letter":
        kinds = {"sc-letter": None}
    for kind in kinds:
        folder = kind_dir(kind)
        if folder:
            found += sorted(p for p in folder.rglob("*") if p.is_file())
    if fmt is None:
        return found
    others = set().union(*(v for k, v in FORMAT_SUFFIXES.items() if k != fmt))
    return [p for p in found if p.suffix not in others]


def code_inputs() -> list[Path]:
    """The boilerplate catalogues, the citation style and this package's
    source (its Lua reader too): what every output depends on besides the
    dossier."""
    from dossier.load.sources import style_path

    package = Path(__file__).resolve().parents[1]
    catalogues = sorted(catalogue_dir().glob("*/LC_MESSAGES/*.po"))
    code = sorted([*package.rglob("*.py"), *package.rglob("*.lua")])
    return [*catalogues, style_path(), *code]
