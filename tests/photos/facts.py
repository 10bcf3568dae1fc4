"""The facts of tests/data/photos/README.md, as data for the tests.

Stored size is the pixel size as Pillow opens the file (for HEIC, after pillow-heif
applied the container's rotation). Orientation is the EXIF tag as written.
"""

from __future__ import annotations

from datetime import datetime

# name: (bytes, stored (w, h), mime, DateTimeOriginal, Orientation tag or None)
PHOTOS = {
    "30-type_error.jpg": (300825, (3872, 2403), "image/jpeg", None, None),
    "36-memory_error.jpg": (865978, (1600, 1200), "image/jpeg", "2002:04:21 00:30:33", 1),
    "67-0_length_string.jpg": (162716, (4032, 2012), "image/jpeg", None, 1),
    "Canon_40D.jpg": (7958, (100, 68), "image/jpeg", "2008:05:30 15:56:01", 1),
    "DSCN0010.jpg": (161713, (640, 480), "image/jpeg", "2008:10:22 16:28:39", 1),
    "DSCN0012.jpg": (159137, (640, 480), "image/jpeg", "2008:10:22 16:29:49", 1),
    "DSCN0021.jpg": (157382, (640, 480), "image/jpeg", "2008:10:22 16:38:20", 1),
    "DSCN0025.jpg": (150301, (640, 480), "image/jpeg", "2008:10:22 16:43:21", 1),
    "image00971.jpg": (164210, (636, 227), "image/jpeg", None, None),
    "iphone_13_pro_max.HEIC": (2182707, (3024, 4032), "image/heic", "2022:02:16 12:55:41", 6),
    "jolla.jpg": (811904, (3264, 2448), "image/jpeg", "2014:09:21 16:00:56", 1),
    "landscape_1.jpg": (139435, (600, 450), "image/jpeg", None, 1),
    "landscape_6.jpg": (137628, (450, 600), "image/jpeg", None, 6),
    "no_exif.jpg": (182252, (322, 466), "image/jpeg", None, None),
    "portrait_6.jpg": (136257, (600, 450), "image/jpeg", None, 6),
    "portrait_8.jpg": (132543, (600, 450), "image/jpeg", None, 8),
}

GPS = {
    "DSCN0010.jpg": (43.467448, 11.885127),
    "DSCN0012.jpg": (43.467157, 11.885395),
    "DSCN0021.jpg": (43.467082, 11.884538),
    "DSCN0025.jpg": (43.468365, 11.881635),
    "67-0_length_string.jpg": (51.025, 7.591944),
}

# The image DateTime (last change) where there is no DateTimeOriginal: read_exif falls
# back to it, as the brief asks.
DATETIME_FALLBACK = {
    "30-type_error.jpg": datetime(2013, 7, 7, 17, 20, 59),
    "67-0_length_string.jpg": datetime(2016, 9, 12, 10, 5, 31),
}

# Upright (width, height) after orientation. JPEGs: stored size, swapped for tags 5..8.
# HEIC: pillow-heif already applied the file's rotation (irot), so the 3024x4032 it
# reports is upright (portrait; checked by eye) and the tag 6 must not be applied again.
UPRIGHT = {
    name: (size[1], size[0]) if (orient or 1) >= 5 and mime == "image/jpeg" else size
    for name, (_, size, mime, _, orient) in PHOTOS.items()
}


def parse_exif_time(text: str | None) -> datetime | None:
    """Turn 'YYYY:MM:DD HH:MM:SS' into a datetime."""
    return datetime.strptime(text, "%Y:%m:%d %H:%M:%S") if text else None
