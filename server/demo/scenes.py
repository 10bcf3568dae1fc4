"""Distinct synthetic photos (coloured blocks) for the demo and for tests that need many."""

import io
import random

from PIL import Image, ImageDraw


def scene_jpeg(seed, size: tuple[int, int] = (640, 480), blocks: int = 12) -> bytes:
    """A JPEG of random coloured blocks; the same seed gives the same bytes."""
    rng = random.Random(seed)
    width, height = size
    img = Image.new("RGB", size, tuple(rng.randrange(40, 220) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(blocks):
        x, y = rng.randrange(width - 40), rng.randrange(height - 40)
        w, h = rng.randrange(10, width // 3), rng.randrange(10, height // 3)
        draw.rectangle([x, y, x + w, y + h], fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()
