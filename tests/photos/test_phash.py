"""Perceptual hash: copies stay near, different photos stay far, BIGINT round trip."""

from __future__ import annotations

import io
import itertools

import pytest
from PIL import Image, ImageOps

from server.photos import (
    FLAT_HASH,
    NEAR_IDENTICAL_MAX_DISTANCE,
    from_signed64,
    hamming,
    is_near_identical,
    perceptual_hash,
    process,
    to_signed64,
)

from .facts import PHOTOS
from .helpers import jpeg_bytes

DSCN = ["DSCN0010.jpg", "DSCN0012.jpg", "DSCN0021.jpg", "DSCN0025.jpg"]
# Pairs that are one scene stored two ways (pixels rotated + Orientation tag).
SAME_SCENE = {("landscape_1.jpg", "landscape_6.jpg"), ("portrait_6.jpg", "portrait_8.jpg")}
JPEGS = sorted(n for n in PHOTOS if n.endswith(".jpg") and n != "67-0_length_string.jpg")


def upright(data: bytes) -> Image.Image:
    """The upright RGB image of JPEG bytes, the way a person would re-save it."""
    return ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")


@pytest.mark.parametrize("name", JPEGS)
def test_reencoded_and_resized_copies_stay_near(read_photo, name):
    data = read_photo(name)
    original, img = perceptual_hash(data), upright(data)
    distances = []
    for quality, scale in itertools.product((30, 50, 75, 95), (0.25, 0.5, 1.0, 2.0)):
        if scale > 1 and max(img.size) > 1600:
            continue  # upscaling a 8-12 MP photo only costs test time
        size = (max(8, int(img.width * scale)), max(8, int(img.height * scale)))
        copy = jpeg_bytes(img.resize(size, Image.Resampling.BICUBIC), quality=quality)
        distances.append(hamming(original, perceptual_hash(copy)))
    assert max(distances) <= 6, distances  # measured worst case: 6 (Canon_40D at 25x17 px)
    assert max(distances) <= NEAR_IDENTICAL_MAX_DISTANCE


@pytest.mark.parametrize("name", ["DSCN0010.jpg", "jolla.jpg", "no_exif.jpg"])
def test_copy_stored_rotated_with_orientation_tag_is_near(read_photo, name):
    data = read_photo(name)
    img = upright(data)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to view": pixels stored turned 90 CCW
    stored = jpeg_bytes(img.transpose(Image.Transpose.ROTATE_90), quality=85, exif=exif)
    assert hamming(perceptual_hash(data), perceptual_hash(stored)) <= 4


def test_different_photos_are_far(read_photo):
    hashes = {name: perceptual_hash(read_photo(name)) for name in sorted(PHOTOS)}
    hashes.pop("67-0_length_string.jpg")  # flat grey: FLAT_HASH, see below
    distances = {
        (a, b): hamming(hashes[a], hashes[b])
        for a, b in itertools.combinations(sorted(hashes), 2)
        if (a, b) not in SAME_SCENE
    }
    assert min(distances.values()) >= 20, min(distances.items(), key=lambda kv: kv[1])
    assert min(distances.values()) > NEAR_IDENTICAL_MAX_DISTANCE
    for pair in SAME_SCENE:
        assert hamming(hashes[pair[0]], hashes[pair[1]]) <= 4


def test_photos_of_one_walk_are_not_mistaken_for_reuse(read_photo):
    hashes = [perceptual_hash(read_photo(name)) for name in DSCN]
    for a, b in itertools.combinations(hashes, 2):
        assert hamming(a, b) >= 20  # measured: 24..36
        assert not is_near_identical(a, b)


def test_flat_images_hash_to_flat_hash(read_photo):
    assert perceptual_hash(read_photo("67-0_length_string.jpg")) == FLAT_HASH
    assert perceptual_hash(Image.new("RGB", (300, 200), (137, 137, 137))) == FLAT_HASH
    noisy_flat = jpeg_bytes(Image.new("RGB", (300, 200), (40, 40, 40)), quality=20)
    assert perceptual_hash(noisy_flat) == FLAT_HASH


def test_bytes_and_pipeline_agree(read_photo):
    data = read_photo("DSCN0021.jpg")
    photo = process(data, max_bytes=10_000_000, max_pixels=50_000_000)
    assert photo.phash == perceptual_hash(data)


def test_hash_is_64_bits_and_deterministic(read_photo):
    data = read_photo("jolla.jpg")
    value = perceptual_hash(data)
    assert 0 <= value < 2**64 and value == perceptual_hash(data)
    assert 16 <= value.bit_count() <= 48  # median threshold: about half the bits set


@pytest.mark.parametrize("value", [0, 1, 2**63 - 1, 2**63, 2**64 - 1, 0xDEADBEEFCAFEBABE])
def test_signed64_round_trip(value):
    signed = to_signed64(value)
    assert -(2**63) <= signed < 2**63
    assert from_signed64(signed) == value
    assert hamming(signed, value) == 0


def test_signed64_rejects_out_of_range():
    for bad in (-1, 2**64):
        with pytest.raises(ValueError):
            to_signed64(bad)
    for bad in (2**63, -(2**63) - 1):
        with pytest.raises(ValueError):
            from_signed64(bad)


def test_hamming_counts_bits_signed_or_not():
    assert hamming(0, 2**64 - 1) == 64
    assert hamming(to_signed64(2**64 - 1), 0) == 64
    assert hamming(0b1011, 0b0001) == 2
