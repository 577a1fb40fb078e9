"""A withheld exhibit shown as a picture: the photograph of a restricted
record (``dossier exhibit add photo.jpg --to ALD-2026-006``) named by an
image of a public section, or as the mission's emblem. Every output
re-encodes its pictures, so a JPEG's bytes in the outputs are not the
exhibit's: the check refuses it before anything is written, at the line
that shows it (``dossier.select.pictures``).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from dossier.load.exhibits import append_exhibit, sha256_of
from dossier.load.images.raster import clean_raster
from hostile.conftest import (
    append,
    assert_clean_refusal,
    dossier,
    files_under,
    outputs,
    refused,
)

pytestmark = pytest.mark.leak_vector

OVERVIEW = Path("sections/en/01-overview.md")
HINT = "show it only in an edition at its level, or lower the exhibit's classification"


def photo(kind: str = "JPEG") -> bytes:
    """A photograph as a camera writes it: with EXIF (which the build's
    re-encoding drops, so that the outputs hold other bytes)."""
    image = Image.effect_noise((64, 48), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0131] = "Firmware 1.0"  # Software
    out = io.BytesIO()
    image.save(out, kind, exif=exif.tobytes())
    return out.getvalue()


def register(root: Path, record: str, name: str, kind: str = "JPEG") -> bytes:
    """``dossier exhibit add exhibits/NAME --to RECORD``; the file's bytes."""
    (root / "exhibits").mkdir(exist_ok=True)
    data = photo(kind)
    (root / "exhibits" / name).write_bytes(data)
    run = dossier(
        "exhibit", "add", root / "exhibits" / name, "--to", record,
        "--by", "Patrol", "--origin", "Halden Ford", "--dossier", root,
    )  # fmt: skip
    assert run.code == 0, run.text
    return data


def show(root: Path, section: Path, target: str) -> int:
    """``![Cache](target)`` appended to ``section``; its line."""
    path = root / section
    lines = path.read_text(encoding="utf-8").count("\n")
    append(path, f"\n![The cache found near Halden Ford]({target})\n")
    return lines + 2


def refused_twice(root: Path, tmp_path: Path, file: str, found: dict[int, str]) -> None:
    """``dossier check`` (grouped by file) and ``dossier build`` (one
    ``file:line:`` a line) refuse ``root`` with each message of ``found``
    (line: message) and the hint; the build writes nothing."""
    check = dossier("check", root)
    assert_clean_refusal(check, f"/{file}\n", *(f"  {n}: error: {m}" for n, m in found.items()))
    assert HINT in check.text
    refused(root, tmp_path, *(f"/{file}:{n}: error: {m}" for n, m in found.items()))


def test_a_restricted_records_jpeg_in_a_public_section(base: Path, tmp_path: Path) -> None:
    register(base, "ALD-2026-006", "photo.jpg")
    line = show(base, OVERVIEW, "exhibits/photo.jpg")
    message = (
        "this image is exhibit exhibits/photo.jpg of the restricted record ALD-2026-006, "
        "which the 'public' edition withholds"
    )
    refused_twice(base, tmp_path, "01-overview.md", {line: message})


def test_a_restricted_records_jpeg_as_the_emblem(base: Path, tmp_path: Path) -> None:
    register(base, "ALD-2026-006", "photo.jpg")
    manifest = base / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("emblem: figures/aldoria-emblem.png", "emblem: exhibits/photo.jpg")
    manifest.write_text(text, encoding="utf-8")
    line = text.split("\n").index("  emblem: exhibits/photo.jpg") + 1
    message = (
        "the emblem is exhibit exhibits/photo.jpg of the restricted record ALD-2026-006, "
        "which the 'public' edition withholds"
    )
    refused_twice(base, tmp_path, "dossier.yaml", {line: message})


def test_a_restricted_exhibit_png_in_a_public_section(base: Path, tmp_path: Path) -> None:
    """A PNG exhibit classified above the public edition, of a public
    record, shown under another name (a copy: the same content)."""
    record = base / "evidence" / "ALD-2026-001.md"
    (base / "exhibits").mkdir()
    data = photo("PNG")
    (base / "exhibits" / "drone.png").write_bytes(data)
    (base / "figures" / "copy.png").write_bytes(data)
    entry = {
        "file": "exhibits/drone.png",
        "sha256": sha256_of(base / "exhibits" / "drone.png"),
        "captured": "2026-08-10",
        "by": "Investigator",
        "origin": "Kellbrook",
        "classification": "restricted",
    }
    record.write_text(append_exhibit(record.read_text("utf-8"), record, entry), "utf-8")
    first = show(base, OVERVIEW, "exhibits/drone.png")
    second = show(base, OVERVIEW, "figures/copy.png")
    message = (
        "this image is the restricted exhibit exhibits/drone.png of record ALD-2026-001, "
        "which the 'public' edition withholds"
    )
    refused_twice(base, tmp_path, "01-overview.md", {first: message, second: message})


def _media(docx: Path) -> list[bytes]:
    with zipfile.ZipFile(docx) as package:
        return [package.read(n) for n in package.namelist() if n.startswith("word/media/")]


def test_the_same_jpeg_in_the_internal_edition_builds(base: Path, tmp_path: Path) -> None:
    """Shown in a confidential section, the internal edition's (level
    confidential, above the record's): the build goes on, and only the
    internal DOCX holds the picture."""
    data = register(base, "ALD-2026-006", "photo.jpg")
    show(base, Path("sections/en/05-assessment.md"), "exhibits/photo.jpg")
    assert dossier("check", base).code == 0
    out = tmp_path / "out"
    run = dossier("build", base, "--out", out, "--format", "docx")
    assert run.code == 0, run.text
    picture = clean_raster(data, "JPEG")
    (internal,) = [p for p in outputs(out, "internal") if re.search(r"\.en\.docx$", p.name)]
    public = [p for p in outputs(out, "public") if p.suffix == ".docx"]
    assert public and files_under(out)
    assert picture in _media(internal)
    assert all(picture not in _media(p) for p in public)


def test_the_scan_knows_a_withheld_jpeg_re_encoded(base: Path, tmp_path: Path) -> None:
    """Past the check, the output scan: a DOCX holding the re-encoded copy
    of a withheld photograph (other bytes than the exhibit's) is a leak."""
    from dossier.seal import leaks
    from dossier.select.edition import Withheld

    data = register(base, "ALD-2026-006", "photo.jpg")
    copy = clean_raster(data, "JPEG")
    assert copy != data
    withheld = Withheld(
        "exhibit", "exhibits/photo.jpg", "restricted", base / "evidence" / "ALD-2026-006.md",
        sha256_of(base / "exhibits" / "photo.jpg"),
    )  # fmt: skip
    output = tmp_path / "x.docx"
    with zipfile.ZipFile(output, "w") as package:
        package.writestr("word/media/image1.jpg", copy)
    hits = leaks.scan(output, leaks.fingerprints([withheld], base))
    assert [(h.kind, h.where) for h in hits] == [("exhibit", "word/media/image1.jpg (file)")]
