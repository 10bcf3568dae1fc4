"""Builders for test inputs: hand-made EXIF/TIFF blocks, JPEG markers, PNG headers.

Real photos cover real devices; these cover the damage real devices never showed us.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

ASCII, SHORT, LONG, RATIONAL, SRATIONAL = 2, 3, 4, 5, 10
EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def ascii_tag(tag: int, text: str | bytes) -> tuple:
    """An ASCII entry, NUL-terminated."""
    raw = text.encode("latin-1") if isinstance(text, str) else text
    return (tag, ASCII, len(raw) + 1, raw + b"\0")


def short_tag(tag: int, value: int) -> tuple:
    """A SHORT entry."""
    return (tag, SHORT, 1, struct.pack(">H", value))


def rational_tag(tag: int, pairs: list[tuple[int, int]], signed: bool = False) -> tuple:
    """A (S)RATIONAL entry from (numerator, denominator) pairs."""
    fmt = ">ii" if signed else ">II"
    raw = b"".join(struct.pack(fmt, n, d) for n, d in pairs)
    return (tag, SRATIONAL if signed else RATIONAL, len(pairs), raw)


def dms(value: float) -> list[tuple[int, int]]:
    """Degrees as EXIF degrees/minutes/seconds rationals."""
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 1000)
    return [(degrees, 1), (minutes, 1), (seconds, 1000)]


def tiff(ifd0: list[tuple], exif: list[tuple] | None = None, gps: list[tuple] | None = None):
    """A big-endian TIFF block with IFD0 and optional EXIF and GPS sub-IFDs."""
    ifd0 = list(ifd0)
    subs = [(EXIF_IFD, exif), (GPS_IFD, gps)]
    pointers = [(tag, LONG, 1, b"\0\0\0\0") for tag, entries in subs if entries is not None]
    first = _ifd(sorted(ifd0 + pointers), 8)
    offset, blocks, resolved = 8 + len(first), [], []
    for tag, entries in subs:
        if entries is None:
            continue
        resolved.append((tag, LONG, 1, struct.pack(">I", offset)))
        block = _ifd(sorted(entries), offset)
        blocks.append(block)
        offset += len(block)
    return b"MM\0*" + struct.pack(">I", 8) + _ifd(sorted(ifd0 + resolved), 8) + b"".join(blocks)


def _ifd(entries: list[tuple], offset: int) -> bytes:
    """One IFD at `offset`, values longer than 4 bytes after it."""
    data_offset = offset + 2 + 12 * len(entries) + 4
    head, data = struct.pack(">H", len(entries)), b""
    for tag, kind, count, payload in entries:
        if len(payload) <= 4:
            head += struct.pack(">HHI", tag, kind, count) + payload.ljust(4, b"\0")
        else:
            head += struct.pack(">HHII", tag, kind, count, data_offset + len(data))
            data += payload + (b"\0" if len(payload) % 2 else b"")
    return head + b"\0\0\0\0" + data


def jpeg_with_exif(tiff_block: bytes, size=(64, 48), color=(90, 140, 60)) -> bytes:
    """A small JPEG whose APP1 holds the given TIFF block."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=90, exif=b"Exif\0\0" + tiff_block)
    return out.getvalue()


def jpeg_bytes(image: Image.Image, **params) -> bytes:
    """Encode an image as JPEG."""
    out = io.BytesIO()
    image.save(out, "JPEG", **params)
    return out.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    """Encode an image as PNG."""
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height RGB pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_markers(data: bytes) -> list[int]:
    """The marker codes of a JPEG up to its first SOS (0xDA included)."""
    markers, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    return markers


def set_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """Rewrite the SOF0/SOF2 frame size of a JPEG (a header that lies)."""
    pos = 2
    while pos + 4 <= len(data):
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in (0xC0, 0xC2):
            size = struct.pack(">HH", height, width)
            return data[: pos + 5] + size + data[pos + 9 :]
        pos += 2 + length
    raise ValueError("no SOF marker")
