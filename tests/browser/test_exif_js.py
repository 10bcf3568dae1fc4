"""Unit tests of pwa/js/capture/exif.js, run in the browser: the APP1 copy, the
Orientation rewrite in both byte orders, and damaged input that must never throw."""

import io

import exifread
import pytest
from PIL import Image

from tests.browser.images import first_app1
from tests.browser.inpage import b64, unb64

JPEGS = ["DSCN0010.jpg", "portrait_6.jpg", "landscape_6.jpg", "portrait_8.jpg", "no_exif.jpg",
         "image00971.jpg", "Canon_40D.jpg", "30-type_error.jpg", "36-memory_error.jpg",
         "67-0_length_string.jpg"]
ORIENTATION = {"DSCN0010.jpg": 1, "portrait_6.jpg": 6, "landscape_6.jpg": 6,
               "portrait_8.jpg": 8, "36-memory_error.jpg": 1}


def run(page, expr, *args):
    """Evaluate an async body with the exif module as `x`."""
    return page.evaluate(f"async (args) => {{ const x = await import('/js/capture/exif.js'); "
                         f"{expr} }}", list(args))


@pytest.mark.parametrize("name", JPEGS)
def test_find_exif_is_the_first_app1(lab, photos_dir, name):
    data = (photos_dir / name).read_bytes()
    got = unb64(run(lab, "return b64out(x.findExif(b64in(args[0])));", b64(data)))
    assert got == first_app1(data)


@pytest.mark.parametrize("name", sorted(ORIENTATION))
def test_orientation_read_and_rewritten(lab, photos_dir, name):
    data = (photos_dir / name).read_bytes()
    before, after = run(lab, """
        const app1 = x.findExif(b64in(args[0]));
        return [x.readOrientation(app1), x.readOrientation(x.withOrientation(app1, 1))];
    """, b64(data))
    assert (before, after) == (ORIENTATION[name], 1)


def _canvas_jpeg(width=40, height=30) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["DSCN0010.jpg", "portrait_6.jpg"])
def test_replace_exif_keeps_gps_and_sets_upright(lab, photos_dir, name):
    data = (photos_dir / name).read_bytes()
    out = unb64(run(lab, """
        const app1 = x.withOrientation(x.findExif(b64in(args[0])), 1, {width: 40, height: 30});
        return b64out(x.replaceExif(b64in(args[1]), app1));
    """, b64(data), b64(_canvas_jpeg())))
    assert out[:4] == b"\xff\xd8\xff\xe1", "APP1 must follow SOI"
    assert b"JFIF" not in out[:200], "the canvas' APP0 is replaced"
    img = Image.open(io.BytesIO(out))
    img.load()
    assert img.size == (40, 30)
    assert img.getexif().get(0x0112) == 1
    new_tags = exifread.process_file(io.BytesIO(out), details=False)
    old_tags = exifread.process_file(io.BytesIO(data), details=False)
    for tag in ("GPS GPSLatitude", "GPS GPSLongitude", "EXIF DateTimeOriginal", "Image Make"):
        assert str(new_tags.get(tag)) == str(old_tags.get(tag)), tag
    if "EXIF ExifImageWidth" in new_tags:
        assert str(new_tags["EXIF ExifImageWidth"]) == "40"


def test_damaged_input_never_throws(lab, photos_dir):
    portrait = (photos_dir / "portrait_6.jpg").read_bytes()
    samples = [b"", b"\xff\xd8", b"\xff\xd8\xff\xe1\x00", portrait[:100], portrait[:2050],
               bytes(range(256)) * 8, b"\xff\xd8\xff\xe1\xff\xffExif\x00\x00MM\x00*" + b"\xff" * 40,
               b"\xff\xd8\xff\xe1\x00\x20Exif\x00\x00II*\x00\xf0\xff\xff\xff" + b"\x00" * 16]
    for sample in samples:
        result = run(lab, """
            const b = b64in(args[0]);
            const app1 = x.findExif(b);
            const o = app1 && x.readOrientation(app1);
            const w = app1 && x.withOrientation(app1, 1, {width: 1, height: 1});
            const fake = new Uint8Array([0xff, 0xe1, 0, 8, 69, 120, 105, 102, 0, 0]);
            const r = x.replaceExif(b, w || fake);
            return [app1 === null ? null : app1.length, o ?? null, r.length];
        """, b64(sample))
        assert isinstance(result, list) and len(result) == 3
