"""Test images made from the shared real photos (no downloads)."""

import io
from pathlib import Path

from PIL import Image


def twelve_mp_jpeg(photos_dir: Path) -> bytes:
    """A 4000x3000 (12 MP) camera-like JPEG: jolla.jpg's scene, DSCN0010.jpg's EXIF (GPS)."""
    with Image.open(photos_dir / "DSCN0010.jpg") as camera:
        exif = camera.info["exif"]
    with Image.open(photos_dir / "jolla.jpg") as shot:
        scene = shot.convert("RGB").resize((4000, 3000), Image.LANCZOS)
    out = io.BytesIO()
    scene.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def first_app1(data: bytes) -> bytes | None:
    """The first APP1 segment of a JPEG if it holds EXIF (what exif.js must return)."""
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:
            return None
        length = (data[i + 2] << 8) | data[i + 3]
        if marker == 0xE1:
            seg = data[i:i + 2 + length]
            return seg if seg[4:10] == b"Exif\x00\x00" else None
        i += 2 + length
    return None
