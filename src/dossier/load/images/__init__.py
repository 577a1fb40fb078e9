"""The images a dossier shows, from the Markdown to the outputs.

Loading (:func:`resolve_images`): every image is a file of the dossier
folder, after symbolic links are followed (a language's own version,
``figures/<lang>/map.png``, before the common ``figures/map.png``); its type is PNG, JPEG, GIF, WebP
or SVG and its content says so; it is within ``limits:`` (bytes, pixels) and reads
whole. A broken or hostile image is a diagnostic at its line.

Assembling (:func:`clean_images`): every image the dossier supplies is
re-encoded without its metadata (see :mod:`dossier.load.images.raster` and
:mod:`dossier.load.images.svg`) into the build's cache, named by the hash of its
content, and the document points to that copy: no output ever reads the
original.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from dossier.core import pandoc, tree
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.limits import Limits
from dossier.load.images.problem import READ_ERRORS, FileProblem

__all__ = ["FileProblem", "check_image", "clean_images", "confine", "resolve_images"]

KINDS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WEBP",
    ".svg": "SVG",
}
# The cleaned copy's type (see raster.OUTPUT): GIF and WebP become PNG.
SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".png", "WEBP": ".png", "SVG": ".svg"}
# Attributes of an image that a renderer reads (render.docx.raster_image).
RESERVED = {"png"}
# Part of every cached copy's name: a change to the cleaning makes new copies.
CLEANING = b"dossier-images-1"
_checked: dict[tuple[str, int, int, int, int], FileProblem | None] = {}


def kind_of(path: Path) -> str:
    """'PNG', 'JPEG', 'GIF', 'WEBP' or 'SVG' by the file's extension;
    FileProblem else."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise FileProblem(
            "is not a PNG, JPEG, GIF, WebP or SVG file",
            "convert it to PNG (a photograph: JPEG; a drawing: SVG)",
        )
    return kind


def confine(path: Path, root: Path) -> Path:
    """``path`` with every link followed, if it is inside ``root``'s folder
    (the same after links); :class:`FileProblem` if it leads outside."""
    real = path.resolve()
    if real.is_relative_to(root.resolve()):
        return real
    leads = f" (it leads to {real})" if real != path.absolute() else ""
    raise FileProblem(
        f"is outside the dossier folder{leads}",
        f"a dossier reads only its own files: copy it into {root}",
    )


def check_image(path: Path, limits: Limits) -> None:
    """Raise :class:`FileProblem` unless the file at ``path`` is an image a
    document may show. Each file is checked once per process (again when
    it changes), and bytes that passed are remembered in the user's cache
    (see :func:`_marker`)."""
    kind = kind_of(path)
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, limits.image_pixels, limits.image_bytes)
    if key not in _checked:
        _checked[key] = _problem_of(path, kind, stat.st_size, limits)
    found = _checked[key]
    if found is not None:
        raise found


def _problem_of(path: Path, kind: str, size: int, limits: Limits) -> FileProblem | None:
    try:
        _check(path, kind, size, limits)
    except FileProblem as problem:
        return problem
    return None


def _check(path: Path, kind: str, size: int, limits: Limits) -> None:
    if size > limits.image_bytes:
        raise FileProblem(
            f"is {size:,} bytes, more than the limit of {limits.image_bytes:,}",
            "make it smaller, or raise 'limits: {image_bytes: ...}' in dossier.yaml",
        )
    if size == 0:
        raise FileProblem("is empty (0 bytes)", "put the picture's file in its place")
    data = path.read_bytes()
    marker = _marker(data, kind, limits)
    if marker is not None and marker.is_file():
        return
    # Pillow and lxml only when there is an image: `dossier check` of a
    # dossier without one does not import them.
    from dossier.load.images.raster import check_raster

    if kind != "SVG":
        check_raster(data, kind, limits.image_pixels)
    else:
        from dossier.load.images.svg import embedded, parse_svg

        for _element, _key, inner, picture in embedded(parse_svg(data)):
            check_raster(picture, inner, limits.image_pixels)
    if marker is not None:
        with contextlib.suppress(OSError):  # only a time saving
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()


def _marker(data: bytes, kind: str, limits: Limits) -> Path | None:
    """An empty file in the user's cache that says these bytes passed the
    checks (decoding a photograph takes longer than hashing it, and every
    process of a build loads the dossier); None without a cache."""
    folder = pandoc.cache_folder()
    if folder is None:
        return None
    salt = CLEANING + f"\0{kind}\0{limits.image_pixels}\0".encode()
    return folder / "images-checked" / hashlib.sha256(salt + data).hexdigest()


# -- loading: every image of a Markdown file ------------------------------------------


def resolve_images(
    blocks: list[Any],
    path: Path,
    root: Path,
    raw: str,
    limits: Limits,
    out: list[Diagnostic],
    lang: str | None = None,
) -> list[Any]:
    """Point every image of ``blocks`` (read from ``path``, whose text is
    ``raw``, in ``lang``) at its checked file, absolute: the language's own
    (``figures/fr/map.png`` for ``figures/map.png``) where there is one;
    report each problem in ``out``. The blocks are changed in place: they
    must be fresh from pandoc."""

    def fix(node: tree.Node) -> tree.Node | None:
        if node["t"] != "Image":
            return None
        target = tree.target_of(node)
        try:
            _own_attributes(node)
            tree.set_target(node, str(_locate(target, path, root, limits, lang)))
        except FileProblem as problem:
            line = _line_of(raw, target)
            out.append(Diagnostic(path, line, f"image '{target}' {problem.what}", problem.hint))
        return None

    if tree.has(blocks, {"Image"}):
        tree.replace_nodes(blocks, fix)
    return blocks


def _own_attributes(node: tree.Node) -> None:
    """The attributes the renderers read of an image are the build's own: a
    chart's PNG for Word (``png``), given by a dossier, would be a file
    read unchecked."""
    for key, _value in tree.attributes_of(node):
        if key.lower() in RESERVED:
            raise FileProblem(
                f"has the attribute '{key}', which only the charts the build draws may have",
                f"delete '{key}=...' from the braces after the image",
            )


def _locate(target: str, path: Path, root: Path, limits: Limits, lang: str | None) -> Path:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        raise FileProblem(
            "is not a file of the dossier",
            "save the image under figures/ and point to it there: documents "
            "must not load anything from the network",
        )
    outside: FileProblem | None = None
    bases = (path.parent, root)
    own = candidates(target, bases, lang)[: len(bases)] if lang else []
    for candidate in candidates(target, bases, lang):
        if not candidate.resolve().is_file():
            continue
        try:
            found = confine(candidate, root)
            check_image(found, limits)
        except FileProblem as problem:
            if candidate in own:  # the language's own version: what the drafter meant
                raise _of_version(problem, candidate, root) from None
            if problem.what.startswith("is outside"):
                outside = outside or problem
                continue
            raise
        return found
    if outside is not None:
        raise outside
    raise FileProblem(
        "not found", f"paths are relative to the dossier folder {root}, e.g. figures/map.png"
    )


def _of_version(problem: FileProblem, candidate: Path, root: Path) -> FileProblem:
    """``problem`` said of a language's own version of an image, by its path."""
    where = candidate.relative_to(root) if candidate.is_relative_to(root) else candidate
    return FileProblem(f"(its version {where}) {problem.what}", problem.hint)


def candidates(target: str, bases: tuple[Path, ...], lang: str | None) -> list[Path]:
    """Where the image ``target`` may be, in order: the language's own
    version (a folder ``lang`` beside the file) under each base, then the
    common one.

    >>> [str(p) for p in candidates("figures/map.png", (Path("s"), Path("d")), "fr")]
    ['s/figures/fr/map.png', 'd/figures/fr/map.png', 's/figures/map.png', 'd/figures/map.png']
    """
    relative = Path(target)
    own = [base / relative.parent / lang / relative.name for base in bases] if lang else []
    return [*own, *(base / relative for base in bases)]


def _line_of(raw: str, needle: str) -> int | None:
    index = raw.find(needle)
    return raw.count("\n", 0, index) + 1 if index >= 0 else None


# -- assembling: the cleaned copies -----------------------------------------------------


def clean_images(blocks: list[Any], cache: Path) -> None:
    """Point every image of ``blocks`` that the dossier supplies (not the
    charts drawn in ``cache``) at its cleaned copy in ``cache``; in place."""
    if not tree.has(blocks, {"Image"}):
        return
    own = cache.resolve()
    for image in tree.find(blocks, {"Image"}):
        source = Path(tree.target_of(image))
        if source.is_absolute() and not source.is_relative_to(own):
            tree.set_target(image, str(cleaned(source, cache)))


def cleaned(source: Path, cache: Path) -> Path:
    """The copy of ``source`` without metadata, made once in ``cache/images``."""
    kind = kind_of(source)
    data = source.read_bytes()
    digest = hashlib.sha256(CLEANING + kind.encode() + b"\0" + data).hexdigest()
    target = (cache / "images" / f"{digest[:40]}{SUFFIX[kind]}").resolve()
    if target.is_file():
        return target
    from dossier.load.images.raster import clean_raster
    from dossier.load.images.svg import clean_svg

    try:
        clean = clean_svg(data, clean_raster) if kind == "SVG" else clean_raster(data, kind)
    except FileProblem as problem:  # checked when loaded; changed since
        raise DossierError(
            [Diagnostic(source, None, f"image {problem.what}", problem.hint)]
        ) from None
    except READ_ERRORS as exc:
        hint = "open it in an image editor and export it again"
        raise DossierError(
            [Diagnostic(source, None, f"image cannot be re-encoded: {exc}", hint)]
        ) from None
    _write(target, clean)
    return target


def cleaned_sha256(source: Path) -> str | None:
    """SHA-256 of the bytes :func:`cleaned` makes of ``source`` (what the
    outputs embed), or None when it is no image that can be re-encoded: the
    leak scan knows a withheld exhibit's picture again by it."""
    try:
        kind = kind_of(source)
        data = source.read_bytes()
        from dossier.load.images.raster import clean_raster
        from dossier.load.images.svg import clean_svg

        clean = clean_svg(data, clean_raster) if kind == "SVG" else clean_raster(data, kind)
    except (FileProblem, OSError, *READ_ERRORS):
        return None
    return hashlib.sha256(clean).hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write atomically. Two builds (two languages under make -j) may clean
    the same image at once: each writes a temporary file of its own and
    renames it; both copies are the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(name, 0o644)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)
