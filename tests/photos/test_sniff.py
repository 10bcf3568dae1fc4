"""Format sniffing: by content only, and every non-photo is unsupported_media."""

from __future__ import annotations

import struct

import pytest
from PIL import Image

from server.photos import PhotoError, sniff

from .facts import PHOTOS
from .helpers import png_bytes


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    """An ISO-BMFF ftyp box followed by some filler."""
    body = major + b"\0\0\0\0" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\0" * 64


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_shared_photos_sniff_as_their_real_format(read_photo, name):
    assert sniff(read_photo(name)) == PHOTOS[name][2]


def test_png_is_png_whatever_it_is_called():
    data = png_bytes(Image.new("RGB", (4, 4)))
    assert sniff(data) == "image/png"


def test_webp():
    import io

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "WEBP")
    assert sniff(out.getvalue()) == "image/webp"


@pytest.mark.parametrize(
    ("major", "compatible", "mime"),
    [
        (b"heic", (b"mif1", b"heic"), "image/heic"),
        (b"heix", (b"mif1",), "image/heic"),
        (b"hevc", (b"msf1",), "image/heic"),
        (b"heim", (), "image/heic"),
        (b"heis", (), "image/heic"),
        (b"hevm", (), "image/heic"),
        (b"hevs", (), "image/heic"),
        (b"mif1", (b"heic",), "image/heif"),
        (b"msf1", (), "image/heif"),
    ],
)
def test_heif_brands(major, compatible, mime):
    assert sniff(ftyp(major, *compatible)) == mime


@pytest.mark.parametrize(
    ("data", "detected"),
    [
        (b"", "empty"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "html"),
        (b"  <html><script>alert(1)</script></html>", "html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "svg_or_xml"),
        (b'<?xml version="1.0"?><svg/>', "svg_or_xml"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"),
        (b"just some text, not an image", "unknown"),
        (ftyp(b"avif", b"mif1", b"miaf"), "iso_bmff:avif"),
        (ftyp(b"mif1", b"avif"), "iso_bmff:mif1"),
        (ftyp(b"isom", b"mp41"), "iso_bmff:isom"),
        (b"\xff\xd8", "unknown"),
        (b"RIFF\0\0\0\0WAVEfmt ", "unknown"),
        (b"\x89PNG\r\n", "unknown"),
    ],
)
def test_non_photos_are_unsupported_media(data, detected):
    with pytest.raises(PhotoError) as caught:
        sniff(data)
    assert caught.value.code == "unsupported_media"
    assert caught.value.details["detected"] == detected


def test_file_name_plays_no_part(read_photo):
    """sniff takes bytes only; a JPEG renamed .png is still a JPEG."""
    assert sniff(read_photo("portrait_6.jpg")) == "image/jpeg"
