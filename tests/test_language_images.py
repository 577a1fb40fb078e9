"""A language's own version of a drafter's image: ``figures/fr/map.png``
shows in French where the text says ``figures/map.png``, which the other
languages show; the language's version is confined and checked like any
image, and the build's inputs name it."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE
from dossier.assemble.compose import assemble
from dossier.core import tree
from dossier.core.diagnostics import DossierError
from dossier.load.images import cleaned
from dossier.pipeline.loading import load
from dossier.render import docx

SKETCH = "northern-marches.png"


def image_of(folder: Path, lang: str) -> Path:
    """The file the area section of ``lang`` shows."""
    section = load(folder, langs=[lang]).section("03-area", lang)
    (image,) = tree.find(section.blocks, {"Image"})
    return Path(tree.target_of(image))


def test_each_language_has_its_own_sketch_map() -> None:
    figures = (EXAMPLE / "figures").resolve()
    assert image_of(EXAMPLE, "en") == figures / SKETCH
    for lang in ("fr", "es", "ru", "zh", "ar", "ur"):
        assert image_of(EXAMPLE, lang) == figures / lang / SKETCH, lang


def test_a_language_without_its_own_shows_the_common_one(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    (folder / "figures/es" / SKETCH).unlink()
    assert image_of(folder, "es") == (folder / "figures" / SKETCH).resolve()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_word_embeds_the_languages_own_picture(lang: str, tmp_path: Path) -> None:
    dossier = load(EXAMPLE, langs=[lang])
    out = tmp_path / f"{lang}.docx"
    docx.render(assemble(dossier, lang, cache=tmp_path / "cache"), out)
    with zipfile.ZipFile(out) as z:
        media = {hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if "media/" in n}
    own = cleaned(EXAMPLE / "figures" / lang / SKETCH, tmp_path / "cache")
    common = cleaned(EXAMPLE / "figures" / SKETCH, tmp_path / "cache")
    assert hashlib.sha256(own.read_bytes()).hexdigest() in media
    assert hashlib.sha256(common.read_bytes()).hexdigest() not in media


def problems(folder: Path, lang: str) -> list[str]:
    try:
        load(folder, langs=[lang])
    except DossierError as exc:
        return [str(d).replace(f"{folder}/", "") for d in exc.diagnostics]
    return []


def line_of_image(folder: Path, lang: str) -> int:
    text = (folder / "sections" / lang / "03-area.md").read_text(encoding="utf-8")
    return text[: text.index(f"figures/{SKETCH}")].count("\n") + 1


def test_a_languages_version_outside_the_dossier_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    own = folder / "figures/fr" / SKETCH
    own.unlink()
    own.symlink_to("/etc/passwd")
    assert problems(folder, "fr") == [
        f"sections/fr/03-area.md:{line_of_image(folder, 'fr')}: error: image "
        f"'figures/{SKETCH}' (its version figures/fr/{SKETCH}) is outside the dossier folder "
        f"(it leads to /etc/passwd) (a dossier reads only its own files: copy it into {folder})"
    ]


def test_a_languages_version_that_is_no_picture_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    (folder / "figures/ar" / SKETCH).write_bytes(b"not a picture at all")
    (found,) = problems(folder, "ar")
    assert found.startswith(
        f"sections/ar/03-area.md:{line_of_image(folder, 'ar')}: error: image "
        f"'figures/{SKETCH}' (its version figures/ar/{SKETCH}) "
    )
    assert problems(folder, "en") == []  # English shows the common one


def test_the_inputs_name_the_languages_version() -> None:
    inputs = set(load(EXAMPLE, langs=["fr"]).inputs)
    assert (EXAMPLE / "figures/fr" / SKETCH).resolve() in {p.resolve() for p in inputs}
    assert (EXAMPLE / "figures/es" / SKETCH).resolve() not in {p.resolve() for p in inputs}
