"""A 64-bit DCT perceptual hash, so a reused photo is found even after re-encoding.

The integrity flags (DESIGN.md) mark a photo already used on another item, or an
after-photo equal to the before-photo. Byte hashes miss a re-saved or resized copy;
this hash does not. It is computed on the upright image, so a copy whose pixels are
stored rotated (with an Orientation tag) hashes like the original. Pillow only.

Algorithm (pHash): greyscale, 32x32, 2-D DCT-II, the 8x8 lowest frequencies without the
first row and column (DC and pure one-axis terms), one bit per coefficient: above the
median of the 64. Bit 63 is the coefficient (1, 1), row-major.

A flat image (blank, lens cap, grey) has no low-frequency detail and its coefficients are
rounding noise; it hashes to FLAT_HASH (0) so that all flat images agree instead of
giving random bits. Callers may skip reuse checks for FLAT_HASH.
"""

from __future__ import annotations

import math

from PIL import Image

from .imaging import DISPLAY_SIZE, decode, render
from .sniff import sniff

HASH_BITS = 64
_SIZE = 32
_FREQS = range(1, 9)
_MASK = (1 << HASH_BITS) - 1
_SIGN_BIT = 1 << (HASH_BITS - 1)
FLAT_HASH = 0
# A cosine of amplitude A grey levels at a kept frequency gives a coefficient of about
# A * 32 * 32 / 4; below 2 grey levels of amplitude everywhere the image counts as flat.
_FLAT_COEFFICIENT = 2.0 * _SIZE * _SIZE / 4

# Measured on the shared real photos (tests/photos/test_phash.py checks them): the same
# photo re-encoded at JPEG quality 30..95 and resized 25%..200%, or stored rotated with an
# Orientation tag: distance 0..6 (6 only for the 100x68 Canon_40D shrunk to 25x17 px).
# Different photos: 24..42; the four DSCN photos of one walk: 24..36. Pairs that are the
# same scene stored differently (landscape_1/landscape_6, portrait_6/portrait_8): 2.
# 10 sits between 6 and 24 with a margin on both sides.
NEAR_IDENTICAL_MAX_DISTANCE = 10

_COS = [[math.cos(math.pi * (2 * x + 1) * u / (2 * _SIZE)) for x in range(_SIZE)] for u in _FREQS]


def perceptual_hash(data_or_image: bytes | Image.Image) -> int:
    """Return the unsigned 64-bit pHash of image bytes or of an upright Pillow image.

    Bytes go through the same decode and thumbnail path as the upload pipeline, so the
    value equals `ProcessedPhoto.phash`. An Image is hashed as given (assumed upright).
    """
    if isinstance(data_or_image, Image.Image):
        return _hash_image(data_or_image)
    data = bytes(data_or_image)
    decoded = decode(data, sniff(data), max_pixels=None, box=DISPLAY_SIZE)
    return _hash_image(render(decoded.image)[1])


def _hash_image(image: Image.Image) -> int:
    """Hash an upright image: greyscale 32x32, low-frequency DCT, median threshold."""
    small = image.convert("L").resize((_SIZE, _SIZE), Image.Resampling.LANCZOS)
    pixels = list(small.tobytes())
    rows = [pixels[y * _SIZE : (y + 1) * _SIZE] for y in range(_SIZE)]
    # Separable DCT: transform each row at the 8 wanted frequencies, then each column.
    row_dct = [[sum(c * p for c, p in zip(cos, row, strict=True)) for cos in _COS] for row in rows]
    coeffs = [
        sum(c * row_dct[y][u] for y, c in enumerate(cos)) for cos in _COS for u in range(len(_COS))
    ]
    if max(abs(c) for c in coeffs) < _FLAT_COEFFICIENT:
        return FLAT_HASH
    median = sorted(coeffs)[len(coeffs) // 2 - 1 : len(coeffs) // 2 + 1]
    threshold = (median[0] + median[1]) / 2
    value = 0
    for coefficient in coeffs:
        value = (value << 1) | (coefficient > threshold)
    return value


def hamming(a: int, b: int) -> int:
    """Return the number of differing bits; signed and unsigned forms both work."""
    return ((a ^ b) & _MASK).bit_count()


def is_near_identical(a: int, b: int) -> bool:
    """Return whether two hashes are within NEAR_IDENTICAL_MAX_DISTANCE."""
    return hamming(a, b) <= NEAR_IDENTICAL_MAX_DISTANCE


def to_signed64(value: int) -> int:
    """Map an unsigned 64-bit hash to the signed range a BIGINT column stores."""
    if not 0 <= value <= _MASK:
        raise ValueError(f"not an unsigned 64-bit value: {value}")
    return value - (1 << HASH_BITS) if value & _SIGN_BIT else value


def from_signed64(value: int) -> int:
    """Map a signed BIGINT back to the unsigned 64-bit hash."""
    if not -_SIGN_BIT <= value < _SIGN_BIT:
        raise ValueError(f"not a signed 64-bit value: {value}")
    return value & _MASK
