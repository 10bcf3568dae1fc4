"""Derivatives carry pixels only: no EXIF, XMP, IPTC, ICC profile, comment or text chunk.

Each derivative's JPEG segments are walked here, scans included, and only SOI, DQT, SOF,
DHT, SOS, DRI, RST, EOI and an APP0 JFIF header may appear. Inputs carry a secret in
every kind of metadata their format has (a comment is the one Pillow used to copy).
Checked on the pipeline and on what the API serves: public display, logged-in thumb and
display; the original stays byte-identical.
"""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from server.photos import derivatives, sniff
from server.photos.heif import ensure_heif_opener
from tests.api.conftest import auth, org  # noqa: F401
from tests.factories import sha
from tests.sync.conftest import push, report_mutation, upload  # noqa: F401

from .facts import PHOTOS
from .helpers import ascii_tag, dms, rational_tag, tiff

SECRET = b"SECRET-COMMENT 13812345678"
ALLOWED = {0xD8, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDA, 0xDD, 0xD9}


def segments(data: bytes) -> list[tuple[int, bytes]]:
    """Every (marker, payload) of a JPEG from SOI to EOI, stepping over scan data."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    found, pos = [(0xD8, b"")], 2
    while pos < len(data):
        assert data[pos] == 0xFF, f"no marker at {pos}"
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            found.append((marker, b""))
            assert pos + 2 == len(data), "bytes after EOI"
            return found
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        found.append((marker, data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
        if marker == 0xDA:
            pos = _end_of_scan(data, pos)
    raise AssertionError("no EOI")


def _end_of_scan(data: bytes, pos: int) -> int:
    """The position of the first marker after entropy-coded data (stuffing and RST skipped)."""
    while True:
        pos = data.index(b"\xff", pos)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
            continue
        return pos


def assert_bare(jpeg: bytes) -> None:
    """Only image-coding segments and a JFIF APP0; no secret anywhere in the bytes."""
    for marker, payload in segments(jpeg):
        if marker == 0xE0:
            assert payload.startswith(b"JFIF\0"), payload[:16]
            continue
        assert marker in ALLOWED, f"segment 0x{marker:02X} {payload[:32]!r}"
    for word in (SECRET, b"13812345678", b"Exif", b"ICC_PROFILE", b"xap/1.0", b"8BIM"):
        assert word not in jpeg, word


def _segment(marker: int, payload: bytes) -> bytes:
    """One JPEG marker segment."""
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _p3_profile() -> bytes:
    """The Display P3 profile of the repo's iPhone photo (a real, non-sRGB profile)."""
    ensure_heif_opener()
    from tests.data import PHOTOS_DIR

    with Image.open(PHOTOS_DIR / "iphone_13_pro_max.HEIC") as img:
        return img.info["icc_profile"]


def _exif_block() -> bytes:
    """A TIFF block with a camera, an owner and a GPS position."""
    gps = [ascii_tag(1, "N"), rational_tag(2, dms(34.39)), ascii_tag(3, "E"),
           rational_tag(4, dms(113.74))]
    return tiff([ascii_tag(0x010F, "Secretcam"), ascii_tag(0x013B, SECRET)], gps=gps)


APP_SEGMENTS = {
    "exif": lambda: _segment(0xE1, b"Exif\0\0" + _exif_block()),
    "xmp": lambda: _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>"
                            + SECRET + b"</x:xmpmeta>"),
    "iptc": lambda: _segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\0\0\0\0\0\x20"
                             + b"\x1c\x02\x78\x00\x1a" + SECRET),
    "icc": lambda: _segment(0xE2, b"ICC_PROFILE\0\x01\x01" + _p3_profile()),
}


def _base_jpeg(size=(240, 180)) -> bytes:
    """A plain JPEG with some structure in it."""
    img = Image.linear_gradient("L").resize(size).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def with_segments(jpeg: bytes, *extra: bytes) -> bytes:
    """The JPEG with a comment and the given segments inserted right after SOI."""
    return jpeg[:2] + _segment(0xFE, SECRET) + b"".join(extra) + jpeg[2:]


def _png() -> bytes:
    """A PNG with text chunks (one named 'comment') and eXIf."""
    info = PngImagePlugin.PngInfo()
    info.add_text("comment", SECRET.decode())
    info.add_text("Author", SECRET.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", SECRET.decode())
    buf = io.BytesIO()
    Image.new("RGB", (120, 90), (40, 120, 200)).save(
        buf, "PNG", pnginfo=info, exif=_exif_block())
    return buf.getvalue()


def _webp() -> bytes:
    """A WebP with EXIF, XMP and an ICC profile."""
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = SECRET.decode()
    Image.new("RGB", (120, 90), (200, 80, 40)).save(
        buf, "WEBP", exif=exif.tobytes(), xmp=SECRET, icc_profile=_p3_profile())
    return buf.getvalue()


def _check_derivatives(data: bytes) -> None:
    """Both derivatives of `data` are bare JPEGs."""
    result = derivatives(data, sniff(data))
    assert set(result) == {"thumb", "display"}
    for blob in result.values():
        assert_bare(blob)


@pytest.mark.parametrize("kind", [None, *APP_SEGMENTS])
def test_jpeg_with_comment_and_each_app_segment(kind):
    extra = [APP_SEGMENTS[kind]()] if kind else []
    _check_derivatives(with_segments(_base_jpeg(), *extra))


@pytest.mark.parametrize("make", [_png, _webp], ids=["png", "webp"])
def test_png_and_webp_metadata_stays_out(make):
    _check_derivatives(make())


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_real_photos_with_a_comment_added(read_photo, name):
    data = read_photo(name)
    if data[:2] == b"\xff\xd8":
        data = with_segments(data)
    _check_derivatives(data)


def test_icc_colours_are_converted_to_srgb_not_dropped():
    """A P3 colour comes out as its sRGB equivalent, though no profile is written."""
    colour = (40, 160, 90)
    img = Image.new("RGB", (64, 64), colour)
    buf = io.BytesIO()
    img.save(buf, "PNG", icc_profile=_p3_profile())
    display = derivatives(buf.getvalue(), "image/png")["display"]
    assert_bare(display)
    p3 = ImageCms.ImageCmsProfile(io.BytesIO(_p3_profile()))
    srgb = ImageCms.createProfile("sRGB")
    expected = ImageCms.profileToProfile(img, p3, srgb).getpixel((32, 32))
    got = Image.open(io.BytesIO(display)).convert("RGB").getpixel((32, 32))
    assert expected != colour
    assert all(abs(a - b) <= 4 for a, b in zip(got, expected, strict=True)), (got, expected)


def test_served_derivatives_are_bare_and_the_original_unchanged(client, auth, org, push,  # noqa: F811
                                                                upload):  # noqa: F811
    kinds = ("exif", "xmp", "iptc")
    data = with_segments(_base_jpeg((800, 600)), *(APP_SEGMENTS[k]() for k in kinds))
    digest = upload(data)
    item_id = push([report_mutation(org, photos=[digest])])[0]["item_id"]
    assert client.get(f"/api/v1/public/photos/{digest}/display").status_code == 404  # new
    client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"), json={
        "unit_id": org.units["住建局"], "deadline_working_days": 5, "plan": "修"})
    for variant in ("display", "thumb"):  # public once accepted: still pixels only
        public = client.get(f"/api/v1/public/photos/{digest}/{variant}")
        assert public.status_code == 200, variant
        assert_bare(public.data)
    for variant, user in (("thumb", "cadre"), ("display", "cadre"), ("display", "office")):
        resp = client.get(f"/api/v1/photos/{digest}/{variant}", headers=auth(user))
        assert resp.status_code == 200 and resp.mimetype == "image/jpeg"
        assert_bare(resp.data)
    original = client.get(f"/api/v1/photos/{digest}/original", headers=auth("office"))
    assert original.data == data and sha(original.data) == digest
