"""EXIF reading: the README's facts from real photos, and damaged EXIF made by hand."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from server.photos import ExifInfo, read_exif
from server.photos import exif as exif_module

from .facts import DATETIME_FALLBACK, GPS, PHOTOS, parse_exif_time
from .helpers import (
    EXIF_IFD,
    GPS_IFD,
    LONG,
    ascii_tag,
    dms,
    jpeg_with_exif,
    rational_tag,
    short_tag,
    tiff,
)

MAKE, MODEL, ORIENTATION, DATETIME = 0x010F, 0x0110, 0x0112, 0x0132
DATETIME_ORIGINAL = 0x9003
LAT_REF, LAT, LON_REF, LON = 1, 2, 3, 4


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_every_shared_photo_reads_without_exception(read_photo, name):
    info = read_exif(read_photo(name))
    assert isinstance(info, ExifInfo)
    assert 1 <= info.orientation <= 8


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_gps_matches_readme(read_photo, name):
    info = read_exif(read_photo(name))
    if name in GPS:
        lat, lon = GPS[name]
        assert round(info.lat, 6) == lat
        assert round(info.lon, 6) == lon
    else:
        assert info.lat is None and info.lon is None


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_capture_time_matches_readme(read_photo, name):
    expected = parse_exif_time(PHOTOS[name][3]) or DATETIME_FALLBACK.get(name)
    assert read_exif(read_photo(name)).taken_at == expected


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_orientation_matches_readme(read_photo, name):
    assert read_exif(read_photo(name)).orientation == (PHOTOS[name][4] or 1)


def test_camera_fields_are_stripped(read_photo):
    info = read_exif(read_photo("36-memory_error.jpg"))
    assert (info.make, info.model) == ("CASIO COMPUTER CO.,LTD.", "EX-M2")
    iphone = read_exif(read_photo("iphone_13_pro_max.HEIC"))
    assert (iphone.make, iphone.model) == ("Apple", "iPhone 13 Pro Max")


def test_heic_falls_back_to_pillow_heif_when_exifread_fails(read_photo, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("exifread cannot read this")

    monkeypatch.setattr(exif_module.exifread, "process_file", broken)
    info = read_exif(read_photo("iphone_13_pro_max.HEIC"))
    assert info.taken_at == datetime(2022, 2, 16, 12, 55, 41)
    assert info.orientation == 6
    assert info.model == "iPhone 13 Pro Max"


def test_jpeg_falls_back_to_pillow_when_exifread_raises(read_photo, monkeypatch):
    monkeypatch.setattr(exif_module.exifread, "process_file", lambda *a, **k: 1 / 0)
    info = read_exif(read_photo("DSCN0010.jpg"))
    assert (round(info.lat, 6), round(info.lon, 6)) == GPS["DSCN0010.jpg"]
    assert info.taken_at == datetime(2008, 10, 22, 16, 28, 39)


def exif_info(ifd0=(), exif=None, gps=None) -> ExifInfo:
    """read_exif of a small JPEG carrying the given entries."""
    return read_exif(jpeg_with_exif(tiff(list(ifd0), exif, gps)))


def gps_entries(lat, lon, lat_ref="N", lon_ref="E"):
    """GPS IFD entries from rational lists."""
    return [
        ascii_tag(LAT_REF, lat_ref),
        rational_tag(LAT, lat),
        ascii_tag(LON_REF, lon_ref),
        rational_tag(LON, lon),
    ]


def test_handmade_exif_reads_back():
    info = exif_info(
        [ascii_tag(MAKE, "HUAWEI\0\0 "), ascii_tag(MODEL, "  P40  "), short_tag(ORIENTATION, 3)],
        [ascii_tag(DATETIME_ORIGINAL, "2025:11:28 09:15:00")],
        gps_entries(dms(34.396), dms(113.7398)),
    )
    assert (info.make, info.model, info.orientation) == ("HUAWEI", "P40", 3)
    assert info.taken_at == datetime(2025, 11, 28, 9, 15)
    assert math.isclose(info.lat, 34.396, abs_tol=1e-6)
    assert math.isclose(info.lon, 113.7398, abs_tol=1e-6)


def test_south_and_west_are_negative():
    info = exif_info(gps=gps_entries(dms(33.8688), dms(151.2093), "S", "W"))
    assert math.isclose(info.lat, -33.8688, abs_tol=1e-6)
    assert math.isclose(info.lon, -151.2093, abs_tol=1e-6)


@pytest.mark.parametrize(
    "gps",
    [
        gps_entries([(43, 1), (28, 0), (1, 1)], dms(11.8)),  # zero denominator
        gps_entries([(0, 0), (0, 0), (0, 0)], dms(11.8)),  # 0/0 everywhere
        gps_entries(dms(95.0), dms(11.8)),  # latitude beyond the pole
        gps_entries(dms(43.4), dms(200.0)),  # longitude beyond 180
        gps_entries(dms(43.4), dms(11.8), lat_ref="X"),  # garbage reference
        gps_entries([(43, 1), (75, 1), (0, 1)], dms(11.8)),  # 75 minutes
        gps_entries([(43, 1), (28, 1), (1, 1), (1, 1)], dms(11.8)),  # four parts
        gps_entries([(0, 1), (0, 1), (0, 1)], [(0, 1), (0, 1), (0, 1)]),  # no-fix 0,0
        [ascii_tag(LAT_REF, "N"), ascii_tag(LAT, "43.5"), rational_tag(LON, dms(11.8))],
        [rational_tag(LAT, dms(43.4))],  # latitude without longitude
        [
            rational_tag(LAT, [(-43, 1), (28, 1), (1, 1)], signed=True),  # negative SRATIONAL
            rational_tag(LON, dms(11.8)),
        ],
    ],
)
def test_absurd_gps_gives_no_position(gps):
    info = exif_info(gps=gps)
    assert info.lat is None and info.lon is None


@pytest.mark.parametrize(
    ("original", "fallback", "expected"),
    [
        ("2008:13:22 16:28:39", "2008:10:22 10:00:00", datetime(2008, 10, 22, 10, 0)),
        ("0000:00:00 00:00:00", None, None),
        ("0000:01:01 10:00:00", None, None),
        ("2008:02:30 10:00:00", None, None),
        ("2008:10:22 25:00:00", None, None),
        ("yesterday", None, None),
        ("", None, None),
        ("    :  :     :  :  ", None, None),
        ("-2008:10:22 16:28:39", None, None),
        (None, "2019:05:01 08:00:00", datetime(2019, 5, 1, 8, 0)),
        ("2008-10-22 16:28:39", None, datetime(2008, 10, 22, 16, 28, 39)),
    ],
)
def test_capture_time_is_checked(original, fallback, expected):
    ifd0 = [ascii_tag(DATETIME, fallback)] if fallback else []
    exif = [ascii_tag(DATETIME_ORIGINAL, original)] if original is not None else []
    assert exif_info(ifd0, exif).taken_at == expected


@pytest.mark.parametrize(
    "entry",
    [short_tag(ORIENTATION, 0), short_tag(ORIENTATION, 9), ascii_tag(ORIENTATION, "6")],
)
def test_bad_orientation_defaults_to_1(entry):
    assert exif_info([entry]).orientation == 1


def test_empty_and_control_text_is_none():
    info = exif_info([ascii_tag(MAKE, "   "), ascii_tag(MODEL, b"\x01\x02")])
    assert (info.make, info.model) == (None, None)


def test_pointers_out_of_the_file_and_huge_counts_do_not_raise():
    wild = [
        (EXIF_IFD, LONG, 1, b"\x7f\xff\xff\xff"),
        (GPS_IFD, LONG, 1, b"\xff\xff\xff\xf0"),
        (MAKE, 2, 0x7FFFFFFF, b"\0\0\0\x10"),
    ]
    data = jpeg_with_exif(b"MM\0*\0\0\0\x08" + _raw_ifd(wild))
    assert read_exif(data) == ExifInfo()


def _raw_ifd(entries) -> bytes:
    """An IFD whose entries are written exactly as given (no data area)."""
    import struct

    body = b"".join(struct.pack(">HHI", t, k, c) + v for t, k, c, v in sorted(entries))
    return struct.pack(">H", len(entries)) + body + b"\0\0\0\0"


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xd8\xff", b"not an image", b"\xff\xd8\xff\xe1\xff\xffExif\0\0MM\0*"],
)
def test_garbage_gives_empty_info(data):
    assert read_exif(data) == ExifInfo()


def test_exif_read_never_raises_on_corrupted_real_exif(read_photo):
    import random

    original = read_photo("DSCN0010.jpg")
    rng = random.Random(20251128)
    for _ in range(150):
        data = bytearray(original[:6000])
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(2, len(data))] = rng.randrange(256)
        info = read_exif(bytes(data))
        assert isinstance(info, ExifInfo)
        if info.lat is not None:
            assert -90 <= info.lat <= 90 and -180 <= info.lon <= 180


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_exif(read_photo, fmt):
    """exifread reads PNG eXIf; for WebP it finds nothing and Pillow's reader takes over."""
    import io

    from PIL import Image

    src = Image.open(io.BytesIO(read_photo("DSCN0010.jpg")))
    out = io.BytesIO()
    src.save(out, fmt, exif=src.getexif().tobytes())
    info = read_exif(out.getvalue())
    assert (round(info.lat, 6), round(info.lon, 6)) == GPS["DSCN0010.jpg"]
    assert info.taken_at == datetime(2008, 10, 22, 16, 28, 39)
