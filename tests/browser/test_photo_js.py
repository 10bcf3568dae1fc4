"""Unit tests of pwa/js/capture/photo.js in the browser: resize to ≤ 2048 px JPEG with
the EXIF kept (GPS, time; Orientation 1 on upright pixels), SHA-256 of the upload,
and HEIC or undecodable files sent unchanged."""

import hashlib
import io

from PIL import Image, ImageOps

from server.photos.exif import read_exif
from tests.browser.images import twelve_mp_jpeg
from tests.browser.inpage import b64, unb64

PREPARE = """async (args) => {
  const m = await import('/js/capture/photo.js');
  const file = new File([b64in(args[0])], args[1], { type: args[2] });
  const p = await m.preparePhoto(file);
  return { ...p, data: b64out(new Uint8Array(p.data)) };
}"""


def prepare(page, data: bytes, name: str, mime: str = "image/jpeg") -> dict:
    """preparePhoto() on the bytes, with the output bytes back in `data`."""
    out = page.evaluate(PREPARE, [b64(data), name, mime])
    out["data"] = unb64(out["data"])
    return out


def test_small_jpeg_reencoded_with_gps(lab, photos_dir):
    src = (photos_dir / "DSCN0010.jpg").read_bytes()
    p = prepare(lab, src, "DSCN0010.jpg")
    assert p["resized"] and p["mime"] == "image/jpeg"
    assert p["sha"] == hashlib.sha256(p["data"]).hexdigest() and p["size"] == len(p["data"])
    assert (p["width"], p["height"]) == (640, 480)
    before, after = read_exif(src, "image/jpeg"), read_exif(p["data"], "image/jpeg")
    assert (after.lat, after.lon, after.taken_at) == (before.lat, before.lon, before.taken_at)
    assert after.orientation == 1


def test_rotated_photo_is_upright_with_orientation_1(lab, photos_dir):
    src = (photos_dir / "portrait_6.jpg").read_bytes()
    p = prepare(lab, src, "portrait_6.jpg")
    out = Image.open(io.BytesIO(p["data"]))
    with Image.open(io.BytesIO(src)) as original:
        expected = ImageOps.exif_transpose(original).convert("RGB")
    assert out.size == expected.size == (p["width"], p["height"])
    assert out.getexif().get(0x0112) == 1
    # Chrome colour-manages the embedded ICC profile and Pillow does not: compare shapes
    # (correlation of small greyscale copies), not absolute colours.
    upright = _correlation(out, expected)
    turned = _correlation(out, expected.rotate(180))
    assert upright > 0.95 and turned < 0.8, (upright, turned)


def _correlation(a, b) -> float:
    """Pearson correlation of two images' 45x60 greyscale copies."""
    xs = list(a.convert("L").resize((45, 60)).tobytes())
    ys = list(b.convert("L").resize((45, 60)).tobytes())
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs) ** 0.5
    vy = sum((y - my) ** 2 for y in ys) ** 0.5
    return cov / (vx * vy)


def test_twelve_megapixels_fit_the_budget(lab, photos_dir):
    src = twelve_mp_jpeg(photos_dir)
    p = prepare(lab, src, "IMG_12MP.jpg")
    assert max(p["width"], p["height"]) == 2048
    assert p["size"] <= 600 * 1024, p["size"]
    exif = read_exif(p["data"], "image/jpeg")
    assert exif.lat is not None and abs(exif.lat - 43.467448) < 1e-5


def test_heic_goes_unchanged(lab, photos_dir):
    src = (photos_dir / "iphone_13_pro_max.HEIC").read_bytes()
    p = prepare(lab, src, "IMG_0001.HEIC", "image/heic")
    assert not p["resized"] and p["mime"] == "image/heic"
    assert p["data"] == src and p["sha"] == hashlib.sha256(src).hexdigest()


def test_undecodable_file_goes_unchanged(lab, photos_dir):
    src = (photos_dir / "DSCN0010.jpg").read_bytes()[:3000] + b"\x00" * 100
    broken = b"\xff\xd8\xff\xe0" + b"\x13" * 5000
    for data in (src, broken):
        p = prepare(lab, data, "broken.jpg")
        if not p["resized"]:
            assert p["data"] == data and p["sha"] == hashlib.sha256(data).hexdigest()
    assert not prepare(lab, broken, "broken.jpg")["resized"]
