"""PNG and JPEG images: checked (type, size in pixels, a complete and
readable file) and re-encoded with nothing but their pixels.

A photograph carries where and when it was taken and by whom (EXIF, GPS,
XMP, IPTC, comments); a PNG carries text chunks. Re-encoding keeps none of
them: the pixels are decoded, turned as the EXIF orientation says, and
written again. Kept: the transparency, the resolution in dots per inch
(renderers size the picture by it) and the colours. An embedded colour
profile is applied (the pixels are converted to sRGB) and not copied: a
profile is a free-form file whose text tags (description, copyright,
device maker and model) may say as much as EXIF.
"""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageCms, ImageOps

from dossier.load.images.problem import READ_ERRORS, FileProblem

MAGIC = {
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "JPEG": (b"\xff\xd8\xff",),
    "GIF": (b"GIF87a", b"GIF89a"),
    "WEBP": (b"RIFF",),  # then the size, then "WEBP"
}
PILLOW_FORMATS = {"PNG": ["PNG"], "JPEG": ["JPEG", "MPO"], "GIF": ["GIF"], "WEBP": ["WEBP"]}
# What each is written as: GIF and WebP as PNG (their first picture), which
# every output format shows.
OUTPUT = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "PNG", "WEBP": "PNG"}
ORIENTATION = 0x0112
JPEG_QUALITY = 92  # when the picture had to be turned or its colours converted
TRANSPARENT_MODES = {"1", "L", "I", "I;16", "RGB"}


def _open(data: bytes, kind: str) -> Image.Image:
    """The image's header read (its pixels are decoded by load()). The
    limit of pixels is the dossier's, checked before decoding; Pillow's own
    (a different number) is set aside for the call."""
    before = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        return Image.open(io.BytesIO(data), formats=PILLOW_FORMATS[kind])
    finally:
        Image.MAX_IMAGE_PIXELS = before


def check_raster(data: bytes, kind: str, max_pixels: int) -> None:
    """Raise :class:`FileProblem` unless ``data`` is a whole, readable
    ``kind`` ('PNG', 'JPEG', 'GIF' or 'WEBP') image of at most ``max_pixels`` pixels. The
    size is read from the header: a huge image is refused undecoded."""
    if not data.startswith(MAGIC[kind]) or (kind == "WEBP" and data[8:12] != b"WEBP"):
        raise FileProblem(
            f"is not a {kind} image (its content does not start as a {kind} file does)",
            f"export the picture again as {kind}, or give the file the extension of its type",
        )
    try:
        image = _open(data, kind)
        width, height = image.size
        if width * height > max_pixels:
            raise FileProblem(
                f"is {width} x {height} pixels, more than the limit of {max_pixels:,}",
                "scale it down, or raise 'limits: {image_pixels: ...}' in dossier.yaml",
            )
        image.verify()  # PNG: every chunk's checksum
        _open(data, kind).load()
    except READ_ERRORS as exc:
        raise FileProblem(
            f"cannot be read: {exc}", "the file is damaged or cut short: export it again"
        ) from None


def clean_raster(data: bytes, kind: str) -> bytes:
    """The pixels of ``data`` (checked by :func:`check_raster`) in a new
    file of ``OUTPUT[kind]``: no metadata, the picture turned upright, sRGB.
    The same input gives the same bytes."""
    image = _open(data, kind)
    image.load()
    info = dict(image.info)
    upright = image.getexif().get(ORIENTATION, 1) in (None, 1)
    params: dict[str, Any] = {}
    if info.get("dpi"):
        params["dpi"] = tuple(round(float(x)) for x in info["dpi"][:2])
    out = io.BytesIO()
    if image.format == "JPEG" and upright and not info.get("icc_profile"):
        # The same quantisation tables: no further loss than a decode costs.
        image.info = {}
        image.save(out, "JPEG", quality="keep", **params)
        return out.getvalue()
    pixels = ImageOps.exif_transpose(image)
    pixels = _srgb(pixels, info.get("icc_profile"))
    if pixels.mode in ("P", "PA"):
        pixels = pixels.convert("RGBA" if _has_alpha(pixels, info) else "RGB")
    transparency = info.get("transparency")
    if transparency is not None and pixels.mode in TRANSPARENT_MODES and kind != "JPEG":
        params["transparency"] = transparency
    pixels.info = {}
    if kind == "JPEG":
        if pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        pixels.save(out, "JPEG", quality=JPEG_QUALITY, **params)
    else:
        pixels.save(out, "PNG", **params)
    return out.getvalue()


def _has_alpha(image: Image.Image, info: dict[Any, Any]) -> bool:
    return image.mode == "PA" or info.get("transparency") is not None


_SRGB: list[Any] = []


def _srgb_profile() -> Any:
    if not _SRGB:
        _SRGB.append(ImageCms.createProfile("sRGB"))
    return _SRGB[0]


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """``image`` in sRGB, by its embedded profile ``icc``; as it is when the
    profile does not fit the pixels (the colours may then shift a little)."""
    if not icc:
        return image
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA", "PA") else None
    base = {"RGBA": "RGB", "LA": "L", "PA": "RGB", "P": "RGB"}.get(image.mode)
    pixels = image.convert(base) if base else image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(pixels, profile, _srgb_profile(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    if converted is None:
        return image
    if alpha is not None:
        converted.putalpha(alpha)
    return converted
