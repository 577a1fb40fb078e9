"""Make's two steps of a language version, from the same stages as
``dossier build`` (:mod:`dossier.pipeline.stages`):

- ``dossier assemble`` reads, selects and assembles one language version of
  one edition into ``build/<name>/.stage/``: the version assembled
  (``<edition>.<lang>.pickle``), what the edition withholds
  (``<edition>.<lang>.withheld.pickle``, Make's target of the step) and the
  files the step read (``<edition>.<lang>.d``, a depfile the rules include);
- ``dossier render`` writes one format from them, scans and records it.

The three formats of a language are three jobs that ``make -j`` runs side by
side, without loading the dossier again.

The version assembled is rewritten only when its bytes change, and Make
renders a format again only when it is newer than the output: an edit that
changes what an edition withholds but nothing it shows (a restricted record,
for the public edition) runs the assemble step, which scans the outputs
already written against the new fingerprints and records them, and renders
nothing.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dossier.core import pandoc, paths
from dossier.core.diagnostics import Diagnostic
from dossier.core.files import atomic_output, write_text_atomic
from dossier.core.locks import build_lock, writing
from dossier.core.paths import DOSSIER_FILE
from dossier.load.loaded import Dossier
from dossier.pipeline import submission
from dossier.pipeline.inputs import code_inputs, template_inputs
from dossier.pipeline.makerules import depfile_text, step_files
from dossier.pipeline.stages import (
    Assembled,
    Signing,
    Withholding,
    assemble_version,
    choose,
    choose_names,
    read,
    render_version,
    renderers,
    seal,
    select_edition,
)
from dossier.pipeline.submission import submission_templates, write_submission
from dossier.seal import leaks, provenance
from dossier.select.edition import Withheld


def assemble_step(
    root: Path, out: Path, edition: str, lang: str, *, draft: bool = False
) -> tuple[Path, list[Diagnostic]]:
    """Assemble the ``lang`` version of ``edition`` into its files under
    ``.stage/``; return the version's file and the load's warnings."""
    dossier = read(root, draft=draft, langs=[lang])
    chosen = choose(dossier, [edition], [lang], ()).editions[0]
    offered = submission.assembled_languages(dossier.manifest, chosen)
    choose_names([lang], offered, "language", root / DOSSIER_FILE)
    selected, withholding = select_edition(dossier, chosen)
    files = step_files(paths.assembled(out, dossier.name, chosen.name, lang))
    # Held from the first file written (the charts, in .cache) to the last.
    with build_lock(out / dossier.name, exclusive=False), writing(out / dossier.name):
        assembled = assemble_version(dossier, selected, chosen, lang, out, withholding)
        changed = _write_if_changed(files.assembled, assembled)
        hidden = pickle.dumps(withholding, _PROTOCOL)
        if not changed and _withheld_before(files.withheld) != withholding.withheld:
            rescan(assembled, withholding)
        reads = [*step_reads(dossier), files.listing]
        write_text_atomic(files.depfile, depfile_text(files.withheld, reads), shared=True)
        with atomic_output(files.withheld, shared=True) as tmp:  # the step's target: last
            tmp.write_bytes(hidden)
    return files.assembled, list(dossier.warnings)


_PROTOCOL = pickle.HIGHEST_PROTOCOL


def step_reads(dossier: Dossier) -> list[Path]:
    """Every file the assemble step read: what the loader read for this
    language and the source language (the files the version shows and
    those it withholds), the boundaries the map is drawn from, the
    catalogues, the citation style and the package's code.

    The files the edition withholds are inputs too, for two reasons: the
    classification that withholds a record is written in the record itself
    (lowering it must show the record), and their text is fingerprinted to
    scan the outputs (a change must scan them again). The assemble step
    runs again for them; the outputs are rendered again only when what they
    show changed (:class:`~dossier.pipeline.stages.Assembled`)."""
    m = dossier.manifest
    boundaries = [dossier.root / m.evidence.boundaries] if m.evidence.boundaries else []
    read_ = [*dossier.inputs, *(p for p in boundaries if p.is_file())]
    return list(dict.fromkeys([*read_, *code_inputs()]))


def rescan(assembled: Assembled, withholding: Withholding) -> None:
    """Scan the outputs of ``assembled`` already written against what its
    edition withholds now, and record them with the new fingerprints. An
    output that shows withheld text is deleted and the step fails naming it
    (Make then renders it again, and the render refuses it too)."""
    found = [t for fmt in paths.FORMATS if (t := assembled.target(fmt)).is_file()]
    for output in found:
        leaks.enforce(output, withholding.prints, withholding.withheld)
    if found:
        seal(assembled, withholding, found)


def _before(path: Path) -> Any:
    """What the step wrote at ``path`` when it last ran (None: it never
    did). Compared as values, not as bytes: a pickle writes a set (the
    fingerprints', pydantic's fields set) in an order that changes from one
    process to the next."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)  # written by this step, in the build folder
    except (FileNotFoundError, EOFError, pickle.UnpicklingError):
        return None


def _withheld_before(path: Path) -> list[Withheld] | None:
    before = _before(path)
    return before.withheld if isinstance(before, Withholding) else None


def _write_if_changed(path: Path, assembled: Assembled) -> bool:
    """Write ``assembled`` unless ``path`` holds it already; whether it wrote."""
    if _before(path) == assembled:
        return False
    with atomic_output(path, shared=True) as tmp:
        tmp.write_bytes(pickle.dumps(assembled, _PROTOCOL))
    return True


def render_step(
    path: Path,
    formats: Sequence[str],
    *,
    sign_key: Path | None = None,
    sign_password: bytes | None = None,
) -> list[Path]:
    """Write ``formats`` of the version assembled at ``path`` and record them
    in the edition's manifest.json."""
    files = step_files(path)
    # both written by assemble_step, in the build folder
    with files.assembled.open("rb") as f:
        assembled: Assembled = pickle.load(f)
    with files.withheld.open("rb") as f:
        withholding: Withholding = pickle.load(f)
    signing = Signing(sign_key, sign_password) if sign_key is not None else None
    if signing is not None:
        signing.check()
    pandoc.use_cache(pandoc.user_cache())
    table = renderers(formats)
    folder = path.parent.parent  # build/<name>/.stage/<file>
    with build_lock(folder, exclusive=False), writing(folder):
        written = render_version(assembled, withholding, formats, table, signing)
        seal(assembled, withholding, written)
    return written


def submission_step(
    root: Path,
    out: Path,
    edition: str,
    *,
    draft: bool = False,
    sign_key: Path | None = None,
    sign_password: bytes | None = None,
) -> list[Path]:
    """Write the submission package of ``edition`` and record it in the
    edition's manifest.json (Make's step for it; `dossier build` writes it
    with the edition's versions)."""
    signing = Signing(sign_key, sign_password) if sign_key is not None else None
    if signing is not None:
        signing.check()
    dossier = read(root, draft=draft)
    chosen = choose(dossier, [edition], [], ()).editions[0]
    selected, withholding = select_edition(dossier, chosen)
    folder = out / dossier.name
    with build_lock(folder, exclusive=False), writing(folder):
        w = withholding
        sign = signing.sign if signing is not None else None
        written = write_submission(selected, chosen, out, w.prints, w.withheld, sign)
        inputs = [*dossier.inputs, *template_inputs(dossier), *submission_templates()]
        origin = provenance.Origin.of(dossier, chosen)
        provenance.write_manifest(
            folder / chosen.name,
            origin,
            chosen,
            inputs,
            written,
            withholding.prints,
            withholding.withheld,
        )
    return written
