"""The stages of the pipeline, one function each, in the order they run:

    read -> choose -> select_edition -> assemble_version -> render_version -> seal

``dossier build`` (and the preview) runs them all in one process; under
Make the same functions run in two steps (:mod:`dossier.pipeline.makesteps`):
``dossier assemble`` up to :func:`assemble_version`, ``dossier render`` from
:func:`render_version` on. Nothing is written until the whole dossier has
loaded without an error.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dossier.assemble.compose import Document, assemble
from dossier.core import pandoc, paths
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import atomic_output, file_sha256
from dossier.core.localise import supported
from dossier.core.locks import build_lock, writing
from dossier.core.model import Edition
from dossier.core.paths import DOSSIER_FILE
from dossier.load.loaded import Dossier
from dossier.pipeline import submission
from dossier.pipeline.inputs import template_inputs
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
class Signing:
    """The key every PDF is signed with, and its password."""

    key: Path
    password: bytes | None

    def check(self) -> None:
        """A wrong password fails before any output is written."""
        from dossier.seal.sign import load_signer  # pyhanko is imported only to sign

        load_signer(self.key, self.password)

    def sign(self, path: Path, reason: str) -> None:
        """Sign the PDF ``path`` in place."""
        from dossier.seal.sign import sign_pdf  # pyhanko is imported only to sign

        sign_pdf(path, self.key, self.password, reason, location="")


@dataclass
class Withholding:
    """What an edition withholds, and its fingerprints for the leak scan."""

    withheld: list[Withheld]
    prints: leaks.Fingerprints


@dataclass
class Assembled:
    """One language version of one edition, assembled and checked, with what
    its renderers and its manifest need. ``shown`` holds the SHA-256 of each
    dossier file it shows: the renderers read the images and exhibits
    themselves, so a changed image must change this record too (Make renders
    again only when the record's bytes change)."""

    doc: Document
    edition: Edition
    origin: provenance.Origin
    out: Path
    inputs: list[Path]
    shown: dict[str, str]

    def target(self, fmt: str) -> Path:
        return paths.output(self.out, self.origin.name, self.edition.name, self.doc.lang, fmt)


@dataclass
class BuildResult:
    dossier: Dossier
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    # edition -> what it withheld (for the leak scan)
    withheld: dict[str, list[Withheld]] = field(default_factory=dict)


# ---- the stages --------------------------------------------------------------


def read(root: Path, *, draft: bool = False, langs: Sequence[str] = ()) -> Dossier:
    """Load and check ``root`` (only ``langs`` and the source language when
    given), with pandoc's cache of parsed texts."""
    pandoc.use_cache(pandoc.user_cache())
    return load(root, draft=draft, langs=langs)


@dataclass
class Choice:
    """The editions, languages and formats asked of a dossier."""

    editions: list[Edition]
    langs: list[str]
    formats: list[str]


def choose(
    dossier: Dossier, editions: Sequence[str], langs: Sequence[str], formats: Sequence[str]
) -> Choice:
    """What was asked (all when nothing was), or every name not in the
    dossier as a diagnostic."""
    m = dossier.manifest
    manifest_path = dossier.root / DOSSIER_FILE
    names = choose_names(editions, [e.name for e in m.editions], "edition", manifest_path)
    chosen = [e for e in m.editions if e.name in names]
    langs = choose_names(langs, m.languages, "language", manifest_path)
    formats = choose_names(formats, paths.FORMATS, "format", None)
    _check_supported(langs, manifest_path)
    return Choice(chosen, langs, formats)


def select_edition(dossier: Dossier, edition: Edition) -> tuple[Dossier, Withholding]:
    """The dossier as ``edition`` shows it, and what it withholds. Every
    withheld text is fingerprinted: a withheld sentence the public text
    repeats was refused by the check of the sources (dossier.select.shown)
    already, and is a leak in an output too."""
    selected, withheld = select(dossier, edition)
    return selected, Withholding(withheld, leaks.fingerprints(withheld, dossier.root))


def assemble_version(
    dossier: Dossier,
    selected: Dossier,
    edition: Edition,
    lang: str,
    out: Path,
    withholding: Withholding,
) -> Assembled:
    """The ``lang`` version of ``edition`` assembled from ``selected``."""
    doc = assemble(selected, lang, cache=out / dossier.name / ".cache", edition=edition)
    # Only the files it may name: a withheld record deleted, or edited,
    # leaves the version as it was (and its outputs unrendered).
    withheld = withholding.withheld
    inputs = provenance.edition_inputs([*dossier.inputs, *template_inputs(dossier)], withheld)
    shown = {str(p): file_sha256(p) for p in provenance.edition_inputs(dossier.inputs, withheld)}
    origin = provenance.Origin.of(dossier, edition)
    return Assembled(doc, edition, origin, out, inputs, shown)


def render_version(
    assembled: Assembled,
    withholding: Withholding,
    formats: Sequence[str],
    table: dict[str, Renderer],
    signing: Signing | None,
    progress: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write every format of a language version, all or none: each is
    rendered into a temporary file, and the files are renamed into place
    only when every format has been written and scanned."""
    targets = [assembled.target(fmt) for fmt in formats]
    with contextlib.ExitStack() as pending:
        for fmt, target in zip(formats, targets, strict=True):
            tmp = pending.enter_context(atomic_output(target, shared=True))
            write_format(assembled, withholding, fmt, table[fmt], tmp, signing)
    for target in targets:
        if progress:
            progress(target)
    return targets


def seal(assembled: Assembled, withholding: Withholding, written: list[Path]) -> None:
    """Record ``written`` with its inputs and fingerprints in the edition's
    manifest.json."""
    folder = assembled.out / assembled.origin.name / assembled.edition.name
    provenance.write_manifest(
        folder,
        assembled.origin,
        assembled.edition,
        assembled.inputs,
        written,
        withholding.prints,
        withholding.withheld,
    )


# ---- dossier build: every stage in one process ---------------------------------


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
    dossier = read(root, draft=draft, langs=langs)
    choice = choose(dossier, editions, langs, formats)
    result = BuildResult(dossier, warnings=list(dossier.warnings))
    table = renderers()
    signing = Signing(sign_key, sign_password) if sign_key is not None else None
    if signing is not None:
        signing.check()
    folder = out / dossier.name
    with build_lock(folder, exclusive=True), writing(folder):
        for edition in choice.editions:
            selected, withholding = select_edition(dossier, edition)
            result.withheld[edition.name] = withholding.withheld
            versions = (
                assemble_version(dossier, selected, edition, lang, out, withholding)
                for lang in choice.langs
                if lang in dossier.manifest.layout_languages(edition)
            )
            # the package is DOCX and PDF together: not for a build of some formats,
            # and only with the language it is submitted in
            wanted = not formats and dossier.manifest.submission_language in choice.langs
            package = _package(selected, edition, out, withholding, signing) if wanted else None
            # the version its manifest is sealed with when the edition has no
            # UN layout (a submitted dossier): the submitted language's
            lang = dossier.manifest.submission_language
            anchor = functools.partial(
                assemble_version, dossier, selected, edition, lang, out, withholding
            )
            result.outputs += _write_edition(
                versions,
                withholding,
                lambda a, w: render_version(a, w, choice.formats, table, signing, progress),
                package,
                anchor,
            )
    return result


def _package(
    selected: Dossier, edition: Edition, out: Path, w: Withholding, signing: Signing | None
) -> Callable[[], list[Path]] | None:
    """The writing of the edition's submission package, when it has one."""
    if not submission.wanted(selected.manifest, edition):
        return None
    sign = signing.sign if signing is not None else None
    write = submission.write_submission
    return functools.partial(write, selected, edition, out, w.prints, w.withheld, sign)


def _write_edition(
    versions: Iterable[Assembled],
    withholding: Withholding,
    render: Callable[[Assembled, Withholding], list[Path]],
    package: Callable[[], list[Path]] | None = None,
    anchor: Callable[[], Assembled] | None = None,
) -> list[Path]:
    """Write each language version of an edition, then its submission
    package (``package``), then its manifest. When a version fails (a leak,
    a renderer, a full disk), the versions written before it are recorded
    before the error goes on: no output is left without its manifest (and
    none of the failed version is left at all)."""
    written: list[Path] = []
    last: Assembled | None = None
    try:
        for last in versions:
            written += render(last, withholding)
        if package is not None and last is None and anchor is not None:
            last = anchor()
        if package is not None and last is not None:
            written += package()
    except BaseException:
        if last is not None and written:
            _record_or_remove(last, withholding, written)
        raise
    if last is not None and written:
        seal(last, withholding, written)
    return written


def _record_or_remove(last: Assembled, withholding: Withholding, written: list[Path]) -> None:
    """Record ``written`` in the manifest, or, when that fails too (a full
    disk), remove them."""
    try:
        seal(last, withholding, written)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)


# ---- one format ----------------------------------------------------------------


def write_format(
    assembled: Assembled,
    withholding: Withholding,
    fmt: str,
    renderer: Renderer,
    tmp: Path,
    signing: Signing | None,
) -> None:
    """Render, finish, scan for what the edition withholds and sign one
    output into ``tmp``, the temporary file of its target."""
    doc = assembled.doc
    render_one(renderer, doc, tmp, fmt)
    finish_output(tmp, fmt, doc)
    leaks.enforce(tmp, withholding.prints, withholding.withheld, output=assembled.target(fmt))
    if fmt == "pdf" and signing is not None:
        signing.sign(tmp, f"{doc.symbol} ({assembled.edition.name} edition)")


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


def choose_names(
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
