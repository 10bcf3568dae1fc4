"""Decode photos safely and make the upright, metadata-free JPEG derivatives.

Derivatives carry pixels only: colours are converted to sRGB through an embedded ICC
profile, then no EXIF, XMP, IPTC, ICC, comment or text of the input is written.

Guards: only the sniffed format's decoder is used, the pixel count is checked from the
header before any decoding, and JPEGs are decoded in draft mode (DCT scaling) close to
the largest derivative, so a 12 MP photo is never decoded at full size.

Truncated JPEGs: a phone file cut short is normal field data. If the header and the
start of the scan are there, the JPEG is decoded as far as it goes (libjpeg fills the
rest with grey) and the result is marked `partial`; if not, it is bad_image. Other
truncated formats are bad_image, except HEIC/HEIF: libheif decodes the tiles that
arrived (missing ones stay black), so a HEIF whose boxes run past the end of the data is
also processed and marked `partial`.
"""

from __future__ import annotations

import functools
import io
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageFile

from .errors import PhotoError
from .heif import ensure_heif_opener
from .sniff import HEIC, HEIF, JPEG, PNG, WEBP

THUMB_SIZE = 320
DISPLAY_SIZE = 1600
JPEG_QUALITY = 82
VARIANTS = {"thumb": THUMB_SIZE, "display": DISPLAY_SIZE}

_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", HEIC: "HEIF", HEIF: "HEIF"}
_EOI = b"\xff\xd9"
_ORIENTATION_TAG = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_WHITE = (255, 255, 255)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Decoded:
    """An upright RGB image fitted into a box, with the full upright size it came from."""

    image: Image.Image
    width: int
    height: int
    partial: bool


def inspect(data: bytes, mime: str, max_pixels: int) -> tuple[int, int]:
    """Return the upright (width, height) from the header; bad_image if unusable."""
    with _guard():
        img = _open(data, mime, max_pixels)
        return _upright_size(img.size, _orientation(img, mime))


def derivatives(data: bytes, mime: str, max_pixels: int | None = None) -> dict[str, bytes]:
    """Return {"thumb", "display"} JPEG bytes: upright, RGB, no metadata."""
    decoded = decode(data, mime, max_pixels=max_pixels, box=DISPLAY_SIZE)
    return render(decoded.image)[0]


def decode(data: bytes, mime: str, *, max_pixels: int | None, box: int) -> Decoded:
    """Decode once into an upright RGB image whose longest side is at most `box`."""
    with _guard():
        try:
            return _decode(data, mime, max_pixels, box, partial=False)
        except OSError:
            if mime != JPEG or data.endswith(_EOI):
                raise
        # A cut-short JPEG: end it with EOI so libjpeg decodes what is there.
        return _decode(data + _EOI, mime, max_pixels, box, partial=True)


def render(image: Image.Image) -> tuple[dict[str, bytes], Image.Image]:
    """Encode the display and thumb JPEGs from an upright RGB image; also return the thumb."""
    with _guard():
        display = _fit(image, DISPLAY_SIZE)
        thumb = _fit(display, THUMB_SIZE)
        return {"thumb": _encode(thumb), "display": _encode(display)}, thumb


def _decode(data: bytes, mime: str, max_pixels: int | None, box: int, partial: bool) -> Decoded:
    """Open, draft, load, fit, turn upright and convert to sRGB RGB."""
    img = _open(data, mime, max_pixels)
    orientation = _orientation(img, mime)
    width, height = _upright_size(img.size, orientation)
    if mime == JPEG:
        img.draft("RGB", _fit_size(img.size, box))
    img.load()
    partial = partial or (mime in (HEIC, HEIF) and _bmff_truncated(data))
    icc = img.info.get("icc_profile")
    if img.mode not in ("RGB", "L"):
        img = _to_rgb(img, icc)
        icc = None
    img = _fit(img, box)
    if orientation in _TRANSPOSE:
        img = img.transpose(_TRANSPOSE[orientation])
    img = _to_srgb(img, icc) if icc else img.convert("RGB")
    return Decoded(image=img, width=width, height=height, partial=partial)


def _open(data: bytes, mime: str, max_pixels: int | None) -> ImageFile.ImageFile:
    """Open the header with the sniffed format's decoder only and check the pixel count."""
    fmt = _PIL_FORMATS.get(mime)
    if fmt is None:
        raise PhotoError("unsupported_media", f"Cannot decode {mime}.", {"mime": mime})
    if fmt == "HEIF":
        ensure_heif_opener()
    # Pillow's own bomb check warns above MAX_IMAGE_PIXELS and raises above twice that;
    # the warning is ignored here because max_pixels below is the limit that counts.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = Image.open(io.BytesIO(data), formats=[fmt])
    width, height = img.size
    if width < 1 or height < 1:
        raise PhotoError("bad_image", "The image has no pixels.", {"size": [width, height]})
    if max_pixels is not None and width * height > max_pixels:
        raise PhotoError(
            "bad_image",
            "The image has too many pixels.",
            {"width": width, "height": height, "max_pixels": max_pixels},
        )
    return img


def _bmff_truncated(data: bytes) -> bool:
    """Return whether a top-level ISO-BMFF box claims more bytes than the data has."""
    pos = 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        if size == 1:
            if pos + 16 > len(data):
                return True
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
        elif size == 0:
            return False  # the last box runs to the end of the file
        if size < 8:
            return True  # malformed; libheif coped, but this is not a whole file
        pos += size
    return pos != len(data)


def _orientation(img: Image.Image, mime: str) -> int:
    """Return the EXIF orientation to apply (1 for HEIF: the decoder already rotated)."""
    if mime in (HEIC, HEIF):
        return 1
    try:
        value = img.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # broken EXIF must not stop decoding
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """Swap width and height for the orientations that turn the image a quarter."""
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _fit_size(size: tuple[int, int], box: int) -> tuple[int, int]:
    """Return the size that fits `size` into a box x box square, never larger."""
    width, height = size
    scale = min(1.0, box / max(width, height))
    return max(1, math.floor(width * scale + 0.5)), max(1, math.floor(height * scale + 0.5))


def _fit(img: Image.Image, box: int) -> Image.Image:
    """Downscale with LANCZOS so the longest side is at most `box`; never upscale."""
    size = _fit_size(img.size, box)
    if size == img.size:
        return img
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _to_rgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert any decoded mode to RGB; transparency goes onto white."""
    if img.mode.startswith("I;16") or img.mode == "I":
        img = img.convert("I").point(lambda v: v / 256).convert("L")
    if img.mode in _ALPHA_MODES or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, _WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if icc and img.mode == "CMYK":
        return _to_srgb(img, icc)
    return img.convert("RGB")


def _to_srgb(img: Image.Image, icc: bytes) -> Image.Image:
    """Convert through the embedded ICC profile to sRGB; plain convert if not needed."""
    transform = _srgb_transform(bytes(icc), img.mode)
    if transform is None:
        return img.convert("RGB")
    try:
        return ImageCms.applyTransform(img, transform) or img.convert("RGB")
    except Exception:  # a profile that does not fit the pixels only costs colour accuracy
        return img.convert("RGB")


@functools.lru_cache(maxsize=32)
def _srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """Build (once per profile) the transform to sRGB; None for sRGB or broken profiles.

    Phones embed a handful of profiles (Display P3, sRGB), so the cache stays small.
    NOCACHE makes one transform safe to use from several threads (lcms2's rule).
    """
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(source).lower():
            return None  # already sRGB: converting would only cost time
        return ImageCms.buildTransform(source, _SRGB, mode, "RGB", flags=ImageCms.Flags.NOCACHE)
    except Exception:
        return None


def _encode(img: Image.Image) -> bytes:
    """Encode a progressive, optimised JPEG of the pixels alone: JFIF header, no metadata.

    Pillow writes back a decoded comment (`info["comment"]`, from a JPEG COM segment or
    a PNG text chunk) on save, so the image is saved from a copy whose info is empty.
    """
    bare = img.copy()
    bare.info = {}
    buffer = io.BytesIO()
    bare.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


@contextmanager
def _guard() -> Iterator[None]:
    """Turn any library failure inside the block into PhotoError("bad_image")."""
    try:
        yield
    except PhotoError:
        raise
    except Exception as exc:  # Pillow and libheif raise many types on hostile input
        raise PhotoError(
            "bad_image",
            "The image cannot be decoded.",
            {"reason": type(exc).__name__, "detail": str(exc)[:200]},
        ) from exc
