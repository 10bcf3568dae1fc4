"""process() and verify_hash(): real photos end to end, and nothing but PhotoError escapes."""

from __future__ import annotations

import hashlib
import io
import random
import struct

import pytest
from PIL import Image

from server.photos import ExifInfo, PhotoError, ProcessedPhoto, process, read_exif, verify_hash
from server.photos import imaging as imaging_module

from .facts import PHOTOS, UPRIGHT
from .helpers import png_bomb, png_bytes

LIMITS = {"max_bytes": 10 * 1024 * 1024, "max_pixels": 50_000_000}


def refused(data: bytes, **limits) -> PhotoError:
    """Run process() expecting a PhotoError; return it."""
    with pytest.raises(PhotoError) as caught:
        process(data, **{**LIMITS, **limits})
    return caught.value


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_every_shared_photo_is_processed(read_photo, name):
    data = read_photo(name)
    photo = process(data, **LIMITS)
    assert isinstance(photo, ProcessedPhoto)
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert (photo.size, photo.mime) == (PHOTOS[name][0], PHOTOS[name][2])
    assert (photo.width, photo.height) == UPRIGHT[name]
    assert photo.exif == read_exif(data)
    assert set(photo.derivatives) == {"thumb", "display"}
    assert not photo.partial
    assert 0 <= photo.phash < 2**64


def test_png_is_processed_as_png():
    img = Image.new("RGBA", (50, 40), (0, 0, 255, 128))
    photo = process(png_bytes(img), **LIMITS)
    assert (photo.mime, photo.width, photo.height, photo.exif) == ("image/png", 50, 40, ExifInfo())


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "unsupported_media"),
        (b"<html><body><img src=x onerror=alert(1)></body></html>", "unsupported_media"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "unsupported_media"),
        (b"GIF89a" + b"\0" * 100, "unsupported_media"),
        (png_bomb(50000, 50000), "bad_image"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 200, "bad_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "bad_image"),
        (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 100, "bad_image"),
        (b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 100, "bad_image"),
    ],
)
def test_hostile_inputs(data, code):
    assert refused(data).code == code


def test_truncated_jpeg_header_is_bad_image(read_photo):
    assert refused(read_photo("DSCN0010.jpg")[:1000]).code == "bad_image"


def test_truncated_jpeg_scan_is_processed_and_marked_partial(read_photo):
    data = read_photo("DSCN0010.jpg")[:80_000]
    photo = process(data, **LIMITS)
    assert photo.partial and (photo.width, photo.height) == (640, 480)
    assert photo.exif.lat is not None  # the EXIF block is at the start and intact


def test_over_max_bytes_is_too_large(read_photo):
    data = read_photo("DSCN0010.jpg")
    error = refused(data, max_bytes=len(data) - 1)
    assert error.code == "too_large"
    assert error.details == {"size": len(data), "max_bytes": len(data) - 1}
    assert process(data, max_bytes=len(data), max_pixels=LIMITS["max_pixels"]).size == len(data)


def test_sniff_comes_before_the_size_cap():
    assert refused(b"<html>" + b" " * 1000, max_bytes=10).code == "unsupported_media"


def test_over_max_pixels_is_bad_image(read_photo):
    error = refused(read_photo("jolla.jpg"), max_pixels=3264 * 2448 - 1)
    assert error.code == "bad_image" and error.details["max_pixels"] == 3264 * 2448 - 1


def test_verify_hash(read_photo):
    data = read_photo("Canon_40D.jpg")
    digest = hashlib.sha256(data).hexdigest()
    assert verify_hash(data, digest) == digest
    assert verify_hash(data, digest.upper()) == digest
    for wrong in ("0" * 64, digest[:-1], "not-a-hash", "", hashlib.sha256(b"x").hexdigest()):
        with pytest.raises(PhotoError) as caught:
            verify_hash(data, wrong)
        assert caught.value.code == "hash_mismatch"
        assert caught.value.details["actual"] == digest


@pytest.mark.parametrize(
    "exc",
    [
        MemoryError(),
        ValueError("bad"),
        OSError("broken data stream"),
        SyntaxError("not a PNG"),
        struct.error("unpack requires a buffer"),
        IndexError("out of range"),
        ZeroDivisionError("division by zero"),
        RuntimeError("libheif"),
        TypeError("weird"),
        KeyError("mode"),
        EOFError(),
        Image.DecompressionBombError("bomb"),
    ],
)
def test_library_errors_become_bad_image(read_photo, monkeypatch, exc):
    def explode(*args, **kwargs):
        raise exc

    monkeypatch.setattr(imaging_module.Image, "open", explode)
    error = refused(read_photo("DSCN0010.jpg"))
    assert error.code == "bad_image"
    assert error.details["reason"] == type(exc).__name__


def test_errors_after_decoding_become_bad_image(read_photo, monkeypatch):
    monkeypatch.setattr("server.photos.pipeline.perceptual_hash", lambda img: 1 / 0)
    assert refused(read_photo("DSCN0010.jpg")).code == "bad_image"


@pytest.mark.parametrize("name", ["DSCN0010.jpg", "portrait_8.jpg", "iphone_13_pro_max.HEIC"])
def test_fuzzed_photos_raise_nothing_but_photo_error(read_photo, name):
    original = read_photo(name)
    rng = random.Random(name)
    rounds = 4 if name.endswith(".HEIC") else 14  # a HEIC decode takes ~0.5 s here
    cases = [original[:cut] for cut in sorted(rng.sample(range(1, len(original)), rounds))]
    for _ in range(rounds):
        data = bytearray(original[: min(len(original), 400_000)])
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(3, len(data))] = rng.randrange(256)
        cases.append(bytes(data))
    for data in cases:
        try:
            photo = process(data, **LIMITS)
        except PhotoError as error:
            assert error.code in {"bad_image", "unsupported_media"}
        else:
            assert set(photo.derivatives) == {"thumb", "display"}


def test_bytearray_and_memoryview_are_accepted(read_photo):
    data = read_photo("Canon_40D.jpg")
    for view in (bytearray(data), memoryview(data)):
        assert process(view, **LIMITS).sha256 == hashlib.sha256(data).hexdigest()


def test_derivatives_open_as_jpeg(read_photo):
    photo = process(read_photo("jolla.jpg"), **LIMITS)
    for data in photo.derivatives.values():
        assert Image.open(io.BytesIO(data)).format == "JPEG"
