"""Decoding and derivatives: upright, bounded, metadata-free, and safe on hostile input."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, ImageFile

from server.photos import PhotoError, derivatives, hamming, inspect, perceptual_hash
from server.photos.imaging import decode

from .facts import PHOTOS, UPRIGHT
from .helpers import jpeg_bytes, jpeg_markers, png_bomb, png_bytes, set_jpeg_size

MAX_PIXELS = 50_000_000
APP0, APP1, APP2, APP13, COM, SOF0, SOF2 = 0xE0, 0xE1, 0xE2, 0xED, 0xFE, 0xC0, 0xC2


def open_jpeg(data: bytes) -> Image.Image:
    """Open derivative bytes, checking they are a JPEG."""
    img = Image.open(io.BytesIO(data))
    assert img.format == "JPEG"
    return img


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_inspect_gives_upright_size(read_photo, name):
    assert inspect(read_photo(name), PHOTOS[name][2], MAX_PIXELS) == UPRIGHT[name]


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_derivatives_are_bounded_upright_and_bare(read_photo, name):
    result = derivatives(read_photo(name), PHOTOS[name][2])
    assert set(result) == {"thumb", "display"}
    width, height = UPRIGHT[name]
    for variant, limit in (("thumb", 320), ("display", 1600)):
        img = open_jpeg(result[variant])
        assert max(img.size) <= limit
        assert max(img.size) == min(limit, max(width, height))  # no upscaling, no waste
        assert (img.width > img.height) == (width > height)
        assert abs(img.width / img.height - width / height) < 0.02
        assert img.mode == "RGB"
        markers = jpeg_markers(result[variant])
        assert SOF2 in markers and SOF0 not in markers  # progressive
        assert not {APP1, APP2, APP13, COM} & set(markers)  # no EXIF, XMP, ICC, IPTC
        assert not img.getexif()
        assert not {"exif", "icc_profile", "xmp", "photoshop"} & set(img.info)


@pytest.mark.parametrize(
    ("name", "portrait"),
    [
        ("landscape_6.jpg", False),
        ("portrait_6.jpg", True),
        ("portrait_8.jpg", True),
        ("iphone_13_pro_max.HEIC", True),  # pillow-heif applies the rotation itself
        ("landscape_1.jpg", False),
    ],
)
def test_rotated_photos_come_out_upright(read_photo, name, portrait):
    img = open_jpeg(derivatives(read_photo(name), PHOTOS[name][2])["display"])
    assert (img.height > img.width) == portrait


@pytest.mark.parametrize(
    ("reference", "rotated"),
    [("landscape_1.jpg", "landscape_6.jpg"), ("portrait_6.jpg", "portrait_8.jpg")],
)
def test_rotated_storage_gives_the_same_picture(read_photo, reference, rotated):
    """landscape_1/_6 and portrait_6/_8 are one scene stored differently: equal upright."""
    a = derivatives(read_photo(reference), "image/jpeg")["display"]
    b = derivatives(read_photo(rotated), "image/jpeg")["display"]
    assert hamming(perceptual_hash(a), perceptual_hash(b)) <= 4
    flipped = open_jpeg(b).transpose(Image.Transpose.ROTATE_180)
    assert hamming(perceptual_hash(a), perceptual_hash(flipped)) > 16


def test_small_images_are_not_upscaled(read_photo):
    result = derivatives(read_photo("Canon_40D.jpg"), "image/jpeg")
    assert open_jpeg(result["thumb"]).size == (100, 68)
    assert open_jpeg(result["display"]).size == (100, 68)


def test_large_jpeg_is_decoded_in_draft_mode(monkeypatch):
    big = jpeg_bytes(Image.linear_gradient("L").convert("RGB").resize((4000, 3000)), quality=90)
    allocated: list[tuple[int, int]] = []
    original = ImageFile.ImageFile.load_prepare

    def spy(self):
        allocated.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load_prepare", spy)
    result = derivatives(big, "image/jpeg")
    assert allocated == [(2000, 1500)]  # DCT-scaled by 1/2, never 4000x3000
    assert open_jpeg(result["display"]).size == (1600, 1200)


def test_png_alpha_goes_on_white():
    img = Image.new("RGBA", (200, 100), (255, 0, 0, 255))
    img.paste((0, 0, 0, 0), (100, 0, 200, 100))  # right half fully transparent black
    display = open_jpeg(derivatives(png_bytes(img), "image/png")["display"]).convert("RGB")
    left, right = display.getpixel((50, 50)), display.getpixel((150, 50))
    assert left[0] > 230 and left[1] < 30
    assert min(right) > 245


def test_palette_transparency_goes_on_white():
    img = Image.new("P", (64, 64), 0)
    img.putpalette([0, 0, 0, 0, 0, 255])
    img.info["transparency"] = 0
    display = open_jpeg(derivatives(png_bytes(img), "image/png")["display"])
    assert min(display.getpixel((10, 10))) > 245


@pytest.mark.parametrize("mode", ["L", "LA", "I;16", "CMYK", "1"])
def test_other_modes_become_rgb(mode):
    img = Image.new(mode, (120, 80))
    data = jpeg_bytes(img) if mode == "CMYK" else png_bytes(img)
    mime = "image/jpeg" if mode == "CMYK" else "image/png"
    assert open_jpeg(derivatives(data, mime)["thumb"]).mode == "RGB"


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_webp_and_png_orientation_is_applied(fmt):
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 10)).save(out, fmt, exif=exif)
    mime = "image/webp" if fmt == "WEBP" else "image/png"
    assert inspect(out.getvalue(), mime, MAX_PIXELS) == (200, 300)
    assert open_jpeg(derivatives(out.getvalue(), mime)["thumb"]).size == (200, 300)


def test_truncated_header_is_bad_image(read_photo):
    with pytest.raises(PhotoError) as caught:
        derivatives(read_photo("DSCN0010.jpg")[:1000], "image/jpeg")
    assert caught.value.code == "bad_image"


def test_truncated_scan_is_decoded_as_far_as_it_goes(read_photo):
    data = read_photo("DSCN0010.jpg")
    decoded = decode(data[: len(data) // 2], "image/jpeg", max_pixels=MAX_PIXELS, box=1600)
    assert decoded.partial
    assert decoded.image.size == (640, 480)
    assert not decode(data, "image/jpeg", max_pixels=MAX_PIXELS, box=1600).partial


def test_png_decompression_bomb_is_refused_before_decoding():
    start = time.perf_counter()
    with pytest.raises(PhotoError) as caught:
        derivatives(png_bomb(50000, 50000), "image/png", max_pixels=MAX_PIXELS)
    assert caught.value.code == "bad_image"
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("size", [(10000, 10000), (9000, 6000)])
def test_pixel_cap_is_checked_from_the_header(size):
    """Above max_pixels (and the second one also below Pillow's own bomb warning)."""
    with pytest.raises(PhotoError) as caught:
        inspect(png_bomb(*size), "image/png", max_pixels=50_000_000)
    assert caught.value.code == "bad_image"
    assert caught.value.details["max_pixels"] == 50_000_000


def test_jpeg_header_lying_about_its_size_is_refused(read_photo):
    data = set_jpeg_size(read_photo("DSCN0010.jpg"), 65000, 65000)
    with pytest.raises(PhotoError) as caught:
        derivatives(data, "image/jpeg", max_pixels=MAX_PIXELS)
    assert caught.value.code == "bad_image"


def test_heic_cut_in_the_header_is_bad_image(read_photo):
    with pytest.raises(PhotoError) as caught:
        derivatives(read_photo("iphone_13_pro_max.HEIC")[:20_000], "image/heic")
    assert caught.value.code == "bad_image"


@pytest.mark.parametrize("keep", [100_000, 2_000_000])
def test_heic_cut_in_the_tiles_is_partial(read_photo, keep):
    """libheif decodes the tiles that arrived; the result is marked partial."""
    data = read_photo("iphone_13_pro_max.HEIC")
    decoded = decode(data[:keep], "image/heic", max_pixels=MAX_PIXELS, box=320)
    assert decoded.partial and decoded.image.size == (240, 320)
    assert not decode(data, "image/heic", max_pixels=MAX_PIXELS, box=320).partial


def test_wide_gamut_profile_is_converted_to_srgb_then_dropped(read_photo):
    """A Display P3 photo (the iPhone's profile) keeps its colours without its ICC."""
    from server.photos.heif import ensure_heif_opener

    ensure_heif_opener()
    p3 = Image.open(io.BytesIO(read_photo("iphone_13_pro_max.HEIC"))).info["icc_profile"]
    data = jpeg_bytes(Image.new("RGB", (64, 64), (200, 100, 50)), quality=95, icc_profile=p3)
    display = open_jpeg(derivatives(data, "image/jpeg")["display"])
    assert "icc_profile" not in display.info
    red, green, blue = display.getpixel((32, 32))
    assert red > 210 and blue < 45  # P3 orange is more saturated than sRGB (200, 100, 50)
