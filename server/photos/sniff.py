"""Decide an upload's image format from its bytes, never from a file name or header.

Only formats the phones produce and the pipeline can decode are accepted; anything
else (HTML, SVG, GIF, AVIF, text, empty bodies) is refused as unsupported_media.
"""

from __future__ import annotations

import struct

from .errors import PhotoError

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
HEIC = "image/heic"
HEIF = "image/heif"

SUPPORTED_MIMES = frozenset({JPEG, PNG, WEBP, HEIC, HEIF})

# ftyp major brands -> MIME. HEVC-coded brands are HEIC; the generic MIAF/HEIF
# brands are HEIF. AVIF (AV1 in HEIF) is refused: the phones do not make it.
_HEIF_BRANDS = {
    b"heic": HEIC,
    b"heix": HEIC,
    b"hevc": HEIC,
    b"heim": HEIC,
    b"heis": HEIC,
    b"hevm": HEIC,
    b"hevs": HEIC,
    b"mif1": HEIF,
    b"msf1": HEIF,
}
_REFUSED_BRANDS = frozenset({b"avif", b"avis"})

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_WEBP_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"VP8X"})


def sniff(data: bytes) -> str:
    """Return the MIME type judged from the content, or raise unsupported_media."""
    head = bytes(data[:64])
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and head[12:16] in _WEBP_CHUNKS:
        return WEBP
    mime = _heif_mime(data)
    if mime:
        return mime
    raise PhotoError(
        "unsupported_media",
        "Only JPEG, PNG, WebP and HEIC/HEIF images are accepted.",
        {"detected": _describe(head)},
    )


def _heif_mime(data: bytes) -> str | None:
    """Return the HEIC/HEIF MIME type if the data opens with an accepted ftyp box."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return None
    box_size = struct.unpack(">I", data[:4])[0]
    if box_size < 16 or box_size > 4096 or box_size > len(data) or box_size % 4:
        return None
    major = bytes(data[8:12])
    brands = {major} | {bytes(data[i : i + 4]) for i in range(16, box_size, 4)}
    if brands & _REFUSED_BRANDS:
        return None
    return _HEIF_BRANDS.get(major)


def _describe(head: bytes) -> str:
    """Name what the refused bytes look like, for the error details."""
    if not head:
        return "empty"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lowered.startswith((b"<svg", b"<?xml")):
        return "svg_or_xml"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[4:8] == b"ftyp":
        return "iso_bmff:" + head[8:12].decode("latin-1")
    return "unknown"
