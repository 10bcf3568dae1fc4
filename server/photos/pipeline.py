"""One call from upload bytes to everything the server stores about a photo.

Order: sniff -> size cap -> header check (pixel cap) -> one decode -> derivatives -> EXIF
-> pHash (on the thumbnail already in memory).
Nothing but PhotoError leaves `process()`: any other failure is reported as bad_image.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field

from .errors import PhotoError
from .exif import ExifInfo, read_exif
from .imaging import DISPLAY_SIZE, decode, render
from .phash import perceptual_hash
from .sniff import sniff

log = logging.getLogger(__name__)

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ProcessedPhoto:
    """The stored facts and derivatives of one accepted photo.

    `width`/`height` are upright. `partial` is True for a cut-short JPEG decoded as far
    as it goes (grey below); its derivatives and pHash show only what was there.
    """

    sha256: str
    mime: str
    size: int
    width: int
    height: int
    exif: ExifInfo
    phash: int
    derivatives: dict[str, bytes] = field(repr=False)
    partial: bool = False


def process(data: bytes, *, max_bytes: int, max_pixels: int) -> ProcessedPhoto:
    """Validate and process upload bytes; raise only PhotoError."""
    try:
        return _process(bytes(data), max_bytes, max_pixels)
    except PhotoError:
        raise
    except Exception as exc:  # a bug or an unexpected library error: still a clean 422
        log.exception("photo processing failed unexpectedly")
        raise PhotoError(
            "bad_image", "The image cannot be processed.", {"reason": type(exc).__name__}
        ) from exc


def _process(data: bytes, max_bytes: int, max_pixels: int) -> ProcessedPhoto:
    """Run the steps in order; see the module docstring."""
    mime = sniff(data)
    if len(data) > max_bytes:
        raise PhotoError(
            "too_large",
            "The photo is larger than the server accepts.",
            {"size": len(data), "max_bytes": max_bytes},
        )
    decoded = decode(data, mime, max_pixels=max_pixels, box=DISPLAY_SIZE)
    derivatives, thumb = render(decoded.image)
    return ProcessedPhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        mime=mime,
        size=len(data),
        width=decoded.width,
        height=decoded.height,
        exif=read_exif(data, mime),
        phash=perceptual_hash(thumb),
        derivatives=derivatives,
        partial=decoded.partial,
    )


def verify_hash(data: bytes, expected_hex: str) -> str:
    """Return the SHA-256 hex of data; raise hash_mismatch if it is not `expected_hex`."""
    actual = hashlib.sha256(data).hexdigest()
    expected = expected_hex.strip().lower() if isinstance(expected_hex, str) else ""
    if not _SHA256_RE.fullmatch(expected) or expected != actual:
        raise PhotoError(
            "hash_mismatch",
            "The photo's SHA-256 does not match the name it was sent under.",
            {"expected": str(expected_hex)[:80], "actual": actual},
        )
    return actual
