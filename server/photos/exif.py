"""Read the few EXIF facts the ledger needs (GPS, capture time, camera, orientation).

EXIF from real phones and cameras is often broken. Every field is read on its own and
anything unreadable or absurd becomes None (orientation: 1); reading never raises.
exifread is the main reader. Pillow (with pillow-heif for HEIC) is the fallback when
exifread raises, or finds nothing in a non-JPEG file. For JPEG an empty exifread answer
stands: it only reads the first APP1 segment, which is where cameras and phones write
EXIF; a later one is an editor's (e.g. Photoshop's save time in no_exif.jpg).
"""

from __future__ import annotations

import io
import logging
import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import exifread
from PIL import Image

from .heif import open_heif_exif
from .sniff import HEIC, HEIF, JPEG, PNG, WEBP, sniff

log = logging.getLogger(__name__)
# exifread logs a WARNING for every damaged IFD it meets; in uploads from the field that
# is routine, not an operator's concern. Our own fallbacks log at DEBUG.
logging.getLogger("exifread").setLevel(logging.ERROR)

_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
_DATETIME_RE = re.compile(r"(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_MAX_TEXT = 100

# Pillow tag ids -> exifread tag names, so both readers feed the same extraction.
_PIL_IFD0 = {
    0x010F: "Image Make",
    0x0110: "Image Model",
    0x0112: "Image Orientation",
    0x0132: "Image DateTime",
}
_PIL_EXIF_IFD = {0x9003: "EXIF DateTimeOriginal"}
_PIL_GPS_IFD = {
    1: "GPS GPSLatitudeRef",
    2: "GPS GPSLatitude",
    3: "GPS GPSLongitudeRef",
    4: "GPS GPSLongitude",
}


@dataclass(frozen=True)
class ExifInfo:
    """EXIF facts of one photo; None where absent or not believable.

    `orientation` is the tag as written. For HEIC/HEIF the decoder already applies the
    container's rotation, so callers must not rotate HEIC pixels by this value again.
    """

    lat: float | None = None
    lon: float | None = None
    taken_at: datetime | None = None
    make: str | None = None
    model: str | None = None
    orientation: int = 1


def read_exif(data: bytes, mime: str | None = None) -> ExifInfo:
    """Return the EXIF facts of an image; never raises."""
    try:
        mime = mime or _safe_sniff(data)
        tags = _exifread_tags(data)
        if tags is None or (not tags and mime != JPEG):
            tags = _pillow_tags(data, mime)
        return _info_from(tags or {})
    except Exception:  # broken metadata must never fail an upload
        log.warning("EXIF extraction failed", exc_info=True)
        return ExifInfo()


def _safe_sniff(data: bytes) -> str | None:
    """Return the sniffed MIME type, or None for unknown content."""
    try:
        return sniff(data)
    except Exception:
        return None


def _exifread_tags(data: bytes) -> dict[str, Any] | None:
    """Return exifread's tags as plain values, or None if exifread failed."""
    try:
        tags = exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False)
        return {name: getattr(tag, "values", tag) for name, tag in tags.items()}
    except Exception:  # exifread raises anything on hostile input
        log.debug("exifread failed", exc_info=True)
        return None


def _pillow_tags(data: bytes, mime: str | None) -> dict[str, Any] | None:
    """Return EXIF tags read with Pillow (pillow-heif for HEIC), or None."""
    try:
        if mime in (HEIC, HEIF):
            exif = open_heif_exif(data)
        elif mime in _PIL_FORMATS:
            with warnings.catch_warnings():  # bomb or corrupt-EXIF warnings must not escape
                warnings.simplefilter("ignore")
                with Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[mime]]) as img:
                    exif = img.getexif()
        else:
            return None
        if exif is None:
            return None
        tags: dict[str, Any] = {name: exif.get(tid) for tid, name in _PIL_IFD0.items()}
        for ifd_id, names in ((0x8769, _PIL_EXIF_IFD), (0x8825, _PIL_GPS_IFD)):
            ifd = exif.get_ifd(ifd_id)
            tags.update({name: ifd.get(tid) for tid, name in names.items()})
        return {k: v for k, v in tags.items() if v is not None}
    except Exception:
        log.debug("Pillow EXIF fallback failed", exc_info=True)
        return None


def _info_from(tags: Mapping[str, Any]) -> ExifInfo:
    """Build ExifInfo from a tag-name -> value mapping, field by field."""
    lat = _coordinate(tags, "GPS GPSLatitude", "GPS GPSLatitudeRef", "N", "S", 90.0)
    lon = _coordinate(tags, "GPS GPSLongitude", "GPS GPSLongitudeRef", "E", "W", 180.0)
    if lat is None or lon is None or (lat == 0.0 and lon == 0.0):
        lat = lon = None  # half a position is no position; 0,0 is a "no fix" default
    taken_at = _field(_datetime, tags.get("EXIF DateTimeOriginal"))
    if taken_at is None:
        taken_at = _field(_datetime, tags.get("Image DateTime"))
    return ExifInfo(
        lat=lat,
        lon=lon,
        taken_at=taken_at,
        make=_field(_text, tags.get("Image Make")),
        model=_field(_text, tags.get("Image Model")),
        orientation=_field(_orientation, tags.get("Image Orientation")) or 1,
    )


def _field(parse, value: Any) -> Any:
    """Apply one field parser, turning any failure into None."""
    if value is None:
        return None
    try:
        return parse(value)
    except Exception:
        return None


def _first(value: Any) -> Any:
    """Return the single value of a one-element list, else the value itself."""
    if isinstance(value, list | tuple):
        return value[0] if len(value) == 1 else None
    return value


def _text(value: Any) -> str | None:
    """Return printable, stripped text, or None."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = "".join(ch for ch in value if ch.isprintable() and ch != "\ufffd").strip()
    if not any(ch.isalnum() for ch in cleaned):
        return None  # empty, or only the punctuation left of undecodable bytes
    return cleaned[:_MAX_TEXT]


def _orientation(value: Any) -> int | None:
    """Return the Orientation tag if it is one of 1..8, else None."""
    value = _first(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= 8 else None


def _datetime(value: Any) -> datetime | None:
    """Parse an EXIF 'YYYY:MM:DD HH:MM:SS' into a naive datetime, or None."""
    text = _text(value)
    match = _DATETIME_RE.fullmatch(text.strip("\x00 ")) if text else None
    if not match:
        return None
    parts = [int(p) for p in match.groups()]
    if not _MIN_YEAR <= parts[0] <= _MAX_YEAR:
        return None
    return datetime(*parts)  # raises for month 13, day 0, hour 25: caught by _field


def _number(value: Any) -> float | None:
    """Return a finite float from an int, float or ratio, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif hasattr(value, "numerator") and hasattr(value, "denominator"):
        num, den = value.numerator, value.denominator
        if not isinstance(num, int) or not isinstance(den, int) or den == 0:
            return None
        number = num / den
    else:
        return None
    return number if math.isfinite(number) else None


def _coordinate(
    tags: Mapping[str, Any], key: str, ref_key: str, pos: str, neg: str, limit: float
) -> float | None:
    """Return a signed decimal coordinate from degrees/minutes/seconds, or None."""
    return _field(lambda v: _dms(v, tags.get(ref_key), pos, neg, limit), tags.get(key))


def _dms(value: Any, ref: Any, pos: str, neg: str, limit: float) -> float | None:
    """Convert a 1..3 part DMS value and its N/S or E/W reference."""
    parts = list(value) if isinstance(value, list | tuple) else [value]
    if not 1 <= len(parts) <= 3:
        return None
    numbers = [_number(p) for p in parts]
    if any(n is None or n < 0 for n in numbers):
        return None
    numbers += [0.0] * (3 - len(numbers))
    degrees, minutes, seconds = numbers
    if minutes > 60 or seconds > 60:
        return None
    decimal = degrees + minutes / 60.0 + seconds / 3600.0
    if decimal > limit:
        return None
    sign = _ref_sign(ref, pos, neg)
    return None if sign is None else sign * decimal


def _ref_sign(ref: Any, pos: str, neg: str) -> int | None:
    """Return +1/-1 for a GPS reference letter; missing means +1, garbage None."""
    text = _text(_first(ref)) if ref is not None else None
    if text is None:
        return 1
    letter = text.upper()
    if letter == pos:
        return 1
    if letter == neg:
        return -1
    return None
