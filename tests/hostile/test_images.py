"""Images and exhibits under attack: a file outside the dossier (by path or
by link), a file that lies about its type, one too large in bytes or
pixels, a damaged one, an SVG that declares entities, runs a script or
points at a file; and photographs whose metadata (EXIF with GPS, comments,
XMP, IPTC, PNG text chunks) must reach no output while the picture does.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import re
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from dossier.core import pandoc
from dossier.core.limits import Limits
from dossier.load.exhibits import append_exhibit
from dossier.load.images import FileProblem, check_image
from dossier.load.images.raster import clean_raster
from dossier.load.images.svg import clean_svg
from hostile.conftest import (
    Run,
    append,
    assert_clean_refusal,
    copy_example,
    dossier,
    found_in,
    outputs,
    refused,
)

SECTION = Path("sections/en/03-area.md")
RECORD = Path("evidence/ALD-2026-001.md")


def add_image(root: Path, target: str, alt: str = "A picture", attributes: str = "") -> int:
    """Append ``![alt](target){attributes}`` to a public section; the line
    it is on."""
    path = root / SECTION
    lines = path.read_text(encoding="utf-8").count("\n")
    append(path, f"\n![{alt}]({target}){attributes}\n")
    return lines + 2


def build(root: Path, tmp_path: Path) -> tuple[Run, Path]:
    out = tmp_path / "out"
    return dossier("build", root, "--out", out), out


def png(size: tuple[int, int] = (32, 24), color: str = "teal", **params: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG", **params)  # type: ignore[arg-type]
    return out.getvalue()


def limits(root: Path, text: str) -> None:
    append(root / "dossier.yaml", f"\nlimits: {text}\n")


# -- files outside the dossier ----------------------------------------------------------


@pytest.mark.bad_input
def test_an_absolute_path_outside_the_dossier(base: Path, tmp_path: Path) -> None:
    line = add_image(base, "/etc/passwd")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image '/etc/passwd' is outside the dossier folder "
        f"(a dossier reads only its own files: copy it into {base})",
    )


@pytest.mark.bad_input
def test_a_relative_path_that_climbs_out(base: Path, tmp_path: Path) -> None:
    climb = "../" * len((base / SECTION).parent.parts) + "etc/passwd"
    line = add_image(base, climb)
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image '{climb}' is outside the dossier folder "
        "(it leads to /etc/passwd)",
    )


@pytest.mark.bad_input
def test_a_link_to_a_file_outside(base: Path, tmp_path: Path) -> None:
    (base / "figures" / "shadow.png").symlink_to("/etc/shadow")
    line = add_image(base, "figures/shadow.png")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/shadow.png' is outside the dossier "
        "folder (it leads to /etc/shadow)",
    )


@pytest.mark.bad_input
def test_a_linked_folder_outside_even_with_a_sound_picture(base: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "map.png").write_bytes(png())
    (base / "figures" / "shared").symlink_to(elsewhere)
    line = add_image(base, "figures/shared/map.png")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/shared/map.png' is outside the dossier "
        f"folder (it leads to {elsewhere / 'map.png'})",
    )


@pytest.mark.bad_input
def test_a_png_attribute_cannot_bring_in_a_file(base: Path, tmp_path: Path) -> None:
    """Word gets a chart's PNG from the attribute ``png``: given in the
    Markdown, it put /etc/passwd into word/media."""
    (base / "figures" / "plain.png").write_bytes(png())
    line = add_image(base, "figures/plain.png", attributes="{png=/etc/passwd}")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/plain.png' has the attribute 'png', which "
        "only the charts the build draws may have (delete 'png=...' from the braces after "
        "the image)",
    )


@pytest.mark.bad_input
def test_a_narrative_image_outside_the_dossier(base: Path, tmp_path: Path) -> None:
    record = base / RECORD
    lines = record.read_text(encoding="utf-8").count("\n")
    append(record, "\n![Where](/etc/passwd)\n")
    refused(
        base,
        tmp_path,
        f"ALD-2026-001.md:{lines + 2}: error: image '/etc/passwd' is outside the dossier folder",
    )


@pytest.mark.bad_input
def test_a_section_name_that_climbs_out(base: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md").write_text("---\nclassification: public\n---\n\nElsewhere.\n")
    manifest = base / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace(
            "annex:\n  - 01-overview\n", "annex:\n  - 01-overview\n  - ../../../outside/x\n"
        ),
        encoding="utf-8",
    )
    line = manifest.read_text(encoding="utf-8").split("\n").index("  - ../../../outside/x") + 1
    refused(
        base,
        tmp_path,
        f"dossier.yaml:{line}: error: section '../../../outside/x' is not a file of sections/: "
        "a build reads only the dossier's own files",
    )


@pytest.mark.bad_input
def test_a_section_file_linked_outside(base: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text((base / SECTION).read_text(encoding="utf-8"), encoding="utf-8")
    (base / SECTION).unlink()
    (base / SECTION).symlink_to(outside)
    refused(
        base,
        tmp_path,
        f"{base / SECTION}: error: the file lies outside the dossier folder (a link to "
        f"{outside}): a build reads only the dossier's own files",
    )


@pytest.mark.bad_input
def test_a_translation_linked_outside(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "d", languages="[en, fr]")
    french = root / "sections" / "fr" / "03-area.md"
    outside = tmp_path / "elsewhere.md"
    outside.write_bytes(french.read_bytes())
    french.unlink()
    french.symlink_to(outside)
    refused(
        root,
        tmp_path,
        f"{french}: error: the file lies outside the dossier folder (a link to {outside})",
    )


@pytest.mark.bad_input
def test_a_record_and_the_sources_linked_outside(base: Path, tmp_path: Path) -> None:
    record = tmp_path / "other-record.md"
    text = (base / RECORD).read_text(encoding="utf-8")
    record.write_text(text.replace("ALD-2026-001", "ALD-2026-099"), encoding="utf-8")
    (base / "evidence" / "ALD-2026-099.md").symlink_to(record)
    sources = tmp_path / "other-sources.yaml"
    sources.write_bytes((base / "sources.yaml").read_bytes())
    (base / "sources.yaml").unlink()
    (base / "sources.yaml").symlink_to(sources)
    refused(
        base,
        tmp_path,
        f"{base / 'evidence' / 'ALD-2026-099.md'}: error: the file lies outside the dossier "
        f"folder (a link to {record})",
        f"{base / 'sources.yaml'}: error: the file lies outside the dossier folder (a link to "
        f"{sources})",
    )


def boundaries(root: Path, value: str) -> int:
    """Point the map at ``value``; the line of 'boundaries:' in dossier.yaml."""
    manifest = root / "dossier.yaml"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  boundaries: "))
    lines[at] = f"  boundaries: {value}"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.bad_input
def test_map_boundaries_outside_the_dossier(base: Path, tmp_path: Path) -> None:
    line = boundaries(base, "/etc/passwd")
    refused(
        base,
        tmp_path,
        f"dossier.yaml:{line}: error: the boundaries file '/etc/passwd' lies outside the "
        "dossier folder",
    )


@pytest.mark.bad_input
def test_map_boundaries_linked_outside(base: Path, tmp_path: Path) -> None:
    """Sound GeoJSON, but another dossier's: its province names would be drawn."""
    other = tmp_path / "other.geojson"
    other.write_bytes((base / "geo" / "aldoria-provinces.geojson").read_bytes())
    (base / "geo" / "linked.geojson").symlink_to(other)
    line = boundaries(base, "geo/linked.geojson")
    refused(
        base,
        tmp_path,
        f"dossier.yaml:{line}: error: the boundaries file 'geo/linked.geojson' lies outside "
        "the dossier folder",
    )


@pytest.mark.bad_input
def test_map_boundaries_that_are_not_geojson(base: Path, tmp_path: Path) -> None:
    (base / "geo" / "bad.geojson").write_text("{not json", encoding="utf-8")
    (base / "geo" / "empty.geojson").write_text('{"features": []}', encoding="utf-8")
    line = boundaries(base, "geo/bad.geojson")
    refused(base, tmp_path, f"dossier.yaml:{line}: error: boundaries 'geo/bad.geojson' are not")
    boundaries(base, "geo/empty.geojson")
    refused(
        base,
        tmp_path,
        f"dossier.yaml:{line}: error: boundaries 'geo/empty.geojson' hold no Polygon or "
        "MultiPolygon feature",
    )


# -- files that are not what they say ---------------------------------------------------


@pytest.mark.bad_input
def test_a_zip_named_png(base: Path, tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", bytes(50_000_000))
    (base / "figures" / "archive.png").write_bytes(archive.getvalue())
    line = add_image(base, "figures/archive.png")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/archive.png' is not a PNG image (its "
        "content does not start as a PNG file does)",
    )


@pytest.mark.bad_input
def test_a_jpeg_named_png_and_a_bitmap(base: Path, tmp_path: Path) -> None:
    photo = io.BytesIO()
    Image.new("RGB", (16, 16)).save(photo, "JPEG")
    (base / "figures" / "photo.png").write_bytes(photo.getvalue())
    bitmap = io.BytesIO()
    Image.new("RGB", (16, 16)).save(bitmap, "BMP")
    (base / "figures" / "scan.bmp").write_bytes(bitmap.getvalue())
    (base / "figures" / "fake.webp").write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt ")
    first = add_image(base, "figures/photo.png")
    second = add_image(base, "figures/scan.bmp")
    third = add_image(base, "figures/fake.webp")
    refused(
        base,
        tmp_path,
        f"03-area.md:{first}: error: image 'figures/photo.png' is not a PNG image",
        f"03-area.md:{second}: error: image 'figures/scan.bmp' is not a PNG, JPEG, GIF, WebP "
        "or SVG file (convert it to PNG (a photograph: JPEG; a drawing: SVG))",
        f"03-area.md:{third}: error: image 'figures/fake.webp' is not a WEBP image",
    )


def huge_png(width: int, height: int) -> bytes:
    """A real 1-bit PNG of ``width`` x ``height`` white pixels: ~200 kB on
    disk for 40,000 x 40,000, 200 MB (1.6 billion pixels) once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def huge() -> bytes:
    return huge_png(40_000, 40_000)


@pytest.mark.bad_input
def test_a_40000_pixel_square_png_is_refused_undecoded(
    base: Path, tmp_path: Path, huge: bytes
) -> None:
    assert len(huge) < 1_000_000
    (base / "figures" / "huge.png").write_bytes(huge)
    line = add_image(base, "figures/huge.png")
    start = time.monotonic()
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/huge.png' is 40000 x 40000 pixels, more "
        "than the limit of 100,000,000 (scale it down, or raise 'limits: {image_pixels: ...}'",
    )
    assert time.monotonic() - start < 30


@pytest.mark.bad_input
def test_a_text_chunk_bomb(base: Path, tmp_path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "x" * 100_000_000, zip=True)  # 100 kB zTXt, 100 MB inflated
    (base / "figures" / "text.png").write_bytes(png(pnginfo=info))
    line = add_image(base, "figures/text.png")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/text.png' cannot be read: Decompressed "
        "data too large",
    )


@pytest.mark.bad_input
def test_a_file_over_the_byte_limit(base: Path, tmp_path: Path) -> None:
    limits(base, "{image_bytes: 2048}")
    size = (base / "figures" / "northern-marches.png").stat().st_size
    refused(
        base,
        tmp_path,
        f"03-area.md:7: error: image 'figures/northern-marches.png' is {size:,} bytes, "
        "more than the limit of 2,048 (make it smaller, or raise 'limits: {image_bytes: ...}' "
        "in dossier.yaml)",
    )


@pytest.mark.bad_input
def test_a_truncated_png(base: Path, tmp_path: Path) -> None:
    whole = (base / "figures" / "northern-marches.png").read_bytes()
    (base / "figures" / "cut.png").write_bytes(whole[: len(whole) // 2])
    line = add_image(base, "figures/cut.png")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/cut.png' cannot be read: ",
        "(the file is damaged or cut short: export it again)",
    )


@pytest.mark.bad_input
def test_a_truncated_jpeg(base: Path, tmp_path: Path) -> None:
    photo = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(photo, "JPEG")
    (base / "figures" / "cut.jpg").write_bytes(photo.getvalue()[:3000])
    line = add_image(base, "figures/cut.jpg")
    refused(
        base,
        tmp_path,
        f"03-area.md:{line}: error: image 'figures/cut.jpg' cannot be read: image file is "
        "truncated",
    )


# -- SVG -------------------------------------------------------------------------------

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="10" height="10">{}</svg>'
)
ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">'
    '<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + SVG.format("<text>&b;&x;</text>")
)


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ENTITY, "declares a DOCTYPE or entities"),
        (SVG.format('<image xlink:href="file:///etc/passwd"/>'), "refers to 'file:///etc/passwd'"),
        (SVG.format('<image href="https://example.org/x.png"/>'), "refers to 'https://"),
        (SVG.format('<image href="../../secret.png"/>'), "refers to '../../secret.png'"),
        (SVG.format('<rect style="fill:url(file:///etc/passwd)"/>'), "refers to 'file:///"),
        (SVG.format('<style>@import "http://x/y.css";</style>'), "imports a style sheet"),
        (
            SVG.format('<a><set attributeName="href" to="javascript:alert(1)"/></a>'),
            "refers to 'javascript:alert(1)'",
        ),
        (SVG.format("<script>alert(1)</script>"), "holds a script"),
        (SVG.format('<rect onload="alert(1)"/>'), "has an event handler (onload=...)"),
        ("<html><body/></html>", "is not an SVG image (its root element is <html>)"),
        (SVG.format("<rect>"), "is not well-formed XML"),
    ],
    ids=[
        "entity",
        "file",
        "http",
        "relative",
        "css-url",
        "import",
        "animated-link",
        "script",
        "onload",
        "html",
        "broken",
    ],
)
def test_a_hostile_svg(base: Path, tmp_path: Path, text: str, message: str) -> None:
    (base / "figures" / "drawing.svg").write_text(text, encoding="utf-8")
    line = add_image(base, "figures/drawing.svg")
    refused(base, tmp_path, f"03-area.md:{line}: error: image 'figures/drawing.svg' {message}")


# -- exhibits ---------------------------------------------------------------------------


def add_exhibit_entry(root: Path, file: str, sha256: str) -> int:
    """Record ``file`` as an exhibit of ALD-2026-001; the line of its 'file:'."""
    path = root / RECORD
    entry = {
        "file": file,
        "sha256": sha256,
        "captured": "2026-08-10",
        "by": "Investigator",
        "origin": "Kellbrook",
    }
    text = append_exhibit(path.read_text(encoding="utf-8"), path, entry)
    path.write_text(text, encoding="utf-8")
    return text.split("\n").index(f"  - file: {file}") + 1


@pytest.mark.bad_input
def test_an_empty_exhibit(base: Path, tmp_path: Path) -> None:
    (base / "exhibits").mkdir()
    (base / "exhibits" / "statement.pdf").write_bytes(b"")
    line = add_exhibit_entry(base, "exhibits/statement.pdf", hashlib.sha256(b"").hexdigest())
    refused(
        base,
        tmp_path,
        f"ALD-2026-001.md:{line}: error: exhibit exhibits/statement.pdf is empty (0 bytes) "
        "(a 0-byte file is no evidence: register the file that was captured)",
    )


@pytest.mark.bad_input
def test_an_exhibit_linked_outside(base: Path, tmp_path: Path) -> None:
    (base / "exhibits").mkdir()
    (base / "exhibits" / "passwd.txt").symlink_to("/etc/passwd")
    digest = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    line = add_exhibit_entry(base, "exhibits/passwd.txt", digest)
    refused(
        base,
        tmp_path,
        f"ALD-2026-001.md:{line}: error: exhibit exhibits/passwd.txt is outside the dossier "
        "folder (it leads to /etc/passwd)",
    )


@pytest.mark.bad_input
def test_an_exhibit_path_that_climbs_out(base: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not the dossier's", encoding="utf-8")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    line = add_exhibit_entry(base, "../secret.txt", digest)
    refused(
        base,
        tmp_path,
        f"ALD-2026-001.md:{line}: error: exhibit ../secret.txt is outside the dossier folder "
        f"(it leads to {secret})",
    )


@pytest.mark.bad_input
def test_a_damaged_exhibit_picture_and_one_over_the_limit(base: Path, tmp_path: Path) -> None:
    limits(base, "{image_bytes: 4096}")
    (base / "exhibits").mkdir()
    cut = png((64, 64))[:60]
    (base / "exhibits" / "cut.png").write_bytes(cut)
    video = bytes(range(256)) * 20
    (base / "exhibits" / "video.mp4").write_bytes(video)
    first = add_exhibit_entry(base, "exhibits/cut.png", hashlib.sha256(cut).hexdigest())
    second = add_exhibit_entry(base, "exhibits/video.mp4", hashlib.sha256(video).hexdigest())
    refused(
        base,
        tmp_path,
        f"ALD-2026-001.md:{first}: error: exhibit exhibits/cut.png cannot be read: ",
        f"ALD-2026-001.md:{second}: error: exhibit exhibits/video.mp4 is 5,120 bytes, more "
        "than the limit of 4,096",
    )


def test_exhibit_add_refuses_an_empty_file(base: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    run = dossier(
        "exhibit",
        "add",
        empty,
        "--to",
        "ALD-2026-001",
        "--by",
        "X",
        "--origin",
        "Y",
        "--dossier",
        base,
    )
    assert_clean_refusal(run, "the file is empty (0 bytes)")
    assert not (base / "exhibits").exists()


# -- metadata reaches no output ---------------------------------------------------------

CANARIES = {
    "exif-description": "CANARYEXIFDESC4411",
    "exif-artist": "CANARYEXIFARTIST4412",
    "gps": "CANARYGPSDATUM4413",
    "jpeg-comment": "CANARYJPEGCOM4414",
    "xmp": "CANARYXMP4415",
    "iptc": "CANARYIPTC4416",
    "png-text": "CANARYPNGTEXT4417",
    "png-itxt": "CANARYPNGITXT4418",
    "png-ztxt": "CANARYPNGZTXT4419",
    "icc": "CANARYICC4420",
    "svg-metadata": "CANARYSVGMETA4421",
    "svg-comment": "CANARYSVGCOMMENT4422",
    "svg-editor": "CANARYSVGEDITOR4423",
    "svg-embedded": "CANARYSVGEMBEDDED4424",
    "exhibit-exif": "CANARYEXHIBIT4425",
    "gif-comment": "CANARYGIFCOMMENT4426",
    "webp-exif": "CANARYWEBPEXIF4427",
    "webp-xmp": "CANARYWEBPXMP4428",
}


def photo(size: tuple[int, int], *, tag: str = "", orientation: int = 1) -> bytes:
    """A JPEG with every kind of metadata a camera or an editor writes."""
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = CANARIES["exif-description"] + tag
    exif[ExifTags.Base.Artist] = CANARIES["exif-artist"] + tag
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 37.0, 12.0)
    gps[ExifTags.GPS.GPSMapDatum] = CANARIES["gps"]
    out = io.BytesIO()
    picture = Image.linear_gradient("L").resize(size).convert("RGB")
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{CANARIES["xmp"]}</x:xmpmeta>'.encode()
    picture.save(out, "JPEG", exif=exif, comment=CANARIES["jpeg-comment"], xmp=xmp)
    data = out.getvalue()
    caption = CANARIES["iptc"].encode()
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + app13 + data[2:]


def text_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARIES["png-text"])
    info.add_itxt("Description", CANARIES["png-itxt"], lang="en", tkey="Beschreibung")
    info.add_text("Author", CANARIES["png-ztxt"], zip=True)
    fake_profile = b"\x00" * 128 + CANARIES["icc"].encode()
    return png((40, 30), "orange", pnginfo=info, icc_profile=fake_profile)


def gif() -> bytes:
    out = io.BytesIO()
    frames = [Image.new("P", (36, 28), i) for i in (1, 2)]
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], comment=CANARIES["gif-comment"]
    )
    return out.getvalue()


def webp() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = CANARIES["webp-exif"]
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{CANARIES["webp-xmp"]}</x:xmpmeta>'.encode()
    out = io.BytesIO()
    Image.new("RGBA", (44, 33), (10, 120, 30, 200)).save(
        out, "WEBP", lossless=True, exif=exif, xmp=xmp
    )
    return out.getvalue()


def drawing() -> str:
    embedded = base64.b64encode(photo((20, 10), tag=CANARIES["svg-embedded"])).decode()
    return (
        '<?xml version="1.0"?>\n<!-- ' + CANARIES["svg-comment"] + " -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="60" height="40" '
        f'inkscape:export-filename="/home/{CANARIES["svg-editor"]}/map.png">'
        f"<metadata><rdf>{CANARIES['svg-metadata']}</rdf></metadata>"
        '<rect width="60" height="40" fill="navy"/>'
        f'<image width="20" height="10" xlink:href="data:image/jpeg;base64,{embedded}"/>'
        "</svg>"
    )


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of a dossier whose public section shows a photograph
    (turned by its EXIF orientation), a PNG and an SVG full of metadata, and
    whose annex shows an exhibit photograph."""
    tmp = tmp_path_factory.mktemp("pictures")
    root = copy_example(tmp / "d")
    (root / "figures" / "photo.jpg").write_bytes(photo((64, 48), orientation=6))
    (root / "figures" / "notes.png").write_bytes(text_png())
    (root / "figures" / "drawing.svg").write_text(drawing(), encoding="utf-8")
    (root / "figures" / "moving.gif").write_bytes(gif())
    (root / "figures" / "web.webp").write_bytes(webp())
    add_image(root, "figures/moving.gif", "An animation")
    add_image(root, "figures/web.webp", "A web picture")
    add_image(root, "figures/photo.jpg", "A photograph")
    add_image(root, "figures/notes.png", "A chart")
    add_image(root, "figures/drawing.svg", "A drawing")
    (root / "exhibits").mkdir()
    exhibit = photo((30, 20), tag=CANARIES["exhibit-exif"])
    (root / "exhibits" / "scene.jpg").write_bytes(exhibit)
    add_exhibit_entry(root, "exhibits/scene.jpg", hashlib.sha256(exhibit).hexdigest())
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace("  - generated/map\n", "  - generated/map\n  - generated/exhibits\n"),
        encoding="utf-8",
    )
    run, out = build(root, tmp)
    assert run.code == 0, run.text
    return out


def documents(build: Path) -> list[Path]:
    """The DOCX, PDF and HTML outputs of both editions, their submission
    packages' too."""
    every = outputs(build, "public") + outputs(build, "internal")
    return [p for p in every if p.suffix in {".docx", ".pdf", ".html"}]


def media(build: Path) -> list[bytes]:
    """Every picture of every DOCX and HTML output: DOCX media, data: URIs."""
    found = []
    for output in documents(build):
        if output.suffix == ".docx":
            with zipfile.ZipFile(output) as z:
                found += [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        elif output.suffix == ".html":
            text = output.read_text(encoding="utf-8")
            for uri in re.findall(r"data:image/[a-z+]+;base64,([A-Za-z0-9+/=]+)", text):
                found.append(base64.b64decode(uri))
    return found


@pytest.mark.leak_vector
@pytest.mark.parametrize("name", sorted(CANARIES))
def test_no_metadata_in_any_output(pictures: Path, name: str) -> None:
    every = documents(pictures)
    assert len(every) == 6 + 2 * 3  # and each package: the letter, DOCX and PDF; the Secretariat's
    assert found_in(every, CANARIES[name]) == []
    assert not any(CANARIES[name].encode() in unpacked(picture) for picture in media(pictures))


def unpacked(data: bytes) -> bytes:
    """``data`` and what it holds compressed or encoded: a PNG's compressed
    chunks (zTXt, iTXt, iCCP) inflated, an SVG's embedded pictures decoded."""
    found = [data]
    if data.startswith(b"\x89PNG"):
        at = 8
        while at + 8 <= len(data):
            size, kind = struct.unpack(">I4s", data[at : at + 8])
            body = data[at + 8 : at + 8 + size]
            if kind in {b"zTXt", b"iCCP", b"iTXt"}:
                start = body.find(b"\0", body.find(b"\0") + 1 if kind == b"iTXt" else 0)
                for offset in range(start, min(start + 8, len(body))):
                    with contextlib.suppress(zlib.error):
                        found.append(zlib.decompress(body[offset:]))
            at += 12 + size
    for uri in re.findall(rb"data:image/[a-z+]+;base64,([A-Za-z0-9+/=]+)", data):
        found.append(unpacked(base64.b64decode(uri)))
    return b"".join(found)


@pytest.mark.leak_vector
def test_the_pictures_are_there_without_exif_comments_or_text(pictures: Path) -> None:
    sizes, drawings = [], 0
    for data in media(pictures):
        if b'fill="navy"' in data:  # the drawing (the others are the charts)
            assert b"<metadata" not in data and b"inkscape" not in data and b"<!--" not in data
            drawings += 1
        if data.lstrip().startswith((b"<?xml", b"<svg")):
            continue
        image = Image.open(io.BytesIO(data))
        sizes.append(image.size)
        assert b"Exif\x00\x00" not in data and b"Photoshop 3.0" not in data
        assert not image.getexif()
        assert not {"comment", "xmp", "exif", "icc_profile"} & set(image.info)
        assert not getattr(image, "text", {})
    # Each picture in each DOCX and HTML output: 2 editions x (the DOCX, the
    # HTML, the package's letter and the Secretariat's file)
    assert sizes.count((48, 64)) == 8  # the 64 x 48 photograph, turned upright
    assert sizes.count((40, 30)) == 8
    assert sizes.count((30, 20)) == 8  # the exhibit
    assert sizes.count((36, 28)) == 8  # the GIF's first picture, as PNG
    assert sizes.count((44, 33)) == 8  # the WebP, as PNG
    assert drawings == 8


# -- the cleaning itself -----------------------------------------------------------------


def test_cleaning_is_deterministic_and_keeps_the_pixels() -> None:
    original = text_png()
    once, twice = clean_raster(original, "PNG"), clean_raster(original, "PNG")
    assert once == twice
    assert Image.open(io.BytesIO(once)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    jpeg = photo((64, 48), orientation=6)
    assert clean_raster(jpeg, "JPEG") == clean_raster(jpeg, "JPEG")
    svg = drawing().encode()
    assert clean_svg(svg, clean_raster) == clean_svg(svg, clean_raster)


def test_a_multi_picture_jpeg_keeps_its_first_picture_alone() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = CANARIES["exif-description"]
    out = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (20, 15), "blue")
    first.save(out, "MPO", save_all=True, append_images=[second], exif=exif)
    clean = clean_raster(out.getvalue(), "JPEG")
    assert CANARIES["exif-description"].encode() not in clean and b"MPF" not in clean
    assert (Image.open(io.BytesIO(clean)).format, Image.open(io.BytesIO(clean)).size) == (
        "JPEG",
        (40, 30),
    )


def test_a_colour_profile_is_applied_then_dropped() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (200, 40, 40, 128)).save(out, "PNG", icc_profile=profile)
    clean = Image.open(io.BytesIO(clean_raster(out.getvalue(), "PNG")))
    assert "icc_profile" not in clean.info
    assert clean.mode == "RGBA" and clean.getpixel((0, 0))[3] == 128


def test_a_jpeg_keeps_its_quantisation_and_resolution() -> None:
    out = io.BytesIO()
    Image.effect_noise((40, 40), 50).convert("RGB").save(out, "JPEG", quality=60, dpi=(300, 300))
    clean = Image.open(io.BytesIO(clean_raster(out.getvalue(), "JPEG")))
    original = Image.open(io.BytesIO(out.getvalue()))
    assert clean.quantization == original.quantization  # type: ignore[attr-defined]
    assert clean.info["dpi"] == (300, 300)


def test_an_accepted_svg_loses_its_metadata_and_editor_attributes() -> None:
    clean = clean_svg(drawing().encode(), clean_raster)
    assert b"metadata" not in clean and b"inkscape" not in clean and b"<!--" not in clean
    assert b'fill="navy"' in clean and b"data:image/jpeg;base64," in clean


def test_bytes_that_passed_are_remembered_under_their_limit(tmp_path: Path) -> None:
    before = pandoc.cache_folder()
    pandoc.use_cache(tmp_path / "cache")
    try:
        good = tmp_path / "good.png"
        good.write_bytes(png((200, 100)))
        check_image(good, Limits())
        assert len(list((tmp_path / "cache" / "images-checked").iterdir())) == 1
        with pytest.raises(FileProblem, match="is 200 x 100 pixels, more than the limit"):
            check_image(good, Limits(image_pixels=10_000))
        bad = tmp_path / "bad.png"
        bad.write_bytes(png((200, 100))[:60])
        with pytest.raises(FileProblem, match="cannot be read"):
            check_image(bad, Limits())
        assert len(list((tmp_path / "cache" / "images-checked").iterdir())) == 1
    finally:
        pandoc.use_cache(before)
