"""What every output depends on besides the dossier: the templates of its
kind, the boilerplate catalogues, the citation style and this package's own
source (an upgrade of the code rebuilds the outputs)."""

from __future__ import annotations

from pathlib import Path

from dossier.core.localise import catalogue_dir
from dossier.core.templates import kind_dir
from dossier.load.loaded import Dossier


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
